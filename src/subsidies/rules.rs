//! Subsidy rules as plain functions and data: policy validation, the two state machines, amounts,
//! the notice period, and what the applicant is told.

use crate::attachments::models::AttachmentKind;
use crate::error::FieldError;
use crate::money::{self, Fen};
use crate::subsidies::eligibility::{self, Criterion};
use crate::subsidies::models::{
    AmountRule, ApplicantStatus, ApplicationAction as A, PolicyAction, PolicyInput, PolicyKind, PolicyStatus,
    SubsidyApplicationStatus as S,
};
use crate::transitions::{Machine, Move};
use crate::validation::{optional_text, text};
use chrono::{Duration, NaiveDateTime};

/// Longest statement an applicant may write.
pub const MAX_STATEMENT: usize = 2000;
/// Longest reason or note.
pub const MAX_REASON: usize = 500;
/// Budget years the portal accepts.
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// Policy lifecycle.
pub const POLICY: Machine<PolicyStatus, PolicyAction> = Machine {
    entity: "policy",
    moves: &[
        Move {
            action: PolicyAction::Activate,
            from: &[PolicyStatus::Draft],
            to: PolicyStatus::Active,
        },
        Move {
            action: PolicyAction::Close,
            from: &[PolicyStatus::Active],
            to: PolicyStatus::Closed,
        },
    ],
};

/// Application lifecycle: who may move it is decided by the operation, where it may go by this table.
pub const APPLICATION: Machine<S, A> = Machine {
    entity: "application",
    moves: &[
        Move {
            action: A::Submit,
            from: &[S::Draft],
            to: S::Submitted,
        },
        Move {
            action: A::Resubmit,
            from: &[S::Returned],
            to: S::Resubmitted,
        },
        Move {
            action: A::Withdraw,
            from: &[S::Draft, S::Submitted, S::Returned, S::Resubmitted],
            to: S::Withdrawn,
        },
        Move {
            action: A::Return,
            from: &[S::Submitted, S::Resubmitted],
            to: S::Returned,
        },
        Move {
            action: A::Reject,
            from: &[S::Submitted, S::Resubmitted],
            to: S::Rejected,
        },
        Move {
            action: A::Approve,
            from: &[S::Submitted, S::Resubmitted],
            to: S::HrApproved,
        },
        Move {
            action: A::FinanceApprove,
            from: &[S::HrApproved],
            to: S::FinanceApproved,
        },
        Move {
            action: A::FinanceReject,
            from: &[S::HrApproved],
            to: S::FinanceRejected,
        },
        Move {
            action: A::Publish,
            from: &[S::FinanceApproved],
            to: S::InNotice,
        },
        Move {
            action: A::Award,
            from: &[S::InNotice],
            to: S::Awarded,
        },
        Move {
            action: A::UpholdObjection,
            from: &[S::InNotice],
            to: S::ObjectionUpheld,
        },
    ],
};

/// States in which the applicant may still change the draft.
pub fn editable(status: S) -> bool {
    matches!(status, S::Draft | S::Returned)
}

/// What the applicant is told for each internal state.
pub fn applicant_status(status: S) -> ApplicantStatus {
    match status {
        S::Draft => ApplicantStatus::Draft,
        S::Submitted | S::Resubmitted => ApplicantStatus::Submitted,
        S::Returned => ApplicantStatus::Returned,
        S::HrApproved => ApplicantStatus::UnderReview,
        S::FinanceApproved => ApplicantStatus::Approved,
        S::Rejected | S::FinanceRejected | S::ObjectionUpheld => ApplicantStatus::NotApproved,
        S::InNotice => ApplicantStatus::InNotice,
        S::Awarded => ApplicantStatus::Awarded,
        S::Withdrawn => ApplicantStatus::Withdrawn,
    }
}

/// Validated policy fields (times in UTC, as stored).
#[derive(Debug, Clone)]
pub struct ValidPolicy {
    pub code: String,
    pub name: String,
    pub description: Option<String>,
    pub document_no: String,
    pub kind: PolicyKind,
    pub amount_rule: AmountRule,
    pub amount: Fen,
    pub budgets: Vec<(i32, Fen)>,
    pub exclusive_group: Option<String>,
    pub required_attachments: Vec<AttachmentKind>,
    pub eligibility: Vec<Criterion>,
    pub opens_at: NaiveDateTime,
    pub closes_at: NaiveDateTime,
    pub notice_days: i32,
}

fn is_code(s: &str, lower: bool) -> bool {
    !s.is_empty()
        && s.chars().all(|c| {
            c.is_ascii_digit()
                || c == '-'
                || c == '_'
                || if lower {
                    c.is_ascii_lowercase()
                } else {
                    c.is_ascii_uppercase()
                }
        })
}

