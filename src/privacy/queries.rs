//! Queries on consents and closure requests (diesel only). A request moves only through a
//! conditional update on its expected status.

use crate::accounts::models::{UserRow, UserStatus};
use crate::db::schema::{account_closures, privacy_consents, users};
use crate::db::DbConn;
use crate::error::AppResult;
use crate::pagination::Paging;
use crate::privacy::models::{ClosureRow, ClosureStatus, ConsentRow};
use crate::transitions::Stored;
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// Record a consent (a repeated one of the same version keeps the first time).
pub fn insert_consent(conn: &mut DbConn, row: &ConsentRow) -> AppResult<()> {
    let exists = privacy_consents::table
        .find((&row.user_id, &row.notice_version))
        .count()
        .get_result::<i64>(conn)?
        > 0;
    if !exists {
        diesel::insert_into(privacy_consents::table).values(row).execute(conn)?;
    }
    Ok(())
}

/// The consents of an account, oldest first.
pub fn consents_of(conn: &mut DbConn, user_id: &str) -> AppResult<Vec<ConsentRow>> {
    Ok(privacy_consents::table
        .filter(privacy_consents::user_id.eq(user_id))
        .order(privacy_consents::consented_at.asc())
        .select(ConsentRow::as_select())
        .load(conn)?)
}

/// A closure request by id.
pub fn closure(conn: &mut DbConn, id: &str) -> AppResult<Option<ClosureRow>> {
    Ok(account_closures::table
        .find(id)
        .select(ClosureRow::as_select())
        .first(conn)
        .optional()?)
}

/// The account's closure requests, newest first.
pub fn closures_of(conn: &mut DbConn, user_id: &str) -> AppResult<Vec<ClosureRow>> {
    Ok(account_closures::table
        .filter(account_closures::user_id.eq(user_id))
        .order((account_closures::requested_at.desc(), account_closures::id.desc()))
        .select(ClosureRow::as_select())
        .load(conn)?)
}

/// Whether the account has a request waiting for a decision.
pub fn has_open(conn: &mut DbConn, user_id: &str) -> AppResult<bool> {
    Ok(account_closures::table
        .filter(account_closures::user_id.eq(user_id))
        .filter(account_closures::status.eq(ClosureStatus::Requested.as_str()))
        .count()
        .get_result::<i64>(conn)?
        > 0)
}

/// Insert a request.
pub fn insert_closure(conn: &mut DbConn, row: &ClosureRow) -> AppResult<()> {
    diesel::insert_into(account_closures::table).values(row).execute(conn)?;
    Ok(())
}

/// Decide a request still `requested`; false when it no longer was.
pub fn decide(
    conn: &mut DbConn,
    id: &str,
    to: ClosureStatus,
    by: &str,
    reason: Option<&str>,
    outcome: Option<&str>,
    now: NaiveDateTime,
) -> AppResult<bool> {
    let n = diesel::update(
        account_closures::table
            .find(id)
            .filter(account_closures::status.eq(ClosureStatus::Requested.as_str())),
    )
    .set((
        account_closures::status.eq(to.as_str()),
        account_closures::decided_by.eq(by),
        account_closures::decided_at.eq(now),
        account_closures::decision_reason.eq(reason),
        account_closures::outcome.eq(outcome),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// One page of requests (oldest open first, as a queue), with their accounts.
pub fn page(
    conn: &mut DbConn,
    status: Option<ClosureStatus>,
    paging: Paging,
) -> AppResult<(Vec<(ClosureRow, UserRow)>, i64)> {
    let filtered = || {
        let mut q = account_closures::table.inner_join(users::table).into_boxed();
        if let Some(s) = status {
            q = q.filter(account_closures::status.eq(s.as_str()));
        }
        q
    };
    let total = filtered().count().get_result(conn)?;
    let rows = filtered()
        .order((account_closures::requested_at.asc(), account_closures::id.asc()))
        .limit(paging.per_page)
        .offset(paging.offset())
        .select((ClosureRow::as_select(), UserRow::as_select()))
        .load(conn)?;
    Ok((rows, total))
}

/// Anonymise the account: no address, name or password that could be used again, every session
/// ended by the token version; role and dates stay for the statistics.
pub fn anonymise_user(conn: &mut DbConn, id: &str, email: &str, name: &str, now: NaiveDateTime) -> AppResult<()> {
    diesel::update(users::table.find(id))
        .set((
            users::email.eq(email),
            users::display_name.eq(name),
            users::password_hash.eq("!closed"),
            users::status.eq(UserStatus::Disabled.as_str()),
            users::token_version.eq(users::token_version + 1),
            users::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}
