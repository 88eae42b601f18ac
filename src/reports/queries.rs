//! The report's aggregates, each one SQL query (COUNT, COUNT DISTINCT, SUM, GROUP BY) over the
//! period's rows; nothing is counted by loading rows or by one query per fair.

use crate::db::schema::{
    allowance_batches, employment_intents, enterprises, fair_booth_positions, fair_booths, fair_registrations,
    internship_applications, internship_offers, internship_programs, job_fairs, payout_attempts, payouts, positions,
    recruitment_applications, recruitment_posts, recruitments, subsidy_applications, subsidy_budgets, subsidy_policies,
    talent_categories, talent_education, talent_profiles, users,
};
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::reports::period::Period;
use bigdecimal::{BigDecimal, ToPrimitive};
use chrono::NaiveDateTime;
use diesel::dsl::{count, count_star, sum};
use diesel::prelude::*;

/// A SUM over a BIGINT column (NUMERIC in SQL) as i64; none (no rows) is zero.
fn exact(total: Option<BigDecimal>) -> AppResult<i64> {
    total
        .map(|t| t.to_i64().ok_or_else(|| AppError::internal("sum out of i64 range")))
        .transpose()
        .map(Option::unwrap_or_default)
}

/// The fairs held (finished) whose start lies in the period, as a subquery of their ids.
macro_rules! held_fairs {
    ($p:expr) => {
        job_fairs::table
            .filter(job_fairs::status.eq("finished"))
            .filter(job_fairs::starts_at.ge($p.from))
            .filter(job_fairs::starts_at.lt($p.to))
            .select(job_fairs::id)
    };
}

/// The internship programmes (published or closed) that start in the period.
macro_rules! programmes {
    ($p:expr) => {
        internship_programs::table
            .filter(internship_programs::status.ne("draft"))
            .filter(internship_programs::starts_on.ge($p.first_day))
            .filter(internship_programs::starts_on.le($p.last_day))
            .select(internship_programs::id)
    };
}

/// The public-institution recruitments (published, not cancelled) whose sign-up opened in the period.
macro_rules! recruitments_held {
    ($p:expr) => {
        recruitments::table
            .filter(recruitments::status.ne_all(["draft", "cancelled"]))
            .filter(recruitments::signup_opens_at.ge($p.from))
            .filter(recruitments::signup_opens_at.lt($p.to))
            .select(recruitments::id)
    };
}

/// Applicant accounts (e-mail confirmed) registered in `[from, to)`.
pub fn applicants_registered(conn: &mut DbConn, from: NaiveDateTime, to: NaiveDateTime) -> AppResult<i64> {
    Ok(users::table
        .filter(users::role.eq("applicant"))
        .filter(users::status.ne("pending"))
        .filter(users::created_at.ge(from))
        .filter(users::created_at.lt(to))
        .count()
        .get_result(conn)?)
}

/// Talent profiles completed in the period.
pub fn profiles(conn: &mut DbConn, p: &Period) -> AppResult<i64> {
    Ok(talent_profiles::table
        .filter(talent_profiles::created_at.ge(p.from))
        .filter(talent_profiles::created_at.lt(p.to))
        .count()
        .get_result(conn)?)
}

/// Profiles completed in the period, per talent category (a person may be in several).
pub fn profiles_by_category(conn: &mut DbConn, p: &Period) -> AppResult<Vec<(String, i64)>> {
    Ok(talent_categories::table
        .inner_join(talent_profiles::table)
        .filter(talent_profiles::created_at.ge(p.from))
        .filter(talent_profiles::created_at.lt(p.to))
        .group_by(talent_categories::category)
        .select((talent_categories::category, count_star()))
        .load(conn)?)
}

/// Profiles completed in the period, per highest education (none when not given).
pub fn profiles_by_education(conn: &mut DbConn, p: &Period) -> AppResult<Vec<(Option<String>, i64)>> {
    Ok(talent_profiles::table
        .filter(talent_profiles::created_at.ge(p.from))
        .filter(talent_profiles::created_at.lt(p.to))
        .group_by(talent_profiles::highest_education)
        .select((talent_profiles::highest_education, count_star()))
        .load(conn)?)
}

/// Enterprise records registered in the period, and those verified in it (still verified).
pub fn enterprises(conn: &mut DbConn, p: &Period) -> AppResult<(i64, i64)> {
    let registered = enterprises::table
        .filter(enterprises::created_at.ge(p.from))
        .filter(enterprises::created_at.lt(p.to))
        .count()
        .get_result(conn)?;
    let verified = enterprises::table
        .filter(enterprises::status.eq("verified"))
        .filter(enterprises::verified_at.ge(p.from))
        .filter(enterprises::verified_at.lt(p.to))
        .count()
        .get_result(conn)?;
    Ok((registered, verified))
}

