//! The recruitment operations: each function is one transaction's rules, state checks, history,
//! audit event and mail. Handlers call them through `AppState::operate_as`.

use crate::attachments::queries as attachment_queries;
use crate::audit::Event;
use crate::auth::{AuthUser, Role};
use crate::db::{lock, new_id, Aggregate, DbConn};
use crate::error::{AppError, AppResult, ErrorCode, FieldError};
use crate::operation::Ctx;
use crate::recruitments::models::{
    ApplicationFileRow, ApplicationRow, EventRow, PostInput, PostRow, PostStatus, PrecheckView, RecruitmentAction,
    RecruitmentApplicationAction as A, RecruitmentApplicationStatus as S, RecruitmentCheckIn, RecruitmentInput,
    RecruitmentRow, RecruitmentSignupInput, RecruitmentStatus, SignupFile, TicketsIssued, WrittenImportOutcome,
    WrittenResult, WrittenScoreInput, WrittenScoreView,
};
use crate::recruitments::notify::{self, Step};
use crate::recruitments::queries::{self, Changes};
use crate::recruitments::{rules, scores, views};
use crate::subsidies::eligibility::{self, Criterion, CriterionResult};
use crate::talents::PersonalDataCipher;
use crate::transitions::Stored;
use serde_json::json;

/// Who runs recruitments.
pub const HR: &[Role] = &[Role::Hr];
/// Who reads every recruitment, draft or not, and the review queues.
pub const STAFF: &[Role] = &[Role::Hr, Role::Admin];

/// True for hr and admin.
pub fn is_staff(auth: Option<&AuthUser>) -> bool {
    auth.is_some_and(|a| STAFF.contains(&a.role))
}

fn invalid(errors: Vec<FieldError>) -> AppError {
    AppError::validation(errors)
}

fn status_of(r: &RecruitmentRow) -> AppResult<RecruitmentStatus> {
    RecruitmentStatus::parse_stored(&r.status)
}

/// A recruitment the caller may see: drafts only for staff (404 for everyone else).
pub fn visible(conn: &mut DbConn, auth: Option<&AuthUser>, id: &str) -> AppResult<RecruitmentRow> {
    queries::recruitment(conn, id)?
        .filter(|r| is_staff(auth) || r.status != RecruitmentStatus::Draft.as_str())
        .ok_or_else(AppError::not_found)
}

fn audit_recruitment(conn: &mut DbConn, ctx: &Ctx, action: &str, row: &RecruitmentRow) -> AppResult<()> {
    ctx.record(
        conn,
        Event {
            action,
            entity: "recruitment",
            entity_id: Some(&row.id),
            before: None,
            after: Some(json!({"title": row.title, "status": row.status, "document_no": row.document_no})),
        },
    )
}

fn recruitment_row(v: rules::ValidRecruitment, id: String, created_by: String, ctx: &Ctx) -> RecruitmentRow {
    RecruitmentRow {
        id,
        title: v.title,
        announcement: v.announcement,
        document_no: v.document_no,
        year: v.year,
        signup_opens_at: v.signup_opens_at,
        signup_closes_at: v.signup_closes_at,
        review_ends_at: v.review_ends_at,
        exam_at: v.exam_at,
        exam_venue: v.exam_venue,
        interview_ratio: v.interview_ratio,
        written_weight: v.written_weight,
        interview_weight: v.interview_weight,
        status: RecruitmentStatus::Draft.as_str().into(),
        tickets_issued_at: None,
        written_published_at: None,
        shortlist_published_at: None,
        interview_published_at: None,
        created_by,
        published_at: None,
        cancel_reason: None,
        created_at: ctx.now,
        updated_at: ctx.now,
    }
}

/// Create a draft recruitment (hr).
pub fn create_recruitment(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    hr: &AuthUser,
    input: &RecruitmentInput,
) -> AppResult<RecruitmentRow> {
    let valid = rules::validate_recruitment(input).map_err(invalid)?;
    let row = recruitment_row(valid, new_id(), hr.id.clone(), ctx);
    queries::insert_recruitment(conn, &row)?;
    audit_recruitment(conn, ctx, "recruitment.created", &row)?;
    Ok(row)
}

/// Rewrite a draft recruitment (hr); a published one is fixed (its announcement is public).
pub fn update_recruitment(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    id: &str,
    input: &RecruitmentInput,
) -> AppResult<RecruitmentRow> {
    lock(conn, Aggregate::Recruitment(id))?;
    let old = queries::recruitment_or_404(conn, id)?;
    if status_of(&old)? != RecruitmentStatus::Draft {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            "Only a draft recruitment can be changed.",
        ));
    }
    let valid = rules::validate_recruitment(input).map_err(invalid)?;
    let mut row = recruitment_row(valid, old.id.clone(), old.created_by.clone(), ctx);
    row.created_at = old.created_at;
    queries::update_recruitment(conn, &row)?;
    audit_recruitment(conn, ctx, "recruitment.updated", &row)?;
    Ok(row)
}

