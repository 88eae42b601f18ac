//! Time as people in the county read it: every instant is stored in UTC and shown in
//! Asia/Shanghai. The one clock of the application lives here too, so deadlines, notice periods
//! and budget years are decided by the same time on both backends (never the database's `now()`).

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Asia::Shanghai;
use chrono_tz::Tz;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

/// An instant stored in UTC, as a Shanghai wall-clock time.
pub fn local(t: NaiveDateTime) -> DateTime<Tz> {
    Shanghai.from_utc_datetime(&t)
}

/// `2026-03-01 09:30`, the way mails, exports and screens print a time.
pub fn local_minute(t: NaiveDateTime) -> String {
    local(t).format("%Y-%m-%d %H:%M").to_string()
}

/// `20260301-0930`, for file names.
pub fn file_stamp(t: NaiveDateTime) -> String {
    local(t).format("%Y%m%d-%H%M").to_string()
}

/// The Shanghai calendar date of a stored instant.
pub fn local_date(t: NaiveDateTime) -> NaiveDate {
    local(t).date_naive()
}

/// The Shanghai calendar year of a stored instant (budget years, report years).
pub fn local_year(t: NaiveDateTime) -> i32 {
    local(t).year()
}

/// Midnight at the start of a Shanghai date, as a stored UTC instant.
pub fn start_of_local_day(d: NaiveDate) -> NaiveDateTime {
    let midnight = d.and_hms_opt(0, 0, 0).unwrap_or_default();
    Shanghai
        .from_local_datetime(&midnight)
        .single()
        .map(|t| t.naive_utc())
        // Shanghai has no daylight saving, so every local midnight exists exactly once.
        .unwrap_or(midnight)
}

/// The UTC range `[start, end)` of a Shanghai calendar year.
pub fn local_year_range(year: i32) -> (NaiveDateTime, NaiveDateTime) {
    let first = |y| NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or_default();
    (start_of_local_day(first(year)), start_of_local_day(first(year + 1)))
}

/// Today's date in Asia/Shanghai, the date people in the county live by.
pub fn today_shanghai() -> NaiveDate {
    local_date(crate::db::now())
}

/// The application's clock: real time, plus an offset that tests move forward to see deadlines
/// and notice periods pass without sleeping.
#[derive(Debug, Clone, Default)]
pub struct Clock {
    offset_us: Arc<AtomicI64>,
}

impl Clock {
    /// Now, in UTC, truncated to microseconds as both databases store it.
    pub fn now(&self) -> NaiveDateTime {
        crate::db::now() + chrono::Duration::microseconds(self.offset_us.load(Ordering::Relaxed))
    }

    /// Now as an RFC 3339 UTC value.
    pub fn now_utc(&self) -> DateTime<Utc> {
        self.now().and_utc()
    }

    /// Move this clock (and every copy of it) forward.
    pub fn advance(&self, by: chrono::Duration) {
        self.offset_us
            .fetch_add(by.num_microseconds().unwrap_or(0), Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shanghai_is_eight_hours_ahead_and_years_start_at_local_midnight() {
        let t = NaiveDate::from_ymd_opt(2026, 12, 31)
            .unwrap()
            .and_hms_opt(16, 30, 0)
            .unwrap();
        assert_eq!(local_minute(t), "2027-01-01 00:30");
        assert_eq!(local_year(t), 2027);
        let (start, end) = local_year_range(2027);
        assert_eq!(
            start,
            NaiveDate::from_ymd_opt(2026, 12, 31)
                .unwrap()
                .and_hms_opt(16, 0, 0)
                .unwrap()
        );
        assert_eq!(
            end,
            NaiveDate::from_ymd_opt(2027, 12, 31)
                .unwrap()
                .and_hms_opt(16, 0, 0)
                .unwrap()
        );
    }

    #[test]
    fn an_advanced_clock_is_shared_by_its_copies() {
        let clock = Clock::default();
        let copy = clock.clone();
        clock.advance(chrono::Duration::days(6));
        assert!(copy.now() - crate::db::now() >= chrono::Duration::days(6) - chrono::Duration::seconds(1));
    }
}
