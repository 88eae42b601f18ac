//! Training course, session, trainee and attendance rows and their API shapes.

use crate::db::schema::{
    training_attendance, training_courses, training_partners, training_sessions, training_trainees,
};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

crate::stored_enum! {
    /// Course status.
    pub enum CourseStatus {
        /// Being prepared; only HR sees it.
        Draft,
        /// Open for nominations and sign-ups; sessions are checked in.
        Published,
        /// No more trainees; sessions are still checked in.
        Closed,
        /// HR decided every trainee; certificates are issued.
        Completed,
        /// Called off.
        Cancelled,
    }
}

crate::stored_enum! {
    /// Actions on a course (see [`crate::trainings::rules::COURSE`]).
    pub enum CourseAction {
        /// Change the details (draft|published).
        Edit,
        /// draft → published.
        Publish,
        /// published → closed.
        Close,
        /// published|closed → completed (decide every trainee).
        Complete,
        /// draft|published|closed → cancelled.
        Cancel,
        /// Take a trainee (published).
        Enrol,
        /// Check a trainee in at a session (published|closed).
        CheckIn,
    }
}

crate::stored_enum! {
    /// How a trainee got the place.
    pub enum TraineeSource {
        /// A partner enterprise nominated its staff member.
        Nominated,
        /// The person signed up themselves.
        SignedUp,
    }
}

crate::stored_enum! {
    /// A trainee's standing.
    pub enum TraineeStatus {
        /// Has a place; not decided yet.
        Enrolled,
        /// Attended enough hours; holds a certificate.
        Completed,
        /// Attended too few hours.
        NotCompleted,
    }
}

/// A row of `training_courses`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = training_courses)]
pub struct CourseRow {
    pub id: String,
    pub title: String,
    pub trade: String,
    pub organiser: String,
    pub description: Option<String>,
    pub capacity: i32,
    pub threshold_percent: i32,
    pub status: String,
    pub completed_at: Option<NaiveDateTime>,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A row of `training_partners`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = training_partners)]
pub struct PartnerRow {
    pub id: String,
    pub course_id: String,
    pub enterprise_id: String,
}

/// A row of `training_sessions`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = training_sessions)]
pub struct SessionRow {
    pub id: String,
    pub course_id: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub venue: String,
    pub hours: i32,
}

/// A row of `training_trainees`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = training_trainees)]
pub struct TraineeRow {
    pub id: String,
    pub course_id: String,
    pub user_id: Option<String>,
    pub enterprise_id: Option<String>,
    pub full_name: String,
    pub id_number_hash: String,
    pub id_number_masked: String,
    pub email: Option<String>,
    pub locale: String,
    pub source: String,
    pub ticket_code: String,
    pub status: String,
    pub attended_hours: Option<i32>,
    pub certificate_code: Option<String>,
    pub decided_at: Option<NaiveDateTime>,
    pub added_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A row of `training_attendance`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = training_attendance)]
pub struct AttendanceRow {
    pub id: String,
    pub session_id: String,
    pub trainee_id: String,
    pub checked_in_at: NaiveDateTime,
    pub checked_in_by: String,
}

/// One session of `CourseInput`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = TrainingSessionInput)]
pub struct SessionInput {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub venue: String,
    /// Training hours this session counts for (whole hours, 1 to 24).
    pub hours: i32,
}

/// `POST /trainings` and `PUT /trainings/{id}`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = TrainingCourseInput)]
pub struct CourseInput {
    pub title: String,
    /// The trade (工种), e.g. 电工, 焊工, 数控车工.
    pub trade: String,
    /// Who runs it, e.g. 县人社局.
    pub organiser: String,
    pub description: Option<String>,
    /// Most trainees.
    pub capacity: i32,
    /// Share of the total hours a trainee must attend to complete, in percent (1 to 100).
    pub threshold_percent: i32,
    /// Partner enterprises (existing enterprise records) whose staff may be nominated.
    #[serde(default)]
    pub partner_ids: Vec<String>,
    /// At least one session.
    pub sessions: Vec<SessionInput>,
}

