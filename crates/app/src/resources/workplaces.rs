//! Workplaces (seed step 10) of a department.

use super::*;

impl App {
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
        Ok(store::workplaces::list(&self.db, a.facility_id(), department_id, after, limit).await?)
    }

    pub async fn get_workplace(
        &self,
        a: &FacilityActor<'_, ViewStructure>,
        id: Uuid,
    ) -> AppResult<Workplace> {
        store::workplaces::get(&self.db, a.facility_id(), id)
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
        let w = store::workplaces::insert(&mut tx, a.facility_id(), department_id, &d, now).await?;
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
        let before = store::workplaces::get(&mut tx, a.facility_id(), id)
            .await?
            .ok_or(AppError::NotFound("робоче місце"))?;
        self.check_workers(&mut tx, a.facility_id(), &d).await?;
        store::workplaces::update(&mut tx, a.facility_id(), id, &d, now).await?;
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
}
