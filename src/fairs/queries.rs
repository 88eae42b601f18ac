//! Queries on job fairs and registrations. Places are taken and given back only through
//! conditional updates of `registered_count`, which is what keeps a fair from being overfilled
//! under concurrent sign-ups on either database.

use crate::db::conn::Backend;
use crate::db::schema::{fair_booths, fair_registrations, job_fairs, talent_profiles, users};
use crate::db::DbConn;
use crate::error::AppResult;
use crate::fairs::models::{FairFilter, FairRow, FairStatus, RegistrationRow, RegistrationStatus};
use crate::pagination::Paging;
use crate::transitions::Stored;
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// A registration with the person's e-mail, locale and profile name (for mail).
pub type Person = (RegistrationRow, String, String, Option<String>);
/// A registration with the person's e-mail and profile name (for HR lists).
pub type ListedRegistration = (RegistrationRow, String, Option<String>);

/// A fair by id.
pub fn find(conn: &mut DbConn, id: &str) -> AppResult<Option<FairRow>> {
    Ok(job_fairs::table
        .find(id)
        .select(FairRow::as_select())
        .first(conn)
        .optional()?)
}

/// Insert a fair.
pub fn insert(conn: &mut DbConn, row: &FairRow) -> AppResult<()> {
    diesel::insert_into(job_fairs::table).values(row).execute(conn)?;
    Ok(())
}

/// Store edited fields.
pub fn update_fields(conn: &mut DbConn, row: &FairRow) -> AppResult<()> {
    diesel::update(job_fairs::table.find(&row.id))
        .set((
            job_fairs::title.eq(&row.title),
            job_fairs::description.eq(&row.description),
            job_fairs::venue.eq(&row.venue),
            job_fairs::starts_at.eq(row.starts_at),
            job_fairs::ends_at.eq(row.ends_at),
            job_fairs::signup_deadline.eq(row.signup_deadline),
            job_fairs::capacity.eq(row.capacity),
            job_fairs::booth_capacity.eq(row.booth_capacity),
            job_fairs::updated_at.eq(row.updated_at),
        ))
        .execute(conn)?;
    Ok(())
}

