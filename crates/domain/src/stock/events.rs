//! The stock event log's vocabulary: what can happen to a unit, the status it leaves the unit in
//! (a pure state machine), and the lists a record names — discard and return reasons, transfusion
//! outcomes, reaction types and severities (BLOODBANK.md, after Jembi BSIS) — and the return rule.

use std::collections::BTreeMap;

use chrono::{NaiveDateTime, TimeDelta};

use super::coded_enum;

coded_enum! {
    /// Where a unit stands. `Transfused` and `Discarded` are final.
    pub enum UnitStatus ("стан одиниці") {
        Available = ("available", "Доступна", "Available"),
        Quarantined = ("quarantined", "На карантині", "Quarantined"),
        Issued = ("issued", "Видана", "Issued"),
        Expired = ("expired", "Прострочена", "Expired"),
        Transfused = ("transfused", "Перелита", "Transfused"),
        Discarded = ("discarded", "Знищена", "Discarded"),
    }
}

impl UnitStatus {
    /// Physically in one of the blood bank's storage units (counted on hand).
    pub fn on_hand(self) -> bool {
        matches!(
            self,
            UnitStatus::Available | UnitStatus::Quarantined | UnitStatus::Expired
        )
    }
    /// May be proposed for a request.
    pub fn offerable(self) -> bool {
        self == UnitStatus::Available
    }
    /// Nothing can happen to the unit any more.
    pub fn is_final(self) -> bool {
        matches!(self, UnitStatus::Transfused | UnitStatus::Discarded)
    }
}

coded_enum! {
    /// An entry of the append-only stock log.
    pub enum EventKind ("подія запасу") {
        Received = ("received", "Прийнято", "Received"),
        Moved = ("moved", "Переміщено", "Moved"),
        Quarantined = ("quarantined", "Поміщено на карантин", "Quarantined"),
        Released = ("released", "Знято з карантину", "Released from quarantine"),
        Issued = ("issued", "Видано", "Issued"),
        Returned = ("returned", "Повернуто", "Returned"),
        Transfused = ("transfused", "Перелито", "Transfused"),
        Discarded = ("discarded", "Знищено", "Discarded"),
        Expired = ("expired", "Строк придатності минув", "Expired"),
    }
}

/// An event that the unit's status does not allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("Одиниця вже є в запасі")]
    AlreadyReceived,
    #[error("Одиниці немає в запасі: спершу її треба прийняти")]
    NotReceived,
    #[error("Одиниця в стані «{}»: дія «{}» неможлива", .from.title_uk(), .event.title_uk())]
    NotAllowed { from: UnitStatus, event: EventKind },
}

impl TransitionError {
    pub fn code(&self) -> &'static str {
        match self {
            // API.md: 409 `duplicate_unit`, 409 `unit_status`.
            TransitionError::AlreadyReceived => "duplicate_unit",
            TransitionError::NotReceived | TransitionError::NotAllowed { .. } => "unit_status",
        }
    }
}

/// The status after `event`, given the status before (`None`: the unit was never received).
///
/// * received: only a new unit, which becomes available;
/// * moved: an available or quarantined unit stays as it is (an expired one only waits to be
///   discarded);
/// * quarantined ↔ released: between available and quarantined;
/// * issued: an available unit; then returned (back to available — the caller applies the
///   return rule first), transfused, or discarded (returned too late, bag damaged on the ward);
/// * expired: an available or quarantined unit; then only discarded;
/// * transfused and discarded are final.
pub fn transition(
    from: Option<UnitStatus>,
    event: EventKind,
) -> Result<UnitStatus, TransitionError> {
    use EventKind as E;
    use UnitStatus as S;
    let Some(from) = from else {
        return match event {
            E::Received => Ok(S::Available),
            _ => Err(TransitionError::NotReceived),
        };
    };
    let to = match (from, event) {
        (_, E::Received) => return Err(TransitionError::AlreadyReceived),
        (S::Available | S::Quarantined, E::Moved) => from,
        (S::Available, E::Quarantined) => S::Quarantined,
        (S::Quarantined, E::Released) => S::Available,
        (S::Available, E::Issued) => S::Issued,
        (S::Issued, E::Returned) => S::Available,
        (S::Issued, E::Transfused) => S::Transfused,
        (S::Available | S::Quarantined | S::Expired | S::Issued, E::Discarded) => S::Discarded,
        (S::Available | S::Quarantined, E::Expired) => S::Expired,
        _ => return Err(TransitionError::NotAllowed { from, event }),
    };
    Ok(to)
}

