//! The pages of seed steps 11–12: the department's «Робочі місця» and «Ресурси» tabs in «Організаційна структура» («+ Створити
//! обладнання»), and «Мої ресурси» (read-only).

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    Form, Router,
    extract::{Path, Query, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
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

use crate::{
    AppState,
    api::admin::{
        AssignmentIn, DepartmentIn, EmployeeIn, PositionIn, RoleIn, parse_assignment,
        parse_department, parse_employee, parse_position, parse_role,
    },
    i18n::{Lang, Tr},
    pages::{
    administration::shared::*,
        error::{PageError, PageResult},
        form::*,
        viewer::{PageCtx, Viewer, app_error},
    },
};

use crate::pages::administration::structure::{DeptRow, department_tree};
use crate::api::resources::{
    EquipmentIn, WorkplaceIn, check_due, parse_equipment, parse_workplace,
};
use ekrov_app::{
    facility::grant::{ManageEquipment, ManageWorkplaces, ViewEquipment, ViewOnboarding},
    onboarding::Checklist,
};
use ekrov_domain::{EquipmentKind, EquipmentStatus, plural::plural_uk};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/facility/{fid}/departments/{id}/workplaces",
            get(workplaces_page).post(workplaces_create),
        )
        .route(
            "/facility/{fid}/departments/{id}/resources",
            get(resources_page).post(equipment_create),
        )
        .route("/my/resources", get(my_resources_page))
}

pub(crate) fn t(lang: Lang, uk: &'static str, en: &'static str) -> &'static str {
    if lang == Lang::En { en } else { uk }
}

/// A field of these forms: labels under `res_f_<name>`.
fn rfield(
    tr: &crate::i18n::Tr,
    name: &'static str,
    kind: &'static str,
    values: &FormData,
    errors: &[AppError],
) -> FieldView {
    FieldView {
        name,
        label: tr.t(&format!("res_f_{name}")),
        kind,
        value: values.get(name),
        error: error_for(errors, name),
        options: vec![],
    }
}

pub(crate) fn date_text(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.format("%d.%m.%Y").to_string())
        .unwrap_or_default()
}

// ───────────── a department's «Робочі місця» and «Ресурси» ─────────────

pub struct WorkplaceRow {
    pub name: String,
    pub room: String,
    pub inventory: String,
    pub absent: bool,
    pub people: String,
}

pub struct EquipmentRow {
    pub name: String,
    pub kind: &'static str,
    pub maker: String,
    pub serial: String,
    pub inventory: String,
    pub range: String,
    pub status: &'static str,
    pub status_reason: String,
    pub in_service: bool,
    pub next_check: String,
    /// `overdue`, `due_soon` or empty.
    pub due: &'static str,
    pub workplace: String,
}

