//! Consent and closure rows and the shapes the privacy API reads and writes.

use crate::db::schema::{account_closures, privacy_consents};
use crate::db::to_utc;
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

crate::stored_enum! {
    /// Where a closure request stands.
    pub enum ClosureStatus {
        /// Asked for; HR or an administrator decides.
        Requested,
        /// Approved: the account is closed, its data erased or anonymised.
        Approved,
        /// Rejected with a reason; the account stays open.
        Rejected,
    }
}

crate::stored_enum! {
    /// Decisions on a closure request (see [`crate::privacy::rules::CLOSURE`]).
    pub enum ClosureAction {
        /// requested → approved.
        Approve,
        /// requested → rejected.
        Reject,
    }
}

/// A row of `privacy_consents`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = privacy_consents)]
pub struct ConsentRow {
    pub user_id: String,
    pub notice_version: String,
    pub consented_at: NaiveDateTime,
}

/// A row of `account_closures`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = account_closures)]
pub struct ClosureRow {
    pub id: String,
    pub user_id: String,
    pub status: String,
    pub reason: Option<String>,
    pub requested_at: NaiveDateTime,
    pub decided_by: Option<String>,
    pub decided_at: Option<NaiveDateTime>,
    pub decision_reason: Option<String>,
    pub outcome: Option<String>,
}

/// `GET /privacy-notice`: the notice in force.
#[derive(Debug, Serialize, ToSchema)]
pub struct PrivacyNotice {
    /// Send it back as `privacy_notice_version` when registering.
    pub version: String,
    /// Markdown.
    pub text: String,
}

/// A consent as the person sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConsentView {
    pub notice_version: String,
    pub consented_at: DateTime<Utc>,
}

impl From<&ConsentRow> for ConsentView {
    fn from(r: &ConsentRow) -> Self {
        ConsentView {
            notice_version: r.notice_version.clone(),
            consented_at: to_utc(r.consented_at),
        }
    }
}

/// A closure request (for the person, and for HR with the account named).
#[derive(Debug, Serialize, ToSchema)]
pub struct ClosureView {
    pub id: String,
    pub status: ClosureStatus,
    /// The person's own words, if any.
    pub reason: Option<String>,
    pub requested_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
    /// Why it was rejected.
    pub decision_reason: Option<String>,
    /// Per domain, what was erased and what kept (after approval).
    #[schema(value_type = Option<Object>)]
    pub outcome: Option<serde_json::Value>,
    /// For HR: the account (anonymised once approved).
    pub user_id: String,
    pub email: Option<String>,
    pub display_name: Option<String>,
    pub role: Option<crate::auth::Role>,
}

crate::page_of!(ClosurePage, ClosureView);

/// `POST /me/closure-requests`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClosureInput {
    /// Why (optional, at most 500 characters).
    pub reason: Option<String>,
}

/// `POST /account-closures/{id}/reject`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RejectClosureInput {
    /// Told to the person (required).
    pub reason: String,
}

/// Filters of `GET /account-closures`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ClosureFilter {
    pub status: Option<ClosureStatus>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// `GET /me/data`: everything the portal holds about the caller, one section per domain.
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonalDataExport {
    pub generated_at: DateTime<Utc>,
    /// Section name → what that domain holds (its own screens' shapes).
    #[schema(value_type = Object)]
    pub sections: serde_json::Map<String, serde_json::Value>,
}
