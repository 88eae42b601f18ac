//! Job fair rows and the shapes the job-fair API reads and writes.

use crate::db::schema::{fair_registrations, job_fairs};
use crate::db::to_utc;
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A row of `job_fairs`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = job_fairs)]
pub struct FairRow {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub venue: String,
    pub starts_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub signup_deadline: NaiveDateTime,
    pub capacity: i32,
    pub booth_capacity: i32,
    pub registered_count: i32,
    pub approved_booths: i32,
    pub status: String,
    pub cancel_reason: Option<String>,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Fair status.
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
pub enum FairStatus {
    /// Being prepared by HR; invisible to the public.
    Draft,
    /// Open for booth requests and sign-ups until the deadline.
    Published,
    /// Sign-up is over.
    Closed,
    /// The fair took place.
    Finished,
    /// Called off.
    Cancelled,
}

/// The actions that move a fair between states (see [`crate::fairs::rules::FAIR`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::EnumString, strum::IntoStaticStr, strum::EnumIter)]
#[strum(serialize_all = "snake_case")]
pub enum FairAction {
    /// draft → published
    Publish,
    /// published → closed
    Close,
    /// closed → finished
    Finish,
    /// any but finished or cancelled → cancelled
    Cancel,
}

/// A fair as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = JobFair)]
pub struct FairView {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub venue: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub signup_deadline: DateTime<Utc>,
    /// Applicant places.
    pub capacity: i32,
    pub booth_capacity: i32,
    /// Places taken (registered or checked in).
    pub registered_count: i32,
    /// Places still free.
    pub remaining: i32,
    pub approved_booths: i32,
    pub status: FairStatus,
    pub cancel_reason: Option<String>,
    /// Approved booths with the positions they bring.
    pub booths: Vec<crate::fairs::booths::BoothView>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<&FairRow> for FairView {
    fn from(r: &FairRow) -> Self {
        FairView {
            id: r.id.clone(),
            title: r.title.clone(),
            description: r.description.clone(),
            venue: r.venue.clone(),
            starts_at: to_utc(r.starts_at),
            ends_at: to_utc(r.ends_at),
            signup_deadline: to_utc(r.signup_deadline),
            capacity: r.capacity,
            booth_capacity: r.booth_capacity,
            registered_count: r.registered_count,
            remaining: (r.capacity - r.registered_count).max(0),
            approved_booths: r.approved_booths,
            status: r.status.parse().unwrap_or(FairStatus::Draft),
            cancel_reason: r.cancel_reason.clone(),
            booths: Vec::new(),
            created_at: to_utc(r.created_at),
            updated_at: to_utc(r.updated_at),
        }
    }
}

crate::page_of!(JobFairPage, FairView);

/// `POST /job-fairs`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FairInput {
    pub title: String,
    pub description: Option<String>,
    pub venue: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub signup_deadline: DateTime<Utc>,
    pub capacity: i32,
    pub booth_capacity: i32,
}

/// `PATCH /job-fairs/{id}`: any subset of the fields.
#[derive(Debug, Clone, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct FairPatch {
    pub title: Option<String>,
    pub description: Option<String>,
    pub venue: Option<String>,
    pub starts_at: Option<DateTime<Utc>>,
    pub ends_at: Option<DateTime<Utc>>,
    pub signup_deadline: Option<DateTime<Utc>>,
    pub capacity: Option<i32>,
    pub booth_capacity: Option<i32>,
}

/// `POST /job-fairs/{id}/cancel`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CancelInput {
    pub reason: String,
}

/// Filters of `GET /job-fairs`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct FairFilter {
    /// hr/admin only: any status; everyone else sees published fairs.
    pub status: Option<FairStatus>,
    /// Fairs starting in this year (Asia/Shanghai).
    #[serde(default, deserialize_with = "crate::validation::query_year")]
    pub year: Option<i32>,
    /// Only fairs where this enterprise has an approved booth (a position's page links to them).
    pub enterprise_id: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// A row of `fair_registrations`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = fair_registrations)]
