//! Role sets («Ролі користувачів»): named sets of permissions given with an assignment.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::Permission;
use crate::fields::{FieldError, Fields};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    pub id: Uuid,
    pub facility_id: Uuid,
    pub name: String,
    pub description: String,
    /// Permission codes, sorted.
    pub permissions: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A role set as it will be stored: trimmed name and description, known permissions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleData {
    pub name: String,
    pub description: String,
    pub permissions: Vec<Permission>,
}

/// A role set as it arrives (a JSON body or a form).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
pub struct NewRole {
    pub name: String,
    pub description: Option<String>,
    /// Permission codes.
    pub permissions: Vec<String>,
}

impl NewRole {
    pub fn parse(&self) -> Result<RoleData, Vec<FieldError>> {
        let mut f = Fields::new();
        let name = f.required("name", &self.name);
        let description = f
            .optional("description", self.description.as_deref())
            .unwrap_or_default();
        let mut permissions = Vec::new();
        for (i, c) in self.permissions.iter().enumerate() {
            match Permission::parse(c.trim()) {
                Some(p) => permissions.push(p),
                None => f.push(
                    format!("permissions[{i}]"),
                    "unknown_permission",
                    format!("Невідомий дозвіл {c:?}"),
                ),
            }
        }
        f.done(Some(RoleData {
            name,
            description,
            permissions,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_at_once() {
        let e = NewRole {
            name: " ".into(),
            description: Some("a\u{202E}b".into()),
            permissions: vec!["roles.manage".into(), "roles.fly".into()],
        }
        .parse()
        .unwrap_err();
        let got: Vec<_> = e.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            got,
            [
                ("name", "required"),
                ("description", "forbidden_character"),
                ("permissions[1]", "unknown_permission")
            ]
        );
    }

    #[test]
    fn a_good_role_parses() {
        let r = NewRole {
            name: " Лаборант ".into(),
            description: None,
            permissions: vec![" equipment.view ".into()],
        }
        .parse()
        .unwrap();
        assert_eq!(r.name, "Лаборант");
        assert_eq!(r.description, "");
        assert_eq!(r.permissions, [Permission::EquipmentView]);
    }
}
