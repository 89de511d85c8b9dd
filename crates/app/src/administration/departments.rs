//! Departments («Реєстр учасників»): the tree, with the type each department has.

use super::*;

impl App {
    pub async fn list_departments(
        &self,
        a: &FacilityActor<'_, ViewStructure>,
        after: Option<(String, Uuid)>,
        limit: i64,
    ) -> AppResult<Vec<Department>> {
        Ok(store::departments::list(&self.db, a.facility_id(), after, limit).await?)
    }

    /// Every department of the facility, by name (the tree of the pages), without the rest of
    /// the structure.
    pub async fn all_departments(
        &self,
        a: &FacilityActor<'_, ViewStructure>,
    ) -> AppResult<Vec<Department>> {
        Ok(store::departments::all(&self.db, a.facility_id()).await?)
    }

    pub async fn get_department(
        &self,
        a: &FacilityActor<'_, ViewStructure>,
        id: Uuid,
    ) -> AppResult<Department> {
        store::departments::get(&self.db, a.facility_id(), id)
            .await?
            .ok_or(AppError::NotFound("відділ"))
    }

    async fn check_department(
        &self,
        tx: &mut Tx,
        facility_id: Uuid,
        id: Option<Uuid>,
        d: &DepartmentData,
    ) -> AppResult<()> {
        if DepartmentType::parse(&d.dtype).is_none() {
            return Err(AppError::invalid(
                "type",
                "unknown_type",
                "Оберіть тип відділу з довідника",
            ));
        }
        let Some(parent) = d.parent_id else {
            return Ok(());
        };
        let all = store::departments::parents(tx, facility_id).await?;
        if !all.iter().any(|(i, _)| *i == parent) {
            return Err(AppError::invalid(
                "parent_id",
                "not_found",
                "Батьківський відділ не знайдено в закладі",
            ));
        }
        if let Some(id) = id {
            // Walk up from the new parent: meeting the department itself would make a cycle.
            let mut cur = Some(parent);
            let mut steps = 0;
            while let Some(c) = cur {
                if c == id || steps > all.len() {
                    return Err(AppError::invalid(
                        "parent_id",
                        "cycle",
                        "Відділ не може входити до самого себе чи до свого підрозділу",
                    ));
                }
                cur = all.iter().find(|(i, _)| *i == c).and_then(|(_, p)| *p);
                steps += 1;
            }
        }
        Ok(())
    }

    pub async fn create_department(
        &self,
        a: &FacilityActor<'_, ManageDepartments>,
        d: DepartmentData,
    ) -> AppResult<Department> {
        let now = self.now();
        let mut tx = self.db.begin().await?;
        self.check_department(&mut tx, a.facility_id(), None, &d)
            .await?;
        let dep = store::departments::insert(&mut tx, a.facility_id(), &d, now).await?;
        record(
            &mut tx,
            a,
            "department.create",
            "department",
            dep.id,
            None,
            Some(department_json(&d)),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(dep)
    }

    pub async fn update_department(
        &self,
        a: &FacilityActor<'_, ManageDepartments>,
        id: Uuid,
        d: DepartmentData,
    ) -> AppResult<Department> {
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let before = store::departments::get(&mut tx, a.facility_id(), id)
            .await?
            .ok_or(AppError::NotFound("відділ"))?;
        self.check_department(&mut tx, a.facility_id(), Some(id), &d)
            .await?;
        store::departments::update(&mut tx, a.facility_id(), id, &d, now).await?;
        record(
            &mut tx,
            a,
            "department.update",
            "department",
            id,
            Some(department_json(&before.data)),
            Some(department_json(&d)),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(Department {
            data: d,
            updated_at: now,
            ..before
        })
    }
}
