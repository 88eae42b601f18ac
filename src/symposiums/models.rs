//! Symposium and invitation rows and their API shapes.

use crate::catalog::{EducationLevel, TalentCategory};
use crate::db::schema::{symposium_invitations, symposiums};
use crate::db::to_utc;
use crate::talents::models::TalentFilter;
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

crate::stored_enum! {
    /// What kind of symposium.
    pub enum SymposiumKind {
        /// 科技人才座谈会
        SciTech,
        /// 青年人才座谈会
        Youth,
        /// Any other.
        Other,
    }
}

crate::stored_enum! {
    /// Symposium status.
    pub enum SymposiumStatus {
        /// Being prepared; nobody invited yet.
        Draft,
        /// Invitations sent; invitees answer.
        Invited,
        /// It took place; attendance and summary are recorded.
        Held,
        /// Called off.
        Cancelled,
    }
}

crate::stored_enum! {
    /// Actions on a symposium (see [`crate::symposiums::rules::SYMPOSIUM`]).
    pub enum SymposiumAction {
        /// draft|invited → invited (send invitations).
        Invite,
        /// Change the details (draft|invited).
        Edit,
        /// invited → held.
        Hold,
        /// draft|invited → cancelled.
        Cancel,
        /// Record attendance or the summary (held).
        Record,
    }
}

crate::stored_enum! {
    /// An invitee's answer.
    pub enum Rsvp {
        /// Not answered yet.
        Pending,
        /// Will come.
        Accepted,
        /// Will not come.
        Declined,
    }
}

/// A row of `symposiums`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = symposiums)]
pub struct SymposiumRow {
    pub id: String,
    pub kind: String,
    pub title: String,
    pub starts_at: NaiveDateTime,
    pub venue: String,
    pub capacity: Option<i32>,
    pub agenda: Option<String>,
    pub status: String,
    pub summary: Option<String>,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A row of `symposium_invitations`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = symposium_invitations)]
pub struct InvitationRow {
    pub id: String,
    pub symposium_id: String,
    pub user_id: String,
    pub response: String,
    pub responded_at: Option<NaiveDateTime>,
    pub attended: Option<bool>,
    pub invited_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// `POST /symposiums` and `PUT /symposiums/{id}`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SymposiumInput {
    pub kind: SymposiumKind,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub venue: String,
    /// Most invitations; none for no limit.
    pub capacity: Option<i32>,
    pub agenda: Option<String>,
}

/// `POST /symposiums/{id}/hold` and `PUT /symposiums/{id}/summary`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SummaryInput {
    /// What was discussed; required when recording it.
    pub summary: Option<String>,
}

/// The talent-pool filter an invitation round uses (the same fields as `GET /talents`).
#[derive(Debug, Clone, Default, Deserialize, ToSchema, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct InviteFilter {
    /// Part of the name, e-mail, school, major, skill or employer.
    pub q: Option<String>,
    pub category: Option<TalentCategory>,
    /// Highest education level.
    pub education: Option<EducationLevel>,
    /// Part of a major.
    pub major: Option<String>,
    pub graduation_year: Option<i32>,
    /// A skill (exact, case-insensitive).
    pub skill: Option<String>,
}

impl InviteFilter {
    /// The pool's own filter with the same criteria.
    pub fn talent_filter(&self) -> TalentFilter {
        TalentFilter {
            q: self.q.clone(),
            category: self.category,
            education: self.education,
            major: self.major.clone(),
            graduation_year: self.graduation_year,
            skill: self.skill.clone(),
            ..TalentFilter::default()
        }
    }
}

/// How many people a filter reaches.
#[derive(Debug, Serialize, ToSchema)]
pub struct InvitePreview {
    /// Profiles matching the filter.
    pub matching: i64,
    /// Of those, already invited.
    pub already_invited: i64,
    /// Would be invited now.
    pub new: i64,
}

/// The result of an invitation round.
#[derive(Debug, Serialize, ToSchema)]
pub struct InviteResult {
    /// Invitations created (and mailed) now.
    pub invited: i64,
    /// Matching people invited before, skipped.
    pub skipped: i64,
    pub symposium: SymposiumView,
}

/// `POST /symposium-invitations/{id}/rsvp`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RsvpInput {
    /// `accepted` or `declined`.
    pub response: Rsvp,
}

/// One line of `PUT /symposiums/{id}/attendance`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttendanceEntry {
    pub invitation_id: String,
    pub attended: bool,
}

/// `PUT /symposiums/{id}/attendance`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttendanceInput {
    pub entries: Vec<AttendanceEntry>,
}

/// A symposium as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = Symposium)]
pub struct SymposiumView {
    pub id: String,
    pub kind: SymposiumKind,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub venue: String,
    pub capacity: Option<i32>,
    pub agenda: Option<String>,
    pub status: SymposiumStatus,
    pub summary: Option<String>,
    /// Invitations sent.
    pub invited: i64,
    /// Invitees who accepted.
    pub accepted: i64,
    /// Invitees recorded as attending.
    pub attended: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Per-symposium invitation counts: (invited, accepted, attended).
pub type Counts = (i64, i64, i64);

impl SymposiumView {
    /// Shape a row with its counts.
    pub fn of(r: &SymposiumRow, counts: Counts) -> Self {
        SymposiumView {
            id: r.id.clone(),
            kind: r.kind.parse().unwrap_or(SymposiumKind::Other),
            title: r.title.clone(),
            starts_at: to_utc(r.starts_at),
            venue: r.venue.clone(),
            capacity: r.capacity,
            agenda: r.agenda.clone(),
            status: r.status.parse().unwrap_or(SymposiumStatus::Draft),
            summary: r.summary.clone(),
            invited: counts.0,
            accepted: counts.1,
            attended: counts.2,
            created_at: to_utc(r.created_at),
            updated_at: to_utc(r.updated_at),
        }
    }
}

crate::page_of!(SymposiumPage, SymposiumView);

/// An invitation as HR sees it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = SymposiumInvitation)]
pub struct InvitationView {
    pub id: String,
    pub symposium_id: String,
    pub user_id: String,
    /// The invitee's name from the profile, else the account's display name.
    pub name: String,
    pub response: Rsvp,
    pub responded_at: Option<DateTime<Utc>>,
    /// Recorded after the symposium is held; none before.
    pub attended: Option<bool>,
    pub created_at: DateTime<Utc>,
}

crate::page_of!(InvitationPage, InvitationView);

/// One of my symposium invitations (`GET /me/symposiums`).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MySymposium {
    /// The invitation (for the RSVP).
    pub invitation_id: String,
    pub symposium_id: String,
    pub kind: SymposiumKind,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub venue: String,
    pub agenda: Option<String>,
    pub status: SymposiumStatus,
    pub response: Rsvp,
    pub attended: Option<bool>,
    /// The summary, once held, for those who attended.
    pub summary: Option<String>,
}

crate::page_of!(MySymposiumPage, MySymposium);

/// `?page=&per_page=` and an optional status.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct SymposiumQuery {
    pub status: Option<SymposiumStatus>,
    pub kind: Option<SymposiumKind>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// `?page=&per_page=`
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PageQuery {
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// Symposiums held and attendance within a period (for the reports).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct YearFigures {
    /// Symposiums held that started in the period.
    pub held: i64,
    /// Attendances recorded at them (person-times).
    pub attendance: i64,
}
