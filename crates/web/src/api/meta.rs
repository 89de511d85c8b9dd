use axum::{Json, extract::State, http::StatusCode, response::IntoResponse};
use serde::Serialize;
use utoipa::ToSchema;

use crate::AppState;

#[derive(Serialize, ToSchema)]
pub struct Health {
    /// `ok`, or `unavailable` when the database does not answer.
    status: &'static str,
    /// `sqlite` or `postgres`.
    database: &'static str,
}

/// Is the server up and its database answering?
#[utoipa::path(get, path = "/healthz", tag = "meta", responses(
    (status = 200, body = Health), (status = 503, body = Health, description = "the database is unreachable")))]
pub async fn healthz(State(s): State<AppState>) -> impl IntoResponse {
    let database = s.app.database_name();
    if s.app.database_answers().await {
        (
            StatusCode::OK,
            Json(Health {
                status: "ok",
                database,
            }),
        )
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(Health {
                status: "unavailable",
                database,
            }),
        )
    }
}
