//! Sign-in sessions and their refresh tokens. A session (a `sessions` row) has an absolute end
//! however often it is refreshed; its refresh tokens form one family, rotated on every use. An
//! old token presented again (a sign of theft) ends the session, except within a short grace
//! period after its rotation, when it is answered with the same successor: two tabs refreshing at
//! once, or an answer lost on the way, must not sign anyone out. Access tokens carry the session
//! id, and the `AuthUser` extractor refuses them once the session has ended.

use crate::accounts::models::{UserRow, UserStatus};
use crate::accounts::{queries, rules};
use crate::auth::tokens::{hash_token, random_token, TokenKeys};
use crate::auth::Role;
use crate::db::schema::{refresh_tokens, sessions};
use crate::db::{new_id, DbConn};
use crate::error::AppResult;
use crate::transitions::Stored;
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// How many rotations a token presented within its grace period may be behind the newest one.
const MAX_GRACE_STEPS: usize = 4;

/// A live session as the client gets it: the id for access tokens and the refresh cookie.
#[derive(Debug, Clone)]
pub struct Session {
    /// Session id (also the refresh-token family).
    pub id: String,
    /// The plain refresh token (only ever sent to the client).
    pub refresh_token: String,
    /// When this refresh token expires (never after the session's absolute end).
    pub refresh_expires_at: NaiveDateTime,
}

/// Start a new session for the user, with the absolute lifetime of their role.
pub fn start(conn: &mut DbConn, user: &UserRow, now: NaiveDateTime) -> AppResult<Session> {
    let id = new_id();
    let role = Role::parse(&user.role).unwrap_or(Role::Admin);
    let ends = now + rules::session_lifetime(role);
    diesel::insert_into(sessions::table)
        .values((
            sessions::id.eq(&id),
            sessions::user_id.eq(&user.id),
            sessions::created_at.eq(now),
            sessions::expires_at.eq(ends),
        ))
        .execute(conn)?;
    insert(conn, user, &id, random_token(), ends, now)
}

