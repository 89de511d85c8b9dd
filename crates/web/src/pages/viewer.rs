//! Who is looking at a page, in which language, and the frame every page is drawn in.

use axum::{extract::FromRequestParts, http::request::Parts};
use ekrov_app::{AppError, Principal};

use crate::{
    AppState,
    extract::{SESSION_COOKIE, cookie},
    i18n::{Lang, Tr},
    pages::{
        error::PageError,
        frame::{self, PageCtx},
    },
};

pub const LANG_COOKIE: &str = "ekrov_lang";

/// The page's viewer: maybe logged in (by the session cookie), always with a language.
pub struct Viewer {
    pub principal: Option<Principal>,
    pub token: Option<String>,
    pub lang: Lang,
    pub path: String,
    pub demo: bool,
}

impl FromRequestParts<AppState> for Viewer {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, s: &AppState) -> Result<Self, Self::Rejection> {
        let lang = Lang::from_cookie(cookie(parts, LANG_COOKIE));
        let token = cookie(parts, SESSION_COOKIE).map(str::to_owned);
        frame::remember(PageCtx::anonymous(lang, "/".into()));
        let principal = match &token {
            None => None,
            Some(t) => match s.app.authenticate(t).await {
                Ok(p) => Some(p),
                Err(AppError::Unauthenticated) => None,
                Err(e) => return Err(e.into()),
            },
        };
        let path = parts
            .uri
            .path_and_query()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_else(|| "/".into());
        let v = Viewer {
            principal,
            token,
            lang,
            path,
            demo: s.app.settings.demo,
        };
        // The frame an error page of this request is drawn in.
        frame::remember(v.ctx(""));
        Ok(v)
    }
}

impl Viewer {
    pub(crate) fn ctx(&self, nav: &'static str) -> PageCtx {
        PageCtx {
            lang: self.lang.code(),
            tr: Tr(self.lang),
            demo: self.demo,
            operator: self.principal.as_ref().is_some_and(|p| p.operator),
            user: self.principal.as_ref().map(|p| p.account.full_name()),
            csrf: self
                .principal
                .as_ref()
                .map(|p| p.csrf_token.clone())
                .unwrap_or_default(),
            nav,
            path: self.path.clone(),
        }
    }

    /// The logged-in principal, or (as the error) a redirect to the login page.
    pub(crate) fn require(&self) -> Result<&Principal, PageError> {
        self.principal.as_ref().ok_or(PageError::Login)
    }

    /// Forms must echo the session's CSRF token.
    pub(crate) fn check_csrf(&self, sent: &str) -> Result<&Principal, PageError> {
        let p = self.require()?;
        if sent.is_empty() || sent != p.csrf_token {
            return Err(PageError::Csrf);
        }
        Ok(p)
    }
}
