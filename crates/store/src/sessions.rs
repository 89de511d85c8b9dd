//! Login sessions: bearer tokens for the API and the page cookie, stored as hashes.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::{Db, StoreError, Tx, args, token_hash, ts};

#[derive(Debug, Clone)]
pub struct Session {
    pub account_id: Uuid,
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
}

pub async fn create(
    tx: &mut Tx,
    token: &str,
    account_id: Uuid,
    csrf_token: &str,
    expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO sessions (token_hash, account_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
        &args![token_hash(token), account_id.to_string(), csrf_token, ts(now), ts(expires_at)],
    )
    .await?;
    Ok(())
}

/// The live session for a token, if any: not expired, not logged out.
pub async fn find(db: &Db, token: &str, now: DateTime<Utc>) -> Result<Option<Session>, StoreError> {
    let row = db
        .fetch_optional(
            "SELECT account_id, csrf_token, expires_at FROM sessions \
             WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $2",
            &args![token_hash(token), ts(now)],
        )
        .await?;
    row.map(|r| {
        Ok(Session { account_id: r.uuid("account_id")?, csrf_token: r.text("csrf_token")?, expires_at: r.instant("expires_at")? })
    })
    .transpose()
}

pub async fn revoke(db: &Db, token: &str, now: DateTime<Utc>) -> Result<bool, StoreError> {
    let n = db
        .execute(
            "UPDATE sessions SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL",
            &args![ts(now), token_hash(token)],
        )
        .await?;
    Ok(n == 1)
}
