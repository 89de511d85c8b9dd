//! Assignments (призначення): an employee in a position with role sets. invited → active → ended;
//! only active assignments grant their roles' permissions.

use chrono::{DateTime, Utc};
use std::collections::HashMap;
use uuid::Uuid;

use crate::{
    Arg, Row, StoreError, Tx, args, day,
    on::{On, placeholders},
    ts,
};
pub use ekrov_domain::administration::{
    Assignment, AssignmentData, AssignmentStatus as Status, Held,
};

const COLS: &str = "id, facility_id, position_id, employee_id, start_date, order_number, order_date, kind, status, \
    created_at, activated_at, ended_at";

fn from_row(r: &Row) -> Result<Assignment, StoreError> {
    Ok(Assignment {
        id: r.uuid("id")?,
        facility_id: r.uuid("facility_id")?,
        position_id: r.uuid("position_id")?,
        data: AssignmentData {
            employee_id: r.uuid("employee_id")?,
            role_ids: Vec::new(),
            start_date: r.date("start_date")?,
            order_number: r.text("order_number")?,
            order_date: r.date("order_date")?,
            kind: r.text("kind")?,
        },
        status: {
            let s = r.text("status")?;
            Status::parse(&s)
                .ok_or_else(|| StoreError::Corrupt(format!("assignment status {s:?}")))?
        },
        created_at: r.instant("created_at")?,
        activated_at: r.opt_instant("activated_at")?,
        ended_at: r.opt_instant("ended_at")?,
    })
}

async fn with_roles(
    on: &mut On<'_>,
    mut list: Vec<Assignment>,
) -> Result<Vec<Assignment>, StoreError> {
    if list.is_empty() {
        return Ok(list);
    }
    let mut by: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    // In chunks, to stay well inside either backend's limit on parameters.
    for chunk in list.chunks(500) {
        let ids: Vec<Arg> = chunk.iter().map(|a| a.id.to_string().into()).collect();
        let sql = format!(
            "SELECT assignment_id, role_id FROM assignment_roles WHERE assignment_id IN ({}) ORDER BY role_id",
            placeholders(1, ids.len())
        );
        for r in on.fetch_all(&sql, &ids).await? {
            by.entry(r.uuid("assignment_id")?)
                .or_default()
                .push(r.uuid("role_id")?);
        }
    }
    for a in &mut list {
        a.data.role_ids = by.remove(&a.id).unwrap_or_default();
    }
    Ok(list)
}

pub async fn insert(
    tx: &mut Tx,
    facility_id: Uuid,
    position_id: Uuid,
    d: &AssignmentData,
    now: DateTime<Utc>,
) -> Result<Assignment, StoreError> {
    let id = crate::new_id();
    tx.execute(
        "INSERT INTO assignments (id, facility_id, position_id, employee_id, start_date, order_number, order_date, kind, status, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'invited', $9)",
        &args![
            id.to_string(),
            facility_id.to_string(),
            position_id.to_string(),
            d.employee_id.to_string(),
            day(d.start_date),
            &d.order_number,
            day(d.order_date),
            &d.kind,
            ts(now)
        ],
    )
    .await?;
    let mut roles = d.role_ids.clone();
    roles.sort();
    roles.dedup();
    for r in &roles {
        tx.execute(
            "INSERT INTO assignment_roles (assignment_id, role_id) VALUES ($1, $2)",
            &args![id.to_string(), r.to_string()],
        )
        .await?;
    }
    let mut data = d.clone();
    data.role_ids = roles;
    Ok(Assignment {
        id,
        facility_id,
        position_id,
        data,
        status: Status::Invited,
        created_at: now,
        activated_at: None,
        ended_at: None,
    })
}

pub async fn get(
    on: impl Into<On<'_>>,
    facility_id: Uuid,
    id: Uuid,
) -> Result<Option<Assignment>, StoreError> {
    let mut on = on.into();
    let sql = format!("SELECT {COLS} FROM assignments WHERE id = $1 AND facility_id = $2");
    let Some(r) = on
        .fetch_optional(&sql, &args![id.to_string(), facility_id.to_string()])
        .await?
    else {
        return Ok(None);
    };
    Ok(with_roles(&mut on, vec![from_row(&r)?]).await?.pop())
}

/// Every assignment of the facility that has not ended, oldest first (for the structure page).
pub async fn current(
    on: impl Into<On<'_>>,
    facility_id: Uuid,
) -> Result<Vec<Assignment>, StoreError> {
    let mut on = on.into();
    let sql = format!(
        "SELECT {COLS} FROM assignments WHERE facility_id = $1 AND status <> 'ended' ORDER BY created_at, id"
    );
    let list = on
        .fetch_all(&sql, &args![facility_id.to_string()])
        .await?
        .iter()
        .map(from_row)
        .collect::<Result<_, _>>()?;
    with_roles(&mut on, list).await
}

