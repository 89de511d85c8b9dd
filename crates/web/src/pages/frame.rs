//! The frame every page is drawn in (language, who is signed in), and where an error page of
//! the request finds it: the page frame is known only once the `Viewer` is extracted, and
//! `From<AppError>` has no viewer to ask, so the viewer leaves its frame in a task-local that
//! `with_frame` scopes around each page request.

use std::cell::RefCell;

use askama::Template;
use askama_web::WebTemplate;
use axum::{extract::Request, middleware::Next, response::Response};

use crate::i18n::{Lang, Tr};

/// What every page's frame needs.
#[derive(Clone)]
pub struct PageCtx {
    pub lang: &'static str,
    pub tr: Tr,
    pub demo: bool,
    pub operator: bool,
    pub user: Option<String>,
    pub csrf: String,
    pub nav: &'static str,
    pub path: String,
}

impl PageCtx {
    /// The frame for someone not (yet) known: before the session is read.
    pub(crate) fn anonymous(lang: Lang, path: String) -> Self {
        PageCtx {
            lang: lang.code(),
            tr: Tr(lang),
            demo: false,
            operator: false,
            user: None,
            csrf: String::new(),
            nav: "",
            path,
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "message.html")]
pub(crate) struct MessagePage {
    pub(crate) ctx: PageCtx,
    pub(crate) title: String,
    pub(crate) text: String,
}

tokio::task_local! {
    static FRAME: RefCell<Option<PageCtx>>;
}

/// Middleware around the pages: room for the viewer's frame while the request is handled.
pub async fn with_frame(req: Request, next: Next) -> Response {
    FRAME.scope(RefCell::new(None), next.run(req)).await
}

/// Called by the `Viewer` extractor: the frame an error page of this request is drawn in.
pub(super) fn remember(ctx: PageCtx) {
    // Outside `with_frame` (no page request) there is nothing to remember it for.
    let _ = FRAME.try_with(|f| *f.borrow_mut() = Some(ctx));
}

/// The frame remembered for this request, or an anonymous Ukrainian one.
pub(super) fn current() -> PageCtx {
    FRAME
        .try_with(|f| f.borrow().clone())
        .ok()
        .flatten()
        .unwrap_or_else(|| PageCtx::anonymous(Lang::Uk, "/".into()))
}
