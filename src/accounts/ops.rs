//! The account operations: registration, e-mail links, passwords, staff accounts, and the
//! transactions of signing in, refreshing and signing out. Each is one transaction with its audit
//! event and mail; handlers call them through `AppState::operate`.

use crate::accounts::email_tokens::{self, Purpose};
use crate::accounts::links::{self, Link};
use crate::accounts::models::{Locale, UpdateUserInput, UserRow, UserStatus};
use crate::accounts::queries;
use crate::accounts::rules::{self, ValidRegistration};
use crate::accounts::sessions::{self, Rotation, Session};
use crate::audit::Event;
use crate::auth::tokens::TokenKeys;
use crate::auth::{AuthUser, Role};
use crate::db::{self, new_id, Aggregate, DbConn};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::masking;
use crate::notifications::{mails, Mail};
use crate::operation::Ctx;
use crate::transitions::Stored;
use serde_json::json;

/// A stored hash no password can match: invited staff sign in only after setting one.
const NO_PASSWORD: &str = "!invited";

/// An audit event on a user account with no before/after.
fn user_event<'a>(action: &'a str, user_id: &'a str) -> Event<'a> {
    Event {
        action,
        entity: "user",
        entity_id: Some(user_id),
        before: None,
        after: None,
    }
}

fn new_user(
    valid: ValidRegistration,
    hash: String,
    role: Role,
    status: UserStatus,
    locale: Locale,
    ctx: &Ctx,
) -> UserRow {
    UserRow {
        id: new_id(),
        email: valid.email,
        display_name: valid.display_name,
        password_hash: hash,
        role: role.as_str().into(),
        status: status.as_str().into(),
        locale: locale.as_str().into(),
        failed_logins: 0,
        locked_until: None,
        token_version: 0,
        email_verified_at: None,
        last_login_at: None,
        created_at: ctx.now,
        updated_at: ctx.now,
    }
}

fn ensure_email_free(conn: &mut DbConn, email: &str) -> AppResult<()> {
    if queries::find_by_email(conn, email)?.is_some() {
        return Err(AppError::new(
            ErrorCode::EmailTaken,
            "This e-mail address is already registered.",
        ));
    }
    Ok(())
}

/// Self-registration (applicant or employer): a pending account, its consent to the privacy notice
/// in force (the handler has checked the person sent it) and its verification mail. For
/// an address that already has an account the answer is the same (a pending account that is
/// never stored) and its owner is mailed instead, so registering cannot probe for accounts.
pub fn register(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    valid: ValidRegistration,
    password_hash: String,
    role: Role,
    locale: Locale,
) -> AppResult<UserRow> {
    // Two registrations of one address at once: the second waits and then sees the first account,
    // rather than failing on the unique index with an answer that would tell the address is taken.
    crate::db::lock(conn, crate::db::Aggregate::Registration(&valid.email))?;
    let existing = queries::find_by_email(conn, &valid.email)?;
    let row = new_user(valid, password_hash, role, UserStatus::Pending, locale, ctx);
    if let Some(owner) = existing {
        tell_owner_of_registration_attempt(conn, ctx, &owner)?;
        return Ok(row);
    }
    queries::insert(conn, &row)?;
    let notice = crate::privacy::notice::version();
    crate::privacy::ops::record_consent(conn, &row.id, notice, ctx.now)?;
    links::send(conn, ctx, &row, Link::VerifyEmail)?;
    ctx.act_for(&row.id, Some(&row.email));
    ctx.record(
        conn,
        Event {
            after: Some(json!({"email": masking::email(&row.email), "role": row.role, "status": row.status, "privacy_notice_version": notice})),
            ..user_event("account.registered", &row.id)
        },
    )?;
    Ok(row)
}

/// Mail the owner of an address that someone tried to register again (at most once an hour), and
/// audit it; a disabled account is told nothing.
fn tell_owner_of_registration_attempt(conn: &mut DbConn, ctx: &mut Ctx, owner: &UserRow) -> AppResult<()> {
    ctx.act_for(&owner.id, Some(&owner.email));
    ctx.record(conn, user_event("account.registration_attempted", &owner.id))?;
    if UserStatus::parse(&owner.status) == UserStatus::Disabled {
        return Ok(());
    }
    let params = mails::RegistrationAttempt {
        name: owner.display_name.clone(),
        login_link: ctx.link("/login"),
        reset_link: ctx.link("/forgot-password"),
    };
    let key = format!("registration_attempt:{}:{}", owner.id, ctx.now.format("%Y%m%d%H"));
    ctx.mail(
        conn,
        &Mail::new(owner.email.clone(), owner.locale.clone(), &params, key),
    )?;
    Ok(())
}

