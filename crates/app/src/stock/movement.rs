//! What happens to a unit after receipt: issue against a request, return within the time out of
//! storage, discard with a reason, and the transfusion outcome with its haemovigilance report.

use ekrov_domain::{
    EquipmentKind, EquipmentStatus,
    stock::{
        EventKind, UnitStatus,
        events::{DiscardReason, ReturnVerdict, TransfusionOutcome, return_verdict, transition},
        haemovigilance::{HaemovigilanceReport, Reaction, ReactionInput},
        records::{NewEvent, ReportRecord, StockEvent, UnitState},
        request::{EmergencyException, check_issue},
        text::{TextRule, clean_text},
    },
};
use ekrov_store::{
    Tx,
    resources::equipment,
    stock::{requests, units},
};
use serde_json::json;
use uuid::Uuid;

use super::{next_status, status_error, unit_of, write_event};
use crate::{
    App, AppError, AppResult,
    audit::record,
    facility::{
        FacilityActor, Grant,
        grant::{DiscardStock, IssueStock, RecordTransfusion},
    },
};

#[derive(Debug, Clone, Default)]
pub struct IssueInput {
    pub request_id: Option<Uuid>,
    /// Who took the unit to the ward, as written.
    pub received_by: String,
    /// An emergency exception: why (the caller is who decided).
    pub exception_reason: Option<String>,
}

/// A recorded transfusion outcome.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub unit: UnitState,
    pub outcome: TransfusionOutcome,
    pub report_id: Option<Uuid>,
}

/// The unit's last issue (the return rule counts from it; the outcome names its request).
async fn last_issue<G: Grant>(
    tx: &mut Tx,
    a: &FacilityActor<'_, G>,
    unit_id: Uuid,
) -> AppResult<StockEvent> {
    units::events(tx, a.facility_id(), unit_id)
        .await?
        .into_iter()
        .rev()
        .find(|e| e.kind == EventKind::Issued)
        .ok_or_else(|| AppError::conflict("unit_status", "Одиницю не видавали"))
}

fn not_issued() -> AppError {
    AppError::conflict("unit_status", "Одиниця не видана: дія неможлива")
}

