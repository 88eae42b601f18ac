//! Queries on village-plan rounds and candidacies (diesel only), the coverage table and the
//! yearly figures the reports domain reads ([`year_figures`]).

use crate::db::conn::Backend;
use crate::db::schema::{townships, village_plan_candidates as c, village_plan_rounds as r, villages};
use crate::db::{to_utc, DbConn};
use crate::error::{AppError, AppResult};
use crate::pagination::Paging;
use crate::transitions::Stored;
use crate::village_plan::models::{
    CandidateFilter, CandidateRow, CandidateStatus, CandidateView, Coverage, CoverageRow, RoundFilter, RoundRow,
    RoundStatus, YearFigures,
};
use crate::village_plan::rules;
use crate::villages::queries as villages_q;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use std::collections::HashMap;

/// A round by id.
pub fn round(conn: &mut DbConn, id: &str) -> AppResult<Option<RoundRow>> {
    Ok(r::table.find(id).select(RoundRow::as_select()).first(conn).optional()?)
}

/// A round by id, or 404.
pub fn round_or_404(conn: &mut DbConn, id: &str) -> AppResult<RoundRow> {
    round(conn, id)?.ok_or_else(AppError::not_found)
}

/// The round of a year.
pub fn round_of_year(conn: &mut DbConn, year: i32) -> AppResult<Option<RoundRow>> {
    Ok(r::table
        .filter(r::year.eq(year))
        .select(RoundRow::as_select())
        .first(conn)
        .optional()?)
}

/// Insert a round.
pub fn insert_round(conn: &mut DbConn, row: &RoundRow) -> AppResult<()> {
    diesel::insert_into(r::table).values(row).execute(conn)?;
    Ok(())
}

/// Change a round's year, title and description.
pub fn update_round(conn: &mut DbConn, row: &RoundRow) -> AppResult<()> {
    diesel::update(r::table.find(&row.id))
        .set((
            r::year.eq(row.year),
            r::title.eq(&row.title),
            r::description.eq(&row.description),
            r::updated_at.eq(row.updated_at),
        ))
        .execute(conn)?;
    Ok(())
}

/// Move a round; false when it was not in `from`.
pub fn move_round(
    conn: &mut DbConn,
    id: &str,
    from: RoundStatus,
    to: RoundStatus,
    now: NaiveDateTime,
) -> AppResult<bool> {
    let n = diesel::update(r::table.find(id).filter(r::status.eq(from.as_str())))
        .set((r::status.eq(to.as_str()), r::updated_at.eq(now)))
        .execute(conn)?;
    Ok(n == 1)
}

/// Rounds, newest year first; drafts only for staff.
pub fn rounds(conn: &mut DbConn, filter: &RoundFilter, staff: bool, paging: Paging) -> AppResult<(Vec<RoundRow>, i64)> {
    let build = || {
        let mut q = r::table.into_boxed::<Backend>();
        if !staff {
            q = q.filter(r::status.ne(RoundStatus::Draft.as_str()));
        }
        if let Some(s) = filter.status {
            q = q.filter(r::status.eq(s.as_str()));
        }
        q
    };
    let total = build().count().get_result::<i64>(conn)?;
    let rows = build()
        .order(r::year.desc())
        .limit(paging.per_page)
        .offset(paging.offset())
        .select(RoundRow::as_select())
        .load(conn)?;
    Ok((rows, total))
}

/// A candidacy by id.
pub fn candidate(conn: &mut DbConn, id: &str) -> AppResult<Option<CandidateRow>> {
    Ok(c::table
        .find(id)
        .select(CandidateRow::as_select())
        .first(conn)
        .optional()?)
}

/// The live (not withdrawn) candidacy of a person in a round.
pub fn live_candidacy(conn: &mut DbConn, round_id: &str, person_hash: &str) -> AppResult<Option<CandidateRow>> {
    Ok(c::table
        .filter(c::round_id.eq(round_id))
        .filter(c::id_number_hash.eq(person_hash))
        .filter(c::status.ne(CandidateStatus::Withdrawn.as_str()))
        .select(CandidateRow::as_select())
        .first(conn)
        .optional()?)
}

/// Insert a candidacy.
pub fn insert_candidate(conn: &mut DbConn, row: &CandidateRow) -> AppResult<()> {
    diesel::insert_into(c::table).values(row).execute(conn)?;
    Ok(())
}