impl EquipmentRow {
    /// A unit as both the «Ресурси» tab and «Мої ресурси» show it.
    fn new(
        d: ekrov_domain::resources::EquipmentData,
        lang: Lang,
        today: chrono::NaiveDate,
        workplace: String,
    ) -> Self {
        let kind = EquipmentKind::parse(&d.kind);
        EquipmentRow {
            name: d.name,
            kind: kind.map(|k| t(lang, k.title_uk, k.title_en)).unwrap_or(""),
            maker: format!("{} {}", d.manufacturer, d.model),
            serial: d.serial_number,
            inventory: d.inventory_number.as_str().to_owned(),
            range: format!("{} … {} °C", d.temp_min, d.temp_max),
            status: t(lang, d.status.title_uk(), d.status.title_en()),
            status_reason: d.status_reason.unwrap_or_default(),
            in_service: d.status == EquipmentStatus::InService,
            next_check: date_text(d.next_check_on),
            due: check_due(d.next_check_on, today).unwrap_or(""),
            workplace,
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "admin_department.html")]
struct DepartmentPage {
    ctx: PageCtx,
    head: Head,
    title: String,
    departments: Vec<DeptRow>,
    dept: DeptRow,
    /// `workplaces` or `resources`
    tab: &'static str,
    flash: Option<String>,
    general: Option<String>,
    workplaces: Vec<WorkplaceRow>,
    equipment: Vec<EquipmentRow>,
    can_view_equipment: bool,
    can_manage: bool,
    /// The open create form's fields, if any.
    fields: Option<Vec<FieldView>>,
}

#[derive(Deserialize)]
struct TabQuery {
    flash: Option<String>,
    form: Option<String>,
}

#[allow(clippy::too_many_arguments)]
async fn render_department(
    s: &AppState,
    v: &Viewer,
    fid: &str,
    id: &str,
    tab: &'static str,
    open_form: bool,
    values: &FormData,
    errors: &[AppError],
    flash: Option<String>,
) -> PageResult {
    let a = actor::<ViewStructure>(&s, &v, &fid).await?;
    let Ok(dept_id) = id.parse::<Uuid>() else {
        return Err(AppError::NotFound("відділ").into());
    };
    let all = s.app.all_departments(&a).await?;
    let lang = v.lang;
    let departments = department_tree(&all, Some(dept_id), lang);
    let Some(dept) = departments.iter().find(|d| d.selected).map(|d| DeptRow {
        id: d.id.clone(),
        name: d.name.clone(),
        short_name: d.short_name.clone(),
        type_title: d.type_title.clone(),
        prefix: String::new(),
        selected: true,
    }) else {
        return Err(AppError::NotFound("відділ").into());
    };
    let p = a.principal();
    let access = a.access();
    let places = s.app.list_workplaces(&a, dept_id, None, 10_000).await?;
    // Names of the people at the workplaces (and everyone, for the workplace form).
    // Everyone for one who may see the employees, else the names at these workplaces.
    let employees = if access.allows::<ViewEmployees>() {
        let ea = s
            .app
            .facility_actor::<ViewEmployees>(p, a.facility_id())
            .await?;
        s.app.list_employees(&ea, None, 10_000).await?
    } else {
        let ids: Vec<Uuid> = places
            .iter()
            .flat_map(|w| w.data.employee_ids.clone())
            .collect();
        s.app.holders(&a, &ids).await?
    };
    let name_of = |id: &Uuid| {
        employees
            .iter()
            .find(|e| e.id == *id)
            .map(|e| e.data.full_name())
            .unwrap_or_default()
    };
    let workplaces: Vec<WorkplaceRow> = places
        .iter()
        .map(|w| WorkplaceRow {
            name: w.data.name.clone(),
            room: w.data.room.clone().unwrap_or_default(),
            inventory: w.data.inventory_number.as_str().to_owned(),
            absent: w.data.inventory_number.is_absent(),
            people: w
                .data
                .employee_ids
                .iter()
                .map(name_of)
                .collect::<Vec<_>>()
                .join(", "),
        })
        .collect();
    let can_view_equipment = access.allows::<ViewEquipment>();
    let today = s.app.today();
    let mut equipment = Vec::new();
    if tab == "resources" && can_view_equipment {
        let ea = match s
            .app
            .facility_actor::<ViewEquipment>(p, a.facility_id())
            .await
        {
            Ok(x) => x,
            Err(e) => return Err(e.into()),
        };
        let units = s.app.list_equipment(&ea, dept_id, None, 10_000).await?;
        equipment = units
            .into_iter()
            .map(|u| {
                let workplace = u
                    .data
                    .workplace_id
                    .and_then(|w| places.iter().find(|x| x.id == w))
                    .map(|w| w.data.name.clone())
                    .unwrap_or_default();
                EquipmentRow::new(u.data, lang, today, workplace)
            })
            .collect();
    }
    let can_manage = match tab {
        "resources" => access.allows::<ManageEquipment>(),
        _ => access.allows::<ManageWorkplaces>(),
    };
    let ctx = v.ctx("facility");
    let tr = ctx.tr;
    let fields = (can_manage && open_form).then(|| match tab {
        "resources" => {
            let kinds = EquipmentKind::all()
                .iter()
                .map(|k| {
                    (
                        k.code.to_owned(),
                        format!(
                            "{} ({} … {} °C)",
                            t(lang, k.title_uk, k.title_en),
                            k.default_min,
                            k.default_max
                        ),
                    )
                })
                .collect();
            let statuses = EquipmentStatus::all()
                .iter()
                .map(|st| {
                    (
                        st.code().to_owned(),
                        t(lang, st.title_uk(), st.title_en()).to_owned(),
                    )
                })
                .collect();
            let mut wp: Vec<(String, String)> = vec![(String::new(), tr.t("choose").to_owned())];
            wp.extend(
                places
                    .iter()
                    .map(|w| (w.id.to_string(), w.data.name.clone())),
            );
            let mut status_values = values.get("status");
            if status_values.is_empty() {
                status_values = "in_service".into();
            }
            vec![
                with_options(
                    rfield(&tr, "kind", "select", values, errors),
                    kinds,
                    &[values.get("kind")],
                ),
                rfield(&tr, "name", "text", values, errors),
                rfield(&tr, "manufacturer", "text", values, errors),
                rfield(&tr, "model", "text", values, errors),
                rfield(&tr, "serial_number", "text", values, errors),
                rfield(&tr, "inventory_number", "text", values, errors),
                rfield(&tr, "year_made", "number", values, errors),
                rfield(&tr, "in_service_on", "date", values, errors),
                rfield(&tr, "temp_min_c", "text", values, errors),
                rfield(&tr, "temp_max_c", "text", values, errors),
                with_options(
                    rfield(&tr, "status", "select", values, errors),
                    statuses,
                    &[status_values],
                ),
                rfield(&tr, "status_reason", "text", values, errors),
                rfield(&tr, "last_check_on", "date", values, errors),
                rfield(&tr, "next_check_on", "date", values, errors),
                with_options(
                    rfield(&tr, "workplace_id", "select", values, errors),
                    wp,
                    &[values.get("workplace_id")],
                ),
            ]
        }
        _ => {
            let people = employees
                .iter()
                .map(|e| (e.id.to_string(), e.data.full_name()))
                .collect();
            vec![
                rfield(&tr, "name", "text", values, errors),
                rfield(&tr, "room", "text", values, errors),
                rfield(&tr, "inventory_number", "text", values, errors),
                with_options(
                    rfield(&tr, "employee_ids", "checkboxes", values, errors),
                    people,
                    &values.all("employee_ids"),
                ),
            ]
        }
    });
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = DepartmentPage {
        title: tr.t("adm_nav_structure").to_owned(),
        head: head(access, "structure"),
        departments,
        dept,
        tab,
        flash: match flash.as_deref() {
            Some("saved") => Some(tr.t("res_saved").to_owned()),
            _ => None,
        },
        general: general(errors),
        workplaces,
        equipment,
        can_view_equipment,
        can_manage,
        fields,
        ctx,
    };
    Ok((status, page).into_response())
}

async fn workplaces_page(
    State(s): State<AppState>,
    v: Viewer,
    Path((fid, id)): Path<(String, String)>,
    Query(q): Query<TabQuery>,
) -> PageResult {
    let open = q.form.as_deref() == Some("workplace");
    let empty = FormData(vec![]);
    render_department(&s, &v, &fid, &id, "workplaces", open, &empty, &[], q.flash).await
}

async fn resources_page(
    State(s): State<AppState>,
    v: Viewer,
    Path((fid, id)): Path<(String, String)>,
    Query(q): Query<TabQuery>,
) -> PageResult {
    let open = q.form.as_deref() == Some("equipment");
    let empty = FormData(vec![]);
    render_department(&s, &v, &fid, &id, "resources", open, &empty, &[], q.flash).await
}

async fn workplaces_create(
    State(s): State<AppState>,
    v: Viewer,
    Path((fid, id)): Path<(String, String)>,
    Form(f): Form<Vec<(String, String)>>,
) -> PageResult {
    let f = FormData(f);
    let a = csrf_actor::<ManageWorkplaces>(&s, &v, &fid, &f).await?;
    let Ok(dept) = id.parse::<Uuid>() else {
        return Err(AppError::NotFound("відділ").into());
    };
    let input = WorkplaceIn {
        name: f.get("name"),
        room: Some(f.get("room")),
        inventory_number: f.get("inventory_number"),
        employee_ids: f.all("employee_ids"),
    };
    let errors = match parse_workplace(&input) {
        Ok(d) => match s.app.create_workplace(&a, dept, d).await {
            Ok(_) => {
                return Ok(Redirect::to(&format!(
                    "/facility/{}/departments/{dept}/workplaces?flash=saved",
                    a.facility_id()
                ))
                .into_response());
            }
            Err(e @ (AppError::Invalid { .. } | AppError::Conflict { .. })) => vec![e],
            Err(e) => return Err(e.into()),
        },
        Err(e) => e,
    };
    render_department(&s, &v, &fid, &id, "workplaces", true, &f, &errors, None).await
}

/// A number as people type it: `-25`, `−25,5`, `+4`.
fn typed_number(errs: &mut Vec<AppError>, field: &str, v: &str) -> Option<f64> {
    let t = v.trim().replace('−', "-").replace(',', ".");
    if t.is_empty() {
        return None;
    }
    match t.trim_start_matches('+').parse::<f64>() {
        Ok(x) => Some(x),
        Err(_) => {
            errs.push(AppError::invalid(
                field,
                "not_a_number",
                "Введіть число, напр. −25 або 4,5",
            ));
            None
        }
    }
}

async fn equipment_create(
    State(s): State<AppState>,
    v: Viewer,
    Path((fid, id)): Path<(String, String)>,
    Form(f): Form<Vec<(String, String)>>,
) -> PageResult {
    let f = FormData(f);
    let a = csrf_actor::<ManageEquipment>(&s, &v, &fid, &f).await?;
    let Ok(dept) = id.parse::<Uuid>() else {
        return Err(AppError::NotFound("відділ").into());
    };
    let mut errors = Vec::new();
    let opt = |k: &str| Some(f.get(k)).filter(|x| !x.trim().is_empty());
    let year_made = match f.get("year_made").trim() {
        "" => None,
        y => match y.parse::<i64>() {
            Ok(y) => Some(y),
            Err(_) => {
                errors.push(AppError::invalid(
                    "year_made",
                    "not_a_number",
                    "Рік — чотири цифри",
                ));
                None
            }
        },
    };
    let temp_min_c = typed_number(&mut errors, "temp_min_c", &f.get("temp_min_c"));
    let temp_max_c = typed_number(&mut errors, "temp_max_c", &f.get("temp_max_c"));
    let input = EquipmentIn {
        kind: f.get("kind"),
        name: opt("name"),
        manufacturer: f.get("manufacturer"),
        model: f.get("model"),
        serial_number: f.get("serial_number"),
        inventory_number: f.get("inventory_number"),
        year_made,
        in_service_on: opt("in_service_on"),
        temp_min_c,
        temp_max_c,
        status: opt("status"),
        status_reason: opt("status_reason"),
        last_check_on: opt("last_check_on"),
        next_check_on: opt("next_check_on"),
        workplace_id: opt("workplace_id"),
    };
    match parse_equipment(&input, s.app.today()) {
        Ok(d) if errors.is_empty() => match s.app.create_equipment(&a, dept, d).await {
            Ok(_) => {
                return Ok(Redirect::to(&format!(
                    "/facility/{}/departments/{dept}/resources?flash=saved",
                    a.facility_id()
                ))
                .into_response());
            }
            Err(e @ (AppError::Invalid { .. } | AppError::Conflict { .. })) => errors.push(e),
            Err(e) => return Err(e.into()),
        },
        Ok(_) => {}
        Err(e) => errors.extend(
            // A field refused twice (typed, then checked) is said once.
            e.into_iter()
                .filter(|x| match x {
                    AppError::Invalid { field, .. } => error_for(&errors, field).is_none(),
                    _ => true,
                })
                .collect::<Vec<_>>(),
        ),
    }
    render_department(&s, &v, &fid, &id, "resources", true, &f, &errors, None).await
}

// ───────────── «Мої ресурси» ─────────────

pub struct MyRow {
    pub facility: String,
    pub department: String,
    pub unit: EquipmentRow,
}

#[derive(Template, WebTemplate)]
#[template(path = "my_resources.html")]
struct MyResourcesPage {
    ctx: PageCtx,
    rows: Vec<MyRow>,
}

async fn my_resources_page(State(s): State<AppState>, v: Viewer) -> PageResult {
    let p = v.require()?;
    let items = s.app.my_resources(p).await?;
    let lang = v.lang;
    let today = s.app.today();
    let rows = items
        .into_iter()
        .map(|r| {
            let d = r.equipment.data;
            MyRow {
                facility: r.facility_name,
                department: r.department_name,
                unit: EquipmentRow::new(d, lang, today, String::new()),
            }
        })
        .collect();
    Ok(MyResourcesPage {
        ctx: v.ctx("my_resources"),
        rows,
    }
    .into_response())
}
