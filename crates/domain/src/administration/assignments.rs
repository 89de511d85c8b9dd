//! Assignments: an employee in a position, with the role sets that give the permissions.

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use crate::AssignmentKind;
use crate::fields::{FieldError, Fields};

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

/// An assignment as it arrives (a JSON body or a form).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
pub struct NewAssignment {
    pub employee_id: String,
    pub role_ids: Vec<String>,
    pub start_date: String,
    pub order_number: String,
    pub order_date: String,
    /// A code of [`AssignmentKind`].
    pub kind: String,
}

impl NewAssignment {
    pub fn parse(&self) -> Result<AssignmentData, Vec<FieldError>> {
        let mut f = Fields::new();
        let employee_id = f.reference("employee_id", &self.employee_id, "Не знайдено");
        let mut role_ids = Vec::new();
        for (i, r) in self.role_ids.iter().enumerate() {
            match r.trim().parse() {
                Ok(id) => role_ids.push(id),
                Err(_) => f.push(
                    format!("role_ids[{i}]"),
                    "not_found",
                    "Рольовий набір не знайдено в закладі",
                ),
            }
        }
        let start_date = f.date("start_date", &self.start_date);
        let order_number = f.required("order_number", &self.order_number);
        let order_date = f.date("order_date", &self.order_date);
        let kind = match self.kind.trim() {
            "" => {
                f.push("kind", "required", "Оберіть вид призначення");
                None
            }
            k => {
                let kind = AssignmentKind::parse(k);
                if kind.is_none() {
                    f.push(
                        "kind",
                        "invalid_value",
                        "Вид призначення: primary, secondary або acting",
                    );
                }
                kind
            }
        };
        let v = match (employee_id, start_date, order_date, kind) {
            (Some(employee_id), Some(start_date), Some(order_date), Some(kind)) => {
                Some(AssignmentData {
                    employee_id,
                    role_ids,
                    start_date,
                    order_number,
                    order_date,
                    kind: kind.code().to_owned(),
                })
            }
            _ => None,
        };
        f.done(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_at_once() {
        let e = NewAssignment {
            employee_id: "x".into(),
            role_ids: vec![Uuid::nil().to_string(), "bad".into()],
            start_date: "".into(),
            order_number: "№\u{0}1".into(),
            order_date: "01.02.2026".into(),
            kind: "boss".into(),
        }
        .parse()
        .unwrap_err();
        let got: Vec<_> = e.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            got,
            [
                ("employee_id", "not_found"),
                ("role_ids[1]", "not_found"),
                ("start_date", "required"),
                ("order_number", "forbidden_character"),
                ("order_date", "invalid_date"),
                ("kind", "invalid_value")
            ]
        );
    }

    #[test]
    fn a_good_assignment_parses() {
        let a = NewAssignment {
            employee_id: Uuid::nil().to_string(),
            role_ids: vec![],
            start_date: "2026-03-01".into(),
            order_number: " 12-к ".into(),
            order_date: "2026-02-27".into(),
            kind: "acting".into(),
        }
        .parse()
        .unwrap();
        assert_eq!(
            (a.order_number.as_str(), a.kind.as_str()),
            ("12-к", "acting")
        );
    }
}
