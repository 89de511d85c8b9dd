//! Registered facilities (ЗОЗ).

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::{
    Arg, Db, Row, StoreError, Tx, args,
    registration::applications::{FacilityData, facility_data},
    ts,
};
pub use ekrov_domain::registration::Facility;

const COLS: &str = "id, edrpou, full_name, short_name, name_en, address, region, head_name, chief_accountant_name, \
    provides_transfusion, application_id, admin_surname, admin_given_name, admin_patronymic, admin_rnokpp, \
    admin_email, admin_phone, admin_account_id, created_at";

fn from_row(r: &Row) -> Result<Facility, StoreError> {
    Ok(Facility {
        id: r.uuid("id")?,
        data: facility_data(r, "admin_")?,
        application_id: r.uuid("application_id")?,
        admin_account_id: r.opt_uuid("admin_account_id")?,
        created_at: r.instant("created_at")?,
    })
}

/// Fails with [`StoreError::Unique`] on `edrpou` when the code is registered already.
pub async fn insert(
    tx: &mut Tx,
    id: Uuid,
    d: &FacilityData,
    application_id: Uuid,
    now: DateTime<Utc>,
) -> Result<Facility, StoreError> {
    tx.execute(
        &format!(
            "INSERT INTO facilities ({COLS}) VALUES \
             ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)"
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
            application_id.to_string(),
            &d.admin.surname,
            &d.admin.given_name,
            d.admin.patronymic.clone(),
            d.admin.rnokpp.as_str(),
            d.admin.email.as_str(),
            d.admin.phone.as_str(),
            Option::<String>::None,
            ts(now),
        ],
    )
    .await?;
    Ok(Facility {
        id,
        data: d.clone(),
        application_id,
        admin_account_id: None,
        created_at: now,
    })
}

pub async fn get(db: &Db, id: Uuid) -> Result<Option<Facility>, StoreError> {
    let sql = format!("SELECT {COLS} FROM facilities WHERE id = $1");
    db.fetch_optional(&sql, &args![id.to_string()])
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

pub async fn get_tx(tx: &mut Tx, id: Uuid) -> Result<Option<Facility>, StoreError> {
    let sql = format!("SELECT {COLS} FROM facilities WHERE id = $1");
    tx.fetch_optional(&sql, &args![id.to_string()])
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

pub async fn exists_edrpou(tx: &mut Tx, edrpou: &str) -> Result<bool, StoreError> {
    Ok(tx
        .fetch_optional(
            "SELECT id FROM facilities WHERE edrpou = $1",
            &args![edrpou],
        )
        .await?
        .is_some())
}

#[derive(Debug, Default, Clone)]
pub struct Filter {
    pub region: Option<String>,
    pub after: Option<(String, Uuid)>,
    pub limit: i64,
}

/// Newest first.
pub async fn list(db: &Db, f: &Filter) -> Result<Vec<Facility>, StoreError> {
    let mut sql = format!("SELECT {COLS} FROM facilities WHERE 1=1");
    let mut a: Vec<Arg> = Vec::new();
    if let Some(r) = &f.region {
        a.push(r.clone().into());
        sql += &format!(" AND region = ${}", a.len());
    }
    crate::keyset_page(&mut sql, &mut a, f.after.as_ref(), true, f.limit);
    db.fetch_all(&sql, &a).await?.iter().map(from_row).collect()
}

pub async fn set_admin_account(
    tx: &mut Tx,
    facility: Uuid,
    account: Uuid,
) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE facilities SET admin_account_id = $1 WHERE id = $2",
        &args![account.to_string(), facility.to_string()],
    )
    .await?;
    Ok(())
}

pub async fn count(db: &Db) -> Result<i64, StoreError> {
    db.fetch_one("SELECT COUNT(*) AS n FROM facilities", &[])
        .await?
        .int("n")
}

/// The facilities whose administrator this account is.
pub async fn administered_by(db: &Db, account: Uuid) -> Result<Vec<Facility>, StoreError> {
    let sql =
        format!("SELECT {COLS} FROM facilities WHERE admin_account_id = $1 ORDER BY short_name");
    db.fetch_all(&sql, &args![account.to_string()])
        .await?
        .iter()
        .map(from_row)
        .collect()
}
