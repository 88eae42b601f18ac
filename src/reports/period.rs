//! The period a report covers: a Shanghai calendar year or one of its quarters, as a UTC range.

use crate::error::{AppError, FieldError};
use chrono::{NaiveDate, NaiveDateTime};

/// A report period: `[from, to)` in stored UTC instants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub year: i32,
    /// 1–4, or none for the whole year.
    pub quarter: Option<u8>,
    pub from: NaiveDateTime,
    pub to: NaiveDateTime,
    /// The first and last local dates, for records kept as dates (programme start dates).
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
}

impl Period {
    /// The period of `year` (already range-checked), or of one quarter of it.
    pub fn new(year: i32, quarter: Option<u8>) -> Result<Period, AppError> {
        let (first_month, months) = match quarter {
            None => (1, 12),
            Some(q @ 1..=4) => (u32::from(q - 1) * 3 + 1, 3),
            Some(_) => {
                return Err(AppError::validation(vec![FieldError::new(
                    "quarter",
                    "out_of_range",
                    "A quarter from 1 to 4.",
                )]))
            }
        };
        let first_day = NaiveDate::from_ymd_opt(year, first_month, 1).ok_or_else(|| AppError::internal("bad year"))?;
        let next = first_day
            .checked_add_months(chrono::Months::new(months))
            .ok_or_else(|| AppError::internal("bad period end"))?;
        let last_day = next.pred_opt().ok_or_else(|| AppError::internal("bad period end"))?;
        Ok(Period {
            year,
            quarter,
            from: crate::time::start_of_local_day(first_day),
            to: crate::time::start_of_local_day(next),
            first_day,
            last_day,
        })
    }

    /// The months of the period as UTC ranges, for monthly trends: (month number, from, to).
    pub fn months(&self) -> Vec<(u32, NaiveDateTime, NaiveDateTime)> {
        let mut out = Vec::new();
        let mut day = self.first_day;
        while day <= self.last_day {
            let Some(next) = day.checked_add_months(chrono::Months::new(1)) else {
                break;
            };
            out.push((
                chrono::Datelike::month(&day),
                crate::time::start_of_local_day(day),
                crate::time::start_of_local_day(next),
            ));
            day = next;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("time")
    }

    #[test]
    fn a_year_runs_from_shanghai_midnight_to_shanghai_midnight() {
        let p = Period::new(2026, None).expect("period");
        assert_eq!(p.from, at("2025-12-31 16:00"));
        assert_eq!(p.to, at("2026-12-31 16:00"));
        assert_eq!(p.months().len(), 12);
        assert_eq!(p.months()[1].1, at("2026-01-31 16:00"));
    }

    #[test]
    fn quarters_cover_three_months() {
        let q3 = Period::new(2026, Some(3)).expect("period");
        assert_eq!(q3.first_day, NaiveDate::from_ymd_opt(2026, 7, 1).expect("date"));
        assert_eq!(q3.last_day, NaiveDate::from_ymd_opt(2026, 9, 30).expect("date"));
        assert_eq!(q3.from, at("2026-06-30 16:00"));
        assert_eq!(q3.to, at("2026-09-30 16:00"));
        assert_eq!(q3.months().iter().map(|m| m.0).collect::<Vec<_>>(), vec![7, 8, 9]);
        let q4 = Period::new(2026, Some(4)).expect("period");
        assert_eq!(q4.to, Period::new(2026, None).expect("year").to);
    }

    #[test]
    fn a_fifth_quarter_is_refused() {
        for q in [0, 5, 9] {
            assert!(Period::new(2026, Some(q)).is_err());
        }
    }
}
