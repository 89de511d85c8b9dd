//! `/api/v1/facilities` and the operator's other national views: calendar, mail, audit.

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
};
use chrono::{DateTime, NaiveDate, Utc};
use ekrov_app::onboarding::{FacilityProgress, InvitationFilter, NationalQuery, step_def};
use ekrov_domain::Region;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{
    Page, PageQuery,
    applications::{AdminOut, parse_id},
    paginate,
};
use crate::{
    AppState,
    error::{ApiResult, ErrorBody},
    extract::{Auth, Query, RawBody, parse_json},
};

#[derive(Serialize, ToSchema)]
pub struct LinkStateOut {
    /// `valid`, `expired`, `used` or `revoked`.
    pub state: &'static str,
    pub expires_at: DateTime<Utc>,
}

#[derive(Serialize, ToSchema)]
pub struct ProgressOut {
    /// The administrator has logged in through the first-login link.
    pub first_login: bool,
    pub first_login_link: Option<LinkStateOut>,
    /// Required onboarding steps done so far, of `total` (as `GET …/onboarding` counts them).
    pub done: u32,
    pub total: u32,
    pub percent: u32,
    /// The first required step not done, null when all are.
    pub next: Option<&'static str>,
    /// Codes of the required steps not done.
    pub missing: Vec<&'static str>,
    pub invitations_pending: i64,
    pub invitations_expired: i64,
}

#[derive(Serialize, ToSchema)]
pub struct FacilityOut {
    pub id: Uuid,
    pub edrpou: String,
    pub full_name: String,
    pub short_name: String,
    pub name_en: String,
    pub address: String,
    pub region: String,
    pub head_name: String,
    pub chief_accountant_name: String,
    pub provides_transfusion: bool,
    pub application_id: Uuid,
    pub admin: AdminOut,
    pub created_at: DateTime<Utc>,
    pub onboarding: ProgressOut,
}

fn progress_out(v: &FacilityProgress) -> ProgressOut {
    let c = &v.checklist;
    ProgressOut {
        first_login: c.counts.first_login,
        first_login_link: v.first_login_link.map(|(state, expires_at)| LinkStateOut {
            state: state.as_str(),
            expires_at,
        }),
        done: c.done,
        total: c.total,
        percent: c.percent(),
        next: c.next().map(|s| s.def.code),
        missing: c
            .steps
            .iter()
            .filter(|s| !s.def.optional && !s.done)
            .map(|s| s.def.code)
            .collect(),
        invitations_pending: c.counts.invitations_pending,
        invitations_expired: c.counts.invitations_expired,
    }
}

impl From<FacilityProgress> for FacilityOut {
    fn from(v: FacilityProgress) -> Self {
        let onboarding = progress_out(&v);
        let f = v.facility;
        let d = f.data;
        FacilityOut {
            id: f.id,
            edrpou: d.edrpou.as_str().to_owned(),
            full_name: d.full_name,
            short_name: d.short_name,
            name_en: d.name_en,
            address: d.address,
            region: d.region.name_uk().to_owned(),
            head_name: d.head_name,
            chief_accountant_name: d.chief_accountant_name,
            provides_transfusion: d.provides_transfusion,
            application_id: f.application_id,
            admin: AdminOut::from(&d.admin),
            created_at: f.created_at,
            onboarding,
        }
    }
}

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
            ekrov_store::ts(v.facility.created_at),
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

