//! Assignments: an employee in a position, with the role sets that give the permissions.

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssignmentStatus {
    Invited,
    Active,
    Ended,
}

impl AssignmentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AssignmentStatus::Invited => "invited",
            AssignmentStatus::Active => "active",
            AssignmentStatus::Ended => "ended",
        }
    }
    pub fn parse(s: &str) -> Option<AssignmentStatus> {
        match s {
            "invited" => Some(AssignmentStatus::Invited),
            "active" => Some(AssignmentStatus::Active),
            "ended" => Some(AssignmentStatus::Ended),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssignmentData {
    pub employee_id: Uuid,
    pub role_ids: Vec<Uuid>,
    pub start_date: NaiveDate,
    pub order_number: String,
    pub order_date: NaiveDate,
    /// `primary`, `secondary` or `acting` (ekrov_domain::AssignmentKind).
    pub kind: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub id: Uuid,
    pub facility_id: Uuid,
    pub position_id: Uuid,
    pub data: AssignmentData,
    pub status: AssignmentStatus,
    pub created_at: DateTime<Utc>,
    pub activated_at: Option<DateTime<Utc>>,
    pub ended_at: Option<DateTime<Utc>>,
}

/// An active position held: (assignment id, position id, title, department id, department name, kind).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held {
    pub assignment_id: Uuid,
    pub position_id: Uuid,
    pub title: String,
    pub department_id: Uuid,
    pub department_name: String,
    pub kind: String,
}
