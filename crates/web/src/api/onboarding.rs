//! Onboarding: a facility's checklist of the seed's steps (with its open invitations) and its
//! structure as FHIR; the operator's national view of every facility's progress, as JSON pages or
//! CSV.

use axum::{
    Json,
    extract::{Path, State},
    http::header,
    response::{IntoResponse, Response},
};
use chrono::{DateTime, Utc};
use ekrov_app::{
    facility::grant::{ViewOnboarding, ViewStructure},
    onboarding::{Checklist, InvitationFilter, NationalQuery, step_def},
};
use ekrov_domain::{Region, onboarding::OpenInvitation};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::registration::facilities::FacilityOut;
use crate::{
    AppState,
    api::{Page, PageQuery, fid, paginate},
    error::{ApiResult, ErrorBody},
    extract::{Auth, Query},
};

#[derive(Deserialize, utoipa::IntoParams)]
pub struct ListQuery {
    /// One of the 27 regions.
    region: Option<String>,
    /// Only facilities where this onboarding step is not done (a step code of `GET …/onboarding`).
    step_missing: Option<String>,
    /// `pending` or `expired`: only facilities with such invitations.
    invitations: Option<String>,
    /// Default 50, at most 500.
    limit: Option<i64>,
    /// From `next_cursor` of the previous page.
    cursor: Option<String>,
}

impl ListQuery {
    /// The national view's filter; `paged` false for the CSV export (everything that matches).
    fn national(&self, paged: bool) -> Result<(NationalQuery, i64), ekrov_app::AppError> {
        use ekrov_app::AppError;
        let region = match self.region.as_deref() {
            None | Some("") => None,
            Some(r) => Some(
                Region::parse(r)
                    .map_err(|e| AppError::invalid("region", e.code(), e.message_uk()))?
                    .name_uk()
                    .to_owned(),
            ),
        };
        let missing_step = match self.step_missing.as_deref() {
            None | Some("") => None,
            Some(c) => Some(
                step_def(c)
                    .filter(|s| !s.optional)
                    .ok_or_else(|| {
                        AppError::invalid(
                            "step_missing",
                            "unknown_step",
                            "Невідомий крок: first_login, role_set, employee, blood_bank_department, position, \
                             assignment, invitation_accepted, workplace, refrigerator або freezer",
                        )
                    })?,
            ),
        };
        let invitations = match self.invitations.as_deref() {
            None | Some("") => None,
            Some("pending") => Some(InvitationFilter::Pending),
            Some("expired") => Some(InvitationFilter::Expired),
            Some(_) => {
                return Err(AppError::invalid(
                    "invitations",
                    "unknown_value",
                    "invitations: pending або expired",
                ));
            }
        };
        let page = PageQuery {
            limit: self.limit,
            cursor: self.cursor.clone(),
        };
        let limit = page.limit()?;
        Ok((
            NationalQuery {
                region,
                missing_step,
                invitations,
                after: if paged { page.cursor()? } else { None },
                limit: paged.then_some(limit + 1),
            },
            limit,
        ))
    }
}

/// Registered facilities with their onboarding progress, newest first: the national view.
#[utoipa::path(get, path = "/api/v1/facilities", tag = "operator", params(ListQuery), security(("bearer" = [])),
    responses((status = 200, body = Page<FacilityOut>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(s): State<AppState>,
    auth: Auth,
    Query(q): Query<ListQuery>,
) -> ApiResult<Json<Page<FacilityOut>>> {
    let op = auth.principal.as_operator()?;
    let (query, limit) = q.national(true)?;
    let rows = s.app.national_progress(&op, &query).await?;
    Ok(Json(paginate(
        rows,
        limit,
        |v| (v.facility.created_at, v.facility.id),
        FacilityOut::from,
    )))
}

/// A CSV field: quoted when it must be, and never read as a formula by a spreadsheet.
pub(crate) fn csv_field(v: &str) -> String {
    let v = if v.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{v}")
    } else {
        v.to_owned()
    };
    if v.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v
    }
}

