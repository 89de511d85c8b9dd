//! Workplaces (робочі місця) of a department, and who works at each.

use chrono::{DateTime, Utc};
use ekrov_domain::InventoryNumber;
use std::collections::HashMap;
use uuid::Uuid;

use crate::{Arg, Row, StoreError, Tx, args, keyset_page, on::On, ts};
pub use ekrov_domain::resources::{Workplace, WorkplaceData};

const COLS: &str =
    "id, facility_id, department_id, name, room, inventory_number, created_at, updated_at";

fn from_row(r: &Row) -> Result<Workplace, StoreError> {
    let inv = r.text("inventory_number")?;
    Ok(Workplace {
        id: r.uuid("id")?,
        facility_id: r.uuid("facility_id")?,
        department_id: r.uuid("department_id")?,
        data: WorkplaceData {
            name: r.text("name")?,
            room: r.opt_text("room")?,
            inventory_number: InventoryNumber::parse(&inv)
                .map_err(|_| StoreError::Corrupt(format!("workplace inventory number {inv:?}")))?,
            employee_ids: Vec::new(),
        },
        created_at: r.instant("created_at")?,
        updated_at: r.instant("updated_at")?,
    })
}

async fn set_employees(tx: &mut Tx, id: Uuid, employees: &[Uuid]) -> Result<(), StoreError> {
    tx.execute(
        "DELETE FROM workplace_employees WHERE workplace_id = $1",
        &args![id.to_string()],
    )
    .await?;
    for e in employees {
        tx.execute(
            "INSERT INTO workplace_employees (workplace_id, employee_id) VALUES ($1, $2)",
            &args![id.to_string(), e.to_string()],
        )
        .await?;
    }
    Ok(())
}

/// Fill in who works at each workplace, in one query.
async fn with_employees(
    on: &mut On<'_>,
    mut list: Vec<Workplace>,
) -> Result<Vec<Workplace>, StoreError> {
    let mut index: HashMap<Uuid, usize> = HashMap::new();
    for (i, w) in list.iter().enumerate() {
        index.insert(w.id, i);
    }
    let ids: Vec<Uuid> = list.iter().map(|w| w.id).collect();
    for chunk in ids.chunks(500) {
        if chunk.is_empty() {
            continue;
        }
        let a: Vec<Arg> = chunk.iter().map(|i| Arg::from(i.to_string())).collect();
        let sql = format!(
            "SELECT workplace_id, employee_id FROM workplace_employees WHERE workplace_id IN ({}) \
             ORDER BY workplace_id, employee_id",
            crate::on::placeholders(1, chunk.len())
        );
        for r in on.fetch_all(&sql, &a).await? {
            if let Some(i) = index.get(&r.uuid("workplace_id")?) {
                list[*i].data.employee_ids.push(r.uuid("employee_id")?);
            }
        }
    }
    Ok(list)
}

pub async fn insert(
    tx: &mut Tx,
    facility_id: Uuid,
    department_id: Uuid,
    d: &WorkplaceData,
    now: DateTime<Utc>,
) -> Result<Workplace, StoreError> {
    let id = crate::new_id();
    tx.execute(
        "INSERT INTO workplaces (id, facility_id, department_id, name, room, inventory_number, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        &args![
            id.to_string(),
            facility_id.to_string(),
            department_id.to_string(),
            &d.name,
            d.room.clone(),
            d.inventory_number.as_str(),
            ts(now),
            ts(now)
        ],
    )
    .await?;
    set_employees(tx, id, &d.employee_ids).await?;
    Ok(Workplace {
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
    d: &WorkplaceData,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let n = tx
        .execute(
            "UPDATE workplaces SET name = $1, room = $2, inventory_number = $3, updated_at = $4 \
             WHERE id = $5 AND facility_id = $6",
            &args![
                &d.name,
                d.room.clone(),
                d.inventory_number.as_str(),
                ts(now),
                id.to_string(),
                facility_id.to_string()
            ],
        )
        .await?;
    if n == 0 {
        return Err(StoreError::NotFound);
    }
    set_employees(tx, id, &d.employee_ids).await
}

pub async fn get(
    on: impl Into<On<'_>>,
    facility_id: Uuid,
    id: Uuid,
) -> Result<Option<Workplace>, StoreError> {
    let mut on = on.into();
    let sql = format!("SELECT {COLS} FROM workplaces WHERE id = $1 AND facility_id = $2");
    let Some(r) = on
        .fetch_optional(&sql, &args![id.to_string(), facility_id.to_string()])
        .await?
    else {
        return Ok(None);
    };
    Ok(with_employees(&mut on, vec![from_row(&r)?]).await?.pop())
}

/// A page of a department's workplaces, oldest first.
pub async fn list(
    on: impl Into<On<'_>>,
    facility_id: Uuid,
    department_id: Uuid,
    after: Option<(String, Uuid)>,
    limit: i64,
) -> Result<Vec<Workplace>, StoreError> {
    let mut on = on.into();
    let mut sql =
        format!("SELECT {COLS} FROM workplaces WHERE facility_id = $1 AND department_id = $2");
    let mut a: Vec<Arg> = vec![
        facility_id.to_string().into(),
        department_id.to_string().into(),
    ];
    keyset_page(&mut sql, &mut a, after.as_ref(), false, limit);
    let list = on
        .fetch_all(&sql, &a)
        .await?
        .iter()
        .map(from_row)
        .collect::<Result<_, _>>()?;
    with_employees(&mut on, list).await
}

/// Every workplace of the facility (for the structure page and the FHIR export).
pub async fn all(on: impl Into<On<'_>>, facility_id: Uuid) -> Result<Vec<Workplace>, StoreError> {
    let mut on = on.into();
    let sql =
        format!("SELECT {COLS} FROM workplaces WHERE facility_id = $1 ORDER BY created_at, id");
    let list = on
        .fetch_all(&sql, &args![facility_id.to_string()])
        .await?
        .iter()
        .map(from_row)
        .collect::<Result<_, _>>()?;
    with_employees(&mut on, list).await
}
