//! Employees of a facility. The same person may be an employee of several facilities, once each.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::fields::{FieldError, Fields};
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

/// An employee as they arrive (a JSON body or a form).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
pub struct NewEmployee {
    pub surname: String,
    pub given_name: String,
    pub patronymic: Option<String>,
    /// РНОКПП, or a passport / ID-card number.
    pub rnokpp: String,
    pub email: String,
    pub phone: Option<String>,
}

impl NewEmployee {
    pub fn parse(&self) -> Result<EmployeeData, Vec<FieldError>> {
        let mut f = Fields::new();
        let surname = f.required("surname", &self.surname);
        let given_name = f.required("given_name", &self.given_name);
        let patronymic = f.optional("patronymic", self.patronymic.as_deref());
        let code = f.id("rnokpp", PersonCode::parse(&self.rnokpp));
        let email = f.id("email", Email::parse(&self.email));
        let phone = match self.phone.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(p) => f.id("phone", Phone::parse(p)),
        };
        let v = code.zip(email).map(|(person_code, email)| EmployeeData {
            surname,
            given_name,
            patronymic,
            person_code,
            email,
            phone,
        });
        f.done(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> NewEmployee {
        NewEmployee {
            surname: "Коваленко".into(),
            given_name: "Ганна".into(),
            patronymic: Some(" ".into()),
            rnokpp: "КВ123456".into(),
            email: "hanna@example.com".into(),
            phone: None,
        }
    }

    #[test]
    fn a_good_employee_parses() {
        let e = good().parse().unwrap();
        assert_eq!(e.full_name(), "Коваленко Ганна");
        assert_eq!(e.patronymic, None);
    }

    #[test]
    fn every_error_at_once() {
        let e = NewEmployee {
            surname: "".into(),
            given_name: "Ган\u{1b}на".into(),
            patronymic: Some("я".repeat(301)),
            rnokpp: "123".into(),
            email: "no".into(),
            phone: Some("12".into()),
        }
        .parse()
        .unwrap_err();
        let got: Vec<_> = e.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            got,
            [
                "surname",
                "given_name",
                "patronymic",
                "rnokpp",
                "email",
                "phone"
            ]
        );
        assert_eq!(e[0].code, "required");
        assert_eq!(e[1].code, "forbidden_character");
        assert_eq!(e[2].code, "too_long");
    }
}