/// Job positions published in the period, and the headcount they offer.
pub fn positions(conn: &mut DbConn, p: &Period) -> AppResult<(i64, i64)> {
    let (count, headcount): (i64, Option<i64>) = positions::table
        .filter(positions::kind.eq("job"))
        .filter(positions::created_at.ge(p.from))
        .filter(positions::created_at.lt(p.to))
        .select((count_star(), sum(positions::headcount)))
        .get_result(conn)?;
    Ok((count, headcount.unwrap_or_default()))
}

/// The fairs held in the period: (id, title, starts_at), in order.
pub fn fairs_held(conn: &mut DbConn, p: &Period) -> AppResult<Vec<(String, String, NaiveDateTime)>> {
    Ok(job_fairs::table
        .filter(job_fairs::status.eq("finished"))
        .filter(job_fairs::starts_at.ge(p.from))
        .filter(job_fairs::starts_at.lt(p.to))
        .order((job_fairs::starts_at, job_fairs::id))
        .select((job_fairs::id, job_fairs::title, job_fairs::starts_at))
        .load(conn)?)
}

/// Approved booths per held fair (one booth per enterprise and fair, so this counts enterprises).
pub fn booths_per_fair(conn: &mut DbConn, p: &Period) -> AppResult<Vec<(String, i64)>> {
    Ok(fair_booths::table
        .filter(fair_booths::fair_id.eq_any(held_fairs!(p)))
        .filter(fair_booths::status.eq("approved"))
        .group_by(fair_booths::fair_id)
        .select((fair_booths::fair_id, count_star()))
        .load(conn)?)
}

/// Distinct enterprises with an approved booth at any fair held in the period.
pub fn fair_enterprises(conn: &mut DbConn, p: &Period) -> AppResult<i64> {
    Ok(fair_booths::table
        .filter(fair_booths::fair_id.eq_any(held_fairs!(p)))
        .filter(fair_booths::status.eq("approved"))
        .select(count(fair_booths::enterprise_id).aggregate_distinct())
        .get_result(conn)?)
}

/// Positions at approved booths per held fair, with their headcount.
pub fn booth_positions_per_fair(conn: &mut DbConn, p: &Period) -> AppResult<Vec<(String, i64, Option<i64>)>> {
    Ok(fair_booth_positions::table
        .inner_join(fair_booths::table)
        .inner_join(positions::table)
        .filter(fair_booths::fair_id.eq_any(held_fairs!(p)))
        .filter(fair_booths::status.eq("approved"))
        .group_by(fair_booths::fair_id)
        .select((fair_booths::fair_id, count_star(), sum(positions::headcount)))
        .load(conn)?)
}

/// Sign-ups per held fair and status.
pub fn registrations_per_fair(conn: &mut DbConn, p: &Period) -> AppResult<Vec<(String, String, i64)>> {
    Ok(fair_registrations::table
        .filter(fair_registrations::fair_id.eq_any(held_fairs!(p)))
        .group_by((fair_registrations::fair_id, fair_registrations::status))
        .select((fair_registrations::fair_id, fair_registrations::status, count_star()))
        .load(conn)?)
}

/// Employment intents per held fair and status.
pub fn intents_per_fair(conn: &mut DbConn, p: &Period) -> AppResult<Vec<(String, String, i64)>> {
    Ok(employment_intents::table
        .filter(employment_intents::fair_id.eq_any(held_fairs!(p)))
        .group_by((employment_intents::fair_id, employment_intents::status))
        .select((employment_intents::fair_id, employment_intents::status, count_star()))
        .load(conn)?)
}

/// Internship figures of the programmes starting in the period: (programmes, approved offers,
/// slots, distinct applicants, placed, completed).
pub fn internships(conn: &mut DbConn, p: &Period) -> AppResult<[i64; 6]> {
    let programmes: i64 = internship_programs::table
        .filter(internship_programs::status.ne("draft"))
        .filter(internship_programs::starts_on.ge(p.first_day))
        .filter(internship_programs::starts_on.le(p.last_day))
        .count()
        .get_result(conn)?;
    let (offers, slots): (i64, Option<i64>) = internship_offers::table
        .filter(internship_offers::program_id.eq_any(programmes!(p)))
        .filter(internship_offers::status.eq("approved"))
        .select((count_star(), sum(internship_offers::slots)))
        .get_result(conn)?;
    let applicants: i64 = internship_applications::table
        .filter(internship_applications::program_id.eq_any(programmes!(p)))
        .filter(internship_applications::status.ne("withdrawn"))
        .select(count(internship_applications::applicant_id).aggregate_distinct())
        .get_result(conn)?;
    let placed: i64 = internship_applications::table
        .filter(internship_applications::program_id.eq_any(programmes!(p)))
        .filter(internship_applications::status.eq_any(["accepted", "in_progress", "completed", "terminated"]))
        .count()
        .get_result(conn)?;
    let completed: i64 = internship_applications::table
        .filter(internship_applications::program_id.eq_any(programmes!(p)))
        .filter(internship_applications::status.eq("completed"))
        .count()
        .get_result(conn)?;
    Ok([
        programmes,
        offers,
        slots.unwrap_or_default(),
        applicants,
        placed,
        completed,
    ])
}

