//! The product catalogue: read by everyone who works with stock, kept by the national operator.

use ekrov_domain::stock::{CatalogueEntry, catalogue::demo_catalogue};
use ekrov_store::{
    audit::{self, Actor, Entry},
    stock::products,
};
use serde_json::json;

use crate::{App, AppError, AppResult, Operator, Principal, system_actor};

fn entry_json(e: &CatalogueEntry) -> serde_json::Value {
    json!({"code": e.code.as_str(), "title_uk": e.title_uk, "component": e.component.code(),
        "equipment_kinds": e.equipment_kinds, "shelf_life_days": e.shelf_life_days})
}

impl App {
    /// The catalogue; any logged-in person may read it (the principal proves the login).
    pub async fn products(&self, _p: &Principal) -> AppResult<Vec<CatalogueEntry>> {
        Ok(products::all(&self.db).await?)
    }

    /// Add a product (checked by `CatalogueEntry::parse`); 409 `duplicate_product`.
    pub async fn add_product(
        &self,
        op: &Operator<'_>,
        e: CatalogueEntry,
    ) -> AppResult<CatalogueEntry> {
        self.insert_product(&op.audit_actor(), e).await
    }

    async fn insert_product(&self, actor: &Actor, e: CatalogueEntry) -> AppResult<CatalogueEntry> {
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let dup = || {
            AppError::conflict(
                "duplicate_product",
                format!("Продукт з кодом {} уже є в каталозі", e.code.as_str()),
            )
        };
        if products::all(&mut tx)
            .await?
            .iter()
            .any(|x| x.code == e.code)
        {
            return Err(dup());
        }
        match products::insert(&mut tx, &e, now).await {
            Err(x) if x.is_unique_on(products::CODE_UNIQUE) => return Err(dup()),
            r => r?,
        }
        audit::append(
            &mut tx,
            actor,
            Entry {
                facility_id: None,
                action: "product.add",
                entity: "product",
                entity_id: e.code.as_str().to_owned(),
                before: None,
                after: Some(entry_json(&e)),
            },
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(e)
    }

    /// Demo mode: the demo catalogue, once (entries already present are kept as they are).
    pub async fn seed_demo_catalogue(&self) -> AppResult<usize> {
        let have = products::all(&self.db).await?;
        let mut added = 0;
        for e in demo_catalogue() {
            if have.iter().any(|x| x.code == e.code) {
                continue;
            }
            self.insert_product(&system_actor("demo catalogue"), e)
                .await?;
            added += 1;
        }
        Ok(added)
    }
}
