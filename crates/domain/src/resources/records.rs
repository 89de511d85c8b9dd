//! Workplaces and equipment as stored.

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use super::{EquipmentStatus, InventoryNumber, Tenths};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkplaceData {
    pub name: String,
    pub room: Option<String>,
    pub inventory_number: InventoryNumber,
    /// Employees of the same facility, in the order given, without repeats.
    pub employee_ids: Vec<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workplace {
    pub id: Uuid,
    pub facility_id: Uuid,
    pub department_id: Uuid,
    pub data: WorkplaceData,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EquipmentData {
    /// A code of `ekrov_domain::EquipmentKind`.
    pub kind: String,
    pub name: String,
    pub manufacturer: String,
    pub model: String,
    pub serial_number: String,
    pub inventory_number: InventoryNumber,
    pub year_made: Option<i64>,
    pub in_service_on: Option<NaiveDate>,
    pub temp_min: Tenths,
    pub temp_max: Tenths,
    pub status: EquipmentStatus,
    pub status_reason: Option<String>,
    pub last_check_on: Option<NaiveDate>,
    pub next_check_on: Option<NaiveDate>,
    /// A workplace of the same department, when the unit stands at one.
    pub workplace_id: Option<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Equipment {
    pub id: Uuid,
    pub facility_id: Uuid,
    pub department_id: Uuid,
    pub data: EquipmentData,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}
