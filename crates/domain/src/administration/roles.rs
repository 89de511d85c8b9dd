//! Role sets («Ролі користувачів»): named sets of permissions given with an assignment.

use chrono::{DateTime, Utc};
use uuid::Uuid;

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
