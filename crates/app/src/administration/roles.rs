//! Role sets («Ролі користувачів»): named sets of permissions given with an assignment.

use super::*;

impl App {
    /// A page of role sets, oldest first (see `store::roles::list`).
    pub async fn list_roles(
        &self,
        a: &FacilityActor<'_, ViewRoles>,
        after: Option<(String, Uuid)>,
        limit: i64,
    ) -> AppResult<Vec<Role>> {
        Ok(store::roles::list(&self.db, a.facility_id(), after, limit).await?)
    }

    pub async fn get_role(&self, a: &FacilityActor<'_, ViewRoles>, id: Uuid) -> AppResult<Role> {
        store::roles::get(&self.db, a.facility_id(), id)
            .await?
            .ok_or(AppError::NotFound("рольовий набір"))
    }

    pub async fn create_role(
        &self,
        a: &FacilityActor<'_, ManageRoles>,
        r: RoleInput,
    ) -> AppResult<Role> {
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let role = match store::roles::insert(
            &mut tx,
            a.facility_id(),
            &r.name,
            &r.description,
            &codes(&r.permissions),
            now,
        )
        .await
        {
            Err(e) if e.is_unique_on("name") => return Err(duplicate_role()),
            x => x?,
        };
        record(
            &mut tx,
            a,
            "role.create",
            "role",
            role.id,
            None,
            Some(role_json(&role)),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(role)
    }

    pub async fn update_role(
        &self,
        a: &FacilityActor<'_, ManageRoles>,
        id: Uuid,
        r: RoleInput,
    ) -> AppResult<Role> {
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let before = store::roles::get(&mut tx, a.facility_id(), id)
            .await?
            .ok_or(AppError::NotFound("рольовий набір"))?;
        match store::roles::update(
            &mut tx,
            a.facility_id(),
            id,
            &r.name,
            &r.description,
            &codes(&r.permissions),
            now,
        )
        .await
        {
            Err(e) if e.is_unique_on("name") => return Err(duplicate_role()),
            x => x?,
        }
        let after = store::roles::get(&mut tx, a.facility_id(), id)
            .await?
            .ok_or(AppError::NotFound("рольовий набір"))?;
        record(
            &mut tx,
            a,
            "role.update",
            "role",
            id,
            Some(role_json(&before)),
            Some(role_json(&after)),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    /// A role held by an assignment that has not ended cannot be deleted: 409 naming where.
    pub async fn delete_role(&self, a: &FacilityActor<'_, ManageRoles>, id: Uuid) -> AppResult<()> {
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let before = store::roles::get(&mut tx, a.facility_id(), id)
            .await?
            .ok_or(AppError::NotFound("рольовий набір"))?;
        let used: Vec<_> = store::roles::usage(&mut tx, id)
            .await?
            .into_iter()
            .filter(|(_, status, _, _)| status != "ended")
            .collect();
        if !used.is_empty() {
            let places: Vec<String> = used
                .iter()
                .map(|(_, _, who, title)| format!("{who} — «{title}»"))
                .collect();
            return Err(AppError::conflict(
                "role_in_use",
                format!(
                    "Рольовий набір «{}» використовується у призначеннях: {}",
                    before.name,
                    places.join("; ")
                ),
            ));
        }
        store::roles::delete(&mut tx, a.facility_id(), id).await?;
        record(
            &mut tx,
            a,
            "role.delete",
            "role",
            id,
            Some(role_json(&before)),
            None,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
