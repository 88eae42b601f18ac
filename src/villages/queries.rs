//! Queries on townships and villages (diesel only).

use crate::db::conn::Backend;
use crate::db::schema::{townships, villages};
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::pagination::Paging;
use crate::villages::models::{TownshipFilter, TownshipRow, VillageFilter, VillageRow};
use crate::villages::rules::Facts;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use std::collections::HashMap;

fn pattern(q: &str) -> String {
    format!("%{}%", q.trim().replace(['%', '_', '\\'], ""))
}

/// A township by id.
pub fn township(conn: &mut DbConn, id: &str) -> AppResult<Option<TownshipRow>> {
    Ok(townships::table
        .find(id)
        .select(TownshipRow::as_select())
        .first(conn)
        .optional()?)
}

/// Every township, by code.
pub fn all_townships(conn: &mut DbConn) -> AppResult<Vec<TownshipRow>> {
    Ok(townships::table
        .order(townships::code)
        .select(TownshipRow::as_select())
        .load(conn)?)
}

/// A page of townships by code, with the count of their villages not merged away.
pub fn townships_page(
    conn: &mut DbConn,
    filter: &TownshipFilter,
    paging: Paging,
) -> AppResult<(Vec<(TownshipRow, i64)>, i64)> {
    let p = filter.q.as_deref().filter(|q| !q.trim().is_empty()).map(pattern);
    let build = || {
        let mut q = townships::table.into_boxed::<Backend>();
        if let Some(p) = &p {
            q = q.filter(townships::name.like(p.clone()).or(townships::code.like(p.clone())));
        }
        q
    };
    let total = build().count().get_result::<i64>(conn)?;
    let rows = build()
        .order(townships::code)
        .limit(paging.per_page)
        .offset(paging.offset())
        .select(TownshipRow::as_select())
        .load(conn)?;
    let ids: Vec<String> = rows.iter().map(|t| t.id.clone()).collect();
    let counts: HashMap<String, i64> = villages::table
        .filter(villages::township_id.eq_any(ids))
        .filter(villages::merged_into_id.is_null())
        .group_by(villages::township_id)
        .select((villages::township_id, diesel::dsl::count_star()))
        .load::<(String, i64)>(conn)?
        .into_iter()
        .collect();
    Ok((
        rows.into_iter()
            .map(|t| {
                let n = counts.get(&t.id).copied().unwrap_or(0);
                (t, n)
            })
            .collect(),
        total,
    ))
}

/// Insert a township.
pub fn insert_township(conn: &mut DbConn, row: &TownshipRow) -> AppResult<()> {
    diesel::insert_into(townships::table).values(row).execute(conn)?;
    Ok(())
}