/// Move a recruitment (hr): publish (with at least one post), close sign-up, the later steps, or
/// cancel with a reason (every live sign-up is told).
pub fn move_recruitment(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    id: &str,
    action: RecruitmentAction,
    reason: Option<&str>,
) -> AppResult<RecruitmentRow> {
    lock(conn, Aggregate::Recruitment(id))?;
    let row = queries::recruitment_or_404(conn, id)?;
    let from = status_of(&row)?;
    let to = rules::RECRUITMENT.apply(from, action)?;
    let reason = match (action, reason) {
        (RecruitmentAction::Cancel, Some(r)) => Some(rules::reason("reason", r).map_err(|e| invalid(vec![e]))?),
        (RecruitmentAction::Cancel, None) => {
            return Err(invalid(vec![FieldError::new(
                "reason",
                "required",
                "Say why the recruitment is cancelled.",
            )]))
        }
        _ => None,
    };
    if action == RecruitmentAction::Publish && queries::posts(conn, id)?.is_empty() {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            "Add at least one post before publishing.",
        ));
    }
    queries::move_recruitment(conn, id, from, to, reason.as_deref(), ctx.now)?;
    let after = queries::recruitment_or_404(conn, id)?;
    ctx.record(
        conn,
        Event {
            action: &format!("recruitment.{}", action.as_str()),
            entity: "recruitment",
            entity_id: Some(id),
            before: Some(json!({"status": row.status})),
            after: Some(json!({"status": after.status, "reason": reason})),
        },
    )?;
    if action == RecruitmentAction::Cancel {
        for app in queries::of_recruitment(conn, id, &rules::LIVE)? {
            let post = queries::post_or_404(conn, &app.post_id)?;
            notify::tell(conn, ctx, &app, &after, &post, Step::Cancelled, reason.as_deref())?;
        }
    }
    Ok(after)
}

/// Resolve and validate a post's fields; the institution comes from a public-institution
/// enterprise record when one is named.
fn post_fields(conn: &mut DbConn, input: &PostInput) -> AppResult<(rules::ValidPost, String)> {
    let valid = rules::validate_post(input).map_err(invalid)?;
    let name = match &input.enterprise_id {
        Some(eid) => {
            let e = crate::enterprises::queries::find(conn, eid)?
                .filter(|e| e.kind == crate::enterprises::models::EnterpriseKind::PublicInstitution.as_str())
                .ok_or_else(|| {
                    invalid(vec![FieldError::new(
                        "enterprise_id",
                        "not_found",
                        "No public institution has this id.",
                    )])
                })?;
            valid.institution_name.clone().unwrap_or(e.name)
        }
        None => valid.institution_name.clone().unwrap_or_default(),
    };
    Ok((valid, name))
}

fn draft_of(conn: &mut DbConn, recruitment_id: &str) -> AppResult<RecruitmentRow> {
    let r = queries::recruitment_or_404(conn, recruitment_id)?;
    if status_of(&r)? != RecruitmentStatus::Draft {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            "Posts are written while the recruitment is a draft; cut a post or reduce its headcount instead.",
        ));
    }
    Ok(r)
}

fn audit_post(
    conn: &mut DbConn,
    ctx: &Ctx,
    action: &str,
    row: &PostRow,
    before: Option<serde_json::Value>,
) -> AppResult<()> {
    ctx.record(
        conn,
        Event {
            action,
            entity: "recruitment_post",
            entity_id: Some(&row.id),
            before,
            after: Some(json!({"recruitment_id": row.recruitment_id, "post_code": row.post_code,
                "headcount": row.headcount, "status": row.status})),
        },
    )
}

fn to_json<T: serde::Serialize>(v: &T) -> AppResult<String> {
    serde_json::to_string(v).map_err(AppError::internal)
}

/// Add a post to a draft recruitment (hr).
pub fn create_post(conn: &mut DbConn, ctx: &mut Ctx, recruitment_id: &str, input: &PostInput) -> AppResult<PostRow> {
    lock(conn, Aggregate::Recruitment(recruitment_id))?;
    draft_of(conn, recruitment_id)?;
    let (v, institution) = post_fields(conn, input)?;
    if queries::code_taken(conn, recruitment_id, &v.post_code, "")? {
        return Err(invalid(vec![FieldError::new(
            "post_code",
            "taken",
            "Another post of this recruitment has this code.",
        )]));
    }
    let row = PostRow {
        id: new_id(),
        recruitment_id: recruitment_id.into(),
        enterprise_id: input.enterprise_id.clone(),
        institution_name: institution,
        post_code: v.post_code,
        title: v.title,
        headcount: v.headcount,
        eligibility: to_json(&v.eligibility)?,
        major_keywords: to_json(&v.major_keywords)?,
        notes: v.notes,
        min_written_x100: v.min_written_x100,
        status: PostStatus::Open.as_str().into(),
        cut_reason: None,
        created_at: ctx.now,
        updated_at: ctx.now,
    };
    queries::insert_post(conn, &row)?;
    audit_post(conn, ctx, "recruitment_post.created", &row, None)?;
    Ok(row)
}

