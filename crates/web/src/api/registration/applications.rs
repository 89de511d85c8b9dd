//! `/api/v1/applications`: the national operator records and decides facility applications.

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
};
use chrono::{DateTime, NaiveDate, Utc};
use ekrov_app::{AppError, registration::ApplicationView};
use ekrov_domain::registration::{ApplicationStatus as Status, NewAdmin, NewApplication};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::facilities::{AdminOut, FacilityOut};
use crate::{
    AppState,
    api::{Page, PageQuery, paginate, parse_id},
    error::{ApiResult, ErrorBody},
    extract::{Auth, Query, RawBody, parse_json},
};

/// A received application, as the operator types it in.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
pub struct ApplicationIn {
    /// ЄДРПОУ, 8 digits with a valid check digit.
    pub edrpou: String,
    pub full_name: String,
    pub short_name: String,
    pub name_en: String,
    pub address: String,
    /// One of the 27 regions, e.g. "Київська область", "м. Київ".
    pub region: String,
    pub head_name: String,
    pub chief_accountant_name: String,
    pub provides_transfusion: bool,
    /// `YYYY-MM-DD`, not in the future.
    pub received_on: String,
    pub admin: AdminIn,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
pub struct AdminIn {
    pub surname: String,
    pub given_name: String,
    #[serde(default)]
    pub patronymic: Option<String>,
    /// РНОКПП, 10 digits with a valid check digit: the КЕП of the first login must carry it.
    pub rnokpp: String,
    pub email: String,
    /// Any common Ukrainian form; answered in E.164.
    pub phone: String,
}

impl From<&ApplicationIn> for NewApplication {
    fn from(a: &ApplicationIn) -> Self {
        NewApplication {
            edrpou: a.edrpou.clone(),
            full_name: a.full_name.clone(),
            short_name: a.short_name.clone(),
            name_en: a.name_en.clone(),
            address: a.address.clone(),
            region: a.region.clone(),
            head_name: a.head_name.clone(),
            chief_accountant_name: a.chief_accountant_name.clone(),
            provides_transfusion: a.provides_transfusion,
            received_on: a.received_on.clone(),
            admin: NewAdmin {
                surname: a.admin.surname.clone(),
                given_name: a.admin.given_name.clone(),
                patronymic: a.admin.patronymic.clone(),
                rnokpp: a.admin.rnokpp.clone(),
                email: a.admin.email.clone(),
                phone: a.admin.phone.clone(),
            },
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ApplicationOut {
    pub id: Uuid,
    /// `received`, `registered` or `rejected`.
    pub status: &'static str,
    pub edrpou: String,
    pub full_name: String,
    pub short_name: String,
    pub name_en: String,
    pub address: String,
    pub region: String,
    pub head_name: String,
    pub chief_accountant_name: String,
    pub provides_transfusion: bool,
    pub received_on: NaiveDate,
    /// received_on + the registration deadline in working days.
    pub due_on: NaiveDate,
    /// Undecided and past `due_on`.
    pub overdue: bool,
    /// Working days from today until `due_on` (negative when overdue); null once decided.
    pub working_days_left: Option<i64>,
    pub admin: AdminOut,
    pub reject_reason: Option<String>,
    pub facility_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
}

impl From<ApplicationView> for ApplicationOut {
    fn from(v: ApplicationView) -> Self {
        let a = v.application;
        let d = a.data;
        ApplicationOut {
            id: a.id,
            status: a.status.as_str(),
            edrpou: d.edrpou.as_str().to_owned(),
            full_name: d.full_name,
            short_name: d.short_name,
            name_en: d.name_en,
            address: d.address,
            region: d.region.name_uk().to_owned(),
            head_name: d.head_name,
            chief_accountant_name: d.chief_accountant_name,
            provides_transfusion: d.provides_transfusion,
            received_on: a.received_on,
            due_on: a.due_on,
            overdue: v.overdue,
            working_days_left: v.working_days_left,
            admin: AdminOut::from(&d.admin),
            reject_reason: a.reject_reason,
            facility_id: a.facility_id,
            created_at: a.created_at,
            decided_at: a.decided_at,
        }
    }
}

/// Record a received application.
#[utoipa::path(post, path = "/api/v1/applications", tag = "operator", request_body = ApplicationIn,
    security(("bearer" = [])),
    responses((status = 201, body = ApplicationOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 400, body = ErrorBody), (status = 422, body = ErrorBody, description = "a field is invalid: `field` names it")))]
pub async fn create(
    State(s): State<AppState>,
    auth: Auth,
    RawBody(body): RawBody,
) -> ApiResult<(StatusCode, Json<ApplicationOut>)> {
    // Authentication and permission come before the body: a caller who may not act learns nothing.
    let op = auth.principal.as_operator()?;
    let input: ApplicationIn = parse_json(&body)?;
    let (data, received_on) = NewApplication::from(&input).parse(s.app.today())?;
    let v = s.app.record_application(&op, data, received_on).await?;
    Ok((StatusCode::CREATED, Json(v.into())))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct ListQuery {
    /// `received`, `registered` or `rejected`.
    status: Option<String>,
    /// Only undecided applications past their due date.
    overdue: Option<bool>,
    /// Default 50, at most 500.
    limit: Option<i64>,
    /// From `next_cursor` of the previous page.
    cursor: Option<String>,
}

/// Applications, newest first.
#[utoipa::path(get, path = "/api/v1/applications", tag = "operator", params(ListQuery), security(("bearer" = [])),
    responses((status = 200, body = Page<ApplicationOut>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn list(
    State(s): State<AppState>,
    auth: Auth,
    Query(q): Query<ListQuery>,
) -> ApiResult<Json<Page<ApplicationOut>>> {
    let op = auth.principal.as_operator()?;
    let status = match q.status.as_deref() {
        None | Some("") => None,
        Some(v) => Some(Status::parse(v).ok_or_else(|| {
            AppError::invalid(
                "status",
                "invalid_value",
                "status: received, registered або rejected",
            )
        })?),
    };
    let page = PageQuery {
        limit: q.limit,
        cursor: q.cursor,
    };
    let limit = page.limit()?;
    let query = ekrov_app::registration::ApplicationQuery {
        status,
        overdue: q.overdue.unwrap_or(false),
        cursor: page.cursor()?,
        limit: limit + 1,
    };
    let rows = s.app.list_applications(&op, &query).await?;
    Ok(Json(paginate(
        rows,
        limit,
        |v| (v.application.created_at, v.application.id),
        ApplicationOut::from,
    )))
}

/// One application.
#[utoipa::path(get, path = "/api/v1/applications/{id}", tag = "operator", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = ApplicationOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(s): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> ApiResult<Json<ApplicationOut>> {
    let op = auth.principal.as_operator()?;
    let id = parse_id(&id)?;
    Ok(Json(s.app.get_application(&op, id).await?.into()))
}

#[derive(Serialize, ToSchema)]
pub struct FirstLoginOut {
    /// The link itself goes only by letter to the administrator.
    pub expires_at: DateTime<Utc>,
}

#[derive(Serialize, ToSchema)]
pub struct RegisteredOut {
    pub facility: FacilityOut,
    pub first_login: FirstLoginOut,
}

/// Register the facility: creates it and e-mails its administrator a first-login link.
#[utoipa::path(post, path = "/api/v1/applications/{id}/register", tag = "operator", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = RegisteredOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "already decided, or the ЄДРПОУ is registered")))]
pub async fn register(
    State(s): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> ApiResult<Json<RegisteredOut>> {
    let op = auth.principal.as_operator()?;
    let id = parse_id(&id)?;
    let (facility, expires_at) = s.app.register_application(&op, id).await?;
    // Just registered: nothing set up yet but the link.
    let view = ekrov_app::onboarding::FacilityProgress {
        checklist: ekrov_app::onboarding::Checklist::from_counts(&Default::default()),
        first_login_link: Some((ekrov_domain::access::LinkState::Valid, expires_at)),
        facility,
    };
    Ok(Json(RegisteredOut {
        facility: view.into(),
        first_login: FirstLoginOut { expires_at },
    }))
}

#[derive(Deserialize, Serialize, ToSchema)]
pub struct RejectIn {
    pub reason: String,
}

/// Reject an application, with the reason.
#[utoipa::path(post, path = "/api/v1/applications/{id}/reject", tag = "operator", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = RejectIn,
    responses((status = 200, body = ApplicationOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn reject(
    State(s): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    RawBody(body): RawBody,
) -> ApiResult<Json<ApplicationOut>> {
    let op = auth.principal.as_operator()?;
    let id = parse_id(&id)?;
    let body: RejectIn = parse_json(&body)?;
    Ok(Json(
        s.app
            .reject_application(&op, id, &body.reason)
            .await?
            .into(),
    ))
}
