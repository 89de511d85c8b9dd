//! Equipment (seed step 11) of a department, from its «Ресурси» tab.

use super::*;

impl App {
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
        Ok(store::equipment::list(&self.db, a.facility_id(), department_id, after, limit).await?)
    }

    pub async fn get_equipment(
        &self,
        a: &FacilityActor<'_, ViewEquipment>,
        id: Uuid,
    ) -> AppResult<Equipment> {
        store::equipment::get(&self.db, a.facility_id(), id)
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
        match store::workplaces::get(&mut *tx, facility_id, w).await? {
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
            store::equipment::serial_owner(tx, facility_id, &d.manufacturer, &d.serial_number)
                .await?;
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
        let e = match store::equipment::insert(&mut tx, a.facility_id(), department_id, &d, now)
            .await
        {
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
        let before = store::equipment::get(&mut tx, a.facility_id(), id)
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
        match store::equipment::update(&mut tx, a.facility_id(), id, &d, now).await {
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
}
