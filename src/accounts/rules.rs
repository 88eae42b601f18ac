//! Account rules as plain functions: input validation, session and token lifetimes and what an
//! administrator's change does.

use crate::accounts::models::{CreateUserInput, UserRow, UserStatus};
use crate::auth::{password, Role};
use crate::error::FieldError;
use chrono::{Duration, NaiveDateTime};

/// E-mail verification links live 24 hours.
pub const VERIFY_TTL: Duration = Duration::hours(24);
/// Password reset links live 1 hour.
pub const RESET_TTL: Duration = Duration::hours(1);
/// Staff invitation links (a reset token) live 72 hours.
pub const INVITE_TTL: Duration = Duration::hours(72);
/// Refresh tokens live 14 days (never past their session's absolute end).
pub const REFRESH_TTL: Duration = Duration::days(14);
/// A session of an applicant or employer ends 30 days after sign-in, however often it refreshes.
pub const PUBLIC_SESSION_LIFETIME: Duration = Duration::days(30);
/// A session of hr, finance or admin staff ends 12 hours after sign-in (one working day).
pub const STAFF_SESSION_LIFETIME: Duration = Duration::hours(12);
/// How long a just-rotated refresh token may come back (a second tab, a lost answer) and be
/// answered with the same successor instead of ending the session as a theft.
pub const REFRESH_GRACE: Duration = Duration::seconds(30);
/// Used or expired e-mail and refresh tokens, and ended sessions, are deleted after 30 days.
pub const TOKEN_RETENTION: Duration = Duration::days(30);

/// The absolute lifetime of a session of this role.
pub fn session_lifetime(role: Role) -> Duration {
    if role.self_registrable() {
        PUBLIC_SESSION_LIFETIME
    } else {
        STAFF_SESSION_LIFETIME
    }
}

/// When a refresh token issued at `now` expires: after [`REFRESH_TTL`], but never after its
/// session ends.
pub fn refresh_expiry(now: NaiveDateTime, session_ends: NaiveDateTime) -> NaiveDateTime {
    (now + REFRESH_TTL).min(session_ends)
}

/// Whether a refresh token used at `used_at` may still be presented again at `now`.
pub fn within_refresh_grace(used_at: NaiveDateTime, now: NaiveDateTime) -> bool {
    now - used_at <= REFRESH_GRACE
}

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
    fn session_lifetimes_and_grace() {
        let now = chrono::Utc::now().naive_utc();
        assert_eq!(session_lifetime(Role::Applicant), Duration::days(30));
        assert_eq!(session_lifetime(Role::Employer), Duration::days(30));
        for staff in [Role::Hr, Role::Finance, Role::Admin] {
            assert_eq!(session_lifetime(staff), Duration::hours(12));
        }
        assert_eq!(refresh_expiry(now, now + Duration::days(30)), now + REFRESH_TTL);
        assert_eq!(refresh_expiry(now, now + Duration::hours(3)), now + Duration::hours(3));
        assert!(within_refresh_grace(now, now + Duration::seconds(30)));
        assert!(!within_refresh_grace(now, now + Duration::seconds(31)));
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
