//! Calendar, with expected dates worked out by hand (weekdays from a printed calendar),
//! not computed by the code under test.

use chrono::NaiveDate;
use ekrov_domain::Calendar;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn peace() -> Calendar {
    Calendar::new(false)
}

fn war() -> Calendar {
    Calendar::default()
}

#[test]
fn default_is_martial_law_without_extra_days() {
    let c = Calendar::default();
    assert!(c.martial_law);
    assert!(c.extra_days_off.is_empty());
}

#[test]
fn orthodox_easter_known_dates() {
    assert_eq!(Calendar::orthodox_easter(2024), d(2024, 5, 5));
    assert_eq!(Calendar::orthodox_easter(2025), d(2025, 4, 20));
    assert_eq!(Calendar::orthodox_easter(2026), d(2026, 4, 12));
    assert_eq!(Calendar::orthodox_easter(2027), d(2027, 5, 2));
    assert_eq!(Calendar::orthodox_easter(2016), d(2016, 5, 1));
    assert_eq!(Calendar::orthodox_easter(2021), d(2021, 5, 2));
    assert_eq!(Calendar::orthodox_easter(2000), d(2000, 4, 30));
    assert_eq!(Calendar::orthodox_easter(1900), d(1900, 4, 22));
    // Across the century: from 1 March 2100 the Julian calendar is 14 days behind.
    // (Values cross-checked against python-dateutil's independent EASTER_ORTHODOX.)
    assert_eq!(Calendar::orthodox_easter(2099), d(2099, 4, 12));
    assert_eq!(Calendar::orthodox_easter(2100), d(2100, 5, 2));
    assert_eq!(Calendar::orthodox_easter(2101), d(2101, 4, 24));
    assert_eq!(Calendar::orthodox_easter(2200), d(2200, 4, 6));
    assert_eq!(Calendar::orthodox_easter(2400), d(2400, 4, 16));
    for y in 1900..2300 {
        let e = Calendar::orthodox_easter(y);
        assert_eq!(chrono::Datelike::weekday(&e), chrono::Weekday::Sun, "{y}");
    }
}

#[test]
fn public_holidays_2027() {
    let h = Calendar::public_holidays(2027);
    let dates: Vec<NaiveDate> = h.iter().map(|(d, _)| *d).collect();
    assert_eq!(
        dates,
        vec![
            d(2027, 1, 1),
            d(2027, 3, 8),
            d(2027, 5, 1),
            d(2027, 5, 2), // Easter
            d(2027, 5, 8),
            d(2027, 6, 20), // Trinity = 2 May + 49 days
            d(2027, 6, 28),
            d(2027, 7, 15),
            d(2027, 8, 24),
            d(2027, 10, 1),
            d(2027, 12, 25),
        ]
    );
    assert!(h.iter().any(|(_, n)| *n == "Трійця"));
    assert!(h.iter().all(|(_, n)| !n.is_empty()));
}

#[test]
fn twenty_working_days_across_new_year() {
    // Received Sunday 2026-12-20.
    // Martial law (holidays are working days): Mon 21 – Fri 25 Dec → 1–5; Mon 28 – Thu 31 → 6–9;
    // Fri 1 Jan → 10; 4–8 Jan → 11–15; 11–15 Jan → 16–20.
    assert_eq!(war().add_working_days(d(2026, 12, 20), 20), d(2027, 1, 15));
    // Peacetime: Fri 25 Dec and Fri 1 Jan are days off. 21–24 Dec → 1–4; 28–31 Dec → 5–8;
    // 4–8 Jan → 9–13; 11–15 Jan → 14–18; Mon 18 → 19; Tue 19 → 20.
    assert_eq!(
        peace().add_working_days(d(2026, 12, 20), 20),
        d(2027, 1, 19)
    );
    assert!(!peace().is_working_day(d(2026, 12, 25)));
    assert!(war().is_working_day(d(2026, 12, 25)));
}

#[test]
fn twenty_working_days_across_orthodox_easter_2027() {
    // Received Tuesday 2027-04-20.
    // Martial law: Wed 21 – Fri 23 Apr → 1–3; 26–30 Apr → 4–8; 3–7 May → 9–13; 10–14 May → 14–18;
    // Mon 17 → 19; Tue 18 May → 20.
    assert_eq!(war().add_working_days(d(2027, 4, 20), 20), d(2027, 5, 18));
    // Peacetime: Sat 1 May (Labour Day) → Mon 3 May off; Sun 2 May (Easter) → Mon is taken, so
    // Tue 4 May off; Sat 8 May → Mon 10 May off (as in 2021, which had the same dates).
    // 21–23 Apr → 1–3; 26–30 Apr → 4–8; Wed 5 – Fri 7 May → 9–11; Tue 11 – Fri 14 → 12–15;
    // 17–21 May → 16–20.
    assert_eq!(peace().add_working_days(d(2027, 4, 20), 20), d(2027, 5, 21));
    for off in [d(2027, 5, 3), d(2027, 5, 4), d(2027, 5, 10)] {
        assert!(!peace().is_working_day(off), "{off}");
        assert!(war().is_working_day(off), "{off}");
    }
    assert!(peace().is_working_day(d(2027, 5, 5)));
    assert!(peace().is_working_day(d(2027, 5, 11)));
    // Trinity, Sunday 20 June 2027 → Monday 21 June off in peacetime; Mon 28 June is a holiday itself.
    assert!(!peace().is_working_day(d(2027, 6, 21)));
    assert!(!peace().is_working_day(d(2027, 6, 28)));
    assert!(peace().is_working_day(d(2027, 6, 22)));
}

