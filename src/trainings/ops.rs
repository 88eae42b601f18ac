//! The training operations, each one transaction's rules, state checks, audit event and mail.
//! Every operation that changes a course, its sessions, trainees or check-ins first takes
//! `Aggregate::Training`, so status, capacity and "one place per person" are decided alone.

use crate::accounts::rules::normalize_email;
use crate::audit::Event;
use crate::auth::{AuthUser, Role};
use crate::db::{self, new_id, to_utc, Aggregate, DbConn};
use crate::error::{AppError, AppResult, ErrorCode, FieldError};
use crate::fairs::rules::{new_ticket_code, normalize_ticket};
use crate::masking;
use crate::notifications::{mails, Mail};
use crate::operation::Ctx;
use crate::pagination::Paging;
use crate::talents::PersonalDataCipher;
use crate::trainings::models::{
    AttendanceRow, CertificateView, CompletionResult, CourseAction, CourseInput, CourseRow, CourseStatus, CourseView,
    MyTraining, NominationInput, PartnerRow, SessionRow, SessionView, TraineeRow, TraineeSource, TraineeStatus,
    TraineeView, TrainingCheckInResult,
};
use crate::trainings::{queries, rules};
use crate::transitions::Stored;
use crate::validation::text;
use serde_json::json;

/// Who runs training courses.
pub const ORGANISERS: &[Role] = &[Role::Hr, Role::Admin];

/// The course, read under its lock.
fn locked(conn: &mut DbConn, id: &str) -> AppResult<CourseRow> {
    db::lock(conn, Aggregate::Training(id))?;
    queries::course(conn, id)?.ok_or_else(AppError::not_found)
}

fn changed() -> AppError {
    AppError::new(ErrorCode::InvalidTransition, "The course changed meanwhile; reload.")
}

/// The view of a course with its partners, sessions and counts.
pub fn view(conn: &mut DbConn, row: &CourseRow) -> AppResult<CourseView> {
    let sessions = queries::sessions_of(conn, &row.id)?;
    let check_ins = queries::check_ins_by_session(conn, &row.id)?;
    let (trainees, completed) = queries::counts(conn, std::slice::from_ref(&row.id))?
        .remove(&row.id)
        .unwrap_or_default();
    let total_hours: i32 = sessions.iter().map(|s| s.hours).sum();
    Ok(CourseView {
        id: row.id.clone(),
        title: row.title.clone(),
        trade: row.trade.clone(),
        organiser: row.organiser.clone(),
        description: row.description.clone(),
        capacity: row.capacity,
        threshold_percent: row.threshold_percent,
        total_hours,
        required_hours: rules::required_hours(total_hours, row.threshold_percent),
        status: CourseStatus::parse_stored(&row.status)?,
        trainees,
        completed,
        partners: queries::partners_of(conn, &row.id)?,
        sessions: sessions
            .iter()
            .map(|s| SessionView {
                id: s.id.clone(),
                starts_at: to_utc(s.starts_at),
                ends_at: to_utc(s.ends_at),
                venue: s.venue.clone(),
                hours: s.hours,
                checked_in: check_ins.get(&s.id).copied().unwrap_or(0),
            })
            .collect(),
        completed_at: row.completed_at.map(to_utc),
        created_at: to_utc(row.created_at),
        updated_at: to_utc(row.updated_at),
    })
}

/// A course anyone signed in may see: drafts only for the organisers (404 for others).
pub fn visible(conn: &mut DbConn, auth: &AuthUser, id: &str) -> AppResult<CourseRow> {
    queries::course(conn, id)?
        .filter(|c| ORGANISERS.contains(&auth.role) || c.status != CourseStatus::Draft.as_str())
        .ok_or_else(AppError::not_found)
}

/// Shape trainee rows with their hours, sessions and enterprise names.
pub fn trainee_views(conn: &mut DbConn, rows: Vec<TraineeRow>) -> AppResult<Vec<TraineeView>> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let attended = queries::attended(conn, &ids)?;
    let ents: Vec<String> = rows.iter().filter_map(|r| r.enterprise_id.clone()).collect();
    let names = queries::enterprise_names(conn, &ents)?;
    rows.into_iter()
        .map(|r| {
            let (hours, count) = attended.get(&r.id).copied().unwrap_or_default();
            Ok(TraineeView {
                enterprise_name: r.enterprise_id.as_ref().and_then(|e| names.get(e).cloned()),
                attended_hours: r.attended_hours.unwrap_or(hours),
                sessions_attended: count,
                source: TraineeSource::parse_stored(&r.source)?,
                status: TraineeStatus::parse_stored(&r.status)?,
                id: r.id,
                course_id: r.course_id,
                user_id: r.user_id,
                enterprise_id: r.enterprise_id,
                full_name: r.full_name,
                id_number_masked: r.id_number_masked,
                certificate_code: r.certificate_code,
                created_at: to_utc(r.created_at),
            })
        })
        .collect()
}

