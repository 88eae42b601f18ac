//! Training rules as plain functions and data: validation, the completion threshold, the
//! certificate code and the course machine.

use crate::error::FieldError;
use crate::trainings::models::{CourseAction as A, CourseInput, CourseStatus as S};
use crate::transitions::{Machine, Move};
use crate::validation::{optional_text, text};
use rand::Rng;

/// Most sessions of one course.
pub const MAX_SESSIONS: usize = 100;
/// Most partner enterprises of one course.
pub const MAX_PARTNERS: usize = 200;

/// A course's texts, validated and trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CourseTexts {
    pub title: String,
    pub trade: String,
    pub organiser: String,
    pub description: Option<String>,
    /// Session venues in input order.
    pub venues: Vec<String>,
}

/// Validate a course: texts, capacity, threshold, sessions (1 to [`MAX_SESSIONS`], each ending
/// after it starts, 1 to 24 hours) and at most [`MAX_PARTNERS`] distinct partners.
pub fn validate(input: &CourseInput) -> Result<CourseTexts, Vec<FieldError>> {
    let mut errors = Vec::new();
    let title = text("title", &input.title, 100).map_err(|e| errors.push(e)).ok();
    let trade = text("trade", &input.trade, 50).map_err(|e| errors.push(e)).ok();
    let organiser = text("organiser", &input.organiser, 100)
        .map_err(|e| errors.push(e))
        .ok();
    let description = optional_text("description", input.description.as_deref().unwrap_or(""), 5000)
        .map_err(|e| errors.push(e))
        .ok()
        .flatten();
    if !(1..=10_000).contains(&input.capacity) {
        errors.push(FieldError::new("capacity", "out_of_range", "Between 1 and 10000."));
    }
    if !(1..=100).contains(&input.threshold_percent) {
        errors.push(FieldError::new(
            "threshold_percent",
            "out_of_range",
            "Between 1 and 100.",
        ));
    }
    if input.sessions.is_empty() || input.sessions.len() > MAX_SESSIONS {
        errors.push(FieldError::new(
            "sessions",
            if input.sessions.is_empty() {
                "required"
            } else {
                "too_long"
            },
            format!("1 to {MAX_SESSIONS} sessions."),
        ));
    }
    let mut venues = Vec::new();
    for (n, s) in input.sessions.iter().enumerate() {
        match text(&format!("sessions.{n}.venue"), &s.venue, 200) {
            Ok(v) => venues.push(v),
            Err(e) => errors.push(e),
        }
        if s.ends_at <= s.starts_at {
            errors.push(FieldError::new(
                &format!("sessions.{n}.ends_at"),
                "invalid_value",
                "A session ends after it starts.",
            ));
        }
        if !(1..=24).contains(&s.hours) {
            errors.push(FieldError::new(
                &format!("sessions.{n}.hours"),
                "out_of_range",
                "Between 1 and 24 hours.",
            ));
        }
    }
    let mut partners = input.partner_ids.clone();
    partners.sort();
    partners.dedup();
    if partners.len() != input.partner_ids.len() || partners.len() > MAX_PARTNERS {
        errors.push(FieldError::new(
            "partner_ids",
            "invalid_value",
            format!("Each partner once, at most {MAX_PARTNERS}."),
        ));
    }
    match (title, trade, organiser) {
        (Some(title), Some(trade), Some(organiser)) if errors.is_empty() => Ok(CourseTexts {
            title,
            trade,
            organiser,
            description,
            venues,
        }),
        _ => Err(errors),
    }
}

/// Whether `attended` of `total` hours reaches `threshold_percent`: exact integer arithmetic, so
/// exactly at the threshold completes.
pub fn completes(attended: i32, total: i32, threshold_percent: i32) -> bool {
    total > 0 && i64::from(attended) * 100 >= i64::from(threshold_percent) * i64::from(total)
}

/// The hours a trainee must attend: the threshold share of `total`, rounded up.
pub fn required_hours(total: i32, threshold_percent: i32) -> i32 {
    let need = i64::from(total) * i64::from(threshold_percent);
    i32::try_from((need + 99) / 100).unwrap_or(i32::MAX)
}

/// Alphabet of certificate codes (no 0/O, 1/I/L).
const CODE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/// A new certificate verification code, `PX-` and 12 characters (about 59 bits) in groups of four.
pub fn new_certificate_code() -> String {
    let mut rng = rand::thread_rng();
    let chars: Vec<char> = (0..12)
        .map(|_| CODE_ALPHABET[rng.gen_range(0..CODE_ALPHABET.len())] as char)
        .collect();
    let groups: Vec<String> = chars.chunks(4).map(|c| c.iter().collect()).collect();
    format!("PX-{}", groups.join("-"))
}

