//! Money is integer fen (分), never floating point. [`Fen`] prints as yuan with two decimals and
//! parses what people type or what a spreadsheet holds.

use serde::{Deserialize, Serialize};
use std::fmt;
use utoipa::ToSchema;

/// An amount in fen (1 yuan = 100 fen).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize, ToSchema)]
#[serde(transparent)]
#[schema(value_type = i64, example = 500000)]
pub struct Fen(pub i64);

/// Why a yuan text is not an amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YuanError {
    /// Not a number at all.
    NotANumber,
    /// More than two decimal places (less than one fen).
    TooPrecise,
    /// Larger than any amount the portal handles.
    TooLarge,
}

/// The largest amount accepted anywhere: one hundred million yuan.
pub const MAX: Fen = Fen(10_000_000_000);

impl Fen {
    /// Zero fen.
    pub const ZERO: Fen = Fen(0);

    /// The amount in fen.
    pub fn get(self) -> i64 {
        self.0
    }

    /// `a + b`, or `None` on overflow.
    pub fn checked_add(self, other: Fen) -> Option<Fen> {
        self.0.checked_add(other.0).map(Fen)
    }

    /// `a - b`, or `None` on overflow.
    pub fn checked_sub(self, other: Fen) -> Option<Fen> {
        self.0.checked_sub(other.0).map(Fen)
    }

    /// Parse yuan as people write it: `5000`, `5,000.5`, `12.34`, `￥800`. At most two decimals.
    pub fn parse_yuan(text: &str) -> Result<Fen, YuanError> {
        let cleaned: String = text
            .trim()
            .trim_start_matches(['¥', '￥'])
            .chars()
            .filter(|c| *c != ',' && *c != '，' && !c.is_whitespace())
            .collect();
        let (negative, digits) = match cleaned.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, cleaned.as_str()),
        };
        let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
        if whole.is_empty() && frac.is_empty()
            || !whole.chars().all(|c| c.is_ascii_digit())
            || !frac.chars().all(|c| c.is_ascii_digit())
        {
            return Err(YuanError::NotANumber);
        }
        let frac = frac.trim_end_matches('0');
        if frac.len() > 2 {
            return Err(YuanError::TooPrecise);
        }
        if whole.len() > 12 {
            return Err(YuanError::TooLarge);
        }
        let whole: i64 = if whole.is_empty() {
            0
        } else {
            whole.parse().map_err(|_| YuanError::NotANumber)?
        };
        let frac: i64 = format!("{frac:0<2}").parse().map_err(|_| YuanError::NotANumber)?;
        let fen = whole * 100 + frac;
        if fen > MAX.0 {
            return Err(YuanError::TooLarge);
        }
        Ok(Fen(if negative { -fen } else { fen }))
    }
}

impl fmt::Display for Fen {
    /// Yuan with two decimals: `5000.00`, `-0.05`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

impl std::iter::Sum for Fen {
    fn sum<I: Iterator<Item = Fen>>(iter: I) -> Fen {
        Fen(iter.map(|f| f.0).sum())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_yuan_with_two_decimals() {
        assert_eq!(Fen(500_000).to_string(), "5000.00");
        assert_eq!(Fen(5).to_string(), "0.05");
        assert_eq!(Fen(-123).to_string(), "-1.23");
        assert_eq!(Fen(0).to_string(), "0.00");
    }

    #[test]
    fn parses_what_people_type() {
        for (text, fen) in [
            ("5000", 500_000),
            ("5,000.5", 500_050),
            ("12.34", 1234),
            ("￥800", 80_000),
            (" 0.10 ", 10),
            ("1.230", 123),
            (".5", 50),
        ] {
            assert_eq!(Fen::parse_yuan(text), Ok(Fen(fen)), "{text}");
        }
        assert_eq!(Fen::parse_yuan("12.345"), Err(YuanError::TooPrecise));
        for bad in ["", "abc", "1e5", "1.2.3", "--1", "."] {
            assert_eq!(Fen::parse_yuan(bad), Err(YuanError::NotANumber), "{bad}");
        }
        assert_eq!(Fen::parse_yuan("100000001"), Err(YuanError::TooLarge));
    }

    #[test]
    fn parse_and_print_round_trip() {
        for fen in [0, 1, 99, 100, 123_456, 10_000_000_000] {
            assert_eq!(Fen::parse_yuan(&Fen(fen).to_string()), Ok(Fen(fen)));
        }
    }
}
