//! Departments of a facility («Реєстр учасників»), in a tree.

use chrono::{DateTime, Utc};
use uuid::Uuid;

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
