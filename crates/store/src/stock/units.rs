//! Consignments, units, the append-only event log and the on-hand table written beside it.

use chrono::{DateTime, Utc};
use ekrov_domain::stock::{
    AboRhD, ComponentClass, EventKind, UnitStatus,
    records::{Consignment, JournalRow, NewEvent, StockEvent, Unit, UnitState},
};
use uuid::Uuid;

use super::{corrupt, local, parse_local};
use crate::{Arg, Row, StoreError, Tx, args, on::On, ts};

/// The name of the uniqueness rule: one unit (DIN and product code) once per facility.
pub const UNIT_UNIQUE: &str = "unit_key";

fn consignment_from(r: &Row) -> Result<Consignment, StoreError> {
    Ok(Consignment {
        id: r.uuid("id")?,
        facility_id: r.uuid("facility_id")?,
        supplier: r.text("supplier")?,
        number: r.text("supplier_ref")?,
        arrived_at: r.instant("arrived_at")?,
        temperature_x10: r.opt_int("arrival_temp_x10")?,
        received_by: r.uuid("received_by")?,
        received_by_name: r.text("received_by_name")?,
        created_at: r.instant("created_at")?,
    })
}

const CONSIGNMENT_COLS: &str = "id, facility_id, supplier, supplier_ref, arrived_at, arrival_temp_x10, received_by, received_by_name, created_at";

pub async fn insert_consignment(tx: &mut Tx, c: &Consignment) -> Result<(), StoreError> {
    tx.execute(
        &format!("INSERT INTO consignments ({CONSIGNMENT_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"),
        &args![
            c.id.to_string(),
            c.facility_id.to_string(),
            &c.supplier,
            &c.number,
            ts(c.arrived_at),
            c.temperature_x10,
            c.received_by.to_string(),
            &c.received_by_name,
            ts(c.created_at)
        ],
    )
    .await?;
    Ok(())
}

pub async fn consignment(
    on: impl Into<On<'_>>,
    facility_id: Uuid,
    id: Uuid,
) -> Result<Option<Consignment>, StoreError> {
    on.into()
        .fetch_optional(
            &format!(
                "SELECT {CONSIGNMENT_COLS} FROM consignments WHERE id = $1 AND facility_id = $2"
            ),
            &args![id.to_string(), facility_id.to_string()],
        )
        .await?
        .as_ref()
        .map(consignment_from)
        .transpose()
}

const UNIT_COLS: &str = "u.id, u.facility_id, u.consignment_id, u.din, u.product_code, u.component_class, u.abo_rhd, u.expires_at, u.created_at";

fn unit_from(r: &Row) -> Result<Unit, StoreError> {
    unit_with_id(r, r.uuid("id")?, "created_at")
}

/// The unit's columns of a row whose `id` may be another table's (a join with the log).
fn unit_with_id(r: &Row, id: Uuid, created_at: &str) -> Result<Unit, StoreError> {
    let class = r.text("component_class")?;
    let group = r.text("abo_rhd")?;
    Ok(Unit {
        id,
        facility_id: r.uuid("facility_id")?,
        consignment_id: r.uuid("consignment_id")?,
        din: r.text("din")?,
        product_code: r.text("product_code")?,
        component: ComponentClass::parse(&class).map_err(corrupt("component class", &class))?,
        group: AboRhD::parse(&group)
            .ok_or_else(|| StoreError::Corrupt(format!("group {group:?}")))?,
        expires_at: parse_local(&r.text("expires_at")?)?,
        created_at: r.instant(created_at)?,
    })
}

fn state_from(r: &Row) -> Result<UnitState, StoreError> {
    let status = r
        .opt_text("status")?
        .map(|s| UnitStatus::parse(&s).map_err(corrupt("unit status", &s)))
        .transpose()?;
    Ok(UnitState {
        unit: unit_from(r)?,
        status,
        equipment_id: r.opt_uuid("equipment_id")?,
    })
}

/// The unit key of an ISBT 128 unit: its DIN with the full product code.
pub fn isbt_key(din: &str, product_code: &str) -> String {
    format!("isbt:{din}:{product_code}")
}

