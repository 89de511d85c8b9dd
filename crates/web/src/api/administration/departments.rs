//! Departments («Реєстр учасників»), in a tree.

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
use ekrov_app::facility::grant::{ManageDepartments, ViewStructure};
use ekrov_domain::DepartmentType;
use ekrov_domain::administration::{Department, NewDepartment};

#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
pub struct DepartmentIn {
    pub name: String,
    #[serde(default)]
    pub short_name: Option<String>,
    /// A code from `GET /api/v1/department-types`.
    #[serde(rename = "type")]
    pub dtype: String,
    /// The department this one belongs to; null for a top-level one.
    #[serde(default)]
    pub parent_id: Option<String>,
}

impl From<&DepartmentIn> for NewDepartment {
    fn from(d: &DepartmentIn) -> Self {
        NewDepartment {
            name: d.name.clone(),
            short_name: d.short_name.clone(),
            dtype: d.dtype.clone(),
            parent_id: d.parent_id.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct DepartmentOut {
    pub id: Uuid,
    pub name: String,
    pub short_name: Option<String>,
    #[serde(rename = "type")]
    pub dtype: String,
    pub type_title_uk: &'static str,
    pub parent_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Department> for DepartmentOut {
    fn from(d: Department) -> Self {
        DepartmentOut {
            id: d.id,
            type_title_uk: DepartmentType::parse(&d.data.dtype)
                .map(|t| t.title_uk)
                .unwrap_or(""),
            name: d.data.name,
            short_name: d.data.short_name,
            dtype: d.data.dtype,
            parent_id: d.data.parent_id,
            created_at: d.created_at,
            updated_at: d.updated_at,
        }
    }
}

/// The facility's departments («Реєстр учасників»); `parent_id` makes the tree.
#[utoipa::path(get, path = "/api/v1/facilities/{facility_id}/departments", tag = "administration", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), PageQuery),
    responses((status = 200, body = Page<DepartmentOut>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn departments_list(
    State(s): State<AppState>,
    auth: Auth,
    Path(f): Path<String>,
    Query(q): Query<PageQuery>,
) -> ApiResult<Json<Page<DepartmentOut>>> {
    let a = s
        .app
        .facility_actor::<ViewStructure>(&auth.principal, fid(&f)?)
        .await?;
    let limit = q.limit()?;
    let rows = s.app.list_departments(&a, q.cursor()?, limit + 1).await?;
    Ok(Json(paginate(
        rows,
        limit,
        |d| (d.created_at, d.id),
        DepartmentOut::from,
    )))
}

/// Create a department.
#[utoipa::path(post, path = "/api/v1/facilities/{facility_id}/departments", tag = "administration", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path)), request_body = DepartmentIn,
    responses((status = 201, body = DepartmentOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn departments_create(
    State(s): State<AppState>,
    auth: Auth,
    Path(f): Path<String>,
    RawBody(body): RawBody,
) -> ApiResult<(StatusCode, Json<DepartmentOut>)> {
    let a = s
        .app
        .facility_actor::<ManageDepartments>(&auth.principal, fid(&f)?)
        .await?;
    let input: DepartmentIn = parse_json(&body)?;
    let d = NewDepartment::from(&input).parse()?;
    Ok((
        StatusCode::CREATED,
        Json(s.app.create_department(&a, d).await?.into()),
    ))
}

/// One department.
#[utoipa::path(get, path = "/api/v1/facilities/{facility_id}/departments/{id}", tag = "administration", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), ("id" = Uuid, Path)),
    responses((status = 200, body = DepartmentOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn departments_get(
    State(s): State<AppState>,
    auth: Auth,
    Path((f, id)): Path<(String, String)>,
) -> ApiResult<Json<DepartmentOut>> {
    let a = s
        .app
        .facility_actor::<ViewStructure>(&auth.principal, fid(&f)?)
        .await?;
    Ok(Json(s.app.get_department(&a, parse_id(&id)?).await?.into()))
}

/// Change a department (also move it in the tree; a cycle is 422 on `parent_id`).
#[utoipa::path(put, path = "/api/v1/facilities/{facility_id}/departments/{id}", tag = "administration", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), ("id" = Uuid, Path)), request_body = DepartmentIn,
    responses((status = 200, body = DepartmentOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn departments_update(
    State(s): State<AppState>,
    auth: Auth,
    Path((f, id)): Path<(String, String)>,
    RawBody(body): RawBody,
) -> ApiResult<Json<DepartmentOut>> {
    let a = s
        .app
        .facility_actor::<ManageDepartments>(&auth.principal, fid(&f)?)
        .await?;
    let id = parse_id(&id)?;
    let input: DepartmentIn = parse_json(&body)?;
    let d = NewDepartment::from(&input).parse()?;
    Ok(Json(s.app.update_department(&a, id, d).await?.into()))
}