/// Move a candidacy with what the move records; false when it was not in `from`.
#[allow(clippy::too_many_arguments)]
pub fn move_candidate(
    conn: &mut DbConn,
    id: &str,
    from: CandidateStatus,
    to: CandidateStatus,
    institution: Option<&str>,
    programme: Option<&str>,
    reason: Option<&str>,
    actor: &str,
    now: NaiveDateTime,
) -> AppResult<bool> {
    let n = diesel::update(c::table.find(id).filter(c::status.eq(from.as_str())))
        .set((
            c::status.eq(to.as_str()),
            c::institution.eq(institution),
            c::programme.eq(programme),
            c::reason.eq(reason),
            c::decided_by.eq(actor),
            c::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

/// A page of a round's candidacies, by village then name.
pub fn candidates(
    conn: &mut DbConn,
    round_id: &str,
    filter: &CandidateFilter,
    paging: Paging,
) -> AppResult<(Vec<CandidateRow>, i64)> {
    let p = filter
        .q
        .as_deref()
        .filter(|q| !q.trim().is_empty())
        .map(|q| format!("%{}%", q.trim().replace(['%', '_', '\\'], "")));
    let build = || {
        let mut q = c::table
            .filter(c::round_id.eq(round_id.to_string()))
            .into_boxed::<Backend>();
        if let Some(s) = filter.status {
            q = q.filter(c::status.eq(s.as_str()));
        }
        if let Some(v) = &filter.village_id {
            q = q.filter(c::village_id.eq(v.clone()));
        }
        if let Some(p) = &p {
            q = q.filter(c::full_name.like(p.clone()));
        }
        q
    };
    let total = build().count().get_result::<i64>(conn)?;
    let rows = build()
        .order((c::created_at.desc(), c::id))
        .limit(paging.per_page)
        .offset(paging.offset())
        .select(CandidateRow::as_select())
        .load(conn)?;
    Ok((rows, total))
}

/// Every candidacy of an account (applied, or entered by HR with the same ID number), newest first.
pub fn mine(conn: &mut DbConn, user_id: &str) -> AppResult<Vec<CandidateRow>> {
    Ok(c::table
        .filter(c::user_id.eq(user_id))
        .order(c::created_at.desc())
        .select(CandidateRow::as_select())
        .load(conn)?)
}

/// Views of candidacies, with their round and village names.
pub fn views(conn: &mut DbConn, rows: Vec<CandidateRow>) -> AppResult<Vec<CandidateView>> {
    let round_ids: Vec<String> = rows.iter().map(|x| x.round_id.clone()).collect();
    let rounds: HashMap<String, (i32, String)> = r::table
        .filter(r::id.eq_any(round_ids))
        .select((r::id, r::year, r::title))
        .load::<(String, i32, String)>(conn)?
        .into_iter()
        .map(|(id, y, t)| (id, (y, t)))
        .collect();
    let village_ids: Vec<String> = rows.iter().map(|x| x.village_id.clone()).collect();
    let places: HashMap<String, (String, String)> = villages::table
        .inner_join(townships::table)
        .filter(villages::id.eq_any(village_ids))
        .select((villages::id, villages::name, townships::name))
        .load::<(String, String, String)>(conn)?
        .into_iter()
        .map(|(id, v, t)| (id, (v, t)))
        .collect();
    Ok(rows
        .into_iter()
        .map(|x| {
            let (round_year, round_title) = rounds.get(&x.round_id).cloned().unwrap_or_default();
            let (village_name, township_name) = places.get(&x.village_id).cloned().unwrap_or_default();
            CandidateView {
                round_year,
                round_title,
                village_name,
                township_name,
                status: CandidateStatus::parse_stored(&x.status).unwrap_or(CandidateStatus::Applied),
                entered_by_staff: x.entered_by.is_some(),
                created_at: to_utc(x.created_at),
                updated_at: to_utc(x.updated_at),
                id: x.id,
                round_id: x.round_id,
                user_id: x.user_id,
                full_name: x.full_name,
                id_number_masked: x.id_number_masked,
                phone: x.phone,
                email: x.email,
                village_id: x.village_id,
                occupation: x.occupation,
                institution: x.institution,
                programme: x.programme,
                reason: x.reason,
            }
        })
        .collect())
}

/// The view of one candidacy.
pub fn view(conn: &mut DbConn, row: CandidateRow) -> AppResult<CandidateView> {
    views(conn, vec![row])?.pop().ok_or_else(AppError::not_found)
}

/// The villages of admitted candidacies in the rounds of `years`, one entry per admission, with the year.
fn admitted_villages(conn: &mut DbConn, from: i32, to: i32) -> AppResult<Vec<(i32, String)>> {
    Ok(c::table
        .inner_join(r::table)
        .filter(r::year.between(from, to))
        .filter(c::status.eq(CandidateStatus::Admitted.as_str()))
        .select((r::year, c::village_id))
        .load(conn)?)
}

/// The coverage table of a round's year.
pub fn coverage(conn: &mut DbConn, round: &RoundRow) -> AppResult<Coverage> {
    let facts = villages_q::all_facts(conn)?;
    let admitted: Vec<String> = admitted_villages(conn, round.year, round.year)?
        .into_iter()
        .map(|(_, v)| v)
        .collect();
    let counts = rules::coverage(&facts, round.year, &admitted);
    let rows: HashMap<String, crate::villages::models::VillageRow> = villages_q::all_villages(conn)?
        .into_iter()
        .map(|v| (v.id.clone(), v))
        .collect();
    let townships: HashMap<String, (String, String)> = townships::table
        .select((townships::id, townships::code, townships::name))
        .load::<(String, String, String)>(conn)?
        .into_iter()
        .map(|(id, code, name)| (id, (code, name)))
        .collect();
    let mut items: Vec<(String, CoverageRow)> = counts
        .into_iter()
        .filter_map(|(id, admitted)| {
            let v = rows.get(&id)?;
            let (t_code, t_name) = townships.get(&v.township_id).cloned().unwrap_or_default();
            Some((
                t_code,
                CoverageRow {
                    village_id: id,
                    village_code: v.code.clone(),
                    village_name: v.name.clone(),
                    township_name: t_name,
                    admitted,
                    covered: admitted > 0,
                },
            ))
        })
        .collect();
    items.sort_by(|(ta, a), (tb, b)| (a.covered, ta, &a.village_code).cmp(&(b.covered, tb, &b.village_code)));
    let covered = items.iter().filter(|(_, i)| i.covered).count();
    Ok(Coverage {
        round_id: round.id.clone(),
        year: round.year,
        poor_villages: i64::try_from(items.len()).unwrap_or(i64::MAX),
        covered: i64::try_from(covered).unwrap_or(i64::MAX),
        items: items.into_iter().map(|(_, i)| i).collect(),
    })
}

/// The plan's figures for every year from `from` to `to` (inclusive): applicants (candidacies not
/// withdrawn), recommended (and later), admitted, and poor villages covered out of the year's poor
/// villages. A year without a round has zero candidates and still its poor villages. The reports
/// domain calls this inside its own read snapshot.
pub fn year_figures(conn: &mut DbConn, from: i32, to: i32) -> AppResult<Vec<YearFigures>> {
    if from > to {
        return Ok(Vec::new());
    }
    let years: HashMap<String, i32> = r::table
        .filter(r::year.between(from, to))
        .select((r::id, r::year))
        .load::<(String, i32)>(conn)?
        .into_iter()
        .collect();
    let counts: Vec<(i32, String, i64)> = c::table
        .filter(c::round_id.eq_any(years.keys().cloned().collect::<Vec<_>>()))
        .group_by((c::round_id, c::status))
        .select((c::round_id, c::status, diesel::dsl::count_star()))
        .load::<(String, String, i64)>(conn)?
        .into_iter()
        .filter_map(|(round, s, n)| years.get(&round).map(|y| (*y, s, n)))
        .collect();
    let facts = villages_q::all_facts(conn)?;
    let admitted = admitted_villages(conn, from, to)?;
    let recommended: Vec<&str> = rules::RECOMMENDED_OR_LATER.iter().map(|s| s.as_str()).collect();
    Ok((from..=to)
        .map(|year| {
            let of = |pred: &dyn Fn(&str) -> bool| -> i64 {
                counts
                    .iter()
                    .filter(|(y, s, _)| *y == year && pred(s))
                    .map(|(_, _, n)| n)
                    .sum()
            };
            let villages: Vec<String> = admitted
                .iter()
                .filter(|(y, _)| *y == year)
                .map(|(_, v)| v.clone())
                .collect();
            let cov = rules::coverage(&facts, year, &villages);
            YearFigures {
                year,
                applicants: of(&|s| s != CandidateStatus::Withdrawn.as_str()),
                recommended: of(&|s| recommended.contains(&s)),
                admitted: of(&|s| s == CandidateStatus::Admitted.as_str()),
                poor_villages_covered: i64::try_from(cov.iter().filter(|(_, n)| *n > 0).count()).unwrap_or(0),
                poor_villages_total: i64::try_from(cov.len()).unwrap_or(0),
            }
        })
        .collect())
}

/// The e-mail, locale and display name of an account.
pub fn contact(conn: &mut DbConn, user_id: &str) -> AppResult<Option<(String, String, String)>> {
    use crate::db::schema::users;
    Ok(users::table
        .find(user_id)
        .select((users::email, users::locale, users::display_name))
        .first(conn)
        .optional()?)
}

/// The account whose profile holds this ID number's keyed hash.
pub fn user_of_person(conn: &mut DbConn, person_hash: &str) -> AppResult<Option<String>> {
    use crate::db::schema::talent_profiles;
    Ok(talent_profiles::table
        .filter(talent_profiles::id_number_hash.eq(person_hash))
        .select(talent_profiles::user_id)
        .first(conn)
        .optional()?)
}
