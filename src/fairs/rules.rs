//! Job-fair rules as plain functions and data: input validation, the state machines, tickets, reminders.

use crate::error::FieldError;
use crate::fairs::booths::{BoothAction, BoothStatus};
use crate::fairs::intents::{IntentAction, IntentStatus};
use crate::fairs::models::{FairAction, FairInput, FairStatus, RegistrationAction, RegistrationStatus};
use crate::transitions::{Machine, Move};
use crate::validation::{optional_text, text};
use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use rand::Rng;

/// Largest applicant capacity of one fair.
pub const MAX_CAPACITY: i32 = 100_000;
/// Largest booth capacity of one fair.
pub const MAX_BOOTHS: i32 = 10_000;
/// Reminders go out this long before the fair starts.
pub const REMINDER_LEAD: Duration = Duration::hours(24);

/// Validated fair fields (times in UTC, as stored).
#[derive(Debug, Clone)]
pub struct ValidFair {
    pub title: String,
    pub description: Option<String>,
    pub venue: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub signup_deadline: NaiveDateTime,
    pub capacity: i32,
    pub booth_capacity: i32,
}

/// Validate fair fields; `now` is used to refuse fairs in the past.
pub fn validate_fair(input: &FairInput, now: DateTime<Utc>) -> Result<ValidFair, Vec<FieldError>> {
    let mut errors = Vec::new();
    let title = text("title", &input.title, 100).map_err(|e| errors.push(e)).ok();
    let description = optional_text("description", input.description.as_deref().unwrap_or(""), 5000)
        .map_err(|e| errors.push(e))
        .ok();
    let venue = text("venue", &input.venue, 200).map_err(|e| errors.push(e)).ok();
    if input.starts_at <= now {
        errors.push(FieldError::new(
            "starts_at",
            "in_past",
            "The fair must start in the future.",
        ));
    }
    if input.ends_at <= input.starts_at {
        errors.push(FieldError::new(
            "ends_at",
            "before_start",
            "The fair must end after it starts.",
        ));
    }
    if input.signup_deadline > input.starts_at {
        errors.push(FieldError::new(
            "signup_deadline",
            "after_start",
            "Sign-up must close no later than the start.",
        ));
    }
    if !(1..=MAX_CAPACITY).contains(&input.capacity) {
        errors.push(FieldError::new(
            "capacity",
            "out_of_range",
            format!("Between 1 and {MAX_CAPACITY}."),
        ));
    }
    if !(0..=MAX_BOOTHS).contains(&input.booth_capacity) {
        errors.push(FieldError::new(
            "booth_capacity",
            "out_of_range",
            format!("Between 0 and {MAX_BOOTHS}."),
        ));
    }
    match (title, description, venue) {
        (Some(title), Some(description), Some(venue)) if errors.is_empty() => Ok(ValidFair {
            title,
            description,
            venue,
            starts_at: input.starts_at.naive_utc(),
            ends_at: input.ends_at.naive_utc(),
            signup_deadline: input.signup_deadline.naive_utc(),
            capacity: input.capacity,
            booth_capacity: input.booth_capacity,
        }),
        _ => Err(errors),
    }
}

/// Fair lifecycle.
pub const FAIR: Machine<FairStatus, FairAction> = Machine {
    entity: "fair",
    moves: &[
        Move {
            action: FairAction::Publish,
            from: &[FairStatus::Draft],
            to: FairStatus::Published,
        },
        Move {
            action: FairAction::Close,
            from: &[FairStatus::Published],
            to: FairStatus::Closed,
        },
        Move {
            action: FairAction::Finish,
            from: &[FairStatus::Closed],
            to: FairStatus::Finished,
        },
        Move {
            action: FairAction::Cancel,
            from: &[FairStatus::Draft, FairStatus::Published, FairStatus::Closed],
            to: FairStatus::Cancelled,
        },
    ],
};

