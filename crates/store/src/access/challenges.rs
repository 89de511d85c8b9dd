//! КЕП login challenges, shared by every server instance through the database.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::{Db, StoreError, Tx, args, ts};

#[derive(Debug, Clone)]
pub struct Challenge {
    pub id: Uuid,
    pub challenge: String,
    pub purpose: String,
    pub expires_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
}

pub async fn insert(db: &Db, c: &Challenge, now: DateTime<Utc>) -> Result<(), StoreError> {
    // Housekeeping on the way: challenges a day past their expiry are of no use to anyone.
    db.execute(
        "DELETE FROM challenges WHERE expires_at < $1",
        &args![ts(now - chrono::Duration::days(1))],
    )
    .await?;
    db.execute(
        "INSERT INTO challenges (id, challenge, purpose, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
        &args![c.id.to_string(), &c.challenge, &c.purpose, ts(now), ts(c.expires_at)],
    )
    .await?;
    Ok(())
}

pub async fn get(tx: &mut Tx, id: Uuid) -> Result<Option<Challenge>, StoreError> {
    let r = tx
        .fetch_optional(
            "SELECT id, challenge, purpose, expires_at, used_at FROM challenges WHERE id = $1",
            &args![id.to_string()],
        )
        .await?;
    r.map(|r| {
        Ok(Challenge {
            id: r.uuid("id")?,
            challenge: r.text("challenge")?,
            purpose: r.text("purpose")?,
            expires_at: r.instant("expires_at")?,
            used_at: r.opt_instant("used_at")?,
        })
    })
    .transpose()
}

/// Use a challenge up; false when it was used already (by a concurrent request, too).
pub async fn mark_used(tx: &mut Tx, id: Uuid, now: DateTime<Utc>) -> Result<bool, StoreError> {
    let n = tx
        .execute(
            "UPDATE challenges SET used_at = $1 WHERE id = $2 AND used_at IS NULL",
            &args![ts(now), id.to_string()],
        )
        .await?;
    Ok(n == 1)
}
