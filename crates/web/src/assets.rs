//! Static files compiled into the binary: the project's own JavaScript and CSS.

use axum::{Router, http::header, response::IntoResponse, routing::get};

use crate::AppState;

const SIGNER: &str = include_str!("../assets/kep-signer.js");
const LOGIN: &str = include_str!("../assets/kep-login.js");
const STYLE: &str = include_str!("../assets/style.css");
const ADMIN: &str = include_str!("../assets/admin.js");

fn js(body: &'static str) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        body,
    )
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/assets/kep-signer.js", get(|| async { js(SIGNER) }))
        .route("/assets/kep-login.js", get(|| async { js(LOGIN) }))
        .route("/assets/admin.js", get(|| async { js(ADMIN) }))
        .route(
            "/assets/style.css",
            get(|| async {
                (
                    [
                        (header::CONTENT_TYPE, "text/css; charset=utf-8"),
                        (header::CACHE_CONTROL, "public, max-age=300"),
                    ],
                    STYLE,
                )
            }),
        )
}
