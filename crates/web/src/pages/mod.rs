//! Server-rendered pages, Ukrainian first. Forms carry the session's CSRF token in a hidden field;
//! pages use only the project's own scripts (no inline script: the CSP forbids it).
// A page handler's early exit is a whole response (a redirect, an error page): axum's pattern.
#![allow(clippy::result_large_err)]

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
};

mod admin;

pub const LANG_COOKIE: &str = "ekrov_lang";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/login", get(login))
        .route("/login/kep", post(login_kep))
        .route("/links/{token}/accept", post(accept_link))
        .route("/logout", post(logout))
        .route("/lang/{code}", get(set_lang))
        .route("/operator/applications", get(applications))
        .route(
            "/operator/applications/new",
            get(new_application).post(create_application),
        )
        .route("/operator/applications/{id}/register", post(register))
        .route("/operator/applications/{id}/reject", post(reject))
        .route("/operator/facilities", get(facilities))
        .route(
            "/operator/facilities/{id}/first-login",
            post(resend_first_login),
        )
        .route("/operator/mail", get(mail))
        .route("/links/{token}", get(link_page))
        .merge(admin::router())
}

/// What every page's frame needs.
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

/// The page's viewer: maybe logged in (by the session cookie), always with a language.
pub struct Viewer {
    pub principal: Option<Principal>,
    pub token: Option<String>,
    pub lang: Lang,
    pub path: String,
    pub demo: bool,
}

impl FromRequestParts<AppState> for Viewer {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, s: &AppState) -> Result<Self, Self::Rejection> {
        let lang = Lang::from_cookie(cookie(parts, LANG_COOKIE));
        let token = cookie(parts, SESSION_COOKIE).map(str::to_owned);
        let principal = match &token {
            None => None,
            Some(t) => match s.app.authenticate(t).await {
                Ok(p) => Some(p),
                Err(AppError::Unauthenticated) => None,
                Err(e) => return Err(page_error(lang, e)),
            },
        };
        let path = parts
            .uri
            .path_and_query()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_else(|| "/".into());
        Ok(Viewer {
            principal,
            token,
            lang,
            path,
            demo: s.app.settings.demo,
        })
    }
}

