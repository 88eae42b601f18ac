//! The annual report's answer: a stable key for every figure, each with its unit, and the detail
//! lines (per fair, per policy, per allowance batch, per month) the workbook and charts show.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};

/// What a figure counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// 人 (people, places, headcount).
    Person,
    /// 家 (enterprises).
    Enterprise,
    /// 个 (positions, offers, programmes, applications, payouts…).
    Item,
    /// 场 (fairs).
    Fair,
    /// 批 (allowance batches).
    Batch,
    /// 分 (money; 100 fen = 1 yuan).
    Fen,
}

/// One figure of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Figure {
    pub value: i64,
    pub unit: Unit,
    /// The figure's name in Chinese and in English.
    pub label_zh: String,
    pub label_en: String,
}

/// `GET /reports/annual` parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AnnualQuery {
    /// The Shanghai calendar year (1949–2100).
    #[serde(deserialize_with = "crate::validation::required_query_year")]
    #[param(value_type = i32)]
    pub year: i32,
    /// 1–4 for one quarter; absent for the whole year.
    #[serde(default)]
    pub quarter: Option<u8>,
}

/// The numbers of one fair held in the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FairLine {
    pub job_fair_id: String,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    /// Distinct enterprises with an approved booth.
    pub enterprises: i64,
    /// Positions shown at approved booths, and the headcount they offer.
    pub positions: i64,
    pub headcount: i64,
    /// People with a place (checked in or not).
    pub signed_up: i64,
    pub checked_in: i64,
    /// Employment intents recorded (not withdrawn), and of those signed.
    pub intents: i64,
    pub intents_signed: i64,
}

/// The subsidy numbers of one policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PolicyLine {
    pub policy_id: String,
    pub code: String,
    pub name: String,
    /// `application` or `roster`.
    pub kind: String,
    /// Applications submitted in the period (application policies).
    pub applications: i64,
    /// Awarded in the period: count and sum of the granted amounts.
    pub awarded: i64,
    pub awarded_fen: i64,
    /// Paid in the period (from applications or roster rows): count and sum.
    pub paid: i64,
    pub paid_fen: i64,
    /// The policy's budget row of the report year (absent when it has none).
    pub budget_fen: Option<i64>,
    pub reserved_fen: Option<i64>,
    pub budget_paid_fen: Option<i64>,
    pub remaining_fen: Option<i64>,
}

/// One allowance batch (第N批) approved in the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct BatchLine {
    pub batch_id: String,
    pub policy_id: String,
    pub policy_name: String,
    pub batch_no: i32,
    pub period: String,
    pub title: String,
    /// `approved` or `paid`.
    pub status: String,
    pub recipients: i64,
    pub total_fen: i64,
}

/// Interns of the period's programmes from one school and major (the first education their profile
/// lists); a last line without a school holds those whose profile lists none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SchoolLine {
    pub school: Option<String>,
    pub major: Option<String>,
    /// Placed (accepted, in progress, completed or terminated).
    pub placed: i64,
    pub completed: i64,
}

/// One month of the trend charts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct MonthLine {
    /// 1–12.
    pub month: u32,
    /// Applicant accounts registered.
    pub registrations: i64,
    /// Employment intents recorded.
    pub intents: i64,
    /// Payouts paid: count and sum.
    pub paid: i64,
    pub paid_fen: i64,
}

/// The year (or quarter) in numbers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AnnualReport {
    pub year: i32,
    pub quarter: Option<u8>,
    /// The period, `[from, to)`.
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    /// When these figures were read.
    pub generated_at: DateTime<Utc>,
    /// Every figure by its stable key (`fairs.enterprises`, `subsidies.paid_fen`, …).
    pub figures: BTreeMap<String, Figure>,
    pub fairs: Vec<FairLine>,
    pub policies: Vec<PolicyLine>,
    pub allowance_batches: Vec<BatchLine>,
    pub months: Vec<MonthLine>,
    /// Interns placed in the period's programmes by school and major (absent from years frozen before
    /// it was reported).
    #[serde(default)]
    pub internship_schools: Vec<SchoolLine>,
    /// For a whole year that the administrator froze: what was reported then, and what changed since.
    pub frozen: Option<FrozenView>,
}

/// A figure whose live value differs from the frozen one (a late correction).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Difference {
    pub key: String,
    pub label_zh: String,
    pub label_en: String,
    pub frozen: i64,
    pub live: i64,
}

/// A frozen year: the stored figures, who froze them, and whether the stored copy is intact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FrozenView {
    pub year: i32,
    pub frozen_at: DateTime<Utc>,
    pub frozen_by: String,
    /// The frozen figures' display name of who froze them.
    pub frozen_by_name: String,
    /// SHA-256 (hex) of the stored report.
    pub sha256: String,
    /// False when the stored report no longer matches its SHA-256 (edited in the database).
    pub intact: bool,
    /// The figures as frozen.
    pub figures: BTreeMap<String, Figure>,
    /// Live figures that differ from the frozen ones; empty when nothing changed.
    pub differences: Vec<Difference>,
}

crate::stored_enum! {
    /// How the annual summary is delivered.
    pub enum SummaryFormat {
        /// The blocks and the Markdown text, for the screen.
        Json,
        /// Markdown text.
        Md,
        /// A Word document (opens in Word and WPS).
        Docx,
    }
}

crate::stored_enum! {
    /// Which figures the summary was written from.
    pub enum SummarySource {
        /// The live records.
        Live,
        /// The figures frozen for the year (what was reported upward).
        Frozen,
    }
}

/// `GET /reports/annual-summary` parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SummaryQuery {
    /// The Shanghai calendar year (1949–2100).
    #[serde(deserialize_with = "crate::validation::required_query_year")]
    #[param(value_type = i32)]
    pub year: i32,
    /// json (default), md or docx.
    #[serde(default)]
    pub format: Option<SummaryFormat>,
}

/// The annual summary written from the year's figures.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AnnualSummary {
    pub year: i32,
    pub county_name: String,
    pub department_name: String,
    pub source: SummarySource,
    /// When the figures were read (or frozen).
    pub figures_at: DateTime<Utc>,
    pub blocks: Vec<crate::reports::summary::SummaryBlock>,
    /// The same text as Markdown.
    pub markdown: String,
}