/// Rewrite a post of a draft recruitment (hr).
pub fn update_post(conn: &mut DbConn, ctx: &mut Ctx, post_id: &str, input: &PostInput) -> AppResult<PostRow> {
    let old = queries::post_or_404(conn, post_id)?;
    lock(conn, Aggregate::Recruitment(&old.recruitment_id))?;
    let old = queries::post_or_404(conn, post_id)?;
    draft_of(conn, &old.recruitment_id)?;
    let (v, institution) = post_fields(conn, input)?;
    if queries::code_taken(conn, &old.recruitment_id, &v.post_code, &old.id)? {
        return Err(invalid(vec![FieldError::new(
            "post_code",
            "taken",
            "Another post of this recruitment has this code.",
        )]));
    }
    let row = PostRow {
        enterprise_id: input.enterprise_id.clone(),
        institution_name: institution,
        post_code: v.post_code,
        title: v.title,
        headcount: v.headcount,
        eligibility: to_json(&v.eligibility)?,
        major_keywords: to_json(&v.major_keywords)?,
        notes: v.notes,
        min_written_x100: v.min_written_x100,
        updated_at: ctx.now,
        ..old.clone()
    };
    queries::update_post(conn, &row)?;
    audit_post(
        conn,
        ctx,
        "recruitment_post.updated",
        &row,
        Some(json!({"post_code": old.post_code, "headcount": old.headcount})),
    )?;
    Ok(row)
}

/// Remove a post of a draft recruitment (hr).
pub fn delete_post(conn: &mut DbConn, ctx: &mut Ctx, post_id: &str) -> AppResult<()> {
    let old = queries::post_or_404(conn, post_id)?;
    lock(conn, Aggregate::Recruitment(&old.recruitment_id))?;
    let old = queries::post_or_404(conn, post_id)?;
    draft_of(conn, &old.recruitment_id)?;
    queries::delete_post(conn, post_id)?;
    ctx.record(
        conn,
        Event {
            action: "recruitment_post.deleted",
            entity: "recruitment_post",
            entity_id: Some(post_id),
            before: Some(json!({"recruitment_id": old.recruitment_id, "post_code": old.post_code})),
            after: None,
        },
    )
}

/// A post whose review may still change: the recruitment is published or sign-up closed, no
/// tickets yet, and the post is open.
fn adjustable(conn: &mut DbConn, post_id: &str) -> AppResult<(RecruitmentRow, PostRow)> {
    let post = queries::post_or_404(conn, post_id)?;
    lock(conn, Aggregate::Recruitment(&post.recruitment_id))?;
    let post = queries::post_or_404(conn, post_id)?;
    let r = queries::recruitment_or_404(conn, &post.recruitment_id)?;
    if !rules::hr_review_open(status_of(&r)?, r.tickets_issued_at.is_some()) {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            "Posts can be cut or reduced only during sign-up and review, before tickets are issued.",
        ));
    }
    if post.status != PostStatus::Open.as_str() {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            "This post was already cut.",
        ));
    }
    Ok((r, post))
}

/// Cut a post (hr): its live sign-ups end as `post_cut` (the people may sign up for another post
/// while sign-up is open), each told by mail.
pub fn cut_post(conn: &mut DbConn, ctx: &mut Ctx, hr: &AuthUser, post_id: &str, reason: &str) -> AppResult<PostRow> {
    let (r, post) = adjustable(conn, post_id)?;
    let reason = rules::reason("reason", reason).map_err(|e| invalid(vec![e]))?;
    queries::cut_post(conn, post_id, &reason, ctx.now)?;
    for app in queries::of_post(conn, post_id, &rules::LIVE)? {
        let from = S::parse_stored(&app.status)?;
        let to = rules::APPLICATION.apply(from, A::CutPost)?;
        queries::move_application(
            conn,
            &app.id,
            from,
            to,
            Changes {
                reason: Some(Some(reason.clone())),
                decided_by: Some(hr.id.clone()),
                ..Changes::default()
            },
            ctx.now,
        )?;
        log(conn, ctx, Some(hr), &app, A::CutPost, to, Some(&reason))?;
        notify::tell(conn, ctx, &app, &r, &post, Step::PostCut, Some(&reason))?;
    }
    let after = queries::post_or_404(conn, post_id)?;
    audit_post(
        conn,
        ctx,
        "recruitment_post.cut",
        &after,
        Some(json!({"status": post.status, "reason": reason})),
    )?;
    Ok(after)
}

/// Lower a post's headcount (hr); its live sign-ups are told by mail.
pub fn reduce_headcount(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    hr: &AuthUser,
    post_id: &str,
    headcount: i32,
    reason: &str,
) -> AppResult<PostRow> {
    let (r, post) = adjustable(conn, post_id)?;
    let mut errors = Vec::new();
    if headcount < 1 || headcount >= post.headcount {
        errors.push(FieldError::new(
            "headcount",
            "out_of_range",
            format!("At least 1 and below the current {}.", post.headcount),
        ));
    }
    let reason = rules::reason("reason", reason).map_err(|e| errors.push(e)).ok();
    let (Some(reason), true) = (reason, errors.is_empty()) else {
        return Err(invalid(errors));
    };
    queries::set_headcount(conn, post_id, headcount, ctx.now)?;
    for app in queries::of_post(conn, post_id, &rules::LIVE)? {
        let status = S::parse_stored(&app.status)?;
        log(conn, ctx, Some(hr), &app, A::ReduceHeadcount, status, Some(&reason))?;
        notify::tell(conn, ctx, &app, &r, &post, Step::HeadcountReduced, Some(&reason))?;
    }
    let after = queries::post_or_404(conn, post_id)?;
    audit_post(
        conn,
        ctx,
        "recruitment_post.headcount_reduced",
        &after,
        Some(json!({"headcount": post.headcount, "reason": reason})),
    )?;
    Ok(after)
}

