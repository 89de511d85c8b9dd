//! Departments («Реєстр учасників»): a tree inside a facility, each with a type from the national
//! catalogue.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::{Arg, Row, StoreError, Tx, args, on::On, ts};
pub use ekrov_domain::administration::{Department, DepartmentData};

const COLS: &str = "id, facility_id, parent_id, name, short_name, type, created_at, updated_at";

fn from_row(r: &Row) -> Result<Department, StoreError> {
    Ok(Department {
        id: r.uuid("id")?,
        facility_id: r.uuid("facility_id")?,
        data: DepartmentData {
            name: r.text("name")?,
            short_name: r.opt_text("short_name")?,
            dtype: r.text("type")?,
            parent_id: r.opt_uuid("parent_id")?,
        },
        created_at: r.instant("created_at")?,
        updated_at: r.instant("updated_at")?,
    })
}

pub async fn insert(
    tx: &mut Tx,
    facility_id: Uuid,
    d: &DepartmentData,
    now: DateTime<Utc>,
) -> Result<Department, StoreError> {
    let id = crate::new_id();
    tx.execute(
        "INSERT INTO departments (id, facility_id, parent_id, name, short_name, type, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        &args![
            id.to_string(),
            facility_id.to_string(),
            d.parent_id.map(|p| p.to_string()),
            &d.name,
            d.short_name.clone(),
            &d.dtype,
            ts(now),
            ts(now)
        ],
    )
    .await?;
    Ok(Department {
        id,
        facility_id,
        data: d.clone(),
        created_at: now,
        updated_at: now,
    })
}

pub async fn update(
    tx: &mut Tx,
    facility_id: Uuid,
    id: Uuid,
    d: &DepartmentData,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let n = tx
        .execute(
            "UPDATE departments SET parent_id = $1, name = $2, short_name = $3, type = $4, updated_at = $5 \
             WHERE id = $6 AND facility_id = $7",
            &args![
                d.parent_id.map(|p| p.to_string()),
                &d.name,
                d.short_name.clone(),
                &d.dtype,
                ts(now),
                id.to_string(),
                facility_id.to_string()
            ],
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
) -> Result<Option<Department>, StoreError> {
    let sql = format!("SELECT {COLS} FROM departments WHERE id = $1 AND facility_id = $2");
    on.into()
        .fetch_optional(&sql, &args![id.to_string(), facility_id.to_string()])
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

/// A page of the facility's departments, oldest first (cursor: created_at, id).
pub async fn list(
    on: impl Into<On<'_>>,
    facility_id: Uuid,
    after: Option<(String, Uuid)>,
    limit: i64,
) -> Result<Vec<Department>, StoreError> {
    let mut sql = format!("SELECT {COLS} FROM departments WHERE facility_id = $1");
    let mut a: Vec<Arg> = vec![facility_id.to_string().into()];
    crate::keyset_page(&mut sql, &mut a, after.as_ref(), false, limit);
    on.into()
        .fetch_all(&sql, &a)
        .await?
        .iter()
        .map(from_row)
        .collect()
}

/// Every department of the facility (for the tree).
pub async fn all(on: impl Into<On<'_>>, facility_id: Uuid) -> Result<Vec<Department>, StoreError> {
    let sql = format!("SELECT {COLS} FROM departments WHERE facility_id = $1 ORDER BY name, id");
    on.into()
        .fetch_all(&sql, &args![facility_id.to_string()])
        .await?
        .iter()
        .map(from_row)
        .collect()
}

/// The (id, parent) pairs of the facility's departments: for cycle checks.
pub async fn parents(
    tx: &mut Tx,
    facility_id: Uuid,
) -> Result<Vec<(Uuid, Option<Uuid>)>, StoreError> {
    tx.fetch_all(
        "SELECT id, parent_id FROM departments WHERE facility_id = $1",
        &args![facility_id.to_string()],
    )
    .await?
    .iter()
    .map(|r| Ok((r.uuid("id")?, r.opt_uuid("parent_id")?)))
    .collect()
}
