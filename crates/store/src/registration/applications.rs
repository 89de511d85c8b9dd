//! Facility applications (заяви) received by the national operator.

use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use crate::{Arg, Db, Row, StoreError, Tx, args, day, ts};
pub use ekrov_domain::registration::{
    AdminPerson, Application, ApplicationStatus as Status, FacilityData,
};

const COLS: &str = "id, edrpou, full_name, short_name, name_en, address, region, head_name, chief_accountant_name, \
    provides_transfusion, received_on, due_on, admin_surname, admin_given_name, admin_patronymic, admin_rnokpp, \
    admin_email, admin_phone, status, reject_reason, facility_id, created_at, decided_at";

pub(crate) fn facility_data(r: &Row, admin_prefix: &str) -> Result<FacilityData, StoreError> {
    let col = |c: &str| format!("{admin_prefix}{c}");
    Ok(FacilityData {
        edrpou: r.parse("edrpou")?,
        full_name: r.text("full_name")?,
        short_name: r.text("short_name")?,
        name_en: r.text("name_en")?,
        address: r.text("address")?,
        region: r.parse("region")?,
        head_name: r.text("head_name")?,
        chief_accountant_name: r.text("chief_accountant_name")?,
        provides_transfusion: r.bool("provides_transfusion")?,
        admin: AdminPerson {
            surname: r.text(&col("surname"))?,
            given_name: r.text(&col("given_name"))?,
            patronymic: r.opt_text(&col("patronymic"))?,
            rnokpp: r.parse(&col("rnokpp"))?,
            email: r.parse(&col("email"))?,
            phone: r.parse(&col("phone"))?,
        },
    })
}

fn from_row(r: &Row) -> Result<Application, StoreError> {
    let status = r.text("status")?;
    Ok(Application {
        id: r.uuid("id")?,
        data: facility_data(r, "admin_")?,
        received_on: r.date("received_on")?,
        due_on: r.date("due_on")?,
        status: Status::parse(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("status {status:?}")))?,
        reject_reason: r.opt_text("reject_reason")?,
        facility_id: r.opt_uuid("facility_id")?,
        created_at: r.instant("created_at")?,
        decided_at: r.opt_instant("decided_at")?,
    })
}

pub async fn insert(
    tx: &mut Tx,
    id: Uuid,
    d: &FacilityData,
    received_on: NaiveDate,
    due_on: NaiveDate,
    created_by: Uuid,
    now: DateTime<Utc>,
) -> Result<Application, StoreError> {
    tx.execute(
        &format!(
            "INSERT INTO applications ({COLS}, created_by) VALUES \
             ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24)"
        ),
        &args![
            id.to_string(),
            d.edrpou.as_str(),
            &d.full_name,
            &d.short_name,
            &d.name_en,
            &d.address,
            d.region.name_uk(),
            &d.head_name,
            &d.chief_accountant_name,
            d.provides_transfusion,
            day(received_on),
            day(due_on),
            &d.admin.surname,
            &d.admin.given_name,
            d.admin.patronymic.clone(),
            d.admin.rnokpp.as_str(),
            d.admin.email.as_str(),
            d.admin.phone.as_str(),
            Status::Received.as_str(),
            Option::<String>::None,
            Option::<String>::None,
            ts(now),
            Option::<String>::None,
            created_by.to_string(),
        ],
    )
    .await?;
    Ok(Application {
        id,
        data: d.clone(),
        received_on,
        due_on,
        status: Status::Received,
        reject_reason: None,
        facility_id: None,
        created_at: now,
        decided_at: None,
    })
}

pub async fn get(db: &Db, id: Uuid) -> Result<Option<Application>, StoreError> {
    let sql = format!("SELECT {COLS} FROM applications WHERE id = $1");
    db.fetch_optional(&sql, &args![id.to_string()])
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

/// Read an application and hold it for a decision in this transaction.
pub async fn get_for_update(tx: &mut Tx, id: Uuid) -> Result<Option<Application>, StoreError> {
    let lock = match tx.backend() {
        crate::Backend::Postgres => " FOR UPDATE",
        crate::Backend::Sqlite => "", // BEGIN IMMEDIATE already holds the write lock
    };
    let sql = format!("SELECT {COLS} FROM applications WHERE id = $1{lock}");
    tx.fetch_optional(&sql, &args![id.to_string()])
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

#[derive(Debug, Default, Clone)]
pub struct Filter {
    pub status: Option<Status>,
    /// Only undecided applications whose due date has passed (`today` > due_on).
    pub overdue_on: Option<NaiveDate>,
    /// Keyset cursor: (created_at, id) of the last row of the previous page.
    pub after: Option<(String, Uuid)>,
    pub limit: i64,
}

/// Newest first.
pub async fn list(db: &Db, f: &Filter) -> Result<Vec<Application>, StoreError> {
    let mut sql = format!("SELECT {COLS} FROM applications WHERE 1=1");
    let mut a: Vec<Arg> = Vec::new();
    if let Some(s) = f.status {
        a.push(s.as_str().into());
        sql += &format!(" AND status = ${}", a.len());
    }
    if let Some(today) = f.overdue_on {
        a.push(day(today).into());
        sql += &format!(" AND status = 'received' AND due_on < ${}", a.len());
    }
    crate::keyset_page(&mut sql, &mut a, f.after.as_ref(), true, f.limit);
    db.fetch_all(&sql, &a).await?.iter().map(from_row).collect()
}

pub async fn decide(
    tx: &mut Tx,
    id: Uuid,
    status: Status,
    reason: Option<&str>,
    facility_id: Option<Uuid>,
    by: Uuid,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    // The status guard makes a race between two deciders harmless: the second changes nothing.
    let n = tx
        .execute(
            "UPDATE applications SET status = $1, reject_reason = $2, facility_id = $3, decided_by = $4, decided_at = $5 \
             WHERE id = $6 AND status = 'received'",
            &args![
                status.as_str(),
                reason,
                facility_id.map(|f| f.to_string()),
                by.to_string(),
                ts(now),
                id.to_string()
            ],
        )
        .await?;
    if n == 1 {
        Ok(())
    } else {
        Err(StoreError::NotFound)
    }
}

pub async fn count(db: &Db) -> Result<i64, StoreError> {
    db.fetch_one("SELECT COUNT(*) AS n FROM applications", &[])
        .await?
        .int("n")
}
