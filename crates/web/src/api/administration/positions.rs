//! Positions (посади) of a department.

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
use ekrov_app::facility::grant::{ManagePositions, ViewStructure};
use ekrov_domain::administration::{NewPosition, Position};

fn default_units() -> f64 {
    1.0
}

#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct PositionIn {
    pub title: String,
    /// ДК 003:2010 code, e.g. `1229.6`.
    pub classifier_code: String,
    /// Staff units (ставки), 0.01 … 100, at most two decimals; default 1.
    #[serde(default = "default_units")]
    pub staff_units: f64,
    #[serde(default)]
    pub is_head: bool,
}

impl From<&PositionIn> for NewPosition {
    fn from(p: &PositionIn) -> Self {
        NewPosition {
            title: p.title.clone(),
            classifier_code: p.classifier_code.clone(),
            staff_units: p.staff_units,
            is_head: p.is_head,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct PositionOut {
    pub id: Uuid,
    pub department_id: Uuid,
    pub title: String,
    pub classifier_code: String,
    pub staff_units: f64,
    pub is_head: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Position> for PositionOut {
    fn from(p: Position) -> Self {
        PositionOut {
            id: p.id,
            department_id: p.department_id,
            title: p.data.title,
            classifier_code: p.data.classifier_code,
            staff_units: p.data.staff_units_x100 as f64 / 100.0,
            is_head: p.data.is_head,
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    }
}

/// A department's positions.
#[utoipa::path(get, path = "/api/v1/facilities/{facility_id}/departments/{id}/positions", tag = "administration", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), ("id" = Uuid, Path), PageQuery),
    responses((status = 200, body = Page<PositionOut>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn positions_list(
    State(s): State<AppState>,
    auth: Auth,
    Path((f, id)): Path<(String, String)>,
    Query(q): Query<PageQuery>,
) -> ApiResult<Json<Page<PositionOut>>> {
    let a = s
        .app
        .facility_actor::<ViewStructure>(&auth.principal, fid(&f)?)
        .await?;
    let id = parse_id(&id)?;
    let limit = q.limit()?;
    let rows = s.app.list_positions(&a, id, q.cursor()?, limit + 1).await?;
    Ok(Json(paginate(
        rows,
        limit,
        |p| (p.created_at, p.id),
        PositionOut::from,
    )))
}

/// Add a position to a department («Додати посаду»).
#[utoipa::path(post, path = "/api/v1/facilities/{facility_id}/departments/{id}/positions", tag = "administration", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), ("id" = Uuid, Path)), request_body = PositionIn,
    responses((status = 201, body = PositionOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn positions_create(
    State(s): State<AppState>,
    auth: Auth,
    Path((f, id)): Path<(String, String)>,
    RawBody(body): RawBody,
) -> ApiResult<(StatusCode, Json<PositionOut>)> {
    let a = s
        .app
        .facility_actor::<ManagePositions>(&auth.principal, fid(&f)?)
        .await?;
    let id = parse_id(&id)?;
    let input: PositionIn = parse_json(&body)?;
    let d = NewPosition::from(&input).parse()?;
    Ok((
        StatusCode::CREATED,
        Json(s.app.create_position(&a, id, d).await?.into()),
    ))
}

/// One position.
#[utoipa::path(get, path = "/api/v1/facilities/{facility_id}/positions/{id}", tag = "administration", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), ("id" = Uuid, Path)),
    responses((status = 200, body = PositionOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn positions_get(
    State(s): State<AppState>,
    auth: Auth,
    Path((f, id)): Path<(String, String)>,
) -> ApiResult<Json<PositionOut>> {
    let a = s
        .app
        .facility_actor::<ViewStructure>(&auth.principal, fid(&f)?)
        .await?;
    Ok(Json(s.app.get_position(&a, parse_id(&id)?).await?.into()))
}

/// Change a position.
#[utoipa::path(put, path = "/api/v1/facilities/{facility_id}/positions/{id}", tag = "administration", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), ("id" = Uuid, Path)), request_body = PositionIn,
    responses((status = 200, body = PositionOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn positions_update(
    State(s): State<AppState>,
    auth: Auth,
    Path((f, id)): Path<(String, String)>,
    RawBody(body): RawBody,
) -> ApiResult<Json<PositionOut>> {
    let a = s
        .app
        .facility_actor::<ManagePositions>(&auth.principal, fid(&f)?)
        .await?;
    let id = parse_id(&id)?;
    let input: PositionIn = parse_json(&body)?;
    let d = NewPosition::from(&input).parse()?;
    Ok(Json(s.app.update_position(&a, id, d).await?.into()))
}