/// The national view as CSV (UTF-8 with a byte-order mark, for spreadsheets): every facility
/// matching the filters, one row each, a column per onboarding step.
#[utoipa::path(get, path = "/api/v1/facilities.csv", tag = "operator", params(ListQuery), security(("bearer" = [])),
    responses((status = 200, content_type = "text/csv", body = String), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn export_csv(
    State(s): State<AppState>,
    auth: Auth,
    Query(q): Query<ListQuery>,
) -> ApiResult<axum::response::Response> {
    use axum::{http::header, response::IntoResponse};
    let op = auth.principal.as_operator()?;
    let (query, _) = q.national(false)?;
    let rows = s.app.national_progress(&op, &query).await?;
    let mut out = String::from("\u{feff}");
    let mut head: Vec<String> = [
        "id",
        "edrpou",
        "short_name",
        "region",
        "admin_email",
        "registered_at",
        "done",
        "total",
        "percent",
        "next_step",
        "invitations_pending",
        "invitations_expired",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    head.extend(
        ekrov_app::onboarding::STEPS
            .iter()
            .map(|s| s.code.to_owned()),
    );
    out += &head.join(",");
    out += "\r\n";
    for v in &rows {
        let c = &v.checklist;
        let d = &v.facility.data;
        let mut cells = vec![
            v.facility.id.to_string(),
            d.edrpou.as_str().to_owned(),
            d.short_name.clone(),
            d.region.name_uk().to_owned(),
            d.admin.email.as_str().to_owned(),
            ekrov_app::cursor_key(v.facility.created_at),
            c.done.to_string(),
            c.total.to_string(),
            c.percent().to_string(),
            c.next().map(|s| s.def.code).unwrap_or("").to_owned(),
            c.counts.invitations_pending.to_string(),
            c.counts.invitations_expired.to_string(),
        ];
        cells.extend(
            c.steps
                .iter()
                .map(|s| if s.done { "1" } else { "0" }.to_owned()),
        );
        out += &cells
            .iter()
            .map(|c| csv_field(c))
            .collect::<Vec<_>>()
            .join(",");
        out += "\r\n";
    }
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"ekrov-facilities.csv\"",
            ),
        ],
        out,
    )
        .into_response())
}

#[derive(Serialize, ToSchema)]
pub struct StepOut {
    pub code: &'static str,
    /// The seed's step number.
    pub seed_step: u8,
    pub title_uk: &'static str,
    pub title_en: &'static str,
    pub done: bool,
    /// Not counted in `done`/`total`.
    pub optional: bool,
    pub detail: String,
    pub detail_en: String,
}

#[derive(Serialize, ToSchema)]
pub struct InvitationOut {
    pub assignment_id: Uuid,
    pub employee_name: String,
    pub position_title: String,
    pub expires_at: DateTime<Utc>,
    /// Expired: issue a new one with `POST /assignments/{id}/invitation`.
    pub expired: bool,
    /// Whole minutes left (0 once expired).
    pub minutes_left: i64,
}

#[derive(Serialize, ToSchema)]
pub struct OnboardingOut {
    pub steps: Vec<StepOut>,
    pub done: u32,
    pub total: u32,
    pub percent: u32,
    /// The code of the first required step not done, null when all are.
    pub next: Option<&'static str>,
    pub invitations: Vec<InvitationOut>,
}

pub fn steps_out(c: &Checklist) -> Vec<StepOut> {
    c.steps
        .iter()
        .map(|s| StepOut {
            code: s.def.code,
            seed_step: s.def.seed_step,
            title_uk: s.def.title_uk,
            title_en: s.def.title_en,
            done: s.done,
            optional: s.def.optional,
            detail: s.detail_uk.clone(),
            detail_en: s.detail_en.clone(),
        })
        .collect()
}

pub fn invitation_out(i: OpenInvitation, now: DateTime<Utc>) -> InvitationOut {
    InvitationOut {
        expired: i.expired(now),
        minutes_left: i.minutes_left(now),
        assignment_id: i.assignment_id,
        employee_name: i.employee_name,
        position_title: i.position_title,
        expires_at: i.expires_at,
    }
}

/// The onboarding checklist of the seed's steps, computed from the facility's data.
#[utoipa::path(get, path = "/api/v1/facilities/{facility_id}/onboarding", tag = "resources", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path)),
    responses((status = 200, body = OnboardingOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn onboarding(
    State(s): State<AppState>,
    auth: Auth,
    Path(f): Path<String>,
) -> ApiResult<Json<OnboardingOut>> {
    let a = s
        .app
        .facility_actor::<ViewOnboarding>(&auth.principal, fid(&f)?)
        .await?;
    let (c, invitations) = s.app.onboarding(&a).await?;
    let now = s.app.now();
    Ok(Json(OnboardingOut {
        steps: steps_out(&c),
        done: c.done,
        total: c.total,
        percent: c.percent(),
        next: c.next().map(|s| s.def.code),
        invitations: invitations
            .into_iter()
            .map(|i| invitation_out(i, now))
            .collect(),
    }))
}

/// The facility's structure as a FHIR R4 Bundle (Organization, Practitioner, PractitionerRole,
/// Location, Device).
#[utoipa::path(get, path = "/api/v1/facilities/{facility_id}/fhir", tag = "resources", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path)),
    responses((status = 200, content_type = "application/fhir+json", body = Object, description = "a FHIR R4 Bundle of type collection"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn fhir(
    State(s): State<AppState>,
    auth: Auth,
    Path(f): Path<String>,
) -> ApiResult<Response> {
    let a = s
        .app
        .facility_actor::<ViewStructure>(&auth.principal, fid(&f)?)
        .await?;
    let bundle = s.app.fhir_bundle(&a).await?;
    Ok((
        [(header::CONTENT_TYPE, "application/fhir+json; charset=utf-8")],
        bundle.to_string(),
    )
        .into_response())
}