/// The machine's check of a post's requirements for a person on `today`, or `None` without a
/// complete profile. Returns the profile snapshot worth keeping with a sign-up too.
pub fn check(
    conn: &mut DbConn,
    cipher: &PersonalDataCipher,
    post: &PostRow,
    user_id: &str,
    today: chrono::NaiveDate,
) -> AppResult<Option<(serde_json::Value, Vec<CriterionResult>)>> {
    let criteria: Vec<Criterion> = serde_json::from_str(&post.eligibility).map_err(AppError::internal)?;
    let keywords: Vec<String> = serde_json::from_str(&post.major_keywords).map_err(AppError::internal)?;
    let Some((profile, facts)) = crate::subsidies::ops::facts(conn, cipher, user_id)? else {
        return Ok(None);
    };
    let mut results = eligibility::evaluate(&criteria, &facts, today);
    let majors: Vec<String> = profile.education.iter().filter_map(|e| e.major.clone()).collect();
    results.extend(rules::check_majors(&keywords, &majors));
    let snapshot = json!({
        "full_name": profile.row.full_name,
        "id_number_masked": profile.row.id_number_masked,
        "education": profile.education.iter().map(|e| json!({"level": e.level, "school": e.school,
            "major": e.major, "graduation_year": e.graduation_year})).collect::<Vec<_>>(),
        "facts": facts,
    });
    Ok(Some((snapshot, results)))
}

/// The pre-check a person sees before signing up.
pub fn precheck(
    conn: &mut DbConn,
    cipher: &PersonalDataCipher,
    post: &PostRow,
    user_id: &str,
    today: chrono::NaiveDate,
) -> AppResult<PrecheckView> {
    Ok(match check(conn, cipher, post, user_id, today)? {
        Some((_, criteria)) => PrecheckView {
            eligible: eligibility::all_met(&criteria),
            profile_complete: true,
            criteria,
            notes: post.notes.clone(),
        },
        None => PrecheckView {
            eligible: false,
            profile_complete: false,
            criteria: Vec::new(),
            notes: post.notes.clone(),
        },
    })
}

/// Check the requirements as part of a sign-up: 409 `profile_incomplete`, or 409 `not_eligible`
/// listing each unmet requirement.
fn required_met(
    conn: &mut DbConn,
    cipher: &PersonalDataCipher,
    post: &PostRow,
    user_id: &str,
    ctx: &Ctx,
) -> AppResult<(serde_json::Value, Vec<CriterionResult>)> {
    let today = crate::time::local_date(ctx.now);
    let Some((snapshot, results)) = check(conn, cipher, post, user_id, today)? else {
        return Err(AppError::new(
            ErrorCode::ProfileIncomplete,
            "Fill in your name, ID number, phone and education first.",
        ));
    };
    if !eligibility::all_met(&results) {
        let mut e = AppError::new(
            ErrorCode::NotEligible,
            "You do not meet every requirement of this post.",
        );
        e.errors = results
            .iter()
            .filter(|r| !r.met)
            .map(|r| {
                FieldError::new(
                    &format!("requirements.{}", r.criterion),
                    "not_met",
                    r.message_en.clone(),
                )
            })
            .collect();
        return Err(e);
    }
    Ok((snapshot, results))
}

/// Check the files named by the applicant: their own, each required kind present.
fn files_for(conn: &mut DbConn, owner: &str, app_id: &str, named: &[SignupFile]) -> AppResult<Vec<ApplicationFileRow>> {
    let mut errors = Vec::new();
    let mut files: Vec<ApplicationFileRow> = Vec::new();
    if named.len() > 20 {
        return Err(invalid(vec![FieldError::new("files", "too_many", "At most 20 files.")]));
    }
    for (i, f) in named.iter().enumerate() {
        match attachment_queries::find(conn, &f.attachment_id)?.filter(|a| a.owner_id == owner) {
            Some(a) if !files.iter().any(|have| have.attachment_id == a.id) => files.push(ApplicationFileRow {
                application_id: app_id.into(),
                attachment_id: a.id,
                kind: f.kind.as_str().into(),
                file_name: a.file_name,
                sha256: a.sha256,
            }),
            Some(_) => {}
            None => errors.push(FieldError::new(
                &format!("files.{i}.attachment_id"),
                "not_found",
                "No such attachment of yours.",
            )),
        }
    }
    for kind in rules::REQUIRED_FILES {
        if !files.iter().any(|f| f.kind == kind.as_str()) {
            errors.push(FieldError::new(
                "files",
                "missing_attachment",
                format!("Attach a file of kind {}.", kind.as_str()),
            ));
        }
    }
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(invalid(errors))
    }
}

