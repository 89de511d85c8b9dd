//! The pages of seed steps 11–12: the department's «Робочі місця» and «Ресурси» tabs in «Організаційна структура» («+ Створити
//! обладнання»), and «Мої ресурси» (read-only).

use axum::{Router, routing::get};
use ekrov_app::AppError;

use crate::{AppState, i18n::Lang, pages::form::*};

mod department;
mod fields;
mod forms;
mod mine;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/facility/{fid}/departments/{id}/workplaces",
            get(department::workplaces_page).post(forms::workplaces_create),
        )
        .route(
            "/facility/{fid}/departments/{id}/resources",
            get(department::resources_page).post(forms::equipment_create),
        )
        .route("/my/resources", get(mine::my_resources_page))
}

pub(crate) fn t(lang: Lang, uk: &'static str, en: &'static str) -> &'static str {
    if lang == Lang::En { en } else { uk }
}

/// A field of these forms: labels under `res_f_<name>`.
pub(crate) fn rfield(
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
