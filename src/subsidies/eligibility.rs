//! Typed eligibility criteria, checked by the machine from the applicant's profile and explained
//! criterion by criterion in Chinese and English. No free-form code: each criterion is data.

use crate::catalog::{EducationLevel, TalentCategory};
use crate::error::FieldError;
use crate::labels::{self, Lang};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One criterion of a policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Criterion {
    /// The person belongs to at least one of these talent categories.
    CategoriesAny { categories: Vec<TalentCategory> },
    /// The highest education is at least this level.
    MinEducation { level: EducationLevel },
    /// Age in whole years on the application date, from the birth date in the ID number.
    AgeBetween { min: Option<u32>, max: Option<u32> },
    /// Graduated (latest education record) at most this many years before the application year.
    GraduatedWithinYears { years: u32 },
    /// Household registration: the ID number starts with one of these region codes (2–6 digits).
    IdRegionPrefix { prefixes: Vec<String> },
    /// The applicant is the registered contact (name and mobile) of an HR-verified enterprise.
    HasEnterprise,
    /// At least this many employment intents of the applicant were confirmed as signed.
    MinEmploymentIntentsSigned { count: u32 },
}

impl Criterion {
    /// The criterion's type name, as in the JSON.
    pub fn kind(&self) -> &'static str {
        match self {
            Criterion::CategoriesAny { .. } => "categories_any",
            Criterion::MinEducation { .. } => "min_education",
            Criterion::AgeBetween { .. } => "age_between",
            Criterion::GraduatedWithinYears { .. } => "graduated_within_years",
            Criterion::IdRegionPrefix { .. } => "id_region_prefix",
            Criterion::HasEnterprise => "has_enterprise",
            Criterion::MinEmploymentIntentsSigned { .. } => "min_employment_intents_signed",
        }
    }
}

/// What the machine knows about the applicant, read from the profile and the records.
#[derive(Debug, Clone, Serialize)]
pub struct Facts {
    pub categories: Vec<TalentCategory>,
    pub highest_education: Option<EducationLevel>,
    pub birth_date: NaiveDate,
    pub latest_graduation_year: Option<i32>,
    /// The first six digits of the ID number (the household region code).
    pub id_region: String,
    pub owns_verified_enterprise: bool,
    pub signed_intents: i64,
}

/// The outcome of one criterion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CriterionResult {
    /// The criterion's type (`min_education`, …).
    pub criterion: String,
    pub met: bool,
    /// Why, in Chinese.
    pub message_zh: String,
    /// Why, in English.
    pub message_en: String,
}

fn result(c: &Criterion, met: bool, zh: String, en: String) -> CriterionResult {
    CriterionResult {
        criterion: c.kind().into(),
        met,
        message_zh: zh,
        message_en: en,
    }
}

/// Whole years between `birth` and `on`.
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> i32 {
    let mut age = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age
}

/// Check every criterion against the facts on `today`.
pub fn evaluate(criteria: &[Criterion], facts: &Facts, today: NaiveDate) -> Vec<CriterionResult> {
    criteria.iter().map(|c| check(c, facts, today)).collect()
}

/// True when every criterion is met.
pub fn all_met(results: &[CriterionResult]) -> bool {
    results.iter().all(|r| r.met)
}