/// Send the administrator a new first-login letter; the old link stops working.
#[utoipa::path(post, path = "/api/v1/facilities/{id}/first-login", tag = "operator", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = super::applications::FirstLoginOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "the administrator has logged in already")))]
pub async fn first_login(
    State(s): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> ApiResult<Json<super::applications::FirstLoginOut>> {
    let op = auth.principal.as_operator()?;
    let id = parse_id(&id)?;
    let expires_at = s.app.resend_first_login(&op, id).await?;
    Ok(Json(super::applications::FirstLoginOut { expires_at }))
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct DayOffIo {
    /// `YYYY-MM-DD`
    pub day: String,
    /// The legal basis, e.g. a Cabinet of Ministers resolution.
    pub reason: String,
}

/// Extra non-working days declared by the operator (on top of weekends and, in peacetime, holidays).
#[utoipa::path(get, path = "/api/v1/calendar/days-off", tag = "operator", security(("bearer" = [])),
    responses((status = 200, body = Vec<DayOffIo>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn days_off_list(
    State(s): State<AppState>,
    auth: Auth,
) -> ApiResult<Json<Vec<DayOffIo>>> {
    auth.principal.as_operator()?;
    let days = s.app.list_days_off().await?;
    Ok(Json(
        days.into_iter()
            .map(|d| DayOffIo {
                day: d.day.to_string(),
                reason: d.reason,
            })
            .collect(),
    ))
}

/// Declare an extra non-working day; deadlines computed from now on skip it.
#[utoipa::path(post, path = "/api/v1/calendar/days-off", tag = "operator", security(("bearer" = [])), request_body = DayOffIo,
    responses((status = 201, body = DayOffIo), (status = 200, body = DayOffIo, description = "declared already"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn days_off_add(
    State(s): State<AppState>,
    auth: Auth,
    RawBody(body): RawBody,
) -> ApiResult<(StatusCode, Json<DayOffIo>)> {
    let op = auth.principal.as_operator()?;
    let body: DayOffIo = parse_json(&body)?;
    let day = NaiveDate::parse_from_str(body.day.trim(), "%Y-%m-%d").map_err(|_| {
        ekrov_app::AppError::invalid("day", "invalid_date", "Дата у форматі РРРР-ММ-ДД")
    })?;
    let added = s.app.add_day_off(&op, day, &body.reason).await?;
    let status = if added {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        Json(DayOffIo {
            day: day.to_string(),
            reason: body.reason.trim().to_owned(),
        }),
    ))
}

#[derive(Serialize, ToSchema)]
pub struct LetterOut {
    pub id: Uuid,
    pub to: String,
    pub subject: String,
    pub created_at: DateTime<Utc>,
    pub attempts: i64,
    pub next_attempt_at: DateTime<Utc>,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
}

/// Letters not delivered yet, and why.
#[utoipa::path(get, path = "/api/v1/mail/undelivered", tag = "operator", security(("bearer" = [])),
    responses((status = 200, body = Page<LetterOut>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn mail_undelivered(
    State(s): State<AppState>,
    auth: Auth,
) -> ApiResult<Json<Page<LetterOut>>> {
    let op = auth.principal.as_operator()?;
    let items = s
        .app
        .undelivered_mail(&op)
        .await?
        .into_iter()
        .map(|q| LetterOut {
            id: q.id,
            to: q.letter.to,
            subject: q.letter.subject,
            created_at: q.created_at,
            attempts: q.attempts,
            next_attempt_at: q.next_attempt_at,
            last_error: q.last_error,
        })
        .collect();
    Ok(Json(Page {
        items,
        next_cursor: None,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct AuditOut {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub actor_id: Option<Uuid>,
    pub actor: String,
    pub facility_id: Option<Uuid>,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

impl From<ekrov_store::audit::Record> for AuditOut {
    fn from(r: ekrov_store::audit::Record) -> Self {
        AuditOut {
            seq: r.seq,
            at: r.at,
            actor_id: r.actor_id,
            actor: r.actor_label,
            facility_id: r.facility_id,
            action: r.action,
            entity: r.entity,
            entity_id: r.entity_id,
            before: r.before,
            after: r.after,
        }
    }
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct AuditQuery {
    /// Default 50, at most 500.
    limit: Option<i64>,
    /// From `next_cursor` of the previous page.
    cursor: Option<String>,
}

/// The national audit log, newest first.
#[utoipa::path(get, path = "/api/v1/audit", tag = "operator", params(AuditQuery), security(("bearer" = [])),
    responses((status = 200, body = Page<AuditOut>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn audit(
    State(s): State<AppState>,
    auth: Auth,
    Query(q): Query<AuditQuery>,
) -> ApiResult<Json<Page<AuditOut>>> {
    let op = auth.principal.as_operator()?;
    let limit = PageQuery {
        limit: q.limit,
        cursor: None,
    }
    .limit()?;
    let before = match q.cursor.as_deref() {
        None => None,
        Some(c) => Some(c.parse::<i64>().map_err(|_| {
            ekrov_app::AppError::invalid("cursor", "invalid_cursor", "Недійсний курсор сторінки")
        })?),
    };
    let mut rows = s.app.national_audit(&op, before, limit + 1).await?;
    let more = rows.len() as i64 > limit;
    rows.truncate(limit as usize);
    let next_cursor = if more {
        rows.last().map(|r| r.seq.to_string())
    } else {
        None
    };
    Ok(Json(Page {
        items: rows.into_iter().map(AuditOut::from).collect(),
        next_cursor,
    }))
}
