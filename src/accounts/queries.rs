//! Queries on `users`.

use crate::accounts::models::{UserFilter, UserRow, UserStatus};
use crate::auth::Role;
use crate::db::conn::{lower, Backend};
use crate::db::schema::users;
use crate::db::DbConn;
use crate::error::AppResult;
use crate::pagination::Paging;
use crate::transitions::Stored;
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// A user by id.
pub fn find_by_id(conn: &mut DbConn, id: &str) -> AppResult<Option<UserRow>> {
    Ok(users::table
        .find(id)
        .select(UserRow::as_select())
        .first(conn)
        .optional()?)
}

/// A user by normalised e-mail.
pub fn find_by_email(conn: &mut DbConn, email: &str) -> AppResult<Option<UserRow>> {
    Ok(users::table
        .filter(users::email.eq(email))
        .select(UserRow::as_select())
        .first(conn)
        .optional()?)
}

/// Insert a new user.
pub fn insert(conn: &mut DbConn, row: &UserRow) -> AppResult<()> {
    diesel::insert_into(users::table).values(row).execute(conn)?;
    Ok(())
}

/// Escape `%`, `_` and `\` so user input matches literally inside LIKE.
pub fn like_pattern(q: &str) -> String {
    let mut out = String::from("%");
    for c in q.trim().to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

fn filtered<'a>(filter: &'a UserFilter) -> users::BoxedQuery<'a, Backend> {
    let mut query = users::table.into_boxed::<Backend>();
    if let Some(q) = filter.q.as_deref().filter(|q| !q.trim().is_empty()) {
        let pattern = like_pattern(q);
        query = query.filter(
            users::email
                .like(pattern.clone())
                .escape('\\')
                .or(lower(users::display_name).like(pattern).escape('\\')),
        );
    }
    if let Some(role) = filter.role {
        query = query.filter(users::role.eq(role.as_str()));
    }
    if let Some(status) = filter.status {
        query = query.filter(users::status.eq(status.as_str()));
    }
    query
}

/// One page of users matching the filter, newest first, and the total count.
pub fn list(conn: &mut DbConn, filter: &UserFilter, paging: Paging) -> AppResult<(Vec<UserRow>, i64)> {
    let total = filtered(filter).count().get_result::<i64>(conn)?;
    let rows = filtered(filter)
        .order((users::created_at.desc(), users::id.desc()))
        .limit(paging.per_page)
        .offset(paging.offset())
        .select(UserRow::as_select())
        .load(conn)?;
    Ok((rows, total))
}

/// Record a successful log-in.
pub fn record_login(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> AppResult<()> {
    diesel::update(users::table.find(id))
        .set((
            users::failed_logins.eq(0),
            users::locked_until.eq(None::<NaiveDateTime>),
            users::last_login_at.eq(Some(now)),
            users::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Mark the e-mail verified and activate a pending account.
pub fn mark_verified(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> AppResult<()> {
    diesel::update(users::table.find(id))
        .set((users::email_verified_at.eq(Some(now)), users::updated_at.eq(now)))
        .execute(conn)?;
    diesel::update(
        users::table
            .find(id)
            .filter(users::status.eq(UserStatus::Pending.as_str())),
    )
    .set(users::status.eq(UserStatus::Active.as_str()))
    .execute(conn)?;
    Ok(())
}

/// Set a new password hash and bump the token version, which ends every session of the user.
pub fn set_password(conn: &mut DbConn, id: &str, hash: &str, now: NaiveDateTime) -> AppResult<()> {
    diesel::update(users::table.find(id))
        .set((
            users::password_hash.eq(hash),
            users::token_version.eq(users::token_version + 1),
            users::failed_logins.eq(0),
            users::locked_until.eq(None::<NaiveDateTime>),
            users::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Change role, status and name together, bumping the token version when access changes.
pub fn update_admin_fields(
    conn: &mut DbConn,
    id: &str,
    role: &str,
    status: &str,
    display_name: &str,
    revoke: bool,
    now: NaiveDateTime,
) -> AppResult<()> {
    diesel::update(users::table.find(id))
        .set((
            users::role.eq(role),
            users::status.eq(status),
            users::display_name.eq(display_name),
            users::token_version.eq(users::token_version + i32::from(revoke)),
            users::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Number of active administrators (so the last one cannot be disabled or demoted).
pub fn count_active_admins(conn: &mut DbConn) -> AppResult<i64> {
    Ok(users::table
        .filter(users::role.eq(Role::Admin.as_str()))
        .filter(users::status.eq(UserStatus::Active.as_str()))
        .count()
        .get_result(conn)?)
}

#[cfg(test)]
mod tests {
    #[test]
    fn like_pattern_escapes() {
        assert_eq!(super::like_pattern("50%_a\\"), "%50\\%\\_a\\\\%");
    }
}
