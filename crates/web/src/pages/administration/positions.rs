//! A new position in the selected department.

use axum::{
    Form,
    extract::{Path, State},
    response::{IntoResponse, Redirect},
};
use ekrov_app::{AppError, facility::grant::ManagePositions};
use uuid::Uuid;

use super::structure::{Forms, Sel, render_structure};

use crate::{
    AppState,
    api::admin::{PositionIn, parse_position},
    pages::{administration::shared::*, error::PageResult, form::*, viewer::Viewer},
};

pub(super) async fn positions_create(
    State(s): State<AppState>,
    v: Viewer,
    Path((fid, dept)): Path<(String, String)>,
    Form(f): Form<Vec<(String, String)>>,
) -> PageResult {
    let f = FormData(f);
    let a = csrf_actor::<ManagePositions>(&s, &v, &fid, &f).await?;
    let Ok(dept_id) = dept.parse::<Uuid>() else {
        return Err(AppError::NotFound("відділ").into());
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
                return Ok(Redirect::to(&format!(
                    "/facility/{fid}/registry?dept={dept_id}&position={}&flash=saved",
                    p.id
                ))
                .into_response());
            }
            Err(e @ AppError::Invalid { .. }) => errors.push(e),
            Err(e) => return Err(e.into()),
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
