//! Chinese resident ID numbers (GB 11643-1999): 17 digits and an ISO 7064 MOD 11-2 check character,
//! with the birth date inside.

use chrono::{Datelike, NaiveDate};

/// Weights of the first 17 digits.
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// Check character for each remainder mod 11.
const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// Male or female, from the 17th digit (odd is male).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    /// Odd sequence digit.
    Male,
    /// Even sequence digit.
    Female,
}

impl Gender {
    /// Stored and serialised name.
    pub fn as_str(self) -> &'static str {
        match self {
            Gender::Male => "male",
            Gender::Female => "female",
        }
    }
}

/// A valid resident ID number and what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdNumber {
    /// The number with an uppercase check character.
    pub normalized: String,
    /// Birth date encoded in positions 7–14.
    pub birth_date: NaiveDate,
    /// Gender encoded in position 17.
    pub gender: Gender,
}

/// Why a number was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdNumberError {
    /// Not 18 characters.
    Length,
    /// A non-digit in the first 17, or a bad last character.
    Characters,
    /// The birth date does not exist, or lies in the future or before 1900.
    BirthDate,
    /// The check character does not match.
    Checksum,
}

/// Parse and validate an ID number (surrounding spaces and a lowercase x are accepted).
pub fn parse(raw: &str, today: NaiveDate) -> Result<IdNumber, IdNumberError> {
    let normalized = raw.trim().to_uppercase();
    let chars: Vec<char> = normalized.chars().collect();
    if chars.len() != 18 {
        return Err(IdNumberError::Length);
    }
    if !chars[..17].iter().all(char::is_ascii_digit) || !(chars[17].is_ascii_digit() || chars[17] == 'X') {
        return Err(IdNumberError::Characters);
    }
    let digits: Vec<u32> = chars[..17].iter().filter_map(|c| c.to_digit(10)).collect();
    let sum: u32 = digits.iter().zip(WEIGHTS).map(|(d, w)| d * w).sum();
    if CHECK[(sum % 11) as usize] != chars[17] {
        return Err(IdNumberError::Checksum);
    }
    let birth_date = NaiveDate::parse_from_str(&normalized[6..14], "%Y%m%d").map_err(|_| IdNumberError::BirthDate)?;
    if birth_date > today || birth_date.year() < 1900 {
        return Err(IdNumberError::BirthDate);
    }
    let gender = if digits[16] % 2 == 1 {
        Gender::Male
    } else {
        Gender::Female
    };
    Ok(IdNumber {
        normalized,
        birth_date,
        gender,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap_or_default()
    }

    #[test]
    fn valid_numbers() {
        let id = parse("11010519491231002x", today()).expect("valid");
        assert_eq!(id.normalized, "11010519491231002X");
        assert_eq!(id.birth_date, NaiveDate::from_ymd_opt(1949, 12, 31).unwrap_or_default());
        assert_eq!(id.gender, Gender::Female);
        let id = parse(" 440524198001010013 ", today()).expect("valid");
        assert_eq!(id.gender, Gender::Male);
    }

    #[test]
    fn refusals() {
        assert_eq!(parse("11010519491231002", today()), Err(IdNumberError::Length));
        assert_eq!(parse("11010519491231002X1", today()), Err(IdNumberError::Length));
        assert_eq!(parse("1101051949123100AX", today()), Err(IdNumberError::Characters));
        assert_eq!(parse("110105194912310021", today()), Err(IdNumberError::Checksum));
        // 1999-02-30 does not exist; the check digit is made right so only the date is wrong.
        let body = "11010519990230002";
        let sum: u32 = body
            .chars()
            .filter_map(|c| c.to_digit(10))
            .zip(WEIGHTS)
            .map(|(d, w)| d * w)
            .sum();
        let with_check = format!("{body}{}", CHECK[(sum % 11) as usize]);
        assert_eq!(parse(&with_check, today()), Err(IdNumberError::BirthDate));
    }

    #[test]
    fn changing_any_one_digit_is_refused() {
        let valid = "11010519491231002X";
        for pos in 0..18 {
            for replacement in "0123456789X".chars() {
                let mut chars: Vec<char> = valid.chars().collect();
                if chars[pos] == replacement || (pos < 17 && replacement == 'X') {
                    continue;
                }
                chars[pos] = replacement;
                let changed: String = chars.into_iter().collect();
                assert!(parse(&changed, today()).is_err(), "{changed} must be refused");
            }
        }
    }
}
