//! The audit logs: the operator's national one (`/api/v1/audit`) and a facility's
//! (`/api/v1/facilities/{facility_id}/audit`, `audit.view`). Both answer newest first, a page at a
//! time, with the record's sequence number as the cursor.

use axum::{
    Json,
    extract::{Path, State},
};
use chrono::{DateTime, Utc};
use ekrov_app::{AppError, facility::grant::ViewAudit};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{
    AppState,
    api::{Page, PageQuery, fid},
    error::{ApiResult, ErrorBody},
    extract::{Auth, Query},
};

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

impl From<ekrov_domain::audit::Record> for AuditOut {
    fn from(r: ekrov_domain::audit::Record) -> Self {
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

/// The facility's audit log, newest first (`audit.view`).
#[utoipa::path(get, path = "/api/v1/facilities/{facility_id}/audit", tag = "administration", operation_id = "audit", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), AuditQuery),
    responses((status = 200, body = Page<AuditOut>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn facility_audit(
    State(s): State<AppState>,
    auth: Auth,
    Path(f): Path<String>,
    Query(q): Query<AuditQuery>,
) -> ApiResult<Json<Page<AuditOut>>> {
    let a = s
        .app
        .facility_actor::<ViewAudit>(&auth.principal, fid(&f)?)
        .await?;
    let limit = PageQuery {
        limit: q.limit,
        cursor: None,
    }
    .limit()?;
    let before = match q.cursor.as_deref() {
        None => None,
        Some(c) => Some(c.parse::<i64>().map_err(|_| {
            AppError::invalid("cursor", "invalid_cursor", "Недійсний курсор сторінки")
        })?),
    };
    let mut rows = s.app.facility_audit(&a, before, limit + 1).await?;
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