/// The status after a whole history, checking every step: how the store recomputes a unit from
/// its log.
pub fn replay(
    events: impl IntoIterator<Item = EventKind>,
) -> Result<Option<UnitStatus>, TransitionError> {
    events
        .into_iter()
        .try_fold(None, |s, e| transition(s, e).map(Some))
}

/// One entry of the log as the recomputation needs it: whose, what, and where the unit is put
/// (received, moved, returned).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntry<U, E> {
    pub unit: U,
    pub kind: EventKind,
    pub equipment: Option<E>,
}

/// A unit the blood bank still counts: its status and the storage unit it is in (`None` while
/// issued).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holding<E> {
    pub status: UnitStatus,
    pub equipment: Option<E>,
}

/// Recompute what is on hand from the log, oldest first, checking every step; the store compares
/// the result with its on-hand table. Transfused and discarded units drop out. An invalid step
/// names the unit.
pub fn recompute<U: Ord + Clone, E: Clone>(
    log: impl IntoIterator<Item = LogEntry<U, E>>,
) -> Result<BTreeMap<U, Holding<E>>, (U, TransitionError)> {
    let mut held: BTreeMap<U, Holding<E>> = BTreeMap::new();
    let mut gone: BTreeMap<U, UnitStatus> = BTreeMap::new();
    for e in log {
        let before = held
            .get(&e.unit)
            .map(|h| h.status)
            .or_else(|| gone.get(&e.unit).copied());
        let status = transition(before, e.kind).map_err(|x| (e.unit.clone(), x))?;
        if status.is_final() {
            held.remove(&e.unit);
            gone.insert(e.unit, status);
            continue;
        }
        let equipment = match e.kind {
            EventKind::Issued => None,
            EventKind::Received | EventKind::Moved | EventKind::Returned => e.equipment,
            _ => held.get(&e.unit).and_then(|h| h.equipment.clone()),
        };
        held.insert(e.unit, Holding { status, equipment });
    }
    Ok(held)
}

coded_enum! {
    /// Why a unit is discarded (BSIS's list, extended; BLOODBANK.md).
    pub enum DiscardReason ("причина знищення") {
        Expired = ("expired", "Минув строк придатності", "Expired"),
        StorageProblem = ("storage", "Порушення умов зберігання", "Storage problem"),
        TemperatureExcursion = ("temperature", "Відхилення температури", "Temperature excursion"),
        TransportProblem = ("transport", "Порушення умов транспортування", "Transport problem"),
        DamagedBag = ("damaged", "Пошкоджений контейнер", "Damaged bag"),
        HaemolysisOrClots = ("visual", "Видимі зміни: гемоліз, згустки, колір", "Visual defect: haemolysis, clots, colour"),
        ReturnedTooLate = ("returned_late", "Повернуто пізніше допустимого часу", "Returned too late"),
        PositiveTest = ("test_reactive", "Позитивний або реактивний результат дослідження", "Positive or reactive test"),
        RecalledBySupplier = ("recalled", "Відкликано постачальником", "Recalled by the supplier"),
        Other = ("other", "Інша причина", "Other reason"),
    }
}

coded_enum! {
    /// Why an issued unit comes back.
    pub enum ReturnReason ("причина повернення") {
        NotNeeded = ("not_needed", "Не знадобилася", "Not needed"),
        WrongComponent = ("wrong_component", "Видано не той компонент", "Wrong component sent"),
        DidNotCrossmatch = ("did_not_crossmatch", "Несумісність за перехресною пробою", "Did not crossmatch"),
    }
}

coded_enum! {
    /// What happened to an issued unit on the ward.
    pub enum TransfusionOutcome ("результат трансфузії") {
        Uneventful = ("uneventful", "Перелито без ускладнень", "Transfused uneventfully"),
        Reaction = ("reaction", "Виникла реакція", "Reaction occurred"),
        NotTransfused = ("not_transfused", "Не перелито", "Not transfused"),
        Unknown = ("unknown", "Невідомо", "Unknown"),
    }
}

impl TransfusionOutcome {
    /// The event the outcome records; `None` when the unit is then returned or discarded by its own
    /// event (not transfused) or nothing can be said yet (unknown).
    pub fn event(self) -> Option<EventKind> {
        match self {
            TransfusionOutcome::Uneventful | TransfusionOutcome::Reaction => {
                Some(EventKind::Transfused)
            }
            TransfusionOutcome::NotTransfused | TransfusionOutcome::Unknown => None,
        }
    }
    /// A reaction needs its type, severity and description, and makes a haemovigilance report.
    pub fn needs_reaction(self) -> bool {
        self == TransfusionOutcome::Reaction
    }
}

