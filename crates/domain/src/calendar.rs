//! Working-day calendar for deadlines ("registered within 20 working days").
//!
//! Working days are Monday–Friday minus the operator's extra days off and — in peacetime only —
//! public holidays (Labour Code art. 73 as amended in 2023) and the days off they are transferred
//! to when they fall on a weekend. Under martial law (in force since 24.02.2022, Law 2136-IX)
//! holidays are ordinary working days, so martial law is on by default.
//!
//! The holiday list is the current one and is applied to every year; dates before 2023 follow
//! a different list in reality, which does not matter for deadlines computed by this system.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// Calendar settings: whether martial law is in force, and extra non-working days set by the operator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    /// Under martial law public holidays are working days (no holiday, no transfer).
    pub martial_law: bool,
    /// Extra non-working days (e.g. set by a government resolution), in any regime.
    pub extra_days_off: BTreeSet<NaiveDate>,
}

impl Default for Calendar {
    /// Martial law in force, no extra days off.
    fn default() -> Self {
        Calendar::new(true)
    }
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid calendar date")
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

impl Calendar {
    pub fn new(martial_law: bool) -> Self {
        Calendar {
            martial_law,
            extra_days_off: BTreeSet::new(),
        }
    }

    /// Add extra non-working days.
    pub fn with_days_off(mut self, days: impl IntoIterator<Item = NaiveDate>) -> Self {
        self.extra_days_off.extend(days);
        self
    }

    /// Orthodox Easter Sunday (Gregorian date): Meeus's Julian computus, converted from the Julian
    /// to the Gregorian calendar through the Julian Day Number (so the 13-day offset of 1900–2099
    /// becomes 14 days in 2100–2199, and so on).
    ///
    /// # Panics
    /// Only for years outside chrono's range.
    pub fn orthodox_easter(year: i32) -> NaiveDate {
        let (a, b, c) = (year.rem_euclid(4), year.rem_euclid(7), year.rem_euclid(19));
        let d = (19 * c + 15) % 30;
        let e = (2 * a + 4 * b - d + 34).rem_euclid(7);
        let month = (d + e + 114) / 31; // 3 = March, 4 = April (Julian)
        let day = (d + e + 114) % 31 + 1;
        // Julian calendar date → Julian Day Number.
        let a = (14 - month) / 12;
        let y = i64::from(year) + 4800 - i64::from(a);
        let m = i64::from(month + 12 * a - 3);
        let jdn = i64::from(day) + (153 * m + 2) / 5 + 365 * y + y / 4 - 32083;
        // JDN 1 721 426 is 0001-01-01 (proleptic Gregorian), day 1 counted from the Common Era.
        let days_from_ce = i32::try_from(jdn - 1_721_425).expect("year in range");
        NaiveDate::from_num_days_from_ce_opt(days_from_ce).expect("year in range")
    }

    /// Public holidays of `year` with their Ukrainian names, sorted by date. When two fall on the
    /// same day (e.g. Easter on 1 May) both are listed.
    pub fn public_holidays(year: i32) -> Vec<(NaiveDate, &'static str)> {
        let easter = Self::orthodox_easter(year);
        let mut v = vec![
            (ymd(year, 1, 1), "Новий рік"),
            (ymd(year, 3, 8), "Міжнародний жіночий день"),
            (easter, "Великдень (Пасха)"),
            (easter + Days::new(49), "Трійця"),
            (ymd(year, 5, 1), "День праці"),
            (
                ymd(year, 5, 8),
                "День памʼяті та перемоги над нацизмом у Другій світовій війні 1939–1945 років",
            ),
            (ymd(year, 6, 28), "День Конституції України"),
            (ymd(year, 7, 15), "День Української Державності"),
            (ymd(year, 8, 24), "День незалежності України"),
            (ymd(year, 10, 1), "День захисників і захисниць України"),
            (ymd(year, 12, 25), "Різдво Христове"),
        ];
        v.sort_by_key(|(d, _)| *d);
        v
    }

    /// Peacetime days off caused by the holidays of `year`: every holiday on a weekday, plus, for each
    /// holiday on a weekend (and for each extra holiday sharing a day with another), the next
    /// Monday–Friday that is not already a day off (holiday, earlier transfer or extra day off).
    fn peacetime_days_off(&self, year: i32) -> BTreeSet<NaiveDate> {
        let holidays = Self::public_holidays(year);
        let mut off: BTreeSet<NaiveDate> = holidays
            .iter()
            .map(|(d, _)| *d)
            .filter(|d| !is_weekend(*d))
            .collect();
        let mut seen = BTreeSet::new();
        for (d, _) in &holidays {
            let first_on_weekday = !is_weekend(*d) && seen.insert(*d);
            if first_on_weekday {
                continue;
            }
            seen.insert(*d);
            let mut t = *d + Days::new(1);
            while is_weekend(t) || off.contains(&t) || self.extra_days_off.contains(&t) {
                t = t + Days::new(1);
            }
            off.insert(t);
        }
        off
    }

    fn is_working_day_cached(
        &self,
        d: NaiveDate,
        cache: &mut BTreeMap<i32, BTreeSet<NaiveDate>>,
    ) -> bool {
        if is_weekend(d) || self.extra_days_off.contains(&d) {
            return false;
        }
        if self.martial_law {
            return true;
        }
        // A transfer from late December of the previous year could in principle reach January.
        for y in [d.year(), d.year() - 1] {
            let off = cache.entry(y).or_insert_with(|| self.peacetime_days_off(y));
            if off.contains(&d) {
                return false;
            }
        }
        true
    }

    /// Monday–Friday, not an extra day off, and in peacetime neither a public holiday nor a day off
    /// transferred from a holiday that fell on a weekend.
    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        self.is_working_day_cached(d, &mut BTreeMap::new())
    }

    /// The `n`-th working day after `from` (counting starts the day after `from`); `n = 0` gives `from`.
    /// A deadline "within 20 working days of receipt" is `add_working_days(received_on, 20)`.
    pub fn add_working_days(&self, from: NaiveDate, n: u32) -> NaiveDate {
        let mut cache = BTreeMap::new();
        let mut d = from;
        let mut left = n;
        while left > 0 {
            d = d + Days::new(1);
            if self.is_working_day_cached(d, &mut cache) {
                left -= 1;
            }
        }
        d
    }

    /// Number of working days in `(from, to]`; negative (minus the count in `(to, from]`) if `to < from`.
    /// So the working days left until a deadline are `working_days_between(today, due_on)`: 0 on the
    /// due day itself, negative once it has passed.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        if to < from {
            return -self.working_days_between(to, from);
        }
        let mut cache = BTreeMap::new();
        from.iter_days()
            .skip(1)
            .take_while(|d| *d <= to)
            .filter(|d| self.is_working_day_cached(*d, &mut cache))
            .count() as i64
    }
}
