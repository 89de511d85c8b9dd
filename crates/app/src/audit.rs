//! The audit log as its readers see it: a facility's own, and the national one for the operator.

use ekrov_store::audit;

use crate::{
    App, AppResult, Operator,
    facility::{FacilityActor, grant::ViewAudit},
};

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