/// `POST /trainings/{id}/nominations`: a partner enterprise's staff member, either an existing
/// applicant account (by e-mail) or by name and resident ID like a roster row.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NominationInput {
    /// The partner enterprise nominating (one the caller keeps).
    pub enterprise_id: String,
    /// An applicant account with a profile; then name and ID come from the profile.
    pub account_email: Option<String>,
    /// Without an account: the person's name.
    pub full_name: Option<String>,
    /// Without an account: resident ID number (GB 11643); only its keyed hash and masked form are kept.
    pub id_number: Option<String>,
    /// Without an account: where the confirmation and certificate are mailed, if any.
    pub email: Option<String>,
}

/// `POST /trainings/{id}/sessions/{session_id}/check-in`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TrainingCheckInInput {
    /// The trainee's ticket code as typed or scanned.
    pub code: String,
}

/// A partner enterprise as shown with a course.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TrainingPartner {
    pub id: String,
    pub name: String,
}

/// A session as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = TrainingSession)]
pub struct SessionView {
    pub id: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub venue: String,
    pub hours: i32,
    /// Trainees checked in.
    pub checked_in: i64,
}

/// A course as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = TrainingCourse)]
pub struct CourseView {
    pub id: String,
    pub title: String,
    pub trade: String,
    pub organiser: String,
    pub description: Option<String>,
    pub capacity: i32,
    pub threshold_percent: i32,
    /// Sum of the sessions' hours.
    pub total_hours: i32,
    /// Hours a trainee must attend to complete.
    pub required_hours: i32,
    pub status: CourseStatus,
    /// Trainees holding a place.
    pub trainees: i64,
    /// Trainees who completed (after the course is completed).
    pub completed: i64,
    pub partners: Vec<TrainingPartner>,
    pub sessions: Vec<SessionView>,
    pub completed_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

crate::page_of!(CoursePage, CourseView);

/// A trainee as HR (or the nominating enterprise) sees it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = TrainingTrainee)]
pub struct TraineeView {
    pub id: String,
    pub course_id: String,
    pub user_id: Option<String>,
    pub enterprise_id: Option<String>,
    /// The nominating enterprise's name.
    pub enterprise_name: Option<String>,
    pub full_name: String,
    /// e.g. `4301**********1234`.
    pub id_number_masked: String,
    pub source: TraineeSource,
    pub status: TraineeStatus,
    /// Hours checked in so far.
    pub attended_hours: i32,
    /// Sessions checked in so far.
    pub sessions_attended: i64,
    pub certificate_code: Option<String>,
    pub created_at: DateTime<Utc>,
}

crate::page_of!(TraineePage, TraineeView);

/// The answer of a check-in: first scan or a repeat.
#[derive(Debug, Serialize, ToSchema)]
pub struct TrainingCheckInResult {
    /// True when this scan checked the trainee in; false when they were already.
    pub first_scan: bool,
    pub message: String,
    /// When the trainee was checked in at this session.
    pub checked_in_at: DateTime<Utc>,
    pub trainee: TraineeView,
}

/// One of my trainings (`GET /me/trainings`).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MyTraining {
    pub trainee_id: String,
    pub course: CourseView,
    pub source: TraineeSource,
    pub status: TraineeStatus,
    /// Shown at each session's door (as text and QR code).
    pub ticket_code: String,
    pub attended_hours: i32,
    pub certificate_code: Option<String>,
}

crate::page_of!(MyTrainingPage, MyTraining);

/// The result of completing a course.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = TrainingCompletion)]
pub struct CompletionResult {
    /// Trainees who completed (certificates issued).
    pub completed: i64,
    /// Trainees who did not reach the threshold.
    pub not_completed: i64,
    pub course: CourseView,
}

/// A completion certificate as anyone may check it (`GET /training-certificates/{code}`).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = TrainingCertificate)]
pub struct CertificateView {
    pub code: String,
    /// Masked, e.g. `张*明`.
    pub holder: String,
    pub course_title: String,
    pub trade: String,
    pub organiser: String,
    /// Hours attended.
    pub hours: i32,
    /// The course's total hours.
    pub total_hours: i32,
    /// Date issued (Asia/Shanghai).
    pub issued_on: NaiveDate,
}

/// `?status=&page=&per_page=`
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct CourseQuery {
    pub status: Option<CourseStatus>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// `?page=&per_page=`
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct TraineeQuery {
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// Trainings within a period (for the reports).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct YearFigures {
    /// Courses completed (decided by HR) within the period.
    pub courses: i64,
    /// Trainees of those courses.
    pub trainees: i64,
    /// Of those, completed.
    pub completions: i64,
}
