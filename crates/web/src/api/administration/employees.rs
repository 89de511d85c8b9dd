//! Employees of a facility.

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{
    AppState,
    api::{Page, PageQuery, fid, paginate, parse_id},
    error::{ApiResult, ErrorBody},
    extract::{Auth, Query, RawBody, parse_json},
};
use ekrov_app::facility::grant::{ManageEmployees, ViewEmployees};
use ekrov_domain::administration::{Employee, NewEmployee};

#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
pub struct EmployeeIn {
    pub surname: String,
    pub given_name: String,
    #[serde(default)]
    pub patronymic: Option<String>,
    /// РНОКПП (10 digits, check digit); or, for a person who refused it, passport series and number
    /// («КВ123456») or an ID-card number (9 digits) — flagged as `alternative_identifier`.
    pub rnokpp: String,
    /// Where the invitation goes.
    pub email: String,
    #[serde(default)]
    pub phone: Option<String>,
}

impl From<&EmployeeIn> for NewEmployee {
    fn from(e: &EmployeeIn) -> Self {
        NewEmployee {
            surname: e.surname.clone(),
            given_name: e.given_name.clone(),
            patronymic: e.patronymic.clone(),
            rnokpp: e.rnokpp.clone(),
            email: e.email.clone(),
            phone: e.phone.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct EmployeeOut {
    pub id: Uuid,
    pub surname: String,
    pub given_name: String,
    pub patronymic: Option<String>,
    pub rnokpp: String,
    /// `rnokpp`, `passport` or `id_card`.
    pub identifier_kind: &'static str,
    /// True when the person is identified by a passport or ID card instead of an РНОКПП.
    pub alternative_identifier: bool,
    pub email: String,
    /// E.164
    pub phone: Option<String>,
    /// Has completed registration with their КЕП.
    pub registered: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Employee> for EmployeeOut {
    fn from(e: Employee) -> Self {
        let d = e.data;
        EmployeeOut {
            id: e.id,
            rnokpp: d.person_code.as_str().to_owned(),
            identifier_kind: d.person_code.kind(),
            alternative_identifier: d.person_code.is_alternative(),
            surname: d.surname,
            given_name: d.given_name,
            patronymic: d.patronymic,
            email: d.email.as_str().to_owned(),
            phone: d.phone.map(|p| p.as_str().to_owned()),
            registered: e.account_id.is_some(),
            created_at: e.created_at,
            updated_at: e.updated_at,
        }
    }
}

/// The facility's employees, in the order they were added.
#[utoipa::path(get, path = "/api/v1/facilities/{facility_id}/employees", tag = "administration", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), PageQuery),
    responses((status = 200, body = Page<EmployeeOut>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn employees_list(
    State(s): State<AppState>,
    auth: Auth,
    Path(f): Path<String>,
    Query(q): Query<PageQuery>,
) -> ApiResult<Json<Page<EmployeeOut>>> {
    let a = s
        .app
        .facility_actor::<ViewEmployees>(&auth.principal, fid(&f)?)
        .await?;
    let limit = q.limit()?;
    let rows = s.app.list_employees(&a, q.cursor()?, limit + 1).await?;
    Ok(Json(paginate(
        rows,
        limit,
        |e| (e.created_at, e.id),
        EmployeeOut::from,
    )))
}

/// Add an employee («Зберегти»); 409 `duplicate_rnokpp` when the facility has them already.
#[utoipa::path(post, path = "/api/v1/facilities/{facility_id}/employees", tag = "administration", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path)), request_body = EmployeeIn,
    responses((status = 201, body = EmployeeOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`duplicate_rnokpp`"), (status = 422, body = ErrorBody)))]
pub async fn employees_create(
    State(s): State<AppState>,
    auth: Auth,
    Path(f): Path<String>,
    RawBody(body): RawBody,
) -> ApiResult<(StatusCode, Json<EmployeeOut>)> {
    let a = s
        .app
        .facility_actor::<ManageEmployees>(&auth.principal, fid(&f)?)
        .await?;
    let input: EmployeeIn = parse_json(&body)?;
    let d = NewEmployee::from(&input).parse()?;
    Ok((
        StatusCode::CREATED,
        Json(s.app.create_employee(&a, d).await?.into()),
    ))
}

/// One employee.
#[utoipa::path(get, path = "/api/v1/facilities/{facility_id}/employees/{id}", tag = "administration", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), ("id" = Uuid, Path)),
    responses((status = 200, body = EmployeeOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn employees_get(
    State(s): State<AppState>,
    auth: Auth,
    Path((f, id)): Path<(String, String)>,
) -> ApiResult<Json<EmployeeOut>> {
    let a = s
        .app
        .facility_actor::<ViewEmployees>(&auth.principal, fid(&f)?)
        .await?;
    Ok(Json(s.app.get_employee(&a, parse_id(&id)?).await?.into()))
}

/// Change an employee's details.
#[utoipa::path(put, path = "/api/v1/facilities/{facility_id}/employees/{id}", tag = "administration", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), ("id" = Uuid, Path)), request_body = EmployeeIn,
    responses((status = 200, body = EmployeeOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn employees_update(
    State(s): State<AppState>,
    auth: Auth,
    Path((f, id)): Path<(String, String)>,
    RawBody(body): RawBody,
) -> ApiResult<Json<EmployeeOut>> {
    let a = s
        .app
        .facility_actor::<ManageEmployees>(&auth.principal, fid(&f)?)
        .await?;
    let id = parse_id(&id)?;
    let input: EmployeeIn = parse_json(&body)?;
    let d = NewEmployee::from(&input).parse()?;
    Ok(Json(s.app.update_employee(&a, id, d).await?.into()))
}