/// Check a policy as the administrator wrote it.
pub fn validate_policy(input: &PolicyInput) -> Result<ValidPolicy, Vec<FieldError>> {
    let mut errors = Vec::new();
    let code = input.code.trim().to_ascii_uppercase();
    if !(2..=40).contains(&code.len()) || !is_code(&code, false) {
        errors.push(FieldError::new(
            "code",
            "invalid_value",
            "2 to 40 letters, digits and dashes, e.g. CXCY-2026.",
        ));
    }
    let name = text("name", &input.name, 100).map_err(|e| errors.push(e)).ok();
    let description = optional_text("description", input.description.as_deref().unwrap_or(""), 5000)
        .map_err(|e| errors.push(e))
        .ok()
        .flatten();
    let document_no = text("document_no", &input.document_no, 100)
        .map_err(|e| errors.push(e))
        .ok();
    if input.amount_fen.get() <= 0 || input.amount_fen > money::MAX {
        errors.push(FieldError::new(
            "amount_fen",
            "out_of_range",
            "A positive amount of at most 100,000,000 yuan.",
        ));
    }
    let mut budgets = Vec::new();
    for (i, b) in input.budgets.iter().enumerate() {
        let field = format!("budgets.{i}");
        if !YEARS.contains(&b.year) {
            errors.push(FieldError::new(&field, "out_of_range", "A year between 2000 and 2100."));
        } else if budgets.iter().any(|(y, _)| *y == b.year) {
            errors.push(FieldError::new(
                &field,
                "duplicate",
                format!("{} is listed twice.", b.year),
            ));
        }
        if b.budget_fen.get() < 0 || b.budget_fen.get() > money::MAX.get() * 100 {
            errors.push(FieldError::new(
                &field,
                "out_of_range",
                "Not negative, at most 10,000,000,000 yuan.",
            ));
        }
        budgets.push((b.year, b.budget_fen));
    }
    let exclusive_group = match input
        .exclusive_group
        .as_deref()
        .map(str::trim)
        .filter(|g| !g.is_empty())
    {
        Some(g) if g.len() <= 40 && is_code(g, true) => Some(g.to_string()),
        Some(_) => {
            errors.push(FieldError::new(
                "exclusive_group",
                "invalid_value",
                "Up to 40 lowercase letters, digits, dashes.",
            ));
            None
        }
        None => None,
    };
    let mut required_attachments = Vec::new();
    for kind in &input.required_attachments {
        if !required_attachments.contains(kind) {
            required_attachments.push(*kind);
        }
    }
    errors.extend(eligibility::validate(&input.eligibility));
    if input.kind == PolicyKind::Roster && (!input.eligibility.is_empty() || !required_attachments.is_empty()) {
        errors.push(FieldError::new(
            "eligibility",
            "not_applicable",
            "Roster policies pay a list HR compiles; they take no criteria or attachments.",
        ));
    }
    if input.closes_at <= input.opens_at {
        errors.push(FieldError::new(
            "closes_at",
            "before_start",
            "The window must close after it opens.",
        ));
    }
    let notice_days = input.notice_days.unwrap_or(5);
    if !(1..=60).contains(&notice_days) {
        errors.push(FieldError::new("notice_days", "out_of_range", "Between 1 and 60 days."));
    }
    match (name, document_no) {
        (Some(name), Some(document_no)) if errors.is_empty() => Ok(ValidPolicy {
            code,
            name,
            description,
            document_no,
            kind: input.kind,
            amount_rule: input.amount_rule,
            amount: input.amount_fen,
            budgets,
            exclusive_group,
            required_attachments,
            eligibility: input.eligibility.clone(),
            opens_at: input.opens_at.naive_utc(),
            closes_at: input.closes_at.naive_utc(),
            notice_days,
        }),
        _ => Err(errors),
    }
}

/// The amount an applicant asks for: the fixed amount, or 1 fen up to the cap.
pub fn requested_amount(rule: AmountRule, amount: Fen, requested: Option<Fen>) -> Result<Fen, FieldError> {
    match (rule, requested) {
        (AmountRule::Fixed, None) => Ok(amount),
        (AmountRule::Fixed, Some(r)) if r == amount => Ok(amount),
        (AmountRule::Fixed, Some(_)) => Err(FieldError::new(
            "requested_fen",
            "invalid_value",
            format!("This subsidy is a fixed {amount} yuan."),
        )),
        (AmountRule::UpTo, None) => Err(FieldError::new(
            "requested_fen",
            "required",
            "Say how much you apply for.",
        )),
        (AmountRule::UpTo, Some(r)) if r.get() > 0 && r <= amount => Ok(r),
        (AmountRule::UpTo, Some(_)) => Err(FieldError::new(
            "requested_fen",
            "out_of_range",
            format!("Between 0.01 and {amount} yuan."),
        )),
    }
}