/// Record a step in the history and the audit chain.
fn log(
    conn: &mut DbConn,
    ctx: &Ctx,
    actor: Option<&AuthUser>,
    app: &ApplicationRow,
    action: A,
    to: S,
    reason: Option<&str>,
) -> AppResult<()> {
    let from = (action != A::Submit).then(|| app.status.clone());
    queries::insert_event(
        conn,
        &EventRow {
            id: new_id(),
            application_id: app.id.clone(),
            action: action.as_str().into(),
            from_status: from.clone(),
            to_status: to.as_str().into(),
            actor_id: actor.map(|a| a.id.clone()),
            actor_role: actor.map(|a| a.role.as_str().to_string()),
            reason: reason.map(Into::into),
            created_at: ctx.now,
        },
    )?;
    ctx.record(
        conn,
        Event {
            action: &format!("recruitment_application.{}", action.as_str()),
            entity: "recruitment_application",
            entity_id: Some(&app.id),
            before: from.map(|s| json!({"status": s})),
            after: Some(json!({"status": to.as_str(), "post_id": app.post_id, "reason": reason})),
        },
    )
}

/// Sign up for a post (applicant): one live sign-up per person and recruitment, inside the window,
/// with a complete profile, every requirement met and the three files attached.
pub fn sign_up(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    auth: &AuthUser,
    cipher: &PersonalDataCipher,
    recruitment_id: &str,
    post_id: &str,
    input: &RecruitmentSignupInput,
) -> AppResult<ApplicationRow> {
    lock(
        conn,
        Aggregate::RecruitmentApplicant {
            recruitment: recruitment_id,
            applicant: &auth.id,
        },
    )?;
    let r = visible(conn, Some(auth), recruitment_id)?;
    let post = queries::post(conn, post_id)?
        .filter(|p| p.recruitment_id == r.id)
        .ok_or_else(AppError::not_found)?;
    if !rules::signup_open(status_of(&r)?, r.signup_opens_at, r.signup_closes_at, ctx.now) {
        return Err(AppError::new(
            ErrorCode::SignupClosed,
            "Sign-up for this recruitment is not open now.",
        ));
    }
    if !queries::hold_open_post(conn, &post.id)? {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            "This post was cut; choose another one.",
        ));
    }
    let (snapshot, results) = required_met(conn, cipher, &post, &auth.id, ctx)?;
    if queries::live_of(conn, &r.id, &auth.id)?.is_some() {
        return Err(AppError::new(
            ErrorCode::DuplicateApplication,
            "You already signed up for a post of this recruitment; withdraw that sign-up first.",
        ));
    }
    let id = new_id();
    let files = files_for(conn, &auth.id, &id, &input.files)?;
    let row = ApplicationRow {
        id,
        recruitment_id: r.id.clone(),
        post_id: post.id.clone(),
        applicant_id: auth.id.clone(),
        status: S::Submitted.as_str().into(),
        precheck: to_json(&results)?,
        profile_snapshot: snapshot.to_string(),
        reason: None,
        exam_no: None,
        seat_no: None,
        ticket_code: None,
        checked_in_at: None,
        checked_in_by: None,
        written_result: None,
        written_x100: None,
        written_rank: None,
        interview_result: None,
        interview_x100: None,
        total_x100: None,
        final_rank: None,
        notice_id: None,
        decided_by: None,
        submitted_at: ctx.now,
        decided_at: None,
        created_at: ctx.now,
        updated_at: ctx.now,
    };
    queries::insert_application(conn, &row)?;
    queries::replace_files(conn, &row.id, &files)?;
    log(conn, ctx, Some(auth), &row, A::Submit, S::Submitted, None)?;
    notify::tell(conn, ctx, &row, &r, &post, Step::Submitted, None)?;
    Ok(row)
}

/// The applicant's own sign-up, or 404 (someone else's is never revealed).
fn own(conn: &mut DbConn, auth: &AuthUser, id: &str) -> AppResult<ApplicationRow> {
    queries::application(conn, id)?
        .filter(|a| a.applicant_id == auth.id)
        .ok_or_else(AppError::not_found)
}

/// Withdraw (applicant) while sign-up is open and before HR approved; the person may then sign
/// up for another post.
pub fn withdraw(conn: &mut DbConn, ctx: &mut Ctx, auth: &AuthUser, id: &str) -> AppResult<ApplicationRow> {
    let app = own(conn, auth, id)?;
    lock(
        conn,
        Aggregate::RecruitmentApplicant {
            recruitment: &app.recruitment_id,
            applicant: &auth.id,
        },
    )?;
    let app = own(conn, auth, id)?;
    let r = queries::recruitment_or_404(conn, &app.recruitment_id)?;
    let from = S::parse_stored(&app.status)?;
    let to = rules::APPLICATION.apply(from, A::Withdraw)?;
    if !rules::signup_open(status_of(&r)?, r.signup_opens_at, r.signup_closes_at, ctx.now) {
        return Err(AppError::new(
            ErrorCode::SignupClosed,
            "Sign-up is over; a sign-up can no longer be withdrawn.",
        ));
    }
    queries::move_application(conn, &app.id, from, to, Changes::default(), ctx.now)?;
    log(conn, ctx, Some(auth), &app, A::Withdraw, to, None)?;
    let post = queries::post_or_404(conn, &app.post_id)?;
    notify::tell(conn, ctx, &app, &r, &post, Step::Withdrawn, None)?;
    queries::application_or_404(conn, &app.id)
}

