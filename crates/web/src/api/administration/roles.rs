//! Role sets («Ролі користувачів»).

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
use ekrov_app::facility::grant::{ManageRoles, ViewRoles};
use ekrov_domain::administration::{NewRole, Role};

#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
pub struct RoleIn {
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    /// Codes from `GET /api/v1/permissions`.
    #[serde(default)]
    pub permissions: Vec<String>,
}

impl From<&RoleIn> for NewRole {
    fn from(r: &RoleIn) -> Self {
        NewRole {
            name: r.name.clone(),
            description: r.description.clone(),
            permissions: r.permissions.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct RoleOut {
    pub id: Uuid,
    pub name: String,
    pub description: String,
    pub permissions: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Role> for RoleOut {
    fn from(r: Role) -> Self {
        RoleOut {
            id: r.id,
            name: r.name,
            description: r.description,
            permissions: r.permissions,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

/// The facility's role sets («Ролі користувачів»), in the order they were made.
#[utoipa::path(get, path = "/api/v1/facilities/{facility_id}/roles", tag = "administration", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), PageQuery),
    responses((status = 200, body = Page<RoleOut>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn roles_list(
    State(s): State<AppState>,
    auth: Auth,
    Path(f): Path<String>,
    Query(q): Query<PageQuery>,
) -> ApiResult<Json<Page<RoleOut>>> {
    let a = s
        .app
        .facility_actor::<ViewRoles>(&auth.principal, fid(&f)?)
        .await?;
    let limit = q.limit()?;
    let rows = s.app.list_roles(&a, q.cursor()?, limit + 1).await?;
    Ok(Json(paginate(
        rows,
        limit,
        |r| (r.created_at, r.id),
        RoleOut::from,
    )))
}

/// Create a role set.
#[utoipa::path(post, path = "/api/v1/facilities/{facility_id}/roles", tag = "administration", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path)), request_body = RoleIn,
    responses((status = 201, body = RoleOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`duplicate_name`"), (status = 422, body = ErrorBody)))]
pub async fn roles_create(
    State(s): State<AppState>,
    auth: Auth,
    Path(f): Path<String>,
    RawBody(body): RawBody,
) -> ApiResult<(StatusCode, Json<RoleOut>)> {
    let a = s
        .app
        .facility_actor::<ManageRoles>(&auth.principal, fid(&f)?)
        .await?;
    let input: RoleIn = parse_json(&body)?;
    let r = NewRole::from(&input).parse()?;
    Ok((
        StatusCode::CREATED,
        Json(s.app.create_role(&a, r).await?.into()),
    ))
}

/// One role set.
#[utoipa::path(get, path = "/api/v1/facilities/{facility_id}/roles/{id}", tag = "administration", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), ("id" = Uuid, Path)),
    responses((status = 200, body = RoleOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn roles_get(
    State(s): State<AppState>,
    auth: Auth,
    Path((f, id)): Path<(String, String)>,
) -> ApiResult<Json<RoleOut>> {
    let a = s
        .app
        .facility_actor::<ViewRoles>(&auth.principal, fid(&f)?)
        .await?;
    Ok(Json(s.app.get_role(&a, parse_id(&id)?).await?.into()))
}

/// Change a role set (its permissions take effect at once for everyone holding it).
#[utoipa::path(put, path = "/api/v1/facilities/{facility_id}/roles/{id}", tag = "administration", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), ("id" = Uuid, Path)), request_body = RoleIn,
    responses((status = 200, body = RoleOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn roles_update(
    State(s): State<AppState>,
    auth: Auth,
    Path((f, id)): Path<(String, String)>,
    RawBody(body): RawBody,
) -> ApiResult<Json<RoleOut>> {
    let a = s
        .app
        .facility_actor::<ManageRoles>(&auth.principal, fid(&f)?)
        .await?;
    let id = parse_id(&id)?;
    let input: RoleIn = parse_json(&body)?;
    let r = NewRole::from(&input).parse()?;
    Ok(Json(s.app.update_role(&a, id, r).await?.into()))
}

/// Delete a role set; 409 `role_in_use` (naming the assignments) while an assignment holds it.
#[utoipa::path(delete, path = "/api/v1/facilities/{facility_id}/roles/{id}", tag = "administration", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), ("id" = Uuid, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`role_in_use`")))]
pub async fn roles_delete(
    State(s): State<AppState>,
    auth: Auth,
    Path((f, id)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    let a = s
        .app
        .facility_actor::<ManageRoles>(&auth.principal, fid(&f)?)
        .await?;
    s.app.delete_role(&a, parse_id(&id)?).await?;
    Ok(StatusCode::NO_CONTENT)
}
