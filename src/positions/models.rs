//! Position rows and the shapes the positions API reads and writes.

use crate::catalog::EducationLevel;
use crate::db::schema::positions;
use crate::db::to_utc;
use crate::enterprises::models::Industry;
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::openapi::RefOr;
use utoipa::ToSchema;

/// A row of `positions`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = positions)]
pub struct PositionRow {
    pub id: String,
    pub enterprise_id: String,
    pub title: String,
    pub description: String,
    pub headcount: i32,
    pub salary_min: i32,
    pub salary_max: i32,
    pub education_requirement: String,
    pub location: String,
    pub kind: String,
    pub status: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A job or an internship.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PositionKind {
    /// 招聘岗位
    Job,
    /// 实习岗位
    Internship,
}

impl PositionKind {
    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            PositionKind::Job => "job",
            PositionKind::Internship => "internship",
        }
    }

    /// Parse a stored name.
    pub fn parse(s: &str) -> Option<Self> {
        [PositionKind::Job, PositionKind::Internship]
            .into_iter()
            .find(|v| v.as_str() == s)
    }
}

/// Whether a position is shown to the public.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PositionStatus {
    /// Listed publicly (while the enterprise is verified).
    Open,
    /// Kept for the record, no longer listed.
    Closed,
}

impl PositionStatus {
    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            PositionStatus::Open => "open",
            PositionStatus::Closed => "closed",
        }
    }

    /// Parse a stored name.
    pub fn parse(s: &str) -> Option<Self> {
        [PositionStatus::Open, PositionStatus::Closed]
            .into_iter()
            .find(|v| v.as_str() == s)
    }
}

/// The education a position asks for: `none`, or the lowest acceptable [`EducationLevel`]
/// (`high_school`, `associate`, `bachelor`, `master`, `doctorate`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EducationRequirement {
    /// No requirement.
    #[default]
    None,
    /// At least this level.
    AtLeast(EducationLevel),
}

impl EducationRequirement {
    /// Stored and JSON name.
    pub fn as_str(self) -> &'static str {
        match self {
            EducationRequirement::None => "none",
            EducationRequirement::AtLeast(level) => level.as_str(),
        }
    }

    /// Parse a stored or JSON name.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "none" => Some(EducationRequirement::None),
            other => EducationLevel::parse(other).map(EducationRequirement::AtLeast),
        }
    }

    /// Every stored name, `none` first then the levels lowest first.
    pub fn names() -> Vec<&'static str> {
        std::iter::once("none")
            .chain(EducationLevel::ALL.map(EducationLevel::as_str))
            .collect()
    }

    /// The stored names someone with `level` qualifies for: `none` and every level up to it.
    pub fn open_to(level: EducationLevel) -> Vec<&'static str> {
        std::iter::once("none")
            .chain(
                EducationLevel::ALL
                    .into_iter()
                    .filter(|l| *l <= level)
                    .map(EducationLevel::as_str),
            )
            .collect()
    }
}

impl Serialize for EducationRequirement {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for EducationRequirement {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        const NAMES: &[&str] = &["none", "high_school", "associate", "bachelor", "master", "doctorate"];
        let s = Cow::<str>::deserialize(deserializer)?;
        EducationRequirement::parse(&s).ok_or_else(|| serde::de::Error::unknown_variant(&s, NAMES))
    }
}

impl utoipa::PartialSchema for EducationRequirement {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .enum_values(Some(EducationRequirement::names()))
            .description(Some(
                "`none`, or the lowest education level accepted (an EducationLevel).",
            ))
            .into()
    }
}

impl ToSchema for EducationRequirement {}

/// A position as the API shows it, with its enterprise's name and industry.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = Position)]
pub struct PositionView {
    pub id: String,
    pub enterprise_id: String,
    pub enterprise_name: String,
    pub industry: Industry,
    pub title: String,
    pub description: String,
    pub headcount: i32,
    /// Yuan per month.
    pub salary_min: i32,
    /// Yuan per month.
    pub salary_max: i32,
    pub education_requirement: EducationRequirement,
    pub location: String,
    pub kind: PositionKind,
    pub status: PositionStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl PositionView {
    /// Combine a position with its enterprise's name and (stored) industry.
    pub fn new(p: PositionRow, enterprise_name: String, industry: &str) -> Self {
        PositionView {
            education_requirement: EducationRequirement::parse(&p.education_requirement).unwrap_or_default(),
            kind: PositionKind::parse(&p.kind).unwrap_or(PositionKind::Job),
            status: PositionStatus::parse(&p.status).unwrap_or(PositionStatus::Closed),
            industry: Industry::parse(industry).unwrap_or(Industry::BusinessServices),
            id: p.id,
            enterprise_id: p.enterprise_id,
            enterprise_name,
            title: p.title,
            description: p.description,
            headcount: p.headcount,
            salary_min: p.salary_min,
            salary_max: p.salary_max,
            location: p.location,
            created_at: to_utc(p.created_at),
            updated_at: to_utc(p.updated_at),
        }
    }
}

/// `POST /positions`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PositionInput {
    /// The employer's own, verified enterprise.
    pub enterprise_id: String,
    pub title: String,
    pub description: String,
    pub headcount: i32,
    /// Yuan per month, at most `salary_max`.
    pub salary_min: i32,
    /// Yuan per month.
    pub salary_max: i32,
    /// Default `none`.
    pub education_requirement: Option<EducationRequirement>,
    pub location: String,
    pub kind: PositionKind,
    /// Default `open`.
    pub status: Option<PositionStatus>,
}

/// `PATCH /positions/{id}` (the enterprise cannot change).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PositionUpdate {
    pub title: Option<String>,
    pub description: Option<String>,
    pub headcount: Option<i32>,
    pub salary_min: Option<i32>,
    pub salary_max: Option<i32>,
    pub education_requirement: Option<EducationRequirement>,
    pub location: Option<String>,
    pub kind: Option<PositionKind>,
    pub status: Option<PositionStatus>,
}

impl PositionUpdate {
    /// The full position this update leads to, so that it is validated like a new one.
    pub fn apply_to(self, current: &PositionView) -> PositionInput {
        PositionInput {
            enterprise_id: current.enterprise_id.clone(),
            title: self.title.unwrap_or_else(|| current.title.clone()),
            description: self.description.unwrap_or_else(|| current.description.clone()),
            headcount: self.headcount.unwrap_or(current.headcount),
            salary_min: self.salary_min.unwrap_or(current.salary_min),
            salary_max: self.salary_max.unwrap_or(current.salary_max),
            education_requirement: Some(self.education_requirement.unwrap_or(current.education_requirement)),
            location: self.location.unwrap_or_else(|| current.location.clone()),
            kind: self.kind.unwrap_or(current.kind),
            status: Some(self.status.unwrap_or(current.status)),
        }
    }
}

/// Filters of the public `GET /positions`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PositionFilter {
    /// Part of the title, the description or the enterprise name (case-insensitive).
    pub q: Option<String>,
    pub industry: Option<Industry>,
    /// Positions open to someone with this education: no requirement, or a requirement up to it.
    pub education: Option<EducationLevel>,
    /// Part of the location (case-insensitive).
    pub location: Option<String>,
    pub kind: Option<PositionKind>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// Filters of `GET /me/positions`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct MyPositionFilter {
    pub status: Option<PositionStatus>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}