/// Validate a course input and its partners (which must exist).
fn checked(conn: &mut DbConn, input: &CourseInput) -> AppResult<rules::CourseTexts> {
    let texts = rules::validate(input).map_err(AppError::validation)?;
    let found = queries::existing_enterprises(conn, &input.partner_ids)?;
    let errors: Vec<FieldError> = input
        .partner_ids
        .iter()
        .enumerate()
        .filter(|(_, id)| !found.contains(id))
        .map(|(n, _)| FieldError::new(&format!("partner_ids.{n}"), "invalid_value", "No such enterprise."))
        .collect();
    if !errors.is_empty() {
        return Err(AppError::validation(errors));
    }
    Ok(texts)
}

fn session_rows(course_id: &str, input: &CourseInput, venues: &[String]) -> Vec<SessionRow> {
    input
        .sessions
        .iter()
        .zip(venues)
        .map(|(s, venue)| SessionRow {
            id: new_id(),
            course_id: course_id.into(),
            starts_at: s.starts_at.naive_utc(),
            ends_at: s.ends_at.naive_utc(),
            venue: venue.clone(),
            hours: s.hours,
        })
        .collect()
}

fn partner_rows(course_id: &str, input: &CourseInput) -> Vec<PartnerRow> {
    input
        .partner_ids
        .iter()
        .map(|e| PartnerRow {
            id: new_id(),
            course_id: course_id.into(),
            enterprise_id: e.clone(),
        })
        .collect()
}

fn snapshot(row: &CourseRow, input: &CourseInput) -> serde_json::Value {
    json!({"title": row.title, "trade": row.trade, "organiser": row.organiser, "capacity": row.capacity,
        "threshold_percent": row.threshold_percent, "partner_ids": input.partner_ids, "sessions": input.sessions})
}

/// Create a course as a draft (hr, admin).
pub fn create(conn: &mut DbConn, ctx: &mut Ctx, actor: &AuthUser, input: &CourseInput) -> AppResult<CourseView> {
    let texts = checked(conn, input)?;
    let row = CourseRow {
        id: new_id(),
        title: texts.title,
        trade: texts.trade,
        organiser: texts.organiser,
        description: texts.description,
        capacity: input.capacity,
        threshold_percent: input.threshold_percent,
        status: CourseStatus::Draft.as_str().into(),
        completed_at: None,
        created_by: actor.id.clone(),
        created_at: ctx.now,
        updated_at: ctx.now,
    };
    queries::insert_course(conn, &row)?;
    queries::replace_sessions(conn, &row.id, &session_rows(&row.id, input, &texts.venues))?;
    queries::replace_partners(conn, &row.id, &partner_rows(&row.id, input))?;
    ctx.record(
        conn,
        Event {
            action: "training.created",
            entity: "training_course",
            entity_id: Some(&row.id),
            before: None,
            after: Some(snapshot(&row, input)),
        },
    )?;
    view(conn, &row)
}

/// Whether the stored sessions are the ones given (same times, venues and hours, in order).
fn same_sessions(stored: &[SessionRow], input: &CourseInput, venues: &[String]) -> bool {
    stored.len() == input.sessions.len()
        && stored.iter().zip(input.sessions.iter().zip(venues)).all(|(s, (i, v))| {
            s.starts_at == i.starts_at.naive_utc()
                && s.ends_at == i.ends_at.naive_utc()
                && &s.venue == v
                && s.hours == i.hours
        })
}

