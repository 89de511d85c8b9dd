//! The HTTP face of ekrov: the JSON API under `/api/v1` (with its OpenAPI document), the pages,
//! static assets (the in-browser КЕП signer), sessions, CSRF and security headers.
//!
//! Handlers parse requests into domain types and call `ekrov_app`; no SQL lives here.

pub mod api;
mod assets;
pub mod error;
pub mod extract;
mod i18n;
mod pages;
pub mod ratelimit;

use axum::{
    Router,
    extract::{DefaultBodyLimit, MatchedPath, Request, State},
    http::{HeaderValue, header},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::get,
};
use ekrov_app::App;
use metrics_exporter_prometheus::PrometheusHandle;
use std::time::Instant;
use utoipa_swagger_ui::SwaggerUi;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub app: App,
    pub metrics: Option<PrometheusHandle>,
    pub login_limiter: std::sync::Arc<ratelimit::RateLimiter>,
}

/// Bodies larger than this are refused with 413 before anything is parsed.
pub const BODY_LIMIT: usize = 256 * 1024;

/// The whole router: API, docs, pages, assets, metrics, with the security layers around it.
pub fn router(state: AppState) -> Router {
    let (api, openapi) = api::split();
    let hsts = state.app.settings.public_url.starts_with("https://");
    api.merge(pages::router())
        .merge(assets::router())
        .route("/metrics", get(metrics_text))
        .merge(SwaggerUi::new("/api/docs").url("/api/openapi.json", openapi))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            ratelimit::limit_logins,
        ))
        .layer(middleware::from_fn(record_metrics))
        .layer(middleware::from_fn(move |req, next| {
            security_headers(req, next, hsts)
        }))
        .with_state(state)
}

/// The OpenAPI document, as served at `/api/openapi.json`.
pub fn openapi() -> utoipa::openapi::OpenApi {
    api::split().1
}

async fn metrics_text(State(s): State<AppState>) -> Response {
    match &s.metrics {
        Some(h) => (
            [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
            h.render(),
        )
            .into_response(),
        None => (axum::http::StatusCode::NOT_FOUND, "metrics are off").into_response(),
    }
}

async fn record_metrics(req: Request, next: Next) -> Response {
    let start = Instant::now();
    let path = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "unmatched".into());
    let method = req.method().to_string();
    let res = next.run(req).await;
    let status = res.status().as_u16().to_string();
    metrics::counter!("http_requests_total", "method" => method.clone(), "path" => path.clone(), "status" => status)
        .increment(1);
    metrics::histogram!("http_request_duration_seconds", "method" => method, "path" => path)
        .record(start.elapsed().as_secs_f64());
    res
}

/// Headers on every response. Pages load only our own scripts (no inline script anywhere); the
/// Swagger UI alone needs inline styles.
async fn security_headers(req: Request, next: Next, hsts: bool) -> Response {
    let docs = req.uri().path().starts_with("/api/docs");
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    let csp = if docs {
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    } else {
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'"
    };
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(csp),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
    );
    if hsts {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}
