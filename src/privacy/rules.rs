//! Privacy rules as plain functions and data: consent, reasons, and the closure machine.

use crate::auth::Role;
use crate::error::FieldError;
use crate::privacy::models::{ClosureAction as A, ClosureStatus as S};
use crate::transitions::{Machine, Move};
use crate::validation::{optional_text, text};

/// Who decides closure requests.
pub const DECIDERS: &[Role] = &[Role::Hr, Role::Admin];

/// Who may ask for their account to be closed: the self-registered; staff accounts are an
/// administrator's to disable.
pub const CLOSABLE: &[Role] = &[Role::Applicant, Role::Employer];

/// The closure request's moves.
pub static CLOSURE: Machine<S, A> = Machine {
    entity: "closure request",
    moves: &[
        Move {
            action: A::Approve,
            from: &[S::Requested],
            to: S::Approved,
        },
        Move {
            action: A::Reject,
            from: &[S::Requested],
            to: S::Rejected,
        },
    ],
};

/// Whether a registration consented to the notice in force: the version it sends must be it.
pub fn consented(sent: Option<&str>, current: &str) -> bool {
    sent.map(str::trim) == Some(current)
}

/// The person's optional reason for closing.
pub fn closure_reason(raw: Option<&str>) -> Result<Option<String>, Vec<FieldError>> {
    optional_text("reason", raw.unwrap_or(""), 500).map_err(|e| vec![e])
}

/// HR's reason for a rejection: required.
pub fn rejection_reason(raw: &str) -> Result<String, Vec<FieldError>> {
    text("reason", raw, 500).map_err(|e| vec![e])
}

/// The e-mail address a closed account is left with: unique, never deliverable, no trace of the old one.
pub fn closed_email(user_id: &str) -> String {
    format!("closed-{user_id}@closed.invalid")
}

/// The name a closed account is shown with.
pub const CLOSED_NAME: &str = "已注销用户";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transitions::Stored;

    #[test]
    fn only_an_open_request_is_decided() {
        let moves: Vec<_> = CLOSURE
            .moves
            .iter()
            .flat_map(|m| {
                m.from
                    .iter()
                    .map(move |f| (f.as_str(), m.action.as_str(), m.to.as_str()))
            })
            .collect();
        assert_eq!(
            moves,
            [
                ("requested", "approve", "approved"),
                ("requested", "reject", "rejected")
            ]
        );
        assert!(CLOSURE.apply(S::Approved, A::Reject).is_err());
        assert!(CLOSURE.apply(S::Rejected, A::Approve).is_err());
    }

    #[test]
    fn consent_names_the_notice_in_force() {
        assert!(consented(Some("2026-12-02"), "2026-12-02"));
        assert!(consented(Some(" 2026-12-02 "), "2026-12-02"));
        assert!(!consented(Some("2025-01-01"), "2026-12-02"));
        assert!(!consented(None, "2026-12-02"));
        assert!(!consented(Some(""), "2026-12-02"));
    }

    #[test]
    fn reasons() {
        assert_eq!(closure_reason(None).unwrap(), None);
        assert_eq!(
            closure_reason(Some("  不再使用 ")).unwrap().as_deref(),
            Some("不再使用")
        );
        assert!(closure_reason(Some(&"长".repeat(501))).is_err());
        assert!(rejection_reason("  ").is_err());
        assert_eq!(rejection_reason(" 有未结清的补贴 ").unwrap(), "有未结清的补贴");
    }

    #[test]
    fn a_closed_address_is_unique_and_undeliverable() {
        assert_eq!(closed_email("abc"), "closed-abc@closed.invalid");
        assert_ne!(closed_email("a"), closed_email("b"));
    }
}
