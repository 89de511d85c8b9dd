//! Registration: the facilities' applications received by the national operator, the facilities
//! registered from them, and the days off the operator declares for the deadline's calendar.

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use crate::fields::{FieldError, Fields};
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

/// The longest free text of an application, in characters.
pub const MAX_APPLICATION_TEXT: usize = 500;

/// An application as the operator types it in (a JSON body or a form).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
pub struct NewApplication {
    pub edrpou: String,
    pub full_name: String,
    pub short_name: String,
    pub name_en: String,
    pub address: String,
    pub region: String,
    pub head_name: String,
    pub chief_accountant_name: String,
    pub provides_transfusion: bool,
    pub received_on: String,
    pub admin: NewAdmin,
}

/// The facility's administrator as the application names them.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
pub struct NewAdmin {
    pub surname: String,
    pub given_name: String,
    pub patronymic: Option<String>,
    pub rnokpp: String,
    pub email: String,
    pub phone: String,
}

/// An application is received on a day that has come: not after `today`.
pub fn check_received_on(received_on: NaiveDate, today: NaiveDate) -> Result<(), FieldError> {
    if received_on > today {
        return Err(FieldError::new(
            "received_on",
            "date_in_future",
            "Дата отримання заяви не може бути пізнішою за сьогодні",
        ));
    }
    Ok(())
}

impl NewApplication {
    /// Every field's error at once; `today` bounds the day received.
    pub fn parse(&self, today: NaiveDate) -> Result<(FacilityData, NaiveDate), Vec<FieldError>> {
        let mut f = Fields::new();
        let max = MAX_APPLICATION_TEXT;
        let full_name = f.text("full_name", &self.full_name, max);
        let short_name = f.text("short_name", &self.short_name, max);
        let name_en = f.text("name_en", &self.name_en, max);
        let address = f.text("address", &self.address, max);
        let head_name = f.text("head_name", &self.head_name, max);
        let chief_accountant_name =
            f.text("chief_accountant_name", &self.chief_accountant_name, max);
        let a = &self.admin;
        let surname = f.text("admin.surname", &a.surname, max);
        let given_name = f.text("admin.given_name", &a.given_name, max);
        // Unbounded before the rules moved here; kept so.
        let patronymic = f.optional_text("admin.patronymic", a.patronymic.as_deref(), usize::MAX);
        let edrpou = f.id("edrpou", Edrpou::parse(&self.edrpou));
        let region = f.id("region", Region::parse(&self.region));
        let rnokpp = f.id("admin.rnokpp", Rnokpp::parse(&a.rnokpp));
        let email = f.id("admin.email", Email::parse(&a.email));
        let phone = f.id("admin.phone", Phone::parse(&a.phone));
        let received_on = f.date("received_on", &self.received_on);
        if let Some(d) = received_on {
            f.take(check_received_on(d, today));
        }
        let v = match (edrpou, region, rnokpp, email, phone, received_on) {
            (Some(edrpou), Some(region), Some(rnokpp), Some(email), Some(phone), Some(day)) => {
                let admin = AdminPerson {
                    surname,
                    given_name,
                    patronymic,
                    rnokpp,
                    email,
                    phone,
                };
                let data = FacilityData {
                    edrpou,
                    full_name,
                    short_name,
                    name_en,
                    address,
                    region,
                    head_name,
                    chief_accountant_name,
                    provides_transfusion: self.provides_transfusion,
                    admin,
                };
                Some((data, day))
            }
            _ => None,
        };
        f.done(v)
    }
}

#[cfg(test)]
#[path = "registration_tests.rs"]
mod tests;
