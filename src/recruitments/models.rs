//! Recruitment rows, statuses and the shapes the recruitment API reads and writes.

use crate::db::schema::{
    recruitment_application_files, recruitment_applications, recruitment_events, recruitment_posts, recruitments,
};
use crate::subsidies::eligibility::{Criterion, CriterionResult};
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

crate::stored_enum! {
    /// A recruitment's status (the scores, interview and hiring steps follow the review).
    pub enum RecruitmentStatus {
        /// Being written by HR; nobody else sees it.
        Draft,
        /// Announced; sign-up inside the window.
        Published,
        /// Sign-up over; review, tickets and the written exam.
        SignupClosed,
        /// The written exam is scored.
        WrittenDone,
        /// The interview is scored.
        InterviewDone,
        /// Over.
        Closed,
        /// Called off (the signed-up are told).
        Cancelled,
    }
}

crate::stored_enum! {
    /// Actions on a recruitment.
    pub enum RecruitmentAction {
        /// draft → published
        Publish,
        /// published → signup_closed
        CloseSignup,
        /// signup_closed → written_done
        CompleteWritten,
        /// written_done → interview_done
        CompleteInterview,
        /// interview_done → closed
        Close,
        /// any open status → cancelled
        Cancel,
    }
}

crate::stored_enum! {
    /// A post's status.
    pub enum PostStatus {
        /// Recruiting.
        Open,
        /// Cut (取消岗位): too few approved sign-ups; its applicants may choose another post.
        Cut,
    }
}

crate::stored_enum! {
    /// The state of a sign-up (the score and hiring states belong to the later steps).
    pub enum RecruitmentApplicationStatus {
        /// Waiting for HR's review.
        Submitted,
        /// HR asked for missing material.
        Returned,
        /// Completed and waiting for HR again.
        Resubmitted,
        /// Withdrawn by the applicant (they may choose another post).
        Withdrawn,
        /// HR found the applicant not qualified.
        Rejected,
        /// Qualified (资格审查通过).
        Approved,
        /// The post was cut.
        PostCut,
        /// Shortlisted for interview.
        Shortlisted,
        /// Out after the written exam.
        Eliminated,
        /// In the physical examination.
        PhysicalExam,
        /// Failed the physical examination.
        PhysicalFailed,
        /// In the inspection.
        Inspection,
        /// Failed the inspection.
        InspectionFailed,
        /// On the public notice of proposed hires.
        Proposed,
        /// An objection was upheld.
        ObjectionUpheld,
        /// Hired.
        Hired,
    }
}

crate::stored_enum! {
    /// Actions that move a sign-up.
    pub enum RecruitmentApplicationAction {
        /// The applicant signs up (no state before).
        Submit,
        /// returned → resubmitted
        Resubmit,
        /// The applicant withdraws before HR approves.
        Withdraw,
        /// HR asks for missing material.
        Return,
        /// HR refuses.
        Reject,
        /// HR approves.
        Approve,
        /// HR cuts the post.
        CutPost,
        /// HR reduced the post's headcount (no state change; the applicant is told).
        ReduceHeadcount,
        /// An admission ticket was issued (no state change).
        IssueTicket,
        /// Checked in at the exam room (no state change).
        CheckIn,
        /// The written scores were published (no state change).
        PublishWritten,
    }
}

/// A row of `recruitments`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = recruitments, treat_none_as_null = true)]
pub struct RecruitmentRow {
    pub id: String,
    pub title: String,
    pub announcement: String,
    pub document_no: String,
    pub year: i32,
    pub signup_opens_at: NaiveDateTime,
    pub signup_closes_at: NaiveDateTime,
    pub review_ends_at: NaiveDateTime,
    pub exam_at: NaiveDateTime,
    pub exam_venue: String,
    pub interview_ratio: i32,
    pub written_weight: i32,
    pub interview_weight: i32,
    pub status: String,
    pub tickets_issued_at: Option<NaiveDateTime>,
    pub written_published_at: Option<NaiveDateTime>,
    pub shortlist_published_at: Option<NaiveDateTime>,
    pub interview_published_at: Option<NaiveDateTime>,
    pub created_by: String,
    pub published_at: Option<NaiveDateTime>,
    pub cancel_reason: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A row of `recruitment_posts`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = recruitment_posts, treat_none_as_null = true)]
