//! The append-only audit log, kept as a hash chain.
//!
//! Each row's hash covers its content and the previous row's hash, so editing or deleting a row
//! breaks every hash after it; [`verify`] walks the chain and names the first broken row.

use chrono::{DateTime, Utc};
use serde_json::Value;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::{Arg, Backend, Db, Row, StoreError, Tx, args, new_id, ts};
pub use ekrov_domain::audit::{Actor, Record, Verdict};

#[derive(Debug, Clone)]
pub struct Entry {
    pub facility_id: Option<Uuid>,
    /// What happened, as a stable code: `application.record`, `facility.register`, …
    pub action: &'static str,
    pub entity: &'static str,
    pub entity_id: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[allow(clippy::too_many_arguments)]
fn chain_hash(
    prev: &str,
    id: &str,
    at: &str,
    actor_id: Option<&str>,
    actor_label: &str,
    facility_id: Option<&str>,
    action: &str,
    entity: &str,
    entity_id: &str,
    before: Option<&str>,
    after: Option<&str>,
) -> String {
    let mut h = Sha256::new();
    for part in [
        Some(prev),
        Some(id),
        Some(at),
        actor_id,
        Some(actor_label),
        facility_id,
        Some(action),
        Some(entity),
        Some(entity_id),
        before,
        after,
    ] {
        // Length-prefixed, with None distinct from "", so no two different rows hash alike.
        match part {
            Some(s) => {
                h.update((s.len() as u64 + 1).to_be_bytes());
                h.update(s.as_bytes());
            }
            None => h.update(0u64.to_be_bytes()),
        }
    }
    hex::encode(h.finalize())
}

/// Append an entry in the caller's transaction.
pub async fn append(
    tx: &mut Tx,
    actor: &Actor,
    e: Entry,
    now: DateTime<Utc>,
) -> Result<Uuid, StoreError> {
    if tx.backend() == Backend::Postgres {
        // One writer at a time extends the chain; released at commit. (SQLite's BEGIN IMMEDIATE
        // already serialises writers.)
        tx.execute("SELECT pg_advisory_xact_lock(7735002)", &[])
            .await?;
    }
    let prev = match tx
        .fetch_optional("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1", &[])
        .await?
    {
        Some(r) => r.text("hash")?,
        None => GENESIS.to_owned(),
    };
    let id = new_id().to_string();
    let at = ts(now);
    let actor_id = actor.id.map(|a| a.to_string());
    let facility = e.facility_id.map(|f| f.to_string());
    let before = e.before.as_ref().map(Value::to_string);
    let after = e.after.as_ref().map(Value::to_string);
    let hash = chain_hash(
        &prev,
        &id,
        &at,
        actor_id.as_deref(),
        &actor.label,
        facility.as_deref(),
        e.action,
        e.entity,
        &e.entity_id,
        before.as_deref(),
        after.as_deref(),
    );
    tx.execute(
        "INSERT INTO audit_log (id, at, actor_id, actor_label, facility_id, action, entity, entity_id, before_json, after_json, prev_hash, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        &args![id.clone(), at, actor_id, &actor.label, facility, e.action, e.entity, e.entity_id, before, after, prev, hash],
    )
    .await?;
    Ok(id.parse().expect("a fresh uuid"))
}

fn from_row(r: &Row) -> Result<Record, StoreError> {
    let json = |c: &str| -> Result<Option<Value>, StoreError> {
        r.opt_text(c)?
            .map(|s| serde_json::from_str(&s).map_err(|e| StoreError::Corrupt(format!("{c}: {e}"))))
            .transpose()
    };
    Ok(Record {
        seq: r.int("seq")?,
        id: r.uuid("id")?,
        at: r.instant("at")?,
        actor_id: r.opt_uuid("actor_id")?,
        actor_label: r.text("actor_label")?,
        facility_id: r.opt_uuid("facility_id")?,
        action: r.text("action")?,
        entity: r.text("entity")?,
        entity_id: r.text("entity_id")?,
        before: json("before_json")?,
        after: json("after_json")?,
    })
}

const COLS: &str = "seq, id, at, actor_id, actor_label, facility_id, action, entity, entity_id, before_json, after_json";

/// Newest first; `facility` None means the whole log (national operator), `before_seq` pages.
pub async fn list(
    db: &Db,
    facility: Option<Uuid>,
    before_seq: Option<i64>,
    limit: i64,
) -> Result<Vec<Record>, StoreError> {
    let mut sql = format!("SELECT {COLS} FROM audit_log WHERE 1=1");
    let mut a: Vec<Arg> = Vec::new();
    if let Some(f) = facility {
        a.push(f.to_string().into());
        sql += &format!(" AND facility_id = ${}", a.len());
    }
    if let Some(s) = before_seq {
        a.push(s.into());
        sql += &format!(" AND seq < ${}", a.len());
    }
    a.push(limit.into());
    sql += &format!(" ORDER BY seq DESC LIMIT ${}", a.len());
    db.fetch_all(&sql, &a).await?.iter().map(from_row).collect()
}

pub async fn count(db: &Db) -> Result<i64, StoreError> {
    db.fetch_one("SELECT COUNT(*) AS n FROM audit_log", &[])
        .await?
        .int("n")
}

/// Walk the whole chain in order.
pub async fn verify(db: &Db) -> Result<Verdict, StoreError> {
    let mut prev = GENESIS.to_owned();
    let mut last_seq: i64 = 0;
    let mut rows = 0u64;
    loop {
        let page = db
            .fetch_all(
                "SELECT seq, id, at, actor_id, actor_label, facility_id, action, entity, entity_id, before_json, after_json, prev_hash, hash \
                 FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT 1000",
                &args![last_seq],
            )
            .await?;
        if page.is_empty() {
            return Ok(Verdict::Intact { rows });
        }
        for r in &page {
            let seq = r.int("seq")?;
            let stored_prev = r.text("prev_hash")?;
            if stored_prev != prev {
                return Ok(Verdict::Broken {
                    seq,
                    reason: "does not follow the row before it (a row was deleted or edited)"
                        .into(),
                });
            }
            let expect = chain_hash(
                &prev,
                &r.text("id")?,
                &r.text("at")?,
                r.opt_text("actor_id")?.as_deref(),
                &r.text("actor_label")?,
                r.opt_text("facility_id")?.as_deref(),
                &r.text("action")?,
                &r.text("entity")?,
                &r.text("entity_id")?,
                r.opt_text("before_json")?.as_deref(),
                r.opt_text("after_json")?.as_deref(),
            );
            let hash = r.text("hash")?;
            if hash != expect {
                return Ok(Verdict::Broken {
                    seq,
                    reason: "its content does not match its hash (the row was edited)".into(),
                });
            }
            prev = hash;
            last_seq = seq;
            rows += 1;
        }
    }
}
