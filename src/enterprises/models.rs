//! Enterprise rows and the shapes the enterprises API reads and writes.

use crate::db::schema::enterprises;
use crate::db::to_utc;
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A row of `enterprises`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = enterprises)]
pub struct EnterpriseRow {
    pub id: String,
    pub owner_id: String,
    pub name: String,
    pub credit_code: String,
    pub industry: String,
    pub address: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub size: String,
    pub status: String,
    pub rejection_reason: Option<String>,
    pub verified_at: Option<NaiveDateTime>,
    pub reviewed_by: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// `company` or `public_institution` ([`EnterpriseKind`]).
    pub kind: String,
}

/// Where an enterprise is in HR's review.
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
pub enum EnterpriseStatus {
    /// Waiting for HR (new, edited, or resubmitted after a rejection).
    Pending,
    /// Verified by HR: may publish positions and take booths.
    Verified,
    /// Rejected by HR with a reason; the owner may fix it, which makes it pending again.
    Rejected,
}

/// What moves an enterprise (see [`crate::enterprises::rules::REVIEW`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::EnumString, strum::IntoStaticStr, strum::EnumIter)]
#[strum(serialize_all = "snake_case")]
pub enum EnterpriseAction {
    /// HR verifies.
    Verify,
    /// HR rejects with a reason.
    Reject,
    /// The owner saves changes (a rejected enterprise is thereby resubmitted).
    Edit,
}

/// Industry sections of GB/T 4754-2017 (国民经济行业分类, 门类 A–T).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Industry {
    /// A 农、林、牧、渔业
    Agriculture,
    /// B 采矿业
    Mining,
    /// C 制造业
    Manufacturing,
    /// D 电力、热力、燃气及水生产和供应业
    Utilities,
    /// E 建筑业
    Construction,
    /// F 批发和零售业
    WholesaleRetail,
    /// G 交通运输、仓储和邮政业
    TransportLogistics,
    /// H 住宿和餐饮业
    HospitalityCatering,
    /// I 信息传输、软件和信息技术服务业
    InformationTechnology,
    /// J 金融业
    Finance,
    /// K 房地产业
    RealEstate,
    /// L 租赁和商务服务业
    BusinessServices,
    /// M 科学研究和技术服务业
    ResearchTechnology,
    /// N 水利、环境和公共设施管理业
    EnvironmentPublicFacilities,
    /// O 居民服务、修理和其他服务业
    ResidentServices,
    /// P 教育
    Education,
    /// Q 卫生和社会工作
    HealthSocialWork,
    /// R 文化、体育和娱乐业
    CultureSportsEntertainment,
    /// S 公共管理、社会保障和社会组织
    PublicAdministration,
    /// T 国际组织
    InternationalOrganizations,
}

impl Industry {
    /// Every section, in GB/T 4754 order.
    pub const ALL: [Industry; 20] = [
        Industry::Agriculture,
        Industry::Mining,
        Industry::Manufacturing,
        Industry::Utilities,
        Industry::Construction,
        Industry::WholesaleRetail,
        Industry::TransportLogistics,
        Industry::HospitalityCatering,
        Industry::InformationTechnology,
        Industry::Finance,
        Industry::RealEstate,
        Industry::BusinessServices,
        Industry::ResearchTechnology,
        Industry::EnvironmentPublicFacilities,
        Industry::ResidentServices,
        Industry::Education,
        Industry::HealthSocialWork,
        Industry::CultureSportsEntertainment,
        Industry::PublicAdministration,
        Industry::InternationalOrganizations,
    ];

    /// Stored name (the same as the JSON value).
    pub fn as_str(self) -> &'static str {
        match self {
            Industry::Agriculture => "agriculture",
            Industry::Mining => "mining",
            Industry::Manufacturing => "manufacturing",
            Industry::Utilities => "utilities",
            Industry::Construction => "construction",
            Industry::WholesaleRetail => "wholesale_retail",
            Industry::TransportLogistics => "transport_logistics",
            Industry::HospitalityCatering => "hospitality_catering",
            Industry::InformationTechnology => "information_technology",
            Industry::Finance => "finance",
            Industry::RealEstate => "real_estate",
            Industry::BusinessServices => "business_services",
            Industry::ResearchTechnology => "research_technology",
            Industry::EnvironmentPublicFacilities => "environment_public_facilities",
            Industry::ResidentServices => "resident_services",
            Industry::Education => "education",
            Industry::HealthSocialWork => "health_social_work",
            Industry::CultureSportsEntertainment => "culture_sports_entertainment",
            Industry::PublicAdministration => "public_administration",
            Industry::InternationalOrganizations => "international_organizations",
        }
    }

    /// Parse a stored name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// Enterprise size as in the statistics bureau's classification (大中小微型企业划分).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EnterpriseSize {
    /// 微型
    Micro,
    /// 小型
    Small,
    /// 中型
    Medium,
    /// 大型
    Large,
}

