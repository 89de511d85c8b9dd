//! Mail: letters queued in the outbox with the change that causes them.

use chrono::{DateTime, Utc};
use uuid::Uuid;

#[derive(Debug, Clone)]
pub struct Letter {
    pub to: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
    pub facility_id: Option<Uuid>,
}

#[derive(Debug, Clone)]
pub struct Queued {
    pub id: Uuid,
    pub letter: Letter,
    pub created_at: DateTime<Utc>,
    pub attempts: i64,
    pub next_attempt_at: DateTime<Utc>,
    pub last_error: Option<String>,
    pub sent_at: Option<DateTime<Utc>>,
}
