//! Stock rules: the unit status machine against a separate table and the on-hand recomputation,
//! the lists' stable codes, the return rule at 29/30/31 minutes, FEFO, the proposal, expiry and the
//! receipt checks.

use chrono::{NaiveDateTime, TimeDelta};
use ekrov_domain::stock::catalogue::demo_catalogue;
use ekrov_domain::stock::events::{
    DEFAULT_RETURN_LIMIT, DiscardReason, EventKind, Holding, LogEntry, ReactionType, ReturnReason,
    ReturnVerdict, Severity, TransfusionOutcome, UnitStatus, recompute, replay, return_verdict,
    transition,
};
use ekrov_domain::stock::fefo::{
    Candidate, ExpiryWarnings, check_receipt, due_to_expire, fefo, propose,
};
use ekrov_domain::stock::request::Urgency;
use ekrov_domain::stock::{AboRhD, ComponentClass};
use ekrov_domain::{EquipmentKind, EquipmentStatus};
use proptest::prelude::*;

// ───────── the unit's status machine ─────────

/// Allowed (from, event, to), written from the rules of issue 12; `-` is a unit not yet received.
const ALLOWED: &[(&str, &str, &str)] = &[
    ("-", "received", "available"),
    ("available", "moved", "available"),
    ("quarantined", "moved", "quarantined"),
    ("available", "quarantined", "quarantined"),
    ("quarantined", "released", "available"),
    ("available", "issued", "issued"),
    ("issued", "returned", "available"),
    ("issued", "transfused", "transfused"),
    ("available", "discarded", "discarded"),
    ("quarantined", "discarded", "discarded"),
    ("expired", "discarded", "discarded"),
    ("issued", "discarded", "discarded"),
    ("available", "expired", "expired"),
    ("quarantined", "expired", "expired"),
];

#[test]
fn every_status_and_event_against_the_table() {
    let froms = std::iter::once(None).chain(UnitStatus::all().map(Some));
    let mut allowed = 0;
    for from in froms {
        for event in EventKind::all() {
            let code = from.map_or("-", |s| s.code());
            let want = ALLOWED
                .iter()
                .find(|(f, e, _)| *f == code && *e == event.code())
                .map(|(_, _, to)| UnitStatus::parse(to).unwrap());
            let got = transition(from, event);
            assert_eq!(got.ok(), want, "{code} + {event}");
            if let Err(e) = got {
                assert!(!e.to_string().is_empty());
            } else {
                allowed += 1;
            }
        }
    }
    assert_eq!(allowed, ALLOWED.len());
    // The examples of the brief.
    assert_eq!(
        transition(Some(UnitStatus::Expired), EventKind::Issued).map_err(|e| e.code()),
        Err("unit_status")
    );
    for s in [UnitStatus::Transfused, UnitStatus::Discarded] {
        assert!(s.is_final());
        assert!(EventKind::all().all(|e| transition(Some(s), e).is_err()));
    }
}

proptest! {
    /// Any history that replays is made only of allowed steps, and an expired unit is never
    /// issued afterwards.
    #[test]
    fn replayed_histories_respect_the_rules(events in prop::collection::vec(0usize..9, 0..12)) {
        let kinds: Vec<EventKind> = events.iter().map(|&i| EventKind::all().nth(i).unwrap()).collect();
        let mut state = None;
        let mut ok = true;
        for &k in &kinds {
            match transition(state, k) {
                Ok(s) => state = Some(s),
                Err(_) => { ok = false; break; }
            }
        }
        prop_assert_eq!(replay(kinds.clone()).is_ok(), ok);
        if let (true, Some(pos)) = (ok, kinds.iter().position(|&k| k == EventKind::Expired)) {
            prop_assert!(!kinds[pos..].contains(&EventKind::Issued));
        }
    }
}

