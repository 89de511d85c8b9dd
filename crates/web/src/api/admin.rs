//! Facility administration under `/api/v1/facilities/{facility_id}/…` (seed steps 4–9): role
//! sets, employees, departments, positions, assignments and invitations, the facility's audit log;
//! and the catalogues they draw on.
//!
//! Every facility handler first obtains the proof of `ekrov_app::facility` (401 → 404 → 403) and
//! only then reads the body: a caller who may not act learns nothing about a valid body.

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
};
use chrono::{DateTime, NaiveDate, Utc};
use ekrov_app::{
    AppError,
    administration::RoleInput,
    facility::grant::{
        ManageAssignments, ManageDepartments, ManageEmployees, ManagePositions, ManageRoles,
        ViewAudit, ViewEmployees, ViewRoles, ViewStructure,
    },
};
use ekrov_domain::administration::{
    Assignment, AssignmentData, Department, DepartmentData, Employee, EmployeeData, Position,
    PositionData, Role,
};
use ekrov_domain::{
    AssignmentKind, DepartmentType, Email, Permission, PersonCode, Phone,
    permissions::is_classifier_code,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{Page, PageQuery, applications::parse_id, facilities::AuditOut, paginate};
use crate::{
    AppState,
    error::{ApiError, ApiResult, ErrorBody},
    extract::{Auth, Query, RawBody, parse_json},
};

const MAX_TEXT: usize = 300;

/// The first of a form's errors, as the API answers it (pages show them all).
pub(crate) fn first(mut e: Vec<AppError>) -> ApiError {
    ApiError::from(e.remove(0))
}

pub(crate) fn required(errs: &mut Vec<AppError>, field: &str, v: &str) -> String {
    let t = v.trim();
    if t.is_empty() {
        errs.push(AppError::invalid(field, "required", "Обов'язкове поле"));
    } else if t.chars().count() > MAX_TEXT {
        errs.push(AppError::invalid(
            field,
            "too_long",
            format!("Не довше за {MAX_TEXT} символів"),
        ));
    }
    t.to_owned()
}

pub(crate) fn optional(errs: &mut Vec<AppError>, field: &str, v: Option<&str>) -> Option<String> {
    let t = v.map(str::trim).filter(|t| !t.is_empty())?;
    if t.chars().count() > MAX_TEXT {
        errs.push(AppError::invalid(
            field,
            "too_long",
            format!("Не довше за {MAX_TEXT} символів"),
        ));
    }
    Some(t.to_owned())
}

pub(crate) fn date(errs: &mut Vec<AppError>, field: &str, v: &str) -> Option<NaiveDate> {
    let t = v.trim();
    if t.is_empty() {
        errs.push(AppError::invalid(field, "required", "Обов'язкове поле"));
        return None;
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .map_err(|_| {
            errs.push(AppError::invalid(
                field,
                "invalid_date",
                "Дата у форматі РРРР-ММ-ДД",
            ))
        })
        .ok()
}

pub(crate) fn uuid_field(errs: &mut Vec<AppError>, field: &str, v: &str) -> Option<Uuid> {
    let t = v.trim();
    if t.is_empty() {
        errs.push(AppError::invalid(field, "required", "Обов'язкове поле"));
        return None;
    }
    t.parse()
        .map_err(|_| errs.push(AppError::invalid(field, "not_found", "Не знайдено")))
        .ok()
}

pub(crate) fn done<T>(errs: Vec<AppError>, v: Option<T>) -> Result<T, Vec<AppError>> {
    match v {
        Some(v) if errs.is_empty() => Ok(v),
        _ => Err(errs),
    }
}

// ───────────── catalogues ─────────────

#[derive(Serialize, ToSchema)]
pub struct PermissionOut {
    pub code: &'static str,
    pub title_uk: &'static str,
    pub title_en: &'static str,
}

/// The permission catalogue: what role sets are made of.
#[utoipa::path(get, path = "/api/v1/permissions", tag = "catalogues", responses((status = 200, body = Vec<PermissionOut>)))]
pub async fn permissions() -> Json<Vec<PermissionOut>> {
    Json(
        Permission::all()
            .map(|p| PermissionOut {
                code: p.code(),
                title_uk: p.title_uk(),
                title_en: p.title_en(),
            })
            .collect(),
    )
}

#[derive(Serialize, ToSchema)]
pub struct CatalogueOut {
    pub code: &'static str,
    pub title_uk: &'static str,
    pub title_en: &'static str,
}

/// Department types; the hospital blood bank is `logistics_inventory_center`.
#[utoipa::path(get, path = "/api/v1/department-types", tag = "catalogues", responses((status = 200, body = Vec<CatalogueOut>)))]
pub async fn department_types() -> Json<Vec<CatalogueOut>> {
    Json(
        DepartmentType::all()
            .iter()
            .map(|t| CatalogueOut {
                code: t.code,
                title_uk: t.title_uk,
                title_en: t.title_en,
            })
            .collect(),
    )
}

/// Kinds of assignment: `primary` (основне місце роботи), `secondary` (сумісництво), `acting`.
#[utoipa::path(get, path = "/api/v1/assignment-kinds", tag = "catalogues", responses((status = 200, body = Vec<CatalogueOut>)))]
pub async fn assignment_kinds() -> Json<Vec<CatalogueOut>> {
    Json(
        AssignmentKind::all()
            .iter()
            .map(|k| CatalogueOut {
                code: k.code(),
                title_uk: k.title_uk(),
                title_en: k.title_en(),
            })
            .collect(),
    )
}

// ───────────── role sets ─────────────

#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
pub struct RoleIn {
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    /// Codes from `GET /api/v1/permissions`.
    #[serde(default)]
    pub permissions: Vec<String>,
}

pub fn parse_role(r: &RoleIn) -> Result<RoleInput, Vec<AppError>> {
    let mut errs = Vec::new();
    let name = required(&mut errs, "name", &r.name);
    let description =
        optional(&mut errs, "description", r.description.as_deref()).unwrap_or_default();
    let mut permissions = Vec::new();
    for (i, c) in r.permissions.iter().enumerate() {
        match Permission::parse(c.trim()) {
            Some(p) => permissions.push(p),
            None => errs.push(AppError::invalid(
                format!("permissions[{i}]"),
                "unknown_permission",
                format!("Невідомий дозвіл {c:?}"),
            )),
        }
    }
    done(
        errs,
        Some(RoleInput {
            name,
            description,
            permissions,
        }),
    )
}

#[derive(Serialize, ToSchema)]
pub struct RoleOut {
    pub id: Uuid,
    pub name: String,
    pub description: String,
    pub permissions: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Role> for RoleOut {
    fn from(r: Role) -> Self {
        RoleOut {
            id: r.id,
            name: r.name,
            description: r.description,
            permissions: r.permissions,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

pub(crate) fn fid(s: &str) -> Result<Uuid, ApiError> {
    parse_id(s)
}

/// The facility's role sets («Ролі користувачів»), in the order they were made.
#[utoipa::path(get, path = "/api/v1/facilities/{facility_id}/roles", tag = "administration", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), PageQuery),
    responses((status = 200, body = Page<RoleOut>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn roles_list(
    State(s): State<AppState>,
    auth: Auth,
    Path(f): Path<String>,
    Query(q): Query<PageQuery>,
) -> ApiResult<Json<Page<RoleOut>>> {
    let a = s
        .app
        .facility_actor::<ViewRoles>(&auth.principal, fid(&f)?)
        .await?;
    let limit = q.limit()?;
    let rows = s.app.list_roles(&a, q.cursor()?, limit + 1).await?;
    Ok(Json(paginate(
        rows,
        limit,
        |r| (r.created_at, r.id),
        RoleOut::from,
    )))
}

/// Create a role set.
#[utoipa::path(post, path = "/api/v1/facilities/{facility_id}/roles", tag = "administration", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path)), request_body = RoleIn,
    responses((status = 201, body = RoleOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`duplicate_name`"), (status = 422, body = ErrorBody)))]
pub async fn roles_create(
    State(s): State<AppState>,
    auth: Auth,
    Path(f): Path<String>,
    RawBody(body): RawBody,
) -> ApiResult<(StatusCode, Json<RoleOut>)> {
    let a = s
        .app
        .facility_actor::<ManageRoles>(&auth.principal, fid(&f)?)
        .await?;
    let input: RoleIn = parse_json(&body)?;
    let r = parse_role(&input).map_err(first)?;
    Ok((
        StatusCode::CREATED,
        Json(s.app.create_role(&a, r).await?.into()),
    ))
}

/// One role set.
#[utoipa::path(get, path = "/api/v1/facilities/{facility_id}/roles/{id}", tag = "administration", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), ("id" = Uuid, Path)),
    responses((status = 200, body = RoleOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn roles_get(
    State(s): State<AppState>,
    auth: Auth,
    Path((f, id)): Path<(String, String)>,
) -> ApiResult<Json<RoleOut>> {
    let a = s
        .app
        .facility_actor::<ViewRoles>(&auth.principal, fid(&f)?)
        .await?;
    Ok(Json(s.app.get_role(&a, parse_id(&id)?).await?.into()))
}

/// Change a role set (its permissions take effect at once for everyone holding it).
#[utoipa::path(put, path = "/api/v1/facilities/{facility_id}/roles/{id}", tag = "administration", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), ("id" = Uuid, Path)), request_body = RoleIn,
    responses((status = 200, body = RoleOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn roles_update(
    State(s): State<AppState>,
    auth: Auth,
    Path((f, id)): Path<(String, String)>,
    RawBody(body): RawBody,
) -> ApiResult<Json<RoleOut>> {
    let a = s
        .app
        .facility_actor::<ManageRoles>(&auth.principal, fid(&f)?)
        .await?;
    let id = parse_id(&id)?;
    let input: RoleIn = parse_json(&body)?;
    let r = parse_role(&input).map_err(first)?;
    Ok(Json(s.app.update_role(&a, id, r).await?.into()))
}

/// Delete a role set; 409 `role_in_use` (naming the assignments) while an assignment holds it.
#[utoipa::path(delete, path = "/api/v1/facilities/{facility_id}/roles/{id}", tag = "administration", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), ("id" = Uuid, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`role_in_use`")))]
pub async fn roles_delete(
    State(s): State<AppState>,
    auth: Auth,
    Path((f, id)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    let a = s
        .app
        .facility_actor::<ManageRoles>(&auth.principal, fid(&f)?)
        .await?;
    s.app.delete_role(&a, parse_id(&id)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

// ───────────── employees ─────────────

#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
pub struct EmployeeIn {
    pub surname: String,
    pub given_name: String,
    #[serde(default)]
    pub patronymic: Option<String>,
    /// РНОКПП (10 digits, check digit); or, for a person who refused it, passport series and number
    /// («КВ123456») or an ID-card number (9 digits) — flagged as `alternative_identifier`.
    pub rnokpp: String,
    /// Where the invitation goes.
    pub email: String,
    #[serde(default)]
    pub phone: Option<String>,
}

pub fn parse_employee(e: &EmployeeIn) -> Result<EmployeeData, Vec<AppError>> {
    let mut errs = Vec::new();
    let surname = required(&mut errs, "surname", &e.surname);
    let given_name = required(&mut errs, "given_name", &e.given_name);
    let patronymic = optional(&mut errs, "patronymic", e.patronymic.as_deref());
    let code = PersonCode::parse(&e.rnokpp)
        .map_err(|x| errs.push(AppError::invalid("rnokpp", x.code(), x.message_uk())))
        .ok();
    let email = Email::parse(&e.email)
        .map_err(|x| errs.push(AppError::invalid("email", x.code(), x.message_uk())))
        .ok();
    let phone = match e.phone.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        None => None,
        Some(p) => Phone::parse(p)
            .map_err(|x| errs.push(AppError::invalid("phone", x.code(), x.message_uk())))
            .ok(),
    };
    let v = match (code, email) {
        (Some(person_code), Some(email)) => Some(EmployeeData {
            surname,
            given_name,
            patronymic,
            person_code,
            email,
            phone,
        }),
        _ => None,
    };
    done(errs, v)
}

#[derive(Serialize, ToSchema)]
pub struct EmployeeOut {
    pub id: Uuid,
    pub surname: String,
    pub given_name: String,
    pub patronymic: Option<String>,
    pub rnokpp: String,
    /// `rnokpp`, `passport` or `id_card`.
    pub identifier_kind: &'static str,
    /// True when the person is identified by a passport or ID card instead of an РНОКПП.
    pub alternative_identifier: bool,
    pub email: String,
    /// E.164
    pub phone: Option<String>,
    /// Has completed registration with their КЕП.
    pub registered: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Employee> for EmployeeOut {
    fn from(e: Employee) -> Self {
        let d = e.data;
        EmployeeOut {
            id: e.id,
            rnokpp: d.person_code.as_str().to_owned(),
            identifier_kind: d.person_code.kind(),
            alternative_identifier: d.person_code.is_alternative(),
            surname: d.surname,
            given_name: d.given_name,
            patronymic: d.patronymic,
            email: d.email.as_str().to_owned(),
            phone: d.phone.map(|p| p.as_str().to_owned()),
            registered: e.account_id.is_some(),
            created_at: e.created_at,
            updated_at: e.updated_at,
        }
    }
}

/// The facility's employees, in the order they were added.
#[utoipa::path(get, path = "/api/v1/facilities/{facility_id}/employees", tag = "administration", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), PageQuery),
    responses((status = 200, body = Page<EmployeeOut>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn employees_list(
    State(s): State<AppState>,
    auth: Auth,
    Path(f): Path<String>,
    Query(q): Query<PageQuery>,
) -> ApiResult<Json<Page<EmployeeOut>>> {
    let a = s
        .app
        .facility_actor::<ViewEmployees>(&auth.principal, fid(&f)?)
        .await?;
    let limit = q.limit()?;
    let rows = s.app.list_employees(&a, q.cursor()?, limit + 1).await?;
    Ok(Json(paginate(
        rows,
        limit,
        |e| (e.created_at, e.id),
        EmployeeOut::from,
    )))
}

/// Add an employee («Зберегти»); 409 `duplicate_rnokpp` when the facility has them already.
#[utoipa::path(post, path = "/api/v1/facilities/{facility_id}/employees", tag = "administration", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path)), request_body = EmployeeIn,
    responses((status = 201, body = EmployeeOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`duplicate_rnokpp`"), (status = 422, body = ErrorBody)))]
pub async fn employees_create(
    State(s): State<AppState>,
    auth: Auth,
    Path(f): Path<String>,
    RawBody(body): RawBody,
) -> ApiResult<(StatusCode, Json<EmployeeOut>)> {
    let a = s
        .app
        .facility_actor::<ManageEmployees>(&auth.principal, fid(&f)?)
        .await?;
    let input: EmployeeIn = parse_json(&body)?;
    let d = parse_employee(&input).map_err(first)?;
    Ok((
        StatusCode::CREATED,
        Json(s.app.create_employee(&a, d).await?.into()),
    ))
}

/// One employee.
#[utoipa::path(get, path = "/api/v1/facilities/{facility_id}/employees/{id}", tag = "administration", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), ("id" = Uuid, Path)),
    responses((status = 200, body = EmployeeOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn employees_get(
    State(s): State<AppState>,
    auth: Auth,
    Path((f, id)): Path<(String, String)>,
) -> ApiResult<Json<EmployeeOut>> {
    let a = s
        .app
        .facility_actor::<ViewEmployees>(&auth.principal, fid(&f)?)
        .await?;
    Ok(Json(s.app.get_employee(&a, parse_id(&id)?).await?.into()))
}

/// Change an employee's details.
#[utoipa::path(put, path = "/api/v1/facilities/{facility_id}/employees/{id}", tag = "administration", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), ("id" = Uuid, Path)), request_body = EmployeeIn,
    responses((status = 200, body = EmployeeOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn employees_update(
    State(s): State<AppState>,
    auth: Auth,
    Path((f, id)): Path<(String, String)>,
    RawBody(body): RawBody,
) -> ApiResult<Json<EmployeeOut>> {
    let a = s
        .app
        .facility_actor::<ManageEmployees>(&auth.principal, fid(&f)?)
        .await?;
    let id = parse_id(&id)?;
    let input: EmployeeIn = parse_json(&body)?;
    let d = parse_employee(&input).map_err(first)?;
    Ok(Json(s.app.update_employee(&a, id, d).await?.into()))
}

// ───────────── departments ─────────────

#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
pub struct DepartmentIn {
    pub name: String,
    #[serde(default)]
    pub short_name: Option<String>,
    /// A code from `GET /api/v1/department-types`.
    #[serde(rename = "type")]
    pub dtype: String,
    /// The department this one belongs to; null for a top-level one.
    #[serde(default)]
    pub parent_id: Option<String>,
}

pub fn parse_department(d: &DepartmentIn) -> Result<DepartmentData, Vec<AppError>> {
    let mut errs = Vec::new();
    let name = required(&mut errs, "name", &d.name);
    let short_name = optional(&mut errs, "short_name", d.short_name.as_deref());
    let dtype = d.dtype.trim();
    if dtype.is_empty() {
        errs.push(AppError::invalid("type", "required", "Оберіть тип відділу"));
    } else if DepartmentType::parse(dtype).is_none() {
        errs.push(AppError::invalid(
            "type",
            "unknown_type",
            "Оберіть тип відділу з довідника",
        ));
    }
    let parent_id = match d
        .parent_id
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        None => None,
        Some(p) => match p.parse() {
            Ok(id) => Some(id),
            Err(_) => {
                errs.push(AppError::invalid(
                    "parent_id",
                    "not_found",
                    "Батьківський відділ не знайдено в закладі",
                ));
                None
            }
        },
    };
    done(
        errs,
        Some(DepartmentData {
            name,
            short_name,
            dtype: dtype.to_owned(),
            parent_id,
        }),
    )
}

#[derive(Serialize, ToSchema)]
pub struct DepartmentOut {
    pub id: Uuid,
    pub name: String,
    pub short_name: Option<String>,
    #[serde(rename = "type")]
    pub dtype: String,
    pub type_title_uk: &'static str,
    pub parent_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Department> for DepartmentOut {
    fn from(d: Department) -> Self {
        DepartmentOut {
            id: d.id,
            type_title_uk: DepartmentType::parse(&d.data.dtype)
                .map(|t| t.title_uk)
                .unwrap_or(""),
            name: d.data.name,
            short_name: d.data.short_name,
            dtype: d.data.dtype,
            parent_id: d.data.parent_id,
            created_at: d.created_at,
            updated_at: d.updated_at,
        }
    }
}

/// The facility's departments («Реєстр учасників»); `parent_id` makes the tree.
#[utoipa::path(get, path = "/api/v1/facilities/{facility_id}/departments", tag = "administration", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), PageQuery),
    responses((status = 200, body = Page<DepartmentOut>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn departments_list(
    State(s): State<AppState>,
    auth: Auth,
    Path(f): Path<String>,
    Query(q): Query<PageQuery>,
) -> ApiResult<Json<Page<DepartmentOut>>> {
    let a = s
        .app
        .facility_actor::<ViewStructure>(&auth.principal, fid(&f)?)
        .await?;
    let limit = q.limit()?;
    let rows = s.app.list_departments(&a, q.cursor()?, limit + 1).await?;
    Ok(Json(paginate(
        rows,
        limit,
        |d| (d.created_at, d.id),
        DepartmentOut::from,
    )))
}

/// Create a department.
#[utoipa::path(post, path = "/api/v1/facilities/{facility_id}/departments", tag = "administration", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path)), request_body = DepartmentIn,
    responses((status = 201, body = DepartmentOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn departments_create(
    State(s): State<AppState>,
    auth: Auth,
    Path(f): Path<String>,
    RawBody(body): RawBody,
) -> ApiResult<(StatusCode, Json<DepartmentOut>)> {
    let a = s
        .app
        .facility_actor::<ManageDepartments>(&auth.principal, fid(&f)?)
        .await?;
    let input: DepartmentIn = parse_json(&body)?;
    let d = parse_department(&input).map_err(first)?;
    Ok((
        StatusCode::CREATED,
        Json(s.app.create_department(&a, d).await?.into()),
    ))
}

/// One department.
#[utoipa::path(get, path = "/api/v1/facilities/{facility_id}/departments/{id}", tag = "administration", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), ("id" = Uuid, Path)),
    responses((status = 200, body = DepartmentOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn departments_get(
    State(s): State<AppState>,
    auth: Auth,
    Path((f, id)): Path<(String, String)>,
) -> ApiResult<Json<DepartmentOut>> {
    let a = s
        .app
        .facility_actor::<ViewStructure>(&auth.principal, fid(&f)?)
        .await?;
    Ok(Json(s.app.get_department(&a, parse_id(&id)?).await?.into()))
}

/// Change a department (also move it in the tree; a cycle is 422 on `parent_id`).
#[utoipa::path(put, path = "/api/v1/facilities/{facility_id}/departments/{id}", tag = "administration", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), ("id" = Uuid, Path)), request_body = DepartmentIn,
    responses((status = 200, body = DepartmentOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn departments_update(
    State(s): State<AppState>,
    auth: Auth,
    Path((f, id)): Path<(String, String)>,
    RawBody(body): RawBody,
) -> ApiResult<Json<DepartmentOut>> {
    let a = s
        .app
        .facility_actor::<ManageDepartments>(&auth.principal, fid(&f)?)
        .await?;
    let id = parse_id(&id)?;
    let input: DepartmentIn = parse_json(&body)?;
    let d = parse_department(&input).map_err(first)?;
    Ok(Json(s.app.update_department(&a, id, d).await?.into()))
}

// ───────────── positions ─────────────

fn default_units() -> f64 {
    1.0
}

#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct PositionIn {
    pub title: String,
    /// ДК 003:2010 code, e.g. `1229.6`.
    pub classifier_code: String,
    /// Staff units (ставки), 0.01 … 100, at most two decimals; default 1.
    #[serde(default = "default_units")]
    pub staff_units: f64,
    #[serde(default)]
    pub is_head: bool,
}

pub fn parse_staff_units(errs: &mut Vec<AppError>, v: f64) -> i64 {
    let x100 = (v * 100.0).round();
    if !v.is_finite() || v <= 0.0 || v > 100.0 || (v * 100.0 - x100).abs() > 1e-6 {
        errs.push(AppError::invalid(
            "staff_units",
            "out_of_range",
            "Кількість ставок: від 0,01 до 100, не більше двох знаків після коми",
        ));
        return 0;
    }
    x100 as i64
}

pub fn parse_position(p: &PositionIn) -> Result<PositionData, Vec<AppError>> {
    let mut errs = Vec::new();
    let title = required(&mut errs, "title", &p.title);
    let code = p.classifier_code.trim().to_owned();
    if code.is_empty() {
        errs.push(AppError::invalid(
            "classifier_code",
            "required",
            "Обов'язкове поле",
        ));
    } else if !is_classifier_code(&code) {
        errs.push(AppError::invalid(
            "classifier_code",
            "invalid_code",
            "Код за ДК 003:2010: чотири цифри, можливо з крапкою, напр. 1229.6",
        ));
    }
    let staff_units_x100 = parse_staff_units(&mut errs, p.staff_units);
    done(
        errs,
        Some(PositionData {
            title,
            classifier_code: code,
            staff_units_x100,
            is_head: p.is_head,
        }),
    )
}

#[derive(Serialize, ToSchema)]
pub struct PositionOut {
    pub id: Uuid,
    pub department_id: Uuid,
    pub title: String,
    pub classifier_code: String,
    pub staff_units: f64,
    pub is_head: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Position> for PositionOut {
    fn from(p: Position) -> Self {
        PositionOut {
            id: p.id,
            department_id: p.department_id,
            title: p.data.title,
            classifier_code: p.data.classifier_code,
            staff_units: p.data.staff_units_x100 as f64 / 100.0,
            is_head: p.data.is_head,
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    }
}

/// A department's positions.
#[utoipa::path(get, path = "/api/v1/facilities/{facility_id}/departments/{id}/positions", tag = "administration", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), ("id" = Uuid, Path), PageQuery),
    responses((status = 200, body = Page<PositionOut>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn positions_list(
    State(s): State<AppState>,
    auth: Auth,
    Path((f, id)): Path<(String, String)>,
    Query(q): Query<PageQuery>,
) -> ApiResult<Json<Page<PositionOut>>> {
    let a = s
        .app
        .facility_actor::<ViewStructure>(&auth.principal, fid(&f)?)
        .await?;
    let id = parse_id(&id)?;
    let limit = q.limit()?;
    let rows = s.app.list_positions(&a, id, q.cursor()?, limit + 1).await?;
    Ok(Json(paginate(
        rows,
        limit,
        |p| (p.created_at, p.id),
        PositionOut::from,
    )))
}

/// Add a position to a department («Додати посаду»).
#[utoipa::path(post, path = "/api/v1/facilities/{facility_id}/departments/{id}/positions", tag = "administration", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), ("id" = Uuid, Path)), request_body = PositionIn,
    responses((status = 201, body = PositionOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn positions_create(
    State(s): State<AppState>,
    auth: Auth,
    Path((f, id)): Path<(String, String)>,
    RawBody(body): RawBody,
) -> ApiResult<(StatusCode, Json<PositionOut>)> {
    let a = s
        .app
        .facility_actor::<ManagePositions>(&auth.principal, fid(&f)?)
        .await?;
    let id = parse_id(&id)?;
    let input: PositionIn = parse_json(&body)?;
    let d = parse_position(&input).map_err(first)?;
    Ok((
        StatusCode::CREATED,
        Json(s.app.create_position(&a, id, d).await?.into()),
    ))
}

/// One position.
#[utoipa::path(get, path = "/api/v1/facilities/{facility_id}/positions/{id}", tag = "administration", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), ("id" = Uuid, Path)),
    responses((status = 200, body = PositionOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn positions_get(
    State(s): State<AppState>,
    auth: Auth,
    Path((f, id)): Path<(String, String)>,
) -> ApiResult<Json<PositionOut>> {
    let a = s
        .app
        .facility_actor::<ViewStructure>(&auth.principal, fid(&f)?)
        .await?;
    Ok(Json(s.app.get_position(&a, parse_id(&id)?).await?.into()))
}

/// Change a position.
#[utoipa::path(put, path = "/api/v1/facilities/{facility_id}/positions/{id}", tag = "administration", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), ("id" = Uuid, Path)), request_body = PositionIn,
    responses((status = 200, body = PositionOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn positions_update(
    State(s): State<AppState>,
    auth: Auth,
    Path((f, id)): Path<(String, String)>,
    RawBody(body): RawBody,
) -> ApiResult<Json<PositionOut>> {
    let a = s
        .app
        .facility_actor::<ManagePositions>(&auth.principal, fid(&f)?)
        .await?;
    let id = parse_id(&id)?;
    let input: PositionIn = parse_json(&body)?;
    let d = parse_position(&input).map_err(first)?;
    Ok(Json(s.app.update_position(&a, id, d).await?.into()))
}

// ───────────── assignments and invitations ─────────────

#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
pub struct AssignmentIn {
    pub employee_id: String,
    #[serde(default)]
    pub role_ids: Vec<String>,
    /// `YYYY-MM-DD`
    pub start_date: String,
    /// The order (наказ) number.
    pub order_number: String,
    /// `YYYY-MM-DD`
    pub order_date: String,
    /// `primary` (основне місце роботи), `secondary` (сумісництво) or `acting` (виконання обов'язків).
    pub kind: String,
}

pub fn parse_assignment(a: &AssignmentIn) -> Result<AssignmentData, Vec<AppError>> {
    let mut errs = Vec::new();
    let employee_id = uuid_field(&mut errs, "employee_id", &a.employee_id);
    let mut role_ids = Vec::new();
    for (i, r) in a.role_ids.iter().enumerate() {
        match r.trim().parse() {
            Ok(id) => role_ids.push(id),
            Err(_) => errs.push(AppError::invalid(
                format!("role_ids[{i}]"),
                "not_found",
                "Рольовий набір не знайдено в закладі",
            )),
        }
    }
    let start_date = date(&mut errs, "start_date", &a.start_date);
    let order_number = required(&mut errs, "order_number", &a.order_number);
    let order_date = date(&mut errs, "order_date", &a.order_date);
    let kind = a.kind.trim();
    if kind.is_empty() {
        errs.push(AppError::invalid(
            "kind",
            "required",
            "Оберіть вид призначення",
        ));
    } else if AssignmentKind::parse(kind).is_none() {
        errs.push(AppError::invalid(
            "kind",
            "invalid_value",
            "Вид призначення: primary, secondary або acting",
        ));
    }
    let v = match (employee_id, start_date, order_date) {
        (Some(employee_id), Some(start_date), Some(order_date)) => Some(AssignmentData {
            employee_id,
            role_ids,
            start_date,
            order_number,
            order_date,
            kind: kind.to_owned(),
        }),
        _ => None,
    };
    done(errs, v)
}

#[derive(Serialize, ToSchema)]
pub struct AssignmentOut {
    pub id: Uuid,
    pub position_id: Uuid,
    pub employee_id: Uuid,
    pub role_ids: Vec<Uuid>,
    pub start_date: NaiveDate,
    pub order_number: String,
    pub order_date: NaiveDate,
    pub kind: String,
    /// `invited`, `active` or `ended`.
    pub status: &'static str,
    pub created_at: DateTime<Utc>,
    pub activated_at: Option<DateTime<Utc>>,
    pub ended_at: Option<DateTime<Utc>>,
}

impl From<Assignment> for AssignmentOut {
    fn from(a: Assignment) -> Self {
        AssignmentOut {
            id: a.id,
            position_id: a.position_id,
            employee_id: a.data.employee_id,
            role_ids: a.data.role_ids,
            start_date: a.data.start_date,
            order_number: a.data.order_number,
            order_date: a.data.order_date,
            kind: a.data.kind,
            status: a.status.as_str(),
            created_at: a.created_at,
            activated_at: a.activated_at,
            ended_at: a.ended_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct InvitationOut {
    /// `<public URL>/links/<token>`: shown once, to hand to the employee (also mailed to them).
    pub link: String,
    pub expires_at: DateTime<Utc>,
}

#[derive(Serialize, ToSchema)]
pub struct AssignedOut {
    pub assignment: AssignmentOut,
    pub invitation: InvitationOut,
}

/// A position's assignments, newest first.
#[utoipa::path(get, path = "/api/v1/facilities/{facility_id}/positions/{id}/assignments", tag = "administration", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), ("id" = Uuid, Path)),
    responses((status = 200, body = Page<AssignmentOut>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn assignments_list(
    State(s): State<AppState>,
    auth: Auth,
    Path((f, id)): Path<(String, String)>,
) -> ApiResult<Json<Page<AssignmentOut>>> {
    let a = s
        .app
        .facility_actor::<ViewStructure>(&auth.principal, fid(&f)?)
        .await?;
    let items = s
        .app
        .position_assignments(&a, parse_id(&id)?)
        .await?
        .into_iter()
        .map(AssignmentOut::from)
        .collect();
    Ok(Json(Page {
        items,
        next_cursor: None,
    }))
}

/// Assign an employee to the position («Призначити працівника»): makes a 24-hour invitation link.
#[utoipa::path(post, path = "/api/v1/facilities/{facility_id}/positions/{id}/assignments", tag = "administration", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), ("id" = Uuid, Path)), request_body = AssignmentIn,
    responses((status = 201, body = AssignedOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`already_assigned`"), (status = 422, body = ErrorBody)))]
pub async fn assignments_create(
    State(s): State<AppState>,
    auth: Auth,
    Path((f, id)): Path<(String, String)>,
    RawBody(body): RawBody,
) -> ApiResult<(StatusCode, Json<AssignedOut>)> {
    let a = s
        .app
        .facility_actor::<ManageAssignments>(&auth.principal, fid(&f)?)
        .await?;
    let id = parse_id(&id)?;
    let input: AssignmentIn = parse_json(&body)?;
    let d = parse_assignment(&input).map_err(first)?;
    let (assignment, inv) = s.app.assign(&a, id, d).await?;
    Ok((
        StatusCode::CREATED,
        Json(AssignedOut {
            assignment: assignment.into(),
            invitation: InvitationOut {
                link: inv.link,
                expires_at: inv.expires_at,
            },
        }),
    ))
}

/// A new invitation for an assignment not yet accepted; the old link stops working.
#[utoipa::path(post, path = "/api/v1/facilities/{facility_id}/assignments/{id}/invitation", tag = "administration", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), ("id" = Uuid, Path)),
    responses((status = 201, body = AssignedOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "`already_active` or `assignment_ended`")))]
pub async fn assignments_invite(
    State(s): State<AppState>,
    auth: Auth,
    Path((f, id)): Path<(String, String)>,
) -> ApiResult<(StatusCode, Json<AssignedOut>)> {
    let a = s
        .app
        .facility_actor::<ManageAssignments>(&auth.principal, fid(&f)?)
        .await?;
    let (assignment, inv) = s.app.reinvite(&a, parse_id(&id)?).await?;
    Ok((
        StatusCode::CREATED,
        Json(AssignedOut {
            assignment: assignment.into(),
            invitation: InvitationOut {
                link: inv.link,
                expires_at: inv.expires_at,
            },
        }),
    ))
}

/// End an assignment: its roles stop granting at once, also for sessions already open.
#[utoipa::path(post, path = "/api/v1/facilities/{facility_id}/assignments/{id}/end", tag = "administration", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), ("id" = Uuid, Path)),
    responses((status = 200, body = AssignmentOut), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "ended already")))]
pub async fn assignments_end(
    State(s): State<AppState>,
    auth: Auth,
    Path((f, id)): Path<(String, String)>,
) -> ApiResult<Json<AssignmentOut>> {
    let a = s
        .app
        .facility_actor::<ManageAssignments>(&auth.principal, fid(&f)?)
        .await?;
    Ok(Json(s.app.end_assignment(&a, parse_id(&id)?).await?.into()))
}

// ───────────── audit ─────────────

#[derive(Deserialize, utoipa::IntoParams)]
pub struct AuditQuery {
    /// Default 50, at most 500.
    limit: Option<i64>,
    /// From `next_cursor` of the previous page.
    cursor: Option<String>,
}

/// The facility's audit log, newest first (`audit.view`).
#[utoipa::path(get, path = "/api/v1/facilities/{facility_id}/audit", tag = "administration", security(("bearer" = [])),
    params(("facility_id" = Uuid, Path), AuditQuery),
    responses((status = 200, body = Page<AuditOut>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn audit(
    State(s): State<AppState>,
    auth: Auth,
    Path(f): Path<String>,
    Query(q): Query<AuditQuery>,
) -> ApiResult<Json<Page<AuditOut>>> {
    let a = s
        .app
        .facility_actor::<ViewAudit>(&auth.principal, fid(&f)?)
        .await?;
    let limit = PageQuery {
        limit: q.limit,
        cursor: None,
    }
    .limit()?;
    let before = match q.cursor.as_deref() {
        None => None,
        Some(c) => Some(c.parse::<i64>().map_err(|_| {
            AppError::invalid("cursor", "invalid_cursor", "Недійсний курсор сторінки")
        })?),
    };
    let mut rows = s.app.facility_audit(&a, before, limit + 1).await?;
    let more = rows.len() as i64 > limit;
    rows.truncate(limit as usize);
    let next_cursor = if more {
        rows.last().map(|r| r.seq.to_string())
    } else {
        None
    };
    Ok(Json(Page {
        items: rows.into_iter().map(AuditOut::from).collect(),
        next_cursor,
    }))
}