/// Confirm an address with the token of a verification link.
pub fn verify_email(conn: &mut DbConn, ctx: &mut Ctx, token: &str) -> AppResult<UserRow> {
    let user_id = email_tokens::consume(conn, token.trim(), Purpose::VerifyEmail, ctx.now)?.ok_or_else(|| {
        AppError::new(
            ErrorCode::InvalidToken,
            "This verification link is invalid, used or expired.",
        )
    })?;
    queries::mark_verified(conn, &user_id, ctx.now)?;
    let user = queries::find_by_id(conn, &user_id)?.ok_or_else(AppError::not_found)?;
    ctx.act_for(&user.id, Some(&user.email));
    ctx.record(
        conn,
        Event {
            after: Some(json!({"status": user.status})),
            ..user_event("account.email_verified", &user.id)
        },
    )?;
    Ok(user)
}

/// Mail a new link to the account of `email` when `wanted` says so; silently nothing otherwise,
/// so that nobody can probe which addresses are registered.
fn mail_link(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    email: &str,
    link: Link,
    action: &str,
    wanted: fn(UserStatus) -> bool,
) -> AppResult<()> {
    let Some(user) = queries::find_by_email(conn, email)? else {
        return Ok(());
    };
    if !wanted(UserStatus::parse(&user.status)) {
        return Ok(());
    }
    links::send(conn, ctx, &user, link)?;
    ctx.act_for(&user.id, Some(&user.email));
    ctx.record(conn, user_event(action, &user.id))
}

/// A new verification link for a pending account.
pub fn resend_verification(conn: &mut DbConn, ctx: &mut Ctx, email: &str) -> AppResult<()> {
    mail_link(
        conn,
        ctx,
        email,
        Link::VerifyEmail,
        "account.verification_resent",
        |s| s == UserStatus::Pending,
    )
}

/// A password reset link for any account that is not disabled.
pub fn request_reset(conn: &mut DbConn, ctx: &mut Ctx, email: &str) -> AppResult<()> {
    mail_link(
        conn,
        ctx,
        email,
        Link::PasswordReset,
        "account.password_reset_requested",
        |s| s != UserStatus::Disabled,
    )
}

/// Store a new password, end every session, and tell the owner.
fn replace_password(conn: &mut DbConn, ctx: &mut Ctx, user: &UserRow, hash: &str) -> AppResult<()> {
    queries::set_password(conn, &user.id, hash, ctx.now)?;
    sessions::revoke_all(conn, &user.id, ctx.now)?;
    let params = mails::PasswordChanged {
        name: user.display_name.clone(),
    };
    let key = format!("password_changed:{}:{}", user.id, user.token_version + 1);
    ctx.mail(conn, &Mail::new(user.email.clone(), user.locale.clone(), &params, key))?;
    Ok(())
}

/// Set a new password with the token of a reset (or staff invitation) link.
pub fn confirm_reset(conn: &mut DbConn, ctx: &mut Ctx, token: &str, hash: &str) -> AppResult<()> {
    let user_id = email_tokens::consume(conn, token.trim(), Purpose::PasswordReset, ctx.now)?.ok_or_else(|| {
        AppError::new(
            ErrorCode::InvalidToken,
            "This link is invalid, used or expired; ask for a new one.",
        )
    })?;
    let user = queries::find_by_id(conn, &user_id)?.ok_or_else(AppError::not_found)?;
    if UserStatus::parse(&user.status) == UserStatus::Disabled {
        return Err(AppError::new(
            ErrorCode::AccountDisabled,
            "This account has been disabled.",
        ));
    }
    replace_password(conn, ctx, &user, hash)?;
    // Following a link mailed to the address proves the address works.
    queries::mark_verified(conn, &user.id, ctx.now)?;
    ctx.act_for(&user.id, Some(&user.email));
    ctx.record(conn, user_event("account.password_reset", &user.id))
}

/// Change the signed-in user's password (the current one was checked by the caller).
pub fn change_password(conn: &mut DbConn, ctx: &mut Ctx, user: &UserRow, hash: &str) -> AppResult<()> {
    replace_password(conn, ctx, user, hash)?;
    ctx.record(conn, user_event("account.password_changed", &user.id))
}

/// An administrator creates a staff account; the person is mailed a link to set a password.
pub fn create_user(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    valid: ValidRegistration,
    role: Role,
    locale: Locale,
) -> AppResult<UserRow> {
    ensure_email_free(conn, &valid.email)?;
    let row = new_user(valid, NO_PASSWORD.into(), role, UserStatus::Active, locale, ctx);
    queries::insert(conn, &row)?;
    links::send(conn, ctx, &row, Link::StaffInvite)?;
    ctx.record(
        conn,
        Event {
            after: Some(json!({"email": masking::email(&row.email), "role": row.role})),
            ..user_event("account.created_by_admin", &row.id)
        },
    )?;
    Ok(row)
}

