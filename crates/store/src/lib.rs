//! Persistence for ekrov: one code path over SQLite and PostgreSQL.
//!
//! [`Db`] hides which backend runs; the modules below hold the queries, one function per thing
//! the application needs, each written once. Writes happen inside a [`Tx`], so a change, its
//! audit row and the letters it causes commit together or not at all.

mod db;
mod error;
mod migrate;
pub mod on;

pub mod access;
pub mod administration;
pub mod audit;
pub mod mail;
pub mod onboarding;
pub mod registration;
pub mod resources;
pub mod stock;

#[cfg(feature = "testing")]
pub use db::testing;
pub use db::{Arg, Backend, Checkpoint, Db, Row, Tx};
pub use error::StoreError;
pub use migrate::{known_versions, migrate};

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// The stored form of an instant: RFC 3339 UTC with microseconds, so text order is time order.
pub fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// The stored form of a date.
pub fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Tokens are kept only as their SHA-256, so a copy of the database opens no door.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Finish a list query with its keyset page: rows after the cursor `(created_at, id)` of the
/// previous page's last row, in (created_at, id) order — newest first or oldest first — and the limit.
pub fn keyset_page(
    sql: &mut String,
    args: &mut Vec<Arg>,
    after: Option<&(String, Uuid)>,
    newest_first: bool,
    limit: i64,
) {
    let (cmp, dir) = if newest_first {
        ('<', " DESC")
    } else {
        ('>', "")
    };
    if let Some((at, id)) = after {
        args.push(at.clone().into());
        args.push(id.to_string().into());
        let (a, i) = (args.len() - 1, args.len());
        sql.push_str(&format!(
            " AND (created_at {cmp} ${a} OR (created_at = ${a} AND id {cmp} ${i}))"
        ));
    }
    args.push(limit.into());
    sql.push_str(&format!(
        " ORDER BY created_at{dir}, id{dir} LIMIT ${}",
        args.len()
    ));
}

pub fn new_id() -> Uuid {
    Uuid::new_v4()
}

impl Row {
    pub fn uuid(&self, col: &str) -> Result<Uuid, StoreError> {
        self.parse(col)
    }
    pub fn opt_uuid(&self, col: &str) -> Result<Option<Uuid>, StoreError> {
        self.opt_parse(col)
    }
    pub fn instant(&self, col: &str) -> Result<DateTime<Utc>, StoreError> {
        self.parse(col)
    }
    pub fn opt_instant(&self, col: &str) -> Result<Option<DateTime<Utc>>, StoreError> {
        self.opt_parse(col)
    }
    pub fn date(&self, col: &str) -> Result<NaiveDate, StoreError> {
        self.parse(col)
    }
}
