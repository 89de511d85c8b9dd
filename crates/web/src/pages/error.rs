//! The pages' one error type: a handler returns `Result<Response, PageError>` and uses `?`, and
//! whatever fails becomes ekrov's error page in the viewer's language with the right status
//! (404, 403, 503 when the database is down, 500 logged) — never an empty list, never the cause.
//!
//! `From<AppError>` has no viewer to ask for the language: the page is drawn in the frame the
//! viewer left for this request (see `frame`).

use axum::{
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use ekrov_app::AppError;

use super::frame::{self, MessagePage, PageCtx};
use crate::error::ApiError;

#[derive(Debug)]
pub enum PageError {
    /// A use case failed: the error page with its status.
    App(AppError),
    /// A form without the session's CSRF token.
    Csrf,
    /// Not signed in: to the login page.
    Login,
}

impl From<AppError> for PageError {
    fn from(e: AppError) -> Self {
        PageError::App(e)
    }
}

/// The page's title for an error status, Ukrainian first.
fn title_key(status: StatusCode) -> &'static str {
    match status {
        StatusCode::NOT_FOUND => "not_found_title",
        StatusCode::FORBIDDEN => "error_forbidden_title",
        StatusCode::SERVICE_UNAVAILABLE => "error_unavailable_title",
        StatusCode::INTERNAL_SERVER_ERROR => "error_internal_title",
        _ => "error_title",
    }
}

/// The message page with a status, in the frame of this request.
pub(super) fn message_page(ctx: PageCtx, status: StatusCode, title: &str, text: &str) -> Response {
    let page = MessagePage {
        ctx,
        title: title.into(),
        text: text.into(),
    };
    (status, page).into_response()
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        match self {
            PageError::Login => Redirect::to("/login").into_response(),
            PageError::Csrf => message_page(
                frame::current(),
                StatusCode::FORBIDDEN,
                "CSRF",
                "Форма застаріла або надіслана з іншого сайту: оновіть сторінку й спробуйте ще раз.",
            ),
            PageError::App(e) => {
                // ApiError logs the cause of a 500 or 503; its message is the one for people.
                let err = ApiError::from(e);
                let ctx = frame::current();
                let title = ctx.tr.t(title_key(err.status));
                message_page(ctx, err.status, title, &err.message)
            }
        }
    }
}

pub type PageResult = Result<Response, PageError>;