/// Is this unit already known to the facility?
pub async fn key_taken(tx: &mut Tx, facility_id: Uuid, key: &str) -> Result<bool, StoreError> {
    Ok(tx
        .fetch_optional(
            "SELECT id FROM units WHERE facility_id = $1 AND unit_key = $2",
            &args![facility_id.to_string(), key],
        )
        .await?
        .is_some())
}

/// Store a received unit (its label facts and the raw scan). Fails with [`StoreError::Unique`]
/// naming [`UNIT_UNIQUE`] for a unit already received.
pub async fn insert_unit(
    tx: &mut Tx,
    u: &Unit,
    flags: &str,
    raw_scan: Option<&str>,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO units (id, facility_id, consignment_id, unit_key, din, din_flags, product_code, catalogue_code, \
         component_class, abo_rhd, expires_at, raw_scan, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        &args![
            u.id.to_string(),
            u.facility_id.to_string(),
            u.consignment_id.to_string(),
            isbt_key(&u.din, &u.product_code),
            &u.din,
            flags,
            &u.product_code,
            u.product_code.get(..5).unwrap_or(&u.product_code),
            u.component.code(),
            u.group.code(),
            local(u.expires_at),
            raw_scan.map(str::to_owned),
            ts(u.created_at)
        ],
    )
    .await?;
    Ok(())
}

/// Append an event and bring the on-hand row in line with it, in the caller's transaction.
/// `status_after` comes from the domain's transition; a final status removes the row.
#[allow(clippy::too_many_arguments)]
pub async fn append(
    tx: &mut Tx,
    unit: &Unit,
    kind: EventKind,
    status_after: UnitStatus,
    actor: &crate::audit::Actor,
    e: &NewEvent,
    equipment_after: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<Uuid, StoreError> {
    let id = crate::new_id();
    let s = |v: Option<Uuid>| v.map(|x| x.to_string());
    tx.execute(
        "INSERT INTO stock_events (id, facility_id, unit_id, kind, status_after, at, actor_id, actor_name, equipment_id, \
         request_id, taken_by, reason_code, reason_text, exception_reason, exception_decided_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
        &args![
            id.to_string(),
            unit.facility_id.to_string(),
            unit.id.to_string(),
            kind.code(),
            status_after.code(),
            ts(now),
            s(actor.id),
            &actor.label,
            s(e.equipment_id),
            s(e.request_id),
            e.taken_by.clone(),
            e.reason_code.clone(),
            e.reason_text.clone(),
            e.exception_reason.clone(),
            s(e.exception_decided_by)
        ],
    )
    .await?;
    let seq = tx
        .fetch_optional(
            "SELECT seq FROM stock_events WHERE id = $1",
            &args![id.to_string()],
        )
        .await?
        .ok_or(StoreError::NotFound)?
        .int("seq")?;
    if status_after.is_final() {
        tx.execute(
            "DELETE FROM stock_on_hand WHERE unit_id = $1",
            &args![unit.id.to_string()],
        )
        .await?;
    } else if kind == EventKind::Received {
        tx.execute(
            "INSERT INTO stock_on_hand (unit_id, facility_id, equipment_id, status, component_class, abo_rhd, expires_at, last_seq) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            &args![
                unit.id.to_string(),
                unit.facility_id.to_string(),
                s(equipment_after),
                status_after.code(),
                unit.component.code(),
                unit.group.code(),
                local(unit.expires_at),
                seq
            ],
        )
        .await?;
    } else {
        tx.execute(
            "UPDATE stock_on_hand SET status = $1, equipment_id = $2, last_seq = $3 WHERE unit_id = $4",
            &args![status_after.code(), s(equipment_after), seq, unit.id.to_string()],
        )
        .await?;
    }
    Ok(id)
}

const STATE_FROM: &str = "FROM units u LEFT JOIN stock_on_hand h ON h.unit_id = u.id";