impl Viewer {
    fn ctx(&self, nav: &'static str) -> PageCtx {
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

    /// The logged-in principal, or a redirect to the login page.
    fn require(&self) -> Result<&Principal, Response> {
        self.principal
            .as_ref()
            .ok_or_else(|| Redirect::to("/login").into_response())
    }

    /// Forms must echo the session's CSRF token.
    fn check_csrf(&self, sent: &str) -> Result<&Principal, Response> {
        let p = self.require()?;
        if sent.is_empty() || sent != p.csrf_token {
            return Err(message(
                self,
                StatusCode::FORBIDDEN,
                "CSRF",
                "Форма застаріла або надіслана з іншого сайту: оновіть сторінку й спробуйте ще раз.",
            ));
        }
        Ok(p)
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "message.html")]
struct MessagePage {
    ctx: PageCtx,
    title: String,
    text: String,
}

fn message(v: &Viewer, status: StatusCode, title: &str, text: &str) -> Response {
    (
        status,
        MessagePage {
            ctx: v.ctx(""),
            title: title.into(),
            text: text.into(),
        },
    )
        .into_response()
}

fn page_error(lang: Lang, e: AppError) -> Response {
    let v = Viewer {
        principal: None,
        token: None,
        lang,
        path: "/".into(),
        demo: false,
    };
    let status = crate::error::ApiError::from(e);
    let title = status
        .status
        .canonical_reason()
        .unwrap_or("Error")
        .to_owned();
    message(&v, status.status, &title, &status.message)
}

fn app_error(v: &Viewer, e: AppError) -> Response {
    let err = crate::error::ApiError::from(e);
    let title = match err.status {
        StatusCode::NOT_FOUND => v.ctx("").tr.t("not_found_title").to_owned(),
        s => s.canonical_reason().unwrap_or("Error").to_owned(),
    };
    message(v, err.status, &title, &err.message)
}

async fn home(v: Viewer) -> Response {
    match &v.principal {
        Some(p) if p.operator => Redirect::to("/operator/applications").into_response(),
        // A facility's people start at their facility's first page.
        Some(_) => Redirect::to("/facility").into_response(),
        None => Redirect::to("/login").into_response(),
    }
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

async fn login(State(s): State<AppState>, v: Viewer) -> Response {
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
    with_login_csrf(&s, page.into_response(), &csrf)
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
struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

async fn logout(State(s): State<AppState>, v: Viewer, Form(f): Form<CsrfForm>) -> Response {
    if let Err(r) = v.check_csrf(&f.csrf) {
        return r;
    }
    if let Some(t) = &v.token
        && let Err(e) = s.app.logout(t).await
    {
        return app_error(&v, e);
    }
    let mut res = Redirect::to("/login").into_response();
    res.headers_mut().append(
        header::SET_COOKIE,
        HeaderValue::from_static(
            "ekrov_session=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Lax",
        ),
    );
    res
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

struct AppRow {
    id: String,
    short_name: String,
    full_name: String,
    edrpou: String,
    region: String,
    received_on: String,
    due_on: String,
    days_left: Option<String>,
    overdue: bool,
    soon: bool,
    status: &'static str,
    reject_reason: Option<String>,
    open: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "applications.html")]
struct ApplicationsPage {
    ctx: PageCtx,
    rows: Vec<AppRow>,
    statuses: Vec<(&'static str, &'static str, bool)>,
    overdue: bool,
    flash: Option<String>,
}

#[derive(Deserialize)]
struct AppsQuery {
    status: Option<String>,
    overdue: Option<String>,
    flash: Option<String>,
}

fn flash_text(tr: Tr, code: Option<&str>) -> Option<String> {
    let (uk, en) = match code? {
        "recorded" => ("Заяву збережено.", "The application has been saved."),
        "registered" => (
            "Заклад зареєстровано; адміністраторові надіслано лист із посиланням для першого входу.",
            "The facility is registered; the administrator has been sent a first-login letter.",
        ),
        "rejected" => ("Заяву відхилено.", "The application has been rejected."),
        "resent" => (
            "Нове посилання надіслано; попереднє більше не діє.",
            "A new link has been sent; the old one no longer works.",
        ),
        _ => return None,
    };
    Some(if tr.0 == Lang::En { en } else { uk }.to_owned())
}

async fn applications(
    State(s): State<AppState>,
    v: Viewer,
    Query(q): Query<AppsQuery>,
) -> Response {
    let p = match v.require() {
        Ok(p) => p,
        Err(r) => return r,
    };
    let op = match p.as_operator() {
        Ok(o) => o,
        Err(e) => return app_error(&v, e),
    };
    let ctx = v.ctx("applications");
    let tr = ctx.tr;
    let status_q = q.status.clone().unwrap_or_default();
    let query = ekrov_app::registration::ApplicationQuery {
        status: ekrov_domain::registration::ApplicationStatus::parse(&status_q),
        overdue: q.overdue.as_deref() == Some("true"),
        cursor: None,
        limit: 500,
    };
    let rows = match s.app.list_applications(&op, &query).await {
        Ok(r) => r,
        Err(e) => return app_error(&v, e),
    };
    let rows = rows
        .into_iter()
        .map(|r| {
            let a = &r.application;
            AppRow {
                id: a.id.to_string(),
                short_name: a.data.short_name.clone(),
                full_name: a.data.full_name.clone(),
                edrpou: a.data.edrpou.as_str().to_owned(),
                region: a.data.region.name_uk().to_owned(),
                received_on: a.received_on.format("%d.%m.%Y").to_string(),
                due_on: a.due_on.format("%d.%m.%Y").to_string(),
                days_left: r.working_days_left.map(|n| tr.days_left(n)),
                overdue: r.overdue,
                soon: r.working_days_left.is_some_and(|n| n <= 3),
                status: tr.t(&format!("status_{}", a.status.as_str())),
                reject_reason: a.reject_reason.clone(),
                open: a.status == ekrov_domain::registration::ApplicationStatus::Received,
            }
        })
        .collect();
    ApplicationsPage {
        statuses: ["received", "registered", "rejected"]
            .iter()
            .map(|c| (*c, tr.t(&format!("status_{c}")), status_q == *c))
            .collect(),
        overdue: query.overdue,
        flash: flash_text(tr, q.flash.as_deref()),
        ctx,
        rows,
    }
    .into_response()
}

struct FieldView {
    name: &'static str,
    label: &'static str,
    kind: &'static str,
    value: String,
    error: Option<String>,
    options: Vec<(&'static str, bool)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "application_form.html")]
struct ApplicationFormPage {
    ctx: PageCtx,
    fields: Vec<FieldView>,
    has_errors: bool,
}

/// The page form: flat fields; everything optional so that a missing one is reported beside it.
#[derive(Deserialize, Default)]
struct ApplicationForm {
    #[serde(default)]
    csrf: String,
    #[serde(flatten)]
    values: HashMap<String, String>,
}

const FORM_FIELDS: &[(&str, &str)] = &[
    ("edrpou", "text"),
    ("full_name", "text"),
    ("short_name", "text"),
    ("name_en", "text"),
    ("address", "text"),
    ("region", "select"),
    ("head_name", "text"),
    ("chief_accountant_name", "text"),
    ("provides_transfusion", "checkbox"),
    ("received_on", "date"),
    ("admin_surname", "text"),
    ("admin_given_name", "text"),
    ("admin_patronymic", "text"),
    ("admin_rnokpp", "text"),
    ("admin_email", "email"),
    ("admin_phone", "tel"),
];

fn form_page(
    v: &Viewer,
    values: &HashMap<String, String>,
    errors: &[AppError],
) -> ApplicationFormPage {
    let ctx = v.ctx("new");
    let tr = ctx.tr;
    let fields = FORM_FIELDS
        .iter()
        .map(|(name, kind)| {
            // API field names are dotted (admin.rnokpp); the form's are flat (admin_rnokpp).
            let error = errors.iter().find_map(|e| match e {
                AppError::Invalid { field, message, .. } if field.replace('.', "_") == *name => {
                    Some(message.clone())
                }
                _ => None,
            });
            FieldView {
                name,
                label: tr.t(&format!("f_{name}")),
                kind,
                value: values.get(*name).cloned().unwrap_or_default(),
                error,
                options: if *kind == "select" {
                    let cur = values.get(*name).map(String::as_str).unwrap_or("");
                    Region::all()
                        .iter()
                        .map(|r| (r.name_uk(), r.name_uk() == cur))
                        .collect()
                } else {
                    vec![]
                },
            }
        })
        .collect();
    ApplicationFormPage {
        ctx,
        fields,
        has_errors: !errors.is_empty(),
    }
}

async fn new_application(v: Viewer) -> Response {
    let p = match v.require() {
        Ok(p) => p,
        Err(r) => return r,
    };
    if let Err(e) = p.as_operator() {
        return app_error(&v, e);
    }
    let mut values = HashMap::new();
    values.insert("provides_transfusion".to_owned(), "true".to_owned());
    form_page(&v, &values, &[]).into_response()
}

async fn create_application(
    State(s): State<AppState>,
    v: Viewer,
    Form(f): Form<ApplicationForm>,
) -> Response {
    let p = match v.check_csrf(&f.csrf) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let op = match p.as_operator() {
        Ok(o) => o,
        Err(e) => return app_error(&v, e),
    };
    let g = |k: &str| f.values.get(k).cloned().unwrap_or_default();
    let input = ApplicationIn {
        edrpou: g("edrpou"),
        full_name: g("full_name"),
        short_name: g("short_name"),
        name_en: g("name_en"),
        address: g("address"),
        region: g("region"),
        head_name: g("head_name"),
        chief_accountant_name: g("chief_accountant_name"),
        provides_transfusion: g("provides_transfusion") == "true",
        received_on: g("received_on"),
        admin: AdminIn {
            surname: g("admin_surname"),
            given_name: g("admin_given_name"),
            patronymic: Some(g("admin_patronymic")),
            rnokpp: g("admin_rnokpp"),
            email: g("admin_email"),
            phone: g("admin_phone"),
        },
    };
    let errors = match parse(&input) {
        Ok((data, received_on)) => match s.app.record_application(&op, data, received_on).await {
            Ok(_) => return Redirect::to("/operator/applications?flash=recorded").into_response(),
            Err(e @ AppError::Invalid { .. }) => vec![e],
            Err(e) => return app_error(&v, e),
        },
        Err(errs) => errs,
    };
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        form_page(&v, &f.values, &errors),
    )
        .into_response()
}

fn parse_uuid(v: &Viewer, id: &str) -> Result<uuid::Uuid, Response> {
    id.parse()
        .map_err(|_| app_error(v, AppError::NotFound("запис")))
}

async fn register(
    State(s): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
    Form(f): Form<CsrfForm>,
) -> Response {
    let p = match v.check_csrf(&f.csrf) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let result = async {
        let op = p.as_operator()?;
        let id = parse_uuid(&v, &id).map_err(|_| AppError::NotFound("заяву"))?;
        s.app.register_application(&op, id).await
    }
    .await;
    match result {
        Ok(_) => Redirect::to("/operator/applications?flash=registered").into_response(),
        Err(e) => app_error(&v, e),
    }
}

#[derive(Deserialize)]
struct RejectForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    reason: String,
}

async fn reject(
    State(s): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
    Form(f): Form<RejectForm>,
) -> Response {
    let p = match v.check_csrf(&f.csrf) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let result = async {
        let op = p.as_operator()?;
        let id = parse_uuid(&v, &id).map_err(|_| AppError::NotFound("заяву"))?;
        s.app.reject_application(&op, id, &f.reason).await
    }
    .await;
    match result {
        Ok(_) => Redirect::to("/operator/applications?flash=rejected").into_response(),
        Err(e) => app_error(&v, e),
    }
}

struct FacilityRow {
    id: String,
    short_name: String,
    name_en: String,
    edrpou: String,
    region: String,
    admin: String,
    admin_email: String,
    first_login_done: bool,
    link_state: String,
    done: u32,
    total: u32,
    percent: u32,
    next: Option<&'static str>,
    invitations_pending: i64,
    invitations_expired: i64,
}

#[derive(Template, WebTemplate)]
#[template(path = "facilities.html")]
struct FacilitiesPage {
    ctx: PageCtx,
    rows: Vec<FacilityRow>,
    flash: Option<String>,
    regions: Vec<(&'static str, bool)>,
    /// (code, title, selected)
    steps: Vec<(&'static str, &'static str, bool)>,
    invitations: Vec<(&'static str, &'static str, bool)>,
    /// The filters as a query string, for the CSV link.
    query: String,
}

#[derive(Deserialize)]
struct FacilitiesQuery {
    flash: Option<String>,
    region: Option<String>,
    step_missing: Option<String>,
    invitations: Option<String>,
}

async fn facilities(
    State(s): State<AppState>,
    v: Viewer,
    Query(q): Query<FacilitiesQuery>,
) -> Response {
    use ekrov_app::onboarding::{InvitationFilter, NationalQuery, STEPS, step_def};
    let p = match v.require() {
        Ok(p) => p,
        Err(r) => return r,
    };
    let nonempty = |o: &Option<String>| o.as_deref().filter(|x| !x.is_empty()).map(str::to_owned);
    let region = nonempty(&q.region).and_then(|r| Region::parse(&r).ok());
    let step = nonempty(&q.step_missing)
        .and_then(|c| step_def(&c))
        .filter(|s| !s.optional);
    let inv = match q.invitations.as_deref() {
        Some("pending") => Some(InvitationFilter::Pending),
        Some("expired") => Some(InvitationFilter::Expired),
        _ => None,
    };
    let result = async {
        let op = p.as_operator()?;
        s.app
            .national_progress(
                &op,
                &NationalQuery {
                    region: region.map(|r| r.name_uk().to_owned()),
                    missing_step: step,
                    invitations: inv,
                    after: None,
                    limit: Some(500),
                },
            )
            .await
    }
    .await;
    let rows = match result {
        Ok(r) => r,
        Err(e) => return app_error(&v, e),
    };
    let ctx = v.ctx("facilities");
    let en = v.lang == Lang::En;
    let rows = rows
        .into_iter()
        .map(|r| {
            let d = &r.facility.data;
            let c = &r.checklist;
            FacilityRow {
                id: r.facility.id.to_string(),
                short_name: d.short_name.clone(),
                name_en: d.name_en.clone(),
                edrpou: d.edrpou.as_str().to_owned(),
                region: d.region.name_uk().to_owned(),
                admin: format!("{} {}", d.admin.surname, d.admin.given_name),
                admin_email: d.admin.email.as_str().to_owned(),
                first_login_done: c.counts.first_login,
                link_state: r
                    .first_login_link
                    .map(|(st, exp)| {
                        format!("{} · {}", st.as_str(), exp.format("%d.%m.%Y %H:%M UTC"))
                    })
                    .unwrap_or_default(),
                done: c.done,
                total: c.total,
                percent: c.percent(),
                next: c
                    .next()
                    .map(|s| if en { s.def.title_en } else { s.def.title_uk }),
                invitations_pending: c.counts.invitations_pending,
                invitations_expired: c.counts.invitations_expired,
            }
        })
        .collect();
    let mut query = Vec::new();
    if let Some(r) = region {
        query.push(format!("region={}", urlencode(r.name_uk())));
    }
    if let Some(st) = step {
        query.push(format!("step_missing={}", st.code));
    }
    if let Some(i) = q.invitations.as_deref().filter(|_| inv.is_some()) {
        query.push(format!("invitations={i}"));
    }
    FacilitiesPage {
        flash: flash_text(ctx.tr, q.flash.as_deref()),
        regions: Region::all()
            .iter()
            .map(|r| (r.name_uk(), Some(*r) == region))
            .collect(),
        steps: STEPS
            .iter()
            .filter(|s| !s.optional)
            .map(|s| {
                (
                    s.code,
                    if en { s.title_en } else { s.title_uk },
                    step.is_some_and(|x| x.code == s.code),
                )
            })
            .collect(),
        invitations: vec![
            (
                "pending",
                ctx.tr.t("nat_inv_pending"),
                inv == Some(InvitationFilter::Pending),
            ),
            (
                "expired",
                ctx.tr.t("nat_inv_expired"),
                inv == Some(InvitationFilter::Expired),
            ),
        ],
        query: query.join("&"),
        ctx,
        rows,
    }
    .into_response()
}

/// Percent-encode a query value (what is not unreserved).
fn urlencode(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

async fn resend_first_login(
    State(s): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
    Form(f): Form<CsrfForm>,
) -> Response {
    let p = match v.check_csrf(&f.csrf) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let result = async {
        let op = p.as_operator()?;
        let id = parse_uuid(&v, &id).map_err(|_| AppError::NotFound("заклад"))?;
        s.app.resend_first_login(&op, id).await
    }
    .await;
    match result {
        Ok(_) => Redirect::to("/operator/facilities?flash=resent").into_response(),
        Err(e) => app_error(&v, e),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "mail.html")]
struct MailPage {
    ctx: PageCtx,
    rows: Vec<(String, String, i64, String, String)>,
}

async fn mail(State(s): State<AppState>, v: Viewer) -> Response {
    let p = match v.require() {
        Ok(p) => p,
        Err(r) => return r,
    };
    let result = async {
        let op = p.as_operator()?;
        s.app.undelivered_mail(&op).await
    }
    .await;
    match result {
        Ok(rows) => MailPage {
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
        .into_response(),
        Err(e) => app_error(&v, e),
    }
}

async fn link_page(State(s): State<AppState>, v: Viewer, Path(token): Path<String>) -> Response {
    let info = match s.app.link_info(&token).await {
        Ok(i) => i,
        Err(e) => return app_error(&v, e),
    };
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
        Err(e) => return app_error(&v, e),
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
    with_login_csrf(&s, (status, page).into_response(), &csrf)
}
