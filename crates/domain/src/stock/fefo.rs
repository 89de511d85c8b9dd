//! First-expiry-first-out, expiry warnings, the proposal of units for a request, and the checks a
//! unit passes on receipt.
//!
//! Orderings are total: equal expiries are broken by the unit's key (whatever the store uses — its
//! DIN and product code, an id), so the same stock always gives the same list.
//!
//! A label's expiry is a local date and time (ISBT 128 carries no zone): `now` must be the blood
//! bank's local time (Europe/Kyiv) too.

use chrono::{NaiveDateTime, TimeDelta};

use super::catalogue::{CatalogueEntry, ComponentClass};
use super::compatibility::{AboRhD, Match, match_unit};
use super::events::UnitStatus;
use crate::resources::{EquipmentKind, EquipmentStatus};

/// A unit as the proposal sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate<K> {
    pub key: K,
    pub class: ComponentClass,
    pub group: AboRhD,
    pub expires_at: NaiveDateTime,
    pub status: UnitStatus,
}

impl<K> Candidate<K> {
    /// Available and not yet expired at `now` (an expired unit is never offered, even before the
    /// expiry has been recorded as an event).
    pub fn offerable_at(&self, now: NaiveDateTime) -> bool {
        self.status.offerable() && !is_expired(self.expires_at, now)
    }
}

/// Expired at `now`: the expiry moment has been reached.
pub fn is_expired(expires_at: NaiveDateTime, now: NaiveDateTime) -> bool {
    expires_at <= now
}

/// The offerable units, first expiry first, ties by key.
pub fn fefo<K: Ord>(units: &[Candidate<K>], now: NaiveDateTime) -> Vec<&Candidate<K>> {
    let mut v: Vec<_> = units.iter().filter(|u| u.offerable_at(now)).collect();
    v.sort_by(|a, b| (a.expires_at, &a.key).cmp(&(b.expires_at, &b.key)));
    v
}

/// Units in storage whose expiry has been reached but not yet recorded: each gets an `expired`
/// event (then waits to be discarded). Issued units are the ward's, not swept.
pub fn due_to_expire<K: Ord>(units: &[Candidate<K>], now: NaiveDateTime) -> Vec<&Candidate<K>> {
    let mut v: Vec<_> = units
        .iter()
        .filter(|u| {
            matches!(u.status, UnitStatus::Available | UnitStatus::Quarantined)
                && is_expired(u.expires_at, now)
        })
        .collect();
    v.sort_by(|a, b| (a.expires_at, &a.key).cmp(&(b.expires_at, &b.key)));
    v
}

/// How long before expiry each class is marked as expiring soon (a setting).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExpiryWarnings {
    thresholds: [TimeDelta; 5],
}

impl Default for ExpiryWarnings {
    fn default() -> Self {
        let mut thresholds = [TimeDelta::zero(); 5];
        for c in ComponentClass::all() {
            thresholds[c as usize] = c.default_expiring_soon();
        }
        ExpiryWarnings { thresholds }
    }
}

impl ExpiryWarnings {
    /// Change one class's threshold; a negative one is taken as zero (no warning).
    pub fn with(mut self, class: ComponentClass, before: TimeDelta) -> Self {
        self.thresholds[class as usize] = before.max(TimeDelta::zero());
        self
    }
    pub fn threshold(&self, class: ComponentClass) -> TimeDelta {
        self.thresholds[class as usize]
    }
    /// Not expired yet, but will be within the class's threshold.
    pub fn expiring_soon(
        &self,
        class: ComponentClass,
        expires_at: NaiveDateTime,
        now: NaiveDateTime,
    ) -> bool {
        !is_expired(expires_at, now) && expires_at - now <= self.threshold(class)
    }
}

/// The units proposed for a request, in the order to offer them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal<'a, K> {
    /// Identical ABO/RhD first, then compatible; each in FEFO order.
    pub offered: Vec<(Match, &'a Candidate<K>)>,
    /// RhD-incompatible units that only a recorded emergency exception may issue, FEFO.
    pub emergency_only: Vec<&'a Candidate<K>>,
}

/// Propose units of `class` for a recipient of `recipient`'s group. Identical units come first,
/// then compatible ones, each first-expiry-first-out (among compatible units of equal expiry the
/// closer group first, sparing O RhD-negative). Expired, issued and quarantined units never appear.
pub fn propose<K: Ord>(
    units: &[Candidate<K>],
    class: ComponentClass,
    recipient: AboRhD,
    now: NaiveDateTime,
) -> Proposal<'_, K> {
    let mut offered = Vec::new();
    let mut emergency_only = Vec::new();
    for u in fefo(units, now).into_iter().filter(|u| u.class == class) {
        match match_unit(class, u.group, recipient) {
            Match::EmergencyOnly => emergency_only.push(u),
            Match::Incompatible => {}
            m => offered.push((m, u)),
        }
    }
    // Stable sort of an already-FEFO list: identical before compatible keeps FEFO inside each.
    offered.sort_by(|(ma, a), (mb, b)| {
        let tier = |m: &Match| !matches!(m, Match::Identical);
        (tier(ma), a.expires_at, *ma, &a.key).cmp(&(tier(mb), b.expires_at, *mb, &b.key))
    });
    Proposal {
        offered,
        emergency_only,
    }
}

/// Why a scanned unit is not taken into stock (the checks that need no database).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReceiptRefusal {
    #[error("Строк придатності минув до прибуття ({expires_at})")]
    ExpiredBeforeArrival { expires_at: NaiveDateTime },
    #[error("{} не зберігають у такому обладнанні: {}", .class.title_uk(), .kind_uk)]
    StorageDoesNotFit {
        class: ComponentClass,
        kind_uk: &'static str,
    },
    #[error("Обладнання не в експлуатації ({}): приймати в нього не можна", .status.title_uk())]
    EquipmentOutOfService { status: EquipmentStatus },
}

impl ReceiptRefusal {
    pub fn code(&self) -> &'static str {
        match self {
            ReceiptRefusal::ExpiredBeforeArrival { .. } => "expired",
            ReceiptRefusal::StorageDoesNotFit { .. } => "storage_mismatch",
            ReceiptRefusal::EquipmentOutOfService { .. } => "equipment_not_in_service",
        }
    }
    /// The request field the refusal is about.
    pub fn field(&self) -> &'static str {
        match self {
            ReceiptRefusal::ExpiredBeforeArrival { .. } => "scan",
            ReceiptRefusal::StorageDoesNotFit { .. }
            | ReceiptRefusal::EquipmentOutOfService { .. } => "equipment_id",
        }
    }
}

/// A unit of the catalogue's `product` expiring at `expires_at`, arriving at `arrived_at`, to be
/// put into equipment of `kind` in `status`.
pub fn check_receipt(
    product: &CatalogueEntry,
    expires_at: NaiveDateTime,
    arrived_at: NaiveDateTime,
    kind: &EquipmentKind,
    status: EquipmentStatus,
) -> Result<(), ReceiptRefusal> {
    if is_expired(expires_at, arrived_at) {
        return Err(ReceiptRefusal::ExpiredBeforeArrival { expires_at });
    }
    if status != EquipmentStatus::InService {
        return Err(ReceiptRefusal::EquipmentOutOfService { status });
    }
    if !product.may_be_stored_in(kind) {
        return Err(ReceiptRefusal::StorageDoesNotFit {
            class: product.component,
            kind_uk: kind.title_uk,
        });
    }
    Ok(())
}
