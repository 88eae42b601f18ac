//! Internship programme, offer and application rows and their API shapes.

use crate::db::schema::{internship_applications, internship_offers, internship_programs};
use crate::db::to_utc;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A row of `internship_programs`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = internship_programs)]
pub struct ProgramRow {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub season: String,
    pub application_opens_at: NaiveDateTime,
    pub application_closes_at: NaiveDateTime,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub status: String,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Programme status.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    ToSchema,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::EnumIter,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum ProgramStatus {
    /// Being prepared.
    Draft,
    /// Visible; enterprises offer positions, applicants apply within the window.
    Published,
    /// No more offers or applications.
    Closed,
}

/// Actions on a programme (see [`crate::internships::rules::PROGRAM`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::EnumString, strum::IntoStaticStr, strum::EnumIter)]
#[strum(serialize_all = "snake_case")]
pub enum ProgramAction {
    /// draft → published
    Publish,
    /// published → closed
    Close,
}

/// Status of an offered internship position.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    ToSchema,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::EnumIter,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum OfferStatus {
    /// Waiting for HR.
    Pending,
    /// Open for applications.
    Approved,
    /// Turned down by HR (with a reason).
    Rejected,
}

/// HR's decisions on an offer (see [`crate::internships::rules::OFFER`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::EnumString, strum::IntoStaticStr, strum::EnumIter)]
#[strum(serialize_all = "snake_case")]
pub enum OfferAction {
    /// pending → approved
    Approve,
    /// pending → rejected
    Reject,
}

/// Status of an application, and then of the placement.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    ToSchema,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::EnumIter,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum ApplicationStatus {
    Submitted,
    Accepted,
    Rejected,
    Withdrawn,
    InProgress,
    Completed,
    Terminated,
}

impl ApplicationStatus {
    /// Read a stored name for a view; an unknown one reads as submitted.
    pub fn parse(s: &str) -> Self {
        s.parse().unwrap_or(ApplicationStatus::Submitted)
    }
}

/// Actions on an application (see [`crate::internships::rules::APPLICATION`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::EnumString, strum::IntoStaticStr, strum::EnumIter)]
#[strum(serialize_all = "snake_case")]
pub enum ApplicationAction {
    /// The enterprise or HR takes the applicant (fills a slot).
    Accept,
    /// The enterprise or HR declines.
    Reject,
    /// The applicant steps back.
    Withdraw,
    /// The internship begins.
    Start,
    /// The internship ends well (evaluation and hours).
    Complete,
    /// The internship ends early (reason).
    Terminate,
}

/// `POST /internship-programs`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgramInput {
    pub title: String,
    pub description: Option<String>,
    /// e.g. `2027 暑期`.
    pub season: String,
    pub application_opens_at: DateTime<Utc>,
    pub application_closes_at: DateTime<Utc>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

/// A programme as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = InternshipProgram)]
pub struct ProgramView {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub season: String,
    pub application_opens_at: DateTime<Utc>,
    pub application_closes_at: DateTime<Utc>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub status: ProgramStatus,
    pub created_at: DateTime<Utc>,
}

impl From<&ProgramRow> for ProgramView {
    fn from(r: &ProgramRow) -> Self {
        ProgramView {
            id: r.id.clone(),
            title: r.title.clone(),
            description: r.description.clone(),
            season: r.season.clone(),
            application_opens_at: to_utc(r.application_opens_at),
            application_closes_at: to_utc(r.application_closes_at),
            starts_on: r.starts_on,
            ends_on: r.ends_on,
            status: r.status.parse().unwrap_or(ProgramStatus::Draft),
            created_at: to_utc(r.created_at),
        }
    }
}

crate::page_of!(ProgramPage, ProgramView);

/// A row of `internship_offers` (an internship position offered in a programme).
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = internship_offers)]
pub struct OfferRow {
    pub id: String,
    pub program_id: String,
    pub position_id: String,
    pub enterprise_id: String,
    pub slots: i32,
    pub filled: i32,
    pub mentor: String,
    pub stipend_fen: i64,
    pub status: String,
    pub reject_reason: Option<String>,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// `POST /internship-positions`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OfferInput {
    pub program_id: String,
    /// An open position of kind `internship` of the caller's verified enterprise.
    pub position_id: String,
    pub slots: i32,
    pub mentor: String,
    /// Monthly stipend in fen (1 yuan = 100 fen).
    pub stipend_fen: i64,
}

/// An offer as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = InternshipPosition)]
pub struct OfferView {
    pub id: String,
    pub program_id: String,
    pub program_title: String,
    pub position_id: String,
    pub position_title: String,
    pub enterprise_id: String,
    pub enterprise_name: String,
    pub slots: i32,
    pub filled: i32,
    pub mentor: String,
    pub stipend_fen: i64,
    pub status: OfferStatus,
    pub reject_reason: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// A row of `internship_applications`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = internship_applications)]
pub struct ApplicationRow {
    pub id: String,
    pub offer_id: String,
    pub program_id: String,
    pub applicant_id: String,
    pub status: String,
    pub reason: Option<String>,
    pub evaluation: Option<String>,
    pub hours: Option<i32>,
    pub decided_by: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// `POST /internship-applications`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplicationInput {
    pub internship_position_id: String,
}

/// `POST …/reject` and `…/terminate`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReasonInput {
    pub reason: String,
}

/// `POST …/complete`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CompleteInput {
    pub evaluation: String,
    pub hours: i32,
}

/// An application (and later placement) as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = InternshipApplication)]
pub struct ApplicationView {
    pub id: String,
    pub internship_position_id: String,
    pub program_id: String,
    pub program_title: String,
    pub position_title: String,
    pub enterprise_name: String,
    pub applicant_id: String,
    pub applicant_name: Option<String>,
    pub status: ApplicationStatus,
    pub reason: Option<String>,
    pub evaluation: Option<String>,
    pub hours: Option<i32>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

crate::page_of!(ApplicationPage, ApplicationView);

/// Filters of `GET /internship-applications`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ApplicationFilter {
    pub program_id: Option<String>,
    pub status: Option<ApplicationStatus>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// Statistics of a programme.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProgramStats {
    pub program_id: String,
    pub applications: i64,
    pub accepted: i64,
    pub in_progress: i64,
    pub completed: i64,
    /// Completed placements by the applicant's school.
    pub by_school: Vec<CountBy>,
    /// Completed placements by the applicant's major.
    pub by_major: Vec<CountBy>,
}

/// A count under a label.
#[derive(Debug, Serialize, ToSchema, PartialEq, Eq)]
pub struct CountBy {
    pub label: String,
    pub count: i64,
}