pub struct PostRow {
    pub id: String,
    pub recruitment_id: String,
    pub enterprise_id: Option<String>,
    pub institution_name: String,
    pub post_code: String,
    pub title: String,
    pub headcount: i32,
    pub eligibility: String,
    pub major_keywords: String,
    pub notes: Option<String>,
    pub min_written_x100: Option<i32>,
    pub status: String,
    pub cut_reason: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A row of `recruitment_applications`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = recruitment_applications)]
pub struct ApplicationRow {
    pub id: String,
    pub recruitment_id: String,
    pub post_id: String,
    pub applicant_id: String,
    pub status: String,
    pub precheck: String,
    pub profile_snapshot: String,
    pub reason: Option<String>,
    pub exam_no: Option<String>,
    pub seat_no: Option<i32>,
    pub ticket_code: Option<String>,
    pub checked_in_at: Option<NaiveDateTime>,
    pub checked_in_by: Option<String>,
    pub written_result: Option<String>,
    pub written_x100: Option<i32>,
    pub written_rank: Option<i32>,
    pub interview_result: Option<String>,
    pub interview_x100: Option<i32>,
    pub total_x100: Option<i32>,
    pub final_rank: Option<i32>,
    pub notice_id: Option<String>,
    pub decided_by: Option<String>,
    pub submitted_at: NaiveDateTime,
    pub decided_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A row of `recruitment_application_files`: the attachment as it was when attached.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = recruitment_application_files)]
pub struct ApplicationFileRow {
    pub application_id: String,
    pub attachment_id: String,
    pub kind: String,
    pub file_name: String,
    pub sha256: String,
}

/// A row of `recruitment_events`: one step of a sign-up.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = recruitment_events)]
pub struct EventRow {
    pub id: String,
    pub application_id: String,
    pub action: String,
    pub from_status: Option<String>,
    pub to_status: String,
    pub actor_id: Option<String>,
    pub actor_role: Option<String>,
    pub reason: Option<String>,
    pub created_at: NaiveDateTime,
}

/// `POST /recruitments` and `PATCH /recruitments/{id}` (draft only; the whole record).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecruitmentInput {
    pub title: String,
    /// The announcement (公告) as HTML from the editor (sanitised when shown).
    pub announcement: String,
    /// The document number (文号).
    pub document_no: String,
    pub signup_opens_at: DateTime<Utc>,
    pub signup_closes_at: DateTime<Utc>,
    /// Qualification review ends (returned sign-ups may be completed until then).
    pub review_ends_at: DateTime<Utc>,
    pub exam_at: DateTime<Utc>,
    pub exam_venue: String,
    /// Interview candidates per place, e.g. 3 for 1:3.
    pub interview_ratio: i32,
    /// Percent of the total from the written exam; with `interview_weight` sums to 100.
    pub written_weight: i32,
    pub interview_weight: i32,
}

/// `POST /recruitments/{id}/cancel`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecruitmentReasonInput {
    pub reason: String,
}

/// A recruitment as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RecruitmentView {
    pub id: String,
    pub title: String,
    pub announcement: String,
    pub document_no: String,
    pub year: i32,
    pub signup_opens_at: DateTime<Utc>,
    pub signup_closes_at: DateTime<Utc>,
    pub review_ends_at: DateTime<Utc>,
    pub exam_at: DateTime<Utc>,
    pub exam_venue: String,
    pub interview_ratio: i32,
    pub written_weight: i32,
    pub interview_weight: i32,
    pub status: RecruitmentStatus,
    /// Sign-up is taken now (published and inside the window).
    pub signup_open: bool,
    pub tickets_issued_at: Option<DateTime<Utc>>,
    /// When HR published the written scores (candidates see score and rank from then on).
    pub written_published_at: Option<DateTime<Utc>>,
    /// HR may enter or import written scores now (tickets issued, scores not yet published).
    pub scores_open: bool,
    pub published_at: Option<DateTime<Utc>>,
    pub cancel_reason: Option<String>,
    /// What HR may do now (staff only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actions: Option<Vec<RecruitmentAction>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Filters of `GET /recruitments`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct RecruitmentFilter {
    /// Staff see any status; everyone else every status but draft.
    pub status: Option<RecruitmentStatus>,
    #[serde(default, deserialize_with = "crate::validation::query_year")]
    pub year: Option<i32>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

crate::page_of!(RecruitmentPage, RecruitmentView);

