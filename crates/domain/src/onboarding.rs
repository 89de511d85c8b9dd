//! Onboarding: what a facility has set up so far, for its checklist and the national view.

use chrono::{DateTime, Utc};
use uuid::Uuid;

/// What a facility has set up so far. "ЛБК" is any department of type
/// `logistics_inventory_center`; equipment counts only while not decommissioned.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    pub first_login: bool,
    pub roles: i64,
    pub employees: i64,
    pub blood_bank_departments: i64,
    pub blood_bank_positions: i64,
    pub blood_bank_assignments: i64,
    pub blood_bank_active: i64,
    pub blood_bank_workplaces: i64,
    pub refrigerators: i64,
    pub freezers: i64,
    pub agitators: i64,
    /// Invitations not yet accepted whose link still works / has expired.
    pub invitations_pending: i64,
    pub invitations_expired: i64,
}

/// An invitation waiting for its employee, for the administrator's checklist.
#[derive(Debug, Clone)]
pub struct OpenInvitation {
    pub assignment_id: Uuid,
    pub employee_name: String,
    pub position_title: String,
    pub expires_at: DateTime<Utc>,
}

impl OpenInvitation {
    /// Past its expiry: the administrator issues a new one.
    pub fn expired(&self, now: DateTime<Utc>) -> bool {
        self.expires_at <= now
    }
    /// Whole minutes left, 0 once expired.
    pub fn minutes_left(&self, now: DateTime<Utc>) -> i64 {
        (self.expires_at - now).num_minutes().max(0)
    }
}