/// A sign-up's lifecycle; whether sign-up is still open is checked by the operation.
pub const REGISTRATION: Machine<RegistrationStatus, RegistrationAction> = Machine {
    entity: "sign-up",
    moves: &[
        Move {
            action: RegistrationAction::Cancel,
            from: &[RegistrationStatus::Registered, RegistrationStatus::Waitlisted],
            to: RegistrationStatus::Cancelled,
        },
        Move {
            action: RegistrationAction::Promote,
            from: &[RegistrationStatus::Waitlisted],
            to: RegistrationStatus::Registered,
        },
        Move {
            action: RegistrationAction::CheckIn,
            from: &[RegistrationStatus::Registered],
            to: RegistrationStatus::CheckedIn,
        },
    ],
};

/// A booth request's lifecycle.
pub const BOOTH: Machine<BoothStatus, BoothAction> = Machine {
    entity: "booth request",
    moves: &[
        Move {
            action: BoothAction::Approve,
            from: &[BoothStatus::Pending],
            to: BoothStatus::Approved,
        },
        Move {
            action: BoothAction::Reject,
            from: &[BoothStatus::Pending],
            to: BoothStatus::Rejected,
        },
        Move {
            action: BoothAction::Request,
            from: &[BoothStatus::Rejected],
            to: BoothStatus::Pending,
        },
    ],
};

/// An employment intent's lifecycle.
pub const INTENT: Machine<IntentStatus, IntentAction> = Machine {
    entity: "intent",
    moves: &[
        Move {
            action: IntentAction::Sign,
            from: &[IntentStatus::Intended],
            to: IntentStatus::Signed,
        },
        Move {
            action: IntentAction::Withdraw,
            from: &[IntentStatus::Intended],
            to: IntentStatus::Withdrawn,
        },
    ],
};

/// Fair states in which tickets are scanned and booths decided.
pub fn at_the_door(status: FairStatus) -> bool {
    matches!(status, FairStatus::Published | FairStatus::Closed)
}

/// Whether tickets are scanned at `now`: from `opens_minutes` before the fair starts until it ends.
pub fn door_open(starts_at: NaiveDateTime, ends_at: NaiveDateTime, opens_minutes: i64, now: NaiveDateTime) -> bool {
    now >= starts_at - Duration::minutes(opens_minutes.max(0)) && now < ends_at
}

/// Fields HR may still change in this status.
pub fn editable(status: FairStatus) -> bool {
    matches!(status, FairStatus::Draft | FairStatus::Published)
}

/// Applicants may sign up (or cancel) while the fair is published and the deadline has not passed.
pub fn signup_open(status: FairStatus, deadline: NaiveDateTime, now: NaiveDateTime) -> bool {
    status == FairStatus::Published && now < deadline
}

/// Alphabet of ticket codes: no 0/O, 1/I/L, so that codes typed at the door are unambiguous.
const TICKET_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/// A new ticket code: 16 characters (about 79 bits) in groups of four, e.g. `7KQ2-M9XA-…`.
pub fn new_ticket_code() -> String {
    let mut rng = rand::thread_rng();
    let chars: Vec<char> = (0..16)
        .map(|_| TICKET_ALPHABET[rng.gen_range(0..TICKET_ALPHABET.len())] as char)
        .collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// Normalise a typed or scanned ticket code: uppercase, spaces removed, dashes re-inserted.
pub fn normalize_ticket(raw: &str) -> String {
    let compact: String = raw
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_uppercase();
    compact
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).to_string())
        .collect::<Vec<_>>()
        .join("-")
}