#[test]
fn on_hand_is_recomputed_from_the_log() {
    use EventKind::*;
    let e = |unit: u32, kind, equipment: Option<&'static str>| LogEntry {
        unit,
        kind,
        equipment,
    };
    let log = vec![
        e(1, Received, Some("fridge-1")),
        e(2, Received, Some("fridge-1")),
        e(3, Received, Some("freezer-1")),
        e(1, Moved, Some("fridge-2")),
        e(2, Issued, None),
        e(3, Quarantined, None),
        e(4, Received, Some("fridge-1")),
        e(4, Issued, None),
        e(4, Transfused, None),
        e(2, Returned, Some("fridge-1")),
        e(1, Expired, None),
    ];
    let held = recompute(log.clone()).unwrap();
    let h = |status, equipment: Option<&'static str>| Holding { status, equipment };
    assert_eq!(held.len(), 3, "the transfused unit is gone");
    assert_eq!(held[&1], h(UnitStatus::Expired, Some("fridge-2")));
    assert_eq!(held[&2], h(UnitStatus::Available, Some("fridge-1")));
    assert_eq!(held[&3], h(UnitStatus::Quarantined, Some("freezer-1")));
    // A final unit cannot come back, and the error names it.
    let mut bad = log;
    bad.push(e(4, Returned, Some("fridge-1")));
    assert_eq!(recompute(bad).unwrap_err().0, 4);
    assert_eq!(
        recompute(vec![e(9, Issued, None)]).unwrap_err().1.code(),
        "unit_status"
    );
}

proptest! {
    /// Recomputing the whole log agrees with replaying each unit's own events.
    #[test]
    fn recompute_agrees_with_each_units_replay(raw in prop::collection::vec((0u8..4, 0usize..9), 0..30)) {
        // Receive every unit first so that most logs get somewhere.
        let log: Vec<LogEntry<u8, u8>> = (0..4)
            .map(|u| (u, 0))
            .chain(raw.iter().copied())
            .map(|(unit, k)| LogEntry { unit, kind: EventKind::all().nth(k).unwrap(), equipment: Some(unit) })
            .collect();
        let per_unit = |u: u8| replay(log.iter().filter(|e| e.unit == u).map(|e| e.kind));
        match recompute(log.clone()) {
            Ok(held) => {
                for u in 0..4 {
                    let status = per_unit(u).unwrap().unwrap();
                    prop_assert_eq!(held.get(&u).map(|h| h.status), (!status.is_final()).then_some(status));
                }
            }
            Err((u, _)) => prop_assert!(per_unit(u).is_err()),
        }
    }
}

#[test]
fn lists_have_stable_codes_and_both_labels() {
    fn check<T: Copy + PartialEq + std::fmt::Debug>(
        all: Vec<T>,
        code: fn(T) -> &'static str,
        parse: fn(&str) -> Option<T>,
        uk: fn(T) -> &'static str,
        en: fn(T) -> &'static str,
    ) -> usize {
        for &v in &all {
            let c = code(v);
            assert!(
                c.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{c}"
            );
            assert_eq!(parse(c), Some(v));
            assert!(!uk(v).is_empty() && !en(v).is_empty());
        }
        let mut codes: Vec<_> = all.iter().map(|&v| code(v)).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), all.len(), "codes are unique");
        all.len()
    }
    macro_rules! list {
        ($t:ty) => {
            check(
                <$t>::all().collect(),
                <$t>::code,
                |c| <$t>::parse(c).ok(),
                <$t>::title_uk,
                <$t>::title_en,
            )
        };
    }
    assert_eq!(list!(DiscardReason), 10);
    assert_eq!(list!(ReturnReason), 3);
    assert_eq!(list!(TransfusionOutcome), 4);
    assert_eq!(list!(ReactionType), 15);
    assert_eq!(list!(Severity), 4);
    assert_eq!(list!(Urgency), 3);
    assert_eq!(list!(EventKind), 9);
    assert_eq!(list!(UnitStatus), 6);
    assert_eq!(list!(ComponentClass), 5);
    assert!(DiscardReason::parse("Expired").is_err(), "codes are exact");
    // The codes API.md fixes ("these stay").
    for c in [
        "expired",
        "storage",
        "temperature",
        "transport",
        "damaged",
        "visual",
        "returned_late",
        "test_reactive",
        "recalled",
        "other",
    ] {
        assert!(DiscardReason::parse(c).is_ok(), "{c}");
    }
    for c in [
        "febrile",
        "allergic",
        "anaphylaxis",
        "abo_incompatibility",
        "haemolytic",
        "taco",
        "trali",
        "bacterial",
        "other",
    ] {
        assert!(ReactionType::parse(c).is_ok(), "{c}");
    }
    for c in ["non_severe", "severe", "life_threatening", "death"] {
        assert!(Severity::parse(c).is_ok(), "{c}");
    }
    for c in ["uneventful", "reaction", "not_transfused"] {
        assert!(TransfusionOutcome::parse(c).is_ok(), "{c}");
    }
    assert_eq!(
        transition(Some(UnitStatus::Transfused), EventKind::Issued).map_err(|e| e.code()),
        Err("unit_status")
    );
    assert_eq!(
        transition(Some(UnitStatus::Available), EventKind::Received).map_err(|e| e.code()),
        Err("duplicate_unit")
    );
    assert!(TransfusionOutcome::Reaction.needs_reaction());
    assert_eq!(TransfusionOutcome::NotTransfused.event(), None);
}