impl EnterpriseSize {
    /// Every size, smallest first.
    pub const ALL: [EnterpriseSize; 4] = [
        EnterpriseSize::Micro,
        EnterpriseSize::Small,
        EnterpriseSize::Medium,
        EnterpriseSize::Large,
    ];

    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            EnterpriseSize::Micro => "micro",
            EnterpriseSize::Small => "small",
            EnterpriseSize::Medium => "medium",
            EnterpriseSize::Large => "large",
        }
    }

    /// Parse a stored name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// What kind of employer a record is: a company, or a public institution (事业单位) whose posts are
/// filled by open recruitment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EnterpriseKind {
    /// 企业
    #[default]
    Company,
    /// 事业单位
    PublicInstitution,
}

impl EnterpriseKind {
    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            EnterpriseKind::Company => "company",
            EnterpriseKind::PublicInstitution => "public_institution",
        }
    }

    /// Parse a stored name.
    pub fn parse(s: &str) -> Option<Self> {
        [EnterpriseKind::Company, EnterpriseKind::PublicInstitution]
            .into_iter()
            .find(|v| v.as_str() == s)
    }
}

/// An enterprise as the API shows it (to its owner, HR and administrators).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = Enterprise)]
pub struct EnterpriseView {
    pub id: String,
    pub name: String,
    /// Unified social credit code (GB 32100), upper-case.
    pub credit_code: String,
    pub industry: Industry,
    pub address: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub size: EnterpriseSize,
    pub kind: EnterpriseKind,
    pub status: EnterpriseStatus,
    /// Why HR rejected it (only while `rejected`).
    pub rejection_reason: Option<String>,
    pub verified_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<&EnterpriseRow> for EnterpriseView {
    fn from(e: &EnterpriseRow) -> Self {
        EnterpriseView {
            id: e.id.clone(),
            name: e.name.clone(),
            credit_code: e.credit_code.clone(),
            industry: Industry::parse(&e.industry).unwrap_or(Industry::BusinessServices),
            address: e.address.clone(),
            contact_name: e.contact_name.clone(),
            contact_phone: e.contact_phone.clone(),
            size: EnterpriseSize::parse(&e.size).unwrap_or(EnterpriseSize::Small),
            kind: EnterpriseKind::parse(&e.kind).unwrap_or_default(),
            status: e.status.parse().unwrap_or(EnterpriseStatus::Pending),
            rejection_reason: e.rejection_reason.clone(),
            verified_at: e.verified_at.map(to_utc),
            created_at: to_utc(e.created_at),
            updated_at: to_utc(e.updated_at),
        }
    }
}

/// `POST /enterprises`: an employer registers its enterprise (the status is never writable).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EnterpriseInput {
    pub name: String,
    /// 18 characters with its check character; lower case is accepted.
    pub credit_code: String,
    pub industry: Industry,
    pub address: String,
    pub contact_name: String,
    /// Mainland mobile number.
    pub contact_phone: String,
    pub size: EnterpriseSize,
    /// A company unless said otherwise.
    #[serde(default)]
    pub kind: EnterpriseKind,
}

/// `PATCH /enterprises/{id}`: change any of the registered fields.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EnterpriseUpdate {
    pub name: Option<String>,
    pub credit_code: Option<String>,
    pub industry: Option<Industry>,
    pub address: Option<String>,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub size: Option<EnterpriseSize>,
    pub kind: Option<EnterpriseKind>,
}

impl EnterpriseUpdate {
    /// The full record this update leads to, so that it is validated like a registration.
    pub fn apply_to(self, current: &EnterpriseView) -> EnterpriseInput {
        EnterpriseInput {
            name: self.name.unwrap_or_else(|| current.name.clone()),
            credit_code: self.credit_code.unwrap_or_else(|| current.credit_code.clone()),
            industry: self.industry.unwrap_or(current.industry),
            address: self.address.unwrap_or_else(|| current.address.clone()),
            contact_name: self.contact_name.unwrap_or_else(|| current.contact_name.clone()),
            contact_phone: self.contact_phone.unwrap_or_else(|| current.contact_phone.clone()),
            size: self.size.unwrap_or(current.size),
            kind: self.kind.unwrap_or(current.kind),
        }
    }
}

/// `POST /enterprises/{id}/reject`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RejectInput {
    /// Shown to the employer and mailed to them; at most 500 characters.
    pub reason: String,
}

/// Filters of `GET /enterprises`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct EnterpriseFilter {
    /// `pending` is HR's review queue.
    pub status: Option<EnterpriseStatus>,
    /// Part of the name or of the credit code (case-insensitive).
    pub q: Option<String>,
    /// Only companies or only public institutions.
    pub kind: Option<EnterpriseKind>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}
