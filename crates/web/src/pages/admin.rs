//! The facility administrator's pages (seed steps 4–9), with the seed's labels verbatim:
//! «Ролі користувачів», «Реєстр учасників», «Організаційна структура», «Додати посаду»,
//! «Призначити працівника», «Зберегти». Every form answers errors beside the field and keeps what
//! was typed; each page goes through the same use cases (and so the same checks) as the API.

// A page's refusal is the page itself (a `Response`), as in the rest of `pages`.
#![allow(clippy::result_large_err)]

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    Form, Router,
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
    routing::get,
};
use ekrov_app::{
    AppError,
    facility::{
        Access,
        grant::{
            ManageAssignments, ManageDepartments, ManageEmployees, ManagePositions, ManageRoles,
            ViewAudit, ViewEmployees, ViewRoles, ViewStructure,
        },
    },
};
use ekrov_domain::{AssignmentKind, DepartmentType, Permission};
use serde::Deserialize;
use uuid::Uuid;

use super::{PageCtx, Viewer, app_error};
use crate::{
    AppState,
    api::admin::{
        AssignmentIn, DepartmentIn, EmployeeIn, PositionIn, RoleIn, parse_assignment,
        parse_department, parse_employee, parse_position, parse_role,
    },
    i18n::Lang,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/facility", get(facility_home))
        .route("/facility/{fid}/roles", get(roles_page).post(roles_create))
        .route(
            "/facility/{fid}/roles/{id}",
            axum::routing::post(roles_update),
        )
        .route(
            "/facility/{fid}/employees",
            get(employees_page).post(employees_create),
        )
        .route(
            "/facility/{fid}/employees/{id}",
            axum::routing::post(employees_update),
        )
        .route(
            "/facility/{fid}/registry",
            get(registry_page).post(departments_create),
        )
        .route("/facility/{fid}/structure", get(structure_page))
        .route(
            "/facility/{fid}/departments/{id}/positions",
            axum::routing::post(positions_create),
        )
        .route(
            "/facility/{fid}/positions/{id}/assignments",
            axum::routing::post(assignments_create),
        )
        .route(
            "/facility/{fid}/assignments/{id}/invitation",
            axum::routing::post(assignment_reinvite),
        )
        .route(
            "/facility/{fid}/assignments/{id}/end",
            axum::routing::post(assignment_end),
        )
        .route("/facility/{fid}/audit", get(audit_page))
        .merge(resources::router())
}

// ───────────── forms ─────────────