/// The amount HR grants: the fixed amount, or up to the cap (defaults to what was asked).
pub fn granted_amount(rule: AmountRule, amount: Fen, requested: Fen, granted: Option<Fen>) -> Result<Fen, FieldError> {
    match rule {
        AmountRule::Fixed => requested_amount(rule, amount, granted).map_err(|mut e| {
            e.field = "granted_fen".into();
            e
        }),
        AmountRule::UpTo => {
            let g = granted.unwrap_or(requested);
            if g.get() > 0 && g <= amount {
                Ok(g)
            } else {
                Err(FieldError::new(
                    "granted_fen",
                    "out_of_range",
                    format!("Between 0.01 and {amount} yuan."),
                ))
            }
        }
    }
}

/// When a notice published at `published_at` ends: after `days` full calendar days (Asia/Shanghai)
/// following the day of publication.
pub fn notice_ends(published_at: NaiveDateTime, days: i32) -> NaiveDateTime {
    let day = crate::time::local_date(published_at) + Duration::days(i64::from(days) + 1);
    crate::time::start_of_local_day(day)
}

/// True while applications are taken.
pub fn window_open(
    status: PolicyStatus,
    opens_at: NaiveDateTime,
    closes_at: NaiveDateTime,
    now: NaiveDateTime,
) -> bool {
    status == PolicyStatus::Active && opens_at <= now && now < closes_at
}

/// A reason or note: required, at most [`MAX_REASON`] characters.
pub fn reason(field: &str, raw: &str) -> Result<String, FieldError> {
    text(field, raw, MAX_REASON)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transitions::Stored;
    use chrono::NaiveDate;
    use strum::IntoEnumIterator;

    #[test]
    fn the_application_table_allows_exactly_these_moves() {
        let allowed: Vec<(&str, &str, &str)> = APPLICATION
            .moves
            .iter()
            .flat_map(|m| {
                m.from
                    .iter()
                    .map(move |f| (f.as_str(), m.action.as_str(), m.to.as_str()))
            })
            .collect();
        assert_eq!(allowed.len(), 17);
        for from in S::iter() {
            for action in A::iter() {
                let next = APPLICATION.next(from, action);
                assert_eq!(
                    next.is_some(),
                    allowed
                        .iter()
                        .any(|(f, a, _)| *f == from.as_str() && *a == action.as_str()),
                    "{from:?} {action:?}"
                );
            }
        }
        for terminal in [
            S::Withdrawn,
            S::Rejected,
            S::FinanceRejected,
            S::Awarded,
            S::ObjectionUpheld,
        ] {
            assert!(APPLICATION.actions_from(terminal).is_empty(), "{terminal:?} is final");
        }
    }

    #[test]
    fn applicants_never_see_internal_names() {
        for s in S::iter() {
            let shown = applicant_status(s).as_str();
            assert!(![
                "hr_approved",
                "finance_approved",
                "finance_rejected",
                "objection_upheld",
                "resubmitted"
            ]
            .contains(&shown));
        }
    }

    #[test]
    fn amounts_follow_the_rule() {
        let cap = Fen(500_000);
        assert_eq!(requested_amount(AmountRule::Fixed, cap, None), Ok(cap));
        assert!(requested_amount(AmountRule::Fixed, cap, Some(Fen(1))).is_err());
        assert_eq!(
            requested_amount(AmountRule::UpTo, cap, Some(Fen(300_000))),
            Ok(Fen(300_000))
        );
        assert!(requested_amount(AmountRule::UpTo, cap, Some(Fen(500_001))).is_err());
        assert!(requested_amount(AmountRule::UpTo, cap, Some(Fen(0))).is_err());
        assert!(requested_amount(AmountRule::UpTo, cap, None).is_err());
        assert_eq!(
            granted_amount(AmountRule::UpTo, cap, Fen(300_000), None),
            Ok(Fen(300_000))
        );
        assert_eq!(
            granted_amount(AmountRule::UpTo, cap, Fen(300_000), Some(Fen(200_000))),
            Ok(Fen(200_000))
        );
        assert_eq!(
            granted_amount(AmountRule::UpTo, cap, Fen(300_000), Some(Fen(600_000)))
                .unwrap_err()
                .field,
            "granted_fen"
        );
        assert_eq!(granted_amount(AmountRule::Fixed, cap, cap, None), Ok(cap));
    }

    #[test]
    fn a_five_day_notice_published_at_night_ends_after_five_whole_local_days() {
        // 2026-03-01 23:30 in Shanghai.
        let published = NaiveDate::from_ymd_opt(2026, 3, 1)
            .unwrap()
            .and_hms_opt(15, 30, 0)
            .unwrap();
        let ends = notice_ends(published, 5);
        // 2026-03-07 00:00 in Shanghai.
        assert_eq!(
            ends,
            NaiveDate::from_ymd_opt(2026, 3, 6)
                .unwrap()
                .and_hms_opt(16, 0, 0)
                .unwrap()
        );
    }
}
