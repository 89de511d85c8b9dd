//! «Мої ресурси»: the workplaces and equipment of one's own positions, read-only.

use askama::Template;
use askama_web::WebTemplate;
use axum::{extract::State, response::IntoResponse};

use crate::{
    AppState,
    pages::{error::PageResult, frame::PageCtx, viewer::Viewer},
};

use super::department::EquipmentRow;

// ───────────── «Мої ресурси» ─────────────

pub struct MyRow {
    pub facility: String,
    pub department: String,
    pub unit: EquipmentRow,
}

#[derive(Template, WebTemplate)]
#[template(path = "my_resources.html")]
struct MyResourcesPage {
    ctx: PageCtx,
    rows: Vec<MyRow>,
}

pub(super) async fn my_resources_page(State(s): State<AppState>, v: Viewer) -> PageResult {
    let p = v.require()?;
    let items = s.app.my_resources(p).await?;
    let lang = v.lang;
    let today = s.app.today();
    let rows = items
        .into_iter()
        .map(|r| {
            let d = r.equipment.data;
            MyRow {
                facility: r.facility_name,
                department: r.department_name,
                unit: EquipmentRow::new(d, lang, today, String::new()),
            }
        })
        .collect();
    Ok(MyResourcesPage {
        ctx: v.ctx("my_resources"),
        rows,
    }
    .into_response())
}