/// Rename or recode a township.
pub fn update_township(conn: &mut DbConn, id: &str, code: &str, name: &str, now: NaiveDateTime) -> AppResult<()> {
    diesel::update(townships::table.find(id))
        .set((
            townships::code.eq(code),
            townships::name.eq(name),
            townships::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// The township holding `code`, if any.
pub fn township_by_code(conn: &mut DbConn, code: &str) -> AppResult<Option<TownshipRow>> {
    Ok(townships::table
        .filter(townships::code.eq(code))
        .select(TownshipRow::as_select())
        .first(conn)
        .optional()?)
}

/// A village by id.
pub fn village(conn: &mut DbConn, id: &str) -> AppResult<Option<VillageRow>> {
    Ok(villages::table
        .find(id)
        .select(VillageRow::as_select())
        .first(conn)
        .optional()?)
}

/// A village by id, or 404.
pub fn village_or_404(conn: &mut DbConn, id: &str) -> AppResult<VillageRow> {
    village(conn, id)?.ok_or_else(AppError::not_found)
}

/// The village holding `code`, if any.
pub fn village_by_code(conn: &mut DbConn, code: &str) -> AppResult<Option<VillageRow>> {
    Ok(villages::table
        .filter(villages::code.eq(code))
        .select(VillageRow::as_select())
        .first(conn)
        .optional()?)
}

/// Every village, by code.
pub fn all_villages(conn: &mut DbConn) -> AppResult<Vec<VillageRow>> {
    Ok(villages::table
        .order(villages::code)
        .select(VillageRow::as_select())
        .load(conn)?)
}

/// The facts the year rule reads, for every village (a county has hundreds, a province tens of
/// thousands: small enough to decide in memory, and the rule stays one plain function).
pub fn all_facts(conn: &mut DbConn) -> AppResult<Vec<Facts>> {
    Ok(all_villages(conn)?.into_iter().map(|r| facts(&r)).collect())
}

/// The facts of one row.
pub fn facts(r: &VillageRow) -> Facts {
    Facts {
        id: r.id.clone(),
        poor: r.poor_village,
        poor_changed_year: r.poor_changed_year,
        established_year: r.established_year,
        merged_into: r.merged_into_id.clone(),
        merged_year: r.merged_year,
    }
}

/// A page of villages by township and code.
pub fn villages_page(conn: &mut DbConn, filter: &VillageFilter, paging: Paging) -> AppResult<(Vec<VillageRow>, i64)> {
    let p = filter.q.as_deref().filter(|q| !q.trim().is_empty()).map(pattern);
    let include_merged = filter.include_merged.unwrap_or(filter.year.is_none());
    let build = || {
        let mut q = villages::table.into_boxed::<Backend>();
        if let Some(t) = &filter.township_id {
            q = q.filter(villages::township_id.eq(t.clone()));
        }
        if let Some(p) = &p {
            q = q.filter(villages::name.like(p.clone()).or(villages::code.like(p.clone())));
        }
        if let Some(y) = filter.year {
            q = q.filter(
                villages::established_year
                    .is_null()
                    .or(villages::established_year.le(y)),
            );
            if !include_merged {
                q = q.filter(villages::merged_year.is_null().or(villages::merged_year.gt(y)));
            }
        } else if !include_merged {
            q = q.filter(villages::merged_into_id.is_null());
        }
        q
    };
    let total = build().count().get_result::<i64>(conn)?;
    let rows = build()
        .order((villages::township_id, villages::code))
        .limit(paging.per_page)
        .offset(paging.offset())
        .select(VillageRow::as_select())
        .load(conn)?;
    Ok((rows, total))
}

/// Names of townships by id.
pub fn township_names(conn: &mut DbConn, ids: Vec<String>) -> AppResult<HashMap<String, String>> {
    Ok(townships::table
        .filter(townships::id.eq_any(ids))
        .select((townships::id, townships::name))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect())
}

/// Names of villages by id.
pub fn village_names(conn: &mut DbConn, ids: Vec<String>) -> AppResult<HashMap<String, String>> {
    Ok(villages::table
        .filter(villages::id.eq_any(ids))
        .select((villages::id, villages::name))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect())
}

/// Insert a village.
pub fn insert_village(conn: &mut DbConn, row: &VillageRow) -> AppResult<()> {
    diesel::insert_into(villages::table).values(row).execute(conn)?;
    Ok(())
}

/// Replace a village's own fields (not its merge).
pub fn update_village(conn: &mut DbConn, row: &VillageRow) -> AppResult<()> {
    diesel::update(villages::table.find(&row.id))
        .set((
            villages::township_id.eq(&row.township_id),
            villages::code.eq(&row.code),
            villages::name.eq(&row.name),
            villages::kind.eq(&row.kind),
            villages::poor_village.eq(row.poor_village),
            villages::poor_changed_year.eq(row.poor_changed_year),
            villages::established_year.eq(row.established_year),
            villages::updated_at.eq(row.updated_at),
        ))
        .execute(conn)?;
    Ok(())
}

/// Record that `id` joined `into` in `year`; false when it was merged meanwhile.
pub fn merge(conn: &mut DbConn, id: &str, into: &str, year: i32, now: NaiveDateTime) -> AppResult<bool> {
    let n = diesel::update(villages::table.find(id).filter(villages::merged_into_id.is_null()))
        .set((
            villages::merged_into_id.eq(into),
            villages::merged_year.eq(year),
            villages::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

/// Undo a merge recorded by mistake.
pub fn unmerge(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> AppResult<bool> {
    let n = diesel::update(villages::table.find(id).filter(villages::merged_into_id.is_not_null()))
        .set((
            villages::merged_into_id.eq(None::<String>),
            villages::merged_year.eq(None::<i32>),
            villages::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(n == 1)
}
