//! Request extractors: the acting principal, and JSON bodies whose errors name the field.

use axum::{
    body::Bytes,
    extract::{FromRequest, FromRequestParts, Request},
    http::{Method, StatusCode, header, request::Parts},
};
use ekrov_app::Principal;
use serde::de::DeserializeOwned;

use crate::{AppState, error::ApiError};

pub const SESSION_COOKIE: &str = "ekrov_session";
pub const CSRF_HEADER: &str = "x-csrf-token";

/// A cookie's value from the request, if sent.
pub fn cookie<'a>(parts: &'a Parts, name: &str) -> Option<&'a str> {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// How the caller proved who they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Bearer,
    Cookie,
}

/// The logged-in person (401 when there is none). For the JSON API a cookie login must also send
/// the session's CSRF token in `X-CSRF-Token` on anything but GET/HEAD; page forms check their
/// hidden field instead (see `pages`).
pub struct Auth {
    pub principal: Principal,
    pub via: Via,
    pub token: String,
}

fn bearer(parts: &Parts) -> Option<&str> {
    let v = parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = v.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then_some(token.trim())
}

impl FromRequestParts<AppState> for Auth {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let (token, via) = match bearer(parts) {
            Some(t) => (t.to_owned(), Via::Bearer),
            None => match cookie(parts, SESSION_COOKIE) {
                Some(t) => (t.to_owned(), Via::Cookie),
                None => return Err(ekrov_app::AppError::Unauthenticated.into()),
            },
        };
        let principal = state.app.authenticate(&token).await?;
        let safe = parts.method == Method::GET || parts.method == Method::HEAD;
        if via == Via::Cookie && !safe && parts.uri.path().starts_with("/api/") {
            let sent = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
            if sent != Some(principal.csrf_token.as_str()) {
                return Err(ApiError::new(
                    StatusCode::FORBIDDEN,
                    "csrf_invalid",
                    "Запит без дійсного CSRF-токена: оновіть сторінку",
                ));
            }
        }
        Ok(Auth {
            principal,
            via,
            token,
        })
    }
}

/// The raw request body, with a body over the limit answered as a 413 in the API's error form.
/// Handlers parse it with [`parse_json`] only after the caller's permission has been checked.
pub struct RawBody(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for RawBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        Bytes::from_request(req, state)
            .await
            .map(RawBody)
            .map_err(|e| {
                if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    ApiError::new(
                        StatusCode::PAYLOAD_TOO_LARGE,
                        "payload_too_large",
                        "Тіло запиту завелике",
                    )
                } else {
                    ApiError::bad_request("body_unreadable", "Не вдалося прочитати тіло запиту")
                }
            })
    }
}

/// Parse a JSON body so that every failure names the field at fault: malformed JSON is 400,
/// a missing field or a value of the wrong type is 422 with `field` set.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.inner();
        match inner.classify() {
            serde_json::error::Category::Data => {
                let msg = inner.to_string();
                // serde reports a missing field at its parent: name the field itself.
                if let Some(name) = msg
                    .strip_prefix("missing field `")
                    .and_then(|r| r.split('`').next())
                {
                    let field = if path == "." {
                        name.to_owned()
                    } else {
                        format!("{path}.{name}")
                    };
                    ApiError::new(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        "required",
                        format!("Поле {field} обов'язкове"),
                    )
                    .field(field)
                } else if path == "." {
                    ApiError::new(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        "wrong_type",
                        "Тіло запиту має бути JSON-об'єктом",
                    )
                } else {
                    ApiError::new(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        "wrong_type",
                        format!(
                            "Поле {path} має неправильний тип: {}",
                            msg.split(" at line").next().unwrap_or(&msg)
                        ),
                    )
                    .field(path)
                }
            }
            _ => ApiError::bad_request(
                "malformed_json",
                format!("Тіло запиту — не коректний JSON: {inner}"),
            ),
        }
    })
}

/// A query string, refused in the API's error form (400 `bad_query`, JSON) instead of axum's
/// plain-text rejection, so that every error of the API has the same shape.
pub struct Query<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|q| Query(q.0))
            .map_err(|e| {
                ApiError::bad_request(
                    "bad_query",
                    format!("Неправильні параметри запиту: {}", e.body_text()),
                )
            })
    }
}
