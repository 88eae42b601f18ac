//! Township and village rows and their API shapes.

use crate::db::schema::{townships, villages};
use crate::db::to_utc;
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A row of `townships`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = townships)]
pub struct TownshipRow {
    pub id: String,
    pub code: String,
    pub name: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A row of `villages`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = villages)]
pub struct VillageRow {
    pub id: String,
    pub township_id: String,
    pub code: String,
    pub name: String,
    pub kind: String,
    pub poor_village: bool,
    pub poor_changed_year: Option<i32>,
    pub established_year: Option<i32>,
    pub merged_into_id: Option<String>,
    pub merged_year: Option<i32>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

crate::stored_enum! {
    /// An administrative village (行政村) or an urban community (社区).
    pub enum VillageKind {
        /// 村
        Village,
        /// 社区
        Community,
    }
}

/// A township as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TownshipView {
    pub id: String,
    /// e.g. the 9-digit statistical division code.
    pub code: String,
    pub name: String,
    /// Villages and communities not merged away.
    pub villages: i64,
    pub updated_at: DateTime<Utc>,
}

crate::page_of!(TownshipPage, TownshipView);

/// A village or community as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct VillageView {
    pub id: String,
    pub township_id: String,
    pub township_name: String,
    /// e.g. the 12-digit statistical division code.
    pub code: String,
    pub name: String,
    pub kind: VillageKind,
    /// The flag as it stands now.
    pub poor_village: bool,
    /// The year the flag took its current value (before it, the opposite held); none: always so.
    pub poor_changed_year: Option<i32>,
    /// The year the village was set up (e.g. as a merger's new village); none: before any record.
    pub established_year: Option<i32>,
    /// The village this one was merged into.
    pub merged_into_id: Option<String>,
    pub merged_into_name: Option<String>,
    /// From this year on the village is part of `merged_into_id`.
    pub merged_year: Option<i32>,
    /// With `year` in the filter: whether it exists in that year.
    pub exists_in_year: Option<bool>,
    /// With `year` in the filter: whether it counts as poor in that year (merged-in villages included).
    pub poor_in_year: Option<bool>,
    pub updated_at: DateTime<Utc>,
}

impl VillageView {
    /// The view of a row, with its township's and successor's names.
    pub fn of(r: &VillageRow, township_name: String, merged_into_name: Option<String>) -> Self {
        VillageView {
            id: r.id.clone(),
            township_id: r.township_id.clone(),
            township_name,
            code: r.code.clone(),
            name: r.name.clone(),
            kind: r.kind.parse().unwrap_or(VillageKind::Village),
            poor_village: r.poor_village,
            poor_changed_year: r.poor_changed_year,
            established_year: r.established_year,
            merged_into_id: r.merged_into_id.clone(),
            merged_into_name,
            merged_year: r.merged_year,
            exists_in_year: None,
            poor_in_year: None,
            updated_at: to_utc(r.updated_at),
        }
    }
}

crate::page_of!(VillagePage, VillageView);

/// Filters of `GET /villages`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct VillageFilter {
    pub township_id: Option<String>,
    /// Part of the name or the code.
    pub q: Option<String>,
    /// Only the villages that exist in this year (not merged away yet, already set up).
    #[serde(default, deserialize_with = "crate::validation::query_year")]
    pub year: Option<i32>,
    /// Include villages merged away (default true without `year`).
    pub include_merged: Option<bool>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// Filters of `GET /townships`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct TownshipFilter {
    pub q: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// `POST /townships`, `PUT /townships/{id}`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TownshipInput {
    pub code: String,
    pub name: String,
}

/// `POST /villages`, `PUT /villages/{id}`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VillageInput {
    pub township_id: String,
    pub code: String,
    pub name: String,
    pub kind: VillageKind,
    pub poor_village: bool,
    pub poor_changed_year: Option<i32>,
    pub established_year: Option<i32>,
}

/// `POST /villages/{id}/merge`: from `year` on this village is part of `into_village_id`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MergeInput {
    pub into_village_id: String,
    pub year: i32,
}

/// What an accepted import did.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct VillageImportOutcome {
    /// Data rows read.
    pub rows: i32,
    pub townships_created: i32,
    pub townships_updated: i32,
    pub villages_created: i32,
    pub villages_updated: i32,
}
