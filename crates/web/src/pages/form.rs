//! The form kit of the administrator's pages: a submitted form (repeated keys kept), fields with
//! their label, value and the error beside them, options for selects and checkbox groups.

use ekrov_app::AppError;

use crate::i18n::Tr;

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
pub(crate) struct FormData(pub(crate) Vec<(String, String)>);

impl FormData {
    pub(crate) fn get(&self, k: &str) -> String {
        self.0
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }
    pub(crate) fn all(&self, k: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
            .collect()
    }
    pub(crate) fn csrf(&self) -> String {
        self.get("csrf")
    }
}

pub(crate) fn error_for(errors: &[AppError], name: &str) -> Option<String> {
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

pub(crate) fn field(
    tr: &Tr,
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

pub(crate) fn with_options(
    mut f: FieldView,
    opts: Vec<(String, String)>,
    chosen: &[String],
) -> FieldView {
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
pub(crate) fn general(errors: &[AppError]) -> Option<String> {
    errors.iter().find_map(|e| match e {
        AppError::Invalid { .. } => None,
        other => {
            Some(crate::error::ApiError::from(AppError::conflict("x", other.to_string())).message)
        }
    })
}
