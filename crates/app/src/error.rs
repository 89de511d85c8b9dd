use ekrov_domain::fields::FieldError;
use ekrov_store::StoreError;
use thiserror::Error;

/// What a use case can refuse or fail with. The web layer maps each to a status and an API code;
/// messages are Ukrainian, for the person in front of the screen.
#[derive(Debug, Error)]
pub enum AppError {
    /// No valid login (401).
    #[error("потрібно увійти за допомогою КЕП")]
    Unauthenticated,
    /// The thing does not exist, or belongs to someone the caller may not see (404).
    #[error("{0} не знайдено")]
    NotFound(&'static str),
    /// The КЕП signature or its certificate was refused, or the challenge is spent (401).
    #[error("{message}")]
    Signature { code: &'static str, message: String },
    /// Logged in, but not allowed (403).
    #[error("{message}")]
    Forbidden { code: &'static str, message: String },
    /// A value the caller sent is wrong (422), with the field it came in.
    #[error("{field}: {message}")]
    Invalid {
        field: String,
        code: &'static str,
        message: String,
    },
    /// The request clashes with the state of things (409).
    #[error("{message}")]
    Conflict { code: &'static str, message: String },
    /// The thing existed but is no longer usable (410).
    #[error("{message}")]
    Gone { code: &'static str, message: String },
    /// The database cannot be reached (503).
    #[error("база даних тимчасово недоступна")]
    Unavailable(String),
    /// A bug or a broken environment (500); the cause is logged, never shown.
    #[error("внутрішня помилка")]
    Internal(String),
}

impl AppError {
    pub fn invalid(
        field: impl Into<String>,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        AppError::Invalid {
            field: field.into(),
            code,
            message: message.into(),
        }
    }
    pub fn forbidden(code: &'static str, message: impl Into<String>) -> Self {
        AppError::Forbidden {
            code,
            message: message.into(),
        }
    }
    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        AppError::Conflict {
            code,
            message: message.into(),
        }
    }
}

impl From<FieldError> for AppError {
    fn from(e: FieldError) -> Self {
        AppError::Invalid {
            field: e.field,
            code: e.code,
            message: e.message,
        }
    }
}

/// A refused input answers with its first error, as the API always has (a form shows them all).
impl From<Vec<FieldError>> for AppError {
    fn from(mut e: Vec<FieldError>) -> Self {
        if e.is_empty() {
            return AppError::Internal("an input was refused without a field error".into());
        }
        e.remove(0).into()
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Unavailable(m) => AppError::Unavailable(m),
            StoreError::NotFound => AppError::NotFound("запис"),
            other => AppError::Internal(other.to_string()),
        }
    }
}

pub type AppResult<T> = Result<T, AppError>;
