//! Assignments («Призначити працівника») and their 24-hour invitations.

use super::*;

impl App {
    pub async fn position_assignments(
        &self,
        a: &FacilityActor<'_, ViewStructure>,
        position_id: Uuid,
    ) -> AppResult<Vec<Assignment>> {
        store::positions::get(&self.db, a.facility_id(), position_id)
            .await?
            .ok_or(AppError::NotFound("посаду"))?;
        Ok(store::assignments::of_position(&self.db, a.facility_id(), position_id).await?)
    }

    /// A new invitation link for an assignment (voiding the one before) and the letter carrying it.
    async fn invite(
        &self,
        tx: &mut Tx,
        a: &FacilityActor<'_, ManageAssignments>,
        assignment: &Assignment,
        now: DateTime<Utc>,
    ) -> AppResult<Invitation> {
        let e = store::employees::get(&mut *tx, a.facility_id(), assignment.data.employee_id)
            .await?
            .ok_or(AppError::NotFound("працівника"))?;
        let p = store::positions::get(&mut *tx, a.facility_id(), assignment.position_id)
            .await?
            .ok_or(AppError::NotFound("посаду"))?;
        let token = random_token();
        let expires_at = now + INVITATION_TTL;
        links::create(
            tx,
            &token,
            links::Kind::Invitation,
            a.facility_id(),
            e.data.person_code.as_str(),
            Some(assignment.id),
            expires_at,
            now,
        )
        .await?;
        let link = self.link_url(&token);
        let letter = invitation_letter(
            a.facility_id(),
            &a.facility().data.short_name,
            &e.data,
            &p.data.title,
            &link,
            expires_at,
        );
        outbox::enqueue(tx, &letter, now).await?;
        Ok(Invitation { link, expires_at })
    }

    pub async fn assign(
        &self,
        a: &FacilityActor<'_, ManageAssignments>,
        position_id: Uuid,
        d: AssignmentData,
    ) -> AppResult<(Assignment, Invitation)> {
        if AssignmentKind::parse(&d.kind).is_none() {
            return Err(AppError::invalid(
                "kind",
                "invalid_value",
                "Вид призначення: primary, secondary або acting",
            ));
        }
        let now = self.now();
        let mut tx = self.db.begin().await?;
        store::positions::get(&mut tx, a.facility_id(), position_id)
            .await?
            .ok_or(AppError::NotFound("посаду"))?;
        store::employees::get(&mut tx, a.facility_id(), d.employee_id)
            .await?
            .ok_or_else(|| {
                AppError::invalid(
                    "employee_id",
                    "not_found",
                    "Працівника не знайдено в закладі",
                )
            })?;
        let found = store::roles::by_ids(&mut tx, a.facility_id(), &d.role_ids).await?;
        if let Some((i, _)) = d
            .role_ids
            .iter()
            .enumerate()
            .find(|(_, id)| !found.iter().any(|r| r.id == **id))
        {
            return Err(AppError::invalid(
                format!("role_ids[{i}]"),
                "not_found",
                "Рольовий набір не знайдено в закладі",
            ));
        }
        let current =
            store::assignments::of_position(&mut tx, a.facility_id(), position_id).await?;
        if current
            .iter()
            .any(|x| x.data.employee_id == d.employee_id && x.status != Status::Ended)
        {
            return Err(AppError::conflict(
                "already_assigned",
                "Працівника вже призначено на цю посаду",
            ));
        }
        let assignment =
            store::assignments::insert(&mut tx, a.facility_id(), position_id, &d, now).await?;
        let inv = self.invite(&mut tx, a, &assignment, now).await?;
        let mut after = assignment_json(&assignment);
        after["invitation_expires_at"] = json!(inv.expires_at);
        record(
            &mut tx,
            a,
            "assignment.create",
            "assignment",
            assignment.id,
            None,
            Some(after),
            now,
        )
        .await?;
        tx.commit().await?;
        self.mail_queued.notify_one();
        Ok((assignment, inv))
    }

    /// A new invitation for an assignment not yet accepted; the old link stops working.
    pub async fn reinvite(
        &self,
        a: &FacilityActor<'_, ManageAssignments>,
        id: Uuid,
    ) -> AppResult<(Assignment, Invitation)> {
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let assignment = store::assignments::get(&mut tx, a.facility_id(), id)
            .await?
            .ok_or(AppError::NotFound("призначення"))?;
        match assignment.status {
            Status::Invited => {}
            Status::Active => {
                return Err(AppError::conflict(
                    "already_active",
                    "Працівник уже прийняв запрошення: нове не потрібне",
                ));
            }
            Status::Ended => {
                return Err(AppError::conflict(
                    "assignment_ended",
                    "Призначення завершено",
                ));
            }
        }
        let inv = self.invite(&mut tx, a, &assignment, now).await?;
        record(
            &mut tx,
            a,
            "assignment.reinvite",
            "assignment",
            id,
            None,
            Some(json!({"invitation_expires_at": inv.expires_at})),
            now,
        )
        .await?;
        tx.commit().await?;
        self.mail_queued.notify_one();
        Ok((assignment, inv))
    }

    /// End an assignment: its permissions stop at once (they are read on every request) and any
    /// live invitation for it is revoked.
    pub async fn end_assignment(
        &self,
        a: &FacilityActor<'_, ManageAssignments>,
        id: Uuid,
    ) -> AppResult<Assignment> {
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let before = store::assignments::get(&mut tx, a.facility_id(), id)
            .await?
            .ok_or(AppError::NotFound("призначення"))?;
        if before.status == Status::Ended
            || !store::assignments::transition(&mut tx, id, before.status, Status::Ended, now)
                .await?
        {
            return Err(AppError::conflict(
                "assignment_ended",
                "Призначення вже завершено",
            ));
        }
        store::assignments::revoke_invitations(&mut tx, id, now).await?;
        record(
            &mut tx,
            a,
            "assignment.end",
            "assignment",
            id,
            Some(json!({"status": before.status.as_str()})),
            Some(json!({"status": "ended"})),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(Assignment {
            status: Status::Ended,
            ended_at: Some(now),
            ..before
        })
    }
}
