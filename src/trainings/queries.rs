//! Queries on training courses, sessions, trainees and attendance (diesel only). Statuses move
//! only through conditional updates on the expected status.

use crate::db::conn::Backend;
use crate::db::schema::{
    enterprises, training_attendance as att, training_courses as courses, training_partners as partners,
    training_sessions as sessions, training_trainees as trainees,
};
use crate::db::DbConn;
use crate::error::AppResult;
use crate::pagination::Paging;
use crate::trainings::models::{
    AttendanceRow, CourseRow, CourseStatus, PartnerRow, SessionRow, TraineeRow, TraineeStatus, TrainingPartner,
    YearFigures,
};
use crate::transitions::Stored;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use std::collections::HashMap;

/// A course by id.
pub fn course(conn: &mut DbConn, id: &str) -> AppResult<Option<CourseRow>> {
    Ok(courses::table
        .find(id)
        .select(CourseRow::as_select())
        .first(conn)
        .optional()?)
}

/// Insert a course.
pub fn insert_course(conn: &mut DbConn, row: &CourseRow) -> AppResult<()> {
    diesel::insert_into(courses::table).values(row).execute(conn)?;
    Ok(())
}

/// Replace a course's details while it is in `status`; false when it no longer was.
pub fn update_course(conn: &mut DbConn, row: &CourseRow, status: CourseStatus) -> AppResult<bool> {
    let n = diesel::update(courses::table.find(&row.id).filter(courses::status.eq(status.as_str())))
        .set((
            courses::title.eq(&row.title),
            courses::trade.eq(&row.trade),
            courses::organiser.eq(&row.organiser),
            courses::description.eq(&row.description),
            courses::capacity.eq(row.capacity),
            courses::threshold_percent.eq(row.threshold_percent),
            courses::updated_at.eq(row.updated_at),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

/// Move a course from one status to another; false when it was not in `from`.
pub fn set_status(
    conn: &mut DbConn,
    id: &str,
    from: CourseStatus,
    to: CourseStatus,
    now: NaiveDateTime,
) -> AppResult<bool> {
    let completed_at = (to == CourseStatus::Completed).then_some(now);
    let n = diesel::update(courses::table.find(id).filter(courses::status.eq(from.as_str())))
        .set((
            courses::status.eq(to.as_str()),
            courses::completed_at.eq(completed_at),
            courses::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

/// Courses, newest first; `visible_only` leaves drafts out.
pub fn list(
    conn: &mut DbConn,
    status: Option<CourseStatus>,
    visible_only: bool,
    paging: Paging,
) -> AppResult<(Vec<CourseRow>, i64)> {
    let build = || {
        let mut q = courses::table.into_boxed::<Backend>();
        if let Some(s) = status {
            q = q.filter(courses::status.eq(s.as_str()));
        }
        if visible_only {
            q = q.filter(courses::status.ne(CourseStatus::Draft.as_str()));
        }
        q
    };
    let total = build().count().get_result::<i64>(conn)?;
    let rows = build()
        .order((courses::created_at.desc(), courses::id))
        .limit(paging.per_page)
        .offset(paging.offset())
        .select(CourseRow::as_select())
        .load(conn)?;
    Ok((rows, total))
}

/// The partner enterprises of a course, by name.
pub fn partners_of(conn: &mut DbConn, course_id: &str) -> AppResult<Vec<TrainingPartner>> {
    let rows: Vec<(String, String)> = partners::table
        .inner_join(enterprises::table)
        .filter(partners::course_id.eq(course_id))
        .order(enterprises::name)
        .select((enterprises::id, enterprises::name))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, name)| TrainingPartner { id, name })
        .collect())
}

/// Replace the partners of a course.
pub fn replace_partners(conn: &mut DbConn, course_id: &str, rows: &[PartnerRow]) -> AppResult<()> {
    diesel::delete(partners::table.filter(partners::course_id.eq(course_id))).execute(conn)?;
    for row in rows {
        diesel::insert_into(partners::table).values(row).execute(conn)?;
    }
    Ok(())
}

/// Which of these ids name existing enterprises.
pub fn existing_enterprises(conn: &mut DbConn, ids: &[String]) -> AppResult<Vec<String>> {
    Ok(enterprises::table
        .filter(enterprises::id.eq_any(ids))
        .select(enterprises::id)
        .load(conn)?)
}

/// Whether the enterprise is a partner of the course and kept by `owner`.
pub fn partner_kept_by(conn: &mut DbConn, course_id: &str, enterprise_id: &str, owner: &str) -> AppResult<bool> {
    let n = partners::table
        .inner_join(enterprises::table)
        .filter(partners::course_id.eq(course_id))
        .filter(partners::enterprise_id.eq(enterprise_id))
        .filter(enterprises::owner_id.eq(owner))
        .count()
        .get_result::<i64>(conn)?;
    Ok(n > 0)
}

/// The enterprise ids kept by `owner`.
pub fn enterprises_of(conn: &mut DbConn, owner: &str) -> AppResult<Vec<String>> {
    Ok(enterprises::table
        .filter(enterprises::owner_id.eq(owner))
        .select(enterprises::id)
        .load(conn)?)
}

/// The sessions of a course, in time order.
pub fn sessions_of(conn: &mut DbConn, course_id: &str) -> AppResult<Vec<SessionRow>> {
    Ok(sessions::table
        .filter(sessions::course_id.eq(course_id))
        .order((sessions::starts_at, sessions::id))
        .select(SessionRow::as_select())
        .load(conn)?)
}

/// Replace the sessions of a course (only while none has a check-in).
pub fn replace_sessions(conn: &mut DbConn, course_id: &str, rows: &[SessionRow]) -> AppResult<()> {
    diesel::delete(sessions::table.filter(sessions::course_id.eq(course_id))).execute(conn)?;
    for row in rows {
        diesel::insert_into(sessions::table).values(row).execute(conn)?;
    }
    Ok(())
}

/// Check-ins per session of a course.
pub fn check_ins_by_session(conn: &mut DbConn, course_id: &str) -> AppResult<HashMap<String, i64>> {
    let rows: Vec<String> = att::table
        .inner_join(sessions::table)
        .filter(sessions::course_id.eq(course_id))
        .select(att::session_id)
        .load(conn)?;
    let mut out = HashMap::new();
    for s in rows {
        *out.entry(s).or_insert(0) += 1;
    }
    Ok(out)
}

/// (holding a place, completed) per course id.
pub fn counts(conn: &mut DbConn, ids: &[String]) -> AppResult<HashMap<String, (i64, i64)>> {
    let rows: Vec<(String, String)> = trainees::table
        .filter(trainees::course_id.eq_any(ids))
        .select((trainees::course_id, trainees::status))
        .load(conn)?;
    let mut out: HashMap<String, (i64, i64)> = HashMap::new();
    for (id, status) in rows {
        let c = out.entry(id).or_default();
        c.0 += 1;
        c.1 += i64::from(status == TraineeStatus::Completed.as_str());
    }
    Ok(out)
}

/// Trainees holding a place in a course.
pub fn trainee_count(conn: &mut DbConn, course_id: &str) -> AppResult<i64> {
    Ok(trainees::table
        .filter(trainees::course_id.eq(course_id))
        .count()
        .get_result(conn)?)
}

/// Whether the person (keyed hash of the ID number) already has a place in the course.
pub fn person_taken(conn: &mut DbConn, course_id: &str, person_hash: &str) -> AppResult<bool> {
    let n = trainees::table
        .filter(trainees::course_id.eq(course_id))
        .filter(trainees::id_number_hash.eq(person_hash))
        .count()
        .get_result::<i64>(conn)?;
    Ok(n > 0)
}

/// Insert a trainee.
pub fn insert_trainee(conn: &mut DbConn, row: &TraineeRow) -> AppResult<()> {
    diesel::insert_into(trainees::table).values(row).execute(conn)?;
    Ok(())
}

/// A trainee by id.
pub fn trainee(conn: &mut DbConn, id: &str) -> AppResult<Option<TraineeRow>> {
    Ok(trainees::table
        .find(id)
        .select(TraineeRow::as_select())
        .first(conn)
        .optional()?)
}

/// A trainee of a course by ticket code.
pub fn by_ticket(conn: &mut DbConn, code: &str) -> AppResult<Option<TraineeRow>> {
    Ok(trainees::table
        .filter(trainees::ticket_code.eq(code))
        .select(TraineeRow::as_select())
        .first(conn)
        .optional()?)
}

/// Trainees of a course in the order taken, optionally only those nominated by some enterprises.
pub fn trainees_of(
    conn: &mut DbConn,
    course_id: &str,
    enterprises_only: Option<&[String]>,
    paging: Paging,
) -> AppResult<(Vec<TraineeRow>, i64)> {
    let build = || {
        let mut q = trainees::table
            .filter(trainees::course_id.eq(course_id))
            .into_boxed::<Backend>();
        if let Some(ids) = enterprises_only {
            q = q.filter(trainees::enterprise_id.eq_any(ids.to_vec()));
        }
        q
    };
    let total = build().count().get_result::<i64>(conn)?;
    let rows = build()
        .order((trainees::created_at, trainees::id))
        .limit(paging.per_page)
        .offset(paging.offset())
        .select(TraineeRow::as_select())
        .load(conn)?;
    Ok((rows, total))
}

/// Every trainee of a course.
pub fn all_trainees(conn: &mut DbConn, course_id: &str) -> AppResult<Vec<TraineeRow>> {
    Ok(trainees::table
        .filter(trainees::course_id.eq(course_id))
        .order(trainees::id)
        .select(TraineeRow::as_select())
        .load(conn)?)
}

/// (hours, sessions) checked in per trainee id.
pub fn attended(conn: &mut DbConn, trainee_ids: &[String]) -> AppResult<HashMap<String, (i32, i64)>> {
    let mut out: HashMap<String, (i32, i64)> = HashMap::new();
    for chunk in trainee_ids.chunks(500) {
        let rows: Vec<(String, i32)> = att::table
            .inner_join(sessions::table)
            .filter(att::trainee_id.eq_any(chunk))
            .select((att::trainee_id, sessions::hours))
            .load(conn)?;
        for (id, hours) in rows {
            let e = out.entry(id).or_default();
            e.0 += hours;
            e.1 += 1;
        }
    }
    Ok(out)
}

/// Enterprise names by id.
pub fn enterprise_names(conn: &mut DbConn, ids: &[String]) -> AppResult<HashMap<String, String>> {
    Ok(enterprises::table
        .filter(enterprises::id.eq_any(ids))
        .select((enterprises::id, enterprises::name))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect())
}

/// A session by id.
pub fn session(conn: &mut DbConn, id: &str) -> AppResult<Option<SessionRow>> {
    Ok(sessions::table
        .find(id)
        .select(SessionRow::as_select())
        .first(conn)
        .optional()?)
}

/// The check-in of a trainee at a session.
pub fn attendance(conn: &mut DbConn, session_id: &str, trainee_id: &str) -> AppResult<Option<AttendanceRow>> {
    Ok(att::table
        .filter(att::session_id.eq(session_id))
        .filter(att::trainee_id.eq(trainee_id))
        .select(AttendanceRow::as_select())
        .first(conn)
        .optional()?)
}

/// Record a check-in.
pub fn insert_attendance(conn: &mut DbConn, row: &AttendanceRow) -> AppResult<()> {
    diesel::insert_into(att::table).values(row).execute(conn)?;
    Ok(())
}

/// Record the decision on an enrolled trainee; false when it was decided already.
pub fn decide(
    conn: &mut DbConn,
    id: &str,
    status: TraineeStatus,
    hours: i32,
    certificate: Option<&str>,
    now: NaiveDateTime,
) -> AppResult<bool> {
    let n = diesel::update(
        trainees::table
            .find(id)
            .filter(trainees::status.eq(TraineeStatus::Enrolled.as_str())),
    )
    .set((
        trainees::status.eq(status.as_str()),
        trainees::attended_hours.eq(Some(hours)),
        trainees::certificate_code.eq(certificate),
        trainees::decided_at.eq(Some(now)),
        trainees::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// A person's places (by account), newest first.
pub fn mine(conn: &mut DbConn, user_id: &str, paging: Paging) -> AppResult<(Vec<(TraineeRow, CourseRow)>, i64)> {
    let total = trainees::table
        .filter(trainees::user_id.eq(user_id))
        .count()
        .get_result::<i64>(conn)?;
    let rows = trainees::table
        .inner_join(courses::table)
        .filter(trainees::user_id.eq(user_id))
        .order((trainees::created_at.desc(), trainees::id))
        .limit(paging.per_page)
        .offset(paging.offset())
        .select((TraineeRow::as_select(), CourseRow::as_select()))
        .load(conn)?;
    Ok((rows, total))
}

/// A certificate's trainee and course.
pub fn certificate(conn: &mut DbConn, code: &str) -> AppResult<Option<(TraineeRow, CourseRow)>> {
    Ok(trainees::table
        .inner_join(courses::table)
        .filter(trainees::certificate_code.eq(code))
        .filter(trainees::status.eq(TraineeStatus::Completed.as_str()))
        .select((TraineeRow::as_select(), CourseRow::as_select()))
        .first(conn)
        .optional()?)
}

/// Courses completed within `[from, to)`, their trainees and completions.
pub fn year_figures(conn: &mut DbConn, from: NaiveDateTime, to: NaiveDateTime) -> AppResult<YearFigures> {
    let done = || {
        courses::table
            .filter(courses::status.eq(CourseStatus::Completed.as_str()))
            .filter(courses::completed_at.ge(from))
            .filter(courses::completed_at.lt(to))
    };
    let course_count = done().count().get_result::<i64>(conn)?;
    let of_done = || trainees::table.filter(trainees::course_id.eq_any(done().select(courses::id)));
    Ok(YearFigures {
        courses: course_count,
        trainees: of_done().count().get_result(conn)?,
        completions: of_done()
            .filter(trainees::status.eq(TraineeStatus::Completed.as_str()))
            .count()
            .get_result(conn)?,
    })
}
