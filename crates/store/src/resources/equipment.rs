//! Equipment (обладнання) of a department: refrigerators, plasma freezers, platelet agitators…

use chrono::{DateTime, Utc};
use ekrov_domain::{EquipmentStatus, InventoryNumber, Tenths};
use uuid::Uuid;

use crate::{Arg, Row, StoreError, Tx, args, day, keyset_page, on::On, ts};
pub use ekrov_domain::resources::{Equipment, EquipmentData};

/// The name of the uniqueness rule: one serial number per manufacturer in a facility.
pub const SERIAL_UNIQUE: &str = "serial_key";

/// Manufacturer and serial number folded so that `AB-12`, `ab-12` and `AB - 12` are one unit.
pub fn serial_key(manufacturer: &str, serial: &str) -> String {
    let fold = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect()
    };
    format!("{}\u{1f}{}", fold(manufacturer), fold(serial))
}

const COLS: &str = "id, facility_id, department_id, workplace_id, kind, name, manufacturer, model, serial_number, \
    inventory_number, year_made, in_service_on, temp_min_x10, temp_max_x10, status, status_reason, last_check_on, \
    next_check_on, created_at, updated_at";

fn from_row(r: &Row) -> Result<Equipment, StoreError> {
    let inv = r.text("inventory_number")?;
    let status = r.text("status")?;
    Ok(Equipment {
        id: r.uuid("id")?,
        facility_id: r.uuid("facility_id")?,
        department_id: r.uuid("department_id")?,
        data: EquipmentData {
            kind: r.text("kind")?,
            name: r.text("name")?,
            manufacturer: r.text("manufacturer")?,
            model: r.text("model")?,
            serial_number: r.text("serial_number")?,
            inventory_number: InventoryNumber::parse(&inv)
                .map_err(|_| StoreError::Corrupt(format!("equipment inventory number {inv:?}")))?,
            year_made: r.opt_int("year_made")?,
            in_service_on: r.opt_parse("in_service_on")?,
            temp_min: Tenths(r.int("temp_min_x10")?),
            temp_max: Tenths(r.int("temp_max_x10")?),
            status: EquipmentStatus::parse(&status)
                .ok_or_else(|| StoreError::Corrupt(format!("equipment status {status:?}")))?,
            status_reason: r.opt_text("status_reason")?,
            last_check_on: r.opt_parse("last_check_on")?,
            next_check_on: r.opt_parse("next_check_on")?,
            workplace_id: r.opt_uuid("workplace_id")?,
        },
        created_at: r.instant("created_at")?,
        updated_at: r.instant("updated_at")?,
    })
}

fn values(d: &EquipmentData) -> Vec<Arg> {
    args![
        d.workplace_id.map(|w| w.to_string()),
        &d.kind,
        &d.name,
        &d.manufacturer,
        &d.model,
        &d.serial_number,
        serial_key(&d.manufacturer, &d.serial_number),
        d.inventory_number.as_str(),
        d.year_made,
        d.in_service_on.map(day),
        d.temp_min.0,
        d.temp_max.0,
        d.status.code(),
        d.status_reason.clone(),
        d.last_check_on.map(day),
        d.next_check_on.map(day)
    ]
    .to_vec()
}

/// The unit of the facility that has this manufacturer and serial number (folded), if any.
pub async fn serial_owner(
    tx: &mut Tx,
    facility_id: Uuid,
    manufacturer: &str,
    serial: &str,
) -> Result<Option<Uuid>, StoreError> {
    let key = serial_key(manufacturer, serial);
    tx.fetch_optional(
        "SELECT id FROM equipment WHERE facility_id = $1 AND serial_key = $2",
        &args![facility_id.to_string(), key],
    )
    .await?
    .map(|r| r.uuid("id"))
    .transpose()
}