// ───────── the return rule ─────────

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

#[test]
fn return_at_29_minutes_is_accepted_and_at_31_refused() {
    let issued = at("2026-12-07 10:00");
    let l = DEFAULT_RETURN_LIMIT;
    assert_eq!(l, TimeDelta::minutes(30));
    assert_eq!(
        return_verdict(issued, at("2026-12-07 10:29"), l),
        Ok(ReturnVerdict::InTime)
    );
    assert_eq!(
        return_verdict(issued, at("2026-12-07 10:30"), l),
        Ok(ReturnVerdict::InTime)
    );
    assert_eq!(
        return_verdict(issued, at("2026-12-07 10:31"), l),
        Ok(ReturnVerdict::TooLate {
            out_for: TimeDelta::minutes(31)
        })
    );
    let (event, reason) = return_verdict(issued, at("2026-12-07 10:31"), l)
        .unwrap()
        .event();
    assert_eq!(
        (event, reason),
        (EventKind::Discarded, Some(DiscardReason::ReturnedTooLate))
    );
    assert_eq!(ReturnVerdict::InTime.event(), (EventKind::Returned, None));
    let sixty = TimeDelta::minutes(60);
    assert_eq!(
        return_verdict(issued, at("2026-12-07 10:31"), sixty),
        Ok(ReturnVerdict::InTime)
    );
    assert!(return_verdict(issued, at("2026-12-07 09:59"), l).is_err());
    // Across midnight.
    assert_eq!(
        return_verdict(at("2026-12-07 23:50"), at("2026-12-08 00:19"), l),
        Ok(ReturnVerdict::InTime)
    );
}

// ───────── FEFO and the proposal ─────────

fn unit(
    key: u32,
    class: ComponentClass,
    g: &str,
    expires: &str,
    status: UnitStatus,
) -> Candidate<u32> {
    Candidate {
        key,
        class,
        group: AboRhD::parse(g).unwrap(),
        expires_at: at(expires),
        status,
    }
}

#[test]
fn proposal_identical_first_then_compatible_each_fefo_never_expired() {
    use ComponentClass::RedCells as R;
    use UnitStatus::*;
    let now = at("2026-12-07 12:00");
    let units = vec![
        unit(1, R, "A+", "2026-12-20 23:59", Available),
        unit(2, R, "O-", "2026-12-09 23:59", Available),
        unit(3, R, "A+", "2026-12-10 23:59", Available),
        unit(4, R, "A-", "2026-12-10 23:59", Available),
        unit(5, R, "A+", "2026-12-07 12:00", Available), // expires right now: never offered
        unit(6, R, "A+", "2026-12-05 23:59", Expired),
        unit(7, R, "A+", "2026-12-08 23:59", Issued),
        unit(8, R, "A+", "2026-12-08 23:59", Quarantined),
        unit(9, R, "B+", "2026-12-08 23:59", Available), // incompatible
        unit(
            10,
            ComponentClass::Plasma,
            "A+",
            "2026-12-08 23:59",
            Available,
        ),
        unit(11, R, "A+", "2026-12-10 23:59", Available), // same expiry as 3: key breaks the tie
    ];
    let p = propose(&units, R, AboRhD::parse("A+").unwrap(), now);
    let keys: Vec<u32> = p.offered.iter().map(|(_, u)| u.key).collect();
    assert_eq!(keys, [3, 11, 1, 2, 4]);
    assert!(p.emergency_only.is_empty());

    // An RhD-negative patient: RhD-positive units only as an emergency exception.
    let p = propose(&units, R, AboRhD::parse("A-").unwrap(), now);
    let keys: Vec<u32> = p.offered.iter().map(|(_, u)| u.key).collect();
    assert_eq!(keys, [4, 2]);
    let em: Vec<u32> = p.emergency_only.iter().map(|u| u.key).collect();
    assert_eq!(em, [3, 11, 1]);
}