/// Every subsidy policy: (id, code, name, kind), in code and version order.
pub fn policies(conn: &mut DbConn) -> AppResult<Vec<(String, String, String, String)>> {
    Ok(subsidy_policies::table
        .order((subsidy_policies::code, subsidy_policies::version))
        .select((
            subsidy_policies::id,
            subsidy_policies::code,
            subsidy_policies::name,
            subsidy_policies::kind,
        ))
        .load(conn)?)
}

/// Applications submitted in the period, per policy.
pub fn applications_per_policy(conn: &mut DbConn, p: &Period) -> AppResult<Vec<(String, i64)>> {
    Ok(subsidy_applications::table
        .filter(subsidy_applications::submitted_at.ge(p.from))
        .filter(subsidy_applications::submitted_at.lt(p.to))
        .group_by(subsidy_applications::policy_id)
        .select((subsidy_applications::policy_id, count_star()))
        .load(conn)?)
}

/// Applications awarded in the period, per policy: (policy, count, granted fen).
pub fn awards_per_policy(conn: &mut DbConn, p: &Period) -> AppResult<Vec<(String, i64, i64)>> {
    let rows: Vec<(String, i64, Option<BigDecimal>)> = subsidy_applications::table
        .filter(subsidy_applications::status.eq("awarded"))
        .filter(subsidy_applications::awarded_at.ge(p.from))
        .filter(subsidy_applications::awarded_at.lt(p.to))
        .group_by(subsidy_applications::policy_id)
        .select((
            subsidy_applications::policy_id,
            count_star(),
            sum(subsidy_applications::granted_fen),
        ))
        .load(conn)?;
    rows.into_iter().map(|(id, n, fen)| Ok((id, n, exact(fen)?))).collect()
}

/// Payouts paid in the period, per policy and source kind: (policy, source kind, count, fen).
pub fn paid_per_policy(conn: &mut DbConn, p: &Period) -> AppResult<Vec<(String, String, i64, i64)>> {
    let rows: Vec<(String, String, i64, Option<BigDecimal>)> = payouts::table
        .filter(payouts::status.eq("paid"))
        .filter(payouts::paid_at.ge(p.from))
        .filter(payouts::paid_at.lt(p.to))
        .group_by((payouts::policy_id, payouts::source_kind))
        .select((
            payouts::policy_id,
            payouts::source_kind,
            count_star(),
            sum(payouts::amount_fen),
        ))
        .load(conn)?;
    rows.into_iter()
        .map(|(id, kind, n, fen)| Ok((id, kind, n, exact(fen)?)))
        .collect()
}

/// The budget rows of the report year: (policy, budget, reserved, paid).
pub fn budgets(conn: &mut DbConn, year: i32) -> AppResult<Vec<(String, i64, i64, i64)>> {
    Ok(subsidy_budgets::table
        .filter(subsidy_budgets::year.eq(year))
        .select((
            subsidy_budgets::policy_id,
            subsidy_budgets::budget_fen,
            subsidy_budgets::reserved_fen,
            subsidy_budgets::paid_fen,
        ))
        .load(conn)?)
}

/// Allowance batches approved in the period (approved or since paid), with their policy's name:
/// (id, policy id, policy name, batch no, period, title, status, rows, total fen).
#[allow(clippy::type_complexity)]
pub fn allowance_batches(
    conn: &mut DbConn,
    p: &Period,
) -> AppResult<Vec<(String, String, String, i32, String, String, String, i32, i64)>> {
    Ok(allowance_batches::table
        .inner_join(subsidy_policies::table)
        .filter(allowance_batches::status.eq_any(["approved", "paid"]))
        .filter(allowance_batches::approved_at.ge(p.from))
        .filter(allowance_batches::approved_at.lt(p.to))
        .order((subsidy_policies::code, allowance_batches::batch_no))
        .select((
            allowance_batches::id,
            allowance_batches::policy_id,
            subsidy_policies::name,
            allowance_batches::batch_no,
            allowance_batches::period,
            allowance_batches::title,
            allowance_batches::status,
            allowance_batches::row_count,
            allowance_batches::total_fen,
        ))
        .load(conn)?)
}