pub struct Opt {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

pub struct FieldView {
    pub name: &'static str,
    pub label: &'static str,
    /// text, email, tel, date, number, select, checkbox, checkboxes
    pub kind: &'static str,
    pub value: String,
    pub error: Option<String>,
    pub options: Vec<Opt>,
}

/// A submitted form: repeated keys kept (checkbox groups).
struct FormData(Vec<(String, String)>);

impl FormData {
    fn get(&self, k: &str) -> String {
        self.0
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }
    fn all(&self, k: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .collect()
    }
    fn csrf(&self) -> String {
        self.get("csrf")
    }
}

fn error_for(errors: &[AppError], name: &str) -> Option<String> {
    errors.iter().find_map(|e| match e {
        // `permissions[1]` and `role_ids[0]` belong to the checkbox group.
        AppError::Invalid { field, message, .. }
            if field == name || field.split('[').next() == Some(name) =>
        {
            Some(message.clone())
        }
        _ => None,
    })
}

fn field(
    tr: &super::Tr,
    name: &'static str,
    kind: &'static str,
    values: &FormData,
    errors: &[AppError],
) -> FieldView {
    FieldView {
        name,
        label: tr.t(&format!("adm_f_{name}")),
        kind,
        value: values.get(name),
        error: error_for(errors, name),
        options: vec![],
    }
}

fn with_options(mut f: FieldView, opts: Vec<(String, String)>, chosen: &[String]) -> FieldView {
    f.options = opts
        .into_iter()
        .map(|(value, label)| Opt {
            selected: chosen.contains(&value),
            value,
            label,
        })
        .collect();
    f
}

/// Errors that are not about a field (409s): shown above the form.
fn general(errors: &[AppError]) -> Option<String> {
    errors.iter().find_map(|e| match e {
        AppError::Invalid { .. } => None,
        other => {
            Some(crate::error::ApiError::from(AppError::conflict("x", other.to_string())).message)
        }
    })
}

// ───────────── the frame shared by the pages ─────────────

pub struct Head {
    pub fid: String,
    pub facility: String,
    pub sub: &'static str,
    pub can_roles: bool,
    pub can_employees: bool,
    pub can_structure: bool,
    pub can_registry: bool,
    pub can_audit: bool,
    pub can_onboarding: bool,
}

fn head(access: &Access, sub: &'static str) -> Head {
    Head {
        fid: access.facility.id.to_string(),
        facility: access.facility.data.short_name.clone(),
        sub,
        can_roles: access.allows::<ViewRoles>(),
        can_employees: access.allows::<ViewEmployees>(),
        can_structure: access.allows::<ViewStructure>(),
        can_registry: access.allows::<ManageDepartments>()
            || access.allows::<ManagePositions>()
            || access.allows::<ManageAssignments>(),
        can_audit: access.allows::<ViewAudit>(),
        can_onboarding: access.allows::<ekrov_app::facility::grant::ViewOnboarding>(),
    }
}

fn fid_of(v: &Viewer, s: &str) -> Result<Uuid, Response> {
    s.parse()
        .map_err(|_| app_error(v, AppError::NotFound("заклад")))
}

fn lang_title(lang: Lang, uk: &'static str, en: &'static str) -> String {
    if lang == Lang::En { en } else { uk }.to_owned()
}

/// `/facility`: the first facility the person belongs to.
async fn facility_home(State(s): State<AppState>, v: Viewer) -> Response {
    let p = match v.require() {
        Ok(p) => p,
        Err(r) => return r,
    };
    match s.app.memberships(p.account.id).await {
        Ok(m) if !m.is_empty() => {
            let a = &m[0];
            // The administrator, who sets the facility up, starts at the onboarding checklist;
            // everyone else (the head of the blood bank too) at «Організаційна структура».
            let sets_up = a.administrator;
            let page = if sets_up { "onboarding" } else { "structure" };
            Redirect::to(&format!("/facility/{}/{page}", a.facility_id)).into_response()
        }
        Ok(_) => app_error(&v, AppError::NotFound("заклад")),
        Err(e) => app_error(&v, e),
    }
}

/// Resolve the viewer, the facility and the proof a page needs, or the response to give instead.
macro_rules! actor {
    ($s:expr, $v:expr, $fid:expr, $g:ty) => {{
        let p = match $v.require() {
            Ok(p) => p,
            Err(r) => return r,
        };
        let fid = match fid_of(&$v, &$fid) {
            Ok(f) => f,
            Err(r) => return r,
        };
        match $s.app.facility_actor::<$g>(p, fid).await {
            Ok(a) => a,
            Err(e) => return app_error(&$v, e),
        }
    }};
}

macro_rules! csrf_actor {
    ($s:expr, $v:expr, $fid:expr, $form:expr, $g:ty) => {{
        if let Err(r) = $v.check_csrf(&$form.csrf()) {
            return r;
        }
        actor!($s, $v, $fid, $g)
    }};
}

fn ok_or_page<T>(v: &Viewer, r: Result<T, AppError>) -> Result<T, Response> {
    r.map_err(|e| app_error(v, e))
}

// ───────────── «Ролі користувачів» ─────────────

pub struct RoleRow {
    pub id: String,
    pub name: String,
    pub description: String,
    pub permissions: Vec<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin_roles.html")]
struct RolesPage {
    ctx: PageCtx,
    head: Head,
    rows: Vec<RoleRow>,
    can_manage: bool,
    fields: Vec<FieldView>,
    general: Option<String>,
    flash: Option<String>,
    /// The cursor of the next page of the list, if any.
    next: Option<String>,
    /// The role set the form edits; none for a new one.
    editing: Option<String>,
}

#[derive(Deserialize)]
struct FlashQ {
    flash: Option<String>,
    cursor: Option<String>,
    /// The id of the record to edit in the page's form.
    edit: Option<String>,
}

fn permission_options(lang: Lang) -> Vec<(String, String)> {
    Permission::all()
        .map(|p| {
            (
                p.code().to_owned(),
                format!(
                    "{} ({})",
                    if lang == Lang::En {
                        p.title_en()
                    } else {
                        p.title_uk()
                    },
                    p.code()
                ),
            )
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
async fn render_roles(
    s: &AppState,
    v: &Viewer,
    access: &Access,
    values: &FormData,
    errors: &[AppError],
    flash: Option<String>,
    cursor: Option<String>,
    editing: Option<Uuid>,
) -> Response {
    let p = v.principal.as_ref().expect("an actor has a principal");
    let view = match s
        .app
        .facility_actor::<ViewRoles>(p, access.facility.id)
        .await
    {
        Ok(a) => a,
        Err(e) => return app_error(v, e),
    };
    let mut roles = match ok_or_page(
        v,
        s.app.list_roles(&view, page_after(cursor), PAGE + 1).await,
    ) {
        Ok(r) => r,
        Err(r) => return r,
    };
    let next = next_page(&mut roles, |r| (r.created_at, r.id));
    // Editing: the form opens with the role set as it is, unless a refused submission is shown.
    let editing = editing.filter(|_| access.allows::<ManageRoles>());
    let current;
    let values = match editing {
        Some(id) if values.0.is_empty() => {
            let r = match ok_or_page(v, s.app.get_role(&view, id).await) {
                Ok(r) => r,
                Err(r) => return r,
            };
            let mut f = vec![
                ("name".to_owned(), r.name.clone()),
                ("description".to_owned(), r.description.clone()),
            ];
            f.extend(
                r.permissions
                    .iter()
                    .map(|c| ("permissions".to_owned(), c.clone())),
            );
            current = FormData(f);
            &current
        }
        _ => values,
    };
    let ctx = v.ctx("facility");
    let tr = ctx.tr;
    let rows = roles
        .into_iter()
        .map(|r| RoleRow {
            id: r.id.to_string(),
            name: r.name,
            description: r.description,
            permissions: r
                .permissions
                .iter()
                .map(|c| {
                    Permission::parse(c)
                        .map(|p| {
                            if v.lang == Lang::En {
                                p.title_en()
                            } else {
                                p.title_uk()
                            }
                        })
                        .unwrap_or(c)
                        .to_owned()
                })
                .collect(),
        })
        .collect();
    let fields = vec![
        field(&tr, "name", "text", values, errors),
        field(&tr, "description", "text", values, errors),
        with_options(
            field(&tr, "permissions", "checkboxes", values, errors),
            permission_options(v.lang),
            &values.all("permissions"),
        ),
    ];
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    (
        status,
        RolesPage {
            head: head(access, "roles"),
            rows,
            can_manage: access.allows::<ManageRoles>(),
            fields,
            general: general(errors),
            flash,
            next,
            editing: editing.map(|id| id.to_string()),
            ctx,
        },
    )
        .into_response()
}

/// The keyset position a page link's `cursor` stands for; a spoilt cursor starts from the top.
fn page_after(cursor: Option<String>) -> Option<(String, Uuid)> {
    cursor.and_then(|c| {
        crate::api::PageQuery {
            limit: None,
            cursor: Some(c),
        }
        .cursor()
        .ok()
        .flatten()
    })
}

/// Cut a list read with `PAGE + 1` rows to `PAGE`; the cursor of the next page when there is one.
fn next_page<R>(
    list: &mut Vec<R>,
    key: impl Fn(&R) -> (chrono::DateTime<chrono::Utc>, Uuid),
) -> Option<String> {
    if list.len() as i64 <= PAGE {
        return None;
    }
    list.truncate(PAGE as usize);
    list.last().map(|r| {
        let (at, id) = key(r);
        crate::api::make_cursor(at, id)
    })
}

fn saved(lang: Lang, flash: Option<String>) -> Option<String> {
    match flash.as_deref() {
        Some("saved") => Some(lang_title(lang, "Збережено.", "Saved.")),
        Some("ended") => Some(lang_title(
            lang,
            "Призначення завершено: права доступу за ним відкликано.",
            "The assignment has ended: its permissions are withdrawn.",
        )),
        _ => None,
    }
}

async fn roles_page(
    State(s): State<AppState>,
    v: Viewer,
    Path(fid): Path<String>,
    Query(q): Query<FlashQ>,
) -> Response {
    let a = actor!(s, v, fid, ViewRoles);
    let editing = match q.edit.as_deref().map(str::parse::<Uuid>) {
        None => None,
        Some(Ok(id)) => Some(id),
        Some(Err(_)) => return app_error(&v, AppError::NotFound("рольовий набір")),
    };
    render_roles(
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

async fn roles_create(
    State(s): State<AppState>,
    v: Viewer,
    Path(fid): Path<String>,
    Form(f): Form<Vec<(String, String)>>,
) -> Response {
    let f = FormData(f);
    let a = csrf_actor!(s, v, fid, f, ManageRoles);
    let input = RoleIn {
        name: f.get("name"),
        description: Some(f.get("description")),
        permissions: f.all("permissions"),
    };
    let errors = match parse_role(&input) {
        Ok(r) => match s.app.create_role(&a, r).await {
            Ok(_) => {
                return Redirect::to(&format!("/facility/{fid}/roles?flash=saved")).into_response();
            }
            Err(e @ (AppError::Invalid { .. } | AppError::Conflict { .. })) => vec![e],
            Err(e) => return app_error(&v, e),
        },
        Err(e) => e,
    };
    render_roles(&s, &v, a.access(), &f, &errors, None, None, None).await
}

/// The edit form of a role set, «Зберегти»: as the create form, errors beside the fields.
async fn roles_update(
    State(s): State<AppState>,
    v: Viewer,
    Path((fid, id)): Path<(String, String)>,
    Form(f): Form<Vec<(String, String)>>,
) -> Response {
    let f = FormData(f);
    let a = csrf_actor!(s, v, fid, f, ManageRoles);
    let Ok(id) = id.parse::<Uuid>() else {
        return app_error(&v, AppError::NotFound("рольовий набір"));
    };
    let input = RoleIn {
        name: f.get("name"),
        description: Some(f.get("description")),
        permissions: f.all("permissions"),
    };
    let errors = match parse_role(&input) {
        Ok(r) => match s.app.update_role(&a, id, r).await {
            Ok(_) => {
                return Redirect::to(&format!("/facility/{}/roles?flash=saved", a.facility_id()))
                    .into_response();
            }
            Err(e @ (AppError::Invalid { .. } | AppError::Conflict { .. })) => vec![e],
            Err(e) => return app_error(&v, e),
        },
        Err(e) => e,
    };
    render_roles(&s, &v, a.access(), &f, &errors, None, None, Some(id)).await
}

// ───────────── employees ─────────────

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

/// Rows shown per page of a list (employees, role sets).
const PAGE: i64 = 200;
/// The most role sets offered as checkboxes in the assignment form.
const MAX_ROLES_OFFERED: i64 = 500;

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
) -> Response {
    let p = v.principal.as_ref().expect("an actor has a principal");
    let view = match s
        .app
        .facility_actor::<ViewEmployees>(p, access.facility.id)
        .await
    {
        Ok(a) => a,
        Err(e) => return app_error(v, e),
    };
    // A page of the list at a time: the facility may employ thousands.
    let mut list = match ok_or_page(
        v,
        s.app
            .list_employees(&view, page_after(cursor), PAGE + 1)
            .await,
    ) {
        Ok(r) => r,
        Err(r) => return r,
    };
    let next = next_page(&mut list, |e| (e.created_at, e.id));
    // Editing: the form opens with the employee as stored, unless a refused submission is shown.
    let editing = editing.filter(|_| access.allows::<ManageEmployees>());
    let current;
    let values = match editing {
        Some(id) if values.0.is_empty() => {
            let e = match ok_or_page(v, s.app.get_employee(&view, id).await) {
                Ok(e) => e,
                Err(r) => return r,
            };
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
    (
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
        .into_response()
}

async fn employees_page(
    State(s): State<AppState>,
    v: Viewer,
    Path(fid): Path<String>,
    Query(q): Query<FlashQ>,
) -> Response {
    let a = actor!(s, v, fid, ViewEmployees);
    let editing = match q.edit.as_deref().map(str::parse::<Uuid>) {
        None => None,
        Some(Ok(id)) => Some(id),
        Some(Err(_)) => return app_error(&v, AppError::NotFound("працівника")),
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

async fn employees_create(
    State(s): State<AppState>,
    v: Viewer,
    Path(fid): Path<String>,
    Form(f): Form<Vec<(String, String)>>,
) -> Response {
    let f = FormData(f);
    let a = csrf_actor!(s, v, fid, f, ManageEmployees);
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
                return Redirect::to(&format!("/facility/{fid}/employees?flash=saved"))
                    .into_response();
            }
            // A duplicate is about the identifier: shown beside it.
            Err(AppError::Conflict {
                code: "duplicate_rnokpp",
                message,
            }) => vec![AppError::invalid("rnokpp", "duplicate_rnokpp", message)],
            Err(e @ AppError::Invalid { .. }) => vec![e],
            Err(e) => return app_error(&v, e),
        },
        Err(e) => e,
    };
    render_employees(&s, &v, a.access(), &f, &errors, None, None, None).await
}

/// The edit form of an employee, «Зберегти»: as the create form, errors beside the fields.
async fn employees_update(
    State(s): State<AppState>,
    v: Viewer,
    Path((fid, id)): Path<(String, String)>,
    Form(f): Form<Vec<(String, String)>>,
) -> Response {
    let f = FormData(f);
    let a = csrf_actor!(s, v, fid, f, ManageEmployees);
    let Ok(id) = id.parse::<Uuid>() else {
        return app_error(&v, AppError::NotFound("працівника"));
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
                return Redirect::to(&format!(
                    "/facility/{}/employees?flash=saved",
                    a.facility_id()
                ))
                .into_response();
            }
            Err(AppError::Conflict {
                code: "duplicate_rnokpp",
                message,
            }) => vec![AppError::invalid("rnokpp", "duplicate_rnokpp", message)],
            Err(e @ (AppError::Invalid { .. } | AppError::Conflict { .. })) => vec![e],
            Err(e) => return app_error(&v, e),
        },
        Err(e) => e,
    };
    render_employees(&s, &v, a.access(), &f, &errors, None, None, Some(id)).await
}

// ───────────── «Реєстр учасників» and «Організаційна структура» ─────────────

pub struct DeptRow {
    pub id: String,
    pub name: String,
    pub short_name: String,
    pub type_title: String,
    pub prefix: String,
    pub selected: bool,
}

#[derive(Clone)]
pub struct HolderRow {
    /// The assignment's id.
    pub id: String,
    pub name: String,
    /// `invited`, `active` (ended ones are not listed).
    pub status_code: &'static str,
    pub status: String,
    pub kind: String,
    /// Invited, and the invitation has run out: it waits for a new one.
    pub expired: bool,
    /// Until when the live invitation holds, for an invited assignment.
    pub valid_until: Option<String>,
}

#[derive(Clone)]
pub struct PosRow {
    pub id: String,
    pub title: String,
    pub code: String,
    pub units: String,
    pub is_head: bool,
    pub selected: bool,
    pub holders: Vec<HolderRow>,
}

pub struct Invite {
    pub link: String,
    pub expires: String,
    /// Made anew for an assignment (the old link revoked), not on assigning.
    pub renewed: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin_structure.html")]
struct StructurePage {
    ctx: PageCtx,
    head: Head,
    /// "registry" or "structure": the page's own path.
    page: &'static str,
    title: String,
    departments: Vec<DeptRow>,
    selected: Option<DeptRow>,
    positions: Vec<PosRow>,
    selected_position: Option<PosRow>,
    can_departments: bool,
    can_positions: bool,
    can_assign: bool,
    dept_fields: Vec<FieldView>,
    position_fields: Option<Vec<FieldView>>,
    assign_fields: Option<Vec<FieldView>>,
    general: Option<String>,
    invitation: Option<Invite>,
    /// The assignment whose ending waits for the administrator's confirmation.
    end_confirm: Option<HolderRow>,
    flash: Option<String>,
}

#[derive(Deserialize, Default)]
struct Sel {
    dept: Option<String>,
    position: Option<String>,
    form: Option<String>,
    flash: Option<String>,
    /// An assignment to end: shows the confirmation first.
    end: Option<String>,
}

/// Which form is open and with what (values and errors when a submission was refused).
#[derive(Default)]
struct Forms {
    dept: Option<(FormData, Vec<AppError>)>,
    position: Option<(FormData, Vec<AppError>)>,
    assign: Option<(FormData, Vec<AppError>)>,
    invitation: Option<Invite>,
    /// A refusal of an action on an assignment (409): shown above, with its status.
    problem: Option<AppError>,
}

fn units(x100: i64) -> String {
    let s = format!("{:.2}", x100 as f64 / 100.0);
    s.trim_end_matches('0')
        .trim_end_matches('.')
        .replace('.', ",")
}

#[allow(clippy::too_many_arguments)]
/// The department tree, depth first, children by name; `sel` marked selected.
fn department_tree(
    all: &[ekrov_domain::administration::Department],
    sel: Option<Uuid>,
    lang: Lang,
) -> Vec<DeptRow> {
    fn walk(
        all: &[ekrov_domain::administration::Department],
        parent: Option<Uuid>,
        depth: usize,
        sel: Option<Uuid>,
        lang: Lang,
        out: &mut Vec<DeptRow>,
    ) {
        for d in all.iter().filter(|d| d.data.parent_id == parent) {
            if depth > all.len() {
                return;
            }
            let t = DepartmentType::parse(&d.data.dtype);
            out.push(DeptRow {
                id: d.id.to_string(),
                name: d.data.name.clone(),
                short_name: d.data.short_name.clone().unwrap_or_default(),
                type_title: t
                    .map(|t| {
                        if lang == Lang::En {
                            t.title_en
                        } else {
                            t.title_uk
                        }
                    })
                    .unwrap_or("")
                    .to_owned(),
                prefix: "· ".repeat(depth),
                selected: sel == Some(d.id),
            });
            walk(all, Some(d.id), depth + 1, sel, lang, out);
        }
    }
    let mut out = Vec::new();
    walk(all, None, 0, sel, lang, &mut out);
    out
}

async fn render_structure(
    s: &AppState,
    v: &Viewer,
    access: &Access,
    page: &'static str,
    sel: &Sel,
    forms: Forms,
) -> Response {
    let p = v.principal.as_ref().expect("an actor has a principal");
    let view = match s
        .app
        .facility_actor::<ViewStructure>(p, access.facility.id)
        .await
    {
        Ok(a) => a,
        Err(e) => return app_error(v, e),
    };
    let st = match ok_or_page(v, s.app.structure(&view).await) {
        Ok(r) => r,
        Err(r) => return r,
    };
    let lang = v.lang;
    let ctx = v.ctx("facility");
    let tr = ctx.tr;
    let sel_dept: Option<Uuid> = sel.dept.as_deref().and_then(|d| d.parse().ok());
    let sel_pos: Option<Uuid> = sel.position.as_deref().and_then(|d| d.parse().ok());

    let departments = department_tree(&st.departments, sel_dept, lang);
    let selected = departments.iter().find(|d| d.selected).map(|d| DeptRow {
        id: d.id.clone(),
        name: d.name.clone(),
        short_name: d.short_name.clone(),
        type_title: d.type_title.clone(),
        prefix: String::new(),
        selected: true,
    });

    // Names for the holders of the selected department's positions; everyone only for the
    // assignment form.
    let in_dept: Vec<Uuid> = st
        .positions
        .iter()
        .filter(|p| Some(p.department_id) == sel_dept)
        .map(|p| p.id)
        .collect();
    let holder_ids: Vec<Uuid> = st
        .assignments
        .iter()
        .filter(|a| in_dept.contains(&a.position_id))
        .map(|a| a.data.employee_id)
        .collect();
    let mut employees = match s.app.holders(&view, &holder_ids).await {
        Ok(e) => e,
        Err(e) => return app_error(v, e),
    };
    let assign_open = sel_pos.is_some()
        && (forms.assign.is_some() || sel.form.as_deref() == Some("assign"))
        && page == "registry"
        && access.allows::<ManageAssignments>();
    let mut everyone = Vec::new();
    if assign_open {
        if let Ok(a) = s
            .app
            .facility_actor::<ViewEmployees>(p, access.facility.id)
            .await
        {
            everyone = s
                .app
                .list_employees(&a, None, 10_000)
                .await
                .unwrap_or_default();
        }
        employees.extend(everyone.iter().cloned());
    }
    // When the live invitations of the department's invited assignments run out.
    let invited: Vec<Uuid> = st
        .assignments
        .iter()
        .filter(|a| in_dept.contains(&a.position_id) && a.status.as_str() == "invited")
        .map(|a| a.id)
        .collect();
    let deadlines = if invited.is_empty() {
        Default::default()
    } else {
        match s.app.invitation_deadlines(&view, &invited).await {
            Ok(d) => d,
            Err(e) => return app_error(v, e),
        }
    };
    let now = s.app.now();
    let positions: Vec<PosRow> = match sel_dept {
        None => vec![],
        Some(d) => st
            .positions
            .iter()
            .filter(|p| p.department_id == d)
            .map(|p| PosRow {
                id: p.id.to_string(),
                title: p.data.title.clone(),
                code: p.data.classifier_code.clone(),
                units: units(p.data.staff_units_x100),
                is_head: p.data.is_head,
                selected: sel_pos == Some(p.id),
                holders: st
                    .assignments
                    .iter()
                    .filter(|a| a.position_id == p.id)
                    .map(|a| {
                        let invited = a.status.as_str() == "invited";
                        let deadline = deadlines.get(&a.id).filter(|d| **d > now);
                        let expired = invited && deadline.is_none();
                        HolderRow {
                            id: a.id.to_string(),
                            name: employees
                                .iter()
                                .find(|e| e.id == a.data.employee_id)
                                .map(|e| e.data.full_name())
                                .unwrap_or_else(|| a.data.employee_id.to_string()),
                            status_code: a.status.as_str(),
                            status: tr
                                .t(if expired {
                                    "adm_status_expired"
                                } else if invited {
                                    "adm_status_invited"
                                } else {
                                    "adm_status_active"
                                })
                                .to_owned(),
                            expired,
                            valid_until: deadline
                                .filter(|_| invited)
                                .map(|d| d.format("%d.%m.%Y %H:%M UTC").to_string()),
                            kind: AssignmentKind::parse(&a.data.kind)
                                .map(|k| {
                                    if lang == Lang::En {
                                        k.title_en()
                                    } else {
                                        k.title_uk()
                                    }
                                })
                                .unwrap_or("")
                                .to_owned(),
                        }
                    })
                    .collect(),
            })
            .collect(),
    };
    let selected_position = positions.iter().find(|p| p.selected).cloned();

    let can_departments = page == "registry" && access.allows::<ManageDepartments>();
    let can_positions = page == "registry" && access.allows::<ManagePositions>();
    let can_assign = page == "registry" && access.allows::<ManageAssignments>();
    let mut general_err = None;
    let empty = (FormData(vec![]), vec![]);
    let end_confirm = sel
        .end
        .as_deref()
        .filter(|_| can_assign)
        .and_then(|id| {
            selected_position
                .as_ref()
                .and_then(|p| p.holders.iter().find(|h| h.id == id))
        })
        .cloned();

    let (dv, de) = forms.dept.as_ref().unwrap_or(&empty);
    if !de.is_empty() {
        general_err = general(de);
    }
    let mut type_opts: Vec<(String, String)> = vec![(String::new(), tr.t("choose").to_owned())];
    type_opts.extend(DepartmentType::all().iter().map(|t| {
        (
            t.code.to_owned(),
            if lang == Lang::En {
                t.title_en
            } else {
                t.title_uk
            }
            .to_owned(),
        )
    }));
    let mut parent_opts = vec![(String::new(), tr.t("adm_no_parent").to_owned())];
    parent_opts.extend(
        departments
            .iter()
            .map(|d| (d.id.clone(), format!("{}{}", d.prefix, d.name))),
    );
    let dept_fields = vec![
        field(&tr, "name", "text", dv, de),
        field(&tr, "short_name", "text", dv, de),
        with_options(
            field(&tr, "type", "select", dv, de),
            type_opts,
            &[dv.get("type")],
        ),
        with_options(
            field(&tr, "parent_id", "select", dv, de),
            parent_opts,
            &[dv.get("parent_id")],
        ),
    ];

    let position_fields = match (&forms.position, sel.form.as_deref(), &selected) {
        (Some((pv, pe)), _, Some(_)) => Some((pv, pe.as_slice())),
        (None, Some("position"), Some(_)) => Some((&empty.0, &[][..])),
        _ => None,
    }
    .filter(|_| can_positions)
    .map(|(pv, pe)| {
        if !pe.is_empty() {
            general_err = general(pe);
        }
        let mut units_field = field(&tr, "staff_units", "text", pv, pe);
        if units_field.value.is_empty() {
            units_field.value = "1".into();
        }
        vec![
            field(&tr, "title", "text", pv, pe),
            field(&tr, "classifier_code", "text", pv, pe),
            units_field,
            field(&tr, "is_head", "checkbox", pv, pe),
        ]
    });

    let assign_fields = if can_assign && selected_position.is_some() {
        let open = forms.assign.is_some() || sel.form.as_deref() == Some("assign");
        if open {
            let (av, ae) = forms.assign.as_ref().unwrap_or(&empty);
            if !ae.is_empty() {
                general_err = general(ae);
            }
            let mut emp_opts = vec![(String::new(), tr.t("choose").to_owned())];
            let mut people = everyone.clone();
            people.sort_by_key(|e| e.data.full_name());
            emp_opts.extend(people.iter().map(|e| {
                (
                    e.id.to_string(),
                    format!("{} ({})", e.data.full_name(), e.data.person_code.as_str()),
                )
            }));
            let roles = match s
                .app
                .facility_actor::<ViewRoles>(p, access.facility.id)
                .await
            {
                // Every role set as a checkbox: a facility has tens; the API's page limit caps it.
                Ok(a) => s
                    .app
                    .list_roles(&a, None, MAX_ROLES_OFFERED)
                    .await
                    .unwrap_or_default(),
                Err(_) => vec![],
            };
            let mut roles = roles;
            roles.sort_by(|a, b| a.name.cmp(&b.name));
            let role_opts = roles
                .iter()
                .map(|r| (r.id.to_string(), r.name.clone()))
                .collect();
            let kind_opts = AssignmentKind::all()
                .iter()
                .map(|k| {
                    (
                        k.code().to_owned(),
                        if lang == Lang::En {
                            k.title_en()
                        } else {
                            k.title_uk()
                        }
                        .to_owned(),
                    )
                })
                .collect();
            let kind = if av.get("kind").is_empty() {
                "primary".to_owned()
            } else {
                av.get("kind")
            };
            Some(vec![
                with_options(
                    field(&tr, "employee_id", "select", av, ae),
                    emp_opts,
                    &[av.get("employee_id")],
                ),
                with_options(
                    field(&tr, "role_ids", "checkboxes", av, ae),
                    role_opts,
                    &av.all("role_ids"),
                ),
                field(&tr, "start_date", "date", av, ae),
                field(&tr, "order_number", "text", av, ae),
                field(&tr, "order_date", "date", av, ae),
                with_options(field(&tr, "kind", "select", av, ae), kind_opts, &[kind]),
            ])
        } else {
            None
        }
    } else {
        None
    };

    let has_errors = [&forms.dept, &forms.position, &forms.assign]
        .iter()
        .any(|f| f.as_ref().is_some_and(|(_, e)| !e.is_empty()));
    let status = if forms.problem.is_some() {
        general_err = general(forms.problem.as_slice());
        StatusCode::CONFLICT
    } else if has_errors {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let title = tr
        .t(if page == "registry" {
            "adm_nav_registry"
        } else {
            "adm_nav_structure"
        })
        .to_owned();
    (
        status,
        StructurePage {
            head: head(access, page),
            page,
            title,
            departments,
            selected,
            positions,
            selected_position,
            can_departments,
            can_positions,
            can_assign,
            dept_fields,
            position_fields,
            assign_fields,
            general: general_err,
            invitation: forms.invitation,
            end_confirm,
            flash: saved(lang, sel.flash.clone()),
            ctx,
        },
    )
        .into_response()
}

async fn registry_page(
    State(s): State<AppState>,
    v: Viewer,
    Path(fid): Path<String>,
    Query(q): Query<Sel>,
) -> Response {
    let a = actor!(s, v, fid, ViewStructure);
    render_structure(&s, &v, a.access(), "registry", &q, Forms::default()).await
}

async fn structure_page(
    State(s): State<AppState>,
    v: Viewer,
    Path(fid): Path<String>,
    Query(q): Query<Sel>,
) -> Response {
    let a = actor!(s, v, fid, ViewStructure);
    render_structure(&s, &v, a.access(), "structure", &q, Forms::default()).await
}

async fn departments_create(
    State(s): State<AppState>,
    v: Viewer,
    Path(fid): Path<String>,
    Form(f): Form<Vec<(String, String)>>,
) -> Response {
    let f = FormData(f);
    let a = csrf_actor!(s, v, fid, f, ManageDepartments);
    let input = DepartmentIn {
        name: f.get("name"),
        short_name: Some(f.get("short_name")),
        dtype: f.get("type"),
        parent_id: Some(f.get("parent_id")),
    };
    let errors = match parse_department(&input) {
        Ok(d) => match s.app.create_department(&a, d).await {
            Ok(d) => {
                return Redirect::to(&format!(
                    "/facility/{fid}/registry?dept={}&flash=saved",
                    d.id
                ))
                .into_response();
            }
            Err(e @ AppError::Invalid { .. }) => vec![e],
            Err(e) => return app_error(&v, e),
        },
        Err(e) => e,
    };
    render_structure(
        &s,
        &v,
        a.access(),
        "registry",
        &Sel::default(),
        Forms {
            dept: Some((f, errors)),
            ..Default::default()
        },
    )
    .await
}

async fn positions_create(
    State(s): State<AppState>,
    v: Viewer,
    Path((fid, dept)): Path<(String, String)>,
    Form(f): Form<Vec<(String, String)>>,
) -> Response {
    let f = FormData(f);
    let a = csrf_actor!(s, v, fid, f, ManagePositions);
    let Ok(dept_id) = dept.parse::<Uuid>() else {
        return app_error(&v, AppError::NotFound("відділ"));
    };
    let units_text = f.get("staff_units").replace(',', ".");
    let mut errors = Vec::new();
    let staff_units = match units_text.trim().parse::<f64>() {
        Ok(x) => x,
        Err(_) => {
            errors.push(AppError::invalid(
                "staff_units",
                "out_of_range",
                "Кількість ставок: число, напр. 1 або 0,5",
            ));
            1.0
        }
    };
    let input = PositionIn {
        title: f.get("title"),
        classifier_code: f.get("classifier_code"),
        staff_units,
        is_head: f.get("is_head") == "true",
    };
    match parse_position(&input) {
        Err(e) => errors.extend(e),
        Ok(d) if errors.is_empty() => match s.app.create_position(&a, dept_id, d).await {
            Ok(p) => {
                return Redirect::to(&format!(
                    "/facility/{fid}/registry?dept={dept_id}&position={}&flash=saved",
                    p.id
                ))
                .into_response();
            }
            Err(e @ AppError::Invalid { .. }) => errors.push(e),
            Err(e) => return app_error(&v, e),
        },
        Ok(_) => {}
    }
    let sel = Sel {
        dept: Some(dept_id.to_string()),
        form: Some("position".into()),
        ..Default::default()
    };
    render_structure(
        &s,
        &v,
        a.access(),
        "registry",
        &sel,
        Forms {
            position: Some((f, errors)),
            ..Default::default()
        },
    )
    .await
}

async fn assignments_create(
    State(s): State<AppState>,
    v: Viewer,
    Path((fid, pos)): Path<(String, String)>,
    Form(f): Form<Vec<(String, String)>>,
) -> Response {
    let f = FormData(f);
    let a = csrf_actor!(s, v, fid, f, ManageAssignments);
    let Ok(pos_id) = pos.parse::<Uuid>() else {
        return app_error(&v, AppError::NotFound("посаду"));
    };
    let dept = f.get("dept");
    let input = AssignmentIn {
        employee_id: f.get("employee_id"),
        role_ids: f.all("role_ids"),
        start_date: f.get("start_date"),
        order_number: f.get("order_number"),
        order_date: f.get("order_date"),
        kind: f.get("kind"),
    };
    let sel = Sel {
        dept: Some(dept),
        position: Some(pos_id.to_string()),
        ..Default::default()
    };
    let errors = match parse_assignment(&input) {
        Ok(d) => match s.app.assign(&a, pos_id, d).await {
            Ok((_, inv)) => {
                let invitation = Invite {
                    link: inv.link,
                    expires: inv.expires_at.format("%d.%m.%Y %H:%M UTC").to_string(),
                    renewed: false,
                };
                return render_structure(
                    &s,
                    &v,
                    a.access(),
                    "registry",
                    &sel,
                    Forms {
                        invitation: Some(invitation),
                        ..Default::default()
                    },
                )
                .await;
            }
            Err(e @ (AppError::Invalid { .. } | AppError::Conflict { .. })) => vec![e],
            Err(e) => return app_error(&v, e),
        },
        Err(e) => e,
    };
    render_structure(
        &s,
        &v,
        a.access(),
        "registry",
        &sel,
        Forms {
            assign: Some((f, errors)),
            ..Default::default()
        },
    )
    .await
}

// ───────────── an assignment: a new invitation, the end ─────────────

/// Where the page was (the department and the position), from the form's hidden fields; only
/// well-formed ids are kept.
fn sel_from(f: &FormData) -> Sel {
    let id = |k: &str| f.get(k).parse::<Uuid>().ok().map(|u| u.to_string());
    Sel {
        dept: id("dept"),
        position: id("position"),
        ..Default::default()
    }
}

/// A new invitation for an assignment not yet accepted: the old link stops working and the new
/// one is shown with its copy button (and mailed).
async fn assignment_reinvite(
    State(s): State<AppState>,
    v: Viewer,
    Path((fid, id)): Path<(String, String)>,
    Form(f): Form<Vec<(String, String)>>,
) -> Response {
    let f = FormData(f);
    let a = csrf_actor!(s, v, fid, f, ManageAssignments);
    let Ok(id) = id.parse::<Uuid>() else {
        return app_error(&v, AppError::NotFound("призначення"));
    };
    let forms = match s.app.reinvite(&a, id).await {
        Ok((_, inv)) => Forms {
            invitation: Some(Invite {
                link: inv.link,
                expires: inv.expires_at.format("%d.%m.%Y %H:%M UTC").to_string(),
                renewed: true,
            }),
            ..Default::default()
        },
        Err(e @ AppError::Conflict { .. }) => Forms {
            problem: Some(e),
            ..Default::default()
        },
        Err(e) => return app_error(&v, e),
    };
    render_structure(&s, &v, a.access(), "registry", &sel_from(&f), forms).await
}

/// End an assignment (after the confirmation on the page): its permissions stop at once.
async fn assignment_end(
    State(s): State<AppState>,
    v: Viewer,
    Path((fid, id)): Path<(String, String)>,
    Form(f): Form<Vec<(String, String)>>,
) -> Response {
    let f = FormData(f);
    let a = csrf_actor!(s, v, fid, f, ManageAssignments);
    let Ok(id) = id.parse::<Uuid>() else {
        return app_error(&v, AppError::NotFound("призначення"));
    };
    let sel = sel_from(&f);
    match s.app.end_assignment(&a, id).await {
        Ok(_) => {
            let mut to = format!("/facility/{}/registry?flash=ended", a.facility_id());
            if let Some(d) = &sel.dept {
                to.push_str(&format!("&dept={d}"));
            }
            if let Some(p) = &sel.position {
                to.push_str(&format!("&position={p}#position"));
            }
            Redirect::to(&to).into_response()
        }
        Err(e @ AppError::Conflict { .. }) => {
            let forms = Forms {
                problem: Some(e),
                ..Default::default()
            };
            render_structure(&s, &v, a.access(), "registry", &sel, forms).await
        }
        Err(e) => app_error(&v, e),
    }
}

// ───────────── audit ─────────────

pub struct AuditRow {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub after: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin_audit.html")]
struct AuditPage {
    ctx: PageCtx,
    head: Head,
    rows: Vec<AuditRow>,
}

async fn audit_page(State(s): State<AppState>, v: Viewer, Path(fid): Path<String>) -> Response {
    let a = actor!(s, v, fid, ViewAudit);
    let rows = match ok_or_page(&v, s.app.facility_audit(&a, None, 200).await) {
        Ok(r) => r,
        Err(r) => return r,
    };
    let rows = rows
        .into_iter()
        .map(|r| AuditRow {
            at: r.at.format("%d.%m.%Y %H:%M:%S UTC").to_string(),
            actor: r.actor_label,
            action: r.action,
            entity: format!("{} {}", r.entity, r.entity_id),
            after: r.after.map(|v| v.to_string()).unwrap_or_default(),
        })
        .collect();
    AuditPage {
        ctx: v.ctx("facility"),
        head: head(a.access(), "audit"),
        rows,
    }
    .into_response()
}

mod resources;