/// `POST /recruitments/{id}/posts` and `PATCH /recruitment-posts/{id}` (draft recruitments only).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PostInput {
    /// A public-institution enterprise record, or leave out and name the institution.
    pub enterprise_id: Option<String>,
    /// Required without `enterprise_id`; taken from the record with it.
    #[serde(default)]
    pub institution_name: Option<String>,
    /// 岗位代码: letters, digits and dashes, unique in the recruitment.
    pub post_code: String,
    pub title: String,
    pub headcount: i32,
    /// Checked by the machine (as subsidy criteria: education, age, household region, categories).
    #[serde(default)]
    pub eligibility: Vec<Criterion>,
    /// The major (any education record) must contain one of these words; empty for any major.
    #[serde(default)]
    pub major_keywords: Vec<String>,
    /// Other requirements in words, checked by HR.
    pub notes: Option<String>,
    /// A minimum written score applies (e.g. 60.00 as 6000); leave out for none.
    pub min_written_x100: Option<i32>,
}

/// `POST /recruitment-posts/{id}/cut`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CutInput {
    pub reason: String,
}

/// `POST /recruitment-posts/{id}/headcount`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HeadcountInput {
    /// Lower than the current headcount, at least 1.
    pub headcount: i32,
    pub reason: String,
}

/// How a post stands in the review (staff only): the sign-up ratio (报名比例).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PostCounts {
    /// Live sign-ups (submitted, returned, resubmitted, approved).
    pub signed_up: i64,
    /// Waiting for HR (submitted, resubmitted).
    pub pending: i64,
    pub approved: i64,
    /// approved ÷ headcount, to two decimals (e.g. "3.00" for 3:1).
    pub approved_ratio: String,
    /// signed_up ÷ headcount, to two decimals.
    pub signup_ratio: String,
}

/// A post as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PostView {
    pub id: String,
    pub recruitment_id: String,
    pub enterprise_id: Option<String>,
    pub institution_name: String,
    pub post_code: String,
    pub title: String,
    pub headcount: i32,
    pub eligibility: Vec<Criterion>,
    pub major_keywords: Vec<String>,
    pub notes: Option<String>,
    pub min_written_x100: Option<i32>,
    pub status: PostStatus,
    pub cut_reason: Option<String>,
    /// Staff only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counts: Option<PostCounts>,
}

/// `GET …/posts/{post_id}/precheck`: the machine's check, requirement by requirement.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PrecheckView {
    /// Every requirement is met (and the profile is complete).
    pub eligible: bool,
    /// The profile is missing or incomplete (nothing can be checked).
    pub profile_complete: bool,
    /// Each criterion, and `major_keywords` when the post names majors.
    pub criteria: Vec<CriterionResult>,
    /// Free-text requirements HR checks by hand.
    pub notes: Option<String>,
}

crate::stored_enum! {
    /// What a file is in a sign-up (the applicant says; an ID photo is uploaded as kind `other`).
    pub enum RecruitmentFileKind {
        /// 学历（学位）证书
        Diploma,
        /// 身份证扫描件
        IdCard,
        /// 证件照
        Photo,
        /// Anything else the post asks for.
        Other,
    }
}

/// One file of a sign-up.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignupFile {
    /// One of the applicant's own attachments.
    pub attachment_id: String,
    pub kind: RecruitmentFileKind,
}

/// `POST …/posts/{post_id}/applications` (sign up) and `POST /recruitment-applications/{id}/resubmit`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecruitmentSignupInput {
    /// At least a diploma, an ID scan (`id_card`) and a photo. Empty on resubmit keeps the files.
    pub files: Vec<SignupFile>,
}

/// `POST /recruitment-applications/{id}/return` and `…/reject`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewReasonInput {
    pub reason: String,
}

/// A file attached to a sign-up.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RecruitmentFileView {
    pub attachment_id: String,
    pub kind: RecruitmentFileKind,
    pub file_name: String,
}

/// A sign-up as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RecruitmentApplicationView {
    pub id: String,
    pub recruitment_id: String,
    pub recruitment_title: String,
    pub post_id: String,
    pub post_code: String,
    pub post_title: String,
    pub institution_name: String,
    pub status: RecruitmentApplicationStatus,
    /// The step the applicant is at (1 signed up, 2 reviewed, 3 ticket, 4 exam).
    pub step: i32,
    /// What the caller may do now.
    pub actions: Vec<RecruitmentApplicationAction>,
    /// The latest reason (return, refusal, cut).
    pub reason: Option<String>,
    pub files: Vec<RecruitmentFileView>,
    /// The machine's pre-check at the last submission.
    pub precheck: Vec<CriterionResult>,
    pub exam_no: Option<String>,
    pub has_ticket: bool,
    pub checked_in_at: Option<DateTime<Utc>>,
    /// The written result (`scored` or `absent`); the applicant sees it once scores are published.
    pub written_result: Option<WrittenResult>,
    /// The written score in hundredths (87.50 as 8750), same visibility.
    pub written_x100: Option<i32>,
    /// The rank in the post (equal scores share a rank; the absent are unranked), once published.
    pub written_rank: Option<i32>,
    /// Staff only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub applicant_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub applicant_email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_number_masked: Option<String>,
    pub submitted_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}

