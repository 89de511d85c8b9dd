//! Employees of a facility. The same person may be an employee of several facilities, once each.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::{Email, PersonCode, Phone};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmployeeData {
    pub surname: String,
    pub given_name: String,
    pub patronymic: Option<String>,
    /// РНОКПП, or a passport / ID-card number for those who refused one.
    pub person_code: PersonCode,
    pub email: Email,
    pub phone: Option<Phone>,
}

impl EmployeeData {
    pub fn full_name(&self) -> String {
        match &self.patronymic {
            Some(p) if !p.is_empty() => format!("{} {} {}", self.surname, self.given_name, p),
            _ => format!("{} {}", self.surname, self.given_name),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Employee {
    pub id: Uuid,
    pub facility_id: Uuid,
    pub data: EmployeeData,
    /// The person's account, once they have accepted an invitation with their КЕП.
    pub account_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}
