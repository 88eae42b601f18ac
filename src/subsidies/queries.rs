//! The subsidy tables, through diesel only.

use crate::db::schema::{
    employment_intents, enterprises, subsidy_application_files, subsidy_applications, subsidy_events, subsidy_notices,
    subsidy_objections, subsidy_policies, talent_profiles, users,
};
use crate::db::DbConn;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::pagination::Paging;
use crate::subsidies::models::{
    ApplicationFileRow, ApplicationFilter, ApplicationRow, EventRow, NoticeRow, NoticeStatus, ObjectionRow,
    ObjectionStatus, PolicyFilter, PolicyRow, PolicyStatus, SubsidyApplicationStatus,
};
use crate::transitions::Stored;
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// A policy by id.
pub fn policy(conn: &mut DbConn, id: &str) -> AppResult<Option<PolicyRow>> {
    Ok(subsidy_policies::table
        .find(id)
        .select(PolicyRow::as_select())
        .first(conn)
        .optional()?)
}

/// A policy by id, or 404.
pub fn policy_or_404(conn: &mut DbConn, id: &str) -> AppResult<PolicyRow> {
    policy(conn, id)?.ok_or_else(AppError::not_found)
}

/// The highest version of a code, if the code exists.
pub fn latest_version(conn: &mut DbConn, code: &str) -> AppResult<Option<i32>> {
    Ok(subsidy_policies::table
        .filter(subsidy_policies::code.eq(code))
        .select(diesel::dsl::max(subsidy_policies::version))
        .first::<Option<i32>>(conn)?)
}

/// Store a new policy.
pub fn insert_policy(conn: &mut DbConn, row: &PolicyRow) -> AppResult<()> {
    diesel::insert_into(subsidy_policies::table).values(row).execute(conn)?;
    Ok(())
}

/// Overwrite a draft policy (the caller checked it is a draft, under the same transaction).
pub fn update_policy(conn: &mut DbConn, row: &PolicyRow) -> AppResult<()> {
    let n = diesel::update(
        subsidy_policies::table
            .find(&row.id)
            .filter(subsidy_policies::status.eq(PolicyStatus::Draft.as_str())),
    )
    .set(row)
    .execute(conn)?;
    changed(n)
}

/// Move a policy from one status to another; 409 when it moved meanwhile.
pub fn move_policy(
    conn: &mut DbConn,
    id: &str,
    from: PolicyStatus,
    to: PolicyStatus,
    now: NaiveDateTime,
) -> AppResult<()> {
    let activated = (to == PolicyStatus::Active).then_some(now);
    let n = diesel::update(
        subsidy_policies::table
            .find(id)
            .filter(subsidy_policies::status.eq(from.as_str())),
    )
    .set((
        subsidy_policies::status.eq(to.as_str()),
        subsidy_policies::activated_at.eq(activated),
        subsidy_policies::updated_at.eq(now),
    ))
    .execute(conn)?;
    changed(n)
}

fn changed(n: usize) -> AppResult<()> {
    if n == 1 {
        Ok(())
    } else {
        Err(AppError::new(
            ErrorCode::InvalidTransition,
            "The record changed meanwhile; reload it.",
        ))
    }
}

/// A page of policies; `statuses` limits what the caller may see.
pub fn policies(
    conn: &mut DbConn,
    filter: &PolicyFilter,
    statuses: &[PolicyStatus],
    paging: Paging,
) -> AppResult<(Vec<PolicyRow>, i64)> {
    let names: Vec<&str> = statuses.iter().map(|s| s.as_str()).collect();
    let query = || {
        let mut q = subsidy_policies::table
            .filter(subsidy_policies::status.eq_any(names.clone()))
            .into_boxed();
        if let Some(kind) = filter.kind {
            q = q.filter(subsidy_policies::kind.eq(kind.as_str()));
        }
        q
    };
    let total = query().count().get_result(conn)?;
    let rows = query()
        .order((subsidy_policies::created_at.desc(), subsidy_policies::id.desc()))
        .limit(paging.per_page)
        .offset(paging.offset())
        .select(PolicyRow::as_select())
        .load(conn)?;
    Ok((rows, total))
}

