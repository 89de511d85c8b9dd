//! Applications: recorded, listed, registered (with the first-login letter) or rejected.

use super::*;

impl App {
    pub async fn record_application(
        &self,
        p: &Operator<'_>,
        data: FacilityData,
        received_on: NaiveDate,
    ) -> AppResult<ApplicationView> {
        let today = self.today();
        // The rule is the form's (NewApplication::parse); checked again for callers that skip it.
        ekrov_domain::registration::check_received_on(received_on, today)?;
        let cal = self.calendar().await?;
        let due_on = cal.add_working_days(received_on, self.settings.registration_working_days);
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let a = store::applications::insert(
            &mut tx,
            ekrov_store::new_id(),
            &data,
            received_on,
            due_on,
            p.account.id,
            now,
        )
        .await?;
        audit::append(
            &mut tx,
            &p.audit_actor(),
            Entry {
                facility_id: None,
                action: "application.record",
                entity: "application",
                entity_id: a.id.to_string(),
                before: None,
                after: Some(app_json(&a)),
            },
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(self.view(&cal, today, a))
    }

    pub async fn list_applications(
        &self,
        _op: &Operator<'_>,
        q: &ApplicationQuery,
    ) -> AppResult<Vec<ApplicationView>> {
        let today = self.today();
        let cal = self.calendar().await?;
        let rows = store::applications::list(
            &self.db,
            &store::applications::Filter {
                status: q.status,
                overdue_on: q.overdue.then_some(today),
                after: q.cursor.clone(),
                limit: q.limit,
            },
        )
        .await?;
        Ok(rows
            .into_iter()
            .map(|a| self.view(&cal, today, a))
            .collect())
    }

    pub async fn get_application(
        &self,
        _op: &Operator<'_>,
        id: Uuid,
    ) -> AppResult<ApplicationView> {
        let a = store::applications::get(&self.db, id)
            .await?
            .ok_or(AppError::NotFound("заяву"))?;
        let cal = self.calendar().await?;
        Ok(self.view(&cal, self.today(), a))
    }

    async fn open_application(&self, tx: &mut Tx, id: Uuid) -> AppResult<Application> {
        let a = store::applications::get_for_update(tx, id)
            .await?
            .ok_or(AppError::NotFound("заяву"))?;
        if a.status != Status::Received {
            return Err(AppError::conflict(
                "already_decided",
                format!(
                    "Заяву вже розглянуто: {}",
                    if a.status == Status::Registered {
                        "заклад зареєстровано"
                    } else {
                        "відхилено"
                    }
                ),
            ));
        }
        Ok(a)
    }

    /// Register the facility of an application: the facility, its first-login link and the letter
    /// to the administrator are written in one transaction.
    pub async fn register_application(
        &self,
        p: &Operator<'_>,
        id: Uuid,
    ) -> AppResult<(Facility, DateTime<Utc>)> {
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let a = self.open_application(&mut tx, id).await?;
        let duplicate = || {
            AppError::conflict(
                "duplicate_edrpou",
                format!(
                    "Заклад з кодом ЄДРПОУ {} уже зареєстровано",
                    a.data.edrpou.as_str()
                ),
            )
        };
        if facilities::exists_edrpou(&mut tx, a.data.edrpou.as_str()).await? {
            return Err(duplicate());
        }
        let facility =
            match facilities::insert(&mut tx, ekrov_store::new_id(), &a.data, a.id, now).await {
                Err(e) if e.is_unique_on("edrpou") => return Err(duplicate()),
                r => r?,
            };
        store::applications::decide(
            &mut tx,
            a.id,
            Status::Registered,
            None,
            Some(facility.id),
            p.account.id,
            now,
        )
        .await?;
        let expires_at = self.issue_first_login(&mut tx, &facility, now).await?;
        let actor = p.audit_actor();
        audit::append(
            &mut tx,
            &actor,
            Entry {
                facility_id: None,
                action: "application.register",
                entity: "application",
                entity_id: a.id.to_string(),
                before: Some(app_json(&a)),
                after: Some(json!({"status": "registered", "facility_id": facility.id})),
            },
            now,
        )
        .await?;
        audit::append(
            &mut tx,
            &actor,
            Entry {
                facility_id: Some(facility.id),
                action: "facility.register",
                entity: "facility",
                entity_id: facility.id.to_string(),
                before: None,
                after: Some(json!({"edrpou": facility.data.edrpou.as_str(), "short_name": facility.data.short_name,
                    "admin_rnokpp": facility.data.admin.rnokpp.as_str(), "first_login_expires_at": expires_at})),
            },
            now,
        )
        .await?;
        tx.commit().await?;
        self.mail_queued.notify_one();
        Ok((facility, expires_at))
    }

    /// A new first-login link (voiding the old one) and the letter carrying it.
    async fn issue_first_login(
        &self,
        tx: &mut Tx,
        f: &Facility,
        now: DateTime<Utc>,
    ) -> AppResult<DateTime<Utc>> {
        let token = random_token();
        let expires_at = now + self.settings.first_login_ttl;
        links::create(
            tx,
            &token,
            links::Kind::FirstLogin,
            f.id,
            f.data.admin.rnokpp.as_str(),
            None,
            expires_at,
            now,
        )
        .await?;
        let letter = letters::first_login(f, &self.link_url(&token), expires_at);
        outbox::enqueue(tx, &letter, now).await?;
        Ok(expires_at)
    }

    pub async fn reject_application(
        &self,
        p: &Operator<'_>,
        id: Uuid,
        reason: &str,
    ) -> AppResult<ApplicationView> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(AppError::invalid(
                "reason",
                "required",
                "Вкажіть причину відмови",
            ));
        }
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let a = self.open_application(&mut tx, id).await?;
        store::applications::decide(
            &mut tx,
            a.id,
            Status::Rejected,
            Some(reason),
            None,
            p.account.id,
            now,
        )
        .await?;
        audit::append(
            &mut tx,
            &p.audit_actor(),
            Entry {
                facility_id: None,
                action: "application.reject",
                entity: "application",
                entity_id: a.id.to_string(),
                before: Some(app_json(&a)),
                after: Some(json!({"status": "rejected", "reject_reason": reason})),
            },
            now,
        )
        .await?;
        tx.commit().await?;
        self.get_application(p, id).await
    }

    /// A new first-login letter for a facility; the earlier link stops working.
    pub async fn resend_first_login(
        &self,
        p: &Operator<'_>,
        facility_id: Uuid,
    ) -> AppResult<DateTime<Utc>> {
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let f = facilities::get_tx(&mut tx, facility_id)
            .await?
            .ok_or(AppError::NotFound("заклад"))?;
        if f.admin_account_id.is_some() {
            return Err(AppError::conflict(
                "first_login_done",
                "Адміністратор закладу вже увійшов до системи: нове посилання для першого входу не потрібне",
            ));
        }
        let expires_at = self.issue_first_login(&mut tx, &f, now).await?;
        audit::append(
            &mut tx,
            &p.audit_actor(),
            Entry {
                facility_id: Some(f.id),
                action: "facility.first_login_resend",
                entity: "facility",
                entity_id: f.id.to_string(),
                before: None,
                after: Some(json!({"first_login_expires_at": expires_at})),
            },
            now,
        )
        .await?;
        tx.commit().await?;
        self.mail_queued.notify_one();
        Ok(expires_at)
    }
}
