//! Recruitment rows shaped into API answers; personal data only for the person and staff.

use crate::auth::AuthUser;
use crate::db::{to_utc, DbConn};
use crate::error::{AppError, AppResult};
use crate::recruitments::models::{
    ApplicationRow, EventRow, PostCounts, PostRow, PostStatus, RecruitmentApplicationAction as A,
    RecruitmentApplicationStatus as S, RecruitmentApplicationView, RecruitmentFileKind, RecruitmentFileView,
    RecruitmentHistoryEntry, RecruitmentRow, RecruitmentStatus, RecruitmentView, TicketView, WrittenResult,
    WrittenResultView,
};
use crate::recruitments::ops::is_staff;
use crate::recruitments::{queries, rules};
use crate::transitions::Stored;
use chrono::NaiveDateTime;

/// A recruitment; the actions only for staff.
pub fn recruitment(row: &RecruitmentRow, staff: bool, now: NaiveDateTime) -> AppResult<RecruitmentView> {
    let status = RecruitmentStatus::parse_stored(&row.status)?;
    Ok(RecruitmentView {
        id: row.id.clone(),
        title: row.title.clone(),
        announcement: row.announcement.clone(),
        document_no: row.document_no.clone(),
        year: row.year,
        signup_opens_at: to_utc(row.signup_opens_at),
        signup_closes_at: to_utc(row.signup_closes_at),
        review_ends_at: to_utc(row.review_ends_at),
        exam_at: to_utc(row.exam_at),
        exam_venue: row.exam_venue.clone(),
        interview_ratio: row.interview_ratio,
        written_weight: row.written_weight,
        interview_weight: row.interview_weight,
        status,
        signup_open: rules::signup_open(status, row.signup_opens_at, row.signup_closes_at, now),
        tickets_issued_at: row.tickets_issued_at.map(to_utc),
        written_published_at: row.written_published_at.map(to_utc),
        scores_open: rules::scores_open(
            status,
            row.tickets_issued_at.is_some(),
            row.written_published_at.is_some(),
        ),
        published_at: row.published_at.map(to_utc),
        cancel_reason: row.cancel_reason.clone(),
        actions: staff.then(|| rules::RECRUITMENT.actions_from(status)),
        created_at: to_utc(row.created_at),
        updated_at: to_utc(row.updated_at),
    })
}

/// A post; the review counts only for staff.
pub fn post(conn: &mut DbConn, row: &PostRow, staff: bool) -> AppResult<crate::recruitments::models::PostView> {
    let counts = if staff {
        let (signed_up, pending, approved) = queries::post_counts(conn, &row.id)?;
        let headcount = i64::from(row.headcount);
        Some(PostCounts {
            signed_up,
            pending,
            approved,
            approved_ratio: rules::ratio(approved, headcount),
            signup_ratio: rules::ratio(signed_up, headcount),
        })
    } else {
        None
    };
    Ok(crate::recruitments::models::PostView {
        id: row.id.clone(),
        recruitment_id: row.recruitment_id.clone(),
        enterprise_id: row.enterprise_id.clone(),
        institution_name: row.institution_name.clone(),
        post_code: row.post_code.clone(),
        title: row.title.clone(),
        headcount: row.headcount,
        eligibility: serde_json::from_str(&row.eligibility).map_err(AppError::internal)?,
        major_keywords: serde_json::from_str(&row.major_keywords).map_err(AppError::internal)?,
        notes: row.notes.clone(),
        min_written_x100: row.min_written_x100,
        status: PostStatus::parse_stored(&row.status)?,
        cut_reason: row.cut_reason.clone(),
        counts,
    })
}

fn snapshot_field(row: &ApplicationRow, field: &str) -> Option<String> {
    serde_json::from_str::<serde_json::Value>(&row.profile_snapshot)
        .ok()
        .and_then(|v| v.get(field).and_then(|f| f.as_str()).map(String::from))
}

/// What `viewer` may do with a sign-up now.
fn actions(status: S, r: &RecruitmentRow, viewer: &AuthUser, own: bool, now: NaiveDateTime) -> AppResult<Vec<A>> {
    let rs = RecruitmentStatus::parse_stored(&r.status)?;
    let issued = r.tickets_issued_at.is_some();
    let mut out = Vec::new();
    for action in rules::APPLICATION.actions_from(status) {
        let may = match action {
            A::Withdraw => own && rules::signup_open(rs, r.signup_opens_at, r.signup_closes_at, now),
            A::Resubmit => own && rules::review_open(rs, r.review_ends_at, issued, now),
            A::Approve | A::Reject | A::Return => {
                is_staff(Some(viewer))
                    && viewer.role == crate::auth::Role::Hr
                    && !own
                    && rules::hr_review_open(rs, issued)
            }
            _ => false,
        };
        if may {
            out.push(action);
        }
    }
    Ok(out)
}

