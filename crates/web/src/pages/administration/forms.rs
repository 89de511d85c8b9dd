//! The registry's three forms: a department, a position in the chosen department, an assignment
//! to the chosen position. Each opens with what a refused submission held, errors beside fields.

use ekrov_app::{
    AppError,
    facility::{
        Access,
        grant::{ViewEmployees, ViewRoles},
    },
};
use ekrov_domain::{AssignmentKind, DepartmentType};

use super::shared::{MAX_ROLES_OFFERED, lang_title};
use crate::{
    AppState,
    i18n::Tr,
    pages::{error::PageError, form::*, viewer::Viewer},
};

/// A submitted form and why it was refused.
type Submitted = (FormData, Vec<AppError>);

const NOTHING: &[AppError] = &[];

fn values_of(form: Option<&Submitted>) -> (FormData, &[AppError]) {
    match form {
        Some((values, errors)) => (FormData(values.0.clone()), errors.as_slice()),
        None => (FormData(vec![]), NOTHING),
    }
}

/// «Додати відділ»: name, short name, type, the parent among `tree` (id, indented name).
pub(crate) fn department_fields(
    tr: Tr,
    tree: Vec<(String, String)>,
    form: Option<&Submitted>,
) -> Vec<FieldView> {
    let (values, errors) = values_of(form);
    let mut types = vec![(String::new(), tr.t("choose").to_owned())];
    types.extend(
        DepartmentType::all()
            .iter()
            .map(|t| (t.code.to_owned(), lang_title(tr.0, t.title_uk, t.title_en))),
    );
    let mut parents = vec![(String::new(), tr.t("adm_no_parent").to_owned())];
    parents.extend(tree);
    vec![
        field(&tr, "name", "text", &values, errors),
        field(&tr, "short_name", "text", &values, errors),
        with_options(
            field(&tr, "type", "select", &values, errors),
            types,
            &[values.get("type")],
        ),
        with_options(
            field(&tr, "parent_id", "select", &values, errors),
            parents,
            &[values.get("parent_id")],
        ),
    ]
}

/// «Додати посаду», when it was submitted or asked for (`?form=position`).
pub(crate) fn position_fields(
    tr: Tr,
    form: Option<&Submitted>,
    asked: bool,
) -> Option<Vec<FieldView>> {
    if form.is_none() && !asked {
        return None;
    }
    let (values, errors) = values_of(form);
    let mut units = field(&tr, "staff_units", "text", &values, errors);
    if units.value.is_empty() {
        units.value = "1".into();
    }
    Some(vec![
        field(&tr, "title", "text", &values, errors),
        field(&tr, "classifier_code", "text", &values, errors),
        units,
        field(&tr, "is_head", "checkbox", &values, errors),
    ])
}

/// «Призначити працівника»: everyone employed, the role sets, the order, the kind.
pub(crate) async fn assignment_fields(
    s: &AppState,
    v: &Viewer,
    access: &Access,
    form: Option<&Submitted>,
) -> Result<Vec<FieldView>, PageError> {
    let tr = Tr(v.lang);
    let (values, errors) = values_of(form);
    let mut people = vec![(String::new(), tr.t("choose").to_owned())];
    people.extend(employee_options(s, v, access).await?);
    let kinds = AssignmentKind::all()
        .iter()
        .map(|k| {
            (
                k.code().to_owned(),
                lang_title(tr.0, k.title_uk(), k.title_en()),
            )
        })
        .collect();
    let kind = match values.get("kind") {
        k if k.is_empty() => "primary".to_owned(),
        k => k,
    };
    Ok(vec![
        with_options(
            field(&tr, "employee_id", "select", &values, errors),
            people,
            &[values.get("employee_id")],
        ),
        with_options(
            field(&tr, "role_ids", "checkboxes", &values, errors),
            role_options(s, v, access).await?,
            &values.all("role_ids"),
        ),
        field(&tr, "start_date", "date", &values, errors),
        field(&tr, "order_number", "text", &values, errors),
        field(&tr, "order_date", "date", &values, errors),
        with_options(
            field(&tr, "kind", "select", &values, errors),
            kinds,
            &[kind],
        ),
    ])
}

/// The facility's employees by name; none offered to one who may not see them (a read that
/// fails is the error page, not an empty list).
async fn employee_options(
    s: &AppState,
    v: &Viewer,
    access: &Access,
) -> Result<Vec<(String, String)>, PageError> {
    if !access.allows::<ViewEmployees>() {
        return Ok(vec![]);
    }
    let p = v.require()?;
    let a = s
        .app
        .facility_actor::<ViewEmployees>(p, access.facility.id)
        .await?;
    let mut people = s.app.list_employees(&a, None, 10_000).await?;
    people.sort_by_key(|e| e.data.full_name());
    Ok(people
        .iter()
        .map(|e| {
            let who = format!("{} ({})", e.data.full_name(), e.data.person_code.as_str());
            (e.id.to_string(), who)
        })
        .collect())
}

/// Every role set as a checkbox, by name: a facility has tens; `MAX_ROLES_OFFERED` caps it.
async fn role_options(
    s: &AppState,
    v: &Viewer,
    access: &Access,
) -> Result<Vec<(String, String)>, PageError> {
    if !access.allows::<ViewRoles>() {
        return Ok(vec![]);
    }
    let p = v.require()?;
    let a = s
        .app
        .facility_actor::<ViewRoles>(p, access.facility.id)
        .await?;
    let mut roles = s.app.list_roles(&a, None, MAX_ROLES_OFFERED).await?;
    roles.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(roles
        .into_iter()
        .map(|r| (r.id.to_string(), r.name))
        .collect())
}