fn check(c: &Criterion, f: &Facts, today: NaiveDate) -> CriterionResult {
    match c {
        Criterion::CategoriesAny { categories } => {
            let zh: Vec<&str> = categories.iter().map(|k| labels::category(*k, Lang::Zh)).collect();
            let en: Vec<&str> = categories.iter().map(|k| labels::category(*k, Lang::En)).collect();
            let met = categories.iter().any(|k| f.categories.contains(k));
            if met {
                result(
                    c,
                    true,
                    format!("人才类别符合（{}）", zh.join("、")),
                    format!("Talent category matches ({})", en.join(", ")),
                )
            } else {
                result(
                    c,
                    false,
                    format!("人才类别须为以下之一：{}；请在个人档案中确认人才类别", zh.join("、")),
                    format!(
                        "Your talent categories must include one of: {}; check them in your profile",
                        en.join(", ")
                    ),
                )
            }
        }
        Criterion::MinEducation { level } => match f.highest_education {
            Some(have) if have >= *level => result(
                c,
                true,
                format!("学历符合（{}及以上）", labels::education(*level, Lang::Zh)),
                format!("Education meets the minimum ({})", labels::education(*level, Lang::En)),
            ),
            Some(have) => result(
                c,
                false,
                format!(
                    "学历须为{}及以上，您的最高学历为{}",
                    labels::education(*level, Lang::Zh),
                    labels::education(have, Lang::Zh)
                ),
                format!(
                    "Education must be {} or higher; yours is {}",
                    labels::education(*level, Lang::En),
                    labels::education(have, Lang::En)
                ),
            ),
            None => result(
                c,
                false,
                format!(
                    "学历须为{}及以上，您的档案中没有学历记录",
                    labels::education(*level, Lang::Zh)
                ),
                format!(
                    "Education must be {} or higher; your profile has no education record",
                    labels::education(*level, Lang::En)
                ),
            ),
        },
        Criterion::AgeBetween { min, max } => {
            let age = age_on(f.birth_date, today);
            let low = min.map(|m| age >= m as i32).unwrap_or(true);
            let high = max.map(|m| age <= m as i32).unwrap_or(true);
            let range_zh = match (min, max) {
                (Some(a), Some(b)) => format!("{a}至{b}周岁"),
                (Some(a), None) => format!("{a}周岁以上"),
                (None, Some(b)) => format!("{b}周岁以下"),
                (None, None) => "不限".into(),
            };
            let range_en = match (min, max) {
                (Some(a), Some(b)) => format!("between {a} and {b}"),
                (Some(a), None) => format!("at least {a}"),
                (None, Some(b)) => format!("at most {b}"),
                (None, None) => "any age".into(),
            };
            if low && high {
                result(
                    c,
                    true,
                    format!("年龄符合（{range_zh}，您{age}周岁）"),
                    format!("Age fits ({range_en}; you are {age})"),
                )
            } else {
                result(
                    c,
                    false,
                    format!("年龄须为{range_zh}，您{age}周岁"),
                    format!("Age must be {range_en}; you are {age}"),
                )
            }
        }
        Criterion::GraduatedWithinYears { years } => match f.latest_graduation_year {
            Some(y) if today.year() - y <= *years as i32 && y <= today.year() + 1 => result(
                c,
                true,
                format!("毕业年份符合（{y}年，{years}年以内）"),
                format!("Graduated in {y}, within {years} years"),
            ),
            Some(y) => result(
                c,
                false,
                format!("须为{years}年以内毕业，您的毕业年份为{y}年"),
                format!("Must have graduated within {years} years; you graduated in {y}"),
            ),
            None => result(
                c,
                false,
                format!("须为{years}年以内毕业，您的档案中没有毕业年份"),
                format!("Must have graduated within {years} years; your profile has no graduation year"),
            ),
        },
        Criterion::IdRegionPrefix { prefixes } => {
            let met = prefixes.iter().any(|p| f.id_region.starts_with(p.as_str()));
            if met {
                result(
                    c,
                    true,
                    "户籍地符合".into(),
                    "Household registration region matches".into(),
                )
            } else {
                result(
                    c,
                    false,
                    format!("户籍须属于以下地区（身份证号前缀）：{}", prefixes.join("、")),
                    format!(
                        "Household registration must be in region {} (ID number prefix)",
                        prefixes.join(", ")
                    ),
                )
            }
        }
        Criterion::HasEnterprise => {
            if f.owns_verified_enterprise {
                result(
                    c,
                    true,
                    "已有经审核的创办企业".into(),
                    "You run an HR-verified enterprise".into(),
                )
            } else {
                result(
                    c,
                    false,
                    "须有经人才办审核的企业，且企业登记的联系人姓名和手机号与您的档案一致".into(),
                    "You must be the registered contact (same name and mobile) of an HR-verified enterprise".into(),
                )
            }
        }
        Criterion::MinEmploymentIntentsSigned { count } => {
            let have = f.signed_intents;
            if have >= i64::from(*count) {
                result(
                    c,
                    true,
                    format!("已签约就业意向{have}个"),
                    format!("{have} signed employment intents"),
                )
            } else {
                result(
                    c,
                    false,
                    format!("须至少有{count}个已签约的就业意向，您有{have}个"),
                    format!("At least {count} signed employment intents are needed; you have {have}"),
                )
            }
        }
    }
}

