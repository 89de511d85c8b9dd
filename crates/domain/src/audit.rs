//! Audit: who did what, when, before and after — an append-only hash chain.

use chrono::{DateTime, Utc};
use serde_json::Value;
use uuid::Uuid;

/// Who did it: an account, or the system itself (CLI, dispatcher).
#[derive(Debug, Clone)]
pub struct Actor {
    pub id: Option<Uuid>,
    pub label: String,
}

#[derive(Debug, Clone)]
pub struct Record {
    pub seq: i64,
    pub id: Uuid,
    pub at: DateTime<Utc>,
    pub actor_id: Option<Uuid>,
    pub actor_label: String,
    pub facility_id: Option<Uuid>,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Intact {
        rows: u64,
    },
    /// The row at `seq` does not hash to what is stored, or does not follow the row before it.
    Broken {
        seq: i64,
        reason: String,
    },
}
