//! Internship rules as plain functions: programme validation and the application status machine.

use crate::error::FieldError;
use crate::internships::models::ProgramInput;
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

/// Actions on an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApplicationAction {
    /// The enterprise or HR takes the applicant (fills a slot).
    Accept,
    /// The enterprise or HR declines.
    Reject,
    /// The applicant steps back.
    Withdraw,
    /// The internship begins.
    Start,
    /// The internship ends well (evaluation and hours).
    Complete,
    /// The internship ends early (reason).
    Terminate,
}

impl ApplicationAction {
    /// The status name the action leads to.
    pub fn target(self) -> &'static str {
        match self {
            ApplicationAction::Accept => "accepted",
            ApplicationAction::Reject => "rejected",
            ApplicationAction::Withdraw => "withdrawn",
            ApplicationAction::Start => "in_progress",
            ApplicationAction::Complete => "completed",
            ApplicationAction::Terminate => "terminated",
        }
    }
}

/// Whether `action` is allowed from status `from`.
pub fn allowed(from: &str, action: ApplicationAction) -> bool {
    use ApplicationAction::*;
    matches!(
        (from, action),
        ("submitted", Accept | Reject | Withdraw)
            | ("accepted", Withdraw | Start)
            | ("in_progress", Complete | Terminate)
    )
}

/// Statuses that count against the three-applications limit.
pub const ACTIVE: [&str; 3] = ["submitted", "accepted", "in_progress"];

#[cfg(test)]
mod tests {
    use super::*;
    use ApplicationAction::*;

    #[test]
    fn the_whole_table() {
        let statuses = [
            "submitted",
            "accepted",
            "rejected",
            "withdrawn",
            "in_progress",
            "completed",
            "terminated",
        ];
        let actions = [Accept, Reject, Withdraw, Start, Complete, Terminate];
        let mut allowed_pairs = Vec::new();
        for s in statuses {
            for a in actions {
                if allowed(s, a) {
                    allowed_pairs.push((s, a));
                }
            }
        }
        assert_eq!(
            allowed_pairs,
            [
                ("submitted", Accept),
                ("submitted", Reject),
                ("submitted", Withdraw),
                ("accepted", Withdraw),
                ("accepted", Start),
                ("in_progress", Complete),
                ("in_progress", Terminate),
            ]
        );
    }
}