/// An application by id.
pub fn application(conn: &mut DbConn, id: &str) -> AppResult<Option<ApplicationRow>> {
    Ok(subsidy_applications::table
        .find(id)
        .select(ApplicationRow::as_select())
        .first(conn)
        .optional()?)
}

/// An application by id, or 404.
pub fn application_or_404(conn: &mut DbConn, id: &str) -> AppResult<ApplicationRow> {
    application(conn, id)?.ok_or_else(AppError::not_found)
}

/// Store a new application.
pub fn insert_application(conn: &mut DbConn, row: &ApplicationRow) -> AppResult<()> {
    diesel::insert_into(subsidy_applications::table)
        .values(row)
        .execute(conn)
        .map_err(duplicate)?;
    Ok(())
}

/// A unique-index refusal on applications means the person already has one.
fn duplicate(e: diesel::result::Error) -> AppError {
    match e {
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _) => AppError::new(
            ErrorCode::DuplicateApplication,
            "You already have an open or awarded application of this subsidy (or its group) this year.",
        ),
        other => other.into(),
    }
}

/// Change what the applicant wrote (only while editable, checked by the caller in this transaction).
pub fn update_draft(
    conn: &mut DbConn,
    id: &str,
    requested_fen: i64,
    statement: &str,
    now: NaiveDateTime,
) -> AppResult<()> {
    diesel::update(subsidy_applications::table.find(id))
        .set((
            subsidy_applications::requested_fen.eq(requested_fen),
            subsidy_applications::statement.eq(statement),
            subsidy_applications::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// What a transition writes besides the status.
#[derive(Debug, Default)]
pub struct Changes {
    pub granted_fen: Option<i64>,
    pub hr_decided_by: Option<String>,
    pub finance_decided_by: Option<String>,
    pub notice_id: Option<String>,
    pub policy_snapshot: Option<String>,
    pub profile_snapshot: Option<String>,
    pub submitted: bool,
    pub decided: bool,
    pub awarded: bool,
}

/// Move an application from `from` to `to` with `changes`, only if it is still in `from` (so that
/// two people acting at once cannot both move it); 409 otherwise.
pub fn move_application(
    conn: &mut DbConn,
    id: &str,
    from: SubsidyApplicationStatus,
    to: SubsidyApplicationStatus,
    changes: Changes,
    now: NaiveDateTime,
) -> AppResult<()> {
    let target = subsidy_applications::table
        .find(id)
        .filter(subsidy_applications::status.eq(from.as_str()));
    let n = diesel::update(target)
        .set((
            subsidy_applications::status.eq(to.as_str()),
            subsidy_applications::updated_at.eq(now),
        ))
        .execute(conn)
        .map_err(duplicate)?;
    changed(n)?;
    let row = subsidy_applications::table.find(id);
    if let Some(v) = changes.granted_fen {
        diesel::update(row)
            .set(subsidy_applications::granted_fen.eq(Some(v)))
            .execute(conn)?;
    }
    if let Some(v) = changes.hr_decided_by {
        diesel::update(row)
            .set(subsidy_applications::hr_decided_by.eq(Some(v)))
            .execute(conn)?;
    }
    if let Some(v) = changes.finance_decided_by {
        diesel::update(row)
            .set(subsidy_applications::finance_decided_by.eq(Some(v)))
            .execute(conn)?;
    }
    if let Some(v) = changes.notice_id {
        diesel::update(row)
            .set(subsidy_applications::notice_id.eq(Some(v)))
            .execute(conn)?;
    }
    if let Some(v) = changes.policy_snapshot {
        diesel::update(row)
            .set(subsidy_applications::policy_snapshot.eq(Some(v)))
            .execute(conn)?;
    }
    if let Some(v) = changes.profile_snapshot {
        diesel::update(row)
            .set(subsidy_applications::profile_snapshot.eq(Some(v)))
            .execute(conn)?;
    }
    if changes.submitted {
        diesel::update(row)
            .set(subsidy_applications::submitted_at.eq(Some(now)))
            .execute(conn)?;
    }
    if changes.decided {
        diesel::update(row)
            .set(subsidy_applications::decided_at.eq(Some(now)))
            .execute(conn)?;
    }
    if changes.awarded {
        diesel::update(row)
            .set(subsidy_applications::awarded_at.eq(Some(now)))
            .execute(conn)?;
    }
    Ok(())
}

/// Open (not finally refused or withdrawn) applications of a person for a policy and year, other than `except`.
pub fn open_for_policy(conn: &mut DbConn, applicant: &str, policy_id: &str, year: i32, except: &str) -> AppResult<i64> {
    Ok(subsidy_applications::table
        .filter(subsidy_applications::applicant_id.eq(applicant))
        .filter(subsidy_applications::policy_id.eq(policy_id))
        .filter(subsidy_applications::year.eq(year))
        .filter(subsidy_applications::id.ne(except))
        .filter(subsidy_applications::status.ne_all(closed_statuses()))
        .count()
        .get_result(conn)?)
}

/// Submitted-or-later applications of a person in an exclusive group and year, other than `except`.
pub fn open_in_group(conn: &mut DbConn, applicant: &str, group: &str, year: i32, except: &str) -> AppResult<i64> {
    let mut excluded = closed_statuses();
    excluded.push(SubsidyApplicationStatus::Draft.as_str());
    Ok(subsidy_applications::table
        .filter(subsidy_applications::applicant_id.eq(applicant))
        .filter(subsidy_applications::exclusive_group.eq(group))
        .filter(subsidy_applications::year.eq(year))
        .filter(subsidy_applications::id.ne(except))
        .filter(subsidy_applications::status.ne_all(excluded))
        .count()
        .get_result(conn)?)
}

fn closed_statuses() -> Vec<&'static str> {
    [
        SubsidyApplicationStatus::Withdrawn,
        SubsidyApplicationStatus::Rejected,
        SubsidyApplicationStatus::FinanceRejected,
        SubsidyApplicationStatus::ObjectionUpheld,
    ]
    .iter()
    .map(|s| s.as_str())
    .collect()
}

/// A page of applications with the applicant's e-mail and name; `applicant` limits to one person.
pub fn applications(
    conn: &mut DbConn,
    filter: &ApplicationFilter,
    applicant: Option<&str>,
    paging: Paging,
) -> AppResult<(Vec<ApplicationRow>, i64)> {
    let query = || {
        let mut q = subsidy_applications::table.into_boxed();
        if let Some(a) = applicant {
            q = q.filter(subsidy_applications::applicant_id.eq(a.to_string()));
        }
        if let Some(s) = filter.status {
            q = q.filter(subsidy_applications::status.eq(s.as_str()));
        }
        if let Some(p) = &filter.policy_id {
            q = q.filter(subsidy_applications::policy_id.eq(p.clone()));
        }
        if let Some(y) = filter.year {
            q = q.filter(subsidy_applications::year.eq(y));
        }
        q
    };
    let total = query().count().get_result(conn)?;
    let rows = query()
        .order((subsidy_applications::updated_at.desc(), subsidy_applications::id.desc()))
        .limit(paging.per_page)
        .offset(paging.offset())
        .select(ApplicationRow::as_select())
        .load(conn)?;
    Ok((rows, total))
}

/// Who an applicant is, as mails, queues and notices need it.
#[derive(Debug, Clone, Queryable)]
pub struct Person {
    pub email: String,
    pub locale: String,
    /// The profile's full name, if there is a profile.
    pub name: Option<String>,
    pub employer: Option<String>,
}

/// The e-mail, locale, profile name and employer of a user.
pub fn person(conn: &mut DbConn, user_id: &str) -> AppResult<Option<Person>> {
    Ok(users::table
        .left_join(talent_profiles::table)
        .filter(users::id.eq(user_id))
        .select((
            users::email,
            users::locale,
            talent_profiles::full_name.nullable(),
            talent_profiles::current_employer.nullable(),
        ))
        .first(conn)
        .optional()?)
}

/// Replace the files of an application.
pub fn replace_files(conn: &mut DbConn, application_id: &str, files: &[ApplicationFileRow]) -> AppResult<()> {
    diesel::delete(
        subsidy_application_files::table.filter(subsidy_application_files::application_id.eq(application_id)),
    )
    .execute(conn)?;
    for f in files {
        diesel::insert_into(subsidy_application_files::table)
            .values(f)
            .execute(conn)?;
    }
    Ok(())
}

/// The files of an application.
pub fn files(conn: &mut DbConn, application_id: &str) -> AppResult<Vec<ApplicationFileRow>> {
    Ok(subsidy_application_files::table
        .filter(subsidy_application_files::application_id.eq(application_id))
        .order(subsidy_application_files::kind.asc())
        .select(ApplicationFileRow::as_select())
        .load(conn)?)
}

/// Append to an application's history.
pub fn insert_event(conn: &mut DbConn, row: &EventRow) -> AppResult<()> {
    diesel::insert_into(subsidy_events::table).values(row).execute(conn)?;
    Ok(())
}

/// An application's history, oldest first.
pub fn events(conn: &mut DbConn, application_id: &str) -> AppResult<Vec<EventRow>> {
    Ok(subsidy_events::table
        .filter(subsidy_events::application_id.eq(application_id))
        .order((subsidy_events::created_at.asc(), subsidy_events::id.asc()))
        .select(EventRow::as_select())
        .load(conn)?)
}

/// The latest reason given on an application (return or refusal), if any.
pub fn latest_reason(conn: &mut DbConn, application_id: &str) -> AppResult<Option<String>> {
    Ok(subsidy_events::table
        .filter(subsidy_events::application_id.eq(application_id))
        .filter(subsidy_events::reason.is_not_null())
        .order((subsidy_events::created_at.desc(), subsidy_events::id.desc()))
        .select(subsidy_events::reason)
        .first::<Option<String>>(conn)
        .optional()?
        .flatten())
}

/// True when the person is the registered contact (name and mobile) of a verified enterprise.
pub fn runs_verified_enterprise(conn: &mut DbConn, name: &str, phone: &str) -> AppResult<bool> {
    let n: i64 = enterprises::table
        .filter(enterprises::status.eq(crate::enterprises::models::EnterpriseStatus::Verified.as_str()))
        .filter(enterprises::contact_name.eq(name))
        .filter(enterprises::contact_phone.eq(phone))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Employment intents of a person confirmed as signed.
pub fn signed_intents(conn: &mut DbConn, user_id: &str) -> AppResult<i64> {
    Ok(employment_intents::table
        .filter(employment_intents::applicant_id.eq(user_id))
        .filter(employment_intents::status.eq(crate::fairs::intents::IntentStatus::Signed.as_str()))
        .count()
        .get_result(conn)?)
}

/// Store a notice.
pub fn insert_notice(conn: &mut DbConn, row: &NoticeRow) -> AppResult<()> {
    diesel::insert_into(subsidy_notices::table).values(row).execute(conn)?;
    Ok(())
}

/// A notice by id.
pub fn notice(conn: &mut DbConn, id: &str) -> AppResult<Option<NoticeRow>> {
    Ok(subsidy_notices::table
        .find(id)
        .select(NoticeRow::as_select())
        .first(conn)
        .optional()?)
}

/// A page of notices, newest first.
pub fn notices(conn: &mut DbConn, status: Option<NoticeStatus>, paging: Paging) -> AppResult<(Vec<NoticeRow>, i64)> {
    let query = || {
        let mut q = subsidy_notices::table.into_boxed();
        if let Some(s) = status {
            q = q.filter(subsidy_notices::status.eq(s.as_str()));
        }
        q
    };
    let total = query().count().get_result(conn)?;
    let rows = query()
        .order((subsidy_notices::published_at.desc(), subsidy_notices::id.desc()))
        .limit(paging.per_page)
        .offset(paging.offset())
        .select(NoticeRow::as_select())
        .load(conn)?;
    Ok((rows, total))
}

/// The applications on a notice.
pub fn notice_applications(conn: &mut DbConn, notice_id: &str) -> AppResult<Vec<ApplicationRow>> {
    Ok(subsidy_applications::table
        .filter(subsidy_applications::notice_id.eq(notice_id))
        .order(subsidy_applications::submitted_at.asc())
        .select(ApplicationRow::as_select())
        .load(conn)?)
}

/// Open notices whose period is over.
pub fn due_notices(conn: &mut DbConn, now: NaiveDateTime) -> AppResult<Vec<NoticeRow>> {
    Ok(subsidy_notices::table
        .filter(subsidy_notices::status.eq(NoticeStatus::Open.as_str()))
        .filter(subsidy_notices::ends_at.le(now))
        .select(NoticeRow::as_select())
        .load(conn)?)
}

/// Close a notice once; false when another process closed it first.
pub fn close_notice(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> AppResult<bool> {
    let n = diesel::update(
        subsidy_notices::table
            .find(id)
            .filter(subsidy_notices::status.eq(NoticeStatus::Open.as_str())),
    )
    .set((
        subsidy_notices::status.eq(NoticeStatus::Closed.as_str()),
        subsidy_notices::closed_at.eq(Some(now)),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Store an objection.
pub fn insert_objection(conn: &mut DbConn, row: &ObjectionRow) -> AppResult<()> {
    diesel::insert_into(subsidy_objections::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// An objection by id.
pub fn objection(conn: &mut DbConn, id: &str) -> AppResult<Option<ObjectionRow>> {
    Ok(subsidy_objections::table
        .find(id)
        .select(ObjectionRow::as_select())
        .first(conn)
        .optional()?)
}

/// The objections of a notice, oldest first.
pub fn objections(conn: &mut DbConn, notice_id: &str) -> AppResult<Vec<ObjectionRow>> {
    Ok(subsidy_objections::table
        .filter(subsidy_objections::notice_id.eq(notice_id))
        .order(subsidy_objections::created_at.asc())
        .select(ObjectionRow::as_select())
        .load(conn)?)
}

/// Open objections of a notice.
pub fn open_objections(conn: &mut DbConn, notice_id: &str) -> AppResult<i64> {
    Ok(subsidy_objections::table
        .filter(subsidy_objections::notice_id.eq(notice_id))
        .filter(subsidy_objections::status.eq(ObjectionStatus::Open.as_str()))
        .count()
        .get_result(conn)?)
}

/// Resolve an open objection once; 409 when it was resolved meanwhile.
pub fn resolve_objection(
    conn: &mut DbConn,
    id: &str,
    to: ObjectionStatus,
    note: &str,
    by: &str,
    now: NaiveDateTime,
) -> AppResult<()> {
    let n = diesel::update(
        subsidy_objections::table
            .find(id)
            .filter(subsidy_objections::status.eq(ObjectionStatus::Open.as_str())),
    )
    .set((
        subsidy_objections::status.eq(to.as_str()),
        subsidy_objections::resolution_note.eq(Some(note)),
        subsidy_objections::resolved_by.eq(Some(by)),
        subsidy_objections::resolved_at.eq(Some(now)),
    ))
    .execute(conn)?;
    changed(n)
}