pub struct RegistrationRow {
    pub id: String,
    pub fair_id: String,
    pub user_id: String,
    pub status: String,
    pub ticket_code: Option<String>,
    pub waitlisted_at: Option<NaiveDateTime>,
    pub checked_in_at: Option<NaiveDateTime>,
    pub checked_in_by: Option<String>,
    pub reminded_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Registration status.
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
pub enum RegistrationStatus {
    /// Has a place and a ticket.
    Registered,
    /// On the waiting list, no ticket yet.
    Waitlisted,
    /// Scanned at the door.
    CheckedIn,
    /// Cancelled by the applicant, or by the fair's cancellation.
    Cancelled,
}

impl RegistrationStatus {
    /// Read a stored name; an unknown one reads as cancelled, which grants nothing.
    pub fn parse(s: &str) -> Self {
        s.parse().unwrap_or(RegistrationStatus::Cancelled)
    }
}

/// The actions that move a registration (see [`crate::fairs::rules::REGISTRATION`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::EnumString, strum::IntoStaticStr, strum::EnumIter)]
#[strum(serialize_all = "snake_case")]
pub enum RegistrationAction {
    /// The applicant (or the fair's cancellation) gives up the place or the waiting-list spot.
    Cancel,
    /// A freed place goes to the first person waiting.
    Promote,
    /// The ticket is scanned at the door.
    CheckIn,
}

/// `POST /job-fairs/{id}/registrations`.
#[derive(Debug, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct SignupInput {
    /// Join the waiting list when the fair is full (default true); false answers 409 instead.
    pub waitlist: Option<bool>,
}

/// A registration (sign-up) as the applicant and HR see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = FairRegistration)]
pub struct RegistrationView {
    pub id: String,
    pub job_fair_id: String,
    pub user_id: String,
    pub status: RegistrationStatus,
    /// The door ticket (shown as a QR code); none while waitlisted or cancelled.
    pub ticket_code: Option<String>,
    /// 1-based place on the waiting list.
    pub waitlist_position: Option<i64>,
    pub checked_in_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    /// The fair, for lists of my tickets.
    pub fair_title: Option<String>,
    pub fair_starts_at: Option<DateTime<Utc>>,
    pub fair_venue: Option<String>,
    /// The applicant's name and e-mail, for HR lists.
    pub full_name: Option<String>,
    pub email: Option<String>,
}

crate::page_of!(RegistrationPage, RegistrationView);

/// `POST /job-fairs/{id}/check-in`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckInInput {
    pub ticket_code: String,
}

/// The answer to a scan at the door.
#[derive(Debug, Serialize, ToSchema)]
pub struct CheckInResult {
    /// False when the ticket had already been scanned (nothing changed).
    pub first_scan: bool,
    /// "Checked in" or "Already checked in at …", for the door staff.
    pub message: String,
    pub registration: RegistrationView,
}

/// Filters of `GET /job-fairs/{id}/registrations` (hr/admin).
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct RegistrationFilter {
    pub status: Option<RegistrationStatus>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
    /// `csv` to download the list.
    pub format: Option<String>,
}

/// Statistics of one fair.
#[derive(Debug, Serialize, ToSchema, PartialEq, Eq)]
pub struct FairStats {
    pub job_fair_id: String,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    /// Registered or checked in.
    pub registrations: i64,
    pub waitlisted: i64,
    pub check_ins: i64,
    /// Registered but not checked in, once the fair is finished (0 before).
    pub no_shows: i64,
    /// Enterprises with an approved booth.
    pub enterprises: i64,
    /// Positions brought to approved booths.
    pub positions: i64,
    /// Employment intents recorded (not withdrawn).
    pub intents: i64,
    /// Intents confirmed as signed.
    pub signed: i64,
}

/// Statistics over all fairs of a year.
#[derive(Debug, Serialize, ToSchema)]
pub struct YearStats {
    pub year: i32,
    /// Fairs held (finished) that year.
    pub fairs: i64,
    pub registrations: i64,
    pub check_ins: i64,
    pub enterprises: i64,
    pub positions: i64,
    pub intents: i64,
    pub signed: i64,
    pub per_fair: Vec<FairStats>,
}