/// Resubmit a returned sign-up (applicant) before the review ends: the requirements are checked
/// again and the files replaced when new ones are named.
pub fn resubmit(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    auth: &AuthUser,
    cipher: &PersonalDataCipher,
    id: &str,
    input: &RecruitmentSignupInput,
) -> AppResult<ApplicationRow> {
    let app = own(conn, auth, id)?;
    lock(
        conn,
        Aggregate::RecruitmentApplicant {
            recruitment: &app.recruitment_id,
            applicant: &auth.id,
        },
    )?;
    let app = own(conn, auth, id)?;
    let r = queries::recruitment_or_404(conn, &app.recruitment_id)?;
    let from = S::parse_stored(&app.status)?;
    let to = rules::APPLICATION.apply(from, A::Resubmit)?;
    if !rules::review_open(status_of(&r)?, r.review_ends_at, r.tickets_issued_at.is_some(), ctx.now) {
        return Err(AppError::new(
            ErrorCode::SignupClosed,
            "The qualification review is over; the sign-up can no longer be completed.",
        ));
    }
    let post = queries::post_or_404(conn, &app.post_id)?;
    let (snapshot, results) = required_met(conn, cipher, &post, &auth.id, ctx)?;
    let named: Vec<SignupFile> = if input.files.is_empty() {
        queries::files(conn, &app.id)?
            .into_iter()
            .map(|f| {
                Ok(SignupFile {
                    attachment_id: f.attachment_id,
                    kind: crate::recruitments::models::RecruitmentFileKind::parse_stored(&f.kind)?,
                })
            })
            .collect::<AppResult<_>>()?
    } else {
        input.files.clone()
    };
    let files = files_for(conn, &auth.id, &app.id, &named)?;
    // A file kept from before must still be the same file (it may have been replaced or deleted).
    for f in &files {
        let current = attachment_queries::find(conn, &f.attachment_id)?;
        if current.is_none_or(|a| a.sha256 != f.sha256) {
            return Err(invalid(vec![FieldError::new(
                "files",
                "attachment_changed",
                format!("{} was changed or deleted; attach it again.", f.file_name),
            )]));
        }
    }
    queries::replace_files(conn, &app.id, &files)?;
    queries::move_application(
        conn,
        &app.id,
        from,
        to,
        Changes {
            reason: Some(None),
            precheck: Some(to_json(&results)?),
            profile_snapshot: Some(snapshot.to_string()),
            resubmitted: true,
            ..Changes::default()
        },
        ctx.now,
    )?;
    log(conn, ctx, Some(auth), &app, A::Resubmit, to, None)?;
    notify::tell(conn, ctx, &app, &r, &post, Step::Resubmitted, None)?;
    queries::application_or_404(conn, &app.id)
}

/// What HR decides on a sign-up.
#[derive(Debug, Clone)]
pub enum Decision {
    /// Qualified.
    Approve,
    /// Not qualified, with the reason.
    Reject(String),
    /// Missing material, with the reason.
    Return(String),
}

/// HR approves, rejects or returns a pending sign-up, until tickets are issued.
pub fn review(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    hr: &AuthUser,
    id: &str,
    decision: Decision,
) -> AppResult<ApplicationRow> {
    let app = queries::application_or_404(conn, id)?;
    if app.applicant_id == hr.id {
        return Err(AppError::new(
            ErrorCode::SamePerson,
            "Nobody may review their own sign-up.",
        ));
    }
    let (action, reason, step) = match &decision {
        Decision::Approve => (A::Approve, None, Step::Approved),
        Decision::Reject(r) => (
            A::Reject,
            Some(rules::reason("reason", r).map_err(|e| invalid(vec![e]))?),
            Step::Rejected,
        ),
        Decision::Return(r) => (
            A::Return,
            Some(rules::reason("reason", r).map_err(|e| invalid(vec![e]))?),
            Step::Returned,
        ),
    };
    let from = S::parse_stored(&app.status)?;
    let to = rules::APPLICATION.apply(from, action)?;
    let r = queries::recruitment_or_404(conn, &app.recruitment_id)?;
    if !rules::hr_review_open(status_of(&r)?, r.tickets_issued_at.is_some()) {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            "The review of this recruitment is over.",
        ));
    }
    queries::move_application(
        conn,
        &app.id,
        from,
        to,
        Changes {
            reason: Some(reason.clone()),
            decided_by: Some(hr.id.clone()),
            ..Changes::default()
        },
        ctx.now,
    )?;
    log(conn, ctx, Some(hr), &app, action, to, reason.as_deref())?;
    let post = queries::post_or_404(conn, &app.post_id)?;
    notify::tell(conn, ctx, &app, &r, &post, step, reason.as_deref())?;
    queries::application_or_404(conn, &app.id)
}