/// A sign-up as `viewer` (its applicant or staff) sees it.
pub fn application(
    conn: &mut DbConn,
    row: &ApplicationRow,
    viewer: &AuthUser,
    now: NaiveDateTime,
) -> AppResult<RecruitmentApplicationView> {
    let r = queries::recruitment_or_404(conn, &row.recruitment_id)?;
    let p = queries::post_or_404(conn, &row.post_id)?;
    let status = S::parse_stored(&row.status)?;
    let own = row.applicant_id == viewer.id;
    let staff = is_staff(Some(viewer));
    // Before HR publishes, a candidate sees nothing of the scores, not even whether one exists.
    let scores_shown = staff || r.written_published_at.is_some();
    let files = queries::files(conn, &row.id)?
        .into_iter()
        .map(|f| RecruitmentFileView {
            kind: RecruitmentFileKind::parse_stored(&f.kind).unwrap_or(RecruitmentFileKind::Other),
            attachment_id: f.attachment_id,
            file_name: f.file_name,
        })
        .collect();
    let person = if staff {
        crate::subsidies::queries::person(conn, &row.applicant_id)?
    } else {
        None
    };
    Ok(RecruitmentApplicationView {
        id: row.id.clone(),
        recruitment_id: r.id.clone(),
        recruitment_title: r.title.clone(),
        post_id: p.id.clone(),
        post_code: p.post_code.clone(),
        post_title: p.title.clone(),
        institution_name: p.institution_name.clone(),
        status,
        step: rules::step(status, row.exam_no.is_some(), row.checked_in_at.is_some()),
        actions: actions(status, &r, viewer, own, now)?,
        reason: row.reason.clone(),
        files,
        precheck: serde_json::from_str(&row.precheck).map_err(AppError::internal)?,
        exam_no: row.exam_no.clone(),
        has_ticket: row.ticket_code.is_some(),
        checked_in_at: row.checked_in_at.map(to_utc),
        written_result: scores_shown
            .then(|| row.written_result.as_deref().map(WrittenResult::parse_stored))
            .flatten()
            .transpose()?,
        written_x100: row.written_x100.filter(|_| scores_shown),
        written_rank: row.written_rank.filter(|_| scores_shown),
        applicant_name: staff.then(|| snapshot_field(row, "full_name")).flatten(),
        applicant_email: person.map(|p| p.email),
        id_number_masked: staff.then(|| snapshot_field(row, "id_number_masked")).flatten(),
        submitted_at: to_utc(row.submitted_at),
        decided_at: row.decided_at.map(to_utc),
        updated_at: to_utc(row.updated_at),
    })
}

/// One step of the history; who acted only for staff.
pub fn history_entry(row: &EventRow, staff: bool) -> AppResult<RecruitmentHistoryEntry> {
    Ok(RecruitmentHistoryEntry {
        action: A::parse_stored(&row.action)?,
        from_status: row.from_status.as_deref().map(S::parse_stored).transpose()?,
        to_status: S::parse_stored(&row.to_status)?,
        actor_id: if staff { row.actor_id.clone() } else { None },
        actor_role: row.actor_role.clone(),
        reason: row.reason.clone(),
        at: to_utc(row.created_at),
    })
}

/// The admission ticket of a sign-up that has one (404 otherwise).
pub fn ticket(conn: &mut DbConn, row: &ApplicationRow) -> AppResult<TicketView> {
    let (Some(exam_no), Some(seat_no), Some(code)) = (row.exam_no.clone(), row.seat_no, row.ticket_code.clone()) else {
        return Err(AppError::not_found());
    };
    let r = queries::recruitment_or_404(conn, &row.recruitment_id)?;
    let p = queries::post_or_404(conn, &row.post_id)?;
    let photo = queries::files(conn, &row.id)?
        .into_iter()
        .find(|f| f.kind == RecruitmentFileKind::Photo.as_str())
        .map(|f| f.attachment_id);
    Ok(TicketView {
        application_id: row.id.clone(),
        recruitment_title: r.title.clone(),
        document_no: r.document_no.clone(),
        exam_no,
        seat_no,
        ticket_code: code,
        full_name: snapshot_field(row, "full_name").unwrap_or_default(),
        id_number_masked: snapshot_field(row, "id_number_masked").unwrap_or_default(),
        post_code: p.post_code.clone(),
        post_title: p.title.clone(),
        institution_name: p.institution_name.clone(),
        exam_at: to_utc(r.exam_at),
        exam_at_local: crate::time::local_minute(r.exam_at),
        exam_venue: r.exam_venue.clone(),
        photo_attachment_id: photo,
        checked_in_at: row.checked_in_at.map(to_utc),
    })
}

/// The written result of a sign-up as `viewer` sees it: empty for the applicant until published.
pub fn written_result(conn: &mut DbConn, row: &ApplicationRow, viewer: &AuthUser) -> AppResult<WrittenResultView> {
    let r = queries::recruitment_or_404(conn, &row.recruitment_id)?;
    let p = queries::post_or_404(conn, &row.post_id)?;
    let published = r.written_published_at.is_some();
    let shown = published || is_staff(Some(viewer));
    let result = match row.written_result.as_deref().filter(|_| shown) {
        Some(s) => Some(WrittenResult::parse_stored(s)?),
        None => None,
    };
    let x100 = row.written_x100.filter(|_| shown);
    Ok(WrittenResultView {
        application_id: row.id.clone(),
        exam_no: row.exam_no.clone(),
        published,
        written_result: result,
        written_x100: x100,
        written_score: x100.map(crate::recruitments::scores::format_x100),
        written_rank: row.written_rank.filter(|_| shown),
        ranked_in_post: if shown {
            queries::ranked_in_post(conn, &row.post_id)?
        } else {
            0
        },
        post_headcount: p.headcount,
    })
}
