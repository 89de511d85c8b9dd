//! A registered facility as the operator sees it (also in the national view), the first-login
//! link resent, the calendar's days off, and the mail that could not be delivered.

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
};
use chrono::{DateTime, NaiveDate, Utc};
use ekrov_app::onboarding::FacilityProgress;
use ekrov_domain::registration::AdminPerson;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{
    AppState,
    api::{Page, parse_id},
    error::{ApiResult, ErrorBody},
    extract::{Auth, RawBody, parse_json},
};

#[derive(Serialize, ToSchema)]
pub struct AdminOut {
    pub surname: String,
    pub given_name: String,
    pub patronymic: Option<String>,
    pub rnokpp: String,
    pub email: String,
    /// E.164
    pub phone: String,
}

impl From<&AdminPerson> for AdminOut {
    fn from(a: &AdminPerson) -> Self {
        AdminOut {
            surname: a.surname.clone(),
            given_name: a.given_name.clone(),
            patronymic: a.patronymic.clone(),
            rnokpp: a.rnokpp.as_str().to_owned(),
            email: a.email.as_str().to_owned(),
            phone: a.phone.as_str().to_owned(),
        }
    }
}

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
