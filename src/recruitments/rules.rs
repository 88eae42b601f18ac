//! Recruitment rules as plain functions and data: the two state machines, input validation, the
//! majors requirement, exam numbers and the sign-up ratio.

use crate::error::FieldError;
use crate::recruitments::models::{
    PostInput, RecruitmentAction as RA, RecruitmentApplicationAction as A, RecruitmentApplicationStatus as S,
    RecruitmentFileKind, RecruitmentInput, RecruitmentStatus as R,
};
use crate::subsidies::eligibility::{self, Criterion, CriterionResult};
use crate::transitions::{Machine, Move};
use crate::validation::{optional_text, text};
use chrono::NaiveDateTime;

/// Longest title or venue.
pub const MAX_TITLE: usize = 200;
/// Longest announcement (HTML).
pub const MAX_ANNOUNCEMENT: usize = 50_000;
/// Longest reason or note.
pub const MAX_REASON: usize = 500;
/// Longest free-text requirements of a post.
pub const MAX_NOTES: usize = 2000;
/// Most major keywords of one post.
pub const MAX_KEYWORDS: usize = 30;
/// Largest headcount of one post.
pub const MAX_HEADCOUNT: i32 = 999;
/// Sign-ups carry these kinds of attachment, at least one of each.
pub const REQUIRED_FILES: [RecruitmentFileKind; 3] = [
    RecruitmentFileKind::Diploma,
    RecruitmentFileKind::IdCard,
    RecruitmentFileKind::Photo,
];

/// Recruitment lifecycle.
pub const RECRUITMENT: Machine<R, RA> = Machine {
    entity: "recruitment",
    moves: &[
        Move {
            action: RA::Publish,
            from: &[R::Draft],
            to: R::Published,
        },
        Move {
            action: RA::CloseSignup,
            from: &[R::Published],
            to: R::SignupClosed,
        },
        Move {
            action: RA::CompleteWritten,
            from: &[R::SignupClosed],
            to: R::WrittenDone,
        },
        Move {
            action: RA::CompleteInterview,
            from: &[R::WrittenDone],
            to: R::InterviewDone,
        },
        Move {
            action: RA::Close,
            from: &[R::InterviewDone],
            to: R::Closed,
        },
        Move {
            action: RA::Cancel,
            from: &[
                R::Draft,
                R::Published,
                R::SignupClosed,
                R::WrittenDone,
                R::InterviewDone,
            ],
            to: R::Cancelled,
        },
    ],
};

/// Sign-up lifecycle up to the review (who may act is decided by the operation).
pub const APPLICATION: Machine<S, A> = Machine {
    entity: "sign-up",
    moves: &[
        Move {
            action: A::Resubmit,
            from: &[S::Returned],
            to: S::Resubmitted,
        },
        Move {
            action: A::Withdraw,
            from: &[S::Submitted, S::Returned, S::Resubmitted],
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
            to: S::Approved,
        },
        Move {
            action: A::CutPost,
            from: &[S::Submitted, S::Returned, S::Resubmitted, S::Approved],
            to: S::PostCut,
        },
    ],
};

/// Sign-ups that hold the person's one place in a recruitment (the unique index agrees).
pub const LIVE: [S; 4] = [S::Submitted, S::Returned, S::Resubmitted, S::Approved];
/// Sign-ups waiting for HR.
pub const PENDING: [S; 2] = [S::Submitted, S::Resubmitted];

/// True while applicants may sign up, withdraw and choose another post.
pub fn signup_open(status: R, opens: NaiveDateTime, closes: NaiveDateTime, now: NaiveDateTime) -> bool {
    status == R::Published && opens <= now && now < closes
}

/// True while HR reviews and returned sign-ups may be completed: sign-up published or closed, the
/// review deadline not passed and no tickets issued.
pub fn review_open(status: R, review_ends: NaiveDateTime, tickets_issued: bool, now: NaiveDateTime) -> bool {
    matches!(status, R::Published | R::SignupClosed) && now < review_ends && !tickets_issued
}