proptest! {
    /// FEFO offers exactly the available, unexpired units, ordered by (expiry, key), whatever the
    /// input order.
    #[test]
    fn fefo_is_total_and_never_offers_expired(
        raw in prop::collection::vec((0u32..50, 0i64..20, 0usize..6), 0..40),
        now_h in 0i64..20,
    ) {
        let base = at("2026-12-01 00:00");
        let mut seen = std::collections::BTreeSet::new();
        let units: Vec<Candidate<u32>> = raw.iter().filter(|(k, _, _)| seen.insert(*k)).map(|&(k, h, s)| Candidate {
            key: k,
            class: ComponentClass::Platelets,
            group: AboRhD::parse("O+").unwrap(),
            expires_at: base + TimeDelta::hours(h),
            status: UnitStatus::all().nth(s).unwrap(),
        }).collect();
        let now = base + TimeDelta::hours(now_h);
        let out = fefo(&units, now);
        for w in out.windows(2) {
            prop_assert!((w[0].expires_at, w[0].key) < (w[1].expires_at, w[1].key));
        }
        let n = units.iter().filter(|u| u.status == UnitStatus::Available && u.expires_at > now).count();
        prop_assert_eq!(out.len(), n);
        let mut rev = units.clone();
        rev.reverse();
        let again: Vec<u32> = fefo(&rev, now).iter().map(|u| u.key).collect();
        let first: Vec<u32> = out.iter().map(|u| u.key).collect();
        prop_assert_eq!(first, again);
    }
}

#[test]
fn expired_units_are_swept_but_not_issued_ones() {
    use ComponentClass::Plasma as P;
    use UnitStatus::*;
    let now = at("2026-12-07 12:00");
    let units = vec![
        unit(1, P, "A+", "2026-12-07 12:00", Available),
        unit(2, P, "A+", "2026-12-01 23:59", Quarantined),
        unit(3, P, "A+", "2026-12-01 23:59", Issued),
        unit(4, P, "A+", "2026-12-01 23:59", Expired),
        unit(5, P, "A+", "2026-12-08 00:00", Available),
    ];
    let keys: Vec<u32> = due_to_expire(&units, now).iter().map(|u| u.key).collect();
    assert_eq!(keys, [2, 1]);
}

#[test]
fn expiring_soon_per_class() {
    let now = at("2026-12-07 12:00");
    let w = ExpiryWarnings::default();
    assert!(w.expiring_soon(ComponentClass::Platelets, at("2026-12-08 11:00"), now));
    assert!(!w.expiring_soon(ComponentClass::Platelets, at("2026-12-09 11:00"), now));
    assert!(w.expiring_soon(ComponentClass::RedCells, at("2026-12-09 11:00"), now));
    assert!(
        !w.expiring_soon(ComponentClass::RedCells, at("2026-12-07 12:00"), now),
        "expired, not expiring"
    );
    let w = w.with(ComponentClass::RedCells, TimeDelta::days(1));
    assert!(!w.expiring_soon(ComponentClass::RedCells, at("2026-12-09 11:00"), now));
}

#[test]
fn receipt_checks() {
    let fridge = EquipmentKind::parse("blood_refrigerator").unwrap();
    let freezer = EquipmentKind::parse("plasma_freezer").unwrap();
    let cat = demo_catalogue();
    let red = cat
        .iter()
        .find(|e| e.component == ComponentClass::RedCells)
        .unwrap();
    let plasma = cat
        .iter()
        .find(|e| e.component == ComponentClass::Plasma)
        .unwrap();
    let arrived = at("2026-12-07 09:00");
    let in_service = EquipmentStatus::InService;
    let ok = check_receipt(red, at("2026-12-30 23:59"), arrived, &fridge, in_service);
    assert_eq!(ok, Ok(()));
    let e =
        check_receipt(plasma, at("2029-12-30 23:59"), arrived, &fridge, in_service).unwrap_err();
    assert_eq!((e.code(), e.field()), ("storage_mismatch", "equipment_id"));
    assert!(e.to_string().starts_with("Плазма не зберігають"), "{e}");
    let maintenance = EquipmentStatus::Maintenance;
    let e = check_receipt(
        plasma,
        at("2029-12-30 23:59"),
        arrived,
        &freezer,
        maintenance,
    )
    .unwrap_err();
    assert_eq!(e.code(), "equipment_not_in_service");
    let e = check_receipt(red, at("2026-12-07 08:59"), arrived, &fridge, in_service).unwrap_err();
    assert_eq!(e.code(), "expired");
}
