//! Internship rules as plain functions and data: validation and the programme, offer and application machines.

use crate::error::FieldError;
use crate::internships::models::{
    ApplicationAction as A, ApplicationStatus as S, CompleteInput, OfferAction, OfferInput, OfferStatus, ProgramAction,
    ProgramInput, ProgramStatus,
};
use crate::transitions::{Machine, Move};
use crate::validation::{optional_text, text};

/// Most active applications one person may have in one programme.
pub const MAX_APPLICATIONS: i64 = 3;

/// Validate a programme.
pub fn validate_program(input: &ProgramInput) -> Result<(), Vec<FieldError>> {
    let mut errors = Vec::new();
    if let Err(e) = text("title", &input.title, 100) {
        errors.push(e);
    }
    if let Err(e) = optional_text("description", input.description.as_deref().unwrap_or(""), 5000) {
        errors.push(e);
    }
    if let Err(e) = text("season", &input.season, 50) {
        errors.push(e);
    }
    if input.application_closes_at <= input.application_opens_at {
        errors.push(FieldError::new(
            "application_closes_at",
            "before_start",
            "The window must close after it opens.",
        ));
    }
    if input.ends_on < input.starts_on {
        errors.push(FieldError::new(
            "ends_on",
            "before_start",
            "The programme must end after it starts.",
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Programme lifecycle.
pub const PROGRAM: Machine<ProgramStatus, ProgramAction> = Machine {
    entity: "programme",
    moves: &[
        Move {
            action: ProgramAction::Publish,
            from: &[ProgramStatus::Draft],
            to: ProgramStatus::Published,
        },
        Move {
            action: ProgramAction::Close,
            from: &[ProgramStatus::Published],
            to: ProgramStatus::Closed,
        },
    ],
};

/// HR's decision on an offered internship position.
pub const OFFER: Machine<OfferStatus, OfferAction> = Machine {
    entity: "internship position",
    moves: &[
        Move {
            action: OfferAction::Approve,
            from: &[OfferStatus::Pending],
            to: OfferStatus::Approved,
        },
        Move {
            action: OfferAction::Reject,
            from: &[OfferStatus::Pending],
            to: OfferStatus::Rejected,
        },
    ],
};

/// Application and placement lifecycle; who may act is decided by the operation.
pub const APPLICATION: Machine<S, A> = Machine {
    entity: "application",
    moves: &[
        Move {
            action: A::Accept,
            from: &[S::Submitted],
            to: S::Accepted,
        },
        Move {
            action: A::Reject,
            from: &[S::Submitted],
            to: S::Rejected,
        },
        Move {
            action: A::Withdraw,
            from: &[S::Submitted, S::Accepted],
            to: S::Withdrawn,
        },
        Move {
            action: A::Start,
            from: &[S::Accepted],
            to: S::InProgress,
        },
        Move {
            action: A::Complete,
            from: &[S::InProgress],
            to: S::Completed,
        },
        Move {
            action: A::Terminate,
            from: &[S::InProgress],
            to: S::Terminated,
        },
    ],
};

/// Statuses that count against the three-applications limit.
pub const ACTIVE: [S; 3] = [S::Submitted, S::Accepted, S::InProgress];

/// Validate an offer's mentor, slots and stipend; returns the trimmed mentor.
pub fn validate_offer(input: &OfferInput) -> Result<String, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mentor = text("mentor", &input.mentor, 50).map_err(|e| errors.push(e)).ok();
    if !(1..=1000).contains(&input.slots) {
        errors.push(FieldError::new("slots", "out_of_range", "Between 1 and 1000."));
    }
    if !(0..=10_000_000).contains(&input.stipend_fen) {
        errors.push(FieldError::new(
            "stipend_fen",
            "out_of_range",
            "Between 0 and 100000 yuan (in fen).",
        ));
    }
    match mentor {
        Some(mentor) if errors.is_empty() => Ok(mentor),
        _ => Err(errors),
    }
}

/// Validate the end of a completed internship; returns the trimmed evaluation.
pub fn validate_completion(input: &CompleteInput) -> Result<String, Vec<FieldError>> {
    let mut errors = Vec::new();
    let evaluation = text("evaluation", &input.evaluation, 2000)
        .map_err(|e| errors.push(e))
        .ok();
    if !(1..=5000).contains(&input.hours) {
        errors.push(FieldError::new("hours", "out_of_range", "Between 1 and 5000 hours."));
    }
    match evaluation {
        Some(evaluation) if errors.is_empty() => Ok(evaluation),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transitions::Stored;
    use strum::IntoEnumIterator;

    #[test]
    fn the_whole_application_table() {
        let mut allowed_pairs = Vec::new();
        for s in S::iter() {
            for a in A::iter() {
                if let Some(to) = APPLICATION.next(s, a) {
                    allowed_pairs.push((s.as_str(), a.as_str(), to.as_str()));
                }
            }
        }
        assert_eq!(
            allowed_pairs,
            [
                ("submitted", "accept", "accepted"),
                ("submitted", "reject", "rejected"),
                ("submitted", "withdraw", "withdrawn"),
                ("accepted", "withdraw", "withdrawn"),
                ("accepted", "start", "in_progress"),
                ("in_progress", "complete", "completed"),
                ("in_progress", "terminate", "terminated"),
            ]
        );
        for s in ACTIVE {
            assert!(
                !APPLICATION.actions_from(s).is_empty(),
                "{s:?} is active, so it can still move"
            );
        }
    }

    #[test]
    fn programme_and_offer_tables() {
        let mut moves = Vec::new();
        for s in ProgramStatus::iter() {
            for a in ProgramAction::iter() {
                if let Some(to) = PROGRAM.next(s, a) {
                    moves.push((s.as_str(), a.as_str(), to.as_str()));
                }
            }
        }
        for s in OfferStatus::iter() {
            for a in OfferAction::iter() {
                if let Some(to) = OFFER.next(s, a) {
                    moves.push((s.as_str(), a.as_str(), to.as_str()));
                }
            }
        }
        assert_eq!(
            moves,
            [
                ("draft", "publish", "published"),
                ("published", "close", "closed"),
                ("pending", "approve", "approved"),
                ("pending", "reject", "rejected"),
            ]
        );
    }

    #[test]
    fn offers_and_completions_are_checked() {
        let offer = OfferInput {
            program_id: "p".into(),
            position_id: "x".into(),
            slots: 0,
            mentor: " ".into(),
            stipend_fen: -1,
        };
        let fields: Vec<_> = validate_offer(&offer)
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["mentor", "slots", "stipend_fen"]);
        let done = CompleteInput {
            evaluation: "Good".into(),
            hours: 120,
        };
        assert_eq!(validate_completion(&done).unwrap(), "Good");
    }
}
