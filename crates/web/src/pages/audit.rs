//! «Журнал аудиту»: the facility's audit log.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    Router,
    extract::{Path, State},
    response::IntoResponse,
    routing::get,
};
use ekrov_app::facility::grant::ViewAudit;

use crate::{
    AppState,
    pages::{administration::shared::*, error::PageResult, frame::PageCtx, viewer::Viewer},
};

pub fn router() -> Router<AppState> {
    Router::new().route("/facility/{fid}/audit", get(audit_page))
}

pub struct AuditRow {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub after: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin_audit.html")]
struct AuditPage {
    ctx: PageCtx,
    head: Head,
    rows: Vec<AuditRow>,
}

async fn audit_page(State(s): State<AppState>, v: Viewer, Path(fid): Path<String>) -> PageResult {
    let a = actor::<ViewAudit>(&s, &v, &fid).await?;
    let rows = s.app.facility_audit(&a, None, 200).await?;
    let rows = rows
        .into_iter()
        .map(|r| AuditRow {
            at: r.at.format("%d.%m.%Y %H:%M:%S UTC").to_string(),
            actor: r.actor_label,
            action: r.action,
            entity: format!("{} {}", r.entity, r.entity_id),
            after: r.after.map(|v| v.to_string()).unwrap_or_default(),
        })
        .collect();
    Ok(AuditPage {
        ctx: v.ctx("facility"),
        head: head(a.access(), "audit"),
        rows,
    }
    .into_response())
}
