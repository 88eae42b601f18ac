//! Payout rows, statuses and the shapes the payout API reads and writes.

use crate::db::schema::{payout_attempts, payout_batches, payouts};
use crate::money::Fen;
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

crate::stored_enum! {
    /// Where the money of a payout comes from.
    pub enum SourceKind {
        /// An awarded subsidy application.
        SubsidyApplication,
        /// An approved allowance roster row.
        RosterRow,
    }
}

crate::stored_enum! {
    /// A payout's status. A failed try returns the payout to `pending` (with the reason) so it
    /// can go into a later batch as a new attempt; `paid` and `cancelled` are final.
    pub enum PayoutStatus {
        /// Waiting for a batch.
        Pending,
        /// In a draft or approved batch.
        InBatch,
        /// In a bank file sent to the bank.
        Exported,
        /// The bank paid it.
        Paid,
        /// Given up for good; its budget reservation is released.
        Cancelled,
    }
}

crate::stored_enum! {
    /// One try to pay.
    pub enum AttemptStatus {
        /// In a batch not yet exported.
        InBatch,
        /// In an exported bank file.
        Exported,
        /// Paid.
        Paid,
        /// The bank refused it.
        Failed,
        /// Taken out of a draft batch (or the batch was cancelled).
        Removed,
    }
}

crate::stored_enum! {
    /// A payout batch's status.
    pub enum BatchStatus {
        /// Built by one finance user; may change or be cancelled.
        Draft,
        /// Approved by a second finance user.
        Approved,
        /// The bank file was downloaded.
        Exported,
        /// Every payout in it is paid or failed.
        Closed,
        /// Cancelled while a draft.
        Cancelled,
    }
}

crate::stored_enum! {
    /// Actions on a batch.
    pub enum BatchAction {
        /// draft → approved (a second finance user)
        Approve,
        /// approved → exported (bank file downloaded)
        Export,
        /// exported → closed (every result in)
        Close,
        /// draft → cancelled
        Cancel,
    }
}

/// A row of `payouts`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = payouts)]
pub struct PayoutRow {
    pub id: String,
    pub source_kind: String,
    pub source_id: String,
    pub reference: String,
    pub policy_id: String,
    pub year: i32,
    pub recipient_user_id: Option<String>,
    pub recipient_name: String,
    pub bank_name: Option<String>,
    pub bank_account_enc: Option<String>,
    pub bank_account_masked: Option<String>,
    pub account_field: Option<String>,
    pub account_owner: Option<String>,
    pub amount_fen: i64,
    pub status: String,
    pub flag: Option<String>,
    pub last_failure: Option<String>,
    pub paid_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A row of `payout_batches`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = payout_batches)]
pub struct BatchRow {
    pub id: String,
    pub batch_no: String,
    pub status: String,
    pub created_by: String,
    pub approved_by: Option<String>,
    pub approved_at: Option<NaiveDateTime>,
    pub exported_at: Option<NaiveDateTime>,
    pub export_sha256: Option<String>,
    pub closed_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A row of `payout_attempts`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = payout_attempts)]
pub struct AttemptRow {
    pub id: String,
    pub payout_id: String,
    pub batch_id: String,
    pub status: String,
    pub bank_reference: Option<String>,
    pub failure_reason: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// One try to pay, as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AttemptView {
    pub batch_id: String,
    pub status: AttemptStatus,
    pub bank_reference: Option<String>,
    pub failure_reason: Option<String>,
    pub at: DateTime<Utc>,
}

/// A payout as finance sees it (the account masked; the full number only in the bank file).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PayoutView {
    pub id: String,
    /// Matches the bank's result file (备注).
    pub reference: String,
    pub source_kind: SourceKind,
    pub source_id: String,
    pub policy_id: String,
    pub policy_name: String,
    pub year: i32,
    pub recipient_name: String,
    pub bank_name: Option<String>,
    pub bank_account_masked: Option<String>,
    pub amount_fen: Fen,
    pub status: PayoutStatus,
    /// Why finance should look before batching (`account_changed`, `no_account`).
    pub flag: Option<String>,
    pub last_failure: Option<String>,
    pub attempts: Vec<AttemptView>,
    pub paid_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// Filters of `GET /payouts`.
