//! «Працівники»: the list of a facility's employees and the form to add or edit one.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    Form,
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect},
};
use ekrov_app::{
    AppError,
    facility::{
        Access,
        grant::{ManageEmployees, ViewEmployees},
    },
};
use uuid::Uuid;

use crate::{
    AppState,
    api::admin::{EmployeeIn, parse_employee},
    pages::{
        administration::shared::*, error::PageResult, form::*, frame::PageCtx, viewer::Viewer,
    },
};

pub struct EmployeeRow {
    pub id: String,
    pub name: String,
    pub code: String,
    pub alternative: bool,
    pub email: String,
    pub phone: String,
    pub registered: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin_employees.html")]
struct EmployeesPage {
    ctx: PageCtx,
    /// The cursor of the next page of the list, if any.
    next: Option<String>,
    head: Head,
    rows: Vec<EmployeeRow>,
    can_manage: bool,
    fields: Vec<FieldView>,
    general: Option<String>,
    flash: Option<String>,
    /// The employee the form edits; none for a new one.
    editing: Option<String>,
}

#[allow(clippy::too_many_arguments)]
async fn render_employees(
    s: &AppState,
    v: &Viewer,
    access: &Access,
    values: &FormData,
    errors: &[AppError],
    flash: Option<String>,
    cursor: Option<String>,
    editing: Option<Uuid>,
) -> PageResult {
    let p = v.require()?;
    let view = s
        .app
        .facility_actor::<ViewEmployees>(p, access.facility.id)
        .await?;
    // A page of the list at a time: the facility may employ thousands.
    let mut list = s
        .app
        .list_employees(&view, page_after(cursor), PAGE + 1)
        .await?;
    let next = next_page(&mut list, |e| (e.created_at, e.id));
    // Editing: the form opens with the employee as stored, unless a refused submission is shown.
    let editing = editing.filter(|_| access.allows::<ManageEmployees>());
    let current;
    let values = match editing {
        Some(id) if values.0.is_empty() => {
            let e = s.app.get_employee(&view, id).await?;
            current = FormData(vec![
                ("surname".into(), e.data.surname.clone()),
                ("given_name".into(), e.data.given_name.clone()),
                (
                    "patronymic".into(),
                    e.data.patronymic.clone().unwrap_or_default(),
                ),
                ("rnokpp".into(), e.data.person_code.as_str().to_owned()),
                ("email".into(), e.data.email.as_str().to_owned()),
                (
                    "phone".into(),
                    e.data
                        .phone
                        .as_ref()
                        .map(|p| p.national())
                        .unwrap_or_default(),
                ),
            ]);
            &current
        }
        _ => values,
    };
    let ctx = v.ctx("facility");
    let tr = ctx.tr;
    let rows = list
        .into_iter()
        .map(|e| EmployeeRow {
            id: e.id.to_string(),
            name: e.data.full_name(),
            code: e.data.person_code.as_str().to_owned(),
            alternative: e.data.person_code.is_alternative(),
            email: e.data.email.as_str().to_owned(),
            phone: e.data.phone.map(|p| p.national()).unwrap_or_default(),
            registered: e.account_id.is_some(),
        })
        .collect();
    let fields = vec![
        field(&tr, "surname", "text", values, errors),
        field(&tr, "given_name", "text", values, errors),
        field(&tr, "patronymic", "text", values, errors),
        field(&tr, "rnokpp", "text", values, errors),
        field(&tr, "email", "email", values, errors),
        field(&tr, "phone", "tel", values, errors),
    ];
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((
        status,
        EmployeesPage {
            head: head(access, "employees"),
            rows,
            can_manage: access.allows::<ManageEmployees>(),
            fields,
            general: general(errors),
            flash,
            next,
            editing: editing.map(|id| id.to_string()),
            ctx,
        },
    )
        .into_response())
}

pub(super) async fn employees_page(
    State(s): State<AppState>,
    v: Viewer,
    Path(fid): Path<String>,
    Query(q): Query<FlashQ>,
) -> PageResult {
    let a = actor::<ViewEmployees>(&s, &v, &fid).await?;
    let editing = match q.edit.as_deref().map(str::parse::<Uuid>) {
        None => None,
        Some(Ok(id)) => Some(id),
        Some(Err(_)) => return Err(AppError::NotFound("працівника").into()),
    };
    render_employees(
        &s,
        &v,
        a.access(),
        &FormData(vec![]),
        &[],
        saved(v.lang, q.flash),
        q.cursor,
        editing,
    )
    .await
}

pub(super) async fn employees_create(
    State(s): State<AppState>,
    v: Viewer,
    Path(fid): Path<String>,
    Form(f): Form<Vec<(String, String)>>,
) -> PageResult {
    let f = FormData(f);
    let a = csrf_actor::<ManageEmployees>(&s, &v, &fid, &f).await?;
    let input = EmployeeIn {
        surname: f.get("surname"),
        given_name: f.get("given_name"),
        patronymic: Some(f.get("patronymic")),
        rnokpp: f.get("rnokpp"),
        email: f.get("email"),
        phone: Some(f.get("phone")),
    };
    let errors = match parse_employee(&input) {
        Ok(d) => match s.app.create_employee(&a, d).await {
            Ok(_) => {
                return Ok(
                    Redirect::to(&format!("/facility/{fid}/employees?flash=saved")).into_response(),
                );
            }
            // A duplicate is about the identifier: shown beside it.
            Err(AppError::Conflict {
                code: "duplicate_rnokpp",
                message,
            }) => vec![AppError::invalid("rnokpp", "duplicate_rnokpp", message)],
            Err(e @ AppError::Invalid { .. }) => vec![e],
            Err(e) => return Err(e.into()),
        },
        Err(e) => e,
    };
    render_employees(&s, &v, a.access(), &f, &errors, None, None, None).await
}

/// The edit form of an employee, «Зберегти»: as the create form, errors beside the fields.
pub(super) async fn employees_update(
    State(s): State<AppState>,
    v: Viewer,
    Path((fid, id)): Path<(String, String)>,
    Form(f): Form<Vec<(String, String)>>,
) -> PageResult {
    let f = FormData(f);
    let a = csrf_actor::<ManageEmployees>(&s, &v, &fid, &f).await?;
    let Ok(id) = id.parse::<Uuid>() else {
        return Err(AppError::NotFound("працівника").into());
    };
    let input = EmployeeIn {
        surname: f.get("surname"),
        given_name: f.get("given_name"),
        patronymic: Some(f.get("patronymic")),
        rnokpp: f.get("rnokpp"),
        email: f.get("email"),
        phone: Some(f.get("phone")),
    };
    let errors = match parse_employee(&input) {
        Ok(d) => match s.app.update_employee(&a, id, d).await {
            Ok(_) => {
                return Ok(Redirect::to(&format!(
                    "/facility/{}/employees?flash=saved",
                    a.facility_id()
                ))
                .into_response());
            }
            Err(AppError::Conflict {
                code: "duplicate_rnokpp",
                message,
            }) => vec![AppError::invalid("rnokpp", "duplicate_rnokpp", message)],
            Err(e @ (AppError::Invalid { .. } | AppError::Conflict { .. })) => vec![e],
            Err(e) => return Err(e.into()),
        },
        Err(e) => e,
    };
    render_employees(&s, &v, a.access(), &f, &errors, None, None, Some(id)).await
}
