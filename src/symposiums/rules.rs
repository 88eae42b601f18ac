//! Symposium rules as plain functions and data: validation and the status machine.

use crate::error::FieldError;
use crate::symposiums::models::{SymposiumAction as A, SymposiumInput, SymposiumStatus as S};
use crate::transitions::{Machine, Move};
use crate::validation::{optional_text, text};

/// Longest summary or agenda.
pub const LONG_TEXT: usize = 10_000;

/// A symposium's details, validated and trimmed: (title, venue, agenda).
pub fn validate(input: &SymposiumInput) -> Result<(String, String, Option<String>), Vec<FieldError>> {
    let mut errors = Vec::new();
    let title = text("title", &input.title, 100).map_err(|e| errors.push(e)).ok();
    let venue = text("venue", &input.venue, 200).map_err(|e| errors.push(e)).ok();
    let agenda = optional_text("agenda", input.agenda.as_deref().unwrap_or(""), LONG_TEXT)
        .map_err(|e| errors.push(e))
        .ok()
        .flatten();
    if let Some(c) = input.capacity {
        if !(1..=100_000).contains(&c) {
            errors.push(FieldError::new("capacity", "out_of_range", "Between 1 and 100000."));
        }
    }
    match (title, venue) {
        (Some(t), Some(v)) if errors.is_empty() => Ok((t, v, agenda)),
        _ => Err(errors),
    }
}

/// A summary: required, at most [`LONG_TEXT`] characters.
pub fn validate_summary(raw: Option<&str>) -> Result<String, Vec<FieldError>> {
    text("summary", raw.unwrap_or(""), LONG_TEXT).map_err(|e| vec![e])
}

/// Whether `invited` more invitations fit beside `existing` ones under the capacity.
pub fn fits(capacity: Option<i32>, existing: i64, invited: i64) -> bool {
    capacity.is_none_or(|c| existing + invited <= i64::from(c))
}

/// Symposium lifecycle; `Edit` and `Record` stay in place and say where they are allowed.
pub const SYMPOSIUM: Machine<S, A> = Machine {
    entity: "symposium",
    moves: &[
        Move {
            action: A::Invite,
            from: &[S::Draft, S::Invited],
            to: S::Invited,
        },
        Move {
            action: A::Edit,
            from: &[S::Draft],
            to: S::Draft,
        },
        Move {
            action: A::Edit,
            from: &[S::Invited],
            to: S::Invited,
        },
        Move {
            action: A::Hold,
            from: &[S::Invited],
            to: S::Held,
        },
        Move {
            action: A::Cancel,
            from: &[S::Draft, S::Invited],
            to: S::Cancelled,
        },
        Move {
            action: A::Record,
            from: &[S::Held],
            to: S::Held,
        },
    ],
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::symposiums::models::SymposiumKind;

    #[test]
    fn the_machine() {
        assert_eq!(SYMPOSIUM.next(S::Draft, A::Invite), Some(S::Invited));
        assert_eq!(SYMPOSIUM.next(S::Invited, A::Invite), Some(S::Invited));
        assert_eq!(SYMPOSIUM.next(S::Draft, A::Hold), None);
        assert_eq!(SYMPOSIUM.next(S::Invited, A::Hold), Some(S::Held));
        assert_eq!(SYMPOSIUM.next(S::Held, A::Cancel), None);
        assert_eq!(SYMPOSIUM.next(S::Cancelled, A::Invite), None);
        assert_eq!(SYMPOSIUM.next(S::Held, A::Edit), None);
        assert_eq!(SYMPOSIUM.next(S::Invited, A::Edit), Some(S::Invited));
        assert_eq!(SYMPOSIUM.next(S::Held, A::Record), Some(S::Held));
        assert_eq!(SYMPOSIUM.next(S::Invited, A::Record), None);
    }

    #[test]
    fn capacity_and_inputs() {
        assert!(fits(None, 10, 1000));
        assert!(fits(Some(3), 1, 2));
        assert!(!fits(Some(3), 2, 2));
        let input = SymposiumInput {
            kind: SymposiumKind::Youth,
            title: " 青年人才座谈会 ".into(),
            starts_at: chrono::Utc::now(),
            venue: "县委党校".into(),
            capacity: Some(0),
            agenda: None,
        };
        assert_eq!(validate(&input).unwrap_err()[0].field, "capacity");
        let ok = SymposiumInput {
            capacity: None,
            ..input
        };
        assert_eq!(validate(&ok).unwrap().0, "青年人才座谈会");
        assert!(validate_summary(Some("  ")).is_err());
    }
}
