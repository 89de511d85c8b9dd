//! The operator's outbox of letters.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    Form, Router,
    extract::{FromRequestParts, Path, Query, State},
    http::{HeaderMap, HeaderValue, StatusCode, header, request::Parts},
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use ekrov_app::{AppError, Principal};
use ekrov_domain::Region;
use serde::Deserialize;
use std::collections::HashMap;

use crate::{
    AppState,
    api::applications::{AdminIn, ApplicationIn, parse},
    extract::{SESSION_COOKIE, cookie},
    i18n::{Lang, Tr},
    pages::{
        LANG_COOKIE,
        error::{PageError, PageResult},
        viewer::{PageCtx, Viewer, app_error, message},
    },
};

pub fn router() -> Router<AppState> {
    Router::new().route("/operator/mail", get(mail))
}

#[derive(Template, WebTemplate)]
#[template(path = "mail.html")]
struct MailPage {
    ctx: PageCtx,
    rows: Vec<(String, String, i64, String, String)>,
}

async fn mail(State(s): State<AppState>, v: Viewer) -> PageResult {
    let p = v.require()?;
    let result = async {
        let op = p.as_operator()?;
        s.app.undelivered_mail(&op).await
    }
    .await;
    let rows = result?;
    Ok(MailPage {
        ctx: v.ctx("mail"),
        rows: rows
            .into_iter()
            .map(|q| {
                (
                    q.letter.to,
                    q.letter.subject,
                    q.attempts,
                    q.next_attempt_at
                        .format("%d.%m.%Y %H:%M:%S UTC")
                        .to_string(),
                    q.last_error.unwrap_or_default(),
                )
            })
            .collect(),
    }
    .into_response())
}
