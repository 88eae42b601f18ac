//! The recruitment tables, through diesel only.

use crate::db::schema::{
    recruitment_application_files, recruitment_applications, recruitment_events, recruitment_posts, recruitments,
};
use crate::db::DbConn;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::pagination::Paging;
use crate::recruitments::models::{
    ApplicationFileRow, ApplicationRow, EventRow, PostRow, PostStatus, RecruitmentApplicationStatus as S,
    RecruitmentFilter, RecruitmentRow, RecruitmentStatus,
};
use crate::recruitments::rules::{LIVE, PENDING};
use crate::transitions::Stored;
use chrono::NaiveDateTime;
use diesel::prelude::*;

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

fn names(statuses: &[S]) -> Vec<&'static str> {
    statuses.iter().map(|s| s.as_str()).collect()
}

/// A recruitment by id.
pub fn recruitment(conn: &mut DbConn, id: &str) -> AppResult<Option<RecruitmentRow>> {
    Ok(recruitments::table
        .find(id)
        .select(RecruitmentRow::as_select())
        .first(conn)
        .optional()?)
}

/// A recruitment by id, or 404.
pub fn recruitment_or_404(conn: &mut DbConn, id: &str) -> AppResult<RecruitmentRow> {
    recruitment(conn, id)?.ok_or_else(AppError::not_found)
}

/// Store a new recruitment.
pub fn insert_recruitment(conn: &mut DbConn, row: &RecruitmentRow) -> AppResult<()> {
    diesel::insert_into(recruitments::table).values(row).execute(conn)?;
    Ok(())
}

/// Overwrite a draft recruitment (only while it is a draft).
pub fn update_recruitment(conn: &mut DbConn, row: &RecruitmentRow) -> AppResult<()> {
    let n = diesel::update(
        recruitments::table
            .find(&row.id)
            .filter(recruitments::status.eq(RecruitmentStatus::Draft.as_str())),
    )
    .set(row)
    .execute(conn)?;
    changed(n)
}

/// Move a recruitment from one status to another; 409 when it moved meanwhile.
pub fn move_recruitment(
    conn: &mut DbConn,
    id: &str,
    from: RecruitmentStatus,
    to: RecruitmentStatus,
    cancel_reason: Option<&str>,
    now: NaiveDateTime,
) -> AppResult<()> {
    let target = recruitments::table
        .find(id)
        .filter(recruitments::status.eq(from.as_str()));
    let n = diesel::update(target)
        .set((recruitments::status.eq(to.as_str()), recruitments::updated_at.eq(now)))
        .execute(conn)?;
    changed(n)?;
    if to == RecruitmentStatus::Published {
        diesel::update(recruitments::table.find(id))
            .set(recruitments::published_at.eq(Some(now)))
            .execute(conn)?;
    }
    if let Some(reason) = cancel_reason {
        diesel::update(recruitments::table.find(id))
            .set(recruitments::cancel_reason.eq(Some(reason)))
            .execute(conn)?;
    }
    Ok(())
}

