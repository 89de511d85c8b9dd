//! Signing in and out: the login page with the КЕП widget, the links of letters, logout.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    Form, Router,
    extract::{Path, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use serde::Deserialize;

use crate::{
    AppState,
    extract::SESSION_COOKIE,
    pages::{error::PageResult, frame::PageCtx, viewer::Viewer},
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/login", get(login))
        .route("/login/kep", post(login_kep))
        .route("/links/{token}", get(link_page))
        .route("/links/{token}/accept", post(accept_link))
        .route("/logout", post(logout))
}

#[derive(Template, WebTemplate)]
#[template(path = "login.html")]
struct LoginPage {
    ctx: PageCtx,
    title: String,
    notice: Option<String>,
    show_form: bool,
    submit_url: String,
    redirect: String,
}

async fn login(State(s): State<AppState>, v: Viewer) -> PageResult {
    let mut ctx = v.ctx("login");
    let title = ctx.tr.t("login_title").to_owned();
    let csrf = ekrov_app::random_token();
    ctx.csrf = csrf.clone();
    let page = LoginPage {
        ctx,
        title,
        notice: None,
        show_form: true,
        submit_url: "/login/kep".into(),
        redirect: String::new(),
    };
    Ok(with_login_csrf(&s, page.into_response(), &csrf))
}

/// Login forms are posted before there is a session, so their CSRF token is a double-submit
/// cookie: the page carries the same random value the cookie does.
pub const LOGIN_CSRF_COOKIE: &str = "ekrov_csrf";

fn with_login_csrf(s: &AppState, mut res: Response, csrf: &str) -> Response {
    let c = format!(
        "{LOGIN_CSRF_COOKIE}={csrf}; Path=/; HttpOnly; SameSite=Strict{}",
        secure_attr(s)
    );
    if let Ok(v) = HeaderValue::from_str(&c) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}

/// `; Secure` whenever the browser will keep a Secure cookie: over HTTPS, and on localhost,
/// which browsers treat as a secure context. (Plain HTTP on another host is a test setup only.)
fn secure_attr(s: &AppState) -> &'static str {
    let u = s.app.settings.public_url.as_str();
    let local = u.starts_with("http://127.0.0.1")
        || u.starts_with("http://localhost")
        || u.starts_with("http://[::1]");
    if u.starts_with("https://") || local {
        "; Secure"
    } else {
        ""
    }
}

fn session_cookie(
    s: &AppState,
    token: &str,
    expires_at: chrono::DateTime<chrono::Utc>,
) -> Option<HeaderValue> {
    let max_age = (expires_at - s.app.now()).num_seconds().max(0);
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={token}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax{}",
        secure_attr(s)
    ))
    .ok()
}

fn login_csrf_ok(headers: &HeaderMap) -> bool {
    let sent = headers
        .get(crate::extract::CSRF_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let cookie = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == LOGIN_CSRF_COOKIE)
        .map(|(_, v)| v)
        .unwrap_or("");
    !sent.is_empty() && sent == cookie
}

/// The page's login: like `POST /api/v1/auth/kep`, but the session goes into an HttpOnly cookie
/// (the token is not handed to page scripts) and the answer says where to go next.
async fn login_kep(
    State(s): State<AppState>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    finish_login(&s, &headers, &body, None).await
}

async fn accept_link(
    State(s): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    finish_login(&s, &headers, &body, Some(&token)).await
}

async fn finish_login(
    s: &AppState,
    headers: &HeaderMap,
    body: &[u8],
    link: Option<&str>,
) -> Response {
    use crate::error::ApiError;
    if !login_csrf_ok(headers) {
        return ApiError::new(
            StatusCode::FORBIDDEN,
            "csrf_invalid",
            "Сторінка застаріла: оновіть її й спробуйте ще раз",
        )
        .into_response();
    }
    let b: crate::api::auth::SignedIn = match crate::extract::parse_json(body) {
        Ok(b) => b,
        Err(e) => return e.into_response(),
    };
    let result = match link {
        None => s.app.login_kep(&b.challenge_id, &b.signature).await,
        Some(t) => s.app.accept_link(t, &b.challenge_id, &b.signature).await,
    };
    match result {
        Ok(session) => {
            let cookie = session_cookie(s, &session.token, session.expires_at);
            let out = crate::api::auth::login_out(session);
            let body = serde_json::json!({"account": out.account, "expires_at": out.expires_at, "redirect": "/"});
            let mut res = axum::Json(body).into_response();
            if let Some(c) = cookie {
                res.headers_mut().append(header::SET_COOKIE, c);
            }
            res
        }
        Err(e) => ApiError::from(e).into_response(),
    }
}

#[derive(Deserialize)]
pub(crate) struct CsrfForm {
    #[serde(default)]
    pub(crate) csrf: String,
}

async fn logout(State(s): State<AppState>, v: Viewer, Form(f): Form<CsrfForm>) -> PageResult {
    v.check_csrf(&f.csrf)?;
    if let Some(t) = &v.token
        && let Err(e) = s.app.logout(t).await
    {
        return Err(e.into());
    }
    let mut res = Redirect::to("/login").into_response();
    res.headers_mut().append(
        header::SET_COOKIE,
        HeaderValue::from_static(
            "ekrov_session=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Lax",
        ),
    );
    Ok(res)
}

async fn link_page(State(s): State<AppState>, v: Viewer, Path(token): Path<String>) -> PageResult {
    let info = s.app.link_info(&token).await?;
    let mut ctx = v.ctx("");
    let csrf = ekrov_app::random_token();
    ctx.csrf = csrf.clone();
    let tr = ctx.tr;
    let title = match info.link.kind {
        ekrov_domain::access::LinkKind::FirstLogin => tr.t("link_title_first_login"),
        ekrov_domain::access::LinkKind::Invitation => tr.t("link_title_invitation"),
    }
    .to_owned();
    // An invitation names the position it is for.
    let position = match s.app.invitation_info(&info.link).await {
        Ok(Some(i)) if !i.department_name.is_empty() => {
            format!(" — {}, {}", i.position_title, i.department_name)
        }
        Ok(Some(i)) => format!(" — {}", i.position_title),
        Ok(None) => String::new(),
        Err(e) => return Err(e.into()),
    };
    use ekrov_domain::access::LinkState as L;
    let (notice, show_form, status) = match info.state {
        L::Valid => (
            Some(format!(
                "{}{position} — {} {}",
                info.facility_short_name,
                tr.t("link_valid"),
                info.link.expires_at.format("%d.%m.%Y %H:%M UTC")
            )),
            true,
            StatusCode::OK,
        ),
        L::Expired => (
            Some(tr.t("link_expired").to_owned()),
            false,
            StatusCode::GONE,
        ),
        L::Used => (
            Some(tr.t("link_used").to_owned()),
            false,
            StatusCode::CONFLICT,
        ),
        L::Revoked => (
            Some(tr.t("link_revoked").to_owned()),
            false,
            StatusCode::GONE,
        ),
    };
    let page = LoginPage {
        ctx,
        title,
        notice,
        show_form,
        submit_url: format!("/links/{token}/accept"),
        redirect: String::new(),
    };
    Ok(with_login_csrf(&s, (status, page).into_response(), &csrf))
}
