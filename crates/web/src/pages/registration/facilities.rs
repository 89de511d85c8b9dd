//! The operator's «Заклади»: registered facilities, their first login.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    Form, Router,
    extract::{Path, Query, State},
    response::{IntoResponse, Redirect},
    routing::{get, post},
};
use ekrov_app::AppError;
use ekrov_domain::Region;
use serde::Deserialize;

use super::flash::flash_text;
use crate::{
    AppState,
    i18n::Lang,
    pages::access::CsrfForm,
    pages::{error::PageResult, frame::PageCtx, viewer::Viewer},
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/operator/facilities", get(facilities))
        .route(
            "/operator/facilities/{id}/first-login",
            post(resend_first_login),
        )
}

struct FacilityRow {
    id: String,
    short_name: String,
    name_en: String,
    edrpou: String,
    region: String,
    admin: String,
    admin_email: String,
    first_login_done: bool,
    link_state: String,
    done: u32,
    total: u32,
    percent: u32,
    next: Option<&'static str>,
    invitations_pending: i64,
    invitations_expired: i64,
}

#[derive(Template, WebTemplate)]
#[template(path = "facilities.html")]
struct FacilitiesPage {
    ctx: PageCtx,
    rows: Vec<FacilityRow>,
    flash: Option<String>,
    regions: Vec<(&'static str, bool)>,
    /// (code, title, selected)
    steps: Vec<(&'static str, &'static str, bool)>,
    invitations: Vec<(&'static str, &'static str, bool)>,
    /// The filters as a query string, for the CSV link.
    query: String,
}

#[derive(Deserialize)]
struct FacilitiesQuery {
    flash: Option<String>,
    region: Option<String>,
    step_missing: Option<String>,
    invitations: Option<String>,
}

async fn facilities(
    State(s): State<AppState>,
    v: Viewer,
    Query(q): Query<FacilitiesQuery>,
) -> PageResult {
    use ekrov_app::onboarding::{InvitationFilter, NationalQuery, STEPS, step_def};
    let p = v.require()?;
    let nonempty = |o: &Option<String>| o.as_deref().filter(|x| !x.is_empty()).map(str::to_owned);
    let region = nonempty(&q.region).and_then(|r| Region::parse(&r).ok());
    let step = nonempty(&q.step_missing)
        .and_then(|c| step_def(&c))
        .filter(|s| !s.optional);
    let inv = match q.invitations.as_deref() {
        Some("pending") => Some(InvitationFilter::Pending),
        Some("expired") => Some(InvitationFilter::Expired),
        _ => None,
    };
    let result = async {
        let op = p.as_operator()?;
        s.app
            .national_progress(
                &op,
                &NationalQuery {
                    region: region.map(|r| r.name_uk().to_owned()),
                    missing_step: step,
                    invitations: inv,
                    after: None,
                    limit: Some(500),
                },
            )
            .await
    }
    .await;
    let rows = result?;
    let ctx = v.ctx("facilities");
    let en = v.lang == Lang::En;
    let rows = rows
        .into_iter()
        .map(|r| {
            let d = &r.facility.data;
            let c = &r.checklist;
            FacilityRow {
                id: r.facility.id.to_string(),
                short_name: d.short_name.clone(),
                name_en: d.name_en.clone(),
                edrpou: d.edrpou.as_str().to_owned(),
                region: d.region.name_uk().to_owned(),
                admin: format!("{} {}", d.admin.surname, d.admin.given_name),
                admin_email: d.admin.email.as_str().to_owned(),
                first_login_done: c.counts.first_login,
                link_state: r
                    .first_login_link
                    .map(|(st, exp)| {
                        format!("{} · {}", st.as_str(), exp.format("%d.%m.%Y %H:%M UTC"))
                    })
                    .unwrap_or_default(),
                done: c.done,
                total: c.total,
                percent: c.percent(),
                next: c
                    .next()
                    .map(|s| if en { s.def.title_en } else { s.def.title_uk }),
                invitations_pending: c.counts.invitations_pending,
                invitations_expired: c.counts.invitations_expired,
            }
        })
        .collect();
    let mut query = Vec::new();
    if let Some(r) = region {
        query.push(format!("region={}", urlencode(r.name_uk())));
    }
    if let Some(st) = step {
        query.push(format!("step_missing={}", st.code));
    }
    if let Some(i) = q.invitations.as_deref().filter(|_| inv.is_some()) {
        query.push(format!("invitations={i}"));
    }
    Ok(FacilitiesPage {
        flash: flash_text(ctx.tr, q.flash.as_deref()),
        regions: Region::all()
            .iter()
            .map(|r| (r.name_uk(), Some(*r) == region))
            .collect(),
        steps: STEPS
            .iter()
            .filter(|s| !s.optional)
            .map(|s| {
                (
                    s.code,
                    if en { s.title_en } else { s.title_uk },
                    step.is_some_and(|x| x.code == s.code),
                )
            })
            .collect(),
        invitations: vec![
            (
                "pending",
                ctx.tr.t("nat_inv_pending"),
                inv == Some(InvitationFilter::Pending),
            ),
            (
                "expired",
                ctx.tr.t("nat_inv_expired"),
                inv == Some(InvitationFilter::Expired),
            ),
        ],
        query: query.join("&"),
        ctx,
        rows,
    }
    .into_response())
}

/// Percent-encode a query value (what is not unreserved).
fn urlencode(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

async fn resend_first_login(
    State(s): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
    Form(f): Form<CsrfForm>,
) -> PageResult {
    let p = v.check_csrf(&f.csrf)?;
    let result = async {
        let op = p.as_operator()?;
        let id = id
            .parse::<uuid::Uuid>()
            .map_err(|_| AppError::NotFound("заклад"))?;
        s.app.resend_first_login(&op, id).await
    }
    .await;
    result?;
    Ok(Redirect::to("/operator/facilities?flash=resent").into_response())
}