/// Change a draft or published course (hr, admin). The capacity may not drop below the trainees
/// taken, and once anyone is checked in the sessions stay as they are.
pub fn edit(conn: &mut DbConn, ctx: &mut Ctx, id: &str, input: &CourseInput) -> AppResult<CourseView> {
    let texts = checked(conn, input)?;
    let old = locked(conn, id)?;
    let status = CourseStatus::parse_stored(&old.status)?;
    rules::COURSE.apply(status, CourseAction::Edit)?;
    let taken = queries::trainee_count(conn, id)?;
    if i64::from(input.capacity) < taken {
        return Err(AppError::validation(vec![FieldError::new(
            "capacity",
            "below_taken",
            format!("{taken} trainees hold a place; the capacity cannot be lower."),
        )]));
    }
    let stored = queries::sessions_of(conn, id)?;
    if !same_sessions(&stored, input, &texts.venues) {
        if !queries::check_ins_by_session(conn, id)?.is_empty() {
            return Err(AppError::new(
                ErrorCode::InvalidTransition,
                "Trainees are checked in already; the sessions can no longer change.",
            ));
        }
        queries::replace_sessions(conn, id, &session_rows(id, input, &texts.venues))?;
    }
    queries::replace_partners(conn, id, &partner_rows(id, input))?;
    let row = CourseRow {
        title: texts.title,
        trade: texts.trade,
        organiser: texts.organiser,
        description: texts.description,
        capacity: input.capacity,
        threshold_percent: input.threshold_percent,
        updated_at: ctx.now,
        ..old.clone()
    };
    if !queries::update_course(conn, &row, status)? {
        return Err(changed());
    }
    ctx.record(
        conn,
        Event {
            action: "training.updated",
            entity: "training_course",
            entity_id: Some(id),
            before: Some(json!({"title": old.title, "trade": old.trade, "capacity": old.capacity, "threshold_percent": old.threshold_percent})),
            after: Some(snapshot(&row, input)),
        },
    )?;
    view(conn, &row)
}

/// Publish, close or cancel a course (hr, admin).
pub fn advance(conn: &mut DbConn, ctx: &mut Ctx, id: &str, action: CourseAction) -> AppResult<CourseView> {
    let course = locked(conn, id)?;
    let from = CourseStatus::parse_stored(&course.status)?;
    let to = rules::COURSE.apply(from, action)?;
    if !matches!(
        action,
        CourseAction::Publish | CourseAction::Close | CourseAction::Cancel
    ) {
        return Err(AppError::internal("advance takes publish, close or cancel"));
    }
    if !queries::set_status(conn, id, from, to, ctx.now)? {
        return Err(changed());
    }
    ctx.record(
        conn,
        Event {
            action: &format!("training.{}", to.as_str()),
            entity: "training_course",
            entity_id: Some(id),
            before: Some(json!({"status": from.as_str()})),
            after: Some(json!({"status": to.as_str()})),
        },
    )?;
    let course = queries::course(conn, id)?.ok_or_else(AppError::not_found)?;
    view(conn, &course)
}

/// Who is taking a place: the person's name, ID hash and masked ID, account and mail address.
struct Person {
    full_name: String,
    hash: String,
    masked: String,
    user_id: Option<String>,
    email: Option<String>,
    locale: String,
}

/// Take a place for `person` in a published course within the capacity, once per person, and
/// mail the confirmation with the ticket.
fn enrol(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    actor: &AuthUser,
    course_id: &str,
    person: Person,
    source: TraineeSource,
    enterprise_id: Option<String>,
) -> AppResult<TraineeView> {
    let course = locked(conn, course_id)?;
    let status = CourseStatus::parse_stored(&course.status)?;
    if rules::COURSE.next(status, CourseAction::Enrol).is_none() {
        return Err(AppError::new(
            ErrorCode::SignupClosed,
            format!("This course is {}; it takes no trainees now.", course.status),
        ));
    }
    if queries::person_taken(conn, course_id, &person.hash)? {
        return Err(AppError::new(
            ErrorCode::AlreadyRegistered,
            "This person already has a place in this course.",
        ));
    }
    if queries::trainee_count(conn, course_id)? >= i64::from(course.capacity) {
        return Err(AppError::new(ErrorCode::CapacityFull, "The course is full."));
    }
    let row = TraineeRow {
        id: new_id(),
        course_id: course_id.into(),
        user_id: person.user_id,
        enterprise_id,
        full_name: person.full_name,
        id_number_hash: person.hash,
        id_number_masked: person.masked,
        email: person.email,
        locale: person.locale,
        source: source.as_str().into(),
        ticket_code: new_ticket_code(),
        status: TraineeStatus::Enrolled.as_str().into(),
        attended_hours: None,
        certificate_code: None,
        decided_at: None,
        added_by: actor.id.clone(),
        created_at: ctx.now,
        updated_at: ctx.now,
    };
    queries::insert_trainee(conn, &row)?;
    // Named by the person's account where there is one, so it shows on their timeline.
    ctx.record(
        conn,
        Event {
            action: &format!("training.{}", source.as_str()),
            entity: "training_trainee",
            entity_id: Some(row.user_id.as_deref().unwrap_or(&row.id)),
            before: None,
            after: Some(
                json!({"course_id": course_id, "trainee_id": row.id, "enterprise_id": row.enterprise_id,
                "id_number": row.id_number_masked}),
            ),
        },
    )?;
    tell(conn, ctx, &course, &row, "enrolled")?;
    let mut views = trainee_views(conn, vec![row])?;
    views.pop().ok_or_else(|| AppError::internal("trainee view"))
}

