//! Job-fair rules as plain functions: input validation, the status machine, tickets, reminders.

use crate::error::FieldError;
use crate::fairs::models::{FairInput, FairStatus};
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

/// The actions that move a fair between states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FairAction {
    /// draft → published
    Publish,
    /// published → closed
    Close,
    /// closed → finished
    Finish,
    /// any but finished or cancelled → cancelled
    Cancel,
}

impl FairAction {
    /// Name used in audit events and messages.
    pub fn as_str(self) -> &'static str {
        match self {
            FairAction::Publish => "publish",
            FairAction::Close => "close",
            FairAction::Finish => "finish",
            FairAction::Cancel => "cancel",
        }
    }
}

/// Where `action` takes a fair in status `from`, or `None` when it is not allowed.
pub fn transition(from: FairStatus, action: FairAction) -> Option<FairStatus> {
    use FairAction::*;
    use FairStatus::*;
    match (from, action) {
        (Draft, Publish) => Some(Published),
        (Published, Close) => Some(Closed),
        (Closed, Finish) => Some(Finished),
        (Draft | Published | Closed, Cancel) => Some(Cancelled),
        _ => None,
    }
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
    use FairAction::*;
    use FairStatus::*;

    #[test]
    fn every_transition() {
        let all_status = [Draft, Published, Closed, Finished, Cancelled];
        let all_actions = [Publish, Close, Finish, Cancel];
        let allowed = [
            (Draft, Publish, Published),
            (Published, Close, Closed),
            (Closed, Finish, Finished),
            (Draft, Cancel, Cancelled),
            (Published, Cancel, Cancelled),
            (Closed, Cancel, Cancelled),
        ];
        for from in all_status {
            for action in all_actions {
                let expected = allowed
                    .iter()
                    .find(|(f, a, _)| *f == from && *a == action)
                    .map(|(_, _, to)| *to);
                assert_eq!(transition(from, action), expected, "{from:?} {action:?}");
            }
        }
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
