//! The one mapping from errors to HTTP: status plus `{"error": {"code", "message", "field"}}`.

use axum::{
    Json,
    http::StatusCode,
    response::{IntoResponse, Response},
};
use ekrov_app::AppError;
use ekrov_domain::fields::FieldError;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub field: Option<String>,
    /// Every field error of a refused input, when there was more than one.
    pub errors: Vec<ErrorDetail>,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
    /// Every field error of a refused input, the first being `error`; only when there are several
    /// (a client that reads `error` alone misses nothing it had before).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ErrorDetail>,
}

#[derive(Debug, Serialize, ToSchema)]
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
            errors: Vec::new(),
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

/// A refused input: 422 with its first error as `error`, and all of them as `errors` when several.
impl From<Vec<FieldError>> for ApiError {
    fn from(e: Vec<FieldError>) -> Self {
        let errors: Vec<ErrorDetail> = e
            .iter()
            .map(|f| ErrorDetail {
                code: f.code.to_owned(),
                message: f.message.clone(),
                field: Some(f.field.clone()),
            })
            .collect();
        let mut first = ApiError::from(AppError::from(e));
        if errors.len() > 1 {
            first.errors = errors;
        }
        first
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
            errors: self.errors,
        };
        (self.status, Json(body)).into_response()
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