/// Queue a trainee's mail (`enrolled` with the ticket, `certificate` with the code), when the
/// trainee has an address.
fn tell(conn: &mut DbConn, ctx: &mut Ctx, course: &CourseRow, t: &TraineeRow, step: &str) -> AppResult<()> {
    let Some(email) = t.email.clone() else {
        return Ok(());
    };
    let first = queries::sessions_of(conn, &course.id)?.into_iter().next();
    let certificate = t.certificate_code.clone();
    let link = match &certificate {
        Some(code) => ctx.link(&format!("/training-certificates/{code}")),
        None => ctx.link("/my/trainings"),
    };
    let params = mails::TrainingUpdate {
        name: t.full_name.clone(),
        step: step.into(),
        title: course.title.clone(),
        trade: course.trade.clone(),
        organiser: course.organiser.clone(),
        first_session: first.as_ref().map(|s| crate::time::local_minute(s.starts_at)),
        venue: first.map(|s| s.venue),
        ticket: t.ticket_code.clone(),
        hours: t.attended_hours,
        certificate_code: certificate,
        link,
    };
    let key = format!("training_update:{}:{step}", t.id);
    ctx.mail(conn, &Mail::new(email, t.locale.clone(), &params, key))?;
    Ok(())
}

/// The applicant signs up for a published course with the name and ID of their profile.
pub fn sign_up(conn: &mut DbConn, ctx: &mut Ctx, me: &AuthUser, course_id: &str) -> AppResult<TraineeView> {
    let course = queries::course(conn, course_id)?
        .filter(|c| c.status != CourseStatus::Draft.as_str())
        .ok_or_else(AppError::not_found)?;
    let Some(profile) = crate::talents::queries::find(conn, &me.id)? else {
        return Err(AppError::new(
            ErrorCode::ProfileIncomplete,
            "Fill in your name and ID number in your profile first.",
        ));
    };
    let person = Person {
        full_name: profile.row.full_name.clone(),
        hash: profile.row.id_number_hash.clone(),
        masked: profile.row.id_number_masked.clone(),
        user_id: Some(me.id.clone()),
        email: Some(me.email.clone()),
        locale: me.locale.clone(),
    };
    enrol(conn, ctx, me, &course.id, person, TraineeSource::SignedUp, None)
}

/// A partner enterprise's contact nominates a staff member: an applicant account with a profile
/// (by e-mail), or a person by name and resident ID (validated like roster rows; only the keyed
/// hash and masked form of the ID are kept).
pub fn nominate(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    cipher: &PersonalDataCipher,
    me: &AuthUser,
    course_id: &str,
    input: &NominationInput,
) -> AppResult<TraineeView> {
    queries::course(conn, course_id)?
        .filter(|c| c.status != CourseStatus::Draft.as_str())
        .ok_or_else(AppError::not_found)?;
    if !queries::partner_kept_by(conn, course_id, &input.enterprise_id, &me.id)? {
        return Err(AppError::new(
            ErrorCode::Forbidden,
            "Only a partner enterprise of this course nominates its staff.",
        ));
    }
    let person = match (&input.account_email, &input.full_name, &input.id_number) {
        (Some(email), None, None) if input.email.is_none() => by_account(conn, email)?,
        (None, Some(name), Some(id)) => by_identity(conn, ctx, cipher, name, id, input.email.as_deref())?,
        _ => {
            return Err(AppError::validation(vec![FieldError::new(
                "account_email",
                "required",
                "Give either the account's e-mail, or the name and ID number (with an optional e-mail).",
            )]))
        }
    };
    enrol(
        conn,
        ctx,
        me,
        course_id,
        person,
        TraineeSource::Nominated,
        Some(input.enterprise_id.clone()),
    )
}

