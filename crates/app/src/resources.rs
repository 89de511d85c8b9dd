//! The blood bank's resources (seed steps 10–11): workplaces of a department, the department's
//! equipment entered from its «Ресурси» tab, and «Мої ресурси» — the read-only view of the
//! equipment where the person works.
//!
//! Values arrive parsed (inventory number, kind, plausible temperature range); what is checked
//! here needs the database: the department, workplace and employees are the facility's own, and
//! a serial number is not entered twice for one manufacturer.

use ekrov_store::{
    Tx,
    administration::departments::{self, Department},
    administration::employees,
    resources::equipment::{self, Equipment, EquipmentData, SERIAL_UNIQUE},
    resources::workplaces::{self, Workplace, WorkplaceData},
};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::{
    App, AppError, AppResult, Principal,
    admin::record,
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
    // ───────────── workplaces ─────────────

    pub async fn list_workplaces(
        &self,
        a: &FacilityActor<'_, ViewStructure>,
        department_id: Uuid,
        after: Option<(String, Uuid)>,
        limit: i64,
    ) -> AppResult<Vec<Workplace>> {
        departments::get(&self.db, a.facility_id(), department_id)
            .await?
            .ok_or(AppError::NotFound("відділ"))?;
        Ok(workplaces::list(&self.db, a.facility_id(), department_id, after, limit).await?)
    }

    pub async fn get_workplace(
        &self,
        a: &FacilityActor<'_, ViewStructure>,
        id: Uuid,
    ) -> AppResult<Workplace> {
        workplaces::get(&self.db, a.facility_id(), id)
            .await?
            .ok_or(AppError::NotFound("робоче місце"))
    }

    /// The employees must be the facility's own (a 422 on `employee_ids` otherwise).
    async fn check_workers(
        &self,
        tx: &mut Tx,
        facility_id: Uuid,
        d: &WorkplaceData,
    ) -> AppResult<()> {
        let found = employees::by_ids(&mut *tx, facility_id, &d.employee_ids).await?;
        if found.len() != d.employee_ids.len() {
            return Err(AppError::invalid(
                "employee_ids",
                "not_found",
                "Працівника не знайдено в закладі",
            ));
        }
        Ok(())
    }

    pub async fn create_workplace(
        &self,
        a: &FacilityActor<'_, ManageWorkplaces>,
        department_id: Uuid,
        d: WorkplaceData,
    ) -> AppResult<Workplace> {
        let now = self.now();
        let mut tx = self.db.begin().await?;
        department_of(&mut tx, a, department_id).await?;
        self.check_workers(&mut tx, a.facility_id(), &d).await?;
        let w = workplaces::insert(&mut tx, a.facility_id(), department_id, &d, now).await?;
        record(
            &mut tx,
            a,
            "workplace.create",
            "workplace",
            w.id,
            None,
            Some(workplace_json(department_id, &d)),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(w)
    }

    pub async fn update_workplace(
        &self,
        a: &FacilityActor<'_, ManageWorkplaces>,
        id: Uuid,
        d: WorkplaceData,
    ) -> AppResult<Workplace> {
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let before = workplaces::get(&mut tx, a.facility_id(), id)
            .await?
            .ok_or(AppError::NotFound("робоче місце"))?;
        self.check_workers(&mut tx, a.facility_id(), &d).await?;
        workplaces::update(&mut tx, a.facility_id(), id, &d, now).await?;
        record(
            &mut tx,
            a,
            "workplace.update",
            "workplace",
            id,
            Some(workplace_json(before.department_id, &before.data)),
            Some(workplace_json(before.department_id, &d)),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(Workplace {
            data: d,
            updated_at: now,
            ..before
        })
    }

    // ───────────── equipment («Ресурси» → «+ Створити обладнання») ─────────────

    pub async fn list_equipment(
        &self,
        a: &FacilityActor<'_, ViewEquipment>,
        department_id: Uuid,
        after: Option<(String, Uuid)>,
        limit: i64,
    ) -> AppResult<Vec<Equipment>> {
        departments::get(&self.db, a.facility_id(), department_id)
            .await?
            .ok_or(AppError::NotFound("відділ"))?;
        Ok(equipment::list(&self.db, a.facility_id(), department_id, after, limit).await?)
    }

    pub async fn get_equipment(
        &self,
        a: &FacilityActor<'_, ViewEquipment>,
        id: Uuid,
    ) -> AppResult<Equipment> {
        equipment::get(&self.db, a.facility_id(), id)
            .await?
            .ok_or(AppError::NotFound("обладнання"))
    }

    /// A unit may stand at a workplace of its own department only.
    async fn check_workplace(
        &self,
        tx: &mut Tx,
        facility_id: Uuid,
        department_id: Uuid,
        d: &EquipmentData,
    ) -> AppResult<()> {
        let Some(w) = d.workplace_id else {
            return Ok(());
        };
        match workplaces::get(&mut *tx, facility_id, w).await? {
            Some(w) if w.department_id == department_id => Ok(()),
            Some(_) => Err(AppError::invalid(
                "workplace_id",
                "other_department",
                "Робоче місце належить іншому відділу",
            )),
            None => Err(AppError::invalid(
                "workplace_id",
                "not_found",
                "Робоче місце не знайдено в закладі",
            )),
        }
    }

    async fn serial_taken(
        &self,
        tx: &mut Tx,
        facility_id: Uuid,
        except: Option<Uuid>,
        d: &EquipmentData,
    ) -> AppResult<bool> {
        let owner =
            equipment::serial_owner(tx, facility_id, &d.manufacturer, &d.serial_number).await?;
        Ok(owner.is_some() && owner != except)
    }

    pub async fn create_equipment(
        &self,
        a: &FacilityActor<'_, ManageEquipment>,
        department_id: Uuid,
        d: EquipmentData,
    ) -> AppResult<Equipment> {
        let now = self.now();
        let mut tx = self.db.begin().await?;
        department_of(&mut tx, a, department_id).await?;
        self.check_workplace(&mut tx, a.facility_id(), department_id, &d)
            .await?;
        if self
            .serial_taken(&mut tx, a.facility_id(), None, &d)
            .await?
        {
            return Err(duplicate_serial(&d));
        }
        let e = match equipment::insert(&mut tx, a.facility_id(), department_id, &d, now).await {
            Err(e) if e.is_unique_on(SERIAL_UNIQUE) => return Err(duplicate_serial(&d)),
            x => x?,
        };
        record(
            &mut tx,
            a,
            "equipment.create",
            "equipment",
            e.id,
            None,
            Some(equipment_json(department_id, &d)),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(e)
    }

    pub async fn update_equipment(
        &self,
        a: &FacilityActor<'_, ManageEquipment>,
        id: Uuid,
        d: EquipmentData,
    ) -> AppResult<Equipment> {
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let before = equipment::get(&mut tx, a.facility_id(), id)
            .await?
            .ok_or(AppError::NotFound("обладнання"))?;
        self.check_workplace(&mut tx, a.facility_id(), before.department_id, &d)
            .await?;
        if self
            .serial_taken(&mut tx, a.facility_id(), Some(id), &d)
            .await?
        {
            return Err(duplicate_serial(&d));
        }
        match equipment::update(&mut tx, a.facility_id(), id, &d, now).await {
            Err(e) if e.is_unique_on(SERIAL_UNIQUE) => return Err(duplicate_serial(&d)),
            x => x?,
        }
        record(
            &mut tx,
            a,
            "equipment.update",
            "equipment",
            id,
            Some(equipment_json(before.department_id, &before.data)),
            Some(equipment_json(before.department_id, &d)),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(Equipment {
            data: d,
            updated_at: now,
            ..before
        })
    }

    /// «Мої ресурси»: the equipment of the departments where the person holds an active
    /// assignment, in every facility. Nothing to check: it is the person's own workplace, and an
    /// ended assignment drops out at once.
    pub async fn my_resources(&self, p: &Principal) -> AppResult<Vec<MyResource>> {
        Ok(equipment::of_account(&self.db, p.account.id)
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