/// Payouts paid in `[from, to)`: (count, fen).
pub fn paid(conn: &mut DbConn, from: NaiveDateTime, to: NaiveDateTime) -> AppResult<(i64, i64)> {
    let (n, fen): (i64, Option<BigDecimal>) = payouts::table
        .filter(payouts::status.eq("paid"))
        .filter(payouts::paid_at.ge(from))
        .filter(payouts::paid_at.lt(to))
        .select((count_star(), sum(payouts::amount_fen)))
        .get_result(conn)?;
    Ok((n, exact(fen)?))
}

/// Payment attempts that failed in the period: (count, fen).
pub fn failed(conn: &mut DbConn, p: &Period) -> AppResult<(i64, i64)> {
    let (n, fen): (i64, Option<BigDecimal>) = payout_attempts::table
        .inner_join(payouts::table)
        .filter(payout_attempts::status.eq("failed"))
        .filter(payout_attempts::updated_at.ge(p.from))
        .filter(payout_attempts::updated_at.lt(p.to))
        .select((count_star(), sum(payouts::amount_fen)))
        .get_result(conn)?;
    Ok((n, exact(fen)?))
}

/// Employment intents recorded (not withdrawn) in `[from, to)`.
pub fn intents_recorded(conn: &mut DbConn, from: NaiveDateTime, to: NaiveDateTime) -> AppResult<i64> {
    Ok(employment_intents::table
        .filter(employment_intents::status.ne("withdrawn"))
        .filter(employment_intents::created_at.ge(from))
        .filter(employment_intents::created_at.lt(to))
        .count()
        .get_result(conn)?)
}

/// Public-institution recruitment: [recruitments, open posts, their headcount, people signed up
/// (not withdrawn), sign-ups approved] of the recruitments whose sign-up opened in the period.
pub fn recruitment(conn: &mut DbConn, p: &Period) -> AppResult<[i64; 5]> {
    let held: i64 = recruitments_held!(p).count().get_result(conn)?;
    let (posts, headcount): (i64, Option<i64>) = recruitment_posts::table
        .filter(recruitment_posts::recruitment_id.eq_any(recruitments_held!(p)))
        .filter(recruitment_posts::status.eq("open"))
        .select((count_star(), sum(recruitment_posts::headcount)))
        .get_result(conn)?;
    let signed_up: i64 = recruitment_applications::table
        .filter(recruitment_applications::recruitment_id.eq_any(recruitments_held!(p)))
        .filter(recruitment_applications::status.ne("withdrawn"))
        .select(count(recruitment_applications::applicant_id).aggregate_distinct())
        .get_result(conn)?;
    let approved: i64 = recruitment_applications::table
        .filter(recruitment_applications::recruitment_id.eq_any(recruitments_held!(p)))
        .filter(recruitment_applications::status.eq("approved"))
        .count()
        .get_result(conn)?;
    Ok([held, posts, headcount.unwrap_or_default(), signed_up, approved])
}

/// (school, major, placed, completed).
pub type SchoolCount = (String, Option<String>, i64, i64);

/// Placed and completed interns of the period's programmes per (school, major) of the first
/// education each lists (one GROUP BY each); interns whose profile lists none are not in it.
pub fn internship_schools(conn: &mut DbConn, p: &Period) -> AppResult<Vec<SchoolCount>> {
    let per = |conn: &mut DbConn, statuses: &[&str]| -> AppResult<Vec<(String, Option<String>, i64)>> {
        Ok(internship_applications::table
            .inner_join(
                talent_education::table.on(talent_education::user_id
                    .eq(internship_applications::applicant_id)
                    .and(talent_education::position.eq(0))),
            )
            .filter(internship_applications::program_id.eq_any(programmes!(p)))
            .filter(internship_applications::status.eq_any(statuses))
            .group_by((talent_education::school, talent_education::major))
            .select((talent_education::school, talent_education::major, count_star()))
            .load(conn)?)
    };
    let placed = per(conn, &["accepted", "in_progress", "completed", "terminated"])?;
    let completed = per(conn, &["completed"])?;
    let mut lines: Vec<SchoolCount> = placed
        .into_iter()
        .map(|(school, major, n)| {
            let done = completed
                .iter()
                .find(|(s, m, _)| *s == school && *m == major)
                .map_or(0, |c| c.2);
            (school, major, n, done)
        })
        .collect();
    lines.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)).then_with(|| a.1.cmp(&b.1)));
    Ok(lines)
}