#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PayoutFilter {
    pub status: Option<PayoutStatus>,
    pub policy_id: Option<String>,
    pub source_kind: Option<SourceKind>,
    #[serde(default, deserialize_with = "crate::validation::query_year")]
    pub year: Option<i32>,
    /// Only flagged (true) or only unflagged (false).
    pub flagged: Option<bool>,
    pub batch_id: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// A page of payouts with the total amount of every matching row.
#[derive(Debug, Serialize, ToSchema)]
pub struct PayoutPage {
    pub items: Vec<PayoutView>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
    /// Sum of `amount_fen` over every matching row (all pages).
    pub total_fen: Fen,
}

/// What the applicant sees of their own payouts.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MyPayoutView {
    pub id: String,
    pub policy_name: String,
    pub amount_fen: Fen,
    pub status: PayoutStatus,
    pub bank_account_masked: Option<String>,
    pub last_failure: Option<String>,
    pub paid_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// `POST /payout-batches`: the payouts to pay, named or all pending of a policy.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BatchInput {
    pub payout_ids: Option<Vec<String>>,
    pub policy_id: Option<String>,
    pub source_kind: Option<SourceKind>,
}

/// A batch as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BatchView {
    pub id: String,
    /// `PB20261201-0001`
    pub batch_no: String,
    pub status: BatchStatus,
    pub created_by: String,
    pub approved_by: Option<String>,
    pub count: i64,
    pub total_fen: Fen,
    /// What the caller may do now (`approve`, `cancel`, `export`, `results`).
    pub actions: Vec<String>,
    pub export_sha256: Option<String>,
    pub approved_at: Option<DateTime<Utc>>,
    pub exported_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// Filters of `GET /payout-batches`.
#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct BatchFilter {
    pub status: Option<BatchStatus>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

crate::page_of!(BatchPage, BatchView);

/// `POST /payouts/{id}/mark-paid`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MarkPaidInput {
    /// The bank's transaction reference.
    pub bank_reference: String,
}

/// `POST /payouts/{id}/mark-failed` and `…/cancel`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FailureInput {
    pub reason: String,
}

/// Query of `GET /payout-batches/{id}/bank-file`.
#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct BankFileQuery {
    /// `xlsx` (default), `csv` or `txt` (both GBK).
    pub format: Option<String>,
}

/// Counts and sums of one status.
#[derive(Debug, Clone, Default, Serialize, ToSchema, PartialEq, Eq)]
pub struct Tally {
    pub count: i64,
    pub amount_fen: Fen,
}

/// `GET /payout-batches/{id}/reconciliation`.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct Reconciliation {
    pub batch_id: String,
    pub exported: Tally,
    pub paid: Tally,
    pub failed: Tally,
    /// In the batch, no result yet.
    pub pending: Tally,
}

/// One policy and year of `GET /payouts/summary`.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct PolicySummary {
    pub policy_id: String,
    pub policy_name: String,
    pub year: i32,
    pub pending: Tally,
    pub in_batch: Tally,
    pub exported: Tally,
    pub paid: Tally,
    pub cancelled: Tally,
    /// The policy's budget figures for the year.
    pub budget_fen: Fen,
    pub reserved_fen: Fen,
    pub paid_budget_fen: Fen,
}

/// Query of `GET /payouts/summary`.
#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct SummaryQuery {
    #[serde(default, deserialize_with = "crate::validation::query_year")]
    pub year: Option<i32>,
}

/// The outcome of a result file.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ResultsOutcome {
    pub batch_id: String,
    pub paid: i64,
    pub failed: i64,
    /// The batch closed with this file.
    pub closed: bool,
}
