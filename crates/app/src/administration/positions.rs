//! Positions («Додати посаду») of a department.

use super::*;

impl App {
    pub async fn list_positions(
        &self,
        a: &FacilityActor<'_, ViewStructure>,
        department_id: Uuid,
        after: Option<(String, Uuid)>,
        limit: i64,
    ) -> AppResult<Vec<Position>> {
        store::departments::get(&self.db, a.facility_id(), department_id)
            .await?
            .ok_or(AppError::NotFound("відділ"))?;
        Ok(store::positions::list(&self.db, a.facility_id(), department_id, after, limit).await?)
    }

    pub async fn get_position(
        &self,
        a: &FacilityActor<'_, ViewStructure>,
        id: Uuid,
    ) -> AppResult<Position> {
        store::positions::get(&self.db, a.facility_id(), id)
            .await?
            .ok_or(AppError::NotFound("посаду"))
    }

    pub async fn create_position(
        &self,
        a: &FacilityActor<'_, ManagePositions>,
        department_id: Uuid,
        d: PositionData,
    ) -> AppResult<Position> {
        let now = self.now();
        let mut tx = self.db.begin().await?;
        store::departments::get(&mut tx, a.facility_id(), department_id)
            .await?
            .ok_or(AppError::NotFound("відділ"))?;
        let p = store::positions::insert(&mut tx, a.facility_id(), department_id, &d, now).await?;
        record(
            &mut tx,
            a,
            "position.create",
            "position",
            p.id,
            None,
            Some(position_json(department_id, &d)),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(p)
    }

    pub async fn update_position(
        &self,
        a: &FacilityActor<'_, ManagePositions>,
        id: Uuid,
        d: PositionData,
    ) -> AppResult<Position> {
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let before = store::positions::get(&mut tx, a.facility_id(), id)
            .await?
            .ok_or(AppError::NotFound("посаду"))?;
        store::positions::update(&mut tx, a.facility_id(), id, &d, now).await?;
        record(
            &mut tx,
            a,
            "position.update",
            "position",
            id,
            Some(position_json(before.department_id, &before.data)),
            Some(position_json(before.department_id, &d)),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(Position {
            data: d,
            updated_at: now,
            ..before
        })
    }
}
