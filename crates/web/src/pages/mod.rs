//! Server-rendered pages, Ukrainian first. Forms carry the session's CSRF token in a hidden field;
//! pages use only the project's own scripts (no inline script: the CSP forbids it).
// A page handler's early exit is a whole response (a redirect, an error page): axum's pattern.
#![allow(clippy::result_large_err)]

use axum::{
    Router,
    extract::{Path, Query},
    http::{HeaderValue, header},
    response::{IntoResponse, Redirect, Response},
    routing::get,
};
use serde::Deserialize;

use crate::AppState;

pub(crate) mod access;
pub(crate) mod administration;
mod audit;
mod error;
mod form;
mod frame;
mod mail;
mod onboarding;
mod registration;
mod resources;
mod viewer;

pub use viewer::{LANG_COOKIE, Viewer};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/lang/{code}", get(set_lang))
        .merge(access::router())
        .merge(registration::router())
        .merge(mail::router())
        .merge(administration::router())
        .merge(resources::router())
        .merge(onboarding::router())
        .merge(audit::router())
        .layer(axum::middleware::from_fn(frame::with_frame))
}

async fn home(v: Viewer) -> Response {
    match &v.principal {
        Some(p) if p.operator => Redirect::to("/operator/applications").into_response(),
        // A facility's people start at their facility's first page.
        Some(_) => Redirect::to("/facility").into_response(),
        None => Redirect::to("/login").into_response(),
    }
}

#[derive(Deserialize)]
struct NextQuery {
    next: Option<String>,
}

async fn set_lang(Path(code): Path<String>, Query(q): Query<NextQuery>) -> Response {
    let lang = if code == "en" { "en" } else { "uk" };
    // Only a local path: never an open redirect.
    let next = q
        .next
        .filter(|n| n.starts_with('/') && !n.starts_with("//"))
        .unwrap_or_else(|| "/".into());
    let mut res = Redirect::to(&next).into_response();
    let c = format!("{LANG_COOKIE}={lang}; Path=/; Max-Age=31536000; SameSite=Lax");
    if let Ok(v) = HeaderValue::from_str(&c) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}
