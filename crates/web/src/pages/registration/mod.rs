//! The operator's «Заяви»: the list of facilities' applications, the application form, registering
//! or rejecting one.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    Form, Router,
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect},
    routing::{get, post},
};
use ekrov_app::AppError;
use ekrov_domain::Region;
use serde::Deserialize;
use std::collections::HashMap;

use crate::{
    AppState,
    api::applications::{AdminIn, ApplicationIn, parse},
    pages::access::CsrfForm,
    pages::{error::PageResult, frame::PageCtx, viewer::Viewer},
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/operator/applications", get(applications))
        .route(
            "/operator/applications/new",
            get(new_application).post(create_application),
        )
        .route("/operator/applications/{id}/register", post(register))
        .route("/operator/applications/{id}/reject", post(reject))
        .merge(facilities::router())
}

mod facilities;
mod flash;

use flash::flash_text;

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

async fn applications(
    State(s): State<AppState>,
    v: Viewer,
    Query(q): Query<AppsQuery>,
) -> PageResult {
    let p = v.require()?;
    let op = p.as_operator()?;
    let ctx = v.ctx("applications");
    let tr = ctx.tr;
    let status_q = q.status.clone().unwrap_or_default();
    let query = ekrov_app::registration::ApplicationQuery {
        status: ekrov_domain::registration::ApplicationStatus::parse(&status_q),
        overdue: q.overdue.as_deref() == Some("true"),
        cursor: None,
        limit: 500,
    };
    let rows = s.app.list_applications(&op, &query).await?;
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
    Ok(ApplicationsPage {
        statuses: ["received", "registered", "rejected"]
            .iter()
            .map(|c| (*c, tr.t(&format!("status_{c}")), status_q == *c))
            .collect(),
        overdue: query.overdue,
        flash: flash_text(tr, q.flash.as_deref()),
        ctx,
        rows,
    }
    .into_response())
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

async fn new_application(v: Viewer) -> PageResult {
    let p = v.require()?;
    if let Err(e) = p.as_operator() {
        return Err(e.into());
    }
    let mut values = HashMap::new();
    values.insert("provides_transfusion".to_owned(), "true".to_owned());
    Ok(form_page(&v, &values, &[]).into_response())
}

async fn create_application(
    State(s): State<AppState>,
    v: Viewer,
    Form(f): Form<ApplicationForm>,
) -> PageResult {
    let p = v.check_csrf(&f.csrf)?;
    let op = p.as_operator()?;
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
            Ok(_) => {
                return Ok(Redirect::to("/operator/applications?flash=recorded").into_response());
            }
            Err(e @ AppError::Invalid { .. }) => vec![e],
            Err(e) => return Err(e.into()),
        },
        Err(errs) => errs,
    };
    Ok((
        StatusCode::UNPROCESSABLE_ENTITY,
        form_page(&v, &f.values, &errors),
    )
        .into_response())
}

async fn register(
    State(s): State<AppState>,
    v: Viewer,
    Path(id): Path<String>,
    Form(f): Form<CsrfForm>,
) -> PageResult {
    let p = v.check_csrf(&f.csrf)?;
    let result = async {
        let op = p.as_operator()?;
        let id = id
            .parse::<uuid::Uuid>()
            .map_err(|_| AppError::NotFound("заяву"))?;
        s.app.register_application(&op, id).await
    }
    .await;
    result?;
    Ok(Redirect::to("/operator/applications?flash=registered").into_response())
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
) -> PageResult {
    let p = v.check_csrf(&f.csrf)?;
    let result = async {
        let op = p.as_operator()?;
        let id = id
            .parse::<uuid::Uuid>()
            .map_err(|_| AppError::NotFound("заяву"))?;
        s.app.reject_application(&op, id, &f.reason).await
    }
    .await;
    result?;
    Ok(Redirect::to("/operator/applications?flash=rejected").into_response())
}
