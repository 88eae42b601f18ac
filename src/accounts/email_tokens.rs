//! Single-use e-mail tokens (verify e-mail, password reset, staff invitation), stored as hashes.

use crate::auth::tokens::{hash_token, random_token};
use crate::db::schema::email_tokens;
use crate::db::{new_id, DbConn};
use crate::error::AppResult;
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

/// What a token is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Confirms the e-mail address.
    VerifyEmail,
    /// Sets a new password (reset, or a staff invitation).
    PasswordReset,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::VerifyEmail => "verify_email",
            Purpose::PasswordReset => "password_reset",
        }
    }
}

/// Create a token for the user and return its plain value (for the e-mail link only).
pub fn issue(
    conn: &mut DbConn,
    user_id: &str,
    purpose: Purpose,
    ttl: Duration,
    now: NaiveDateTime,
) -> AppResult<String> {
    let token = random_token();
    diesel::insert_into(email_tokens::table)
        .values((
            email_tokens::id.eq(new_id()),
            email_tokens::user_id.eq(user_id),
            email_tokens::purpose.eq(purpose.as_str()),
            email_tokens::token_hash.eq(hash_token(&token)),
            email_tokens::expires_at.eq(now + ttl),
            email_tokens::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(token)
}

/// Use a token once: returns the user id when it is known, unused, unexpired and for `purpose`.
/// The conditional update makes two simultaneous uses succeed at most once.
pub fn consume(conn: &mut DbConn, token: &str, purpose: Purpose, now: NaiveDateTime) -> AppResult<Option<String>> {
    let hash = hash_token(token);
    let target = email_tokens::table
        .filter(email_tokens::token_hash.eq(&hash))
        .filter(email_tokens::purpose.eq(purpose.as_str()))
        .filter(email_tokens::used_at.is_null())
        .filter(email_tokens::expires_at.gt(now));
    let updated = diesel::update(target)
        .set(email_tokens::used_at.eq(Some(now)))
        .execute(conn)?;
    if updated != 1 {
        return Ok(None);
    }
    Ok(Some(
        email_tokens::table
            .filter(email_tokens::token_hash.eq(&hash))
            .select(email_tokens::user_id)
            .first(conn)?,
    ))
}

/// Invalidate every unused token of this purpose for the user (a newer link replaces older ones).
pub fn revoke_unused(conn: &mut DbConn, user_id: &str, purpose: Purpose, now: NaiveDateTime) -> AppResult<()> {
    diesel::update(
        email_tokens::table
            .filter(email_tokens::user_id.eq(user_id))
            .filter(email_tokens::purpose.eq(purpose.as_str()))
            .filter(email_tokens::used_at.is_null()),
    )
    .set(email_tokens::used_at.eq(Some(now)))
    .execute(conn)?;
    Ok(())
}

/// The e-mail address of the account a usable token belongs to (read only, so that a new
/// password can be checked against the address before the token is used).
pub fn holder_email(conn: &mut DbConn, token: &str, purpose: Purpose, now: NaiveDateTime) -> AppResult<Option<String>> {
    use crate::db::schema::users;
    Ok(email_tokens::table
        .inner_join(users::table)
        .filter(email_tokens::token_hash.eq(hash_token(token)))
        .filter(email_tokens::purpose.eq(purpose.as_str()))
        .filter(email_tokens::used_at.is_null())
        .filter(email_tokens::expires_at.gt(now))
        .select(users::email)
        .first(conn)
        .optional()?)
}
