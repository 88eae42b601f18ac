//! Refresh tokens: rotated on every use, grouped in families so that reuse of an old token
//! (a sign of theft) revokes the whole chain.

use crate::accounts::models::{UserRow, UserStatus};
use crate::accounts::{queries, rules};
use crate::auth::tokens::{hash_token, random_token};
use crate::db::schema::refresh_tokens;
use crate::db::{new_id, DbConn};
use crate::error::AppResult;
use crate::transitions::Stored;
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// Start a new session family for the user; returns the plain refresh token.
pub fn start(conn: &mut DbConn, user: &UserRow, now: NaiveDateTime) -> AppResult<String> {
    insert(conn, user, &new_id(), now)
}

fn insert(conn: &mut DbConn, user: &UserRow, family_id: &str, now: NaiveDateTime) -> AppResult<String> {
    let token = random_token();
    diesel::insert_into(refresh_tokens::table)
        .values((
            refresh_tokens::id.eq(new_id()),
            refresh_tokens::user_id.eq(&user.id),
            refresh_tokens::family_id.eq(family_id),
            refresh_tokens::token_hash.eq(hash_token(&token)),
            refresh_tokens::token_version.eq(user.token_version),
            refresh_tokens::expires_at.eq(now + rules::REFRESH_TTL),
            refresh_tokens::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(token)
}

/// What presenting a refresh token led to.
#[derive(Debug)]
pub enum Rotation {
    /// A fresh token was issued for this user.
    Rotated {
        /// The account.
        user: Box<UserRow>,
        /// The new plain refresh token.
        token: String,
    },
    /// An already used token came back: the family is now revoked.
    ReuseDetected {
        /// Whose family it was.
        user_id: String,
    },
    /// Unknown, expired or revoked token, or the account can no longer sign in.
    Invalid,
}

/// Exchange a refresh token for a new one (inside a write transaction).
pub fn rotate(conn: &mut DbConn, token: &str, now: NaiveDateTime) -> AppResult<Rotation> {
    let found = refresh_tokens::table
        .filter(refresh_tokens::token_hash.eq(hash_token(token)))
        .select((
            refresh_tokens::id,
            refresh_tokens::user_id,
            refresh_tokens::family_id,
            refresh_tokens::token_version,
            refresh_tokens::expires_at,
            refresh_tokens::used_at,
            refresh_tokens::revoked_at,
        ))
        .first::<(
            String,
            String,
            String,
            i32,
            NaiveDateTime,
            Option<NaiveDateTime>,
            Option<NaiveDateTime>,
        )>(conn)
        .optional()?;
    let Some((id, user_id, family_id, version, expires_at, used_at, revoked_at)) = found else {
        return Ok(Rotation::Invalid);
    };
    if revoked_at.is_some() || expires_at <= now {
        return Ok(Rotation::Invalid);
    }
    // Claim the token; zero rows means another request used it first, which counts as reuse.
    let claimed = diesel::update(
        refresh_tokens::table
            .find(&id)
            .filter(refresh_tokens::used_at.is_null()),
    )
    .set(refresh_tokens::used_at.eq(Some(now)))
    .execute(conn)?;
    if used_at.is_some() || claimed != 1 {
        revoke_family(conn, &family_id, now)?;
        return Ok(Rotation::ReuseDetected { user_id });
    }
    let Some(user) = queries::find_by_id(conn, &user_id)? else {
        return Ok(Rotation::Invalid);
    };
    if user.status != UserStatus::Active.as_str() || user.token_version != version {
        revoke_family(conn, &family_id, now)?;
        return Ok(Rotation::Invalid);
    }
    let token = insert(conn, &user, &family_id, now)?;
    Ok(Rotation::Rotated {
        user: Box::new(user),
        token,
    })
}

/// Revoke every token of the family the given token belongs to (log-out); unknown tokens are ignored.
pub fn revoke_by_token(conn: &mut DbConn, token: &str, now: NaiveDateTime) -> AppResult<Option<String>> {
    let found = refresh_tokens::table
        .filter(refresh_tokens::token_hash.eq(hash_token(token)))
        .select((refresh_tokens::family_id, refresh_tokens::user_id))
        .first::<(String, String)>(conn)
        .optional()?;
    match found {
        Some((family, user_id)) => {
            revoke_family(conn, &family, now)?;
            Ok(Some(user_id))
        }
        None => Ok(None),
    }
}

fn revoke_family(conn: &mut DbConn, family_id: &str, now: NaiveDateTime) -> AppResult<()> {
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::family_id.eq(family_id))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(Some(now)))
    .execute(conn)?;
    Ok(())
}

/// Revoke every refresh token the user holds (password change, reset, disable, role change).
pub fn revoke_all(conn: &mut DbConn, user_id: &str, now: NaiveDateTime) -> AppResult<()> {
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::user_id.eq(user_id))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(Some(now)))
    .execute(conn)?;
    Ok(())
}
