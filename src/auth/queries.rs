//! The reads of `users` and `sessions` that authentication needs, kept here so that the auth layer does not
//! depend on the accounts domain (accounts builds on auth, not the other way round).

use crate::db::schema::{sessions, users};
use crate::db::DbConn;
use crate::error::AppResult;
use diesel::prelude::*;

/// The stored status of an account that may sign in (`accounts::models::UserStatus::Active`).
pub const ACTIVE: &str = "active";

/// What the extractor checks of an account on every request.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct Account {
    /// User id.
    pub id: String,
    /// Normalised e-mail.
    pub email: String,
    /// Stored role name.
    pub role: String,
    /// Stored status name.
    pub status: String,
    /// Preferred language for mail.
    pub locale: String,
    /// Bumped to end every session at once.
    pub token_version: i32,
}

/// The account behind an access token.
pub fn account(conn: &mut DbConn, id: &str) -> AppResult<Option<Account>> {
    Ok(users::table
        .find(id)
        .select(Account::as_select())
        .first(conn)
        .optional()?)
}

/// Whether the sign-in session of an access token is still going (not logged out, not ended by a
/// password change, reuse or disabling, and this user's).
pub fn session_live(conn: &mut DbConn, session_id: &str, user_id: &str) -> AppResult<bool> {
    let ended = sessions::table
        .find(session_id)
        .filter(sessions::user_id.eq(user_id))
        .select(sessions::ended_at)
        .first::<Option<chrono::NaiveDateTime>>(conn)
        .optional()?;
    Ok(matches!(ended, Some(None)))
}
