//! Position rules as plain functions: field validation.

use crate::error::FieldError;
use crate::positions::models::{PositionInput, PositionStatus};
use crate::validation;

/// Longest title.
pub const TITLE_MAX: usize = 100;
/// Longest description.
pub const DESCRIPTION_MAX: usize = 5000;
/// Longest location.
pub const LOCATION_MAX: usize = 100;
/// Most people one position asks for.
pub const HEADCOUNT_MAX: i32 = 10_000;
/// Highest monthly salary accepted, in yuan (a typo guard, not a policy).
pub const SALARY_MAX: i32 = 1_000_000;

/// Validated, normalised position fields.
#[derive(Debug, Clone)]
pub struct ValidPosition {
    pub title: String,
    pub description: String,
    pub headcount: i32,
    pub salary_min: i32,
    pub salary_max: i32,
    pub education_requirement: &'static str,
    pub location: String,
    pub kind: &'static str,
    pub status: &'static str,
}

fn in_range(field: &str, value: i32, min: i32, max: i32) -> Option<FieldError> {
    (!(min..=max).contains(&value))
        .then(|| FieldError::new(field, "invalid_value", format!("Must be between {min} and {max}.")))
}

/// Validate a position (new, or the result of a change); every bad field is reported at once.
pub fn validate_position(input: &PositionInput) -> Result<ValidPosition, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut keep = |r: Result<String, FieldError>| r.map_err(|e| errors.push(e)).unwrap_or_default();
    let title = keep(validation::text("title", &input.title, TITLE_MAX));
    let description = keep(validation::text("description", &input.description, DESCRIPTION_MAX));
    let location = keep(validation::text("location", &input.location, LOCATION_MAX));
    errors.extend(in_range("headcount", input.headcount, 1, HEADCOUNT_MAX));
    errors.extend(in_range("salary_min", input.salary_min, 0, SALARY_MAX));
    errors.extend(in_range("salary_max", input.salary_max, 0, SALARY_MAX));
    if input.salary_min > input.salary_max && errors.iter().all(|e| !e.field.starts_with("salary")) {
        errors.push(FieldError::new(
            "salary_max",
            "invalid_value",
            "The highest salary must not be below the lowest.",
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ValidPosition {
        title,
        description,
        headcount: input.headcount,
        salary_min: input.salary_min,
        salary_max: input.salary_max,
        education_requirement: input.education_requirement.unwrap_or_default().as_str(),
        location,
        kind: input.kind.as_str(),
        status: input.status.unwrap_or(PositionStatus::Open).as_str(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::EducationLevel;
    use crate::positions::models::{EducationRequirement, PositionKind};

    fn input() -> PositionInput {
        PositionInput {
            enterprise_id: "e".into(),
            title: " 数控车床操作工 ".into(),
            description: "两班倒".into(),
            headcount: 3,
            salary_min: 4500,
            salary_max: 6500,
            education_requirement: Some(EducationRequirement::AtLeast(EducationLevel::HighSchool)),
            location: "城关镇".into(),
            kind: PositionKind::Job,
            status: None,
        }
    }

    #[test]
    fn valid_position_is_normalised() {
        let v = validate_position(&input()).expect("valid");
        assert_eq!(
            (v.title.as_str(), v.education_requirement, v.status),
            ("数控车床操作工", "high_school", "open")
        );
        let equal = PositionInput {
            salary_min: 5000,
            salary_max: 5000,
            education_requirement: None,
            ..input()
        };
        assert_eq!(
            validate_position(&equal).map(|v| v.education_requirement).ok(),
            Some("none")
        );
    }

    #[test]
    fn bad_fields_are_all_reported() {
        let bad = PositionInput {
            title: "".into(),
            headcount: 0,
            salary_min: 8000,
            salary_max: 6000,
            ..input()
        };
        let errors = validate_position(&bad).expect_err("invalid");
        let fields: Vec<_> = errors.iter().map(|e| (e.field.as_str(), e.code.as_str())).collect();
        assert_eq!(
            fields,
            [
                ("title", "required"),
                ("headcount", "invalid_value"),
                ("salary_max", "invalid_value")
            ]
        );
        let negative = PositionInput {
            salary_min: -1,
            ..input()
        };
        assert_eq!(
            validate_position(&negative).expect_err("invalid")[0].field,
            "salary_min"
        );
    }

    #[test]
    fn education_requirement_names() {
        for name in EducationRequirement::names() {
            assert_eq!(
                EducationRequirement::parse(name).map(EducationRequirement::as_str),
                Some(name)
            );
        }
        assert_eq!(
            EducationRequirement::open_to(EducationLevel::Associate),
            ["none", "high_school", "associate"]
        );
        let parsed: EducationRequirement = serde_json::from_str("\"master\"").expect("parses");
        assert_eq!(parsed, EducationRequirement::AtLeast(EducationLevel::Master));
        let err = serde_json::from_str::<EducationRequirement>("\"phd\"").expect_err("unknown");
        assert!(err.to_string().starts_with("unknown variant `phd`"), "{err}");
    }
}
