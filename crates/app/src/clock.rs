//! Time is injected, so that "expires in 24 hours" is tested without waiting.

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};
use std::sync::Mutex;

pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> DateTime<Utc>;
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock the tests set and move.
pub struct TestClock(Mutex<DateTime<Utc>>);

impl TestClock {
    pub fn new(at: DateTime<Utc>) -> Self {
        TestClock(Mutex::new(at))
    }
    pub fn set(&self, at: DateTime<Utc>) {
        *self.0.lock().unwrap() = at;
    }
    pub fn advance(&self, by: Duration) {
        *self.0.lock().unwrap() += by;
    }
}

impl Clock for TestClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

fn last_sunday(year: i32, month: u32) -> NaiveDate {
    let mut d =
        NaiveDate::from_ymd_opt(year, month + 1, 1).expect("valid month") - Duration::days(1);
    while d.weekday() != Weekday::Sun {
        d -= Duration::days(1);
    }
    d
}

/// The calendar date in Kyiv: UTC+2, or UTC+3 from the last Sunday of March to the last Sunday of
/// October (switching at 01:00 UTC, the EU rule Ukraine follows).
pub fn kyiv_date(t: DateTime<Utc>) -> NaiveDate {
    kyiv_local(t).date()
}

/// The wall-clock time in Kyiv (labels' expiry dates are local time).
pub fn kyiv_local(t: DateTime<Utc>) -> chrono::NaiveDateTime {
    let y = t.year();
    let start = Utc.from_utc_datetime(&last_sunday(y, 3).and_hms_opt(1, 0, 0).expect("valid time"));
    let end = Utc.from_utc_datetime(&last_sunday(y, 10).and_hms_opt(1, 0, 0).expect("valid time"));
    let offset = if t >= start && t < end { 3 } else { 2 };
    (t + Duration::hours(offset)).naive_utc()
}

/// The UTC instant of a Kyiv wall-clock time (the offset of that moment; in the autumn hour that
/// repeats, the later reading).
pub fn kyiv_to_utc(local: chrono::NaiveDateTime) -> DateTime<Utc> {
    let guess = Utc.from_utc_datetime(&(local - Duration::hours(2)));
    let offset = kyiv_local(guess) - guess.naive_utc();
    Utc.from_utc_datetime(&(local - offset))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kyiv_date_follows_summer_time() {
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        // Winter, UTC+2: 22:30 UTC is already the next day in Kyiv.
        assert_eq!(
            kyiv_date(at("2026-12-01T22:30:00Z")),
            NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()
        );
        assert_eq!(
            kyiv_date(at("2026-12-01T21:59:00Z")),
            NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
        );
        // Summer, UTC+3: 21:30 UTC is the next day.
        assert_eq!(
            kyiv_date(at("2026-07-01T21:30:00Z")),
            NaiveDate::from_ymd_opt(2026, 7, 2).unwrap()
        );
        assert_eq!(
            kyiv_date(at("2026-07-01T20:59:00Z")),
            NaiveDate::from_ymd_opt(2026, 7, 1).unwrap()
        );
    }
}
