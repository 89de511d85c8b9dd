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

pub async fn revoke(db: &Db, token: &str, now: DateTime<Utc>) -> Result<bool, StoreError> {
    let n = db
        .execute(
            "UPDATE sessions SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL",
            &args![ts(now), token_hash(token)],
        )
        .await?;
    Ok(n == 1)
}

/// The live session for a token with its account and whether that account is a national
/// operator: what every authenticated request needs, in one query.
pub async fn find_principal(
    db: &Db,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<(Session, crate::access::accounts::Account, bool)>, StoreError> {
    let row = db
        .fetch_optional(
            "SELECT s.csrf_token, s.expires_at, a.id, a.rnokpp, a.surname, a.given_name, a.patronymic, a.email, \
                    o.account_id AS operator_id \
             FROM sessions s JOIN accounts a ON a.id = s.account_id LEFT JOIN operators o ON o.account_id = a.id \
             WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2",
            &args![token_hash(token), ts(now)],
        )
        .await?;
    row.map(|r| {
        let account = crate::access::accounts::Account {
            id: r.uuid("id")?,
            rnokpp: r.text("rnokpp")?,
            surname: r.text("surname")?,
            given_name: r.text("given_name")?,
            patronymic: r.opt_text("patronymic")?,
            email: r.opt_text("email")?,
        };
        let session = Session {
            account_id: account.id,
            csrf_token: r.text("csrf_token")?,
            expires_at: r.instant("expires_at")?,
        };
        Ok((session, account, r.opt_text("operator_id")?.is_some()))
    })
    .transpose()
}