#[test]
fn saturday_holiday_moves_to_monday_in_peacetime() {
    // 8 March 2025 is a Saturday → Monday 10 March is a day off in peacetime.
    assert!(!peace().is_working_day(d(2025, 3, 10)));
    assert!(peace().is_working_day(d(2025, 3, 11)));
    assert!(war().is_working_day(d(2025, 3, 10)));
    // From Friday 7 March, the next working day: peacetime Tue 11, martial law Mon 10.
    assert_eq!(peace().add_working_days(d(2025, 3, 7), 1), d(2025, 3, 11));
    assert_eq!(war().add_working_days(d(2025, 3, 7), 1), d(2025, 3, 10));
    // A weekday holiday: Monday 24 August 2026.
    assert!(!peace().is_working_day(d(2026, 8, 24)));
    assert!(war().is_working_day(d(2026, 8, 24)));
}

#[test]
fn colliding_holidays_keep_moving() {
    // 2016: Sunday 1 May was both Labour Day and Easter, and Sunday 8 May a holiday too:
    // days off Mon 2 and Tue 3 May (two holidays on one Sunday), and Mon 9 May.
    let c = peace();
    assert!(!c.is_working_day(d(2016, 5, 2)));
    assert!(!c.is_working_day(d(2016, 5, 3)));
    assert!(c.is_working_day(d(2016, 5, 4)));
    assert!(!c.is_working_day(d(2016, 5, 9)));
    assert!(c.is_working_day(d(2016, 5, 10)));
    // From Fri 29 Apr 2016: Mon 2, Tue 3 off; Wed 4, Thu 5, Fri 6 May → 1–3; Mon 9 off; Tue 10 → 4.
    assert_eq!(c.add_working_days(d(2016, 4, 29), 1), d(2016, 5, 4));
    assert_eq!(c.add_working_days(d(2016, 4, 29), 4), d(2016, 5, 10));
}

#[test]
fn extra_days_off_apply_in_both_regimes() {
    let c = war().with_days_off([d(2026, 3, 9)]); // a Monday
    assert!(!c.is_working_day(d(2026, 3, 9)));
    // From Fri 6 March: Mon 9 is off → Tue 10.
    assert_eq!(c.add_working_days(d(2026, 3, 6), 1), d(2026, 3, 10));
    let p = peace().with_days_off([d(2026, 3, 9)]);
    assert!(!p.is_working_day(d(2026, 3, 9)));
    // Peacetime 8 March 2026 is a Sunday → its day off goes to the next working day: Mon 9 is
    // already an extra day off, so Tue 10 March. From Fri 6: Wed 11 is the first working day.
    assert!(!p.is_working_day(d(2026, 3, 10)));
    assert_eq!(p.add_working_days(d(2026, 3, 6), 1), d(2026, 3, 11));
}

#[test]
fn add_zero_and_weekends() {
    assert_eq!(war().add_working_days(d(2026, 12, 20), 0), d(2026, 12, 20));
    assert!(!war().is_working_day(d(2026, 12, 19))); // Saturday
    assert!(!war().is_working_day(d(2026, 12, 20))); // Sunday
    // From Friday 2025-03-07, 5 working days under martial law: Mon 10 … Fri 14.
    assert_eq!(war().add_working_days(d(2025, 3, 7), 5), d(2025, 3, 14));
}

#[test]
fn working_days_between_counts_half_open_interval() {
    let w = war();
    let p = peace();
    // (Fri 7 Mar 2025, Mon 10 Mar 2025]: martial law 1 (Mon 10), peacetime 0 (Mon 10 off).
    assert_eq!(w.working_days_between(d(2025, 3, 7), d(2025, 3, 10)), 1);
    assert_eq!(p.working_days_between(d(2025, 3, 7), d(2025, 3, 10)), 0);
    assert_eq!(w.working_days_between(d(2025, 3, 10), d(2025, 3, 7)), -1);
    assert_eq!(w.working_days_between(d(2025, 3, 10), d(2025, 3, 10)), 0);
    // Days left: due Fri 21 May 2027 (peacetime), today Tue 18 May → Wed 19, Thu 20, Fri 21 = 3.
    assert_eq!(p.working_days_between(d(2027, 5, 18), d(2027, 5, 21)), 3);
    // Overdue: today Tue 25 May, due Fri 21 → Mon 24, Tue 25 = 2 days late.
    assert_eq!(p.working_days_between(d(2027, 5, 25), d(2027, 5, 21)), -2);
    // Consistency with add_working_days over the Easter window.
    assert_eq!(p.working_days_between(d(2027, 4, 20), d(2027, 5, 21)), 20);
    assert_eq!(w.working_days_between(d(2027, 4, 20), d(2027, 5, 18)), 20);
    assert_eq!(p.working_days_between(d(2026, 12, 20), d(2027, 1, 19)), 20);
}
