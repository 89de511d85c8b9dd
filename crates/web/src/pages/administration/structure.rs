//! «Реєстр учасників» and «Організаційна структура»: the department tree, the selected
//! department's positions with their holders, and the forms of the registry.

use askama::Template;
use askama_web::WebTemplate;
use axum::{
    extract::{Path, Query, State},
    http::StatusCode,
    response::IntoResponse,
};
use ekrov_app::administration::{Holder, HolderState};
use ekrov_app::{
    AppError,
    facility::{
        Access,
        grant::{ManageAssignments, ManageDepartments, ManagePositions, ViewStructure},
    },
};
use ekrov_domain::DepartmentType;
use ekrov_domain::administration::Position;
use serde::Deserialize;
use uuid::Uuid;

use super::forms::{assignment_fields, department_fields, position_fields};
use crate::{
    AppState,
    i18n::{Lang, Tr},
    pages::{
        administration::shared::*, error::PageResult, form::*, frame::PageCtx, viewer::Viewer,
    },
};

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
pub(crate) struct StructurePage {
    pub(crate) ctx: PageCtx,
    pub(crate) head: Head,
    /// "registry" or "structure": the page's own path.
    pub(crate) page: &'static str,
    pub(crate) title: String,
    pub(crate) departments: Vec<DeptRow>,
    pub(crate) selected: Option<DeptRow>,
    pub(crate) positions: Vec<PosRow>,
    pub(crate) selected_position: Option<PosRow>,
    pub(crate) can_departments: bool,
    pub(crate) can_positions: bool,
    pub(crate) can_assign: bool,
    pub(crate) dept_fields: Vec<FieldView>,
    pub(crate) position_fields: Option<Vec<FieldView>>,
    pub(crate) assign_fields: Option<Vec<FieldView>>,
    pub(crate) general: Option<String>,
    pub(crate) invitation: Option<Invite>,
    /// The assignment whose ending waits for the administrator's confirmation.
    pub(crate) end_confirm: Option<HolderRow>,
    pub(crate) flash: Option<String>,
}

#[derive(Deserialize, Default)]
pub(crate) struct Sel {
    pub(crate) dept: Option<String>,
    pub(crate) position: Option<String>,
    pub(crate) form: Option<String>,
    pub(crate) flash: Option<String>,
    /// An assignment to end: shows the confirmation first.
    pub(crate) end: Option<String>,
}

/// Which form is open and with what (values and errors when a submission was refused).
#[derive(Default)]
pub(crate) struct Forms {
    pub(crate) dept: Option<(FormData, Vec<AppError>)>,
    pub(crate) position: Option<(FormData, Vec<AppError>)>,
    pub(crate) assign: Option<(FormData, Vec<AppError>)>,
    pub(crate) invitation: Option<Invite>,
    /// A refusal of an action on an assignment (409): shown above, with its status.
    pub(crate) problem: Option<AppError>,
}

pub(crate) fn units(x100: i64) -> String {
    let s = format!("{:.2}", x100 as f64 / 100.0);
    s.trim_end_matches('0')
        .trim_end_matches('.')
        .replace('.', ",")
}

