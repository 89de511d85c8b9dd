//! The ward's clinical request and the units proposed for it.

use ekrov_domain::stock::{
    ClinicalRequest, ClinicalRequestInput, Match, UnitStatus,
    fefo::{Candidate, propose},
    records::{RequestRecord, UnitState},
};
use ekrov_store::{
    administration::{departments, employees},
    stock::{
        requests,
        units::{self, StockFilter},
    },
};
use serde_json::json;
use uuid::Uuid;

use crate::{
    App, AppError, AppResult,
    audit::record,
    facility::{
        FacilityActor, Grant,
        grant::{IssueStock, RecordTransfusion, ViewRequests},
    },
};

/// A request as typed, with the ward and the doctor.
#[derive(Debug, Clone)]
pub struct RequestInput {
    pub ward_department_id: Option<Uuid>,
    pub doctor_employee_id: Option<Uuid>,
    pub request: ClinicalRequestInput,
}

/// The units offered for a request, in the order offered, and those only an emergency exception
/// may issue.
#[derive(Debug, Clone)]
pub struct ProposalView {
    pub request: RequestRecord,
    pub offered: Vec<(Match, UnitState)>,
    pub emergency_only: Vec<UnitState>,
}

/// Most units the proposal looks at (a year of a large hospital holds far fewer of one class).
const PROPOSAL_SCAN: i64 = 20_000;

/// The first field error answers (every field was checked).
pub(crate) fn first_error(errs: Vec<ekrov_domain::stock::FieldError>) -> AppError {
    match errs.into_iter().next() {
        Some(e) => AppError::invalid(e.field, e.code, e.message),
        None => AppError::Internal("a parser refused without a reason".into()),
    }
}

impl App {
    pub async fn create_request(
        &self,
        a: &FacilityActor<'_, RecordTransfusion>,
        i: RequestInput,
    ) -> AppResult<RequestRecord> {
        let now = self.now();
        let ward = i.ward_department_id.ok_or_else(|| {
            AppError::invalid("ward_department_id", "required", "Оберіть відділення")
        })?;
        let doctor = i
            .doctor_employee_id
            .ok_or_else(|| AppError::invalid("doctor_employee_id", "required", "Оберіть лікаря"))?;
        let request = ClinicalRequest::parse(&i.request, self.today()).map_err(first_error)?;
        let mut tx = self.db.begin().await?;
        departments::get(&mut tx, a.facility_id(), ward)
            .await?
            .ok_or_else(|| {
                AppError::invalid("ward_department_id", "not_found", "Відділення не знайдено")
            })?;
        employees::get(&mut tx, a.facility_id(), doctor)
            .await?
            .ok_or_else(|| {
                AppError::invalid("doctor_employee_id", "not_found", "Лікаря не знайдено")
            })?;
        let r = RequestRecord {
            id: ekrov_store::new_id(),
            facility_id: a.facility_id(),
            ward_department_id: ward,
            doctor_employee_id: doctor,
            request,
            status: "open".into(),
            created_at: now,
        };
        requests::insert(&mut tx, &r, a.principal().account.id).await?;
        // The audit chain names the request, not the patient.
        record(
            &mut tx,
            a,
            "request.create",
            "clinical_request",
            r.id,
            None,
            Some(
                json!({"ward_department_id": ward, "doctor_employee_id": doctor,
                "component": r.request.component.code(), "quantity": r.request.quantity,
                "urgency": r.request.urgency.code()}),
            ),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(r)
    }

    pub async fn list_requests(
        &self,
        a: &FacilityActor<'_, ViewRequests>,
        open_only: bool,
        after: Option<(String, Uuid)>,
        limit: i64,
    ) -> AppResult<Vec<RequestRecord>> {
        Ok(requests::list(&self.db, a.facility_id(), open_only, after, limit).await?)
    }

    pub(crate) async fn request_of<G: Grant>(
        &self,
        tx: &mut ekrov_store::Tx,
        a: &FacilityActor<'_, G>,
        id: Uuid,
    ) -> AppResult<Option<RequestRecord>> {
        Ok(requests::get(tx, a.facility_id(), id).await?)
    }

    /// Identical ABO/RhD first, then compatible, each first expiry first; RhD-incompatible units
    /// apart, for an emergency exception. Expired units never appear.
    pub async fn proposal(
        &self,
        a: &FacilityActor<'_, IssueStock>,
        request_id: Uuid,
    ) -> AppResult<ProposalView> {
        let request = requests::get(&self.db, a.facility_id(), request_id)
            .await?
            .ok_or(AppError::NotFound("заявку"))?;
        let filter = StockFilter {
            component: Some(request.request.component),
            statuses: vec![UnitStatus::Available],
            ..StockFilter::default()
        };
        let stock = units::on_hand(&self.db, a.facility_id(), &filter, PROPOSAL_SCAN).await?;
        let candidates: Vec<Candidate<usize>> = stock
            .iter()
            .enumerate()
            .filter_map(|(i, s)| {
                Some(Candidate {
                    key: i,
                    class: s.unit.component,
                    group: s.unit.group,
                    expires_at: s.unit.expires_at,
                    status: s.status?,
                })
            })
            .collect();
        // The store's order (expiry, unit id) is the tie-breaker: the index keeps it.
        let p = propose(
            &candidates,
            request.request.component,
            request.request.patient.group,
            self.local_now(),
        );
        Ok(ProposalView {
            offered: p
                .offered
                .iter()
                .map(|(m, c)| (*m, stock[c.key].clone()))
                .collect(),
            emergency_only: p
                .emergency_only
                .iter()
                .map(|c| stock[c.key].clone())
                .collect(),
            request,
        })
    }
}