/// An administrator changes an account's role or name, or disables / re-enables it; role changes
/// and disabling end its sessions. The last active administrator stays one.
pub fn update_user(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    admin: &AuthUser,
    id: &str,
    input: &UpdateUserInput,
) -> AppResult<UserRow> {
    let display_name = match &input.display_name {
        Some(n) => Some(rules::check_display_name("display_name", n).map_err(|e| AppError::validation(vec![e]))?),
        None => None,
    };
    // Two administrators disabling each other at once must not both see the other one remain.
    db::lock(conn, Aggregate::Admins)?;
    let before = queries::find_by_id(conn, id)?.ok_or_else(AppError::not_found)?;
    let change = rules::admin_change(&before, input.role, input.disabled);
    if change.loses_admin && before.id == admin.id {
        return Err(AppError::new(
            ErrorCode::OwnAdminAccount,
            "You cannot disable or demote your own administrator account.",
        ));
    }
    if change.loses_admin && queries::count_active_admins(conn)? <= 1 {
        return Err(AppError::new(
            ErrorCode::LastAdmin,
            "This is the last active administrator.",
        ));
    }
    let name = display_name.unwrap_or_else(|| before.display_name.clone());
    let status = change.status.as_str();
    queries::update_admin_fields(conn, &before.id, &change.role, status, &name, change.revoke, ctx.now)?;
    if change.revoke {
        sessions::revoke_all(conn, &before.id, ctx.now)?;
    }
    ctx.record(
        conn,
        Event {
            before: Some(json!({"role": before.role, "status": before.status, "display_name": before.display_name})),
            after: Some(json!({"role": change.role, "status": status, "display_name": name})),
            ..user_event("account.updated_by_admin", &before.id)
        },
    )?;
    queries::find_by_id(conn, &before.id)?.ok_or_else(AppError::not_found)
}

/// What a sign-in attempt led to.
pub enum LoginOutcome {
    /// Signed in: the account and its new session.
    Success(Box<UserRow>, Session),
    /// Refused; the counters and audit events are committed all the same.
    Refused(AppError),
}

/// The error of a wrong e-mail address or password (never saying which).
pub fn invalid_credentials() -> AppError {
    AppError::new(
        ErrorCode::InvalidCredentials,
        "The e-mail address or the password is wrong.",
    )
}

/// The transaction of a sign-in whose password was already checked: audit a failure (the
/// handler slows the source down; the account is never locked), refuse disabled and unverified
/// accounts, or start a session.
pub fn login(conn: &mut DbConn, ctx: &mut Ctx, user: UserRow, password_ok: bool) -> AppResult<LoginOutcome> {
    ctx.act_for(&user.id, Some(&user.email));
    if !password_ok {
        ctx.record(conn, user_event("account.login_failed", &user.id))?;
        return Ok(LoginOutcome::Refused(invalid_credentials()));
    }
    match UserStatus::parse(&user.status) {
        UserStatus::Disabled => {
            ctx.record(conn, user_event("account.login_refused_disabled", &user.id))?;
            Ok(LoginOutcome::Refused(AppError::new(
                ErrorCode::AccountDisabled,
                "This account has been disabled; contact the talent office.",
            )))
        }
        UserStatus::Pending => Ok(LoginOutcome::Refused(AppError::new(
            ErrorCode::EmailNotVerified,
            "Confirm your e-mail address first; you can ask for a new link at /api/v1/auth/resend-verification.",
        ))),
        UserStatus::Active => {
            queries::record_login(conn, &user.id, ctx.now)?;
            let session = sessions::start(conn, &user, ctx.now)?;
            ctx.record(conn, user_event("account.login", &user.id))?;
            Ok(LoginOutcome::Success(Box::new(user), session))
        }
    }
}

/// Rotate a refresh token; reuse of an old one is audited (and has ended its session).
pub fn refresh(conn: &mut DbConn, ctx: &mut Ctx, keys: &TokenKeys, token: &str) -> AppResult<Rotation> {
    let rotation = sessions::rotate(conn, keys, token, ctx.now)?;
    if let Rotation::ReuseDetected { user_id } = &rotation {
        ctx.act_for(user_id, None);
        ctx.record(conn, user_event("account.refresh_reuse_detected", user_id))?;
    }
    Ok(rotation)
}

/// Sign out: end the session of this refresh token, and so its access tokens (unknown tokens
/// change nothing).
pub fn logout(conn: &mut DbConn, ctx: &mut Ctx, token: &str) -> AppResult<()> {
    if let Some(user_id) = sessions::revoke_by_token(conn, token, ctx.now)? {
        ctx.act_for(&user_id, None);
        ctx.record(conn, user_event("account.logout", &user_id))?;
    }
    Ok(())
}