fn by_account(conn: &mut DbConn, raw: &str) -> AppResult<Person> {
    let email = normalize_email("account_email", raw).map_err(|e| AppError::validation(vec![e]))?;
    let not_found = || {
        AppError::validation(vec![FieldError::new(
            "account_email",
            "invalid_value",
            "No applicant account with a profile has this e-mail.",
        )])
    };
    let user = crate::accounts::queries::find_by_email(conn, &email)?
        .filter(|u| u.role == Role::Applicant.as_str() && u.status == "active")
        .ok_or_else(not_found)?;
    let profile = crate::talents::queries::find(conn, &user.id)?.ok_or_else(not_found)?;
    Ok(Person {
        full_name: profile.row.full_name.clone(),
        hash: profile.row.id_number_hash.clone(),
        masked: profile.row.id_number_masked.clone(),
        user_id: Some(user.id),
        email: Some(user.email),
        locale: user.locale,
    })
}

fn by_identity(
    conn: &mut DbConn,
    ctx: &Ctx,
    cipher: &PersonalDataCipher,
    name: &str,
    id_number: &str,
    email: Option<&str>,
) -> AppResult<Person> {
    let mut errors = Vec::new();
    let name = text("full_name", name, 50).map_err(|e| errors.push(e)).ok();
    let id = crate::talents::rules::check_id_number("id_number", id_number, crate::time::local_date(ctx.now))
        .map_err(|e| errors.push(e))
        .ok();
    let email = match email.map(str::trim).filter(|e| !e.is_empty()) {
        Some(e) => normalize_email("email", e).map_err(|e| errors.push(e)).ok(),
        None => None,
    };
    let (Some(name), Some(id), true) = (name, id, errors.is_empty()) else {
        return Err(AppError::validation(errors));
    };
    let hash = cipher.keyed_hash(crate::talents::ops::ID_FIELD, &id.normalized);
    Ok(Person {
        full_name: name,
        user_id: crate::village_plan::queries::user_of_person(conn, &hash)?,
        hash,
        masked: masking::id_number(&id.normalized),
        email,
        locale: "zh-CN".into(),
    })
}

/// Check a trainee's ticket in at a session (hr, admin). A second scan changes nothing and says so.
pub fn check_in(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    actor: &AuthUser,
    course_id: &str,
    session_id: &str,
    raw_code: &str,
) -> AppResult<TrainingCheckInResult> {
    let code = normalize_ticket(raw_code);
    let course = locked(conn, course_id)?;
    let session = queries::session(conn, session_id)?
        .filter(|s| s.course_id == course.id)
        .ok_or_else(AppError::not_found)?;
    let status = CourseStatus::parse_stored(&course.status)?;
    if rules::COURSE.next(status, CourseAction::CheckIn).is_none() {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            format!("Check-in is not possible at a {} course.", course.status),
        ));
    }
    let trainee = queries::by_ticket(conn, &code)?
        .ok_or_else(|| AppError::new(ErrorCode::NotFound, "No ticket has this code; check the spelling."))?;
    if trainee.course_id != course.id {
        return Err(AppError::new(
            ErrorCode::TicketOtherFair,
            "This ticket is for a different course.",
        ));
    }
    let (first_scan, at) = match queries::attendance(conn, &session.id, &trainee.id)? {
        Some(a) => (false, a.checked_in_at),
        None => {
            let row = AttendanceRow {
                id: new_id(),
                session_id: session.id.clone(),
                trainee_id: trainee.id.clone(),
                checked_in_at: ctx.now,
                checked_in_by: actor.id.clone(),
            };
            queries::insert_attendance(conn, &row)?;
            ctx.record(
                conn,
                Event {
                    action: "training.checked_in",
                    entity: "training_course",
                    entity_id: Some(&course.id),
                    before: None,
                    after: Some(json!({"session_id": session.id, "trainee_id": trainee.id})),
                },
            )?;
            (true, ctx.now)
        }
    };
    let when = crate::time::local_minute(at);
    let mut views = trainee_views(conn, vec![trainee])?;
    Ok(TrainingCheckInResult {
        first_scan,
        message: if first_scan {
            format!("Checked in at {when}.")
        } else {
            format!("Already checked in at {when}.")
        },
        checked_in_at: to_utc(at),
        trainee: views.pop().ok_or_else(|| AppError::internal("trainee view"))?,
    })
}

