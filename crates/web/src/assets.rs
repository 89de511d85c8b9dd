//! Static files compiled into the binary: the project's own JavaScript and CSS.

use axum::{Router, http::header, response::IntoResponse, routing::get};

use crate::AppState;

const GOST: &str = include_str!("../assets/kep-gost.js");
const DSTU4145: &str = include_str!("../assets/kep-dstu4145.js");
const DSTU_KEYS: &str = include_str!("../assets/kep-dstu-keys.js");
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
        .route("/assets/kep-gost.js", get(|| async { js(GOST) }))
        .route("/assets/kep-dstu4145.js", get(|| async { js(DSTU4145) }))
        .route("/assets/kep-dstu-keys.js", get(|| async { js(DSTU_KEYS) }))
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