/// Move a fair from `from` to `to`; false when it was no longer in `from` (a concurrent change).
pub fn set_status(
    conn: &mut DbConn,
    id: &str,
    from: FairStatus,
    to: FairStatus,
    reason: Option<&str>,
    now: NaiveDateTime,
) -> AppResult<bool> {
    let n = diesel::update(job_fairs::table.find(id).filter(job_fairs::status.eq(from.as_str())))
        .set((
            job_fairs::status.eq(to.as_str()),
            job_fairs::cancel_reason.eq(reason),
            job_fairs::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

/// Fairs for a list: published ones for the public (upcoming first), any status for staff.
pub fn list(conn: &mut DbConn, filter: &FairFilter, staff: bool, paging: Paging) -> AppResult<(Vec<FairRow>, i64)> {
    let build = || {
        let mut q = job_fairs::table.into_boxed::<Backend>();
        match (staff, filter.status) {
            (true, Some(s)) => q = q.filter(job_fairs::status.eq(s.as_str())),
            (true, None) => {}
            (false, _) => q = q.filter(job_fairs::status.eq(FairStatus::Published.as_str())),
        }
        if let Some(year) = filter.year {
            let (from, to) = crate::time::local_year_range(year);
            q = q
                .filter(job_fairs::starts_at.ge(from))
                .filter(job_fairs::starts_at.lt(to));
        }
        if let Some(enterprise) = &filter.enterprise_id {
            let with_booth = fair_booths::table
                .filter(fair_booths::enterprise_id.eq(enterprise.clone()))
                .filter(fair_booths::status.eq(crate::fairs::booths::BoothStatus::Approved.as_str()))
                .select(fair_booths::fair_id);
            q = q.filter(job_fairs::id.eq_any(with_booth));
        }
        q
    };
    let total = build().count().get_result::<i64>(conn)?;
    let rows = build()
        .order((job_fairs::starts_at.asc(), job_fairs::id))
        .limit(paging.per_page)
        .offset(paging.offset())
        .select(FairRow::as_select())
        .load(conn)?;
    Ok((rows, total))
}

/// Take one place if any is free. True when a place was taken.
pub fn take_place(conn: &mut DbConn, fair_id: &str) -> AppResult<bool> {
    let n = diesel::update(
        job_fairs::table
            .find(fair_id)
            .filter(job_fairs::registered_count.lt(job_fairs::capacity)),
    )
    .set(job_fairs::registered_count.eq(job_fairs::registered_count + 1))
    .execute(conn)?;
    Ok(n == 1)
}

/// Give one place back.
pub fn release_place(conn: &mut DbConn, fair_id: &str) -> AppResult<()> {
    diesel::update(job_fairs::table.find(fair_id).filter(job_fairs::registered_count.gt(0)))
        .set(job_fairs::registered_count.eq(job_fairs::registered_count - 1))
        .execute(conn)?;
    Ok(())
}

/// A person's registration for a fair.
pub fn registration_of(conn: &mut DbConn, fair_id: &str, user_id: &str) -> AppResult<Option<RegistrationRow>> {
    Ok(fair_registrations::table
        .filter(fair_registrations::fair_id.eq(fair_id))
        .filter(fair_registrations::user_id.eq(user_id))
        .select(RegistrationRow::as_select())
        .first(conn)
        .optional()?)
}

/// A registration by id.
pub fn registration(conn: &mut DbConn, id: &str) -> AppResult<Option<RegistrationRow>> {
    Ok(fair_registrations::table
        .find(id)
        .select(RegistrationRow::as_select())
        .first(conn)
        .optional()?)
}

/// A registration by ticket code.
pub fn by_ticket(conn: &mut DbConn, code: &str) -> AppResult<Option<RegistrationRow>> {
    Ok(fair_registrations::table
        .filter(fair_registrations::ticket_code.eq(code))
        .select(RegistrationRow::as_select())
        .first(conn)
        .optional()?)
}

/// Insert a registration, or overwrite an earlier cancelled one of the same person.
pub fn save_registration(conn: &mut DbConn, row: &RegistrationRow, exists: bool) -> AppResult<()> {
    if exists {
        diesel::update(fair_registrations::table.find(&row.id))
            .set((
                fair_registrations::status.eq(&row.status),
                fair_registrations::ticket_code.eq(&row.ticket_code),
                fair_registrations::waitlisted_at.eq(row.waitlisted_at),
                fair_registrations::checked_in_at.eq(None::<NaiveDateTime>),
                fair_registrations::checked_in_by.eq(None::<String>),
                fair_registrations::reminded_at.eq(None::<NaiveDateTime>),
                fair_registrations::updated_at.eq(row.updated_at),
            ))
            .execute(conn)?;
    } else {
        diesel::insert_into(fair_registrations::table)
            .values(row)
            .execute(conn)?;
    }
    Ok(())
}

/// Change a registration's status (and ticket) if it is still in `from`; true when it changed.
pub fn move_registration(
    conn: &mut DbConn,
    id: &str,
    from: RegistrationStatus,
    to: RegistrationStatus,
    ticket: Option<&str>,
    now: NaiveDateTime,
) -> AppResult<bool> {
    let target = fair_registrations::table
        .find(id)
        .filter(fair_registrations::status.eq(from.as_str()));
    let n = match ticket {
        Some(code) => diesel::update(target)
            .set((
                fair_registrations::status.eq(to.as_str()),
                fair_registrations::ticket_code.eq(code),
                fair_registrations::updated_at.eq(now),
            ))
            .execute(conn)?,
        None => diesel::update(target)
            .set((
                fair_registrations::status.eq(to.as_str()),
                fair_registrations::updated_at.eq(now),
            ))
            .execute(conn)?,
    };
    Ok(n == 1)
}

/// Mark a registered ticket checked in; false when it was not (or no longer) `registered`.
pub fn check_in(conn: &mut DbConn, id: &str, by: &str, now: NaiveDateTime) -> AppResult<bool> {
    let n = diesel::update(
        fair_registrations::table
            .find(id)
            .filter(fair_registrations::status.eq(RegistrationStatus::Registered.as_str())),
    )
    .set((
        fair_registrations::status.eq(RegistrationStatus::CheckedIn.as_str()),
        fair_registrations::checked_in_at.eq(Some(now)),
        fair_registrations::checked_in_by.eq(Some(by)),
        fair_registrations::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// The first person on the waiting list.
pub fn first_waiting(conn: &mut DbConn, fair_id: &str) -> AppResult<Option<RegistrationRow>> {
    Ok(fair_registrations::table
        .filter(fair_registrations::fair_id.eq(fair_id))
        .filter(fair_registrations::status.eq(RegistrationStatus::Waitlisted.as_str()))
        .order((fair_registrations::waitlisted_at.asc(), fair_registrations::id.asc()))
        .select(RegistrationRow::as_select())
        .first(conn)
        .optional()?)
}

/// 1-based place of a waitlisted registration.
pub fn waitlist_position(conn: &mut DbConn, row: &RegistrationRow) -> AppResult<Option<i64>> {
    let Some(at) = row.waitlisted_at else { return Ok(None) };
    if row.status != RegistrationStatus::Waitlisted.as_str() {
        return Ok(None);
    }
    let ahead: i64 = fair_registrations::table
        .filter(fair_registrations::fair_id.eq(&row.fair_id))
        .filter(fair_registrations::status.eq(RegistrationStatus::Waitlisted.as_str()))
        .filter(
            fair_registrations::waitlisted_at
                .lt(at)
                .or(fair_registrations::waitlisted_at
                    .eq(at)
                    .and(fair_registrations::id.lt(&row.id))),
        )
        .count()
        .get_result(conn)?;
    Ok(Some(ahead + 1))
}

/// Every registration of a fair in the given statuses, with e-mail, locale and name.
pub fn people(conn: &mut DbConn, fair_id: &str, statuses: &[RegistrationStatus]) -> AppResult<Vec<Person>> {
    let names: Vec<&str> = statuses.iter().map(|s| s.as_str()).collect();
    Ok(fair_registrations::table
        .inner_join(users::table)
        .left_join(talent_profiles::table.on(talent_profiles::user_id.eq(fair_registrations::user_id)))
        .filter(fair_registrations::fair_id.eq(fair_id))
        .filter(fair_registrations::status.eq_any(names))
        .order((fair_registrations::created_at.asc(), fair_registrations::id))
        .select((
            RegistrationRow::as_select(),
            users::email,
            users::locale,
            talent_profiles::full_name.nullable(),
        ))
        .load(conn)?)
}

/// One registration with its person's e-mail, locale and profile name.
pub fn person(conn: &mut DbConn, registration_id: &str) -> AppResult<Option<Person>> {
    Ok(fair_registrations::table
        .inner_join(users::table)
        .left_join(talent_profiles::table.on(talent_profiles::user_id.eq(fair_registrations::user_id)))
        .filter(fair_registrations::id.eq(registration_id))
        .select((
            RegistrationRow::as_select(),
            users::email,
            users::locale,
            talent_profiles::full_name.nullable(),
        ))
        .first(conn)
        .optional()?)
}

/// One page of a fair's registrations for HR.
pub fn registrations_page(
    conn: &mut DbConn,
    fair_id: &str,
    status: Option<RegistrationStatus>,
    paging: Paging,
) -> AppResult<(Vec<ListedRegistration>, i64)> {
    let build = || {
        let mut q = fair_registrations::table
            .inner_join(users::table)
            .left_join(talent_profiles::table.on(talent_profiles::user_id.eq(fair_registrations::user_id)))
            .filter(fair_registrations::fair_id.eq(fair_id.to_string()))
            .into_boxed::<Backend>();
        if let Some(s) = status {
            q = q.filter(fair_registrations::status.eq(s.as_str()));
        }
        q
    };
    let total = build().count().get_result::<i64>(conn)?;
    let rows = build()
        .order((fair_registrations::created_at.asc(), fair_registrations::id))
        .limit(paging.per_page)
        .offset(paging.offset())
        .select((
            RegistrationRow::as_select(),
            users::email,
            talent_profiles::full_name.nullable(),
        ))
        .load(conn)?;
    Ok((rows, total))
}

/// An applicant's registrations with their fairs, newest fair first.
pub fn of_user(conn: &mut DbConn, user_id: &str) -> AppResult<Vec<(RegistrationRow, FairRow)>> {
    Ok(fair_registrations::table
        .inner_join(job_fairs::table)
        .filter(fair_registrations::user_id.eq(user_id))
        .order(job_fairs::starts_at.desc())
        .select((RegistrationRow::as_select(), FairRow::as_select()))
        .load(conn)?)
}

/// Count a fair's registrations in one status.
pub fn count_status(conn: &mut DbConn, fair_id: &str, status: RegistrationStatus) -> AppResult<i64> {
    Ok(fair_registrations::table
        .filter(fair_registrations::fair_id.eq(fair_id))
        .filter(fair_registrations::status.eq(status.as_str()))
        .count()
        .get_result(conn)?)
}

/// Registrations whose reminder is due: fairs published or closed starting within the lead time,
/// people registered and not reminded yet.
pub fn due_reminders(
    conn: &mut DbConn,
    now: NaiveDateTime,
    lead: chrono::Duration,
) -> AppResult<Vec<(RegistrationRow, FairRow, String, String)>> {
    Ok(fair_registrations::table
        .inner_join(job_fairs::table)
        .inner_join(users::table)
        .filter(job_fairs::status.eq_any([FairStatus::Published.as_str(), FairStatus::Closed.as_str()]))
        .filter(job_fairs::starts_at.gt(now))
        .filter(job_fairs::starts_at.le(now + lead))
        .filter(fair_registrations::status.eq(RegistrationStatus::Registered.as_str()))
        .filter(fair_registrations::reminded_at.is_null())
        .limit(500)
        .select((
            RegistrationRow::as_select(),
            FairRow::as_select(),
            users::email,
            users::locale,
        ))
        .load(conn)?)
}

/// Note that a registration's reminder was queued; false when another worker got there first.
pub fn mark_reminded(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> AppResult<bool> {
    let n = diesel::update(
        fair_registrations::table
            .find(id)
            .filter(fair_registrations::reminded_at.is_null()),
    )
    .set(fair_registrations::reminded_at.eq(Some(now)))
    .execute(conn)?;
    Ok(n == 1)
}
