//! `/api/v1/links/{token}`: what a first-login or invitation link is, and whether it still works.

use axum::{
    Json,
    extract::{Path, State},
};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{
    AppState,
    error::{ApiResult, ErrorBody},
};

#[derive(Serialize, ToSchema)]
pub struct FacilityRef {
    pub id: Uuid,
    pub short_name: String,
}

#[derive(Serialize, ToSchema)]
pub struct LinkOut {
    /// `first_login` or `invitation`.
    pub kind: &'static str,
    /// `valid`, `expired`, `used` or `revoked`.
    pub state: &'static str,
    pub expires_at: DateTime<Utc>,
    pub facility: FacilityRef,
    /// For an invitation: the position it is for.
    #[schema(value_type = Option<Object>)]
    pub position: Option<serde_json::Value>,
}

/// Look at a link (anyone holding it may: the token is the secret).
#[utoipa::path(get, path = "/api/v1/links/{token}", tag = "links", params(("token" = String, Path)),
    responses((status = 200, body = LinkOut), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(s): State<AppState>,
    Path(token): Path<String>,
) -> ApiResult<Json<LinkOut>> {
    let v = s.app.link_info(&token).await?;
    let position = s.app.invitation_info(&v.link).await?.map(|i| {
        serde_json::json!({"title": i.position_title, "department": i.department_name, "employee": i.employee_name})
    });
    Ok(Json(LinkOut {
        kind: v.link.kind.as_str(),
        state: v.state.as_str(),
        expires_at: v.link.expires_at,
        facility: FacilityRef {
            id: v.facility_id,
            short_name: v.facility_short_name,
        },
        position,
    }))
}
