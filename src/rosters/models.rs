//! Allowance roster rows, statuses and the shapes the roster API reads and writes.

use crate::db::schema::{allowance_batches, allowance_rows};
use crate::money::Fen;
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

crate::stored_enum! {
    /// A roster batch's status. Finance's refusal sends a submitted batch back to draft with a reason.
    pub enum RosterStatus {
        /// HR imports and corrects rows.
        Draft,
        /// Waiting for finance.
        Submitted,
        /// Finance approved: budget reserved, one payout per row created.
        Approved,
        /// Every payout of the batch is paid.
        Paid,
    }
}

crate::stored_enum! {
    /// Actions on a roster batch.
    pub enum RosterAction {
        /// Replace the rows (draft only).
        Import,
        /// draft → submitted
        Submit,
        /// submitted → approved
        Approve,
        /// submitted → draft, with a reason
        Reject,
        /// approved → paid
        Settle,
    }
}

/// A row of `allowance_batches`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = allowance_batches)]
pub struct RosterRow {
    pub id: String,
    pub policy_id: String,
    pub batch_no: i32,
    pub period: String,
    pub title: String,
    pub year: i32,
    pub status: String,
    pub row_count: i32,
    pub total_fen: i64,
    pub created_by: String,
    pub imported_by: Option<String>,
    pub submitted_by: Option<String>,
    pub approved_by: Option<String>,
    pub reject_reason: Option<String>,
    pub approved_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A row of `allowance_rows`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = allowance_rows)]
pub struct RecipientRow {
    pub id: String,
    pub batch_id: String,
    pub policy_id: String,
    pub period: String,
    pub row_no: i32,
    pub full_name: String,
    pub id_number_enc: String,
    pub id_number_hash: String,
    pub id_number_masked: String,
    pub employer: String,
    pub role: String,
    pub amount_fen: i64,
    pub bank_name: String,
    pub bank_account_enc: String,
    pub bank_account_masked: String,
    pub note: Option<String>,
    pub talent_user_id: Option<String>,
    pub created_at: NaiveDateTime,
}

/// `POST /allowance-batches`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RosterInput {
    /// A policy of kind `roster`.
    pub policy_id: String,
    /// 第N批 (unique per policy).
    pub batch_no: i32,
    /// The month or range it pays for: `2020-02` or `2020-01~2020-03`.
    pub period: String,
    pub title: String,
}

/// `POST …/reject`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RosterReject {
    pub reason: String,
}

/// Sums by a grouping value (工作单位 or 岗位).
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct Group {
    pub name: String,
    pub count: i64,
    pub total_fen: Fen,
}

/// A batch as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RosterView {
    pub id: String,
    pub policy_id: String,
    pub policy_name: String,
    pub batch_no: i32,
    pub period: String,
    pub title: String,
    pub year: i32,
    pub status: RosterStatus,
    pub row_count: i32,
    pub total_fen: Fen,
    /// Finance's last refusal, if the batch came back.
    pub reject_reason: Option<String>,
    /// What the caller may do now (`import`, `submit`, `approve`, `reject`).
    pub actions: Vec<String>,
    /// By 工作单位 (detail only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by_employer: Option<Vec<Group>>,
    /// By 岗位 (detail only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by_role: Option<Vec<Group>>,
    /// The year's budget left (detail only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remaining_fen: Option<Fen>,
    /// A refused upload's annotated workbook can be downloaded.
    pub has_import_errors: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Filters of `GET /allowance-batches`.
#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct RosterFilter {
    pub policy_id: Option<String>,
    pub status: Option<RosterStatus>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

crate::page_of!(RosterPage, RosterView);

/// One recipient as the API shows them (ID and account masked).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RecipientView {
    pub id: String,
    pub row_no: i32,
    pub full_name: String,
    pub id_number_masked: String,
    pub employer: String,
    pub role: String,
    pub amount_fen: Fen,
    pub bank_name: String,
    pub bank_account_masked: String,
    pub note: Option<String>,
    /// The person also has a talent profile (linked by the keyed ID hash).
    pub linked: bool,
}

/// Filters of `GET /allowance-batches/{id}/rows`.
#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct RecipientFilter {
    /// Part of the name, 工作单位 or 岗位.
    pub q: Option<String>,
    /// `xlsx` downloads every row (masked).
    pub format: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

crate::page_of!(RecipientPage, RecipientView);

/// The outcome of an accepted import.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ImportOutcome {
    pub rows: i32,
    pub total_fen: Fen,
    /// Rows whose bank account fails the Luhn check (a warning, not an error).
    pub warnings: Vec<crate::error::RowError>,
}