/// Issue admission tickets (hr) once sign-up is closed and nothing waits for review: every approved
/// candidate without one gets the next seat of their post, the exam number (year + post code +
/// seat) and a ticket code, and a mail. Running it again issues only what is missing.
pub fn issue_tickets(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    hr: &AuthUser,
    recruitment_id: &str,
) -> AppResult<TicketsIssued> {
    lock(conn, Aggregate::Recruitment(recruitment_id))?;
    let r = queries::recruitment_or_404(conn, recruitment_id)?;
    if status_of(&r)? != RecruitmentStatus::SignupClosed {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            "Tickets are issued after sign-up is closed, before the written exam is scored.",
        ));
    }
    let pending = queries::of_recruitment(conn, recruitment_id, &rules::PENDING)?.len();
    if pending > 0 {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            format!("{pending} sign-ups still wait for review; decide them first."),
        ));
    }
    let mut issued = 0i64;
    for post in queries::posts(conn, recruitment_id)? {
        if post.status != PostStatus::Open.as_str() {
            continue;
        }
        let mut seat = queries::max_seat(conn, &post.id)?;
        for app in queries::of_post(conn, &post.id, &[S::Approved])? {
            if app.exam_no.is_some() {
                continue;
            }
            seat += 1;
            let exam_no = rules::exam_no(r.year, &post.post_code, seat);
            let code = crate::fairs::rules::new_ticket_code();
            if !queries::issue_ticket(conn, &app.id, &exam_no, seat, &code, ctx.now)? {
                return Err(AppError::new(
                    ErrorCode::InvalidTransition,
                    "A sign-up changed meanwhile; try again.",
                ));
            }
            log(conn, ctx, Some(hr), &app, A::IssueTicket, S::Approved, None)?;
            notify::tell(conn, ctx, &app, &r, &post, Step::TicketIssued, None)?;
            issued += 1;
        }
    }
    queries::tickets_issued(conn, recruitment_id, ctx.now)?;
    ctx.record(
        conn,
        Event {
            action: "recruitment.tickets_issued",
            entity: "recruitment",
            entity_id: Some(recruitment_id),
            before: None,
            after: Some(json!({"issued": issued})),
        },
    )?;
    Ok(TicketsIssued {
        issued,
        total: queries::ticket_count(conn, recruitment_id)?,
    })
}

/// Check a ticket in at the exam room (hr, admin). A second scan changes nothing and says so.
pub fn check_in(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    actor: &AuthUser,
    recruitment_id: &str,
    raw_code: &str,
) -> AppResult<RecruitmentCheckIn> {
    let code = crate::fairs::rules::normalize_ticket(raw_code);
    let r = queries::recruitment_or_404(conn, recruitment_id)?;
    if status_of(&r)? != RecruitmentStatus::SignupClosed || r.tickets_issued_at.is_none() {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            "Check-in is possible once tickets are issued, until the written exam is scored.",
        ));
    }
    let app = queries::by_ticket(conn, &code)?
        .filter(|a| a.recruitment_id == r.id)
        .ok_or_else(|| {
            AppError::new(
                ErrorCode::NotFound,
                "No ticket of this recruitment has this code; check the spelling.",
            )
        })?;
    if app.status != S::Approved.as_str() {
        return Err(AppError::new(
            ErrorCode::TicketCancelled,
            "This ticket is no longer valid.",
        ));
    }
    let first_scan = queries::check_in(conn, &app.id, &actor.id, ctx.now)?;
    if first_scan {
        log(conn, ctx, Some(actor), &app, A::CheckIn, S::Approved, None)?;
    }
    let app = queries::application_or_404(conn, &app.id)?;
    let ticket = views::ticket(conn, &app)?;
    let at = app.checked_in_at.map(crate::time::local_minute).unwrap_or_default();
    Ok(RecruitmentCheckIn {
        first_scan,
        message: if first_scan {
            format!("Checked in at {at}.")
        } else {
            format!("Already checked in at {at}.")
        },
        ticket,
    })
}

/// The recruitment, locked, when HR may record written scores (409 otherwise).
fn scoring(conn: &mut DbConn, recruitment_id: &str) -> AppResult<RecruitmentRow> {
    lock(conn, Aggregate::Recruitment(recruitment_id))?;
    let r = queries::recruitment_or_404(conn, recruitment_id)?;
    if !rules::scores_open(
        status_of(&r)?,
        r.tickets_issued_at.is_some(),
        r.written_published_at.is_some(),
    ) {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            "Written scores are recorded after tickets are issued, until they are published.",
        ));
    }
    Ok(r)
}

/// Store one written result and audit it (before and after).
fn record_written(conn: &mut DbConn, ctx: &Ctx, app: &ApplicationRow, x100: Option<i32>) -> AppResult<()> {
    let result = if x100.is_some() {
        WrittenResult::Scored
    } else {
        WrittenResult::Absent
    };
    queries::set_written(conn, &app.id, result.as_str(), x100, ctx.now)?;
    ctx.record(
        conn,
        Event {
            action: "recruitment_application.written_scored",
            entity: "recruitment_application",
            entity_id: Some(&app.id),
            before: Some(json!({"written_result": app.written_result, "written_x100": app.written_x100})),
            after: Some(json!({"exam_no": app.exam_no, "written_result": result.as_str(), "written_x100": x100})),
        },
    )
}

