//! Account rules as plain functions: input validation, lock-out, token lifetimes and what an
//! administrator's change does.

use crate::accounts::models::{CreateUserInput, UserRow, UserStatus};
use crate::auth::{password, Role};
use crate::error::FieldError;
use chrono::{Duration, NaiveDateTime};

/// Failed log-ins in a row that lock an account.
pub const MAX_FAILED_LOGINS: i32 = 5;
/// How long a lock-out lasts.
pub const LOCK_MINUTES: i64 = 15;
/// E-mail verification links live 24 hours.
pub const VERIFY_TTL: Duration = Duration::hours(24);
/// Password reset links live 1 hour.
pub const RESET_TTL: Duration = Duration::hours(1);
/// Staff invitation links (a reset token) live 72 hours.
pub const INVITE_TTL: Duration = Duration::hours(72);
/// Refresh tokens live 14 days.
pub const REFRESH_TTL: Duration = Duration::days(14);

/// Normalise an e-mail address (trimmed, lower-case) or explain why it is not one.
pub fn normalize_email(field: &str, raw: &str) -> Result<String, FieldError> {
    let email = raw.trim().to_lowercase();
    if email.is_empty() {
        return Err(FieldError::new(field, "required", "E-mail address is required."));
    }
    if email.len() > 254 || email.parse::<lettre::Address>().is_err() || !email.contains('.') {
        return Err(FieldError::new(
            field,
            "invalid_email",
            "This is not a valid e-mail address.",
        ));
    }
    Ok(email)
}

/// Check a display name: 1 to 64 characters, no control characters (they would end up in mail
/// headers).
pub fn check_display_name(field: &str, raw: &str) -> Result<String, FieldError> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(FieldError::new(field, "required", "Name is required."));
    }
    if name.chars().count() > 64 {
        return Err(FieldError::new(field, "too_long", "At most 64 characters."));
    }
    if name.chars().any(char::is_control) {
        return Err(FieldError::new(
            field,
            "invalid_value",
            "Control characters are not allowed.",
        ));
    }
    Ok(name.to_string())
}

/// Validated registration fields.
#[derive(Debug)]
pub struct ValidRegistration {
    /// Normalised e-mail.
    pub email: String,
    /// Trimmed display name.
    pub display_name: String,
}

/// Validate a registration; every bad field is reported at once.
pub fn validate_registration(
    email: &str,
    password_raw: &str,
    display_name: &str,
    role_ok: bool,
) -> Result<ValidRegistration, Vec<FieldError>> {
    let mut errors = Vec::new();
    let email = normalize_email("email", email).map_err(|e| errors.push(e)).ok();
    errors.extend(password::check_new("password", password_raw, email.as_deref()));
    let display_name = check_display_name("display_name", display_name)
        .map_err(|e| errors.push(e))
        .ok();
    if !role_ok {
        errors.push(FieldError::new(
            "role",
            "invalid_choice",
            "Choose applicant or employer; staff accounts are created by an administrator.",
        ));
    }
    match (email, display_name) {
        (Some(email), Some(display_name)) if errors.is_empty() => Ok(ValidRegistration { email, display_name }),
        _ => Err(errors),
    }
}

/// Seconds left on a lock-out, if the account is locked now.
pub fn lock_remaining(user: &UserRow, now: NaiveDateTime) -> Option<u64> {
    let until = user.locked_until?;
    (until > now).then(|| u64::try_from((until - now).num_seconds()).unwrap_or(0).max(1))
}

/// What a failed log-in does to the counter: the new count and the lock-out end, if it locks.
pub fn after_failed_login(failed_so_far: i32, now: NaiveDateTime) -> (i32, Option<NaiveDateTime>) {
    let count = failed_so_far + 1;
    if count >= MAX_FAILED_LOGINS {
        (0, Some(now + Duration::minutes(LOCK_MINUTES)))
    } else {
        (count, None)
    }
}

/// Validate an administrator's new staff account: e-mail, name, and a staff role.
pub fn validate_staff(input: &CreateUserInput) -> Result<ValidRegistration, Vec<FieldError>> {
    let mut errors = Vec::new();
    let email = normalize_email("email", &input.email).map_err(|e| errors.push(e)).ok();
    let name = check_display_name("display_name", &input.display_name)
        .map_err(|e| errors.push(e))
        .ok();
    if input.role.self_registrable() {
        errors.push(FieldError::new(
            "role",
            "invalid_choice",
            "Staff accounts are hr, finance or admin; applicants and employers register themselves.",
        ));
    }
    match (email, name) {
        (Some(email), Some(display_name)) if errors.is_empty() => Ok(ValidRegistration { email, display_name }),
        _ => Err(errors),
    }
}