/// A position's assignments, newest first.
pub async fn of_position(
    on: impl Into<On<'_>>,
    facility_id: Uuid,
    position_id: Uuid,
) -> Result<Vec<Assignment>, StoreError> {
    let mut on = on.into();
    let sql = format!(
        "SELECT {COLS} FROM assignments WHERE facility_id = $1 AND position_id = $2 ORDER BY created_at DESC, id"
    );
    let list = on
        .fetch_all(
            &sql,
            &args![facility_id.to_string(), position_id.to_string()],
        )
        .await?
        .iter()
        .map(from_row)
        .collect::<Result<_, _>>()?;
    with_roles(&mut on, list).await
}

/// Move an assignment from `from` to `to`; false when it was not in `from` (a race, or a repeat).
pub async fn transition(
    tx: &mut Tx,
    id: Uuid,
    from: Status,
    to: Status,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let col = match to {
        Status::Active => "activated_at",
        Status::Ended => "ended_at",
        Status::Invited => "created_at",
    };
    let n = tx
        .execute(
            &format!(
                "UPDATE assignments SET status = $1, {col} = $2 WHERE id = $3 AND status = $4"
            ),
            &args![to.as_str(), ts(now), id.to_string(), from.as_str()],
        )
        .await?;
    Ok(n == 1)
}

/// Revoke every live invitation link of an assignment.
pub async fn revoke_invitations(
    tx: &mut Tx,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<u64, StoreError> {
    tx.execute(
        "UPDATE links SET revoked_at = $1 WHERE kind = 'invitation' AND subject_id = $2 AND used_at IS NULL AND revoked_at IS NULL",
        &args![ts(now), id.to_string()],
    )
    .await
}

/// When the live (neither used nor revoked) invitation link of each of these assignments runs
/// out, for the ones that have such a link: an invited assignment without one, or with one past
/// its time, waits for a new invitation.
pub async fn invitation_deadlines(
    on: impl Into<On<'_>>,
    facility_id: Uuid,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, DateTime<Utc>>, StoreError> {
    let mut on = on.into();
    let mut out = HashMap::new();
    for chunk in ids.chunks(500) {
        let mut params: Vec<Arg> = vec![facility_id.to_string().into()];
        params.extend(chunk.iter().map(|a| Arg::from(a.to_string())));
        let sql = format!(
            "SELECT subject_id, expires_at FROM links WHERE facility_id = $1 AND kind = 'invitation' \
             AND used_at IS NULL AND revoked_at IS NULL AND subject_id IN ({})",
            placeholders(2, chunk.len())
        );
        for r in on.fetch_all(&sql, &params).await? {
            let at = r.instant("expires_at")?;
            let e = out.entry(r.uuid("subject_id")?).or_insert(at);
            if at > *e {
                *e = at;
            }
        }
    }
    Ok(out)
}

/// The permission codes the account's active assignments in the facility grant.
pub async fn granted_permissions(
    on: impl Into<On<'_>>,
    facility_id: Uuid,
    account_id: Uuid,
) -> Result<Vec<String>, StoreError> {
    on.into()
        .fetch_all(
            "SELECT DISTINCT rp.permission FROM employees e \
             JOIN assignments a ON a.employee_id = e.id AND a.status = 'active' \
             JOIN assignment_roles ar ON ar.assignment_id = a.id \
             JOIN role_permissions rp ON rp.role_id = ar.role_id \
             WHERE e.facility_id = $1 AND e.account_id = $2 AND a.facility_id = $1 ORDER BY rp.permission",
            &args![facility_id.to_string(), account_id.to_string()],
        )
        .await?
        .iter()
        .map(|r| r.text("permission"))
        .collect()
}

/// The positions the account actively holds in the facility.
pub async fn held_positions(
    on: impl Into<On<'_>>,
    facility_id: Uuid,
    account_id: Uuid,
) -> Result<Vec<Held>, StoreError> {
    on.into()
        .fetch_all(
            "SELECT a.id AS assignment_id, p.id AS position_id, p.title, d.id AS department_id, d.name AS department_name, a.kind \
             FROM employees e JOIN assignments a ON a.employee_id = e.id AND a.status = 'active' \
             JOIN positions p ON p.id = a.position_id JOIN departments d ON d.id = p.department_id \
             WHERE e.facility_id = $1 AND e.account_id = $2 ORDER BY d.name, p.title",
            &args![facility_id.to_string(), account_id.to_string()],
        )
        .await?
        .iter()
        .map(|r| {
            Ok(Held {
                assignment_id: r.uuid("assignment_id")?,
                position_id: r.uuid("position_id")?,
                title: r.text("title")?,
                department_id: r.uuid("department_id")?,
                department_name: r.text("department_name")?,
                kind: r.text("kind")?,
            })
        })
        .collect()
}

/// An invitation's assignment without knowing the facility (the link names it): for the link page.
pub async fn by_id_any(on: impl Into<On<'_>>, id: Uuid) -> Result<Option<Assignment>, StoreError> {
    let sql = format!("SELECT {COLS} FROM assignments WHERE id = $1");
    on.into()
        .fetch_optional(&sql, &args![id.to_string()])
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}
