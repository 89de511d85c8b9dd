//! The stock's records as the store reads them and the use cases answer with them.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use super::catalogue::ComponentClass;
use super::compatibility::AboRhD;
use super::events::{EventKind, UnitStatus};
use super::request::ClinicalRequest;

/// One delivery from a blood establishment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Consignment {
    pub id: Uuid,
    pub facility_id: Uuid,
    pub supplier: String,
    pub number: String,
    pub arrived_at: DateTime<Utc>,
    /// Tenths of a degree Celsius.
    pub temperature_x10: Option<i64>,
    pub received_by: Uuid,
    pub received_by_name: String,
    pub created_at: DateTime<Utc>,
}

/// A unit's label facts (never change once received).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unit {
    pub id: Uuid,
    pub facility_id: Uuid,
    pub consignment_id: Uuid,
    pub din: String,
    pub product_code: String,
    pub component: ComponentClass,
    pub group: AboRhD,
    /// The label's local (Kyiv) expiry.
    pub expires_at: NaiveDateTime,
    pub created_at: DateTime<Utc>,
}

/// A unit with where it stands now (from the on-hand table; `None` once transfused or discarded).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitState {
    pub unit: Unit,
    pub status: Option<UnitStatus>,
    pub equipment_id: Option<Uuid>,
}

/// One entry of the append-only log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StockEvent {
    pub seq: i64,
    pub id: Uuid,
    pub unit_id: Uuid,
    pub kind: EventKind,
    pub status_after: UnitStatus,
    pub at: DateTime<Utc>,
    pub actor_id: Option<Uuid>,
    pub actor_name: String,
    pub equipment_id: Option<Uuid>,
    pub request_id: Option<Uuid>,
    pub taken_by: Option<String>,
    pub reason_code: Option<String>,
    pub reason_text: Option<String>,
    pub exception_reason: Option<String>,
    pub exception_decided_by: Option<Uuid>,
}

/// An event to append (the store assigns `seq`, `id`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewEvent {
    pub equipment_id: Option<Uuid>,
    pub request_id: Option<Uuid>,
    pub taken_by: Option<String>,
    pub reason_code: Option<String>,
    pub reason_text: Option<String>,
    pub exception_reason: Option<String>,
    pub exception_decided_by: Option<Uuid>,
}

/// A stored clinical request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequestRecord {
    pub id: Uuid,
    pub facility_id: Uuid,
    pub ward_department_id: Uuid,
    pub doctor_employee_id: Uuid,
    pub request: ClinicalRequest,
    pub status: String,
    pub created_at: DateTime<Utc>,
}

/// A haemovigilance report as the national operator reads it: no patient.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportRecord {
    pub id: Uuid,
    pub facility_id: Uuid,
    pub facility_name: String,
    pub donation: String,
    pub product_code: String,
    pub supplier: String,
    pub component: ComponentClass,
    pub reaction_type: String,
    pub severity: String,
    pub description: String,
    pub created_at: DateTime<Utc>,
}

/// A row of a CSV journal: the event with its unit and, for issues, the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalRow {
    pub event: StockEvent,
    pub unit: Unit,
    pub supplier: String,
    pub consignment_number: String,
}
