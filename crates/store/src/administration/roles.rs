//! Role sets (рольові набори) of a facility: named sets of permission codes.

use chrono::{DateTime, Utc};
use std::collections::HashMap;
use uuid::Uuid;

use crate::{
    Arg, Row, StoreError, Tx, args,
    on::{On, placeholders},
    ts,
};
pub use ekrov_domain::administration::Role;

const COLS: &str = "id, facility_id, name, description, created_at, updated_at";

fn from_row(r: &Row) -> Result<Role, StoreError> {
    Ok(Role {
        id: r.uuid("id")?,
        facility_id: r.uuid("facility_id")?,
        name: r.text("name")?,
        description: r.text("description")?,
        permissions: Vec::new(),
        created_at: r.instant("created_at")?,
        updated_at: r.instant("updated_at")?,
    })
}

async fn with_permissions(on: &mut On<'_>, mut roles: Vec<Role>) -> Result<Vec<Role>, StoreError> {
    if roles.is_empty() {
        return Ok(roles);
    }
    let ids: Vec<Arg> = roles.iter().map(|r| r.id.to_string().into()).collect();
    let sql = format!(
        "SELECT role_id, permission FROM role_permissions WHERE role_id IN ({}) ORDER BY permission",
        placeholders(1, ids.len())
    );
    let mut by_role: HashMap<Uuid, Vec<String>> = HashMap::new();
    for r in on.fetch_all(&sql, &ids).await? {
        by_role
            .entry(r.uuid("role_id")?)
            .or_default()
            .push(r.text("permission")?);
    }
    for role in &mut roles {
        role.permissions = by_role.remove(&role.id).unwrap_or_default();
    }
    Ok(roles)
}

async fn set_permissions(tx: &mut Tx, id: Uuid, permissions: &[String]) -> Result<(), StoreError> {
    tx.execute(
        "DELETE FROM role_permissions WHERE role_id = $1",
        &args![id.to_string()],
    )
    .await?;
    for p in permissions {
        tx.execute(
            "INSERT INTO role_permissions (role_id, permission) VALUES ($1, $2)",
            &args![id.to_string(), p],
        )
        .await?;
    }
    Ok(())
}

/// Fails with [`StoreError::Unique`] on `name` when the facility has a role of that name.
pub async fn insert(
    tx: &mut Tx,
    facility_id: Uuid,
    name: &str,
    description: &str,
    permissions: &[String],
    now: DateTime<Utc>,
) -> Result<Role, StoreError> {
    let id = crate::new_id();
    tx.execute(
        "INSERT INTO roles (id, facility_id, name, description, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6)",
        &args![id.to_string(), facility_id.to_string(), name, description, ts(now), ts(now)],
    )
    .await?;
    let mut permissions = permissions.to_vec();
    permissions.sort();
    permissions.dedup();
    set_permissions(tx, id, &permissions).await?;
    Ok(Role {
        id,
        facility_id,
        name: name.to_owned(),
        description: description.to_owned(),
        permissions,
        created_at: now,
        updated_at: now,
    })
}

pub async fn update(
    tx: &mut Tx,
    facility_id: Uuid,
    id: Uuid,
    name: &str,
    description: &str,
    permissions: &[String],
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let n = tx
        .execute(
            "UPDATE roles SET name = $1, description = $2, updated_at = $3 WHERE id = $4 AND facility_id = $5",
            &args![name, description, ts(now), id.to_string(), facility_id.to_string()],
        )
        .await?;
    if n == 0 {
        return Err(StoreError::NotFound);
    }
    let mut permissions = permissions.to_vec();
    permissions.sort();
    permissions.dedup();
    set_permissions(tx, id, &permissions).await
}

pub async fn get(
    on: impl Into<On<'_>>,
    facility_id: Uuid,
    id: Uuid,
) -> Result<Option<Role>, StoreError> {
    let mut on = on.into();
    let sql = format!("SELECT {COLS} FROM roles WHERE id = $1 AND facility_id = $2");
    let Some(r) = on
        .fetch_optional(&sql, &args![id.to_string(), facility_id.to_string()])
        .await?
    else {
        return Ok(None);
    };
    Ok(with_permissions(&mut on, vec![from_row(&r)?]).await?.pop())
}

/// The facility's roles among `ids` (others' ids are simply not found).
pub async fn by_ids(
    on: impl Into<On<'_>>,
    facility_id: Uuid,
    ids: &[Uuid],
) -> Result<Vec<Role>, StoreError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut on = on.into();
    let mut a: Vec<Arg> = vec![facility_id.to_string().into()];
    a.extend(ids.iter().map(|i| Arg::from(i.to_string())));
    let sql = format!(
        "SELECT {COLS} FROM roles WHERE facility_id = $1 AND id IN ({}) ORDER BY name",
        placeholders(2, ids.len())
    );
    let roles = on
        .fetch_all(&sql, &a)
        .await?
        .iter()
        .map(from_row)
        .collect::<Result<_, _>>()?;
    with_permissions(&mut on, roles).await
}

/// A page of the facility's roles, oldest first; `after` is the (created_at, id) of the last row
/// of the previous page.
pub async fn list(
    on: impl Into<On<'_>>,
    facility_id: Uuid,
    after: Option<(String, Uuid)>,
    limit: i64,
) -> Result<Vec<Role>, StoreError> {
    let mut on = on.into();
    let mut sql = format!("SELECT {COLS} FROM roles WHERE facility_id = $1");
    let mut a: Vec<Arg> = vec![facility_id.to_string().into()];
    crate::keyset_page(&mut sql, &mut a, after.as_ref(), false, limit);
    let roles = on
        .fetch_all(&sql, &a)
        .await?
        .iter()
        .map(from_row)
        .collect::<Result<_, _>>()?;
    with_permissions(&mut on, roles).await
}

/// Where a role is used: (assignment id, status, employee's name, position title), newest first.
pub async fn usage(
    tx: &mut Tx,
    role_id: Uuid,
) -> Result<Vec<(Uuid, String, String, String)>, StoreError> {
    let rows = tx
        .fetch_all(
            "SELECT a.id, a.status, e.surname, e.given_name, p.title FROM assignment_roles ar \
             JOIN assignments a ON a.id = ar.assignment_id JOIN employees e ON e.id = a.employee_id \
             JOIN positions p ON p.id = a.position_id WHERE ar.role_id = $1 ORDER BY a.created_at DESC",
            &args![role_id.to_string()],
        )
        .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.uuid("id")?,
                r.text("status")?,
                format!("{} {}", r.text("surname")?, r.text("given_name")?),
                r.text("title")?,
            ))
        })
        .collect()
}

/// Delete a role; its links to ended assignments go with it (the audit log keeps the history).
pub async fn delete(tx: &mut Tx, facility_id: Uuid, id: Uuid) -> Result<(), StoreError> {
    tx.execute(
        "DELETE FROM assignment_roles WHERE role_id = $1",
        &args![id.to_string()],
    )
    .await?;
    tx.execute(
        "DELETE FROM role_permissions WHERE role_id = $1",
        &args![id.to_string()],
    )
    .await?;
    let n = tx
        .execute(
            "DELETE FROM roles WHERE id = $1 AND facility_id = $2",
            &args![id.to_string(), facility_id.to_string()],
        )
        .await?;
    if n == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}
