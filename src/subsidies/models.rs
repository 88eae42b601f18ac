//! Subsidy rows, statuses and the shapes the subsidy API reads and writes.

use crate::attachments::models::AttachmentKind;
use crate::db::schema::{
    subsidy_application_files, subsidy_applications, subsidy_budgets, subsidy_events, subsidy_notices,
    subsidy_objections, subsidy_policies,
};
use crate::money::Fen;
use crate::subsidies::eligibility::{Criterion, CriterionResult};
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

crate::stored_enum! {
    /// Policy status: rules are editable only in draft; an active policy never changes its rules.
    pub enum PolicyStatus {
        /// Being written by the administrator.
        Draft,
        /// Open for applications (within its window) or rosters.
        Active,
        /// No longer taking applications.
        Closed,
    }
}

crate::stored_enum! {
    /// How people come to a subsidy.
    pub enum PolicyKind {
        /// People apply (创新创业补贴).
        Application,
        /// HR pays a list of recipients (allowance rosters).
        Roster,
    }
}

crate::stored_enum! {
    /// How the amount is decided.
    pub enum AmountRule {
        /// Everyone gets `amount_fen`.
        Fixed,
        /// HR grants an amount up to `amount_fen`.
        UpTo,
    }
}

crate::stored_enum! {
    /// Actions on a policy.
    pub enum PolicyAction {
        /// draft → active
        Activate,
        /// active → closed
        Close,
    }
}

crate::stored_enum! {
    /// The full state of an application, as HR and finance see it.
    pub enum SubsidyApplicationStatus {
        /// Being written by the applicant.
        Draft,
        /// Waiting for HR.
        Submitted,
        /// HR asked for more; the applicant may amend and resubmit.
        Returned,
        /// Amended and waiting for HR again.
        Resubmitted,
        /// Withdrawn by the applicant.
        Withdrawn,
        /// HR approved an amount; waiting for finance.
        HrApproved,
        /// HR refused.
        Rejected,
        /// Finance approved; the budget is reserved.
        FinanceApproved,
        /// Finance refused.
        FinanceRejected,
        /// On public notice (公示).
        InNotice,
        /// The notice passed; handed to payouts.
        Awarded,
        /// An objection during the notice was upheld; the reservation is released.
        ObjectionUpheld,
    }
}

crate::stored_enum! {
    /// Actions that move an application.
    pub enum ApplicationAction {
        /// draft → submitted
        Submit,
        /// returned → resubmitted
        Resubmit,
        /// the applicant withdraws before HR approves
        Withdraw,
        /// HR asks for more
        Return,
        /// HR refuses
        Reject,
        /// HR approves an amount
        Approve,
        /// finance approves and reserves the budget
        FinanceApprove,
        /// finance refuses
        FinanceReject,
        /// HR puts it on public notice
        Publish,
        /// the notice passed quietly
        Award,
        /// an objection was upheld
        UpholdObjection,
    }
}

crate::stored_enum! {
    /// What the applicant is told (worded for them; never the internal names).
    pub enum ApplicantStatus {
        /// 草稿
        Draft,
        /// 提交成功
        Submitted,
        /// 退回补充材料
        Returned,
        /// 审核中
        UnderReview,
        /// 已通过
        Approved,
        /// 未通过
        NotApproved,
        /// 公示中
        InNotice,
        /// 已核定，待发放
        Awarded,
        /// 已撤回
        Withdrawn,
    }
}

crate::stored_enum! {
    /// Public notice status.
    pub enum NoticeStatus {
        /// Running, or past its end with an objection still open.
        Open,
        /// Over; every application on it is awarded or upheld.
        Closed,
    }
}

crate::stored_enum! {
    /// An objection's status.
    pub enum ObjectionStatus {
        /// Waiting for HR.
        Open,
        /// HR agreed; the application is out.
        Upheld,
        /// HR found no ground.
        Dismissed,
    }
}

/// A row of `subsidy_policies`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = subsidy_policies, treat_none_as_null = true)]
pub struct PolicyRow {
    pub id: String,
    pub code: String,
    pub version: i32,
    pub name: String,
    pub description: Option<String>,
    pub document_no: String,
    pub kind: String,
    pub amount_rule: String,
    pub amount_fen: i64,
    pub exclusive_group: Option<String>,
    pub required_attachments: String,
    pub eligibility: String,
    pub opens_at: NaiveDateTime,
    pub closes_at: NaiveDateTime,
    pub notice_days: i32,
    pub status: String,
    pub created_by: String,
    pub activated_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A row of `subsidy_budgets`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = subsidy_budgets)]
pub struct BudgetRow {
    pub policy_id: String,
    pub year: i32,
    pub budget_fen: i64,
    pub reserved_fen: i64,
    pub paid_fen: i64,
    pub updated_at: NaiveDateTime,
}

