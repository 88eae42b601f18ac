//! Village-plan rules as plain functions and data: the round and candidacy machines, input checks,
//! and the coverage of poor villages by admitted candidates.

use crate::error::FieldError;
use crate::transitions::{Machine, Move};
use crate::validation::{optional_text, text};
use crate::village_plan::models::{
    AdmitInput, CandidateAction as A, CandidateStatus as S, RoundAction, RoundInput, RoundStatus,
};
use crate::villages::rules::{successor_in, villages_in_year, Facts};
use std::collections::HashMap;

/// Round lifecycle: HR opens a round, closes it, and may open it again (late entries).
pub const ROUND: Machine<RoundStatus, RoundAction> = Machine {
    entity: "round",
    moves: &[
        Move {
            action: RoundAction::Open,
            from: &[RoundStatus::Draft, RoundStatus::Closed],
            to: RoundStatus::Open,
        },
        Move {
            action: RoundAction::Close,
            from: &[RoundStatus::Open],
            to: RoundStatus::Closed,
        },
    ],
};

/// Candidacy lifecycle; who may act is decided by the operation.
pub const CANDIDATE: Machine<S, A> = Machine {
    entity: "candidacy",
    moves: &[
        Move {
            action: A::Recommend,
            from: &[S::Applied],
            to: S::Recommended,
        },
        Move {
            action: A::Decline,
            from: &[S::Applied],
            to: S::Declined,
        },
        Move {
            action: A::Withdraw,
            from: &[S::Applied],
            to: S::Withdrawn,
        },
        Move {
            action: A::Admit,
            from: &[S::Recommended],
            to: S::Admitted,
        },
        Move {
            action: A::NotAdmit,
            from: &[S::Recommended],
            to: S::NotAdmitted,
        },
    ],
};

/// Statuses counted as recommended in the figures (recommended and what follows it).
pub const RECOMMENDED_OR_LATER: [S; 3] = [S::Recommended, S::Admitted, S::NotAdmitted];

/// Validate a round; returns its trimmed title and description.
pub fn round(input: &RoundInput) -> Result<(String, Option<String>), Vec<FieldError>> {
    let mut errors = Vec::new();
    if !(2000..=2100).contains(&input.year) {
        errors.push(FieldError::new("year", "out_of_range", "A year from 2000 to 2100."));
    }
    let title = text("title", &input.title, 100).map_err(|e| errors.push(e)).ok();
    let description = optional_text("description", input.description.as_deref().unwrap_or(""), 5000)
        .map_err(|e| errors.push(e))
        .ok()
        .flatten();
    match title {
        Some(t) if errors.is_empty() => Ok((t, description)),
        _ => Err(errors),
    }
}

/// Validate an admission; returns the trimmed institution and programme.
pub fn admission(input: &AdmitInput) -> Result<(String, String), Vec<FieldError>> {
    let mut errors = Vec::new();
    let institution = text("institution", &input.institution, 100)
        .map_err(|e| errors.push(e))
        .ok();
    let programme = text("programme", &input.programme, 100)
        .map_err(|e| errors.push(e))
        .ok();
    match (institution, programme) {
        (Some(i), Some(p)) if errors.is_empty() => Ok((i, p)),
        _ => Err(errors),
    }
}

/// The coverage of `year`: every village poor in that year (by the villages' year rule) with the
/// number of admitted candidates whose village stands for it in that year (a candidate's village
/// merged into it by then counts for the successor). In the order of `villages`.
pub fn coverage(villages: &[Facts], year: i32, admitted_villages: &[String]) -> Vec<(String, i64)> {
    let by_id: HashMap<&str, &Facts> = villages.iter().map(|f| (f.id.as_str(), f)).collect();
    let mut counts: HashMap<&str, i64> = HashMap::new();
    for v in admitted_villages {
        if let Some(s) = successor_in(&by_id, v.as_str(), year) {
            *counts.entry(s).or_default() += 1;
        }
    }
    villages_in_year(villages, year)
        .into_iter()
        .filter(|v| v.poor)
        .map(|v| {
            let n = counts.get(v.id.as_str()).copied().unwrap_or(0);
            (v.id, n)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transitions::Stored;
    use strum::IntoEnumIterator;

    #[test]
    fn the_whole_candidacy_and_round_tables() {
        let mut moves = Vec::new();
        for s in S::iter() {
            for a in A::iter() {
                if let Some(to) = CANDIDATE.next(s, a) {
                    moves.push((s.as_str(), a.as_str(), to.as_str()));
                }
            }
        }
        for s in RoundStatus::iter() {
            for a in RoundAction::iter() {
                if let Some(to) = ROUND.next(s, a) {
                    moves.push((s.as_str(), a.as_str(), to.as_str()));
                }
            }
        }
        assert_eq!(
            moves,
            [
                ("applied", "recommend", "recommended"),
                ("applied", "decline", "declined"),
                ("applied", "withdraw", "withdrawn"),
                ("recommended", "admit", "admitted"),
                ("recommended", "not_admit", "not_admitted"),
                ("draft", "open", "open"),
                ("open", "close", "closed"),
                ("closed", "open", "open"),
            ]
        );
    }

    fn f(id: &str, poor: bool) -> Facts {
        Facts {
            id: id.into(),
            poor,
            poor_changed_year: None,
            established_year: None,
            merged_into: None,
            merged_year: None,
        }
    }

    #[test]
    fn coverage_follows_mergers_of_the_year() {
        let mut a = f("a", true);
        a.merged_into = Some("b".into());
        a.merged_year = Some(2020);
        let all = vec![a, f("b", false), f("c", true), f("d", false)];
        let admitted = vec!["a".to_string(), "d".to_string()];
        assert_eq!(
            coverage(&all, 2019, &admitted),
            [("a".to_string(), 1), ("c".to_string(), 0)]
        );
        assert_eq!(
            coverage(&all, 2020, &admitted),
            [("b".to_string(), 1), ("c".to_string(), 0)]
        );
    }

    #[test]
    fn inputs_are_checked() {
        let bad = RoundInput {
            year: 1999,
            title: " ".into(),
            description: None,
        };
        let fields: Vec<_> = round(&bad).unwrap_err().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["year", "title"]);
        let ok = AdmitInput {
            institution: " 湖南农业大学 ".into(),
            programme: "现代农业技术".into(),
        };
        assert_eq!(admission(&ok).unwrap().0, "湖南农业大学");
    }
}