/// Enter one candidate's written score, or mark them absent (hr).
pub fn enter_written(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    recruitment_id: &str,
    input: &WrittenScoreInput,
) -> AppResult<WrittenScoreView> {
    let x100 = match (input.absent, input.written_x100) {
        (true, None) => None,
        (false, Some(x)) if scores::in_range(x) => Some(x),
        (true, Some(_)) => {
            return Err(invalid(vec![FieldError::new(
                "written_x100",
                "conflict",
                "An absent candidate has no score.",
            )]))
        }
        (false, Some(_)) => {
            return Err(invalid(vec![FieldError::new(
                "written_x100",
                "out_of_range",
                "A score is 0 to 10000 hundredths (0–100.00).",
            )]))
        }
        (false, None) => {
            return Err(invalid(vec![FieldError::new(
                "written_x100",
                "required",
                "Give a score or mark the candidate absent.",
            )]))
        }
    };
    let r = scoring(conn, recruitment_id)?;
    let exam_no = input.exam_no.trim().to_uppercase();
    let app = queries::ticketed(conn, &r.id)?
        .into_iter()
        .find(|a| a.exam_no.as_deref() == Some(exam_no.as_str()))
        .ok_or_else(|| {
            AppError::new(
                ErrorCode::NotFound,
                "No ticketed candidate of this recruitment has this exam number.",
            )
        })?;
    record_written(conn, ctx, &app, x100)?;
    Ok(WrittenScoreView {
        application_id: app.id,
        exam_no,
        post_id: app.post_id,
        written_result: if x100.is_some() {
            WrittenResult::Scored
        } else {
            WrittenResult::Absent
        },
        written_x100: x100,
    })
}

/// Import written scores from an XLSX or CSV file (hr): every row is checked first and one bad row
/// refuses the whole file (422 file_rejected with every bad row; the transaction writes nothing).
pub fn import_written(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    recruitment_id: &str,
    bytes: &[u8],
) -> AppResult<WrittenImportOutcome> {
    let r = scoring(conn, recruitment_id)?;
    let cells = crate::sheets::read(bytes)?;
    let candidates = queries::ticketed(conn, &r.id)?;
    let known = candidates.iter().filter_map(|a| a.exam_no.clone()).collect();
    let (rows, errors) = scores::check(&cells, &known);
    if !errors.is_empty() {
        return Err(AppError::file_rejected(errors));
    }
    let (mut scored, mut absent) = (0i64, 0i64);
    for row in &rows {
        let Some(app) = candidates
            .iter()
            .find(|a| a.exam_no.as_deref() == Some(row.exam_no.as_str()))
        else {
            continue;
        };
        record_written(conn, ctx, app, row.written_x100)?;
        if row.written_x100.is_some() {
            scored += 1;
        } else {
            absent += 1;
        }
    }
    let missing = queries::ticketed(conn, &r.id)?
        .iter()
        .filter(|a| a.written_result.is_none())
        .count() as i64;
    ctx.record(
        conn,
        Event {
            action: "recruitment.written_imported",
            entity: "recruitment",
            entity_id: Some(&r.id),
            before: None,
            after: Some(json!({"rows": rows.len(), "scored": scored, "absent": absent, "missing": missing})),
        },
    )?;
    Ok(WrittenImportOutcome {
        rows: rows.len() as i64,
        scored,
        absent,
        missing,
    })
}

/// Publish the written scores (hr): every ticketed candidate must have a result; each gets a rank
/// within the post (equal scores share it, the absent none) and a mail. A recruitment still at
/// signup_closed moves to written_done; one already there just publishes.
pub fn publish_written(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    hr: &AuthUser,
    recruitment_id: &str,
) -> AppResult<RecruitmentRow> {
    let r = scoring(conn, recruitment_id)?;
    let candidates = queries::ticketed(conn, &r.id)?;
    if candidates.is_empty() {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            "No candidate holds a ticket; there is nothing to publish.",
        ));
    }
    let missing = candidates.iter().filter(|a| a.written_result.is_none()).count();
    if missing > 0 {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            format!("{missing} ticketed candidates have no score and are not marked absent; record them first."),
        ));
    }
    let from = status_of(&r)?;
    if from == RecruitmentStatus::SignupClosed {
        let to = rules::RECRUITMENT.apply(from, RecruitmentAction::CompleteWritten)?;
        queries::move_recruitment(conn, &r.id, from, to, None, ctx.now)?;
    }
    queries::written_published(conn, &r.id, ctx.now)?;
    let after = queries::recruitment_or_404(conn, &r.id)?;
    for post in queries::posts(conn, &r.id)? {
        let of_post: Vec<&ApplicationRow> = candidates.iter().filter(|a| a.post_id == post.id).collect();
        let ranks = scores::rank(
            &of_post
                .iter()
                .map(|a| a.written_x100.filter(|_| a.written_result.as_deref() == Some("scored")))
                .collect::<Vec<_>>(),
        );
        for (app, rank) in of_post.iter().zip(ranks) {
            queries::set_written_rank(conn, &app.id, rank)?;
            log(conn, ctx, Some(hr), app, A::PublishWritten, S::Approved, None)?;
            notify::tell(conn, ctx, app, &after, &post, Step::WrittenPublished, None)?;
        }
    }
    ctx.record(
        conn,
        Event {
            action: "recruitment.written_published",
            entity: "recruitment",
            entity_id: Some(&r.id),
            before: Some(json!({"status": r.status})),
            after: Some(json!({"status": after.status, "candidates": candidates.len()})),
        },
    )?;
    Ok(after)
}
