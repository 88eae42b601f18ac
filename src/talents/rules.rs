//! Profile validation as plain functions: every bad field is reported at once, with the same
//! codes the frontend checks inline.

use crate::catalog::TalentCategory;
use crate::error::FieldError;
use crate::talents::id_number::{self, IdNumber, IdNumberError};
use crate::talents::models::{EducationRecord, ProfileInput};
use crate::validation::{mainland_mobile, optional_text, text};
use chrono::{Datelike, NaiveDate};

/// At most this many education records.
pub const MAX_EDUCATION: usize = 10;
/// At most this many skills.
pub const MAX_SKILLS: usize = 30;

/// A reveal reason is at most this many characters.
pub const REVEAL_REASON_MAX: usize = 200;

/// The reason given for revealing someone's full personal data: required, so that every look at
/// an ID or bank number can be explained afterwards (PIPL art. 28 sensitive information).
pub fn reveal_reason(raw: &str) -> Result<String, FieldError> {
    text("reason", raw, REVEAL_REASON_MAX)
}

/// What to do with the stored bank account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BankAccountChange {
    /// Leave it as it is.
    Keep,
    /// Remove it.
    Clear,
    /// Store this account number (digits only).
    Set(String),
}

/// A validated profile.
#[derive(Debug, Clone)]
pub struct ValidProfile {
    pub full_name: String,
    /// `None` keeps the stored number.
    pub id_number: Option<IdNumber>,
    pub phone: String,
    pub education: Vec<EducationRecord>,
    pub categories: Vec<TalentCategory>,
    pub skills: Vec<String>,
    pub current_employer: Option<String>,
    pub bank_name: Option<String>,
    pub bank_account: BankAccountChange,
}

/// Check an ID number field.
pub fn check_id_number(field: &str, raw: &str, today: NaiveDate) -> Result<IdNumber, FieldError> {
    if raw.trim().is_empty() {
        return Err(FieldError::new(field, "required", "The ID number is required."));
    }
    id_number::parse(raw, today).map_err(|e| {
        let (code, message) = match e {
            IdNumberError::Length => ("invalid_length", "A resident ID number has 18 characters."),
            IdNumberError::Characters => ("invalid_value", "17 digits followed by a digit or X."),
            IdNumberError::BirthDate => ("invalid_date", "The birth date in this ID number is not possible."),
            IdNumberError::Checksum => (
                "invalid_checksum",
                "The check character does not match; please re-check the number.",
            ),
        };
        FieldError::new(field, code, message)
    })
}

fn check_bank_account(raw: &str) -> Result<String, FieldError> {
    let digits: String = raw.chars().filter(|c| !c.is_whitespace() && *c != '-').collect();
    if digits.len() < 10 || digits.len() > 30 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(FieldError::new(
            "bank_account",
            "invalid_value",
            "A bank account number has 10 to 30 digits.",
        ));
    }
    Ok(digits)
}

fn check_education(
    records: &[EducationRecord],
    today: NaiveDate,
    errors: &mut Vec<FieldError>,
) -> Vec<EducationRecord> {
    if records.len() > MAX_EDUCATION {
        errors.push(FieldError::new(
            "education",
            "too_long",
            format!("At most {MAX_EDUCATION} records."),
        ));
        return Vec::new();
    }
    let latest_year = today.year() + 8;
    let mut out = Vec::new();
    for (i, r) in records.iter().enumerate() {
        let school = text(&format!("education.{i}.school"), &r.school, 100)
            .map_err(|e| errors.push(e))
            .ok();
        let major = optional_text(&format!("education.{i}.major"), r.major.as_deref().unwrap_or(""), 100)
            .map_err(|e| errors.push(e))
            .ok();
        if !(1950..=latest_year).contains(&r.graduation_year) {
            errors.push(FieldError::new(
                &format!("education.{i}.graduation_year"),
                "invalid_value",
                format!("A year between 1950 and {latest_year}."),
            ));
        }
        if let (Some(school), Some(major)) = (school, major) {
            out.push(EducationRecord {
                level: r.level,
                school,
                major,
                graduation_year: r.graduation_year,
            });
        }
    }
    out
}

fn check_skills(skills: &[String], errors: &mut Vec<FieldError>) -> Vec<String> {
    if skills.len() > MAX_SKILLS {
        errors.push(FieldError::new(
            "skills",
            "too_long",
            format!("At most {MAX_SKILLS} skills."),
        ));
        return Vec::new();
    }
    let mut out: Vec<String> = Vec::new();
    for (i, s) in skills.iter().enumerate() {
        match text(&format!("skills.{i}"), s, 30) {
            Ok(skill) if !out.iter().any(|o| o.eq_ignore_ascii_case(&skill)) => out.push(skill),
            Ok(_) => {}
            Err(e) => errors.push(e),
        }
    }
    out
}