/// Check the criteria themselves (when a policy is written).
pub fn validate(criteria: &[Criterion]) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let mut seen = Vec::new();
    for (i, c) in criteria.iter().enumerate() {
        let field = format!("eligibility.{i}");
        if seen.contains(&c.kind()) {
            errors.push(FieldError::new(
                &field,
                "duplicate",
                format!("{} is listed twice.", c.kind()),
            ));
        }
        seen.push(c.kind());
        match c {
            Criterion::CategoriesAny { categories } if categories.is_empty() => {
                errors.push(FieldError::new(&field, "required", "Name at least one category."));
            }
            Criterion::AgeBetween { min, max } => {
                let bad = min.is_none() && max.is_none()
                    || min.is_some_and(|m| !(16..=100).contains(&m))
                    || max.is_some_and(|m| !(16..=100).contains(&m))
                    || matches!((min, max), (Some(a), Some(b)) if a > b);
                if bad {
                    errors.push(FieldError::new(
                        &field,
                        "out_of_range",
                        "Ages between 16 and 100, min not above max.",
                    ));
                }
            }
            Criterion::GraduatedWithinYears { years } if !(1..=50).contains(years) => {
                errors.push(FieldError::new(&field, "out_of_range", "Between 1 and 50 years."));
            }
            Criterion::IdRegionPrefix { prefixes } => {
                let bad = prefixes.is_empty()
                    || prefixes
                        .iter()
                        .any(|p| !(2..=6).contains(&p.len()) || !p.chars().all(|ch| ch.is_ascii_digit()));
                if bad {
                    errors.push(FieldError::new(
                        &field,
                        "invalid_value",
                        "Region codes are 2 to 6 digits.",
                    ));
                }
            }
            Criterion::MinEmploymentIntentsSigned { count } if !(1..=1000).contains(count) => {
                errors.push(FieldError::new(&field, "out_of_range", "Between 1 and 1000."));
            }
            _ => {}
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> Facts {
        Facts {
            categories: vec![TalentCategory::Graduate],
            highest_education: Some(EducationLevel::Bachelor),
            birth_date: NaiveDate::from_ymd_opt(2000, 6, 15).unwrap(),
            latest_graduation_year: Some(2023),
            id_region: "430623".into(),
            owns_verified_enterprise: false,
            signed_intents: 1,
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 6, 14).unwrap()
    }

    fn one(c: Criterion, f: &Facts) -> CriterionResult {
        evaluate(&[c], f, today()).remove(0)
    }

    #[test]
    fn each_criterion_met_and_not_met_names_itself() {
        let f = facts();
        let cases = vec![
            (
                Criterion::CategoriesAny {
                    categories: vec![TalentCategory::Graduate],
                },
                true,
            ),
            (
                Criterion::CategoriesAny {
                    categories: vec![TalentCategory::Entrepreneur],
                },
                false,
            ),
            (
                Criterion::MinEducation {
                    level: EducationLevel::Bachelor,
                },
                true,
            ),
            (
                Criterion::MinEducation {
                    level: EducationLevel::Master,
                },
                false,
            ),
            // One day before the 26th birthday.
            (
                Criterion::AgeBetween {
                    min: Some(18),
                    max: Some(25),
                },
                true,
            ),
            (
                Criterion::AgeBetween {
                    min: Some(26),
                    max: None,
                },
                false,
            ),
            (Criterion::GraduatedWithinYears { years: 3 }, true),
            (Criterion::GraduatedWithinYears { years: 2 }, false),
            (
                Criterion::IdRegionPrefix {
                    prefixes: vec!["4306".into()],
                },
                true,
            ),
            (
                Criterion::IdRegionPrefix {
                    prefixes: vec!["110101".into()],
                },
                false,
            ),
            (Criterion::HasEnterprise, false),
            (Criterion::MinEmploymentIntentsSigned { count: 1 }, true),
            (Criterion::MinEmploymentIntentsSigned { count: 2 }, false),
        ];
        for (c, met) in cases {
            let r = one(c.clone(), &f);
            assert_eq!(r.met, met, "{c:?}: {}", r.message_en);
            assert_eq!(r.criterion, c.kind());
            assert!(!r.message_zh.is_empty() && !r.message_en.is_empty());
        }
        let mut owner = facts();
        owner.owns_verified_enterprise = true;
        assert!(one(Criterion::HasEnterprise, &owner).met);
        let mut none = facts();
        none.highest_education = None;
        none.latest_graduation_year = None;
        assert!(
            !one(
                Criterion::MinEducation {
                    level: EducationLevel::HighSchool
                },
                &none
            )
            .met
        );
        assert!(one(Criterion::GraduatedWithinYears { years: 5 }, &none)
            .message_zh
            .contains("没有毕业年份"));
    }

    #[test]
    fn explanations_say_what_is_missing() {
        let r = one(
            Criterion::MinEducation {
                level: EducationLevel::Master,
            },
            &facts(),
        );
        assert!(
            r.message_zh.contains("硕士") && r.message_zh.contains("本科"),
            "{}",
            r.message_zh
        );
        let r = one(
            Criterion::AgeBetween {
                min: None,
                max: Some(20),
            },
            &facts(),
        );
        assert!(r.message_en.contains("you are 25"), "{}", r.message_en);
    }

    #[test]
    fn criteria_are_validated_when_written() {
        assert!(validate(&[
            Criterion::HasEnterprise,
            Criterion::AgeBetween {
                min: Some(18),
                max: Some(35)
            }
        ])
        .is_empty());
        let errors = validate(&[
            Criterion::AgeBetween {
                min: Some(40),
                max: Some(30),
            },
            Criterion::IdRegionPrefix {
                prefixes: vec!["43a".into()],
            },
            Criterion::CategoriesAny { categories: vec![] },
            Criterion::HasEnterprise,
            Criterion::HasEnterprise,
        ]);
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["eligibility.0", "eligibility.1", "eligibility.2", "eligibility.4"]
        );
    }

    #[test]
    fn criteria_read_and_write_as_tagged_json() {
        let c: Criterion = serde_json::from_str(r#"{"type":"min_education","level":"master"}"#).unwrap();
        assert_eq!(
            c,
            Criterion::MinEducation {
                level: EducationLevel::Master
            }
        );
        assert!(serde_json::from_str::<Criterion>(r#"{"type":"run_code","code":"rm -rf"}"#).is_err());
        assert_eq!(
            serde_json::to_string(&Criterion::HasEnterprise).unwrap(),
            r#"{"type":"has_enterprise"}"#
        );
    }
}