/// A row of `subsidy_applications`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = subsidy_applications)]
pub struct ApplicationRow {
    pub id: String,
    pub policy_id: String,
    pub applicant_id: String,
    pub year: i32,
    pub exclusive_group: Option<String>,
    pub requested_fen: i64,
    pub granted_fen: Option<i64>,
    pub statement: String,
    pub status: String,
    pub hr_decided_by: Option<String>,
    pub finance_decided_by: Option<String>,
    pub notice_id: Option<String>,
    pub policy_snapshot: Option<String>,
    pub profile_snapshot: Option<String>,
    pub submitted_at: Option<NaiveDateTime>,
    pub decided_at: Option<NaiveDateTime>,
    pub awarded_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A row of `subsidy_application_files`: the attachment as it was when attached.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = subsidy_application_files)]
pub struct ApplicationFileRow {
    pub application_id: String,
    pub attachment_id: String,
    pub kind: String,
    pub file_name: String,
    pub sha256: String,
}

/// A row of `subsidy_events`: one transition of an application.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = subsidy_events)]
pub struct EventRow {
    pub id: String,
    pub application_id: String,
    pub action: String,
    pub from_status: Option<String>,
    pub to_status: String,
    pub actor_id: Option<String>,
    pub actor_role: Option<String>,
    pub reason: Option<String>,
    pub amount_fen: Option<i64>,
    pub created_at: NaiveDateTime,
}

/// A row of `subsidy_notices`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = subsidy_notices)]
pub struct NoticeRow {
    pub id: String,
    pub policy_id: String,
    pub status: String,
    pub published_by: String,
    pub published_at: NaiveDateTime,
    pub ends_at: NaiveDateTime,
    pub closed_at: Option<NaiveDateTime>,
}

/// A row of `subsidy_objections`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = subsidy_objections)]
pub struct ObjectionRow {
    pub id: String,
    pub notice_id: String,
    pub application_id: String,
    pub reason: String,
    pub contact: String,
    pub ip: Option<String>,
    pub status: String,
    pub resolution_note: Option<String>,
    pub resolved_by: Option<String>,
    pub resolved_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

/// A year's budget of a policy, as written by the administrator.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct BudgetInput {
    /// Calendar year (Asia/Shanghai).
    pub year: i32,
    /// The year's budget in fen.
    pub budget_fen: Fen,
}

/// `POST /subsidy-policies` and `PATCH /subsidy-policies/{id}` (draft only).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PolicyInput {
    /// Unique code, e.g. `CXCY-2026` (letters, digits, dashes).
    pub code: String,
    pub name: String,
    pub description: Option<String>,
    /// The policy document's number (文号).
    pub document_no: String,
    pub kind: PolicyKind,
    pub amount_rule: AmountRule,
    /// The fixed amount, or the cap for `up_to`.
    pub amount_fen: Fen,
    pub budgets: Vec<BudgetInput>,
    /// One award of a group per person and year (就高不重复).
    pub exclusive_group: Option<String>,
    #[serde(default)]
    pub required_attachments: Vec<AttachmentKind>,
    #[serde(default)]
    pub eligibility: Vec<Criterion>,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    /// Calendar days of public notice (default 5).
    pub notice_days: Option<i32>,
}

/// `PUT /subsidy-policies/{id}/budgets/{year}`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BudgetAmount {
    /// The year's budget in fen; never below what is reserved and paid.
    pub budget_fen: Fen,
}

/// A year's budget and how much of it is used.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct BudgetView {
    pub year: i32,
    pub budget_fen: Fen,
    /// Approved by finance, not yet paid.
    pub reserved_fen: Fen,
    pub paid_fen: Fen,
    /// budget − reserved − paid; never negative.
    pub remaining_fen: Fen,
}

/// A policy as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PolicyView {
    pub id: String,
    pub code: String,
    pub version: i32,
    pub name: String,
    pub description: Option<String>,
    pub document_no: String,
    pub kind: PolicyKind,
    pub amount_rule: AmountRule,
    pub amount_fen: Fen,
    pub exclusive_group: Option<String>,
    pub required_attachments: Vec<AttachmentKind>,
    pub eligibility: Vec<Criterion>,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub notice_days: i32,
    pub status: PolicyStatus,
    /// True when applications are taken now (active and inside the window).
    pub open_now: bool,
    /// Budgets per year (hr, finance and admin only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub budgets: Option<Vec<BudgetView>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Filters of `GET /subsidy-policies`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PolicyFilter {
    /// Staff only; everyone else sees active policies.
    pub status: Option<PolicyStatus>,
    pub kind: Option<PolicyKind>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

crate::page_of!(PolicyPage, PolicyView);

/// `GET /subsidy-policies/{id}/eligibility`: the machine's check, criterion by criterion.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EligibilityView {
    pub eligible: bool,
    pub criteria: Vec<CriterionResult>,
    /// The profile is missing or incomplete (nothing can be checked).
    pub profile_complete: bool,
}

