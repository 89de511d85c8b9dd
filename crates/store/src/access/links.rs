//! Single-use links: the administrator's first login, later employees' invitations.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::{Db, Row, StoreError, Tx, args, new_id, token_hash, ts};
pub use ekrov_domain::access::{Link, LinkKind as Kind, LinkState as State};

const COLS: &str =
    "id, kind, facility_id, rnokpp, subject_id, expires_at, used_at, revoked_at, created_at";

fn from_row(r: &Row) -> Result<Link, StoreError> {
    let kind = match r.text("kind")?.as_str() {
        "first_login" => Kind::FirstLogin,
        "invitation" => Kind::Invitation,
        k => return Err(StoreError::Corrupt(format!("link kind {k:?}"))),
    };
    Ok(Link {
        id: r.uuid("id")?,
        kind,
        facility_id: r.uuid("facility_id")?,
        rnokpp: r.text("rnokpp")?,
        subject_id: r.opt_uuid("subject_id")?,
        expires_at: r.instant("expires_at")?,
        used_at: r.opt_instant("used_at")?,
        revoked_at: r.opt_instant("revoked_at")?,
        created_at: r.instant("created_at")?,
    })
}

/// Store a new link for `token` and revoke every earlier live link of the same kind for the same
/// facility and subject: a new link voids the old one.
#[allow(clippy::too_many_arguments)] // each is one column of the link; a struct would only rename them
pub async fn create(
    tx: &mut Tx,
    token: &str,
    kind: Kind,
    facility_id: Uuid,
    rnokpp: &str,
    subject_id: Option<Uuid>,
    expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Link, StoreError> {
    let subject = subject_id.map(|s| s.to_string());
    tx.execute(
        "UPDATE links SET revoked_at = $1 WHERE facility_id = $2 AND kind = $3 \
         AND COALESCE(subject_id, '') = COALESCE($4, '') AND used_at IS NULL AND revoked_at IS NULL",
        &args![ts(now), facility_id.to_string(), kind.as_str(), subject.clone()],
    )
    .await?;
    let id = new_id();
    tx.execute(
        "INSERT INTO links (id, token_hash, kind, facility_id, rnokpp, subject_id, expires_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        &args![
            id.to_string(),
            token_hash(token),
            kind.as_str(),
            facility_id.to_string(),
            rnokpp,
            subject,
            ts(expires_at),
            ts(now)
        ],
    )
    .await?;
    Ok(Link {
        id,
        kind,
        facility_id,
        rnokpp: rnokpp.to_owned(),
        subject_id,
        expires_at,
        used_at: None,
        revoked_at: None,
        created_at: now,
    })
}

pub async fn by_token(db: &Db, token: &str) -> Result<Option<Link>, StoreError> {
    let sql = format!("SELECT {COLS} FROM links WHERE token_hash = $1");
    db.fetch_optional(&sql, &args![token_hash(token)])
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

pub async fn by_token_tx(tx: &mut Tx, token: &str) -> Result<Option<Link>, StoreError> {
    let sql = format!("SELECT {COLS} FROM links WHERE token_hash = $1");
    tx.fetch_optional(&sql, &args![token_hash(token)])
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

/// The newest link of a kind for a facility, whatever its state; a live one wins over the ones it
/// revoked even when both were made in the same microsecond.
pub async fn latest(db: &Db, facility_id: Uuid, kind: Kind) -> Result<Option<Link>, StoreError> {
    let sql = format!(
        "SELECT {COLS} FROM links WHERE facility_id = $1 AND kind = $2 \
         ORDER BY CASE WHEN revoked_at IS NULL THEN 0 ELSE 1 END, created_at DESC, id DESC LIMIT 1"
    );
    db.fetch_optional(&sql, &args![facility_id.to_string(), kind.as_str()])
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

/// [`latest`] for many facilities at once (chunked, inside either backend's parameter limit).
pub async fn latest_of_facilities(
    db: &Db,
    facility_ids: &[Uuid],
    kind: Kind,
) -> Result<std::collections::HashMap<Uuid, Link>, StoreError> {
    let mut out = std::collections::HashMap::new();
    for chunk in facility_ids.chunks(500) {
        let mut a: Vec<crate::Arg> = vec![kind.as_str().into()];
        a.extend(chunk.iter().map(|i| crate::Arg::from(i.to_string())));
        let sql = format!(
            "SELECT {COLS} FROM links WHERE kind = $1 AND facility_id IN ({}) \
             ORDER BY facility_id, CASE WHEN revoked_at IS NULL THEN 0 ELSE 1 END, created_at DESC, id DESC",
            crate::on::placeholders(2, chunk.len())
        );
        for r in db.fetch_all(&sql, &a).await? {
            let l = from_row(&r)?;
            out.entry(l.facility_id).or_insert(l);
        }
    }
    Ok(out)
}

/// Use a link up; false when someone else used or revoked it first (single use under races).
pub async fn mark_used(tx: &mut Tx, id: Uuid, now: DateTime<Utc>) -> Result<bool, StoreError> {
    let n = tx
        .execute(
            "UPDATE links SET used_at = $1 WHERE id = $2 AND used_at IS NULL AND revoked_at IS NULL",
            &args![ts(now), id.to_string()],
        )
        .await?;
    Ok(n == 1)
}
