//! Extra non-working days declared by the national operator.

use chrono::{DateTime, NaiveDate, Utc};

use crate::{Db, StoreError, Tx, args, day, ts};
pub use ekrov_domain::registration::DayOff;

pub async fn all(db: &Db) -> Result<Vec<DayOff>, StoreError> {
    db.fetch_all("SELECT day, reason FROM days_off ORDER BY day", &[])
        .await?
        .iter()
        .map(|r| {
            Ok(DayOff {
                day: r.date("day")?,
                reason: r.text("reason")?,
            })
        })
        .collect()
}

/// False when the day was declared already.
pub async fn add(
    tx: &mut Tx,
    d: NaiveDate,
    reason: &str,
    by: &str,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    if tx
        .fetch_optional("SELECT day FROM days_off WHERE day = $1", &args![day(d)])
        .await?
        .is_some()
    {
        return Ok(false);
    }
    tx.execute(
        "INSERT INTO days_off (day, reason, created_by, created_at) VALUES ($1, $2, $3, $4)",
        &args![day(d), reason, by, ts(now)],
    )
    .await?;
    Ok(true)
}