/// Fails with [`StoreError::Unique`] naming [`SERIAL_UNIQUE`] for a unit entered already.
pub async fn insert(
    tx: &mut Tx,
    facility_id: Uuid,
    department_id: Uuid,
    d: &EquipmentData,
    now: DateTime<Utc>,
) -> Result<Equipment, StoreError> {
    let id = crate::new_id();
    let mut a: Vec<Arg> = args![
        id.to_string(),
        facility_id.to_string(),
        department_id.to_string()
    ]
    .to_vec();
    a.extend(values(d));
    a.push(ts(now).into());
    a.push(ts(now).into());
    tx.execute(
        "INSERT INTO equipment (id, facility_id, department_id, workplace_id, kind, name, manufacturer, model, \
         serial_number, serial_key, inventory_number, year_made, in_service_on, temp_min_x10, temp_max_x10, status, \
         status_reason, last_check_on, next_check_on, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)",
        &a,
    )
    .await?;
    Ok(Equipment {
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
    d: &EquipmentData,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let mut a = values(d);
    a.push(ts(now).into());
    a.push(id.to_string().into());
    a.push(facility_id.to_string().into());
    let n = tx
        .execute(
            "UPDATE equipment SET workplace_id = $1, kind = $2, name = $3, manufacturer = $4, model = $5, \
             serial_number = $6, serial_key = $7, inventory_number = $8, year_made = $9, in_service_on = $10, \
             temp_min_x10 = $11, temp_max_x10 = $12, status = $13, status_reason = $14, last_check_on = $15, \
             next_check_on = $16, updated_at = $17 WHERE id = $18 AND facility_id = $19",
            &a,
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
) -> Result<Option<Equipment>, StoreError> {
    let sql = format!("SELECT {COLS} FROM equipment WHERE id = $1 AND facility_id = $2");
    on.into()
        .fetch_optional(&sql, &args![id.to_string(), facility_id.to_string()])
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

/// A page of a department's equipment, oldest first.
pub async fn list(
    on: impl Into<On<'_>>,
    facility_id: Uuid,
    department_id: Uuid,
    after: Option<(String, Uuid)>,
    limit: i64,
) -> Result<Vec<Equipment>, StoreError> {
    let mut sql =
        format!("SELECT {COLS} FROM equipment WHERE facility_id = $1 AND department_id = $2");
    let mut a: Vec<Arg> = vec![
        facility_id.to_string().into(),
        department_id.to_string().into(),
    ];
    keyset_page(&mut sql, &mut a, after.as_ref(), false, limit);
    on.into()
        .fetch_all(&sql, &a)
        .await?
        .iter()
        .map(from_row)
        .collect()
}

/// Every unit of the facility (for the structure page and the FHIR export).
pub async fn all(on: impl Into<On<'_>>, facility_id: Uuid) -> Result<Vec<Equipment>, StoreError> {
    let sql =
        format!("SELECT {COLS} FROM equipment WHERE facility_id = $1 ORDER BY created_at, id");
    on.into()
        .fetch_all(&sql, &args![facility_id.to_string()])
        .await?
        .iter()
        .map(from_row)
        .collect()
}

/// «Мої ресурси»: the equipment of every department where the account holds an active
/// assignment, in any facility, with the facility's and the department's names.
pub async fn of_account(
    on: impl Into<On<'_>>,
    account_id: Uuid,
) -> Result<Vec<(Equipment, String, String)>, StoreError> {
    let cols = COLS
        .split(", ")
        .map(|c| format!("e.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT {cols}, f.short_name AS facility_name, d.name AS department_name \
         FROM equipment e JOIN departments d ON d.id = e.department_id JOIN facilities f ON f.id = e.facility_id \
         WHERE e.department_id IN ( \
             SELECT p.department_id FROM assignments a \
             JOIN positions p ON p.id = a.position_id \
             JOIN employees em ON em.id = a.employee_id \
             WHERE em.account_id = $1 AND a.status = 'active') \
         ORDER BY f.short_name, d.name, e.kind, e.created_at, e.id"
    );
    on.into()
        .fetch_all(&sql, &args![account_id.to_string()])
        .await?
        .iter()
        .map(|r| {
            Ok((
                from_row(r)?,
                r.text("facility_name")?,
                r.text("department_name")?,
            ))
        })
        .collect()
}
