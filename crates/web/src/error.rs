//! The one mapping from errors to HTTP: status plus `{"error": {"code", "message", "field"}}`.

use axum::{
    Json,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use ekrov_app::AppError;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub field: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable, snake_case: what clients branch on.
    pub code: String,
    /// For people, in Ukrainian.
    pub message: String,
    /// The request field at fault, when there is one (`admin.rnokpp`).
    pub field: Option<String>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            field: None,
        }
    }
    pub fn field(mut self, f: impl Into<String>) -> Self {
        self.field = Some(f.into());
        self
    }
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, code, message)
    }
    pub fn not_found() -> Self {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", "Не знайдено")
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        use StatusCode as S;
        let msg = e.to_string();
        match e {
            AppError::Unauthenticated => ApiError::new(S::UNAUTHORIZED, "unauthenticated", msg),
            AppError::NotFound(_) => ApiError::new(S::NOT_FOUND, "not_found", msg),
            AppError::Signature { code, message } => ApiError::new(S::UNAUTHORIZED, code, message),
            AppError::Forbidden { code, message } => ApiError::new(S::FORBIDDEN, code, message),
            AppError::Invalid {
                field,
                code,
                message,
            } => ApiError::new(S::UNPROCESSABLE_ENTITY, code, message).field(field),
            AppError::Conflict { code, message } => ApiError::new(S::CONFLICT, code, message),
            AppError::Gone { code, message } => ApiError::new(S::GONE, code, message),
            AppError::Unavailable(cause) => {
                tracing::error!(%cause, "database unavailable");
                ApiError::new(S::SERVICE_UNAVAILABLE, "database_unavailable", msg)
            }
            AppError::Internal(cause) => {
                // The cause goes to the log, never to the client.
                tracing::error!(%cause, "internal error");
                ApiError::new(S::INTERNAL_SERVER_ERROR, "internal", msg)
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code.to_owned(),
                message: self.message,
                field: self.field,
            },
        };
        (self.status, Json(body)).into_response()
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
