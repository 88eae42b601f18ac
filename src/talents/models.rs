//! Talent profile rows and the shapes the profile and talent-pool APIs read and write.

use crate::catalog::{EducationLevel, TalentCategory};
use crate::db::schema::{talent_education, talent_profiles};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A row of `talent_profiles` (ID number and bank account only encrypted and masked).
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = talent_profiles, treat_none_as_null = true)]
pub struct ProfileRow {
    pub user_id: String,
    pub full_name: String,
    pub id_number_enc: String,
    pub id_number_hash: String,
    pub id_number_masked: String,
    pub birth_date: NaiveDate,
    pub gender: String,
    pub phone: String,
    pub highest_education: Option<String>,
    pub current_employer: Option<String>,
    pub bank_name: Option<String>,
    pub bank_account_enc: Option<String>,
    pub bank_account_masked: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The person's home village (村/社区), if they name one.
    pub home_village_id: Option<String>,
}

/// A row of `talent_education`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = talent_education)]
pub struct EducationRow {
    pub id: String,
    pub user_id: String,
    pub position: i32,
    pub level: String,
    pub school: String,
    pub major: Option<String>,
    pub graduation_year: i32,
}

/// One education record, in and out.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct EducationRecord {
    pub level: EducationLevel,
    pub school: String,
    pub major: Option<String>,
    pub graduation_year: i32,
}

impl From<&EducationRow> for EducationRecord {
    fn from(r: &EducationRow) -> Self {
        EducationRecord {
            level: EducationLevel::parse(&r.level).unwrap_or(EducationLevel::HighSchool),
            school: r.school.clone(),
            major: r.major.clone(),
            graduation_year: r.graduation_year,
        }
    }
}

/// `PUT /me/profile`. `id_number` and `bank_account` may be left out (or null) to keep the stored
/// value, since clients only ever see them masked; an empty `bank_account` removes it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileInput {
    pub full_name: String,
    /// Resident ID number (GB 11643); required the first time.
    pub id_number: Option<String>,
    /// Mainland mobile number.
    pub phone: String,
    #[serde(default)]
    pub education: Vec<EducationRecord>,
    #[serde(default)]
    pub categories: Vec<TalentCategory>,
    #[serde(default)]
    pub skills: Vec<String>,
    pub current_employer: Option<String>,
    pub bank_name: Option<String>,
    pub bank_account: Option<String>,
    /// The person's home village (an id from `GET /villages`); left out or null: none.
    #[serde(default)]
    pub home_village_id: Option<String>,
}

/// Gender as derived from the ID number.
#[derive(Debug, Clone, Copy, Serialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum GenderView {
    Male,
    Female,
}

impl GenderView {
    /// From the stored name.
    pub fn parse(s: &str) -> Self {
        if s == "female" {
            GenderView::Female
        } else {
            GenderView::Male
        }
    }
}

/// A profile as its owner (and HR) sees it: never the plain ID or bank number.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = Profile)]
pub struct ProfileView {
    pub user_id: String,
    /// From the account.
    pub email: String,
    pub full_name: String,
    /// e.g. `1101**********002X`.
    pub id_number_masked: String,
    /// Derived from the ID number.
    pub birth_date: NaiveDate,
    /// Derived from the ID number.
    pub gender: GenderView,
    pub phone: String,
    pub education: Vec<EducationRecord>,
    pub categories: Vec<TalentCategory>,
    pub skills: Vec<String>,
    pub current_employer: Option<String>,
    pub bank_name: Option<String>,
    /// e.g. `***************3445`.
    pub bank_account_masked: Option<String>,
    /// The person's home village (村/社区), if named.
    pub home_village_id: Option<String>,
    /// Name, ID, phone and at least one education record are filled in.
    pub complete: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// `POST /talents/{user_id}/reveal`: why the full values are needed (kept in the audit log).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RevealInput {
    /// 1 to 200 characters, e.g. the payout batch or the case being checked.
    pub reason: String,
}

/// One earlier reveal of a person's full personal data, as staff see it on the person's page.
#[derive(Debug, Serialize, ToSchema)]
pub struct RevealRecord {
    pub at: DateTime<Utc>,
    pub actor_id: Option<String>,
    /// The e-mail of the account that revealed (read from the account, not kept in the log).
    pub actor_email: Option<String>,
    /// Which fields were revealed: id_number, bank_account.
    pub fields: Vec<String>,
    /// The reason given (empty for reveals from before reasons were required).
    pub reason: String,
}

/// The full values, for hr and finance, audited.
#[derive(Debug, Serialize, ToSchema)]
pub struct RevealedPersonalData {
    pub user_id: String,
    pub id_number: String,
    pub bank_name: Option<String>,
    pub bank_account: Option<String>,
}

/// One row of the talent pool (masked).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TalentSummary {
    pub user_id: String,
    pub email: String,
    pub full_name: String,
    pub gender: GenderView,
    pub birth_date: NaiveDate,
    pub id_number_masked: String,
    /// e.g. `138****8000`.
    pub phone_masked: String,
    pub highest_education: Option<EducationLevel>,
    /// School, major and year of the highest education record.
    pub school: Option<String>,
    pub major: Option<String>,
    pub graduation_year: Option<i32>,
    pub categories: Vec<TalentCategory>,
    pub skills: Vec<String>,
    pub current_employer: Option<String>,
    pub updated_at: DateTime<Utc>,
}

crate::page_of!(TalentPage, TalentSummary);

/// Sort orders of the talent pool.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema, PartialEq, Eq, Default)]
pub enum TalentSort {
    /// Recently updated first (default).
    #[default]
    #[serde(rename = "-updated_at")]
    UpdatedDesc,
    #[serde(rename = "updated_at")]
    UpdatedAsc,
    #[serde(rename = "full_name")]
    NameAsc,
    #[serde(rename = "-full_name")]
    NameDesc,
    /// Youngest first.
    #[serde(rename = "-birth_date")]
    BirthDesc,
    #[serde(rename = "birth_date")]
    BirthAsc,
}

/// Filters of `GET /talents` and `GET /talents/export`.
#[derive(Debug, Clone, Deserialize, utoipa::IntoParams, Default)]
#[serde(deny_unknown_fields)]
pub struct TalentFilter {
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
    pub sort: Option<TalentSort>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
    /// `xlsx` or `csv` (export only).
    pub format: Option<ExportFormat>,
}

/// Export file formats.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// An Excel workbook.
    Xlsx,
    /// UTF-8 CSV with a byte-order mark so that Excel opens it.
    Csv,
}

/// One line of a person's timeline: an event, or a run of routine log-ins folded into one.
#[derive(Debug, Serialize, ToSchema, PartialEq)]
pub struct TimelineEntry {
    /// When it happened (the latest of a folded run).
    pub at: DateTime<Utc>,
    /// The earliest event of a folded run (equal to `at` for a single event).
    pub since: DateTime<Utc>,
    /// How many events the line stands for (more than one only for folded log-ins).
    pub count: i64,
    /// Dotted action name, e.g. `talent.profile_updated`; screens show its label.
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    /// The name of the fair, programme, policy or file the event is about, when it has one.
    pub subject: Option<String>,
}

/// `GET /talents/{user_id}`: the profile, the person's files and what they did in the portal.
#[derive(Debug, Serialize, ToSchema)]
pub struct TalentDetail {
    pub profile: ProfileView,
    pub attachments: Vec<crate::attachments::models::AttachmentView>,
    pub timeline: Vec<TimelineEntry>,
}
