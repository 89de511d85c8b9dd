//! Reading the stock: the list (first expiry first), a unit's trace, the journals over the log,
//! the haemovigilance reports, and the on-hand table checked against the log.

use chrono::{Duration, NaiveDate, NaiveTime};
use ekrov_domain::stock::{
    ComponentClass, EventKind, Patient, UnitStatus,
    events::{LogEntry, recompute},
    fefo::{ExpiryWarnings, is_expired},
    records::{ReportRecord, StockEvent, UnitState},
};
use ekrov_store::stock::{
    requests,
    units::{self, StockFilter},
};
use uuid::Uuid;

use crate::{
    App, AppError, AppResult, Operator,
    clock::kyiv_to_utc,
    facility::{FacilityActor, grant::ViewStock},
};

/// A unit on the stock list with its warnings.
#[derive(Debug, Clone)]
pub struct Listed {
    pub state: UnitState,
    /// The expiry has been reached: never offered, waits to be discarded.
    pub expired: bool,
    /// Within its class's warning time.
    pub expiring_soon: bool,
}

/// The stock list's filters.
#[derive(Debug, Clone, Default)]
pub struct StockQuery {
    pub equipment_id: Option<Uuid>,
    pub component: Option<ComponentClass>,
    pub abo: Option<&'static str>,
    pub rhd: Option<&'static str>,
    pub expiring_within_hours: Option<i64>,
}

/// One event of a trace; the patient only for those who may see patient data.
#[derive(Debug, Clone)]
pub struct TraceEntry {
    pub event: StockEvent,
    pub patient: Option<Patient>,
}

#[derive(Debug, Clone)]
pub struct Trace {
    pub unit: UnitState,
    pub events: Vec<TraceEntry>,
}

/// The journals a hospital blood bank keeps, as reports over the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Journal {
    Receipts,
    Issues,
    Discards,
    Reactions,
}

impl Journal {
    pub fn parse(s: &str) -> Option<Journal> {
        Some(match s {
            "receipts" => Journal::Receipts,
            "issues" => Journal::Issues,
            "discards" => Journal::Discards,
            "reactions" => Journal::Reactions,
            _ => return None,
        })
    }
}

/// Most units one stock list answers with.
pub const STOCK_LIST_MAX: i64 = 5_000;

impl App {
    /// Units on hand (available, quarantined, expired), first expiry first.
    pub async fn stock(
        &self,
        a: &FacilityActor<'_, ViewStock>,
        q: &StockQuery,
    ) -> AppResult<Vec<Listed>> {
        let now = self.local_now();
        let expiring_by = match q.expiring_within_hours {
            None => None,
            Some(h) if (0..=24 * 366 * 3).contains(&h) => Some(now + Duration::hours(h)),
            Some(_) => {
                return Err(AppError::invalid(
                    "expiring_within_hours",
                    "out_of_range",
                    "Кількість годин — від 0 до 26352",
                ));
            }
        };
        let f = StockFilter {
            equipment_id: q.equipment_id,
            component: q.component,
            abo: q.abo,
            rhd: q.rhd,
            expiring_by,
            statuses: vec![
                UnitStatus::Available,
                UnitStatus::Quarantined,
                UnitStatus::Expired,
            ],
        };
        let warn = ExpiryWarnings::default();
        Ok(
            units::on_hand(&self.db, a.facility_id(), &f, STOCK_LIST_MAX)
                .await?
                .into_iter()
                .map(|s| Listed {
                    expired: s.status == Some(UnitStatus::Expired)
                        || is_expired(s.unit.expires_at, now),
                    expiring_soon: warn.expiring_soon(s.unit.component, s.unit.expires_at, now),
                    state: s,
                })
                .collect(),
        )
    }

    /// Every event of a unit, oldest first; the patient for holders of `patients.view`.
    pub async fn trace(&self, a: &FacilityActor<'_, ViewStock>, unit_id: Uuid) -> AppResult<Trace> {
        let unit = units::get(&self.db, a.facility_id(), unit_id)
            .await?
            .ok_or(AppError::NotFound("одиницю"))?;
        let see = a.sees_patients();
        let mut events = Vec::new();
        for event in units::events(&self.db, a.facility_id(), unit_id).await? {
            let patient = match (see, event.request_id) {
                (true, Some(r)) => requests::get(&self.db, a.facility_id(), r)
                    .await?
                    .map(|r| r.request.patient),
                _ => None,
            };
            events.push(TraceEntry { event, patient });
        }
        Ok(Trace { unit, events })
    }

    /// The facility's units with this DIN (a donation may give several components).
    pub async fn units_by_din(
        &self,
        a: &FacilityActor<'_, ViewStock>,
        din: &str,
    ) -> AppResult<Vec<UnitState>> {
        Ok(units::by_din(&self.db, a.facility_id(), din.trim()).await?)
    }

