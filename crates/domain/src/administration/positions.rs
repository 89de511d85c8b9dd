//! Positions (посади) of a department.

use chrono::{DateTime, Utc};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PositionData {
    pub title: String,
    /// ДК 003:2010 code.
    pub classifier_code: String,
    /// Staff units (ставки) in hundredths: 100 = one.
    pub staff_units_x100: i64,
    pub is_head: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    pub id: Uuid,
    pub facility_id: Uuid,
    pub department_id: Uuid,
    pub data: PositionData,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}
