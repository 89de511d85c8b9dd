//! The blood bank's stock (issue 12): the catalogue, consignments, units with their append-only
//! event log and the on-hand table kept beside it, requests, outcomes, haemovigilance reports.

pub mod products;
pub mod requests;
pub mod units;

use chrono::NaiveDateTime;

use crate::StoreError;

/// The stored form of a label's local expiry: text order is time order.
pub fn local(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M").to_string()
}

pub(crate) fn parse_local(s: &str) -> Result<NaiveDateTime, StoreError> {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M")
        .map_err(|_| StoreError::Corrupt(format!("local time {s:?}")))
}

pub(crate) fn corrupt<T>(what: &str, v: &str) -> impl FnOnce(T) -> StoreError + use<T> {
    let m = format!("{what} {v:?}");
    move |_| StoreError::Corrupt(m)
}
