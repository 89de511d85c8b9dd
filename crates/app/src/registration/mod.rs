//! Registration (seed steps 0–1): the national operator records facilities' applications and
//! registers them within the deadline; operators; the calendar's days off.

mod applications;
mod days_off;
mod operators;

use chrono::{DateTime, NaiveDate, Utc};
use ekrov_domain::{Email, Rnokpp};
use ekrov_store::registration as store;
use ekrov_store::{
    Tx,
    access::accounts,
    access::links,
    audit::{self, Entry},
    mail as outbox,
    registration::applications::{Application, FacilityData, Status},
    registration::facilities,
    registration::facilities::Facility,
};
use serde_json::json;
use uuid::Uuid;

use crate::{
    App, AppError, AppResult, access::Operator, mail::letters, random_token, system_actor,
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

    /// Letters the outbox has not delivered yet (the operator's mail page).
    pub async fn undelivered_mail(&self, _op: &Operator<'_>) -> AppResult<Vec<outbox::Queued>> {
        Ok(outbox::undelivered(&self.db, 500).await?)
    }
}