/// The department tree, depth first, children by name; `sel` marked selected.
pub(crate) fn department_tree(
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

impl DeptRow {
    /// The selected department as the heading of its part of the page.
    pub(crate) fn heading(&self) -> DeptRow {
        DeptRow {
            id: self.id.clone(),
            name: self.name.clone(),
            short_name: self.short_name.clone(),
            type_title: self.type_title.clone(),
            prefix: String::new(),
            selected: true,
        }
    }
}

/// What the viewer may do on this page: the registry changes, the structure only shows.
pub(crate) struct Rights {
    pub(crate) departments: bool,
    pub(crate) positions: bool,
    pub(crate) assign: bool,
}

impl Rights {
    fn of(access: &Access, page: &str) -> Rights {
        let registry = page == "registry";
        Rights {
            departments: registry && access.allows::<ManageDepartments>(),
            positions: registry && access.allows::<ManagePositions>(),
            assign: registry && access.allows::<ManageAssignments>(),
        }
    }
}

/// The tree as a select's options: (id, indented name).
fn tree_options(departments: &[DeptRow]) -> Vec<(String, String)> {
    departments
        .iter()
        .map(|d| (d.id.clone(), format!("{}{}", d.prefix, d.name)))
        .collect()
}

fn parse_id(id: &Option<String>) -> Option<Uuid> {
    id.as_deref().and_then(|d| d.parse().ok())
}

fn holder_row(h: &Holder, tr: Tr) -> HolderRow {
    let (status, valid_until) = match h.state {
        HolderState::Active => ("adm_status_active", None),
        HolderState::Invited { until } => (
            "adm_status_invited",
            Some(until.format("%d.%m.%Y %H:%M UTC").to_string()),
        ),
        HolderState::InvitationExpired => ("adm_status_expired", None),
    };
    HolderRow {
        id: h.assignment_id.to_string(),
        name: h.name.clone(),
        status_code: h.state.status().as_str(),
        status: tr.t(status).to_owned(),
        expired: h.state == HolderState::InvitationExpired,
        valid_until,
        kind: h
            .kind
            .map(|k| lang_title(tr.0, k.title_uk(), k.title_en()))
            .unwrap_or_default(),
    }
}

/// The positions of the chosen department, each with its holders.
fn position_rows(
    positions: &[Position],
    dept: Option<Uuid>,
    chosen: Option<Uuid>,
    holders: &[Holder],
    tr: Tr,
) -> Vec<PosRow> {
    let Some(dept) = dept else { return vec![] };
    positions
        .iter()
        .filter(|p| p.department_id == dept)
        .map(|p| PosRow {
            id: p.id.to_string(),
            title: p.data.title.clone(),
            code: p.data.classifier_code.clone(),
            units: units(p.data.staff_units_x100),
            is_head: p.data.is_head,
            selected: chosen == Some(p.id),
            holders: holders
                .iter()
                .filter(|h| h.position_id == p.id)
                .map(|h| holder_row(h, tr))
                .collect(),
        })
        .collect()
}

/// The holder whose assignment `?end=` asks to end, when the viewer may end it.
fn end_confirm(sel: &Sel, rights: &Rights, position: Option<&PosRow>) -> Option<HolderRow> {
    let id = sel.end.as_deref().filter(|_| rights.assign)?;
    position?.holders.iter().find(|h| h.id == id).cloned()
}

/// The message above the forms: a refused action first, else a submitted form's own.
fn general_message(forms: &Forms) -> Option<String> {
    if let Some(problem) = &forms.problem {
        return general(std::slice::from_ref(problem));
    }
    [&forms.assign, &forms.position, &forms.dept]
        .into_iter()
        .flatten()
        .find(|(_, errors)| !errors.is_empty())
        .and_then(|(_, errors)| general(errors))
}

fn status_of(forms: &Forms) -> StatusCode {
    let refused = [&forms.dept, &forms.position, &forms.assign]
        .iter()
        .any(|f| f.as_ref().is_some_and(|(_, e)| !e.is_empty()));
    if forms.problem.is_some() {
        StatusCode::CONFLICT
    } else if refused {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    }
}

/// «Реєстр учасників» (`page` "registry", with its forms) or «Організаційна структура».
pub(crate) async fn render_structure(
    s: &AppState,
    v: &Viewer,
    access: &Access,
    page: &'static str,
    sel: &Sel,
    forms: Forms,
) -> PageResult {
    let p = v.require()?;
    let view = s
        .app
        .facility_actor::<ViewStructure>(p, access.facility.id)
        .await?;
    let st = s.app.structure(&view).await?;
    let ctx = v.ctx("facility");
    let tr = ctx.tr;
    let chosen_dept = parse_id(&sel.dept);
    let departments = department_tree(&st.departments, chosen_dept, v.lang);
    let selected = departments
        .iter()
        .find(|d| d.selected)
        .map(DeptRow::heading);
    let holders = match chosen_dept {
        Some(d) => s.app.department_holders(&view, &st, d).await?,
        None => vec![],
    };
    let positions = position_rows(
        &st.positions,
        chosen_dept,
        parse_id(&sel.position),
        &holders,
        tr,
    );
    let selected_position = positions.iter().find(|p| p.selected).cloned();
    let rights = Rights::of(access, page);
    let dept_fields = department_fields(tr, tree_options(&departments), forms.dept.as_ref());
    let position_fields = (rights.positions && selected.is_some())
        .then(|| {
            position_fields(
                tr,
                forms.position.as_ref(),
                sel.form.as_deref() == Some("position"),
            )
        })
        .flatten();
    let assign_open = forms.assign.is_some() || sel.form.as_deref() == Some("assign");
    let assign_fields = if rights.assign && assign_open && selected_position.is_some() {
        Some(assignment_fields(s, v, access, forms.assign.as_ref()).await?)
    } else {
        None
    };
    let general = general_message(&forms);
    let status = status_of(&forms);
    let page_view = StructurePage {
        head: head(access, page),
        page,
        title: tr
            .t(if page == "registry" {
                "adm_nav_registry"
            } else {
                "adm_nav_structure"
            })
            .to_owned(),
        end_confirm: end_confirm(sel, &rights, selected_position.as_ref()),
        departments,
        selected,
        positions,
        selected_position,
        can_departments: rights.departments,
        can_positions: rights.positions,
        can_assign: rights.assign,
        dept_fields,
        position_fields,
        assign_fields,
        general,
        flash: saved(v.lang, sel.flash.clone()),
        invitation: forms.invitation,
        ctx,
    };
    Ok((status, page_view).into_response())
}

pub(super) async fn registry_page(
    State(s): State<AppState>,
    v: Viewer,
    Path(fid): Path<String>,
    Query(q): Query<Sel>,
) -> PageResult {
    let a = actor::<ViewStructure>(&s, &v, &fid).await?;
    render_structure(&s, &v, a.access(), "registry", &q, Forms::default()).await
}

pub(super) async fn structure_page(
    State(s): State<AppState>,
    v: Viewer,
    Path(fid): Path<String>,
    Query(q): Query<Sel>,
) -> PageResult {
    let a = actor::<ViewStructure>(&s, &v, &fid).await?;
    render_structure(&s, &v, a.access(), "structure", &q, Forms::default()).await
}
