//! The mail outbox. A letter is written here in the transaction of the change that causes it;
//! the dispatcher delivers it later and retries with backoff until it goes through.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::{Db, Row, StoreError, Tx, args, new_id, ts};
pub use ekrov_domain::mail::{Letter, Queued};

const COLS: &str = "id, to_addr, subject, body_text, body_html, facility_id, created_at, attempts, next_attempt_at, last_error, sent_at";

fn from_row(r: &Row) -> Result<Queued, StoreError> {
    Ok(Queued {
        id: r.uuid("id")?,
        letter: Letter {
            to: r.text("to_addr")?,
            subject: r.text("subject")?,
            body_text: r.text("body_text")?,
            body_html: r.text("body_html")?,
            facility_id: r.opt_uuid("facility_id")?,
        },
        created_at: r.instant("created_at")?,
        attempts: r.int("attempts")?,
        next_attempt_at: r.instant("next_attempt_at")?,
        last_error: r.opt_text("last_error")?,
        sent_at: r.opt_instant("sent_at")?,
    })
}

pub async fn enqueue(tx: &mut Tx, l: &Letter, now: DateTime<Utc>) -> Result<Uuid, StoreError> {
    let id = new_id();
    tx.execute(
        "INSERT INTO outbox (id, to_addr, subject, body_text, body_html, facility_id, created_at, attempts, next_attempt_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8)",
        &args![
            id.to_string(),
            &l.to,
            &l.subject,
            &l.body_text,
            &l.body_html,
            l.facility_id.map(|f| f.to_string()),
            ts(now),
            ts(now)
        ],
    )
    .await?;
    Ok(id)
}

/// Claim up to `limit` letters that are due, each for `lease` (so that another instance does not
/// send the same letter meanwhile). A claimed letter that is neither sent nor failed by then —
/// the process died — becomes due again when the lease runs out.
pub async fn claim_due(
    db: &Db,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<Queued>, StoreError> {
    let sql = format!(
        "SELECT {COLS} FROM outbox WHERE sent_at IS NULL AND next_attempt_at <= $1 ORDER BY next_attempt_at, id LIMIT $2"
    );
    let candidates: Vec<Queued> = db
        .fetch_all(&sql, &args![ts(now), limit])
        .await?
        .iter()
        .map(from_row)
        .collect::<Result<_, _>>()?;
    let mut claimed = Vec::new();
    for mut q in candidates {
        // Optimistic claim: only the instance that still sees the old next_attempt_at wins.
        let n = db
            .execute(
                "UPDATE outbox SET next_attempt_at = $1 WHERE id = $2 AND sent_at IS NULL AND next_attempt_at = $3",
                &args![ts(lease_until), q.id.to_string(), ts(q.next_attempt_at)],
            )
            .await?;
        if n == 1 {
            q.next_attempt_at = lease_until;
            claimed.push(q);
        }
    }
    Ok(claimed)
}

/// Mark a letter sent; whether it was not marked already (the dispatcher's own mark after the
/// `250`, or the journal's after a restart, whichever comes first, counts the attempt).
pub async fn mark_sent(db: &Db, id: Uuid, now: DateTime<Utc>) -> Result<bool, StoreError> {
    Ok(db
        .execute(
            "UPDATE outbox SET sent_at = $1, attempts = attempts + 1, last_error = NULL \
             WHERE id = $2 AND sent_at IS NULL",
            &args![ts(now), id.to_string()],
        )
        .await?
        == 1)
}

pub async fn mark_failed(
    db: &Db,
    id: Uuid,
    error: &str,
    retry_at: DateTime<Utc>,
) -> Result<(), StoreError> {
    db.execute(
        "UPDATE outbox SET attempts = attempts + 1, last_error = $1, next_attempt_at = $2 WHERE id = $3",
        &args![error, ts(retry_at), id.to_string()],
    )
    .await?;
    Ok(())
}

/// Letters not delivered yet, oldest first: what the operator watches.
pub async fn undelivered(db: &Db, limit: i64) -> Result<Vec<Queued>, StoreError> {
    let sql =
        format!("SELECT {COLS} FROM outbox WHERE sent_at IS NULL ORDER BY created_at, id LIMIT $1");
    db.fetch_all(&sql, &args![limit])
        .await?
        .iter()
        .map(from_row)
        .collect()
}

pub async fn all(db: &Db, limit: i64) -> Result<Vec<Queued>, StoreError> {
    let sql = format!("SELECT {COLS} FROM outbox ORDER BY created_at DESC, id DESC LIMIT $1");
    db.fetch_all(&sql, &args![limit])
        .await?
        .iter()
        .map(from_row)
        .collect()
}