/// Complete a course (hr, admin): every trainee is decided on the hours checked in against the
/// threshold; those who reach it get a certificate with a verification code, and all are mailed.
pub fn complete(conn: &mut DbConn, ctx: &mut Ctx, id: &str) -> AppResult<CompletionResult> {
    let course = locked(conn, id)?;
    let from = CourseStatus::parse_stored(&course.status)?;
    let to = rules::COURSE.apply(from, CourseAction::Complete)?;
    let total: i32 = queries::sessions_of(conn, id)?.iter().map(|s| s.hours).sum();
    let trainees = queries::all_trainees(conn, id)?;
    let ids: Vec<String> = trainees.iter().map(|t| t.id.clone()).collect();
    let attended = queries::attended(conn, &ids)?;
    let (mut completed, mut not_completed) = (0, 0);
    for t in trainees {
        let hours = attended.get(&t.id).map(|a| a.0).unwrap_or(0);
        let passed = rules::completes(hours, total, course.threshold_percent);
        let (status, code) = if passed {
            (TraineeStatus::Completed, Some(rules::new_certificate_code()))
        } else {
            (TraineeStatus::NotCompleted, None)
        };
        if !queries::decide(conn, &t.id, status, hours, code.as_deref(), ctx.now)? {
            return Err(changed());
        }
        if passed {
            completed += 1;
        } else {
            not_completed += 1;
        }
        ctx.record(
            conn,
            Event {
                action: if passed {
                    "training.certificate_issued"
                } else {
                    "training.not_completed"
                },
                entity: "training_trainee",
                entity_id: Some(t.user_id.as_deref().unwrap_or(&t.id)),
                before: Some(json!({"status": t.status})),
                after: Some(json!({"course_id": id, "trainee_id": t.id, "status": status.as_str(),
                    "attended_hours": hours, "total_hours": total, "certificate_code": code})),
            },
        )?;
        if passed {
            let decided = TraineeRow {
                status: status.as_str().into(),
                attended_hours: Some(hours),
                certificate_code: code,
                ..t
            };
            tell(conn, ctx, &course, &decided, "certificate")?;
        }
    }
    if !queries::set_status(conn, id, from, to, ctx.now)? {
        return Err(changed());
    }
    ctx.record(
        conn,
        Event {
            action: "training.completed",
            entity: "training_course",
            entity_id: Some(id),
            before: Some(json!({"status": from.as_str()})),
            after: Some(json!({"status": to.as_str(), "completed": completed, "not_completed": not_completed})),
        },
    )?;
    let course = queries::course(conn, id)?.ok_or_else(AppError::not_found)?;
    Ok(CompletionResult {
        completed,
        not_completed,
        course: view(conn, &course)?,
    })
}

/// My places (applicant), with tickets and certificates.
pub fn mine(conn: &mut DbConn, user_id: &str, paging: Paging) -> AppResult<(Vec<MyTraining>, i64)> {
    let (rows, total) = queries::mine(conn, user_id, paging)?;
    let ids: Vec<String> = rows.iter().map(|(t, _)| t.id.clone()).collect();
    let attended = queries::attended(conn, &ids)?;
    let mut out = Vec::with_capacity(rows.len());
    for (t, c) in rows {
        out.push(MyTraining {
            attended_hours: t
                .attended_hours
                .unwrap_or_else(|| attended.get(&t.id).map(|a| a.0).unwrap_or(0)),
            course: view(conn, &c)?,
            source: TraineeSource::parse_stored(&t.source)?,
            status: TraineeStatus::parse_stored(&t.status)?,
            trainee_id: t.id,
            ticket_code: t.ticket_code,
            certificate_code: t.certificate_code,
        });
    }
    Ok((out, total))
}

/// A certificate as anyone may check it; 404 for an unknown code.
pub fn certificate(conn: &mut DbConn, raw_code: &str) -> AppResult<CertificateView> {
    let code = rules::normalize_certificate_code(raw_code);
    let (t, c) = queries::certificate(conn, &code)?.ok_or_else(AppError::not_found)?;
    let total_hours = queries::sessions_of(conn, &c.id)?.iter().map(|s| s.hours).sum();
    Ok(CertificateView {
        code,
        holder: masking::notice_name(&t.full_name),
        course_title: c.title,
        trade: c.trade,
        organiser: c.organiser,
        hours: t.attended_hours.unwrap_or(0),
        total_hours,
        issued_on: crate::time::local_date(t.decided_at.unwrap_or(t.updated_at)),
    })
}
