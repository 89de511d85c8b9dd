//! Assignments of employees to positions, and their invitation links.

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{
    AppState,
    api::{Page, fid, parse_id},
    error::{ApiResult, ErrorBody},
    extract::{Auth, RawBody, parse_json},
};
use ekrov_app::facility::grant::{ManageAssignments, ViewStructure};
use ekrov_domain::administration::{Assignment, NewAssignment};

#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
pub struct AssignmentIn {
    pub employee_id: String,
    #[serde(default)]
    pub role_ids: Vec<String>,
    /// `YYYY-MM-DD`
    pub start_date: String,
    /// The order (наказ) number.
    pub order_number: String,
    /// `YYYY-MM-DD`
    pub order_date: String,
    /// `primary` (основне місце роботи), `secondary` (сумісництво) or `acting` (виконання обов'язків).
    pub kind: String,
}

impl From<&AssignmentIn> for NewAssignment {
    fn from(a: &AssignmentIn) -> Self {
        NewAssignment {
            employee_id: a.employee_id.clone(),
            role_ids: a.role_ids.clone(),
            start_date: a.start_date.clone(),
            order_number: a.order_number.clone(),
            order_date: a.order_date.clone(),
            kind: a.kind.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct AssignmentOut {
    pub id: Uuid,
    pub position_id: Uuid,
    pub employee_id: Uuid,
    pub role_ids: Vec<Uuid>,
    pub start_date: NaiveDate,
    pub order_number: String,
    pub order_date: NaiveDate,
    pub kind: String,
    /// `invited`, `active` or `ended`.
    pub status: &'static str,
    pub created_at: DateTime<Utc>,
    pub activated_at: Option<DateTime<Utc>>,
    pub ended_at: Option<DateTime<Utc>>,
}

impl From<Assignment> for AssignmentOut {
    fn from(a: Assignment) -> Self {
        AssignmentOut {
            id: a.id,
            position_id: a.position_id,
            employee_id: a.data.employee_id,
            role_ids: a.data.role_ids,
            start_date: a.data.start_date,
            order_number: a.data.order_number,
            order_date: a.data.order_date,
            kind: a.data.kind,
            status: a.status.as_str(),
            created_at: a.created_at,
            activated_at: a.activated_at,
            ended_at: a.ended_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct InvitationOut {
    /// `<public URL>/links/<token>`: shown once, to hand to the employee (also mailed to them).
    pub link: String,
    pub expires_at: DateTime<Utc>,
}

#[derive(Serialize, ToSchema)]
pub struct AssignedOut {
    pub assignment: AssignmentOut,
    pub invitation: InvitationOut,
}

/// A position's assignments, newest first.
#[utoipa::path(get, path = "/api/v1/facilities/{facility_id}/positions/{id}/assignments", tag = "administration", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), ("id" = Uuid, Path)),
    responses((status = 200, body = Page<AssignmentOut>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn assignments_list(
    State(s): State<AppState>,
    auth: Auth,
    Path((f, id)): Path<(String, String)>,
) -> ApiResult<Json<Page<AssignmentOut>>> {
    let a = s
        .app
        .facility_actor::<ViewStructure>(&auth.principal, fid(&f)?)
        .await?;
    let items = s
        .app
        .position_assignments(&a, parse_id(&id)?)
        .await?
        .into_iter()
        .map(AssignmentOut::from)
        .collect();
    Ok(Json(Page {
        items,
        next_cursor: None,
    }))
}

/// Assign an employee to the position («Призначити працівника»): makes a 24-hour invitation link.
#[utoipa::path(post, path = "/api/v1/facilities/{facility_id}/positions/{id}/assignments", tag = "administration", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), ("id" = Uuid, Path)), request_body = AssignmentIn,
    responses((status = 201, body = AssignedOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`already_assigned`"), (status = 422, body = ErrorBody)))]
pub async fn assignments_create(
    State(s): State<AppState>,
    auth: Auth,
    Path((f, id)): Path<(String, String)>,
    RawBody(body): RawBody,
) -> ApiResult<(StatusCode, Json<AssignedOut>)> {
    let a = s
        .app
        .facility_actor::<ManageAssignments>(&auth.principal, fid(&f)?)
        .await?;
    let id = parse_id(&id)?;
    let input: AssignmentIn = parse_json(&body)?;
    let d = NewAssignment::from(&input).parse()?;
    let (assignment, inv) = s.app.assign(&a, id, d).await?;
    Ok((
        StatusCode::CREATED,
        Json(AssignedOut {
            assignment: assignment.into(),
            invitation: InvitationOut {
                link: inv.link,
                expires_at: inv.expires_at,
            },
        }),
    ))
}

/// A new invitation for an assignment not yet accepted; the old link stops working.
#[utoipa::path(post, path = "/api/v1/facilities/{facility_id}/assignments/{id}/invitation", tag = "administration", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), ("id" = Uuid, Path)),
    responses((status = 201, body = AssignedOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`already_active` or `assignment_ended`")))]
pub async fn assignments_invite(
    State(s): State<AppState>,
    auth: Auth,
    Path((f, id)): Path<(String, String)>,
) -> ApiResult<(StatusCode, Json<AssignedOut>)> {
    let a = s
        .app
        .facility_actor::<ManageAssignments>(&auth.principal, fid(&f)?)
        .await?;
    let (assignment, inv) = s.app.reinvite(&a, parse_id(&id)?).await?;
    Ok((
        StatusCode::CREATED,
        Json(AssignedOut {
            assignment: assignment.into(),
            invitation: InvitationOut {
                link: inv.link,
                expires_at: inv.expires_at,
            },
        }),
    ))
}

/// End an assignment: its roles stop granting at once, also for sessions already open.
#[utoipa::path(post, path = "/api/v1/facilities/{facility_id}/assignments/{id}/end", tag = "administration", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), ("id" = Uuid, Path)),
    responses((status = 200, body = AssignmentOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "ended already")))]
pub async fn assignments_end(
    State(s): State<AppState>,
    auth: Auth,
    Path((f, id)): Path<(String, String)>,
) -> ApiResult<Json<AssignmentOut>> {
    let a = s
        .app
        .facility_actor::<ManageAssignments>(&auth.principal, fid(&f)?)
        .await?;
    Ok(Json(s.app.end_assignment(&a, parse_id(&id)?).await?.into()))
}
