//! The fields of the department's two forms: a workplace and a unit of equipment.

use ekrov_app::AppError;
use ekrov_domain::{administration::Employee, resources::Workplace};

use crate::{i18n::Tr, pages::form::*};

use ekrov_domain::{EquipmentKind, EquipmentStatus};

use super::{rfield, t};

/// «+ Створити обладнання»: kind (with its default range), identity, years, temperatures,
/// status, checks, the workplace.
pub(crate) fn equipment_fields(
    tr: Tr,
    places: &[Workplace],
    values: &FormData,
    errors: &[AppError],
) -> Vec<FieldView> {
    let lang = tr.0;
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

/// «+ Створити робоче місце»: name, room, inventory number, the people working there.
pub(crate) fn workplace_fields(
    tr: Tr,
    employees: &[Employee],
    values: &FormData,
    errors: &[AppError],
) -> Vec<FieldView> {
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
