//! The blood bank's stock (issue 12): the catalogue, receipt by scan, the stock list, requests and
//! the proposal, issue, return, discard, transfusion outcome, traceability and the journals.
//!
//! The rules are `ekrov_domain::stock`'s; this module loads what they need, applies them, and
//! writes each event with its on-hand row and its audit row in one transaction.

mod catalogue;
mod movement;
mod receipt;
mod reports;
mod requests;

pub use movement::{IssueInput, Outcome};
pub use receipt::{ConsignmentInput, LabelInput, ReceiptInput};
pub use reports::{Journal, Listed, StockQuery, Trace, TraceEntry};
pub use requests::{ProposalView, RequestInput};

use chrono::{DateTime, NaiveDateTime, Utc};
use ekrov_domain::stock::{
    EventKind, UnitStatus,
    events::{TransitionError, transition},
    fefo::is_expired,
    records::{NewEvent, UnitState},
};
use ekrov_store::{Tx, stock::units};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::{
    App, AppError, AppResult,
    audit::record,
    clock::kyiv_local,
    facility::{FacilityActor, Grant},
};

impl App {
    /// Now on the Kyiv wall clock, as labels' expiry dates are written.
    pub fn local_now(&self) -> NaiveDateTime {
        kyiv_local(self.now())
    }
}

/// A unit as a JSON audit value.
fn unit_json(s: &UnitState) -> Value {
    json!({"din": s.unit.din, "product_code": s.unit.product_code, "abo_rhd": s.unit.group.code(),
        "status": s.status.map(UnitStatus::code), "equipment_id": s.equipment_id})
}

/// The unit, locked to this facility (404 otherwise).
async fn unit_of<G: Grant>(
    tx: &mut Tx,
    a: &FacilityActor<'_, G>,
    id: Uuid,
) -> AppResult<UnitState> {
    units::get(tx, a.facility_id(), id)
        .await?
        .ok_or(AppError::NotFound("одиницю"))
}

fn status_error(e: TransitionError) -> AppError {
    AppError::conflict(e.code(), e.to_string())
}

/// The status a unit's event leads to (409 `unit_status` when the machine refuses). An available
/// unit past its expiry counts as expired: it only waits to be discarded.
fn next_status(s: &UnitState, kind: EventKind, local_now: NaiveDateTime) -> AppResult<UnitStatus> {
    let mut from = s.status;
    if from == Some(UnitStatus::Available) && is_expired(s.unit.expires_at, local_now) {
        from = Some(UnitStatus::Expired);
    }
    if from.is_none() {
        // Transfused or discarded: the log's last word.
        return Err(AppError::conflict(
            "unit_status",
            "Одиниця вже перелита або знищена: дія неможлива",
        ));
    }
    transition(from, kind).map_err(status_error)
}

/// Append one event with its audit row in the caller's transaction.
#[allow(clippy::too_many_arguments)]
async fn write_event<G: Grant>(
    tx: &mut Tx,
    a: &FacilityActor<'_, G>,
    before: &UnitState,
    kind: EventKind,
    to: UnitStatus,
    e: NewEvent,
    equipment_after: Option<Uuid>,
    now: DateTime<Utc>,
) -> AppResult<UnitState> {
    let event_id = units::append(
        tx,
        &before.unit,
        kind,
        to,
        &a.audit_actor(),
        &e,
        equipment_after,
        now,
    )
    .await?;
    let after = UnitState {
        unit: before.unit.clone(),
        status: Some(to),
        equipment_id: equipment_after,
    };
    let mut after_json = unit_json(&after);
    after_json["event_id"] = json!(event_id);
    after_json["request_id"] = json!(e.request_id);
    after_json["reason"] = json!(e.reason_code);
    after_json["exception_reason"] = json!(e.exception_reason);
    let action = match kind {
        EventKind::Received => "unit.receive",
        EventKind::Issued => "unit.issue",
        EventKind::Returned => "unit.return",
        EventKind::Discarded => "unit.discard",
        EventKind::Transfused => "unit.transfuse",
        EventKind::Moved => "unit.move",
        EventKind::Quarantined => "unit.quarantine",
        EventKind::Released => "unit.release",
        EventKind::Expired => "unit.expire",
    };
    let before_json = (kind != EventKind::Received).then(|| unit_json(before));
    record(
        tx,
        a,
        action,
        "unit",
        before.unit.id,
        before_json,
        Some(after_json),
        now,
    )
    .await?;
    Ok(after)
}
