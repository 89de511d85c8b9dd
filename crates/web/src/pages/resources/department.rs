//! A department's «Робочі місця» and «Ресурси» tabs in «Організаційна структура».

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    extract::{Path, Query, State},
    http::StatusCode,
    response::IntoResponse,
};
use ekrov_app::{
    AppError,
    facility::grant::{ViewEmployees, ViewStructure},
};
use serde::Deserialize;
use uuid::Uuid;

use crate::{
    AppState,
    i18n::Lang,
    pages::{
        administration::shared::*, error::PageResult, form::*, frame::PageCtx, viewer::Viewer,
    },
};

use crate::api::resources::check_due;
use ekrov_app::facility::grant::{ManageEquipment, ManageWorkplaces, ViewEquipment};
use ekrov_domain::{EquipmentKind, EquipmentStatus};

use super::{
    date_text,
    fields::{equipment_fields, workplace_fields},
    t,
};
use crate::pages::administration::structure::{DeptRow, department_tree};

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
    pub(crate) fn new(
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
pub(crate) struct DepartmentPage {
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
pub(crate) struct TabQuery {
    flash: Option<String>,
    form: Option<String>,
}

#[allow(clippy::too_many_arguments)]
pub(crate) async fn render_department(
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
    let a = actor::<ViewStructure>(s, v, fid).await?;
    let Ok(dept_id) = id.parse::<Uuid>() else {
        return Err(AppError::NotFound("відділ").into());
    };
    let all = s.app.all_departments(&a).await?;
    let lang = v.lang;
    let departments = department_tree(&all, Some(dept_id), lang);
    let Some(dept) = departments
        .iter()
        .find(|d| d.selected)
        .map(DeptRow::heading)
    else {
        return Err(AppError::NotFound("відділ").into());
    };
    let p = a.principal();
    let access = a.access();
    let places = s.app.list_workplaces(&a, dept_id, None, 10_000).await?;
    // Names of the people at the workplaces: everyone (for the workplace form too) for one who
    // may see the employees, else those at these workplaces.
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
        let ea = s
            .app
            .facility_actor::<ViewEquipment>(p, a.facility_id())
            .await?;
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
        "resources" => equipment_fields(tr, &places, values, errors),
        _ => workplace_fields(tr, &employees, values, errors),
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

pub(crate) async fn workplaces_page(
    State(s): State<AppState>,
    v: Viewer,
    Path((fid, id)): Path<(String, String)>,
    Query(q): Query<TabQuery>,
) -> PageResult {
    let open = q.form.as_deref() == Some("workplace");
    let empty = FormData(vec![]);
    render_department(&s, &v, &fid, &id, "workplaces", open, &empty, &[], q.flash).await
}

pub(crate) async fn resources_page(
    State(s): State<AppState>,
    v: Viewer,
    Path((fid, id)): Path<(String, String)>,
    Query(q): Query<TabQuery>,
) -> PageResult {
    let open = q.form.as_deref() == Some("equipment");
    let empty = FormData(vec![]);
    render_department(&s, &v, &fid, &id, "resources", open, &empty, &[], q.flash).await
}