/// Query of `GET /subsidy-policies/{id}/budget`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct BudgetQuery {
    /// Defaults to the current year (Asia/Shanghai).
    #[serde(default, deserialize_with = "crate::validation::query_year")]
    pub year: Option<i32>,
}

/// `POST /subsidy-applications` and `PATCH /subsidy-applications/{id}`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubsidyApplicationInput {
    /// Only when creating.
    pub policy_id: Option<String>,
    /// For `fixed` policies, leave out (the fixed amount is used).
    pub requested_fen: Option<Fen>,
    pub statement: String,
    /// The applicant's own attachments.
    #[serde(default)]
    pub attachment_ids: Vec<String>,
}

/// `POST …/return`, `…/reject`, `…/finance-reject`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubsidyReasonInput {
    pub reason: String,
}

/// `POST …/approve` (HR).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApproveInput {
    /// ≤ the cap for `up_to`; must equal the amount for `fixed` (may be left out then).
    pub granted_fen: Option<Fen>,
    pub note: Option<String>,
}

/// A file attached to an application.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ApplicationFileView {
    pub attachment_id: String,
    pub kind: AttachmentKind,
    pub file_name: String,
}

/// An application as the API shows it. `status` is for staff; applicants see `applicant_status`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ApplicationView {
    pub id: String,
    pub policy_id: String,
    pub policy_code: String,
    pub policy_name: String,
    pub amount_rule: AmountRule,
    pub year: i32,
    pub requested_fen: Fen,
    pub granted_fen: Option<Fen>,
    pub statement: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<SubsidyApplicationStatus>,
    pub applicant_status: ApplicantStatus,
    /// What the applicant may do now (`submit`, `withdraw`, `edit`), or staff may do.
    pub actions: Vec<String>,
    pub files: Vec<ApplicationFileView>,
    /// The latest reason given to the applicant (return or refusal).
    pub reason: Option<String>,
    /// Staff only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub applicant_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub applicant_email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub applicant_id: Option<String>,
    /// Staff only: the machine's eligibility check at the last submission.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eligibility: Option<Vec<CriterionResult>>,
    pub notice_id: Option<String>,
    pub notice_ends_at: Option<DateTime<Utc>>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub awarded_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Filters of `GET /subsidy-applications`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ApplicationFilter {
    /// Staff only.
    pub status: Option<SubsidyApplicationStatus>,
    pub policy_id: Option<String>,
    #[serde(default, deserialize_with = "crate::validation::query_year")]
    pub year: Option<i32>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

crate::page_of!(SubsidyApplicationPage, ApplicationView);

/// One transition in an application's history.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HistoryEntry {
    pub action: ApplicationAction,
    /// Staff only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_status: Option<SubsidyApplicationStatus>,
    /// Staff only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_status: Option<SubsidyApplicationStatus>,
    /// What the applicant saw after this step.
    pub applicant_status: ApplicantStatus,
    /// Staff only: who acted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor_id: Option<String>,
    pub actor_role: Option<String>,
    pub reason: Option<String>,
    pub amount_fen: Option<Fen>,
    pub at: DateTime<Utc>,
}

/// `POST /subsidy-notices`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoticeInput {
    pub policy_id: String,
    /// Finance-approved applications of that policy.
    pub application_ids: Vec<String>,
}

/// One awardee on a public notice: nothing personal beyond a masked name.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NoticeEntry {
    pub application_id: String,
    /// `张*三`
    pub masked_name: String,
    /// Employer or enterprise, if any.
    pub employer: Option<String>,
    pub amount_fen: Fen,
}

/// A public notice.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NoticeView {
    pub id: String,
    pub policy_id: String,
    pub policy_name: String,
    pub document_no: String,
    pub status: NoticeStatus,
    pub published_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// Objections may be raised now.
    pub objections_open: bool,
    pub entries: Vec<NoticeEntry>,
    pub total_fen: Fen,
}

/// Filters of `GET /subsidy-notices`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct NoticeFilter {
    pub status: Option<NoticeStatus>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

crate::page_of!(NoticePage, NoticeView);

/// `POST /subsidy-notices/{id}/objections` (anyone).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ObjectionInput {
    pub application_id: String,
    pub reason: String,
    /// How HR can reach the objector (phone or e-mail).
    pub contact: String,
}

/// `POST /subsidy-objections/{id}/uphold` and `…/dismiss`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResolutionInput {
    pub note: String,
}

/// An objection as HR sees it (the public only gets a receipt).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ObjectionView {
    pub id: String,
    pub notice_id: String,
    pub application_id: String,
    pub masked_name: String,
    pub reason: String,
    pub contact: String,
    pub status: ObjectionStatus,
    pub resolution_note: Option<String>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// What the objector is told.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ObjectionReceipt {
    pub id: String,
    pub message: String,
}