crate::page_of!(RecruitmentApplicationPage, RecruitmentApplicationView);

/// Filters of the review queue and of my sign-ups.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ApplicationFilter {
    pub status: Option<RecruitmentApplicationStatus>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// One step of a sign-up's history.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RecruitmentHistoryEntry {
    pub action: RecruitmentApplicationAction,
    pub from_status: Option<RecruitmentApplicationStatus>,
    pub to_status: RecruitmentApplicationStatus,
    /// Staff only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor_id: Option<String>,
    pub actor_role: Option<String>,
    pub reason: Option<String>,
    pub at: DateTime<Utc>,
}

/// `POST /recruitments/{id}/tickets`: how many tickets this call issued.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TicketsIssued {
    /// Issued by this call (0 when every approved candidate already has one).
    pub issued: i64,
    /// Approved candidates with a ticket, in all.
    pub total: i64,
}

/// An admission ticket (准考证), printable.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TicketView {
    pub application_id: String,
    pub recruitment_title: String,
    pub document_no: String,
    /// Year + post code + seat, e.g. `2026001003`.
    pub exam_no: String,
    pub seat_no: i32,
    /// Shown as a QR code; scanned at the exam room.
    pub ticket_code: String,
    pub full_name: String,
    pub id_number_masked: String,
    pub post_code: String,
    pub post_title: String,
    pub institution_name: String,
    pub exam_at: DateTime<Utc>,
    /// Asia/Shanghai, as printed.
    pub exam_at_local: String,
    pub exam_venue: String,
    /// The photo attached to the sign-up (download with the attachments API).
    pub photo_attachment_id: Option<String>,
    pub checked_in_at: Option<DateTime<Utc>>,
}

/// `POST /recruitments/{id}/check-in`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecruitmentCheckInInput {
    /// Scanned from the ticket's QR code or typed.
    pub ticket_code: String,
}

/// The answer to a scan.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RecruitmentCheckIn {
    /// False when the ticket had already been scanned (nothing changed).
    pub first_scan: bool,
    pub message: String,
    pub ticket: TicketView,
}

crate::stored_enum! {
    /// A candidate's written result.
    pub enum WrittenResult {
        /// Sat the exam and has a score.
        Scored,
        /// Did not sit the exam (缺考).
        Absent,
    }
}

/// `POST /recruitments/{id}/written-scores`: one candidate's written score.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WrittenScoreInput {
    /// The exam number (准考证号) on the candidate's ticket.
    pub exam_no: String,
    /// The score in hundredths, 0–10000 (87.50 as 8750); leave out when absent.
    pub written_x100: Option<i32>,
    /// The candidate did not sit the exam (缺考).
    #[serde(default)]
    pub absent: bool,
}

/// A candidate's written score as HR recorded it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WrittenScoreView {
    pub application_id: String,
    pub exam_no: String,
    pub post_id: String,
    pub written_result: WrittenResult,
    pub written_x100: Option<i32>,
}

/// `POST /recruitments/{id}/written-scores/import`: what an accepted file recorded.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WrittenImportOutcome {
    /// Rows recorded (every row of the file).
    pub rows: i64,
    pub scored: i64,
    pub absent: i64,
    /// Ticketed candidates still without a result after this import.
    pub missing: i64,
}

/// `GET /recruitment-applications/{id}/result`: the written result once published.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WrittenResultView {
    pub application_id: String,
    pub exam_no: Option<String>,
    /// False until HR publishes the scores (then everything below is empty for the applicant).
    pub published: bool,
    pub written_result: Option<WrittenResult>,
    pub written_x100: Option<i32>,
    /// The score as text with two decimals ("87.50").
    pub written_score: Option<String>,
    /// Rank in the post: equal scores share a rank; the absent are unranked.
    pub written_rank: Option<i32>,
    /// Candidates of the post with a rank (who sat the exam).
    pub ranked_in_post: i64,
    pub post_headcount: i32,
}
