//! The national operator's work: applications, registration, facilities, the calendar, the outbox.

use chrono::{DateTime, NaiveDate, Utc};
use ekrov_domain::{Email, Rnokpp};
use ekrov_store::{
    Tx,
    access::accounts,
    access::links,
    audit::{self, Entry},
    mail as outbox,
    registration::applications::{self, Application, FacilityData, Status},
    registration::days_off,
    registration::facilities,
    registration::facilities::Facility,
};
use serde_json::json;
use uuid::Uuid;

use crate::{
    App, AppError, AppResult, mail::letters, random_token, session::Operator, system_actor,
};

/// A received application as the operator sees it: with its deadline standing.
#[derive(Debug, Clone)]
pub struct ApplicationView {
    pub application: Application,
    /// Undecided and past its due date.
    pub overdue: bool,
    /// Working days from today to the due date (negative once overdue); None once decided.
    pub working_days_left: Option<i64>,
}

#[derive(Debug, Clone, Default)]
pub struct ApplicationQuery {
    pub status: Option<Status>,
    pub overdue: bool,
    pub cursor: Option<(String, Uuid)>,
    pub limit: i64,
}

pub struct NewOperator {
    pub rnokpp: Rnokpp,
    pub surname: String,
    pub given_name: String,
    pub patronymic: Option<String>,
    pub email: Option<Email>,
}

fn app_json(a: &Application) -> serde_json::Value {
    let d = &a.data;
    json!({
        "status": a.status.as_str(), "edrpou": d.edrpou.as_str(), "short_name": d.short_name,
        "full_name": d.full_name, "region": d.region.name_uk(), "received_on": a.received_on.to_string(),
        "due_on": a.due_on.to_string(), "admin_rnokpp": d.admin.rnokpp.as_str(), "admin_email": d.admin.email.as_str(),
        "reject_reason": a.reject_reason,
    })
}

impl App {
    fn view(
        &self,
        cal: &ekrov_domain::Calendar,
        today: NaiveDate,
        a: Application,
    ) -> ApplicationView {
        let open = a.status == Status::Received;
        ApplicationView {
            overdue: open && today > a.due_on,
            working_days_left: open.then(|| cal.working_days_between(today, a.due_on)),
            application: a,
        }
    }

    /// `ekrov operator add`: make a person a national operator (idempotent).
    pub async fn add_operator(&self, n: NewOperator) -> AppResult<(accounts::Account, bool)> {
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let account = match accounts::by_rnokpp(&mut tx, n.rnokpp.as_str()).await? {
            Some(a) => a,
            None => {
                accounts::insert(
                    &mut tx,
                    &accounts::NewAccount {
                        rnokpp: n.rnokpp.as_str(),
                        surname: &n.surname,
                        given_name: &n.given_name,
                        patronymic: n.patronymic.as_deref(),
                        email: n.email.as_ref().map(Email::as_str),
                    },
                    now,
                )
                .await?
            }
        };
        let added = accounts::add_operator(&mut tx, account.id, now).await?;
        if added {
            audit::append(
                &mut tx,
                &system_actor("cli operator add"),
                Entry {
                    facility_id: None,
                    action: "operator.add",
                    entity: "account",
                    entity_id: account.id.to_string(),
                    before: None,
                    after: Some(json!({"rnokpp": account.rnokpp, "name": account.full_name()})),
                },
                now,
            )
            .await?;
        }
        tx.commit().await?;
        Ok((account, added))
    }

    pub async fn record_application(
        &self,
        p: &Operator<'_>,
        data: FacilityData,
        received_on: NaiveDate,
    ) -> AppResult<ApplicationView> {
        let today = self.today();
        if received_on > today {
            return Err(AppError::invalid(
                "received_on",
                "date_in_future",
                "Дата отримання заяви не може бути пізнішою за сьогодні",
            ));
        }
        let cal = self.calendar().await?;
        let due_on = cal.add_working_days(received_on, self.settings.registration_working_days);
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let a = applications::insert(
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
        let rows = applications::list(
            &self.db,
            &applications::Filter {
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
        let a = applications::get(&self.db, id)
            .await?
            .ok_or(AppError::NotFound("заяву"))?;
        let cal = self.calendar().await?;
        Ok(self.view(&cal, self.today(), a))
    }

    async fn open_application(&self, tx: &mut Tx, id: Uuid) -> AppResult<Application> {
        let a = applications::get_for_update(tx, id)
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
        applications::decide(
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
        applications::decide(
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

    pub async fn undelivered_mail(&self, _op: &Operator<'_>) -> AppResult<Vec<outbox::Queued>> {
        Ok(outbox::undelivered(&self.db, 500).await?)
    }

    pub async fn list_days_off(&self) -> AppResult<Vec<days_off::DayOff>> {
        Ok(days_off::all(&self.db).await?)
    }

    /// Declare an extra non-working day (applies to deadlines computed from now on).
    pub async fn add_day_off(
        &self,
        p: &Operator<'_>,
        day: NaiveDate,
        reason: &str,
    ) -> AppResult<bool> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(AppError::invalid(
                "reason",
                "required",
                "Вкажіть підставу (наприклад, постанову КМУ)",
            ));
        }
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let added = days_off::add(&mut tx, day, reason, &p.account.id.to_string(), now).await?;
        if added {
            audit::append(
                &mut tx,
                &p.audit_actor(),
                Entry {
                    facility_id: None,
                    action: "calendar.day_off_add",
                    entity: "day_off",
                    entity_id: day.to_string(),
                    before: None,
                    after: Some(json!({"day": day.to_string(), "reason": reason})),
                },
                now,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(added)
    }

    /// The national audit log (operator only).
    pub async fn national_audit(
        &self,
        _op: &Operator<'_>,
        before_seq: Option<i64>,
        limit: i64,
    ) -> AppResult<Vec<audit::Record>> {
        Ok(audit::list(&self.db, None, before_seq, limit).await?)
    }
}

/// A link as anyone holding its token may see it.
#[derive(Debug, Clone)]
pub struct LinkInfo {
    pub link: links::Link,
    pub state: links::State,
    pub facility_id: Uuid,
    pub facility_short_name: String,
}

impl App {
    /// No principal: holding the 256-bit token is what entitles one to look.
    pub async fn link_info(&self, token: &str) -> AppResult<LinkInfo> {
        let link = links::by_token(&self.db, token)
            .await?
            .ok_or(AppError::NotFound("посилання"))?;
        let f = facilities::get(&self.db, link.facility_id)
            .await?
            .ok_or(AppError::NotFound("посилання"))?;
        Ok(LinkInfo {
            state: link.state(self.now()),
            facility_id: f.id,
            facility_short_name: f.data.short_name,
            link,
        })
    }
}