/// HR's review: like [`review_open`] but HR may still decide after the deadline, until tickets.
pub fn hr_review_open(status: R, tickets_issued: bool) -> bool {
    matches!(status, R::Published | R::SignupClosed) && !tickets_issued
}

/// True while HR may enter or import written scores: tickets issued and the recruitment at the
/// written exam (signup_closed) or marked written_done, until the scores are published.
pub fn scores_open(status: R, tickets_issued: bool, published: bool) -> bool {
    tickets_issued && !published && matches!(status, R::SignupClosed | R::WrittenDone)
}

/// The step a sign-up is at, as the applicant's numbered steps show it.
pub fn step(status: S, has_ticket: bool, checked_in: bool) -> i32 {
    match status {
        S::Submitted | S::Returned | S::Resubmitted => 1,
        S::Approved if checked_in => 4,
        S::Approved if has_ticket => 3,
        S::Approved | S::Rejected | S::Withdrawn | S::PostCut => 2,
        _ => 4,
    }
}

/// `a ÷ b` to two decimals, as text ("3.00"); "0.00" when `b` is not positive.
pub fn ratio(a: i64, b: i64) -> String {
    if b <= 0 {
        return "0.00".into();
    }
    let hundredths = (a * 100 + b / 2) / b;
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

/// The exam number: the year, the post code (upper-case, without dashes) and the seat in three
/// digits, e.g. `2026` + `A01` + `007`.
pub fn exam_no(year: i32, post_code: &str, seat: i32) -> String {
    let code: String = post_code.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    format!("{year}{}{seat:03}", code.to_uppercase())
}

/// Validated recruitment fields.
#[derive(Debug, Clone)]
pub struct ValidRecruitment {
    pub title: String,
    pub announcement: String,
    pub document_no: String,
    pub year: i32,
    pub signup_opens_at: NaiveDateTime,
    pub signup_closes_at: NaiveDateTime,
    pub review_ends_at: NaiveDateTime,
    pub exam_at: NaiveDateTime,
    pub exam_venue: String,
    pub interview_ratio: i32,
    pub written_weight: i32,
    pub interview_weight: i32,
}

/// Validate a recruitment; every bad field is reported at once.
pub fn validate_recruitment(input: &RecruitmentInput) -> Result<ValidRecruitment, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut keep = |r: Result<String, FieldError>| r.map_err(|e| errors.push(e)).unwrap_or_default();
    let title = keep(text("title", &input.title, MAX_TITLE));
    let announcement = keep(text("announcement", &input.announcement, MAX_ANNOUNCEMENT));
    let document_no = keep(text("document_no", &input.document_no, 100));
    let exam_venue = keep(text("exam_venue", &input.exam_venue, MAX_TITLE));
    let opens = input.signup_opens_at.naive_utc();
    let closes = input.signup_closes_at.naive_utc();
    let review = input.review_ends_at.naive_utc();
    let exam = input.exam_at.naive_utc();
    if opens >= closes {
        errors.push(FieldError::new(
            "signup_closes_at",
            "out_of_range",
            "Sign-up must close after it opens.",
        ));
    }
    if review < closes {
        errors.push(FieldError::new(
            "review_ends_at",
            "out_of_range",
            "The review ends when sign-up closes or later.",
        ));
    }
    if exam <= review {
        errors.push(FieldError::new(
            "exam_at",
            "out_of_range",
            "The exam comes after the review ends.",
        ));
    }
    if !(1..=10).contains(&input.interview_ratio) {
        errors.push(FieldError::new(
            "interview_ratio",
            "out_of_range",
            "Between 1 and 10 interview candidates per place.",
        ));
    }
    let weights_ok = (0..=100).contains(&input.written_weight)
        && (0..=100).contains(&input.interview_weight)
        && input.written_weight + input.interview_weight == 100;
    if !weights_ok {
        errors.push(FieldError::new(
            "written_weight",
            "out_of_range",
            "The written and interview weights are percentages summing to 100.",
        ));
    }
    let year = crate::time::local_year(opens);
    if !(2000..=2100).contains(&year) {
        errors.push(FieldError::new(
            "signup_opens_at",
            "out_of_range",
            "A year between 2000 and 2100.",
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ValidRecruitment {
        title,
        announcement,
        document_no,
        year,
        signup_opens_at: opens,
        signup_closes_at: closes,
        review_ends_at: review,
        exam_at: exam,
        exam_venue,
        interview_ratio: input.interview_ratio,
        written_weight: input.written_weight,
        interview_weight: input.interview_weight,
    })
}

/// Validated post fields (the institution is resolved by the operation).
#[derive(Debug, Clone)]
pub struct ValidPost {
    pub institution_name: Option<String>,
    pub post_code: String,
    pub title: String,
    pub headcount: i32,
    pub eligibility: Vec<Criterion>,
    pub major_keywords: Vec<String>,
    pub notes: Option<String>,
    pub min_written_x100: Option<i32>,
}

/// Validate a post; every bad field is reported at once.
pub fn validate_post(input: &PostInput) -> Result<ValidPost, Vec<FieldError>> {
    let mut errors = Vec::new();
    let post_code = input.post_code.trim().to_uppercase();
    let code_ok = (1..=20).contains(&post_code.len())
        && post_code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && post_code.chars().any(|c| c.is_ascii_alphanumeric());
    if !code_ok {
        errors.push(FieldError::new(
            "post_code",
            "invalid_value",
            "1 to 20 letters, digits or dashes.",
        ));
    }
    let title = text("title", &input.title, MAX_TITLE)
        .map_err(|e| errors.push(e))
        .unwrap_or_default();
    let institution_name = match input.institution_name.as_deref() {
        Some(raw) => optional_text("institution_name", raw, MAX_TITLE)
            .map_err(|e| errors.push(e))
            .unwrap_or_default(),
        None => None,
    };
    if input.enterprise_id.is_none() && institution_name.is_none() {
        errors.push(FieldError::new(
            "institution_name",
            "required",
            "Name the institution or choose its enterprise record.",
        ));
    }
    if !(1..=MAX_HEADCOUNT).contains(&input.headcount) {
        errors.push(FieldError::new(
            "headcount",
            "out_of_range",
            format!("Between 1 and {MAX_HEADCOUNT}."),
        ));
    }
    errors.extend(eligibility::validate(&input.eligibility));
    let mut keywords: Vec<String> = Vec::new();
    for (i, k) in input.major_keywords.iter().enumerate() {
        let k = k.trim();
        if k.is_empty() || k.chars().count() > 30 {
            errors.push(FieldError::new(
                &format!("major_keywords.{i}"),
                "invalid_value",
                "A keyword of 1 to 30 characters.",
            ));
        } else if !keywords.iter().any(|have| have == k) {
            keywords.push(k.to_string());
        }
    }
    if keywords.len() > MAX_KEYWORDS {
        errors.push(FieldError::new(
            "major_keywords",
            "too_many",
            format!("At most {MAX_KEYWORDS} keywords."),
        ));
    }
    let notes = match input.notes.as_deref() {
        Some(raw) => optional_text("notes", raw, MAX_NOTES)
            .map_err(|e| errors.push(e))
            .unwrap_or_default(),
        None => None,
    };
    if input.min_written_x100.is_some_and(|m| !(0..=100_000).contains(&m)) {
        errors.push(FieldError::new(
            "min_written_x100",
            "out_of_range",
            "A score between 0.00 and 1000.00 (in hundredths).",
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ValidPost {
        institution_name,
        post_code,
        title,
        headcount: input.headcount,
        eligibility: input.eligibility.clone(),
        major_keywords: keywords,
        notes,
        min_written_x100: input.min_written_x100,
    })
}

/// The majors requirement: some education record's major contains one of the keywords
/// (case-insensitive). `None` when the post names no majors.
pub fn check_majors(keywords: &[String], majors: &[String]) -> Option<CriterionResult> {
    if keywords.is_empty() {
        return None;
    }
    let lowered: Vec<String> = majors.iter().map(|m| m.to_lowercase()).collect();
    let hit = keywords
        .iter()
        .find(|k| lowered.iter().any(|m| m.contains(&k.to_lowercase())));
    let (zh_list, en_list) = (keywords.join("、"), keywords.join(", "));
    Some(match hit {
        Some(k) => CriterionResult {
            criterion: "major_keywords".into(),
            met: true,
            message_zh: format!("专业符合（含“{k}”）"),
            message_en: format!("Major matches (contains \"{k}\")"),
        },
        None => {
            let have = if majors.is_empty() {
                (
                    "档案中没有填写专业".to_string(),
                    "your profile names no major".to_string(),
                )
            } else {
                (
                    format!("您的专业为{}", majors.join("、")),
                    format!("yours: {}", majors.join(", ")),
                )
            };
            CriterionResult {
                criterion: "major_keywords".into(),
                met: false,
                message_zh: format!("专业须包含以下之一：{zh_list}；{}", have.0),
                message_en: format!("The major must contain one of: {en_list}; {}", have.1),
            }
        }
    })
}

/// A reason or note: required, at most [`MAX_REASON`] characters.
pub fn reason(field: &str, raw: &str) -> Result<String, FieldError> {
    text(field, raw, MAX_REASON)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transitions::Stored;
    use strum::IntoEnumIterator;

    #[test]
    fn the_recruitment_table_allows_exactly_these_moves() {
        let mut allowed = Vec::new();
        for from in R::iter() {
            for action in RA::iter() {
                if let Some(to) = RECRUITMENT.next(from, action) {
                    allowed.push(format!("{} -{}-> {}", from.as_str(), action.as_str(), to.as_str()));
                }
            }
        }
        assert_eq!(
            allowed,
            [
                "draft -publish-> published",
                "draft -cancel-> cancelled",
                "published -close_signup-> signup_closed",
                "published -cancel-> cancelled",
                "signup_closed -complete_written-> written_done",
                "signup_closed -cancel-> cancelled",
                "written_done -complete_interview-> interview_done",
                "written_done -cancel-> cancelled",
                "interview_done -close-> closed",
                "interview_done -cancel-> cancelled",
            ]
        );
    }

    #[test]
    fn sign_ups_move_only_as_the_review_allows() {
        assert_eq!(APPLICATION.next(S::Returned, A::Resubmit), Some(S::Resubmitted));
        assert_eq!(APPLICATION.next(S::Approved, A::Withdraw), None);
        assert_eq!(APPLICATION.next(S::Returned, A::Approve), None);
        assert_eq!(APPLICATION.next(S::Approved, A::CutPost), Some(S::PostCut));
        assert_eq!(APPLICATION.next(S::Rejected, A::CutPost), None);
        for s in LIVE {
            assert!(APPLICATION.next(s, A::CutPost).is_some(), "{s:?}");
        }
    }

    #[test]
    fn exam_numbers_ratios_and_majors() {
        assert_eq!(exam_no(2026, "a-01", 7), "2026A01007");
        assert_eq!(ratio(7, 2), "3.50");
        assert_eq!(ratio(1, 3), "0.33");
        assert_eq!(ratio(2, 3), "0.67");
        assert_eq!(ratio(5, 0), "0.00");
        let kw = vec!["会计".to_string(), "Finance".to_string()];
        assert!(check_majors(&[], &[]).is_none());
        assert!(check_majors(&kw, &["财务会计".into()]).is_some_and(|r| r.met));
        assert!(check_majors(&kw, &["Corporate finance".into()]).is_some_and(|r| r.met));
        let r = check_majors(&kw, &["机械工程".into()]).expect("checked");
        assert!(!r.met && r.message_zh.contains("机械工程"), "{}", r.message_zh);
        assert!(check_majors(&kw, &[]).is_some_and(|r| !r.met && r.message_en.contains("no major")));
    }

    #[test]
    fn steps_follow_the_review() {
        assert_eq!(step(S::Submitted, false, false), 1);
        assert_eq!(step(S::Rejected, false, false), 2);
        assert_eq!(step(S::Approved, false, false), 2);
        assert_eq!(step(S::Approved, true, false), 3);
        assert_eq!(step(S::Approved, true, true), 4);
    }
}
