//! A new department from the registry's form.

use axum::{
    Form,
    extract::{Path, State},
    response::{IntoResponse, Redirect},
};
use ekrov_app::{AppError, facility::grant::ManageDepartments};

use super::structure::{Forms, Sel, render_structure};

use crate::{
    AppState,
    api::admin::{DepartmentIn, parse_department},
    pages::{administration::shared::*, error::PageResult, form::*, viewer::Viewer},
};

pub(super) async fn departments_create(
    State(s): State<AppState>,
    v: Viewer,
    Path(fid): Path<String>,
    Form(f): Form<Vec<(String, String)>>,
) -> PageResult {
    let f = FormData(f);
    let a = csrf_actor::<ManageDepartments>(&s, &v, &fid, &f).await?;
    let input = DepartmentIn {
        name: f.get("name"),
        short_name: Some(f.get("short_name")),
        dtype: f.get("type"),
        parent_id: Some(f.get("parent_id")),
    };
    let errors = match parse_department(&input) {
        Ok(d) => match s.app.create_department(&a, d).await {
            Ok(d) => {
                return Ok(Redirect::to(&format!(
                    "/facility/{fid}/registry?dept={}&flash=saved",
                    d.id
                ))
                .into_response());
            }
            Err(e @ AppError::Invalid { .. }) => vec![e],
            Err(e) => return Err(e.into()),
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