coded_enum! {
    /// Types of transfusion reaction: API.md's codes first, then the rest of BSIS's seeded list.
    pub enum ReactionType ("тип реакції") {
        Febrile = ("febrile", "Фебрильна негемолітична реакція", "Febrile non-haemolytic reaction"),
        Allergic = ("allergic", "Алергічна реакція", "Allergic reaction"),
        Anaphylaxis = ("anaphylaxis", "Анафілаксія", "Anaphylaxis"),
        AboIncompatibility = ("abo_incompatibility", "Несумісність за ABO", "ABO incompatibility"),
        /// Other than ABO: allo-antibodies, non-immune haemolysis (BSIS lists them apart).
        Haemolytic = ("haemolytic", "Гемолітична реакція (не ABO)", "Haemolytic reaction (not ABO)"),
        Taco = ("taco", "Циркуляторне перевантаження (TACO)", "Transfusion-associated circulatory overload (TACO)"),
        Trali = ("trali", "Гостре трансфузійне ураження легень (TRALI)", "Transfusion-related acute lung injury (TRALI)"),
        BacterialInfection = ("bacterial", "Трансфузійна бактеріальна інфекція", "Transfusion-transmitted bacterial infection"),
        Other = ("other", "Інша реакція", "Other"),
        Hbv = ("tt_hbv", "Трансфузійна передача ВГВ", "Transfusion-transmitted HBV"),
        Hcv = ("tt_hcv", "Трансфузійна передача ВГС", "Transfusion-transmitted HCV"),
        Hiv = ("tt_hiv", "Трансфузійна передача ВІЛ", "Transfusion-transmitted HIV"),
        OtherInfection = ("tt_other", "Інша трансфузійна інфекція", "Other transfusion-transmitted infection"),
        Purpura = ("post_transfusion_purpura", "Посттрансфузійна пурпура", "Post-transfusion purpura"),
        TaGvhd = ("ta_gvhd", "Трансфузійна реакція «трансплантат проти хазяїна»", "Transfusion-associated graft-versus-host disease"),
    }
}

coded_enum! {
    /// Severity of a reaction, in the grades haemovigilance systems use.
    pub enum Severity ("тяжкість реакції") {
        NonSevere = ("non_severe", "Нетяжка", "Non-severe"),
        Severe = ("severe", "Тяжка", "Severe"),
        LifeThreatening = ("life_threatening", "Загрозлива для життя", "Life-threatening"),
        Death = ("death", "Смерть", "Death"),
    }
}

impl Severity {
    /// «Серйозна» in the sense of Law 931-IX art. 16 (serious adverse reactions are reported).
    pub fn is_serious(self) -> bool {
        self != Severity::NonSevere
    }
}

/// The default time an issued unit may spend out of controlled storage and still come back.
pub const DEFAULT_RETURN_LIMIT: TimeDelta = TimeDelta::minutes(30);

/// The return rule's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReturnVerdict {
    /// Back into stock.
    InTime,
    /// Out of storage too long: to be discarded as [`DiscardReason::ReturnedTooLate`].
    TooLate { out_for: TimeDelta },
}

impl ReturnVerdict {
    /// API.md's 422 code for a return refused.
    pub const TOO_LATE_CODE: &'static str = "returned_too_late";

    /// The event that records the return, and the discard reason when it is too late.
    pub fn event(self) -> (EventKind, Option<DiscardReason>) {
        match self {
            ReturnVerdict::InTime => (EventKind::Returned, None),
            ReturnVerdict::TooLate { .. } => {
                (EventKind::Discarded, Some(DiscardReason::ReturnedTooLate))
            }
        }
    }
}

/// A return recorded before the issue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("Час повернення раніший за час видачі")]
pub struct ReturnBeforeIssue;

/// A unit issued at `issued_at` may go back into stock at `returned_at` if it was out of
/// controlled storage for no longer than `limit` (the limit itself included). Both instants in
/// the same time scale (UTC).
pub fn return_verdict(
    issued_at: NaiveDateTime,
    returned_at: NaiveDateTime,
    limit: TimeDelta,
) -> Result<ReturnVerdict, ReturnBeforeIssue> {
    let out_for = returned_at - issued_at;
    if out_for < TimeDelta::zero() {
        return Err(ReturnBeforeIssue);
    }
    Ok(if out_for <= limit {
        ReturnVerdict::InTime
    } else {
        ReturnVerdict::TooLate { out_for }
    })
}