/// Validate a profile. `has_stored_id` says whether an ID number is already on file (it may then
/// be left out).
pub fn validate_profile(
    input: &ProfileInput,
    has_stored_id: bool,
    today: NaiveDate,
) -> Result<ValidProfile, Vec<FieldError>> {
    let mut errors = Vec::new();
    let full_name = text("full_name", &input.full_name, 50).map_err(|e| errors.push(e)).ok();
    let id_number = match input.id_number.as_deref() {
        Some(raw) => check_id_number("id_number", raw, today)
            .map_err(|e| errors.push(e))
            .ok(),
        None if has_stored_id => None,
        None => {
            errors.push(FieldError::new("id_number", "required", "The ID number is required."));
            None
        }
    };
    let phone = mainland_mobile("phone", &input.phone).map_err(|e| errors.push(e)).ok();
    let education = check_education(&input.education, today, &mut errors);
    let mut categories = input.categories.clone();
    categories.sort();
    categories.dedup();
    let skills = check_skills(&input.skills, &mut errors);
    let current_employer = optional_text("current_employer", input.current_employer.as_deref().unwrap_or(""), 100)
        .map_err(|e| errors.push(e))
        .ok()
        .flatten();
    let bank_name = optional_text("bank_name", input.bank_name.as_deref().unwrap_or(""), 50)
        .map_err(|e| errors.push(e))
        .ok()
        .flatten();
    let bank_account = match input.bank_account.as_deref().map(str::trim) {
        None => BankAccountChange::Keep,
        Some("") => BankAccountChange::Clear,
        Some(raw) => match check_bank_account(raw) {
            Ok(digits) => {
                if bank_name.is_none() {
                    errors.push(FieldError::new(
                        "bank_name",
                        "required",
                        "Name the bank of this account.",
                    ));
                }
                BankAccountChange::Set(digits)
            }
            Err(e) => {
                errors.push(e);
                BankAccountChange::Keep
            }
        },
    };
    match (full_name, phone) {
        (Some(full_name), Some(phone)) if errors.is_empty() => Ok(ValidProfile {
            full_name,
            id_number,
            phone,
            education,
            categories,
            skills,
            current_employer,
            bank_name,
            bank_account,
        }),
        _ => Err(errors),
    }
}

/// The highest education level among the records.
pub fn highest_education(records: &[EducationRecord]) -> Option<crate::catalog::EducationLevel> {
    records.iter().map(|r| r.level).max()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::EducationLevel;

    #[test]
    fn reveal_reason_is_required_and_bounded() {
        assert_eq!(
            reveal_reason("  payout batch 3 check ").ok().as_deref(),
            Some("payout batch 3 check")
        );
        assert_eq!(reveal_reason(" \t ").err().map(|e| e.code), Some("required".into()));
        assert_eq!(
            reveal_reason(&"x".repeat(201)).err().map(|e| e.code),
            Some("too_long".into())
        );
        assert!(reveal_reason(&"核".repeat(200)).is_ok());
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap_or_default()
    }

    fn input() -> ProfileInput {
        ProfileInput {
            full_name: "张三".into(),
            id_number: Some("11010519491231002x".into()),
            phone: "13800138000".into(),
            education: vec![EducationRecord {
                level: EducationLevel::Bachelor,
                school: "湖南大学".into(),
                major: Some("计算机".into()),
                graduation_year: 2020,
            }],
            categories: vec![TalentCategory::Graduate, TalentCategory::Graduate],
            skills: vec!["Rust".into(), "rust".into(), "焊工".into()],
            current_employer: None,
            bank_name: Some("中国银行".into()),
            bank_account: Some("6222 0202 0011 2233 445".into()),
            home_village_id: None,
        }
    }

    #[test]
    fn a_good_profile() {
        let v = validate_profile(&input(), false, today()).expect("valid");
        assert_eq!(v.id_number.map(|i| i.normalized).as_deref(), Some("11010519491231002X"));
        assert_eq!(v.categories, vec![TalentCategory::Graduate]);
        assert_eq!(v.skills, vec!["Rust".to_string(), "焊工".to_string()]);
        assert_eq!(v.bank_account, BankAccountChange::Set("6222020200112233445".into()));
    }

    #[test]
    fn every_bad_field_is_reported() {
        let mut bad = input();
        bad.full_name = " ".into();
        bad.id_number = Some("110105194912310021".into());
        bad.phone = "12345".into();
        bad.education[0].graduation_year = 1900;
        bad.bank_name = None;
        let fields: Vec<String> = validate_profile(&bad, false, today())
            .expect_err("invalid")
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            [
                "full_name",
                "id_number",
                "phone",
                "education.0.graduation_year",
                "bank_name"
            ]
        );
    }

    #[test]
    fn id_may_be_kept_only_when_stored() {
        let mut keep = input();
        keep.id_number = None;
        assert!(validate_profile(&keep, true, today()).is_ok());
        assert_eq!(
            validate_profile(&keep, false, today()).expect_err("required")[0].code,
            "required"
        );
    }
}
