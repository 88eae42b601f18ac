//! Employment intents (就业意向): an applicant who came to a fair and an enterprise agree on a
//! position there; later the intent is confirmed as signed or withdrawn.

use crate::db::conn::Backend;
use crate::db::schema::{employment_intents, enterprises, positions, talent_profiles, users};
use crate::db::{to_utc, DbConn};
use crate::error::AppResult;
use crate::transitions::Stored;
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A row of `employment_intents`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = employment_intents)]
pub struct IntentRow {
    pub id: String,
    pub fair_id: String,
    pub booth_id: String,
    pub applicant_id: String,
    pub enterprise_id: String,
    pub position_id: String,
    pub status: String,
    pub note: Option<String>,
    pub recorded_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Intent status.
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
pub enum IntentStatus {
    /// Agreed at the fair.
    Intended,
    /// The applicant was hired.
    Signed,
    /// It came to nothing.
    Withdrawn,
}

/// The actions that settle an intent (see [`crate::fairs::rules::INTENT`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::EnumString, strum::IntoStaticStr, strum::EnumIter)]
#[strum(serialize_all = "snake_case")]
pub enum IntentAction {
    /// The applicant was hired.
    Sign,
    /// It came to nothing.
    Withdraw,
}

/// `POST /employment-intents`: name the applicant by `ticket_code` (scanned at the booth) or `applicant_id`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IntentInput {
    pub job_fair_id: String,
    pub position_id: String,
    pub applicant_id: Option<String>,
    pub ticket_code: Option<String>,
    pub note: Option<String>,
}

/// An intent as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = EmploymentIntent)]
pub struct IntentView {
    pub id: String,
    pub job_fair_id: String,
    pub applicant_id: String,
    pub applicant_name: Option<String>,
    pub enterprise_id: String,
    pub enterprise_name: String,
    pub position_id: String,
    pub position_title: String,
    pub status: IntentStatus,
    pub note: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

crate::page_of!(IntentPage, IntentView);

/// Filters of `GET /employment-intents`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct IntentFilter {
    pub job_fair_id: Option<String>,
    pub status: Option<IntentStatus>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// Whose intents a list shows.
pub enum IntentScope<'a> {
    /// Everything (hr, admin).
    All,
    /// One applicant's.
    Applicant(&'a str),
    /// One enterprise owner's.
    Owner(&'a str),
}

/// Insert an intent.
pub fn insert(conn: &mut DbConn, row: &IntentRow) -> AppResult<()> {
    diesel::insert_into(employment_intents::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// An intent by id.
pub fn find(conn: &mut DbConn, id: &str) -> AppResult<Option<IntentRow>> {
    Ok(employment_intents::table
        .find(id)
        .select(IntentRow::as_select())
        .first(conn)
        .optional()?)
}

/// The intent of an applicant for a position at a fair.
pub fn existing(
    conn: &mut DbConn,
    fair_id: &str,
    applicant_id: &str,
    position_id: &str,
) -> AppResult<Option<IntentRow>> {
    Ok(employment_intents::table
        .filter(employment_intents::fair_id.eq(fair_id))
        .filter(employment_intents::applicant_id.eq(applicant_id))
        .filter(employment_intents::position_id.eq(position_id))
        .select(IntentRow::as_select())
        .first(conn)
        .optional()?)
}

/// Move an intended intent to signed or withdrawn; false when it was no longer intended.
pub fn settle(conn: &mut DbConn, id: &str, to: IntentStatus, now: NaiveDateTime) -> AppResult<bool> {
    let n = diesel::update(
        employment_intents::table
            .find(id)
            .filter(employment_intents::status.eq(IntentStatus::Intended.as_str())),
    )
    .set((
        employment_intents::status.eq(to.as_str()),
        employment_intents::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// One page of intents in a scope, newest first.
pub fn list(
    conn: &mut DbConn,
    scope: IntentScope<'_>,
    filter: &IntentFilter,
    paging: crate::pagination::Paging,
) -> AppResult<(Vec<IntentView>, i64)> {
    let build = || {
        let mut q = employment_intents::table
            .inner_join(enterprises::table)
            .inner_join(positions::table)
            .inner_join(users::table.on(users::id.eq(employment_intents::applicant_id)))
            .left_join(talent_profiles::table.on(talent_profiles::user_id.eq(employment_intents::applicant_id)))
            .into_boxed::<Backend>();
        match scope {
            IntentScope::All => {}
            IntentScope::Applicant(id) => q = q.filter(employment_intents::applicant_id.eq(id.to_string())),
            IntentScope::Owner(id) => q = q.filter(enterprises::owner_id.eq(id.to_string())),
        }
        if let Some(f) = &filter.job_fair_id {
            q = q.filter(employment_intents::fair_id.eq(f.clone()));
        }
        if let Some(s) = filter.status {
            q = q.filter(employment_intents::status.eq(s.as_str()));
        }
        q
    };
    let total = build().count().get_result::<i64>(conn)?;
    let rows: Vec<(IntentRow, String, String, Option<String>)> = build()
        .order((employment_intents::created_at.desc(), employment_intents::id))
        .limit(paging.per_page)
        .offset(paging.offset())
        .select((
            IntentRow::as_select(),
            enterprises::name,
            positions::title,
            talent_profiles::full_name.nullable(),
        ))
        .load(conn)?;
    Ok((rows.into_iter().map(|(r, e, p, n)| view(r, e, p, n)).collect(), total))
}

/// One intent with its names.
pub fn view_of(conn: &mut DbConn, row: IntentRow) -> AppResult<IntentView> {
    let enterprise: String = enterprises::table
        .find(&row.enterprise_id)
        .select(enterprises::name)
        .first(conn)?;
    let position: String = positions::table
        .find(&row.position_id)
        .select(positions::title)
        .first(conn)?;
    let name: Option<String> = talent_profiles::table
        .find(&row.applicant_id)
        .select(talent_profiles::full_name)
        .first(conn)
        .optional()?;
    Ok(view(row, enterprise, position, name))
}

fn view(r: IntentRow, enterprise_name: String, position_title: String, applicant_name: Option<String>) -> IntentView {
    IntentView {
        status: r.status.parse().unwrap_or(IntentStatus::Intended),
        id: r.id,
        job_fair_id: r.fair_id,
        applicant_id: r.applicant_id,
        applicant_name,
        enterprise_id: r.enterprise_id,
        enterprise_name,
        position_id: r.position_id,
        position_title,
        note: r.note,
        created_at: to_utc(r.created_at),
        updated_at: to_utc(r.updated_at),
    }
}
