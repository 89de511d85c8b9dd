//! Departments of a facility («Реєстр учасників»), in a tree.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::DepartmentType;
use crate::fields::{FieldError, Fields};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DepartmentData {
    pub name: String,
    pub short_name: Option<String>,
    /// A code of `ekrov_domain::DepartmentType`.
    pub dtype: String,
    pub parent_id: Option<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Department {
    pub id: Uuid,
    pub facility_id: Uuid,
    pub data: DepartmentData,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A department as it arrives (a JSON body or a form).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
pub struct NewDepartment {
    pub name: String,
    pub short_name: Option<String>,
    /// A code of [`DepartmentType`].
    pub dtype: String,
    pub parent_id: Option<String>,
}

impl NewDepartment {
    pub fn parse(&self) -> Result<DepartmentData, Vec<FieldError>> {
        let mut f = Fields::new();
        let name = f.required("name", &self.name);
        let short_name = f.optional("short_name", self.short_name.as_deref());
        let dtype = match self.dtype.trim() {
            "" => {
                f.push("type", "required", "Оберіть тип відділу");
                None
            }
            code => {
                let t = DepartmentType::parse(code);
                if t.is_none() {
                    f.push("type", "unknown_type", "Оберіть тип відділу з довідника");
                }
                t
            }
        };
        let parent_id = match self.parent_id.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(p) => f.reference("parent_id", p, "Батьківський відділ не знайдено в закладі"),
        };
        let v = dtype.map(|t| DepartmentData {
            name,
            short_name,
            dtype: t.code.to_owned(),
            parent_id,
        });
        f.done(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_good_department_parses_with_its_type() {
        let d = NewDepartment {
            name: " ЛБК ".into(),
            short_name: Some("".into()),
            dtype: " logistics_inventory_center ".into(),
            parent_id: Some(" ".into()),
        }
        .parse()
        .unwrap();
        assert_eq!(d.name, "ЛБК");
        assert_eq!(d.dtype, DepartmentType::LOGISTICS_INVENTORY_CENTER);
        assert_eq!((d.short_name, d.parent_id), (None, None));
    }

    #[test]
    fn every_error_at_once() {
        let e = NewDepartment {
            name: "x".repeat(301),
            short_name: Some("a\nb".into()),
            dtype: "morgue".into(),
            parent_id: Some("42".into()),
        }
        .parse()
        .unwrap_err();
        let got: Vec<_> = e.iter().map(|e| (e.field.as_str(), e.code)).collect();
        assert_eq!(
            got,
            [
                ("name", "too_long"),
                ("short_name", "forbidden_character"),
                ("type", "unknown_type"),
                ("parent_id", "not_found")
            ]
        );
        let e = NewDepartment::default().parse().unwrap_err();
        assert_eq!((e[1].field.as_str(), e[1].code), ("type", "required"));
    }
}