/// A typed certificate code in its stored form: uppercase, spaces removed.
pub fn normalize_certificate_code(raw: &str) -> String {
    raw.trim().to_uppercase().replace(' ', "")
}

/// Course lifecycle; `Edit`, `Enrol` and `CheckIn` stay in place and say where they are allowed.
pub const COURSE: Machine<S, A> = Machine {
    entity: "training course",
    moves: &[
        Move {
            action: A::Edit,
            from: &[S::Draft],
            to: S::Draft,
        },
        Move {
            action: A::Edit,
            from: &[S::Published],
            to: S::Published,
        },
        Move {
            action: A::Publish,
            from: &[S::Draft],
            to: S::Published,
        },
        Move {
            action: A::Close,
            from: &[S::Published],
            to: S::Closed,
        },
        Move {
            action: A::Complete,
            from: &[S::Published, S::Closed],
            to: S::Completed,
        },
        Move {
            action: A::Cancel,
            from: &[S::Draft, S::Published, S::Closed],
            to: S::Cancelled,
        },
        Move {
            action: A::Enrol,
            from: &[S::Published],
            to: S::Published,
        },
        Move {
            action: A::CheckIn,
            from: &[S::Published],
            to: S::Published,
        },
        Move {
            action: A::CheckIn,
            from: &[S::Closed],
            to: S::Closed,
        },
    ],
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trainings::models::SessionInput;
    use chrono::{Duration, Utc};

    #[test]
    fn the_machine() {
        assert_eq!(COURSE.next(S::Draft, A::Publish), Some(S::Published));
        assert_eq!(COURSE.next(S::Published, A::Close), Some(S::Closed));
        assert_eq!(COURSE.next(S::Closed, A::Complete), Some(S::Completed));
        assert_eq!(COURSE.next(S::Published, A::Complete), Some(S::Completed));
        assert_eq!(COURSE.next(S::Draft, A::Complete), None);
        assert_eq!(COURSE.next(S::Completed, A::Cancel), None);
        assert_eq!(COURSE.next(S::Cancelled, A::Publish), None);
        assert_eq!(COURSE.next(S::Closed, A::Enrol), None);
        assert_eq!(COURSE.next(S::Draft, A::Enrol), None);
        assert_eq!(COURSE.next(S::Closed, A::CheckIn), Some(S::Closed));
        assert_eq!(COURSE.next(S::Draft, A::CheckIn), None);
        assert_eq!(COURSE.next(S::Closed, A::Edit), None);
        assert_eq!(COURSE.next(S::Completed, A::CheckIn), None);
    }

    #[test]
    fn the_threshold_is_exact() {
        // 80% of 10 hours: 8 completes, 7 does not.
        assert!(completes(8, 10, 80));
        assert!(!completes(7, 10, 80));
        // 80% of 9 hours is 7.2: 7 is short, 8 completes.
        assert!(!completes(7, 9, 80));
        assert!(completes(8, 9, 80));
        assert_eq!(required_hours(9, 80), 8);
        assert_eq!(required_hours(10, 80), 8);
        assert!(completes(3, 3, 100));
        assert!(!completes(0, 0, 50));
    }

    #[test]
    fn codes() {
        let a = new_certificate_code();
        assert_eq!(a.len(), 17);
        assert!(a.starts_with("PX-"));
        assert_ne!(a, new_certificate_code());
        assert_eq!(normalize_certificate_code(&format!(" {} ", a.to_lowercase())), a);
    }

    #[test]
    fn inputs() {
        let now = Utc::now();
        let input = CourseInput {
            title: " 电工技能培训 ".into(),
            trade: "电工".into(),
            organiser: "县人社局".into(),
            description: None,
            capacity: 30,
            threshold_percent: 80,
            partner_ids: vec!["a".into()],
            sessions: vec![SessionInput {
                starts_at: now,
                ends_at: now + Duration::hours(4),
                venue: "县职教中心".into(),
                hours: 4,
            }],
        };
        assert_eq!(validate(&input).unwrap().title, "电工技能培训");
        let bad = CourseInput {
            capacity: 0,
            threshold_percent: 101,
            partner_ids: vec!["a".into(), "a".into()],
            sessions: vec![SessionInput {
                starts_at: now,
                ends_at: now,
                venue: " ".into(),
                hours: 0,
            }],
            ..input.clone()
        };
        let fields: Vec<String> = validate(&bad).unwrap_err().into_iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            [
                "capacity",
                "threshold_percent",
                "sessions.0.venue",
                "sessions.0.ends_at",
                "sessions.0.hours",
                "partner_ids"
            ]
        );
        let none = CourseInput {
            sessions: vec![],
            ..input
        };
        assert_eq!(validate(&none).unwrap_err()[0].field, "sessions");
    }
}