impl App {
    pub async fn issue_unit(
        &self,
        a: &FacilityActor<'_, IssueStock>,
        unit_id: Uuid,
        i: IssueInput,
    ) -> AppResult<UnitState> {
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let u = unit_of(&mut tx, a, unit_id).await?;
        let to = next_status(&u, EventKind::Issued, self.local_now())?;
        let request_id = i
            .request_id
            .ok_or_else(|| AppError::invalid("request_id", "required", "Оберіть заявку"))?;
        let request = self
            .request_of(&mut tx, a, request_id)
            .await?
            .ok_or_else(|| AppError::invalid("request_id", "not_found", "Заявку не знайдено"))?;
        let taken_by = clean_text(&i.received_by, TextRule::line(200))
            .map_err(|e| AppError::invalid("received_by", e.code(), e.message_uk()))?;
        let exception = match i.exception_reason.as_deref().map(str::trim) {
            Some(r) if !r.is_empty() => Some(
                EmergencyException::new(a.principal().account.id, r)
                    .map_err(|e| AppError::invalid(e.field, e.code, e.message))?,
            ),
            _ => None,
        };
        check_issue(
            &request.request,
            u.unit.component,
            u.unit.group,
            exception.as_ref(),
        )
        .map_err(|r| {
            let field = match r.code() {
                "exception_required" => "exception_reason",
                _ => "request_id",
            };
            AppError::invalid(field, r.code(), r.to_string())
        })?;
        let e = NewEvent {
            request_id: Some(request.id),
            taken_by: Some(taken_by),
            exception_reason: exception.as_ref().map(|x| x.reason.clone()),
            exception_decided_by: exception.as_ref().map(|x| x.decided_by),
            ..NewEvent::default()
        };
        let after = write_event(&mut tx, a, &u, EventKind::Issued, to, e, None, now).await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Back into a storage unit if out of controlled storage no longer than the setting (30
    /// minutes by default); later: 422 `returned_too_late`, and the unit is to be discarded.
    pub async fn return_unit(
        &self,
        a: &FacilityActor<'_, IssueStock>,
        unit_id: Uuid,
        equipment_id: Option<Uuid>,
    ) -> AppResult<UnitState> {
        let now = self.now();
        let mut tx = self.db.begin().await?;
        let u = unit_of(&mut tx, a, unit_id).await?;
        if u.status != Some(UnitStatus::Issued) {
            return Err(not_issued());
        }
        let to = transition(u.status, EventKind::Returned).map_err(status_error)?;
        let issued = last_issue(&mut tx, a, unit_id).await?;
        let equipment_id = equipment_id
            .ok_or_else(|| AppError::invalid("equipment_id", "required", "Оберіть обладнання"))?;
        let eq = equipment::get(&mut tx, a.facility_id(), equipment_id)
            .await?
            .ok_or_else(|| {
                AppError::invalid(
                    "equipment_id",
                    "not_found",
                    "Обладнання не знайдено в закладі",
                )
            })?;
        if eq.data.status != EquipmentStatus::InService {
            return Err(AppError::invalid(
                "equipment_id",
                "equipment_not_in_service",
                "Обладнання не в експлуатації: повертати в нього не можна",
            ));
        }
        if !EquipmentKind::parse(&eq.data.kind)
            .is_some_and(|k| u.unit.component.may_be_stored_in(&k))
        {
            return Err(AppError::invalid(
                "equipment_id",
                "storage_mismatch",
                format!(
                    "{} не зберігають у такому обладнанні",
                    u.unit.component.title_uk()
                ),
            ));
        }
        match return_verdict(
            issued.at.naive_utc(),
            now.naive_utc(),
            self.settings.return_limit,
        ) {
            Ok(ReturnVerdict::InTime) => {}
            Ok(ReturnVerdict::TooLate { out_for }) => {
                return Err(AppError::invalid(
                    "unit_id",
                    ReturnVerdict::TOO_LATE_CODE,
                    format!(
                        "Одиниця була поза контрольованим зберіганням {} хв (допустимо {}): повернути не можна, її треба знищити",
                        out_for.num_minutes(),
                        self.settings.return_limit.num_minutes()
                    ),
                ));
            }
            Err(e) => return Err(AppError::conflict("unit_status", e.to_string())),
        }
        let e = NewEvent {
            equipment_id: Some(eq.id),
            request_id: issued.request_id,
            ..NewEvent::default()
        };
        let after =
            write_event(&mut tx, a, &u, EventKind::Returned, to, e, Some(eq.id), now).await?;
        tx.commit().await?;
        Ok(after)
    }

    pub async fn discard_unit(
        &self,
        a: &FacilityActor<'_, DiscardStock>,
        unit_id: Uuid,
        reason: &str,
        note: Option<&str>,
    ) -> AppResult<UnitState> {
        let now = self.now();
        let reason = DiscardReason::parse(reason.trim()).map_err(|_| {
            AppError::invalid("reason", "invalid", "Оберіть причину знищення зі списку")
        })?;
        let note = clean_text(note.unwrap_or(""), TextRule::paragraphs(1000).optional())
            .map_err(|e| AppError::invalid("note", e.code(), e.message_uk()))?;
        let mut tx = self.db.begin().await?;
        let u = unit_of(&mut tx, a, unit_id).await?;
        let to = next_status(&u, EventKind::Discarded, self.local_now())?;
        let e = NewEvent {
            reason_code: Some(reason.code().to_owned()),
            reason_text: (!note.is_empty()).then_some(note),
            ..NewEvent::default()
        };
        let after = write_event(&mut tx, a, &u, EventKind::Discarded, to, e, None, now).await?;
        tx.commit().await?;
        Ok(after)
    }

    /// The ward's outcome for an issued unit; a reaction makes a haemovigilance report without
    /// the patient.
    pub async fn record_transfusion(
        &self,
        a: &FacilityActor<'_, RecordTransfusion>,
        unit_id: Uuid,
        outcome: &str,
        reaction: Option<ReactionInput>,
    ) -> AppResult<Outcome> {
        let now = self.now();
        let outcome = TransfusionOutcome::parse(outcome.trim()).map_err(|_| {
            AppError::invalid(
                "outcome",
                "invalid",
                "Оберіть результат трансфузії зі списку",
            )
        })?;
        let mut tx = self.db.begin().await?;
        let u = unit_of(&mut tx, a, unit_id).await?;
        if u.status != Some(UnitStatus::Issued) {
            return Err(not_issued());
        }
        let issued = last_issue(&mut tx, a, unit_id).await?;
        let request_id = issued
            .request_id
            .ok_or_else(|| AppError::Internal(format!("issue of {unit_id} without a request")))?;
        let request = self
            .request_of(&mut tx, a, request_id)
            .await?
            .ok_or_else(|| AppError::Internal(format!("request {request_id} gone")))?;
        let reaction = match (outcome.needs_reaction(), reaction) {
            (false, _) => None,
            (true, None) => {
                return Err(AppError::invalid("reaction", "required", "Опишіть реакцію"));
            }
            (true, Some(r)) => Some(
                Reaction::parse(&r, &request.request.patient.full_name()).map_err(|errs| {
                    // API.md names the reaction's fields `reaction.type` etc.
                    match super::requests::first_error(errs) {
                        AppError::Invalid {
                            field,
                            code,
                            message,
                        } => {
                            let field = match field.as_str() {
                                "reaction_type" => "reaction.type",
                                "severity" => "reaction.severity",
                                _ => "reaction.description",
                            };
                            AppError::invalid(field, code, message)
                        }
                        other => other,
                    }
                })?,
            ),
        };
        let outcome_id = match requests::insert_outcome(
            &mut tx,
            a.facility_id(),
            unit_id,
            request_id,
            outcome.code(),
            a.principal().account.id,
            now,
        )
        .await
        {
            Err(e) if e.is_unique_on(requests::OUTCOME_UNIQUE) => {
                return Err(AppError::conflict(
                    "unit_status",
                    "Результат трансфузії вже внесено",
                ));
            }
            r => r?,
        };
        let mut after = u.clone();
        if let Some(kind) = outcome.event() {
            let to = transition(u.status, kind).map_err(status_error)?;
            let e = NewEvent {
                request_id: Some(request_id),
                ..NewEvent::default()
            };
            after = write_event(&mut tx, a, &u, kind, to, e, None, now).await?;
        }
        let mut report_id = None;
        if let Some(reaction) = reaction {
            let c = units::consignment(&mut tx, a.facility_id(), u.unit.consignment_id)
                .await?
                .ok_or_else(|| AppError::Internal("consignment gone".into()))?;
            let r = HaemovigilanceReport::new(
                reaction,
                u.unit.din.clone(),
                u.unit.product_code.clone(),
                c.supplier,
                u.unit.component,
            );
            let rec = ReportRecord {
                id: ekrov_store::new_id(),
                facility_id: a.facility_id(),
                facility_name: a.facility().data.short_name.clone(),
                donation: r.donation,
                product_code: r.product,
                supplier: r.supplier,
                component: r.component_class,
                reaction_type: r.reaction_type.code().to_owned(),
                severity: r.severity.code().to_owned(),
                description: r.description,
                created_at: now,
            };
            requests::insert_report(&mut tx, &rec, outcome_id, unit_id, a.principal().account.id)
                .await?;
            report_id = Some(rec.id);
        }
        record(
            &mut tx,
            a,
            "transfusion.record",
            "unit",
            unit_id,
            None,
            Some(json!({"outcome": outcome.code(), "request_id": request_id, "report_id": report_id})),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(Outcome {
            unit: after,
            outcome,
            report_id,
        })
    }
}
