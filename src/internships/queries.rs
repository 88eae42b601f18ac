//! Queries on internship programmes, offers and applications. Slots are taken and given back only
//! through conditional updates of `filled`.

use crate::db::conn::Backend;
use crate::db::schema::{
    enterprises, internship_applications, internship_offers, internship_programs, positions, talent_education,
    talent_profiles, users,
};
use crate::db::{to_utc, DbConn};
use crate::error::AppResult;
use crate::internships::models::{
    ApplicationFilter, ApplicationRow, ApplicationStatus, ApplicationView, CountBy, OfferRow, OfferStatus, OfferView,
    ProgramRow, ProgramStatus,
};
use crate::pagination::Paging;
use crate::transitions::Stored;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use std::collections::BTreeMap;

/// A programme by id.
pub fn program(conn: &mut DbConn, id: &str) -> AppResult<Option<ProgramRow>> {
    Ok(internship_programs::table
        .find(id)
        .select(ProgramRow::as_select())
        .first(conn)
        .optional()?)
}

/// Insert a programme.
pub fn insert_program(conn: &mut DbConn, row: &ProgramRow) -> AppResult<()> {
    diesel::insert_into(internship_programs::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// Move a programme from one status to another; false when it was not in `from`.
pub fn set_program_status(
    conn: &mut DbConn,
    id: &str,
    from: ProgramStatus,
    to: ProgramStatus,
    now: NaiveDateTime,
) -> AppResult<bool> {
    let n = diesel::update(
        internship_programs::table
            .find(id)
            .filter(internship_programs::status.eq(from.as_str())),
    )
    .set((
        internship_programs::status.eq(to.as_str()),
        internship_programs::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Programmes: published and closed ones for everyone, drafts too for staff; newest first.
pub fn programs(conn: &mut DbConn, staff: bool, paging: Paging) -> AppResult<(Vec<ProgramRow>, i64)> {
    let build = || {
        let q = internship_programs::table.into_boxed::<Backend>();
        if staff {
            q
        } else {
            q.filter(internship_programs::status.ne("draft"))
        }
    };
    let total = build().count().get_result::<i64>(conn)?;
    let rows = build()
        .order((
            internship_programs::application_opens_at.desc(),
            internship_programs::id,
        ))
        .limit(paging.per_page)
        .offset(paging.offset())
        .select(ProgramRow::as_select())
        .load(conn)?;
    Ok((rows, total))
}

/// An offer by id.
pub fn offer(conn: &mut DbConn, id: &str) -> AppResult<Option<OfferRow>> {
    Ok(internship_offers::table
        .find(id)
        .select(OfferRow::as_select())
        .first(conn)
        .optional()?)
}

/// The offer of a position in a programme.
pub fn offer_of_position(conn: &mut DbConn, program_id: &str, position_id: &str) -> AppResult<Option<OfferRow>> {
    Ok(internship_offers::table
        .filter(internship_offers::program_id.eq(program_id))
        .filter(internship_offers::position_id.eq(position_id))
        .select(OfferRow::as_select())
        .first(conn)
        .optional()?)
}

/// Insert an offer.
pub fn insert_offer(conn: &mut DbConn, row: &OfferRow) -> AppResult<()> {
    diesel::insert_into(internship_offers::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// Decide a pending offer; false when it was no longer pending.
pub fn decide_offer(
    conn: &mut DbConn,
    id: &str,
    to: OfferStatus,
    reason: Option<&str>,
    now: NaiveDateTime,
) -> AppResult<bool> {
    let n = diesel::update(
        internship_offers::table
            .find(id)
            .filter(internship_offers::status.eq(OfferStatus::Pending.as_str())),
    )
    .set((
        internship_offers::status.eq(to.as_str()),
        internship_offers::reject_reason.eq(reason),
        internship_offers::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Fill one slot if any is free.
pub fn take_slot(conn: &mut DbConn, offer_id: &str) -> AppResult<bool> {
    let n = diesel::update(
        internship_offers::table
            .find(offer_id)
            .filter(internship_offers::filled.lt(internship_offers::slots)),
    )
    .set(internship_offers::filled.eq(internship_offers::filled + 1))
    .execute(conn)?;
    Ok(n == 1)
}

/// Free one slot.
pub fn release_slot(conn: &mut DbConn, offer_id: &str) -> AppResult<()> {
    diesel::update(
        internship_offers::table
            .find(offer_id)
            .filter(internship_offers::filled.gt(0)),
    )
    .set(internship_offers::filled.eq(internship_offers::filled - 1))
    .execute(conn)?;
    Ok(())
}

/// Offers of a programme (all, or only approved ones) with position and enterprise names.
pub fn offers(conn: &mut DbConn, program_id: &str, approved_only: bool) -> AppResult<Vec<OfferView>> {
    let mut q = internship_offers::table
        .inner_join(internship_programs::table)
        .inner_join(positions::table)
        .inner_join(enterprises::table)
        .filter(internship_offers::program_id.eq(program_id.to_string()))
        .into_boxed::<Backend>();
    if approved_only {
        q = q.filter(internship_offers::status.eq(OfferStatus::Approved.as_str()));
    }
    let rows: Vec<Named> = q
        .order((internship_offers::created_at, internship_offers::id))
        .select((
            OfferRow::as_select(),
            internship_programs::title,
            positions::title,
            enterprises::name,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(o, program, title, name)| offer_view(o, program, title, name))
        .collect())
}

/// An offer with its programme title, position title and enterprise name.
type Named = (OfferRow, String, String, String);

/// Every offer of the enterprise owned by this account, in any status, newest first.
pub fn offers_of_owner(conn: &mut DbConn, owner_id: &str) -> AppResult<Vec<OfferView>> {
    let rows: Vec<Named> = internship_offers::table
        .inner_join(internship_programs::table)
        .inner_join(positions::table)
        .inner_join(enterprises::table)
        .filter(enterprises::owner_id.eq(owner_id))
        .order((internship_offers::created_at.desc(), internship_offers::id))
        .select((
            OfferRow::as_select(),
            internship_programs::title,
            positions::title,
            enterprises::name,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(o, program, title, name)| offer_view(o, program, title, name))
        .collect())
}

/// One offer as a view.
pub fn offer_view_of(conn: &mut DbConn, row: OfferRow) -> AppResult<OfferView> {
    let title: String = positions::table
        .find(&row.position_id)
        .select(positions::title)
        .first(conn)?;
    let name: String = enterprises::table
        .find(&row.enterprise_id)
        .select(enterprises::name)
        .first(conn)?;
    let program: String = internship_programs::table
        .find(&row.program_id)
        .select(internship_programs::title)
        .first(conn)?;
    Ok(offer_view(row, program, title, name))
}

fn offer_view(o: OfferRow, program_title: String, position_title: String, enterprise_name: String) -> OfferView {
    OfferView {
        id: o.id,
        program_id: o.program_id,
        program_title,
        position_id: o.position_id,
        position_title,
        enterprise_id: o.enterprise_id,
        enterprise_name,
        slots: o.slots,
        filled: o.filled,
        mentor: o.mentor,
        stipend_fen: o.stipend_fen,
        status: o
            .status
            .parse()
            .unwrap_or(crate::internships::models::OfferStatus::Pending),
        reject_reason: o.reject_reason,
        created_at: to_utc(o.created_at),
    }
}

/// An application by id.
pub fn application(conn: &mut DbConn, id: &str) -> AppResult<Option<ApplicationRow>> {
    Ok(internship_applications::table
        .find(id)
        .select(ApplicationRow::as_select())
        .first(conn)
        .optional()?)
}

/// A person's application for an offer.
pub fn application_of(conn: &mut DbConn, offer_id: &str, applicant_id: &str) -> AppResult<Option<ApplicationRow>> {
    Ok(internship_applications::table
        .filter(internship_applications::offer_id.eq(offer_id))
        .filter(internship_applications::applicant_id.eq(applicant_id))
        .select(ApplicationRow::as_select())
        .first(conn)
        .optional()?)
}

/// Insert an application.
pub fn insert_application(conn: &mut DbConn, row: &ApplicationRow) -> AppResult<()> {
    diesel::insert_into(internship_applications::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// How many active applications the person has in the programme.
pub fn active_count(conn: &mut DbConn, program_id: &str, applicant_id: &str) -> AppResult<i64> {
    Ok(internship_applications::table
        .filter(internship_applications::program_id.eq(program_id))
        .filter(internship_applications::applicant_id.eq(applicant_id))
        .filter(internship_applications::status.eq_any(crate::internships::rules::ACTIVE.map(Stored::as_str)))
        .count()
        .get_result(conn)?)
}

/// Whether the person holds a placement (accepted or in progress) in the programme.
pub fn placed(conn: &mut DbConn, program_id: &str, applicant_id: &str) -> AppResult<bool> {
    let placements = [ApplicationStatus::Accepted, ApplicationStatus::InProgress].map(Stored::as_str);
    let n: i64 = internship_applications::table
        .filter(internship_applications::program_id.eq(program_id))
        .filter(internship_applications::applicant_id.eq(applicant_id))
        .filter(internship_applications::status.eq_any(placements))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Move an application from `from` to `to` with optional details; false when it was not in `from`.
#[allow(clippy::too_many_arguments)]
pub fn move_application(
    conn: &mut DbConn,
    id: &str,
    from: ApplicationStatus,
    to: ApplicationStatus,
    reason: Option<&str>,
    evaluation: Option<&str>,
    hours: Option<i32>,
    by: &str,
    now: NaiveDateTime,
) -> AppResult<bool> {
    let n = diesel::update(
        internship_applications::table
            .find(id)
            .filter(internship_applications::status.eq(from.as_str())),
    )
    .set((
        internship_applications::status.eq(to.as_str()),
        internship_applications::reason.eq(reason),
        internship_applications::evaluation.eq(evaluation),
        internship_applications::hours.eq(hours),
        internship_applications::decided_by.eq(Some(by)),
        internship_applications::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// The person's other submitted applications in the programme (withdrawn when one is accepted).
pub fn other_submitted(
    conn: &mut DbConn,
    program_id: &str,
    applicant_id: &str,
    except: &str,
) -> AppResult<Vec<ApplicationRow>> {
    Ok(internship_applications::table
        .filter(internship_applications::program_id.eq(program_id))
        .filter(internship_applications::applicant_id.eq(applicant_id))
        .filter(internship_applications::status.eq(ApplicationStatus::Submitted.as_str()))
        .filter(internship_applications::id.ne(except))
        .select(ApplicationRow::as_select())
        .load(conn)?)
}

/// Whose applications a list shows.
pub enum Scope<'a> {
    /// All (hr, admin).
    All,
    /// One applicant's.
    Applicant(&'a str),
    /// Those to one enterprise owner's offers.
    Owner(&'a str),
}

/// One page of applications in a scope, newest first.
pub fn applications(
    conn: &mut DbConn,
    scope: Scope<'_>,
    filter: &ApplicationFilter,
    paging: Paging,
) -> AppResult<(Vec<ApplicationView>, i64)> {
    let build = || {
        let mut q = internship_applications::table
            .inner_join(
                internship_offers::table
                    .inner_join(positions::table)
                    .inner_join(enterprises::table),
            )
            .inner_join(internship_programs::table.on(internship_programs::id.eq(internship_applications::program_id)))
            .left_join(talent_profiles::table.on(talent_profiles::user_id.eq(internship_applications::applicant_id)))
            .into_boxed::<Backend>();
        match scope {
            Scope::All => {}
            Scope::Applicant(id) => q = q.filter(internship_applications::applicant_id.eq(id.to_string())),
            Scope::Owner(id) => q = q.filter(enterprises::owner_id.eq(id.to_string())),
        }
        if let Some(p) = &filter.program_id {
            q = q.filter(internship_applications::program_id.eq(p.clone()));
        }
        if let Some(s) = filter.status {
            q = q.filter(internship_applications::status.eq(s.as_str()));
        }
        q
    };
    let total = build().count().get_result::<i64>(conn)?;
    let rows: Vec<(ApplicationRow, String, String, String, Option<String>)> = build()
        .order((internship_applications::created_at.desc(), internship_applications::id))
        .limit(paging.per_page)
        .offset(paging.offset())
        .select((
            ApplicationRow::as_select(),
            internship_programs::title,
            positions::title,
            enterprises::name,
            talent_profiles::full_name.nullable(),
        ))
        .load(conn)?;
    Ok((
        rows.into_iter()
            .map(|(a, p, t, e, n)| application_view(a, p, t, e, n))
            .collect(),
        total,
    ))
}

/// One application as a view.
pub fn application_view_of(conn: &mut DbConn, row: ApplicationRow) -> AppResult<ApplicationView> {
    let (title, name): (String, String) = internship_offers::table
        .inner_join(positions::table)
        .inner_join(enterprises::table)
        .filter(internship_offers::id.eq(&row.offer_id))
        .select((positions::title, enterprises::name))
        .first(conn)?;
    let program: String = internship_programs::table
        .find(&row.program_id)
        .select(internship_programs::title)
        .first(conn)?;
    let applicant: Option<String> = talent_profiles::table
        .find(&row.applicant_id)
        .select(talent_profiles::full_name)
        .first(conn)
        .optional()?;
    Ok(application_view(row, program, title, name, applicant))
}

fn application_view(
    a: ApplicationRow,
    program_title: String,
    position_title: String,
    enterprise_name: String,
    applicant_name: Option<String>,
) -> ApplicationView {
    ApplicationView {
        id: a.id,
        internship_position_id: a.offer_id,
        program_id: a.program_id,
        program_title,
        position_title,
        enterprise_name,
        applicant_id: a.applicant_id,
        applicant_name,
        status: crate::internships::models::ApplicationStatus::parse(&a.status),
        reason: a.reason,
        evaluation: a.evaluation,
        hours: a.hours,
        created_at: to_utc(a.created_at),
        updated_at: to_utc(a.updated_at),
    }
}

/// The e-mail, locale and display name of a user.
pub fn contact(conn: &mut DbConn, user_id: &str) -> AppResult<Option<(String, String, String)>> {
    Ok(users::table
        .find(user_id)
        .select((users::email, users::locale, users::display_name))
        .first(conn)
        .optional()?)
}

/// Counts of a programme's applications by status.
pub fn status_counts(conn: &mut DbConn, program_id: &str) -> AppResult<BTreeMap<String, i64>> {
    let rows: Vec<(String, i64)> = internship_applications::table
        .filter(internship_applications::program_id.eq(program_id))
        .group_by(internship_applications::status)
        .select((internship_applications::status, diesel::dsl::count_star()))
        .load(conn)?;
    Ok(rows.into_iter().collect())
}

/// Completed placements of a programme by school and by major (of the highest education record).
pub fn completed_by_school_and_major(conn: &mut DbConn, program_id: &str) -> AppResult<(Vec<CountBy>, Vec<CountBy>)> {
    let people: Vec<String> = internship_applications::table
        .filter(internship_applications::program_id.eq(program_id))
        .filter(internship_applications::status.eq("completed"))
        .select(internship_applications::applicant_id)
        .load(conn)?;
    let education: Vec<(String, String, Option<String>, i32)> = talent_education::table
        .filter(talent_education::user_id.eq_any(&people))
        .order((talent_education::user_id, talent_education::position))
        .select((
            talent_education::user_id,
            talent_education::school,
            talent_education::major,
            talent_education::position,
        ))
        .load(conn)?;
    let mut first: BTreeMap<String, (String, Option<String>)> = BTreeMap::new();
    for (user, school, major, _) in education {
        first.entry(user).or_insert((school, major));
    }
    let mut schools: BTreeMap<String, i64> = BTreeMap::new();
    let mut majors: BTreeMap<String, i64> = BTreeMap::new();
    for user in &people {
        let (school, major) = first.get(user).cloned().unwrap_or_default();
        *schools
            .entry(if school.is_empty() { "—".into() } else { school })
            .or_default() += 1;
        *majors.entry(major.unwrap_or_else(|| "—".into())).or_default() += 1;
    }
    let list = |m: BTreeMap<String, i64>| m.into_iter().map(|(label, count)| CountBy { label, count }).collect();
    Ok((list(schools), list(majors)))
}