/// Whether reminders for a fair starting at `starts_at` are due now.
pub fn reminder_due(starts_at: NaiveDateTime, now: NaiveDateTime) -> bool {
    now < starts_at && starts_at - now <= REMINDER_LEAD
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::IntoEnumIterator;
    use FairStatus::*;

    /// Every (from, action) pair of a machine with where the table takes it.
    fn table<S, A>(m: &Machine<S, A>) -> Vec<(&'static str, &'static str, &'static str)>
    where
        S: Copy + PartialEq + Into<&'static str> + IntoEnumIterator,
        A: Copy + PartialEq + Into<&'static str> + IntoEnumIterator,
    {
        let mut out = Vec::new();
        for from in S::iter() {
            for action in A::iter() {
                if let Some(to) = m.next(from, action) {
                    out.push((from.into(), action.into(), to.into()));
                }
            }
        }
        out
    }

    #[test]
    fn the_fair_table_allows_exactly_these_moves() {
        assert_eq!(
            table(&FAIR),
            [
                ("draft", "publish", "published"),
                ("draft", "cancel", "cancelled"),
                ("published", "close", "closed"),
                ("published", "cancel", "cancelled"),
                ("closed", "finish", "finished"),
                ("closed", "cancel", "cancelled"),
            ]
        );
        let err = FAIR.apply(FairStatus::Finished, FairAction::Cancel).unwrap_err();
        assert_eq!(err.code, crate::error::ErrorCode::InvalidTransition);
        assert!(FAIR.actions_from(FairStatus::Cancelled).is_empty());
    }

    #[test]
    fn the_registration_booth_and_intent_tables() {
        assert_eq!(
            table(&REGISTRATION),
            [
                ("registered", "cancel", "cancelled"),
                ("registered", "check_in", "checked_in"),
                ("waitlisted", "cancel", "cancelled"),
                ("waitlisted", "promote", "registered"),
            ]
        );
        assert_eq!(
            table(&BOOTH),
            [
                ("pending", "approve", "approved"),
                ("pending", "reject", "rejected"),
                ("rejected", "request", "pending"),
            ]
        );
        assert_eq!(
            table(&INTENT),
            [("intended", "sign", "signed"), ("intended", "withdraw", "withdrawn")]
        );
        for s in FairStatus::iter() {
            assert_eq!(at_the_door(s), matches!(s, Published | Closed), "{s:?}");
        }
    }

    #[test]
    fn the_door_opens_before_the_start_and_closes_at_the_end() {
        let start = chrono::NaiveDate::from_ymd_opt(2027, 4, 20)
            .and_then(|d| d.and_hms_opt(1, 0, 0))
            .expect("a time");
        let end = start + Duration::hours(7);
        assert!(!door_open(start, end, 120, start - Duration::minutes(121)));
        assert!(door_open(start, end, 120, start - Duration::minutes(120)));
        assert!(door_open(start, end, 120, start));
        assert!(door_open(start, end, 0, start));
        assert!(!door_open(start, end, 0, start - Duration::seconds(1)));
        assert!(door_open(start, end, 120, end - Duration::seconds(1)));
        assert!(!door_open(start, end, 120, end));
        assert!(!door_open(start, end, -30, start - Duration::minutes(1)));
    }

    #[test]
    fn tickets() {
        let a = new_ticket_code();
        assert_eq!(a.len(), 19);
        assert_ne!(a, new_ticket_code());
        assert!(a.chars().all(|c| c == '-' || TICKET_ALPHABET.contains(&(c as u8))));
        assert_eq!(normalize_ticket(&a.to_lowercase().replace('-', " ")), a);
    }

    #[test]
    fn validation_and_windows() {
        let now = Utc::now();
        let good = FairInput {
            title: "春季招聘会".into(),
            description: None,
            venue: "县体育馆".into(),
            starts_at: now + Duration::days(10),
            ends_at: now + Duration::days(10) + Duration::hours(4),
            signup_deadline: now + Duration::days(9),
            capacity: 300,
            booth_capacity: 40,
        };
        assert!(validate_fair(&good, now).is_ok());
        let bad = FairInput {
            ends_at: good.starts_at,
            signup_deadline: good.ends_at,
            capacity: 0,
            ..good.clone()
        };
        let fields: Vec<_> = validate_fair(&bad, now)
            .expect_err("bad")
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["ends_at", "signup_deadline", "capacity"]);
        let start = now.naive_utc() + Duration::hours(20);
        assert!(reminder_due(start, now.naive_utc()));
        assert!(!reminder_due(start + Duration::hours(10), now.naive_utc()));
        assert!(!reminder_due(now.naive_utc() - Duration::hours(1), now.naive_utc()));
    }
}
