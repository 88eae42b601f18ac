//! Round and candidate rows of the village plan and their API shapes.

use crate::db::schema::{village_plan_candidates, village_plan_rounds};
use crate::db::to_utc;
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A row of `village_plan_rounds`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = village_plan_rounds)]
pub struct RoundRow {
    pub id: String,
    pub year: i32,
    pub title: String,
    pub description: Option<String>,
    pub status: String,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

crate::stored_enum! {
    /// A round's status.
    pub enum RoundStatus {
        /// Being prepared by HR.
        Draft,
        /// Taking applications.
        Open,
        /// No more applications; results may still be recorded.
        Closed,
    }
}

crate::stored_enum! {
    /// Moves of a round (see [`crate::village_plan::rules::ROUND`]).
    pub enum RoundAction {
        /// draft or closed → open
        Open,
        /// open → closed
        Close,
    }
}

crate::stored_enum! {
    /// A candidacy's status.
    pub enum CandidateStatus {
        /// Applied (or entered by HR), waiting for HR.
        Applied,
        /// Recommended (推荐) to the admitting institutions.
        Recommended,
        /// Not recommended.
        Declined,
        /// Withdrawn by the applicant.
        Withdrawn,
        /// Admitted (录取) to an institution and programme.
        Admitted,
        /// Recommended but not admitted.
        NotAdmitted,
    }
}

crate::stored_enum! {
    /// Moves of a candidacy (see [`crate::village_plan::rules::CANDIDATE`]).
    pub enum CandidateAction {
        /// applied → recommended
        Recommend,
        /// applied → declined
        Decline,
        /// applied → withdrawn
        Withdraw,
        /// recommended → admitted
        Admit,
        /// recommended → not_admitted
        NotAdmit,
    }
}

/// `POST /village-plan/rounds`, `PUT /village-plan/rounds/{id}`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoundInput {
    pub year: i32,
    pub title: String,
    pub description: Option<String>,
}

/// A round as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = VillagePlanRound)]
pub struct RoundView {
    pub id: String,
    pub year: i32,
    pub title: String,
    pub description: Option<String>,
    pub status: RoundStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<&RoundRow> for RoundView {
    fn from(r: &RoundRow) -> Self {
        RoundView {
            id: r.id.clone(),
            year: r.year,
            title: r.title.clone(),
            description: r.description.clone(),
            status: r.status.parse().unwrap_or(RoundStatus::Draft),
            created_at: to_utc(r.created_at),
            updated_at: to_utc(r.updated_at),
        }
    }
}

crate::page_of!(RoundPage, RoundView);

/// Filters of `GET /village-plan/rounds`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct RoundFilter {
    pub status: Option<RoundStatus>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// A row of `village_plan_candidates`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = village_plan_candidates)]
pub struct CandidateRow {
    pub id: String,
    pub round_id: String,
    pub user_id: Option<String>,
    pub full_name: String,
    pub id_number_hash: String,
    pub id_number_masked: String,
    pub phone: String,
    pub email: Option<String>,
    pub village_id: String,
    pub occupation: Option<String>,
    pub status: String,
    pub institution: Option<String>,
    pub programme: Option<String>,
    pub reason: Option<String>,
    pub entered_by: Option<String>,
    pub decided_by: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// `POST /village-plan/rounds/{id}/apply`: the applicant's own candidacy (name, ID and phone come
/// from their profile).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplyInput {
    pub village_id: String,
    /// e.g. 村干部, 青年农民.
    pub occupation: Option<String>,
}

/// `POST /village-plan/rounds/{id}/candidates`: a villager entered by township staff.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CandidateInput {
    pub full_name: String,
    /// Resident ID number (GB 11643); only its keyed hash and masked form are kept.
    pub id_number: String,
    pub phone: String,
    /// Where the steps are mailed, if the person has an address.
    pub email: Option<String>,
    pub village_id: String,
    pub occupation: Option<String>,
}

/// `POST …/admit`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AdmitInput {
    /// e.g. 湖南农业大学.
    pub institution: String,
    /// e.g. 现代农业技术（专科）.
    pub programme: String,
}

/// `POST …/decline`, `…/not-admit` (the reason is optional for not-admitted).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = VillagePlanReason)]
pub struct ReasonInput {
    pub reason: Option<String>,
}

/// A candidacy as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = VillagePlanCandidate)]
pub struct CandidateView {
    pub id: String,
    pub round_id: String,
    pub round_year: i32,
    pub round_title: String,
    pub user_id: Option<String>,
    pub full_name: String,
    /// e.g. `4301**********1234`.
    pub id_number_masked: String,
    pub phone: String,
    pub email: Option<String>,
    pub village_id: String,
    pub village_name: String,
    pub township_name: String,
    pub occupation: Option<String>,
    pub status: CandidateStatus,
    pub institution: Option<String>,
    pub programme: Option<String>,
    pub reason: Option<String>,
    /// True when HR entered the candidate.
    pub entered_by_staff: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

crate::page_of!(CandidatePage, CandidateView);

/// Filters of `GET /village-plan/rounds/{id}/candidates`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct CandidateFilter {
    pub status: Option<CandidateStatus>,
    pub village_id: Option<String>,
    /// Part of the name.
    pub q: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// One poor village of the coverage table.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct CoverageRow {
    pub village_id: String,
    pub village_code: String,
    pub village_name: String,
    pub township_name: String,
    /// Admitted candidates of the year's round from this village (and villages merged into it by then).
    pub admitted: i64,
    /// False: a poor village with nobody admitted yet.
    pub covered: bool,
}

/// `GET /village-plan/rounds/{id}/coverage`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Coverage {
    pub round_id: String,
    pub year: i32,
    /// Poor villages in the round's year.
    pub poor_villages: i64,
    /// Of them, with at least one admitted candidate.
    pub covered: i64,
    /// Uncovered first, then by township and code.
    pub items: Vec<CoverageRow>,
}

/// The plan's counts of one year, for the annual report.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct YearFigures {
    pub year: i32,
    /// Candidacies of the year's round, withdrawn ones left out.
    pub applicants: i64,
    /// Recommended (including those later admitted or not).
    pub recommended: i64,
    pub admitted: i64,
    /// Poor villages in the year with at least one admitted candidate.
    pub poor_villages_covered: i64,
    /// Poor villages in the year.
    pub poor_villages_total: i64,
}

/// Query of `GET /village-plan/figures`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct FiguresQuery {
    #[serde(deserialize_with = "crate::validation::required_query_year")]
    pub from: i32,
    #[serde(deserialize_with = "crate::validation::required_query_year")]
    pub to: i32,
}
