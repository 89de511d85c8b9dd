//! Employees of the facility («Працівники»).

use super::*;

impl App {
    pub async fn list_employees(
        &self,
        a: &FacilityActor<'_, ViewEmployees>,
        after: Option<(String, Uuid)>,
        limit: i64,
    ) -> AppResult<Vec<Employee>> {
        Ok(store::employees::list(&self.db, a.facility_id(), after, limit).await?)
    }

    /// The employees holding positions, by id: whom the organisational structure names.
    pub async fn holders(
        &self,
        a: &FacilityActor<'_, ViewStructure>,
        ids: &[Uuid],
    ) -> AppResult<Vec<Employee>> {
        Ok(store::employees::by_ids(&self.db, a.facility_id(), ids).await?)
    }

    pub async fn get_employee(
        &self,
        a: &FacilityActor<'_, ViewEmployees>,
        id: Uuid,
    ) -> AppResult<Employee> {
        store::employees::get(&self.db, a.facility_id(), id)
            .await?
            .ok_or(AppError::NotFound("працівника"))
    }

    pub async fn create_employee(
        &self,
        a: &FacilityActor<'_, ManageEmployees>,
        d: EmployeeData,
    ) -> AppResult<Employee> {
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let code = d.person_code.as_str().to_owned();
        if store::employees::by_person_code(&mut tx, a.facility_id(), &code)
            .await?
            .is_some()
        {
            return Err(duplicate_rnokpp(&code));
        }
        let e = match store::employees::insert(&mut tx, a.facility_id(), &d, now).await {
            Err(e) if e.is_unique_on("person") => return Err(duplicate_rnokpp(&code)),
            x => x?,
        };
        record(
            &mut tx,
            a,
            "employee.create",
            "employee",
            e.id,
            None,
            Some(employee_json(&d)),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(e)
    }

    pub async fn update_employee(
        &self,
        a: &FacilityActor<'_, ManageEmployees>,
        id: Uuid,
        d: EmployeeData,
    ) -> AppResult<Employee> {
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let before = store::employees::get(&mut tx, a.facility_id(), id)
            .await?
            .ok_or(AppError::NotFound("працівника"))?;
        let code = d.person_code.as_str().to_owned();
        if code != before.data.person_code.as_str() {
            if before.account_id.is_some() {
                return Err(AppError::conflict(
                    "person_linked",
                    "Працівник уже зареєструвався своїм КЕП: його ідентифікатор змінити не можна",
                ));
            }
            if store::employees::by_person_code(&mut tx, a.facility_id(), &code)
                .await?
                .is_some()
            {
                return Err(duplicate_rnokpp(&code));
            }
        }
        match store::employees::update(&mut tx, a.facility_id(), id, &d, now).await {
            Err(e) if e.is_unique_on("person") => return Err(duplicate_rnokpp(&code)),
            x => x?,
        }
        record(
            &mut tx,
            a,
            "employee.update",
            "employee",
            id,
            Some(employee_json(&before.data)),
            Some(employee_json(&d)),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(Employee {
            data: d,
            updated_at: now,
            ..before
        })
    }
}
