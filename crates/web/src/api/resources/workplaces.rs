//! Workplaces of a department.

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
use ekrov_app::facility::grant::{ManageWorkplaces, ViewStructure};
use ekrov_domain::resources::{NewWorkplace, Workplace};

#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
pub struct WorkplaceIn {
    pub name: String,
    #[serde(default)]
    pub room: Option<String>,
    /// «Інвентарний номер»: required; «відсутній» when the premises were not inventoried.
    #[serde(default)]
    pub inventory_number: String,
    /// Employees of the facility who work here.
    #[serde(default)]
    pub employee_ids: Vec<String>,
}

impl From<&WorkplaceIn> for NewWorkplace {
    fn from(w: &WorkplaceIn) -> Self {
        NewWorkplace {
            name: w.name.clone(),
            room: w.room.clone(),
            inventory_number: w.inventory_number.clone(),
            employee_ids: w.employee_ids.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct WorkplaceOut {
    pub id: Uuid,
    pub department_id: Uuid,
    pub name: String,
    pub room: Option<String>,
    pub inventory_number: String,
    /// The inventory number is «відсутній».
    pub inventory_absent: bool,
    pub employee_ids: Vec<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Workplace> for WorkplaceOut {
    fn from(w: Workplace) -> Self {
        WorkplaceOut {
            id: w.id,
            department_id: w.department_id,
            inventory_absent: w.data.inventory_number.is_absent(),
            inventory_number: w.data.inventory_number.as_str().to_owned(),
            name: w.data.name,
            room: w.data.room,
            employee_ids: w.data.employee_ids,
            created_at: w.created_at,
            updated_at: w.updated_at,
        }
    }
}

/// A department's workplaces.
#[utoipa::path(get, path = "/api/v1/facilities/{facility_id}/departments/{id}/workplaces", tag = "resources", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), ("id" = Uuid, Path), PageQuery),
    responses((status = 200, body = Page<WorkplaceOut>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn workplaces_list(
    State(s): State<AppState>,
    auth: Auth,
    Path((f, id)): Path<(String, String)>,
    Query(q): Query<PageQuery>,
) -> ApiResult<Json<Page<WorkplaceOut>>> {
    let a = s
        .app
        .facility_actor::<ViewStructure>(&auth.principal, fid(&f)?)
        .await?;
    let id = parse_id(&id)?;
    let limit = q.limit()?;
    let rows = s
        .app
        .list_workplaces(&a, id, q.cursor()?, limit + 1)
        .await?;
    Ok(Json(paginate(
        rows,
        limit,
        |w| (w.created_at, w.id),
        WorkplaceOut::from,
    )))
}

/// Create a workplace in a department (seed step 10).
#[utoipa::path(post, path = "/api/v1/facilities/{facility_id}/departments/{id}/workplaces", tag = "resources", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), ("id" = Uuid, Path)), request_body = WorkplaceIn,
    responses((status = 201, body = WorkplaceOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn workplaces_create(
    State(s): State<AppState>,
    auth: Auth,
    Path((f, id)): Path<(String, String)>,
    RawBody(body): RawBody,
) -> ApiResult<(StatusCode, Json<WorkplaceOut>)> {
    let a = s
        .app
        .facility_actor::<ManageWorkplaces>(&auth.principal, fid(&f)?)
        .await?;
    let id = parse_id(&id)?;
    let input: WorkplaceIn = parse_json(&body)?;
    let d = NewWorkplace::from(&input).parse()?;
    Ok((
        StatusCode::CREATED,
        Json(s.app.create_workplace(&a, id, d).await?.into()),
    ))
}

/// One workplace.
#[utoipa::path(get, path = "/api/v1/facilities/{facility_id}/workplaces/{id}", tag = "resources", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), ("id" = Uuid, Path)),
    responses((status = 200, body = WorkplaceOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn workplaces_get(
    State(s): State<AppState>,
    auth: Auth,
    Path((f, id)): Path<(String, String)>,
) -> ApiResult<Json<WorkplaceOut>> {
    let a = s
        .app
        .facility_actor::<ViewStructure>(&auth.principal, fid(&f)?)
        .await?;
    Ok(Json(s.app.get_workplace(&a, parse_id(&id)?).await?.into()))
}

/// Change a workplace.
#[utoipa::path(put, path = "/api/v1/facilities/{facility_id}/workplaces/{id}", tag = "resources", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), ("id" = Uuid, Path)), request_body = WorkplaceIn,
    responses((status = 200, body = WorkplaceOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn workplaces_update(
    State(s): State<AppState>,
    auth: Auth,
    Path((f, id)): Path<(String, String)>,
    RawBody(body): RawBody,
) -> ApiResult<Json<WorkplaceOut>> {
    let a = s
        .app
        .facility_actor::<ManageWorkplaces>(&auth.principal, fid(&f)?)
        .await?;
    let id = parse_id(&id)?;
    let input: WorkplaceIn = parse_json(&body)?;
    let d = NewWorkplace::from(&input).parse()?;
    Ok(Json(s.app.update_workplace(&a, id, d).await?.into()))
}