    /// A journal for Kyiv days `from..=to`: the header, then a row per event.
    pub async fn journal(
        &self,
        a: &FacilityActor<'_, ViewStock>,
        j: Journal,
        from: NaiveDate,
        to: NaiveDate,
    ) -> AppResult<Vec<Vec<String>>> {
        if to < from || (to - from).num_days() > 366 {
            return Err(AppError::invalid(
                "to",
                "out_of_range",
                "Період — до 366 днів, «до» не раніше «від»",
            ));
        }
        let start = kyiv_to_utc(from.and_time(NaiveTime::MIN));
        let end = kyiv_to_utc((to + Duration::days(1)).and_time(NaiveTime::MIN));
        let see = a.sees_patients();
        let s = |v: &Option<String>| v.clone().unwrap_or_default();
        let at = |e: &StockEvent| ekrov_store::ts(e.at);
        let mut out: Vec<Vec<String>> = Vec::new();
        let head = |cols: &[&str]| cols.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        let kind = match j {
            Journal::Receipts => EventKind::Received,
            Journal::Issues => EventKind::Issued,
            Journal::Discards => EventKind::Discarded,
            Journal::Reactions => {
                out.push(head(&[
                    "created_at",
                    "din",
                    "product_code",
                    "component",
                    "supplier",
                    "reaction_type",
                    "severity",
                    "description",
                ]));
                for r in requests::facility_reports(&self.db, a.facility_id(), start, end).await? {
                    out.push(vec![
                        ekrov_store::ts(r.created_at),
                        r.donation,
                        r.product_code,
                        r.component.code().into(),
                        r.supplier,
                        r.reaction_type,
                        r.severity,
                        r.description,
                    ]);
                }
                return Ok(out);
            }
        };
        let rows = units::journal(&self.db, a.facility_id(), kind, start, end).await?;
        match j {
            Journal::Receipts => {
                out.push(head(&[
                    "at",
                    "din",
                    "product_code",
                    "component",
                    "abo_rhd",
                    "expires_at",
                    "supplier",
                    "consignment",
                    "equipment_id",
                    "by",
                ]));
                for r in rows {
                    out.push(vec![
                        at(&r.event),
                        r.unit.din,
                        r.unit.product_code,
                        r.unit.component.code().into(),
                        r.unit.group.code().into(),
                        ekrov_store::stock::local(r.unit.expires_at),
                        r.supplier,
                        r.consignment_number,
                        r.event
                            .equipment_id
                            .map(|e| e.to_string())
                            .unwrap_or_default(),
                        r.event.actor_name,
                    ]);
                }
            }
            Journal::Issues => {
                let mut h = head(&[
                    "at",
                    "din",
                    "product_code",
                    "component",
                    "abo_rhd",
                    "request_id",
                    "taken_by",
                    "by",
                    "exception_reason",
                ]);
                if see {
                    h.extend(head(&["patient_record_number", "patient_name"]));
                }
                out.push(h);
                for r in rows {
                    let mut row = vec![
                        at(&r.event),
                        r.unit.din,
                        r.unit.product_code,
                        r.unit.component.code().into(),
                        r.unit.group.code().into(),
                        r.event
                            .request_id
                            .map(|x| x.to_string())
                            .unwrap_or_default(),
                        s(&r.event.taken_by),
                        r.event.actor_name.clone(),
                        s(&r.event.exception_reason),
                    ];
                    if see {
                        let p = match r.event.request_id {
                            Some(id) => requests::get(&self.db, a.facility_id(), id)
                                .await?
                                .map(|x| x.request.patient),
                            None => None,
                        };
                        row.push(
                            p.as_ref()
                                .map(|p| p.record_number.clone())
                                .unwrap_or_default(),
                        );
                        row.push(p.as_ref().map(Patient::full_name).unwrap_or_default());
                    }
                    out.push(row);
                }
            }
            _ => {
                out.push(head(&[
                    "at",
                    "din",
                    "product_code",
                    "component",
                    "abo_rhd",
                    "reason",
                    "note",
                    "by",
                ]));
                for r in rows {
                    out.push(vec![
                        at(&r.event),
                        r.unit.din,
                        r.unit.product_code,
                        r.unit.component.code().into(),
                        r.unit.group.code().into(),
                        s(&r.event.reason_code),
                        s(&r.event.reason_text),
                        r.event.actor_name,
                    ]);
                }
            }
        }
        Ok(out)
    }

    /// The national operator's haemovigilance view, newest first: no patient anywhere in it.
    pub async fn haemovigilance(
        &self,
        _op: &Operator<'_>,
        limit: i64,
    ) -> AppResult<Vec<ReportRecord>> {
        Ok(requests::reports(&self.db, limit).await?)
    }

    /// The on-hand table recomputed from the log (by the domain's state machine) and as stored,
    /// both as (unit, status, storage unit) sorted by unit: equal when the table is right.
    #[allow(clippy::type_complexity)]
    pub async fn stock_recomputed(
        &self,
        a: &FacilityActor<'_, ViewStock>,
    ) -> AppResult<(
        Vec<(Uuid, UnitStatus, Option<Uuid>)>,
        Vec<(Uuid, UnitStatus, Option<Uuid>)>,
    )> {
        let log = units::log(&self.db, a.facility_id()).await?;
        let held = recompute(log.into_iter().map(|e| LogEntry {
            unit: e.unit_id,
            kind: e.kind,
            equipment: e.equipment_id,
        }))
        .map_err(|(u, e)| AppError::Internal(format!("log of unit {u}: {e}")))?;
        let recomputed = held
            .into_iter()
            .map(|(u, h)| (u, h.status, h.equipment))
            .collect();
        let mut stored = units::on_hand_table(&self.db, a.facility_id()).await?;
        stored.sort();
        Ok((recomputed, stored))
    }
}
