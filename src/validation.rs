//! Field checks shared by several domains (each domain keeps its own specific rules).

use crate::error::FieldError;

/// A mainland China mobile number: 11 digits starting with 1 (spaces and dashes are dropped).
pub fn mainland_mobile(field: &str, raw: &str) -> Result<String, FieldError> {
    let digits: String = raw.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    let digits = digits.strip_prefix("+86").unwrap_or(&digits).to_string();
    if digits.is_empty() {
        return Err(FieldError::new(field, "required", "Phone number is required."));
    }
    if digits.len() != 11 || !digits.starts_with('1') || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(FieldError::new(
            field,
            "invalid_phone",
            "A mainland mobile number has 11 digits and starts with 1.",
        ));
    }
    Ok(digits)
}

/// Trimmed text of 1 to `max` characters without control characters.
pub fn text(field: &str, raw: &str, max: usize) -> Result<String, FieldError> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(FieldError::new(field, "required", "This field is required."));
    }
    optional_text(field, value, max).map(|v| v.unwrap_or_default())
}

/// Like [`text`], but empty means `None`. Newlines and tabs are allowed (descriptions).
pub fn optional_text(field: &str, raw: &str, max: usize) -> Result<Option<String>, FieldError> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(None);
    }
    if value.chars().count() > max {
        return Err(FieldError::new(field, "too_long", format!("At most {max} characters.")));
    }
    if value
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(FieldError::new(
            field,
            "invalid_value",
            "Control characters are not allowed.",
        ));
    }
    Ok(Some(value.to_string()))
}

/// The calendar years any year parameter may name: from the founding of the PRC to 2100. Wider
/// years overflow a timestamp on PostgreSQL (`timestamp out of range`), and no record is that old.
pub const YEARS: std::ops::RangeInclusive<i32> = 1949..=2100;

/// Check a year against [`YEARS`].
pub fn year(field: &str, value: i32) -> Result<i32, FieldError> {
    if YEARS.contains(&value) {
        Ok(value)
    } else {
        Err(FieldError::new(
            field,
            "out_of_range",
            format!("A year from {} to {}.", YEARS.start(), YEARS.end()),
        ))
    }
}

/// `deserialize_with` for an optional `year` query parameter (with `#[serde(default)]`): a year
/// outside [`YEARS`] fails extraction with a `validation_failed` answer for `year`.
pub fn query_year<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i32>, D::Error> {
    let value = <Option<i32> as serde::Deserialize>::deserialize(d)?;
    match value {
        Some(v) => year("year", v)
            .map(Some)
            .map_err(|e| serde::de::Error::custom(format!("out of range `year`: {}", e.message))),
        None => Ok(None),
    }
}

/// `deserialize_with` for a required `year` query parameter: like [`query_year`], but absent is
/// an error too.
pub fn required_query_year<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i32, D::Error> {
    let value = <i32 as serde::Deserialize>::deserialize(d)?;
    year("year", value).map_err(|e| serde::de::Error::custom(format!("out of range `year`: {}", e.message)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    struct YearQuery {
        #[serde(default, deserialize_with = "query_year")]
        year: Option<i32>,
    }

    #[test]
    fn years_are_bounded() {
        use actix_web::web::Query;
        let ok = Query::<YearQuery>::from_query("year=2024").expect("valid");
        assert_eq!(ok.year, Some(2024));
        let none = Query::<YearQuery>::from_query("").expect("valid");
        assert_eq!(none.year, None);
        for bad in ["year=-9702", "year=1948", "year=2101", "year=99999"] {
            let actix_web::error::QueryPayloadError::Deserialize(e) =
                Query::<YearQuery>::from_query(bad).expect_err(bad)
            else {
                panic!("{bad}: not a deserialize error");
            };
            let e = e.to_string();
            let problem = crate::http::errors::serde_problem(&e);
            assert_eq!(problem.errors[0].field, "year", "{bad}");
            assert_eq!(problem.errors[0].code, "out_of_range", "{bad}");
        }
        assert!(year("y", 1949).is_ok() && year("y", 2100).is_ok());
    }

    #[test]
    fn mobiles() {
        assert_eq!(
            mainland_mobile("phone", "138-0013-8000").ok().as_deref(),
            Some("13800138000")
        );
        assert_eq!(
            mainland_mobile("phone", "+86 13800138000").ok().as_deref(),
            Some("13800138000")
        );
        for bad in ["", "2380013800", "1380013800", "138001380001", "1380013800a"] {
            assert!(mainland_mobile("phone", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn texts() {
        assert_eq!(text("t", "  a  ", 5).ok().as_deref(), Some("a"));
        assert!(text("t", "   ", 5).is_err());
        assert!(text("t", "abcdef", 5).is_err());
        assert_eq!(optional_text("t", "", 5).ok(), Some(None));
        assert!(optional_text("t", "a\u{0}b", 5).is_err());
        assert_eq!(optional_text("t", "a\nb", 5).ok(), Some(Some("a\nb".into())));
    }
}
