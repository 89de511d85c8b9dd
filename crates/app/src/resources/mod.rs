//! The blood bank's resources (seed steps 10–11): workplaces of a department, the department's
//! equipment entered from its «Ресурси» tab, and «Мої ресурси» — the read-only view of the
//! equipment where the person works.
//!
//! Values arrive parsed (inventory number, kind, plausible temperature range); what is checked
//! here needs the database: the department, workplace and employees are the facility's own, and
//! a serial number is not entered twice for one manufacturer.

mod equipment;
mod workplaces;

use ekrov_store::resources as store;
use ekrov_store::{
    Tx,
    administration::departments::{self, Department},
    administration::employees,
    resources::equipment::{Equipment, EquipmentData, SERIAL_UNIQUE},
    resources::workplaces::{Workplace, WorkplaceData},
};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::{
    App, AppError, AppResult, Principal,
    audit::record,
    facility::{FacilityActor, Grant, grant::*},
};

fn workplace_json(department_id: Uuid, d: &WorkplaceData) -> Value {
    json!({"department_id": department_id, "name": d.name, "room": d.room,
        "inventory_number": d.inventory_number.as_str(), "employee_ids": d.employee_ids})
}

fn equipment_json(department_id: Uuid, d: &EquipmentData) -> Value {
    json!({"department_id": department_id, "kind": d.kind, "name": d.name, "manufacturer": d.manufacturer,
        "model": d.model, "serial_number": d.serial_number, "inventory_number": d.inventory_number.as_str(),
        "year_made": d.year_made, "in_service_on": d.in_service_on.map(|x| x.to_string()),
        "temp_min_c": d.temp_min.celsius(), "temp_max_c": d.temp_max.celsius(), "status": d.status.code(),
        "status_reason": d.status_reason, "last_check_on": d.last_check_on.map(|x| x.to_string()),
        "next_check_on": d.next_check_on.map(|x| x.to_string()), "workplace_id": d.workplace_id})
}

fn duplicate_serial(d: &EquipmentData) -> AppError {
    AppError::Conflict {
        code: "duplicate_serial",
        message: format!(
            "Обладнання виробника «{}» із серійним номером «{}» уже внесено в закладі",
            d.manufacturer, d.serial_number
        ),
    }
}

/// A piece of equipment as «Мої ресурси» shows it: with where it is.
#[derive(Debug, Clone)]
pub struct MyResource {
    pub equipment: Equipment,
    pub facility_name: String,
    pub department_name: String,
}

async fn department_of<G: Grant>(
    tx: &mut Tx,
    a: &FacilityActor<'_, G>,
    id: Uuid,
) -> AppResult<Department> {
    departments::get(tx, a.facility_id(), id)
        .await?
        .ok_or(AppError::NotFound("відділ"))
}

impl App {
    /// «Мої ресурси»: the equipment of the departments where the person holds an active
    /// assignment, in every facility. Nothing to check: it is the person's own workplace, and an
    /// ended assignment drops out at once.
    pub async fn my_resources(&self, p: &Principal) -> AppResult<Vec<MyResource>> {
        Ok(store::equipment::of_account(&self.db, p.account.id)
            .await?
            .into_iter()
            .map(|(equipment, facility_name, department_name)| MyResource {
                equipment,
                facility_name,
                department_name,
            })
            .collect())
    }
}
