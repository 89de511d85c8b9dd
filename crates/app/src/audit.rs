//! The audit log as its readers see it: a facility's own, and the national one for the operator.

use chrono::{DateTime, Utc};
use ekrov_store::{
    Tx,
    audit::{self, Entry},
};
use serde_json::Value;
use uuid::Uuid;

use crate::{
    App, AppResult, Operator,
    facility::{FacilityActor, Grant, grant::ViewAudit},
};

/// Audit a change of the actor's facility inside the change's transaction.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn record<G: Grant>(
    tx: &mut Tx,
    a: &FacilityActor<'_, G>,
    action: &'static str,
    entity: &'static str,
    id: Uuid,
    before: Option<Value>,
    after: Option<Value>,
    now: DateTime<Utc>,
) -> AppResult<()> {
    audit::append(
        tx,
        &a.audit_actor(),
        Entry {
            facility_id: Some(a.facility_id()),
            action,
            entity,
            entity_id: id.to_string(),
            before,
            after,
        },
        now,
    )
    .await?;
    Ok(())
}

impl App {
    pub async fn facility_audit(
        &self,
        a: &FacilityActor<'_, ViewAudit>,
        before_seq: Option<i64>,
        limit: i64,
    ) -> AppResult<Vec<audit::Record>> {
        Ok(audit::list(&self.db, Some(a.facility_id()), before_seq, limit).await?)
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
