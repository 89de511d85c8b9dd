//! Registration: the facilities' applications received by the national operator, the facilities
//! registered from them, and the days off the operator declares for the deadline's calendar.

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use crate::{Edrpou, Email, Phone, Region, Rnokpp};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApplicationStatus {
    Received,
    Registered,
    Rejected,
}

impl ApplicationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ApplicationStatus::Received => "received",
            ApplicationStatus::Registered => "registered",
            ApplicationStatus::Rejected => "rejected",
        }
    }
    pub fn parse(s: &str) -> Option<ApplicationStatus> {
        match s {
            "received" => Some(ApplicationStatus::Received),
            "registered" => Some(ApplicationStatus::Registered),
            "rejected" => Some(ApplicationStatus::Rejected),
            _ => None,
        }
    }
}

/// The facility's administrator as named in the application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminPerson {
    pub surname: String,
    pub given_name: String,
    pub patronymic: Option<String>,
    pub rnokpp: Rnokpp,
    pub email: Email,
    pub phone: Phone,
}

/// What the application says about the facility (also what a facility is registered with).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacilityData {
    pub edrpou: Edrpou,
    pub full_name: String,
    pub short_name: String,
    pub name_en: String,
    pub address: String,
    pub region: Region,
    pub head_name: String,
    pub chief_accountant_name: String,
    pub provides_transfusion: bool,
    pub admin: AdminPerson,
}

#[derive(Debug, Clone)]
pub struct Application {
    pub id: Uuid,
    pub data: FacilityData,
    pub received_on: NaiveDate,
    pub due_on: NaiveDate,
    pub status: ApplicationStatus,
    pub reject_reason: Option<String>,
    pub facility_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub struct Facility {
    pub id: Uuid,
    pub data: FacilityData,
    pub application_id: Uuid,
    /// Set once the administrator has logged in through the first-login link.
    pub admin_account_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct DayOff {
    pub day: NaiveDate,
    pub reason: String,
}