fn insert(
    conn: &mut DbConn,
    user: &UserRow,
    session_id: &str,
    token: String,
    session_ends: NaiveDateTime,
    now: NaiveDateTime,
) -> AppResult<Session> {
    let expires_at = rules::refresh_expiry(now, session_ends);
    diesel::insert_into(refresh_tokens::table)
        .values((
            refresh_tokens::id.eq(new_id()),
            refresh_tokens::user_id.eq(&user.id),
            refresh_tokens::family_id.eq(session_id),
            refresh_tokens::token_hash.eq(hash_token(&token)),
            refresh_tokens::token_version.eq(user.token_version),
            refresh_tokens::expires_at.eq(expires_at),
            refresh_tokens::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(Session {
        id: session_id.to_string(),
        refresh_token: token,
        refresh_expires_at: expires_at,
    })
}

/// What presenting a refresh token led to.
#[derive(Debug)]
pub enum Rotation {
    /// A fresh (or, within the grace period, the same fresh) token for this user.
    Rotated {
        /// The account.
        user: Box<UserRow>,
        /// The session and its newest refresh token.
        session: Session,
    },
    /// An already used token came back after its grace period: the session is now ended.
    ReuseDetected {
        /// Whose session it was.
        user_id: String,
    },
    /// Unknown, expired or revoked token, an ended session, or an account that can no longer sign in.
    Invalid,
}

/// A stored refresh token, as rotation reads it.
#[derive(Debug, Queryable)]
struct TokenRow {
    id: String,
    user_id: String,
    family_id: String,
    token_version: i32,
    expires_at: NaiveDateTime,
    used_at: Option<NaiveDateTime>,
    revoked_at: Option<NaiveDateTime>,
}

fn find(conn: &mut DbConn, token: &str) -> AppResult<Option<TokenRow>> {
    Ok(refresh_tokens::table
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
        .first(conn)
        .optional()?)
}

/// The absolute end of a session that has not been ended yet.
fn live_session_end(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> AppResult<Option<NaiveDateTime>> {
    let found = sessions::table
        .find(id)
        .select((sessions::expires_at, sessions::ended_at))
        .first::<(NaiveDateTime, Option<NaiveDateTime>)>(conn)
        .optional()?;
    Ok(found.and_then(|(ends, ended)| (ended.is_none() && ends > now).then_some(ends)))
}

/// The account behind a token, if it may still use it.
fn holder(conn: &mut DbConn, row: &TokenRow) -> AppResult<Option<UserRow>> {
    let user = queries::find_by_id(conn, &row.user_id)?;
    Ok(user.filter(|u| u.status == UserStatus::Active.as_str() && u.token_version == row.token_version))
}

/// Exchange a refresh token for its successor (inside a write transaction).
pub fn rotate(conn: &mut DbConn, keys: &TokenKeys, token: &str, now: NaiveDateTime) -> AppResult<Rotation> {
    let Some(row) = find(conn, token)? else {
        return Ok(Rotation::Invalid);
    };
    if row.revoked_at.is_some() || row.expires_at <= now {
        return Ok(Rotation::Invalid);
    }
    let Some(session_ends) = live_session_end(conn, &row.family_id, now)? else {
        end(conn, &row.family_id, now)?;
        return Ok(Rotation::Invalid);
    };
    // Claim the token; zero rows means it was used before, perhaps by a request that just
    // committed (on PostgreSQL this statement waits for it), so its use is read again below.
    let claimed = diesel::update(
        refresh_tokens::table
            .find(&row.id)
            .filter(refresh_tokens::used_at.is_null()),
    )
    .set(refresh_tokens::used_at.eq(Some(now)))
    .execute(conn)?;
    if claimed == 1 {
        let Some(user) = holder(conn, &row)? else {
            end(conn, &row.family_id, now)?;
            return Ok(Rotation::Invalid);
        };
        let session = insert(conn, &user, &row.family_id, keys.successor(token), session_ends, now)?;
        return Ok(Rotation::Rotated {
            user: Box::new(user),
            session,
        });
    }
    let used_at = refresh_tokens::table
        .find(&row.id)
        .select(refresh_tokens::used_at)
        .first::<Option<NaiveDateTime>>(conn)?;
    if used_at.is_some_and(|used| rules::within_refresh_grace(used, now)) {
        if let Some(rotation) = newest_successor(conn, keys, token, now)? {
            return Ok(rotation);
        }
    }
    end(conn, &row.family_id, now)?;
    Ok(Rotation::ReuseDetected { user_id: row.user_id })
}

/// Within the grace period: the family's newest token, followed from `token` through its
/// successors, if the chain is intact and the account may still sign in.
fn newest_successor(
    conn: &mut DbConn,
    keys: &TokenKeys,
    token: &str,
    now: NaiveDateTime,
) -> AppResult<Option<Rotation>> {
    let mut current = keys.successor(token);
    for _ in 0..MAX_GRACE_STEPS {
        let Some(row) = find(conn, &current)? else {
            return Ok(None);
        };
        if row.revoked_at.is_some() || row.expires_at <= now {
            return Ok(None);
        }
        if row.used_at.is_none() {
            let Some(user) = holder(conn, &row)? else {
                return Ok(None);
            };
            return Ok(Some(Rotation::Rotated {
                user: Box::new(user),
                session: Session {
                    id: row.family_id,
                    refresh_token: current,
                    refresh_expires_at: row.expires_at,
                },
            }));
        }
        current = keys.successor(&current);
    }
    Ok(None)
}

/// End the session the given refresh token belongs to (log-out); unknown tokens are ignored.
pub fn revoke_by_token(conn: &mut DbConn, token: &str, now: NaiveDateTime) -> AppResult<Option<String>> {
    match find(conn, token)? {
        Some(row) => {
            end(conn, &row.family_id, now)?;
            Ok(Some(row.user_id))
        }
        None => Ok(None),
    }
}

/// End one session: its access tokens stop working and its refresh tokens are revoked.
pub fn end(conn: &mut DbConn, session_id: &str, now: NaiveDateTime) -> AppResult<()> {
    diesel::update(sessions::table.find(session_id).filter(sessions::ended_at.is_null()))
        .set(sessions::ended_at.eq(Some(now)))
        .execute(conn)?;
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::family_id.eq(session_id))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(Some(now)))
    .execute(conn)?;
    Ok(())
}

/// End every session of the user (password change, reset, disable, role change).
pub fn revoke_all(conn: &mut DbConn, user_id: &str, now: NaiveDateTime) -> AppResult<()> {
    diesel::update(
        sessions::table
            .filter(sessions::user_id.eq(user_id))
            .filter(sessions::ended_at.is_null()),
    )
    .set(sessions::ended_at.eq(Some(now)))
    .execute(conn)?;
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::user_id.eq(user_id))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(Some(now)))
    .execute(conn)?;
    Ok(())
}

/// Delete what sign-in no longer needs: e-mail tokens, refresh tokens and sessions created more
/// than `rules::TOKEN_RETENTION` ago that are used, revoked, ended or expired (by their lifetimes
/// that is all of them; the condition only makes sure nothing live is ever deleted).
pub fn forget_old(conn: &mut DbConn, now: NaiveDateTime) -> AppResult<usize> {
    use crate::db::schema::email_tokens;
    let cutoff = now - rules::TOKEN_RETENTION;
    let mut deleted = diesel::delete(
        email_tokens::table
            .filter(email_tokens::created_at.lt(cutoff))
            .filter(email_tokens::used_at.is_not_null().or(email_tokens::expires_at.le(now))),
    )
    .execute(conn)?;
    deleted += diesel::delete(
        refresh_tokens::table
            .filter(refresh_tokens::created_at.lt(cutoff))
            .filter(
                refresh_tokens::used_at
                    .is_not_null()
                    .or(refresh_tokens::revoked_at.is_not_null())
                    .or(refresh_tokens::expires_at.le(now)),
            ),
    )
    .execute(conn)?;
    let old = sessions::table
        .filter(sessions::created_at.lt(cutoff))
        .filter(sessions::ended_at.is_not_null().or(sessions::expires_at.le(now)));
    deleted += diesel::delete(refresh_tokens::table.filter(refresh_tokens::family_id.eq_any(old.select(sessions::id))))
        .execute(conn)?;
    deleted += diesel::delete(old).execute(conn)?;
    Ok(deleted)
}
