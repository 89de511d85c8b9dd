//! The product catalogue kept by the national operator.

use chrono::{DateTime, Utc};
use ekrov_domain::stock::{CatalogueEntry, ComponentClass, ProductDescriptionCode};

use super::corrupt;
use crate::{Row, StoreError, Tx, args, on::On, ts};

/// The name of the uniqueness rule on the code (PostgreSQL names the key, SQLite the column).
pub const CODE_UNIQUE: &str = "product_catalogue";

fn from_row(r: &Row, kinds: Vec<&'static str>) -> Result<CatalogueEntry, StoreError> {
    let code = r.text("code")?;
    let class = r.text("component_class")?;
    Ok(CatalogueEntry {
        code: ProductDescriptionCode::parse(&code).map_err(corrupt("product code", &code))?,
        title_uk: r.text("title_uk")?,
        title_en: r.text("title_en")?,
        component: ComponentClass::parse(&class).map_err(corrupt("component class", &class))?,
        equipment_kinds: kinds,
        shelf_life_days: u32::try_from(r.int("shelf_life_days")?)
            .map_err(|_| StoreError::Corrupt("shelf life".into()))?,
    })
}

/// The whole catalogue, by code.
pub async fn all(on: impl Into<On<'_>>) -> Result<Vec<CatalogueEntry>, StoreError> {
    let mut on = on.into();
    let kinds = on
        .fetch_all(
            "SELECT product_code, equipment_kind FROM product_equipment_kinds ORDER BY product_code, equipment_kind",
            &[],
        )
        .await?;
    let rows = on
        .fetch_all(
            "SELECT code, title_uk, title_en, component_class, shelf_life_days FROM product_catalogue ORDER BY code",
            &[],
        )
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let code = r.text("code")?;
        let mut ks = Vec::new();
        for k in &kinds {
            if k.text("product_code")? == code {
                let kind = k.text("equipment_kind")?;
                let known = ekrov_domain::EquipmentKind::parse(&kind)
                    .ok_or_else(|| StoreError::Corrupt(format!("equipment kind {kind:?}")))?;
                ks.push(known.code);
            }
        }
        out.push(from_row(r, ks)?);
    }
    Ok(out)
}

/// Fails with [`StoreError::Unique`] naming [`CODE_UNIQUE`] for a code already listed.
pub async fn insert(tx: &mut Tx, e: &CatalogueEntry, now: DateTime<Utc>) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO product_catalogue (code, title_uk, title_en, component_class, shelf_life_days, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6)",
        &args![
            e.code.as_str(),
            &e.title_uk,
            &e.title_en,
            e.component.code(),
            i64::from(e.shelf_life_days),
            ts(now)
        ],
    )
    .await?;
    for k in &e.equipment_kinds {
        tx.execute(
            "INSERT INTO product_equipment_kinds (product_code, equipment_kind) VALUES ($1, $2)",
            &args![e.code.as_str(), *k],
        )
        .await?;
    }
    Ok(())
}
