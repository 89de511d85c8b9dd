//! The journals as CSV (UTF-8 with a byte-order mark, formula-safe cells) and the national
//! operator's haemovigilance reports.

use axum::{
    Json,
    extract::{Path, State},
    http::header,
    response::{IntoResponse, Response},
};
use chrono::{DateTime, NaiveDate, Utc};
use ekrov_app::{AppError, facility::grant::ViewStock, stock::Journal};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{
    AppState,
    api::{fid, onboarding::csv_field},
    error::{ApiResult, ErrorBody},
    extract::{Auth, Query},
};

#[derive(Deserialize, utoipa::IntoParams)]
pub struct RangeQuery {
    /// First day, `YYYY-MM-DD` (Kyiv); default today.
    pub from: Option<String>,
    /// Last day, included; default today.
    pub to: Option<String>,
}

fn day(field: &str, v: Option<&str>, today: NaiveDate) -> Result<NaiveDate, AppError> {
    let t = v.map(str::trim).unwrap_or("");
    if t.is_empty() {
        return Ok(today);
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .map_err(|_| AppError::invalid(field, "invalid_date", "Дата у форматі РРРР-ММ-ДД"))
}

/// A journal over the stock log for a date range as CSV: `receipts`, `issues`, `discards`,
/// `reactions`. Patient columns only for holders of `patients.view`.
#[utoipa::path(get, path = "/api/v1/facilities/{facility_id}/journals/{kind}", tag = "stock", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), ("kind" = String, Path, description = "receipts | issues | discards | reactions"), RangeQuery),
    responses((status = 200, content_type = "text/csv", body = String), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn journal_csv(
    State(s): State<AppState>,
    auth: Auth,
    Path((f, kind)): Path<(String, String)>,
    Query(q): Query<RangeQuery>,
) -> ApiResult<Response> {
    let a = s
        .app
        .facility_actor::<ViewStock>(&auth.principal, fid(&f)?)
        .await?;
    let j = Journal::parse(kind.trim_end_matches(".csv")).ok_or(AppError::NotFound("журнал"))?;
    let today = s.app.today();
    let (from, to) = (
        day("from", q.from.as_deref(), today)?,
        day("to", q.to.as_deref(), today)?,
    );
    let rows = s.app.journal(&a, j, from, to).await?;
    let mut out = String::from("\u{feff}");
    for r in rows {
        out += &r.iter().map(|c| csv_field(c)).collect::<Vec<_>>().join(",");
        out += "\r\n";
    }
    let name = format!("attachment; filename=\"{kind}-{from}-{to}.csv\"");
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, name),
        ],
        out,
    )
        .into_response())
}

#[derive(Serialize, ToSchema)]
pub struct ReportOut {
    pub id: Uuid,
    /// The DIN.
    pub din: String,
    pub product_code: String,
    pub supplier: String,
    pub facility_id: Uuid,
    pub facility: String,
    pub component: String,
    pub reaction_type: String,
    pub severity: String,
    pub description: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct ReportsQuery {
    /// Default 50, at most 500.
    pub limit: Option<i64>,
}

/// Haemovigilance reports (national operator), newest first: DIN, product, supplier, facility,
/// reaction; no patient.
#[utoipa::path(get, path = "/api/v1/haemovigilance", tag = "operator", security(("bearer" = [])), params(ReportsQuery),
    responses((status = 200, body = Vec<ReportOut>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn haemovigilance(
    State(s): State<AppState>,
    auth: Auth,
    Query(q): Query<ReportsQuery>,
) -> ApiResult<Json<Vec<ReportOut>>> {
    let op = auth.principal.as_operator()?;
    let limit = match q.limit {
        None => 50,
        Some(n) if (1..=500).contains(&n) => n,
        Some(_) => {
            return Err(
                AppError::invalid("limit", "out_of_range", "limit має бути від 1 до 500").into(),
            );
        }
    };
    let rows = s.app.haemovigilance(&op, limit).await?;
    Ok(Json(
        rows.into_iter()
            .map(|r| ReportOut {
                id: r.id,
                din: r.donation,
                product_code: r.product_code,
                supplier: r.supplier,
                facility_id: r.facility_id,
                facility: r.facility_name,
                component: r.component.code().into(),
                reaction_type: r.reaction_type,
                severity: r.severity,
                description: r.description,
                created_at: r.created_at,
            })
            .collect(),
    ))
}
