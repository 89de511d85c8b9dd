//! Positions (посади) in a department.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::{Arg, Row, StoreError, Tx, args, on::On, ts};
pub use ekrov_domain::administration::{Position, PositionData};

const COLS: &str = "id, facility_id, department_id, title, classifier_code, staff_units_x100, is_head, created_at, updated_at";

fn from_row(r: &Row) -> Result<Position, StoreError> {
    Ok(Position {
        id: r.uuid("id")?,
        facility_id: r.uuid("facility_id")?,
        department_id: r.uuid("department_id")?,
        data: PositionData {
            title: r.text("title")?,
            classifier_code: r.text("classifier_code")?,
            staff_units_x100: r.int("staff_units_x100")?,
            is_head: r.bool("is_head")?,
        },
        created_at: r.instant("created_at")?,
        updated_at: r.instant("updated_at")?,
    })
}

pub async fn insert(
    tx: &mut Tx,
    facility_id: Uuid,
    department_id: Uuid,
    d: &PositionData,
    now: DateTime<Utc>,
) -> Result<Position, StoreError> {
    let id = crate::new_id();
    tx.execute(
        "INSERT INTO positions (id, facility_id, department_id, title, classifier_code, staff_units_x100, is_head, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        &args![
            id.to_string(),
            facility_id.to_string(),
            department_id.to_string(),
            &d.title,
            &d.classifier_code,
            d.staff_units_x100,
            d.is_head,
            ts(now),
            ts(now)
        ],
    )
    .await?;
    Ok(Position {
        id,
        facility_id,
        department_id,
        data: d.clone(),
        created_at: now,
        updated_at: now,
    })
}

pub async fn update(
    tx: &mut Tx,
    facility_id: Uuid,
    id: Uuid,
    d: &PositionData,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let n = tx
        .execute(
            "UPDATE positions SET title = $1, classifier_code = $2, staff_units_x100 = $3, is_head = $4, updated_at = $5 \
             WHERE id = $6 AND facility_id = $7",
            &args![&d.title, &d.classifier_code, d.staff_units_x100, d.is_head, ts(now), id.to_string(), facility_id.to_string()],
        )
        .await?;
    if n == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

pub async fn get(
    on: impl Into<On<'_>>,
    facility_id: Uuid,
    id: Uuid,
) -> Result<Option<Position>, StoreError> {
    let sql = format!("SELECT {COLS} FROM positions WHERE id = $1 AND facility_id = $2");
    on.into()
        .fetch_optional(&sql, &args![id.to_string(), facility_id.to_string()])
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

/// A page of a department's positions, oldest first.
pub async fn list(
    on: impl Into<On<'_>>,
    facility_id: Uuid,
    department_id: Uuid,
    after: Option<(String, Uuid)>,
    limit: i64,
) -> Result<Vec<Position>, StoreError> {
    let mut sql =
        format!("SELECT {COLS} FROM positions WHERE facility_id = $1 AND department_id = $2");
    let mut a: Vec<Arg> = vec![
        facility_id.to_string().into(),
        department_id.to_string().into(),
    ];
    crate::keyset_page(&mut sql, &mut a, after.as_ref(), false, limit);
    on.into()
        .fetch_all(&sql, &a)
        .await?
        .iter()
        .map(from_row)
        .collect()
}

/// Every position of the facility (for the organisational structure).
pub async fn all(on: impl Into<On<'_>>, facility_id: Uuid) -> Result<Vec<Position>, StoreError> {
    let sql = format!(
        "SELECT {COLS} FROM positions WHERE facility_id = $1 ORDER BY is_head DESC, title, id"
    );
    on.into()
        .fetch_all(&sql, &args![facility_id.to_string()])
        .await?
        .iter()
        .map(from_row)
        .collect()
}