/// A unit of the facility with its current status.
pub async fn get(
    on: impl Into<On<'_>>,
    facility_id: Uuid,
    id: Uuid,
) -> Result<Option<UnitState>, StoreError> {
    on.into()
        .fetch_optional(
            &format!("SELECT {UNIT_COLS}, h.status, h.equipment_id {STATE_FROM} WHERE u.id = $1 AND u.facility_id = $2"),
            &args![id.to_string(), facility_id.to_string()],
        )
        .await?
        .as_ref()
        .map(state_from)
        .transpose()
}

/// Filters of the stock list.
#[derive(Debug, Clone, Default)]
pub struct StockFilter {
    pub equipment_id: Option<Uuid>,
    pub component: Option<ComponentClass>,
    pub abo: Option<&'static str>,
    pub rhd: Option<&'static str>,
    /// Only units expiring at or before this local time.
    pub expiring_by: Option<chrono::NaiveDateTime>,
    /// Only these statuses.
    pub statuses: Vec<UnitStatus>,
}

/// Units on hand matching the filter, first expiry first (the unit id breaks ties).
pub async fn on_hand(
    on: impl Into<On<'_>>,
    facility_id: Uuid,
    f: &StockFilter,
    limit: i64,
) -> Result<Vec<UnitState>, StoreError> {
    let mut sql = format!(
        "SELECT {UNIT_COLS}, h.status, h.equipment_id FROM stock_on_hand h JOIN units u ON u.id = h.unit_id WHERE h.facility_id = $1"
    );
    let mut a: Vec<Arg> = vec![facility_id.to_string().into()];
    let mut push = |sql: &mut String, cond: &str, v: Arg| {
        a.push(v);
        sql.push_str(&format!(" AND {cond} ${}", a.len()));
    };
    if let Some(e) = f.equipment_id {
        push(&mut sql, "h.equipment_id =", e.to_string().into());
    }
    if let Some(c) = f.component {
        push(&mut sql, "h.component_class =", c.code().into());
    }
    if let Some(by) = f.expiring_by {
        push(&mut sql, "h.expires_at <=", local(by).into());
    }
    let groups: Vec<&str> = AboRhD::all()
        .filter(|g| {
            f.abo.is_none_or(|x| g.abo.code() == x) && f.rhd.is_none_or(|x| g.rhd.code() == x)
        })
        .map(AboRhD::code)
        .collect();
    if groups.len() < 8 {
        let first = a.len() + 1;
        a.extend(groups.iter().map(|g| Arg::from(*g)));
        sql.push_str(&format!(
            " AND h.abo_rhd IN ({})",
            crate::on::placeholders(first, groups.len())
        ));
    }
    if !f.statuses.is_empty() {
        let first = a.len() + 1;
        a.extend(f.statuses.iter().map(|s| Arg::from(s.code())));
        sql.push_str(&format!(
            " AND h.status IN ({})",
            crate::on::placeholders(first, f.statuses.len())
        ));
    }
    a.push(limit.into());
    sql.push_str(&format!(" ORDER BY h.expires_at, u.id LIMIT ${}", a.len()));
    on.into()
        .fetch_all(&sql, &a)
        .await?
        .iter()
        .map(state_from)
        .collect()
}

const EVENT_COLS: &str = "e.seq, e.id, e.unit_id, e.kind, e.status_after, e.at, e.actor_id, e.actor_name, e.equipment_id, \
    e.request_id, e.taken_by, e.reason_code, e.reason_text, e.exception_reason, e.exception_decided_by";

fn event_from(r: &Row) -> Result<StockEvent, StoreError> {
    let kind = r.text("kind")?;
    let status = r.text("status_after")?;
    Ok(StockEvent {
        seq: r.int("seq")?,
        id: r.uuid("id")?,
        unit_id: r.uuid("unit_id")?,
        kind: EventKind::parse(&kind).map_err(corrupt("event kind", &kind))?,
        status_after: UnitStatus::parse(&status).map_err(corrupt("unit status", &status))?,
        at: r.instant("at")?,
        actor_id: r.opt_uuid("actor_id")?,
        actor_name: r.text("actor_name")?,
        equipment_id: r.opt_uuid("equipment_id")?,
        request_id: r.opt_uuid("request_id")?,
        taken_by: r.opt_text("taken_by")?,
        reason_code: r.opt_text("reason_code")?,
        reason_text: r.opt_text("reason_text")?,
        exception_reason: r.opt_text("exception_reason")?,
        exception_decided_by: r.opt_uuid("exception_decided_by")?,
    })
}