/// The status an account gets when (re-)enabled: active once its address is proven (staff
/// addresses are vouched for by the administrator), else pending.
pub fn enabled_status(user: &UserRow) -> UserStatus {
    let staff = Role::parse(&user.role).is_some_and(|r| !r.self_registrable());
    if user.email_verified_at.is_some() || staff {
        UserStatus::Active
    } else {
        UserStatus::Pending
    }
}

/// What an administrator's change does to an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminChange {
    /// The role afterwards.
    pub role: String,
    /// The status afterwards.
    pub status: UserStatus,
    /// An active administrator stops being one.
    pub loses_admin: bool,
    /// Every session ends (role change or disabling).
    pub revoke: bool,
}

/// Work out a role change and disabling / re-enabling of `before`.
pub fn admin_change(before: &UserRow, role: Option<Role>, disabled: Option<bool>) -> AdminChange {
    let was = UserStatus::parse(&before.status);
    let role = role.map(Role::as_str).unwrap_or(&before.role).to_string();
    let status = match disabled {
        Some(true) => UserStatus::Disabled,
        Some(false) if was == UserStatus::Disabled => enabled_status(before),
        _ => was,
    };
    let admin = Role::Admin.as_str();
    let loses_admin =
        before.role == admin && was == UserStatus::Active && (role != admin || status != UserStatus::Active);
    let revoke = role != before.role || (status == UserStatus::Disabled && was != UserStatus::Disabled);
    AdminChange {
        role,
        status,
        loses_admin,
        revoke,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert_eq!(
            normalize_email("email", "  Zhang.San@Example.COM ").ok().as_deref(),
            Some("zhang.san@example.com")
        );
        for bad in ["", "no-at", "a@b", "a b@c.com", "x@y.com\r\nBcc: z@w.com"] {
            assert!(normalize_email("email", bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn display_names() {
        assert_eq!(check_display_name("n", " 张三 ").ok().as_deref(), Some("张三"));
        assert_eq!(
            check_display_name("n", "a\r\nBcc: x")
                .map_err(|e| e.code)
                .err()
                .as_deref(),
            Some("invalid_value")
        );
        assert!(check_display_name("n", &"名".repeat(65)).is_err());
    }

    #[test]
    fn lockout_after_five() {
        let now = chrono::Utc::now().naive_utc();
        let mut count = 0;
        for _ in 0..4 {
            let (c, lock) = after_failed_login(count, now);
            assert!(lock.is_none());
            count = c;
        }
        let (c, lock) = after_failed_login(count, now);
        assert_eq!(c, 0);
        assert_eq!(lock, Some(now + Duration::minutes(15)));
    }

    #[test]
    fn registration_reports_all_fields() {
        let errs = validate_registration("bad", "short", "", false).expect_err("invalid");
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["email", "password", "display_name", "role"]);
    }

    #[test]
    fn admin_changes() {
        let now = chrono::Utc::now().naive_utc();
        let admin = UserRow {
            id: "a".into(),
            email: "a@example.com".into(),
            display_name: "A".into(),
            password_hash: String::new(),
            role: "admin".into(),
            status: "active".into(),
            locale: "zh-CN".into(),
            failed_logins: 0,
            locked_until: None,
            token_version: 0,
            email_verified_at: None,
            last_login_at: None,
            created_at: now,
            updated_at: now,
        };
        let demoted = admin_change(&admin, Some(Role::Hr), None);
        assert!(demoted.loses_admin && demoted.revoke);
        assert_eq!(demoted.status, UserStatus::Active);
        let renamed = admin_change(&admin, None, None);
        assert!(!renamed.loses_admin && !renamed.revoke);
        let applicant = UserRow {
            role: "applicant".into(),
            status: "disabled".into(),
            ..admin
        };
        assert_eq!(admin_change(&applicant, None, Some(false)).status, UserStatus::Pending);
        assert!(!admin_change(&applicant, None, Some(true)).revoke, "already disabled");
    }
}
