//! The operator's outbox of letters.

use askama::Template;
use askama_web::WebTemplate;
use axum::{Router, extract::State, response::IntoResponse, routing::get};

use crate::{
    AppState,
    pages::{error::PageResult, frame::PageCtx, viewer::Viewer},
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
