//! Fair statistics: what the office reports (enterprises taking part, people reaching employment
//! intent), per fair and per year.

use crate::db::schema::{employment_intents, fair_booth_positions, fair_booths, job_fairs};
use crate::db::DbConn;
use crate::error::AppResult;
use crate::fairs::models::{FairRow, FairStats, FairStatus, RegistrationStatus, YearStats};
use crate::fairs::queries;
use crate::transitions::Stored;
use diesel::prelude::*;

/// The numbers of one fair.
pub fn of_fair(conn: &mut DbConn, fair: &FairRow) -> AppResult<FairStats> {
    let registered = queries::count_status(conn, &fair.id, RegistrationStatus::Registered)?;
    let check_ins = queries::count_status(conn, &fair.id, RegistrationStatus::CheckedIn)?;
    let waitlisted = queries::count_status(conn, &fair.id, RegistrationStatus::Waitlisted)?;
    let approved = fair_booths::table
        .filter(fair_booths::fair_id.eq(&fair.id))
        .filter(fair_booths::status.eq("approved"));
    let enterprises: i64 = approved.count().get_result(conn)?;
    let positions: i64 = fair_booth_positions::table
        .inner_join(fair_booths::table)
        .filter(fair_booths::fair_id.eq(&fair.id))
        .filter(fair_booths::status.eq("approved"))
        .count()
        .get_result(conn)?;
    let intents = employment_intents::table
        .filter(employment_intents::fair_id.eq(&fair.id))
        .filter(employment_intents::status.ne("withdrawn"));
    let intent_count: i64 = intents.count().get_result(conn)?;
    let signed: i64 = employment_intents::table
        .filter(employment_intents::fair_id.eq(&fair.id))
        .filter(employment_intents::status.eq("signed"))
        .count()
        .get_result(conn)?;
    Ok(FairStats {
        job_fair_id: fair.id.clone(),
        title: fair.title.clone(),
        starts_at: crate::db::to_utc(fair.starts_at),
        registrations: registered + check_ins,
        waitlisted,
        check_ins,
        no_shows: if fair.status == FairStatus::Finished.as_str() {
            registered
        } else {
            0
        },
        enterprises,
        positions,
        intents: intent_count,
        signed,
    })
}

/// The numbers of every fair held (finished) in a year, Asia/Shanghai calendar.
pub fn of_year(conn: &mut DbConn, year: i32) -> AppResult<YearStats> {
    let (from, to) = crate::time::local_year_range(year);
    let fairs: Vec<FairRow> = job_fairs::table
        .filter(job_fairs::status.eq(FairStatus::Finished.as_str()))
        .filter(job_fairs::starts_at.ge(from))
        .filter(job_fairs::starts_at.lt(to))
        .order(job_fairs::starts_at)
        .select(FairRow::as_select())
        .load(conn)?;
    let per_fair = fairs.iter().map(|f| of_fair(conn, f)).collect::<AppResult<Vec<_>>>()?;
    let sum = |f: fn(&FairStats) -> i64| per_fair.iter().map(f).sum();
    Ok(YearStats {
        year,
        fairs: per_fair.len() as i64,
        registrations: sum(|s| s.registrations),
        check_ins: sum(|s| s.check_ins),
        enterprises: sum(|s| s.enterprises),
        positions: sum(|s| s.positions),
        intents: sum(|s| s.intents),
        signed: sum(|s| s.signed),
        per_fair,
    })
}