/// Mark the tickets of a recruitment issued (the first time).
pub fn tickets_issued(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> AppResult<()> {
    diesel::update(
        recruitments::table
            .find(id)
            .filter(recruitments::tickets_issued_at.is_null()),
    )
    .set((
        recruitments::tickets_issued_at.eq(Some(now)),
        recruitments::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(())
}

/// A page of recruitments; `staff` may see drafts.
pub fn recruitments(
    conn: &mut DbConn,
    filter: &RecruitmentFilter,
    staff: bool,
    paging: Paging,
) -> AppResult<(Vec<RecruitmentRow>, i64)> {
    let query = || {
        let mut q = recruitments::table.into_boxed();
        if !staff {
            q = q.filter(recruitments::status.ne(RecruitmentStatus::Draft.as_str()));
        }
        if let Some(status) = filter.status {
            q = q.filter(recruitments::status.eq(status.as_str()));
        }
        if let Some(year) = filter.year {
            q = q.filter(recruitments::year.eq(year));
        }
        q
    };
    let total = query().count().get_result(conn)?;
    let rows = query()
        .order((recruitments::signup_opens_at.desc(), recruitments::id.desc()))
        .limit(paging.per_page)
        .offset(paging.offset())
        .select(RecruitmentRow::as_select())
        .load(conn)?;
    Ok((rows, total))
}

/// A post by id.
pub fn post(conn: &mut DbConn, id: &str) -> AppResult<Option<PostRow>> {
    Ok(recruitment_posts::table
        .find(id)
        .select(PostRow::as_select())
        .first(conn)
        .optional()?)
}

/// A post by id, or 404.
pub fn post_or_404(conn: &mut DbConn, id: &str) -> AppResult<PostRow> {
    post(conn, id)?.ok_or_else(AppError::not_found)
}

/// The posts of a recruitment, by post code.
pub fn posts(conn: &mut DbConn, recruitment_id: &str) -> AppResult<Vec<PostRow>> {
    Ok(recruitment_posts::table
        .filter(recruitment_posts::recruitment_id.eq(recruitment_id))
        .order(recruitment_posts::post_code.asc())
        .select(PostRow::as_select())
        .load(conn)?)
}

fn post_code_taken(e: diesel::result::Error) -> AppError {
    match e {
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _) => {
            AppError::validation(vec![crate::error::FieldError::new(
                "post_code",
                "taken",
                "Another post of this recruitment has this code.",
            )])
        }
        other => other.into(),
    }
}

/// A post with this code in the recruitment, other than `except`.
pub fn code_taken(conn: &mut DbConn, recruitment_id: &str, code: &str, except: &str) -> AppResult<bool> {
    let n: i64 = recruitment_posts::table
        .filter(recruitment_posts::recruitment_id.eq(recruitment_id))
        .filter(recruitment_posts::post_code.eq(code))
        .filter(recruitment_posts::id.ne(except))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Store a new post.
pub fn insert_post(conn: &mut DbConn, row: &PostRow) -> AppResult<()> {
    diesel::insert_into(recruitment_posts::table)
        .values(row)
        .execute(conn)
        .map_err(post_code_taken)?;
    Ok(())
}

/// Overwrite a post.
pub fn update_post(conn: &mut DbConn, row: &PostRow) -> AppResult<()> {
    diesel::update(recruitment_posts::table.find(&row.id))
        .set(row)
        .execute(conn)
        .map_err(post_code_taken)?;
    Ok(())
}

/// Remove a post of a draft (nobody can have signed up for it).
pub fn delete_post(conn: &mut DbConn, id: &str) -> AppResult<()> {
    diesel::delete(recruitment_posts::table.find(id)).execute(conn)?;
    Ok(())
}

/// Cut an open post.
pub fn cut_post(conn: &mut DbConn, id: &str, reason: &str, now: NaiveDateTime) -> AppResult<()> {
    let n = diesel::update(
        recruitment_posts::table
            .find(id)
            .filter(recruitment_posts::status.eq(PostStatus::Open.as_str())),
    )
    .set((
        recruitment_posts::status.eq(PostStatus::Cut.as_str()),
        recruitment_posts::cut_reason.eq(Some(reason)),
        recruitment_posts::updated_at.eq(now),
    ))
    .execute(conn)?;
    changed(n)
}

/// Hold an open post for a sign-up: a no-op update that only matches while the post is open. On
/// PostgreSQL it keeps the row locked until the sign-up commits, so a concurrent cut either waits
/// for it (and then cuts the new sign-up too) or came first (and this answers false).
pub fn hold_open_post(conn: &mut DbConn, id: &str) -> AppResult<bool> {
    let n = diesel::update(
        recruitment_posts::table
            .find(id)
            .filter(recruitment_posts::status.eq(PostStatus::Open.as_str())),
    )
    .set(recruitment_posts::status.eq(recruitment_posts::status))
    .execute(conn)?;
    Ok(n == 1)
}

/// Lower a post's headcount (the caller checked it is lower).
pub fn set_headcount(conn: &mut DbConn, id: &str, headcount: i32, now: NaiveDateTime) -> AppResult<()> {
    diesel::update(recruitment_posts::table.find(id))
        .set((
            recruitment_posts::headcount.eq(headcount),
            recruitment_posts::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Sign-ups of a post by status group: (live, pending, approved).
pub fn post_counts(conn: &mut DbConn, post_id: &str) -> AppResult<(i64, i64, i64)> {
    let rows: Vec<(String, i64)> = recruitment_applications::table
        .filter(recruitment_applications::post_id.eq(post_id))
        .group_by(recruitment_applications::status)
        .select((recruitment_applications::status, diesel::dsl::count_star()))
        .load(conn)?;
    let sum = |set: &[S]| -> i64 {
        rows.iter()
            .filter(|(s, _)| set.iter().any(|x| x.as_str() == s))
            .map(|(_, n)| *n)
            .sum()
    };
    Ok((sum(&LIVE), sum(&PENDING), sum(&[S::Approved])))
}

/// An application by id.
pub fn application(conn: &mut DbConn, id: &str) -> AppResult<Option<ApplicationRow>> {
    Ok(recruitment_applications::table
        .find(id)
        .select(ApplicationRow::as_select())
        .first(conn)
        .optional()?)
}

/// An application by id, or 404.
pub fn application_or_404(conn: &mut DbConn, id: &str) -> AppResult<ApplicationRow> {
    application(conn, id)?.ok_or_else(AppError::not_found)
}

/// The person's live sign-up in a recruitment, if any.
pub fn live_of(conn: &mut DbConn, recruitment_id: &str, applicant: &str) -> AppResult<Option<ApplicationRow>> {
    Ok(recruitment_applications::table
        .filter(recruitment_applications::recruitment_id.eq(recruitment_id))
        .filter(recruitment_applications::applicant_id.eq(applicant))
        .filter(recruitment_applications::status.eq_any(names(&LIVE)))
        .select(ApplicationRow::as_select())
        .first(conn)
        .optional()?)
}

/// Store a new sign-up; the unique index answers a second live one with 409.
pub fn insert_application(conn: &mut DbConn, row: &ApplicationRow) -> AppResult<()> {
    diesel::insert_into(recruitment_applications::table)
        .values(row)
        .execute(conn)
        .map_err(|e| match e {
            diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _) => {
                AppError::new(
                    ErrorCode::DuplicateApplication,
                    "You already signed up for a post of this recruitment; withdraw that sign-up first.",
                )
            }
            other => other.into(),
        })?;
    Ok(())
}

/// What a move writes besides the status.
#[derive(Debug, Default)]
pub struct Changes {
    /// The reason shown to the applicant (None leaves it; `Some(None)` clears it).
    pub reason: Option<Option<String>>,
    pub decided_by: Option<String>,
    pub precheck: Option<String>,
    pub profile_snapshot: Option<String>,
    pub resubmitted: bool,
}

/// Move a sign-up from `from` to `to`, only if it is still in `from`; 409 otherwise.
pub fn move_application(
    conn: &mut DbConn,
    id: &str,
    from: S,
    to: S,
    changes: Changes,
    now: NaiveDateTime,
) -> AppResult<()> {
    let n = diesel::update(
        recruitment_applications::table
            .find(id)
            .filter(recruitment_applications::status.eq(from.as_str())),
    )
    .set((
        recruitment_applications::status.eq(to.as_str()),
        recruitment_applications::updated_at.eq(now),
    ))
    .execute(conn)?;
    changed(n)?;
    let row = recruitment_applications::table.find(id);
    if let Some(reason) = changes.reason {
        diesel::update(row)
            .set(recruitment_applications::reason.eq(reason))
            .execute(conn)?;
    }
    if let Some(by) = changes.decided_by {
        diesel::update(row)
            .set((
                recruitment_applications::decided_by.eq(Some(by)),
                recruitment_applications::decided_at.eq(Some(now)),
            ))
            .execute(conn)?;
    }
    if let Some(p) = changes.precheck {
        diesel::update(row)
            .set(recruitment_applications::precheck.eq(p))
            .execute(conn)?;
    }
    if let Some(p) = changes.profile_snapshot {
        diesel::update(row)
            .set(recruitment_applications::profile_snapshot.eq(p))
            .execute(conn)?;
    }
    if changes.resubmitted {
        diesel::update(row)
            .set(recruitment_applications::submitted_at.eq(now))
            .execute(conn)?;
    }
    Ok(())
}

/// The sign-ups of a post in these statuses, oldest first.
pub fn of_post(conn: &mut DbConn, post_id: &str, statuses: &[S]) -> AppResult<Vec<ApplicationRow>> {
    Ok(recruitment_applications::table
        .filter(recruitment_applications::post_id.eq(post_id))
        .filter(recruitment_applications::status.eq_any(names(statuses)))
        .order((
            recruitment_applications::submitted_at.asc(),
            recruitment_applications::id.asc(),
        ))
        .select(ApplicationRow::as_select())
        .load(conn)?)
}

/// The sign-ups of a recruitment in these statuses.
pub fn of_recruitment(conn: &mut DbConn, recruitment_id: &str, statuses: &[S]) -> AppResult<Vec<ApplicationRow>> {
    Ok(recruitment_applications::table
        .filter(recruitment_applications::recruitment_id.eq(recruitment_id))
        .filter(recruitment_applications::status.eq_any(names(statuses)))
        .order(recruitment_applications::id.asc())
        .select(ApplicationRow::as_select())
        .load(conn)?)
}

/// A page of a post's sign-ups (the review queue), oldest first.
pub fn queue(
    conn: &mut DbConn,
    post_id: &str,
    status: Option<S>,
    paging: Paging,
) -> AppResult<(Vec<ApplicationRow>, i64)> {
    let query = || {
        let mut q = recruitment_applications::table
            .filter(recruitment_applications::post_id.eq(post_id))
            .into_boxed();
        if let Some(s) = status {
            q = q.filter(recruitment_applications::status.eq(s.as_str()));
        }
        q
    };
    let total = query().count().get_result(conn)?;
    let rows = query()
        .order((
            recruitment_applications::submitted_at.asc(),
            recruitment_applications::id.asc(),
        ))
        .limit(paging.per_page)
        .offset(paging.offset())
        .select(ApplicationRow::as_select())
        .load(conn)?;
    Ok((rows, total))
}

/// A page of one person's sign-ups, newest first.
pub fn mine(
    conn: &mut DbConn,
    applicant: &str,
    status: Option<S>,
    paging: Paging,
) -> AppResult<(Vec<ApplicationRow>, i64)> {
    let query = || {
        let mut q = recruitment_applications::table
            .filter(recruitment_applications::applicant_id.eq(applicant))
            .into_boxed();
        if let Some(s) = status {
            q = q.filter(recruitment_applications::status.eq(s.as_str()));
        }
        q
    };
    let total = query().count().get_result(conn)?;
    let rows = query()
        .order((
            recruitment_applications::created_at.desc(),
            recruitment_applications::id.desc(),
        ))
        .limit(paging.per_page)
        .offset(paging.offset())
        .select(ApplicationRow::as_select())
        .load(conn)?;
    Ok((rows, total))
}

/// The highest seat given in a post so far.
pub fn max_seat(conn: &mut DbConn, post_id: &str) -> AppResult<i32> {
    let max: Option<i32> = recruitment_applications::table
        .filter(recruitment_applications::post_id.eq(post_id))
        .select(diesel::dsl::max(recruitment_applications::seat_no))
        .first(conn)?;
    Ok(max.unwrap_or(0))
}

/// Give an approved sign-up without a ticket its exam number, seat and ticket code.
pub fn issue_ticket(
    conn: &mut DbConn,
    id: &str,
    exam_no: &str,
    seat: i32,
    code: &str,
    now: NaiveDateTime,
) -> AppResult<bool> {
    let n = diesel::update(
        recruitment_applications::table
            .find(id)
            .filter(recruitment_applications::status.eq(S::Approved.as_str()))
            .filter(recruitment_applications::exam_no.is_null()),
    )
    .set((
        recruitment_applications::exam_no.eq(Some(exam_no)),
        recruitment_applications::seat_no.eq(Some(seat)),
        recruitment_applications::ticket_code.eq(Some(code)),
        recruitment_applications::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Approved sign-ups of a recruitment holding a ticket.
pub fn ticket_count(conn: &mut DbConn, recruitment_id: &str) -> AppResult<i64> {
    Ok(recruitment_applications::table
        .filter(recruitment_applications::recruitment_id.eq(recruitment_id))
        .filter(recruitment_applications::exam_no.is_not_null())
        .count()
        .get_result(conn)?)
}

/// The sign-up holding a ticket code.
pub fn by_ticket(conn: &mut DbConn, code: &str) -> AppResult<Option<ApplicationRow>> {
    Ok(recruitment_applications::table
        .filter(recruitment_applications::ticket_code.eq(code))
        .select(ApplicationRow::as_select())
        .first(conn)
        .optional()?)
}

/// Record the first scan of a ticket; false when it was already scanned.
pub fn check_in(conn: &mut DbConn, id: &str, by: &str, now: NaiveDateTime) -> AppResult<bool> {
    let n = diesel::update(
        recruitment_applications::table
            .find(id)
            .filter(recruitment_applications::checked_in_at.is_null()),
    )
    .set((
        recruitment_applications::checked_in_at.eq(Some(now)),
        recruitment_applications::checked_in_by.eq(Some(by)),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Replace the files of a sign-up.
pub fn replace_files(conn: &mut DbConn, application_id: &str, files: &[ApplicationFileRow]) -> AppResult<()> {
    diesel::delete(
        recruitment_application_files::table.filter(recruitment_application_files::application_id.eq(application_id)),
    )
    .execute(conn)?;
    for f in files {
        diesel::insert_into(recruitment_application_files::table)
            .values(f)
            .execute(conn)?;
    }
    Ok(())
}

/// The files of a sign-up.
pub fn files(conn: &mut DbConn, application_id: &str) -> AppResult<Vec<ApplicationFileRow>> {
    Ok(recruitment_application_files::table
        .filter(recruitment_application_files::application_id.eq(application_id))
        .order(recruitment_application_files::kind.asc())
        .select(ApplicationFileRow::as_select())
        .load(conn)?)
}

/// Record one step of a sign-up.
pub fn insert_event(conn: &mut DbConn, row: &EventRow) -> AppResult<()> {
    diesel::insert_into(recruitment_events::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// The steps of a sign-up, oldest first.
pub fn events(conn: &mut DbConn, application_id: &str) -> AppResult<Vec<EventRow>> {
    Ok(recruitment_events::table
        .filter(recruitment_events::application_id.eq(application_id))
        .order((recruitment_events::created_at.asc(), recruitment_events::id.asc()))
        .select(EventRow::as_select())
        .load(conn)?)
}

/// The ticketed candidates of a recruitment (approved, with an exam number), by exam number.
pub fn ticketed(conn: &mut DbConn, recruitment_id: &str) -> AppResult<Vec<ApplicationRow>> {
    Ok(recruitment_applications::table
        .filter(recruitment_applications::recruitment_id.eq(recruitment_id))
        .filter(recruitment_applications::status.eq(S::Approved.as_str()))
        .filter(recruitment_applications::exam_no.is_not_null())
        .order(recruitment_applications::exam_no.asc())
        .select(ApplicationRow::as_select())
        .load(conn)?)
}

/// Record a written result (`scored` with hundredths, or `absent` without).
pub fn set_written(conn: &mut DbConn, id: &str, result: &str, x100: Option<i32>, now: NaiveDateTime) -> AppResult<()> {
    let n = diesel::update(recruitment_applications::table.find(id))
        .set((
            recruitment_applications::written_result.eq(Some(result)),
            recruitment_applications::written_x100.eq(x100),
            recruitment_applications::updated_at.eq(now),
        ))
        .execute(conn)?;
    changed(n)
}

/// Store a candidate's rank in the post (none for the absent).
pub fn set_written_rank(conn: &mut DbConn, id: &str, rank: Option<i32>) -> AppResult<()> {
    let n = diesel::update(recruitment_applications::table.find(id))
        .set(recruitment_applications::written_rank.eq(rank))
        .execute(conn)?;
    changed(n)
}

/// Mark the written scores of a recruitment published; 409 when they already were.
pub fn written_published(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> AppResult<()> {
    let n = diesel::update(
        recruitments::table
            .find(id)
            .filter(recruitments::written_published_at.is_null()),
    )
    .set((
        recruitments::written_published_at.eq(Some(now)),
        recruitments::updated_at.eq(now),
    ))
    .execute(conn)?;
    changed(n)
}

/// Candidates of a post holding a written rank.
pub fn ranked_in_post(conn: &mut DbConn, post_id: &str) -> AppResult<i64> {
    Ok(recruitment_applications::table
        .filter(recruitment_applications::post_id.eq(post_id))
        .filter(recruitment_applications::written_rank.is_not_null())
        .count()
        .get_result(conn)?)
}