/// A unit's events, oldest first.
pub async fn events(
    on: impl Into<On<'_>>,
    facility_id: Uuid,
    unit_id: Uuid,
) -> Result<Vec<StockEvent>, StoreError> {
    on.into()
        .fetch_all(
            &format!("SELECT {EVENT_COLS} FROM stock_events e WHERE e.unit_id = $1 AND e.facility_id = $2 ORDER BY e.seq"),
            &args![unit_id.to_string(), facility_id.to_string()],
        )
        .await?
        .iter()
        .map(event_from)
        .collect()
}

/// The facility's whole log, oldest first (for recomputing the on-hand table).
pub async fn log(on: impl Into<On<'_>>, facility_id: Uuid) -> Result<Vec<StockEvent>, StoreError> {
    on.into()
        .fetch_all(
            &format!(
                "SELECT {EVENT_COLS} FROM stock_events e WHERE e.facility_id = $1 ORDER BY e.seq"
            ),
            &args![facility_id.to_string()],
        )
        .await?
        .iter()
        .map(event_from)
        .collect()
}

/// Units of the facility with this DIN (one per product code).
pub async fn by_din(
    on: impl Into<On<'_>>,
    facility_id: Uuid,
    din: &str,
) -> Result<Vec<UnitState>, StoreError> {
    on.into()
        .fetch_all(
            &format!("SELECT {UNIT_COLS}, h.status, h.equipment_id {STATE_FROM} WHERE u.facility_id = $1 AND u.din = $2 ORDER BY u.product_code"),
            &args![facility_id.to_string(), din],
        )
        .await?
        .iter()
        .map(state_from)
        .collect()
}

/// The journal of one kind of event in `[from, to)` (instants), oldest first.
pub async fn journal(
    on: impl Into<On<'_>>,
    facility_id: Uuid,
    kind: EventKind,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<JournalRow>, StoreError> {
    on.into()
        .fetch_all(
            &format!(
                "SELECT {EVENT_COLS}, u.facility_id, u.consignment_id, u.din, u.product_code, u.component_class, u.abo_rhd, \
                 u.expires_at, u.created_at AS unit_created_at, c.supplier, c.supplier_ref FROM stock_events e \
                 JOIN units u ON u.id = e.unit_id JOIN consignments c ON c.id = u.consignment_id \
                 WHERE e.facility_id = $1 AND e.kind = $2 AND e.at >= $3 AND e.at < $4 ORDER BY e.at, e.seq"
            ),
            &args![facility_id.to_string(), kind.code(), ts(from), ts(to)],
        )
        .await?
        .iter()
        .map(|r| {
            let event = event_from(r)?;
            Ok(JournalRow {
                unit: unit_with_id(r, event.unit_id, "unit_created_at")?,
                event,
                supplier: r.text("supplier")?,
                consignment_number: r.text("supplier_ref")?,
            })
        })
        .collect()
}

/// The on-hand table as stored: (unit, status, equipment) for the comparison with the log.
pub async fn on_hand_table(
    on: impl Into<On<'_>>,
    facility_id: Uuid,
) -> Result<Vec<(Uuid, UnitStatus, Option<Uuid>)>, StoreError> {
    on.into()
        .fetch_all(
            "SELECT unit_id, status, equipment_id FROM stock_on_hand WHERE facility_id = $1 ORDER BY unit_id",
            &args![facility_id.to_string()],
        )
        .await?
        .iter()
        .map(|r| {
            let s = r.text("status")?;
            Ok((
                r.uuid("unit_id")?,
                UnitStatus::parse(&s).map_err(corrupt("unit status", &s))?,
                r.opt_uuid("equipment_id")?,
            ))
        })
        .collect()
}
