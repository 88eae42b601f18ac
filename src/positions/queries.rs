//! Queries on `positions`, always read together with their enterprise.

use crate::accounts::queries::like_pattern;
use crate::db::conn::{lower, Backend};
use crate::db::schema::{enterprises, positions};
use crate::db::DbConn;
use crate::enterprises::models::{EnterpriseRow, EnterpriseStatus};
use crate::error::AppResult;
use crate::pagination::Paging;
use crate::positions::models::{EducationRequirement, MyPositionFilter, PositionFilter, PositionRow, PositionStatus};
use crate::positions::rules::ValidPosition;
use crate::transitions::Stored;
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// A position with its enterprise's name and industry, as lists show it.
pub type Listed = (PositionRow, String, String);

/// A position and its enterprise.
pub fn find(conn: &mut DbConn, id: &str) -> AppResult<Option<(PositionRow, EnterpriseRow)>> {
    Ok(positions::table
        .inner_join(enterprises::table)
        .filter(positions::id.eq(id))
        .select((PositionRow::as_select(), EnterpriseRow::as_select()))
        .first(conn)
        .optional()?)
}

/// Insert a new position.
pub fn insert(conn: &mut DbConn, row: &PositionRow) -> AppResult<()> {
    diesel::insert_into(positions::table).values(row).execute(conn)?;
    Ok(())
}

/// Store a position's new fields.
pub fn update(conn: &mut DbConn, id: &str, v: &ValidPosition, now: NaiveDateTime) -> AppResult<()> {
    diesel::update(positions::table.find(id))
        .set((
            positions::title.eq(&v.title),
            positions::description.eq(&v.description),
            positions::headcount.eq(v.headcount),
            positions::salary_min.eq(v.salary_min),
            positions::salary_max.eq(v.salary_max),
            positions::education_requirement.eq(v.education_requirement),
            positions::location.eq(&v.location),
            positions::kind.eq(v.kind),
            positions::status.eq(v.status),
            positions::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Which positions a list shows.
#[derive(Debug, Clone, Copy)]
pub enum Scope<'a> {
    /// The public listing: open positions of verified enterprises matching the filter.
    Public(&'a PositionFilter),
    /// Every position of the enterprise owned by this account, in any status.
    Owner(&'a str, &'a MyPositionFilter),
}

/// One page of positions in the scope, newest first, and the total count.
pub fn list(conn: &mut DbConn, scope: Scope<'_>, paging: Paging) -> AppResult<(Vec<Listed>, i64)> {
    let build = || {
        let mut q = positions::table.inner_join(enterprises::table).into_boxed::<Backend>();
        match scope {
            Scope::Owner(owner_id, filter) => {
                q = q.filter(enterprises::owner_id.eq(owner_id));
                if let Some(status) = filter.status {
                    q = q.filter(positions::status.eq(status.as_str()));
                }
            }
            Scope::Public(filter) => {
                q = q
                    .filter(positions::status.eq(PositionStatus::Open.as_str()))
                    .filter(enterprises::status.eq(EnterpriseStatus::Verified.as_str()));
                if let Some(text) = filter.q.as_deref().filter(|t| !t.trim().is_empty()) {
                    let pattern = like_pattern(text);
                    q = q.filter(
                        lower(positions::title)
                            .like(pattern.clone())
                            .escape('\\')
                            .or(lower(positions::description).like(pattern.clone()).escape('\\'))
                            .or(lower(enterprises::name).like(pattern).escape('\\')),
                    );
                }
                if let Some(industry) = filter.industry {
                    q = q.filter(enterprises::industry.eq(industry.as_str()));
                }
                if let Some(level) = filter.education {
                    q = q.filter(positions::education_requirement.eq_any(EducationRequirement::open_to(level)));
                }
                if let Some(location) = filter.location.as_deref().filter(|t| !t.trim().is_empty()) {
                    q = q.filter(lower(positions::location).like(like_pattern(location)).escape('\\'));
                }
                if let Some(kind) = filter.kind {
                    q = q.filter(positions::kind.eq(kind.as_str()));
                }
            }
        }
        q
    };
    let total = build().count().get_result::<i64>(conn)?;
    let rows = build()
        .order((positions::created_at.desc(), positions::id.desc()))
        .limit(paging.per_page)
        .offset(paging.offset())
        .select((PositionRow::as_select(), enterprises::name, enterprises::industry))
        .load(conn)?;
    Ok((rows, total))
}
