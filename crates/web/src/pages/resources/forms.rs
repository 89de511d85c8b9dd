//! «+ Створити робоче місце» and «+ Створити обладнання»: a refused form comes back filled.

use axum::{
    Form,
    extract::{Path, State},
    response::{IntoResponse, Redirect},
};
use ekrov_app::AppError;
use uuid::Uuid;

use crate::{
    AppState,
    pages::{administration::shared::*, error::PageResult, form::*, viewer::Viewer},
};

use crate::api::resources::{EquipmentIn, WorkplaceIn, parse_equipment, parse_workplace};
use ekrov_app::facility::grant::{ManageEquipment, ManageWorkplaces};

use super::department::render_department;

pub(super) async fn workplaces_create(
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

pub(super) async fn equipment_create(
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
