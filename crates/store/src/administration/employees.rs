//! Employees of a facility. The same person may be an employee of several facilities, once each.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::{Arg, Row, StoreError, Tx, args, on::On, ts};
pub use ekrov_domain::administration::{Employee, EmployeeData};

const COLS: &str = "id, facility_id, surname, given_name, patronymic, person_code, email, phone, account_id, created_at, updated_at";

fn from_row(r: &Row) -> Result<Employee, StoreError> {
    Ok(Employee {
        id: r.uuid("id")?,
        facility_id: r.uuid("facility_id")?,
        data: EmployeeData {
            surname: r.text("surname")?,
            given_name: r.text("given_name")?,
            patronymic: r.opt_text("patronymic")?,
            person_code: r.parse("person_code")?,
            email: r.parse("email")?,
            phone: r.opt_parse("phone")?,
        },
        account_id: r.opt_uuid("account_id")?,
        created_at: r.instant("created_at")?,
        updated_at: r.instant("updated_at")?,
    })
}

/// Fails with [`StoreError::Unique`] on `person` when the facility employs the person already.
pub async fn insert(
    tx: &mut Tx,
    facility_id: Uuid,
    d: &EmployeeData,
    now: DateTime<Utc>,
) -> Result<Employee, StoreError> {
    let id = crate::new_id();
    tx.execute(
        "INSERT INTO employees (id, facility_id, surname, given_name, patronymic, person_code, person_code_kind, email, phone, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        &args![
            id.to_string(),
            facility_id.to_string(),
            &d.surname,
            &d.given_name,
            d.patronymic.clone(),
            d.person_code.as_str(),
            d.person_code.kind(),
            d.email.as_str(),
            d.phone.as_ref().map(|p| p.as_str().to_owned()),
            ts(now),
            ts(now)
        ],
    )
    .await?;
    Ok(Employee {
        id,
        facility_id,
        data: d.clone(),
        account_id: None,
        created_at: now,
        updated_at: now,
    })
}

pub async fn update(
    tx: &mut Tx,
    facility_id: Uuid,
    id: Uuid,
    d: &EmployeeData,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let n = tx
        .execute(
            "UPDATE employees SET surname = $1, given_name = $2, patronymic = $3, person_code = $4, person_code_kind = $5, \
             email = $6, phone = $7, updated_at = $8 WHERE id = $9 AND facility_id = $10",
            &args![
                &d.surname,
                &d.given_name,
                d.patronymic.clone(),
                d.person_code.as_str(),
                d.person_code.kind(),
                d.email.as_str(),
                d.phone.as_ref().map(|p| p.as_str().to_owned()),
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
) -> Result<Option<Employee>, StoreError> {
    let sql = format!("SELECT {COLS} FROM employees WHERE id = $1 AND facility_id = $2");
    on.into()
        .fetch_optional(&sql, &args![id.to_string(), facility_id.to_string()])
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

pub async fn by_person_code(
    tx: &mut Tx,
    facility_id: Uuid,
    code: &str,
) -> Result<Option<Employee>, StoreError> {
    let sql = format!("SELECT {COLS} FROM employees WHERE facility_id = $1 AND person_code = $2");
    tx.fetch_optional(&sql, &args![facility_id.to_string(), code])
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

/// Oldest first; `after` is the (created_at, id) of the last row of the previous page.
pub async fn list(
    on: impl Into<On<'_>>,
    facility_id: Uuid,
    after: Option<(String, Uuid)>,
    limit: i64,
) -> Result<Vec<Employee>, StoreError> {
    let mut sql = format!("SELECT {COLS} FROM employees WHERE facility_id = $1");
    let mut a: Vec<Arg> = vec![facility_id.to_string().into()];
    crate::keyset_page(&mut sql, &mut a, after.as_ref(), false, limit);
    on.into()
        .fetch_all(&sql, &a)
        .await?
        .iter()
        .map(from_row)
        .collect()
}

/// Link the employee record to the person's account (at accepting an invitation).
pub async fn set_account(
    tx: &mut Tx,
    id: Uuid,
    account_id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE employees SET account_id = $1, updated_at = $2 WHERE id = $3",
        &args![account_id.to_string(), ts(now), id.to_string()],
    )
    .await?;
    Ok(())
}

/// Is this account an employee of the facility (whatever their assignments)?
pub async fn account_in_facility(
    on: impl Into<On<'_>>,
    facility_id: Uuid,
    account_id: Uuid,
) -> Result<bool, StoreError> {
    Ok(on
        .into()
        .fetch_optional(
            "SELECT id FROM employees WHERE facility_id = $1 AND account_id = $2",
            &args![facility_id.to_string(), account_id.to_string()],
        )
        .await?
        .is_some())
}

/// The facilities where the account is an employee.
pub async fn facilities_of_account(
    on: impl Into<On<'_>>,
    account_id: Uuid,
) -> Result<Vec<Uuid>, StoreError> {
    on.into()
        .fetch_all(
            "SELECT DISTINCT facility_id FROM employees WHERE account_id = $1",
            &args![account_id.to_string()],
        )
        .await?
        .iter()
        .map(|r| r.uuid("facility_id"))
        .collect()
}

/// The facility's employees among `ids` (in chunks, inside either backend's parameter limit).
pub async fn by_ids(
    on: impl Into<On<'_>>,
    facility_id: Uuid,
    ids: &[Uuid],
) -> Result<Vec<Employee>, StoreError> {
    let mut on = on.into();
    let mut out = Vec::new();
    for chunk in ids.chunks(500) {
        let mut a: Vec<Arg> = vec![facility_id.to_string().into()];
        a.extend(chunk.iter().map(|i| Arg::from(i.to_string())));
        let sql = format!(
            "SELECT {COLS} FROM employees WHERE facility_id = $1 AND id IN ({})",
            crate::on::placeholders(2, chunk.len())
        );
        for r in on.fetch_all(&sql, &a).await? {
            out.push(from_row(&r)?);
        }
    }
    Ok(out)
}
