//! Queries on `enterprises`.

use crate::accounts::queries::like_pattern;
use crate::db::conn::{lower, Backend};
use crate::db::schema::enterprises;
use crate::db::DbConn;
use crate::enterprises::models::{EnterpriseFilter, EnterpriseRow, EnterpriseStatus};
use crate::enterprises::rules::ValidEnterprise;
use crate::error::AppResult;
use crate::pagination::Paging;
use crate::transitions::Stored;
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// An enterprise by id.
pub fn find(conn: &mut DbConn, id: &str) -> AppResult<Option<EnterpriseRow>> {
    Ok(enterprises::table
        .find(id)
        .select(EnterpriseRow::as_select())
        .first(conn)
        .optional()?)
}

/// The enterprise of an employer account.
pub fn find_by_owner(conn: &mut DbConn, owner_id: &str) -> AppResult<Option<EnterpriseRow>> {
    Ok(enterprises::table
        .filter(enterprises::owner_id.eq(owner_id))
        .select(EnterpriseRow::as_select())
        .first(conn)
        .optional()?)
}

/// The id of the enterprise holding a (normalised) credit code, other than `except_id`.
pub fn credit_code_holder(conn: &mut DbConn, code: &str, except_id: &str) -> AppResult<Option<String>> {
    Ok(enterprises::table
        .filter(enterprises::credit_code.eq(code))
        .filter(enterprises::id.ne(except_id))
        .select(enterprises::id)
        .first(conn)
        .optional()?)
}

/// Insert a new enterprise.
pub fn insert(conn: &mut DbConn, row: &EnterpriseRow) -> AppResult<()> {
    diesel::insert_into(enterprises::table).values(row).execute(conn)?;
    Ok(())
}

/// Store the owner's changes if the enterprise is still in `from`; it goes (back) to pending and
/// loses any rejection reason. False when HR decided meanwhile (a verification is never undone by
/// an edit that read the record before it).
pub fn update_fields(
    conn: &mut DbConn,
    id: &str,
    from: EnterpriseStatus,
    v: &ValidEnterprise,
    now: NaiveDateTime,
) -> AppResult<bool> {
    let n = diesel::update(
        enterprises::table
            .find(id)
            .filter(enterprises::status.eq(from.as_str())),
    )
    .set((
        enterprises::name.eq(&v.name),
        enterprises::credit_code.eq(&v.credit_code),
        enterprises::industry.eq(v.industry),
        enterprises::address.eq(&v.address),
        enterprises::contact_name.eq(&v.contact_name),
        enterprises::contact_phone.eq(&v.contact_phone),
        enterprises::size.eq(v.size),
        enterprises::kind.eq(v.kind),
        enterprises::status.eq(EnterpriseStatus::Pending.as_str()),
        enterprises::rejection_reason.eq(None::<String>),
        enterprises::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Record HR's decision on a pending enterprise. Returns false when it was no longer pending.
pub fn decide(
    conn: &mut DbConn,
    id: &str,
    reviewer: &str,
    to: EnterpriseStatus,
    rejection_reason: Option<&str>,
    now: NaiveDateTime,
) -> AppResult<bool> {
    let verified_at = (to == EnterpriseStatus::Verified).then_some(now);
    let pending = enterprises::status.eq(EnterpriseStatus::Pending.as_str());
    let changed = diesel::update(enterprises::table.find(id).filter(pending))
        .set((
            enterprises::status.eq(to.as_str()),
            enterprises::rejection_reason.eq(rejection_reason),
            enterprises::verified_at.eq(verified_at),
            enterprises::reviewed_by.eq(Some(reviewer)),
            enterprises::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(changed == 1)
}

fn filtered<'a>(filter: &'a EnterpriseFilter) -> enterprises::BoxedQuery<'a, Backend> {
    let mut query = enterprises::table.into_boxed::<Backend>();
    if let Some(q) = filter.q.as_deref().filter(|q| !q.trim().is_empty()) {
        let pattern = like_pattern(q);
        query = query.filter(
            lower(enterprises::name)
                .like(pattern.clone())
                .escape('\\')
                .or(lower(enterprises::credit_code).like(pattern).escape('\\')),
        );
    }
    if let Some(status) = filter.status {
        query = query.filter(enterprises::status.eq(status.as_str()));
    }
    if let Some(kind) = filter.kind {
        query = query.filter(enterprises::kind.eq(kind.as_str()));
    }
    query
}

/// One page of enterprises matching the filter, oldest first (so the review queue is worked in
/// order), and the total count.
pub fn list(conn: &mut DbConn, filter: &EnterpriseFilter, paging: Paging) -> AppResult<(Vec<EnterpriseRow>, i64)> {
    let total = filtered(filter).count().get_result::<i64>(conn)?;
    let rows = filtered(filter)
        .order((enterprises::created_at.asc(), enterprises::id.asc()))
        .limit(paging.per_page)
        .offset(paging.offset())
        .select(EnterpriseRow::as_select())
        .load(conn)?;
    Ok((rows, total))
}
