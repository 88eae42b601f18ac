//! Booths: an enterprise's request to take part in a fair with some of its positions. Approval
//! takes a booth through a conditional update of `approved_booths`, so a fair never has more
//! approved booths than its booth capacity.

use crate::db::schema::{enterprises, fair_booth_positions, fair_booths, job_fairs, positions};
use crate::db::{to_utc, DbConn};
use crate::enterprises::models::EnterpriseRow;
use crate::error::AppResult;
use crate::positions::models::{PositionRow, PositionView};
use crate::transitions::Stored;
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::ToSchema;

/// A row of `fair_booths`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = fair_booths)]
pub struct BoothRow {
    pub id: String,
    pub fair_id: String,
    pub enterprise_id: String,
    pub status: String,
    pub reject_reason: Option<String>,
    pub requested_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Booth status.
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
pub enum BoothStatus {
    /// Waiting for HR.
    Pending,
    /// HR gave the booth.
    Approved,
    /// HR said no (with a reason); the enterprise may ask again.
    Rejected,
}

/// The actions on a booth request (see [`crate::fairs::rules::BOOTH`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::EnumString, strum::IntoStaticStr, strum::EnumIter)]
#[strum(serialize_all = "snake_case")]
pub enum BoothAction {
    /// HR gives the booth.
    Approve,
    /// HR says no.
    Reject,
    /// The enterprise asks again after a rejection.
    Request,
}

/// `POST /job-fairs/{id}/booths`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BoothInput {
    /// Open positions of the requesting enterprise (1 to 20).
    pub position_ids: Vec<String>,
}

/// A booth as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = Booth)]
pub struct BoothView {
    pub id: String,
    pub job_fair_id: String,
    pub enterprise_id: String,
    pub enterprise_name: String,
    /// The enterprise's industry (GB/T 4754 section).
    pub industry: crate::enterprises::models::Industry,
    pub status: BoothStatus,
    pub reject_reason: Option<String>,
    pub positions: Vec<PositionView>,
    /// The fair's title, for lists of my booth requests.
    pub fair_title: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Filter of `GET /job-fairs/{id}/booths`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct BoothFilter {
    /// hr/admin only; everyone else sees approved booths.
    pub status: Option<BoothStatus>,
}

/// A booth by id.
pub fn find(conn: &mut DbConn, id: &str) -> AppResult<Option<BoothRow>> {
    Ok(fair_booths::table
        .find(id)
        .select(BoothRow::as_select())
        .first(conn)
        .optional()?)
}

/// The booth of an enterprise at a fair.
pub fn of_enterprise(conn: &mut DbConn, fair_id: &str, enterprise_id: &str) -> AppResult<Option<BoothRow>> {
    Ok(fair_booths::table
        .filter(fair_booths::fair_id.eq(fair_id))
        .filter(fair_booths::enterprise_id.eq(enterprise_id))
        .select(BoothRow::as_select())
        .first(conn)
        .optional()?)
}

/// Insert a booth request, or turn a rejected one back into a pending request; then set its positions.
pub fn save(conn: &mut DbConn, row: &BoothRow, exists: bool, position_ids: &[String]) -> AppResult<()> {
    if exists {
        diesel::update(fair_booths::table.find(&row.id))
            .set((
                fair_booths::status.eq(&row.status),
                fair_booths::reject_reason.eq(None::<String>),
                fair_booths::requested_by.eq(&row.requested_by),
                fair_booths::updated_at.eq(row.updated_at),
            ))
            .execute(conn)?;
    } else {
        diesel::insert_into(fair_booths::table).values(row).execute(conn)?;
    }
    diesel::delete(fair_booth_positions::table.filter(fair_booth_positions::booth_id.eq(&row.id))).execute(conn)?;
    for position_id in position_ids {
        diesel::insert_into(fair_booth_positions::table)
            .values((
                fair_booth_positions::booth_id.eq(&row.id),
                fair_booth_positions::position_id.eq(position_id),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Take one booth place at the fair if any is free.
pub fn take_booth_place(conn: &mut DbConn, fair_id: &str) -> AppResult<bool> {
    let n = diesel::update(
        job_fairs::table
            .find(fair_id)
            .filter(job_fairs::approved_booths.lt(job_fairs::booth_capacity)),
    )
    .set(job_fairs::approved_booths.eq(job_fairs::approved_booths + 1))
    .execute(conn)?;
    Ok(n == 1)
}

/// Decide a pending booth; false when it was no longer pending.
pub fn decide(
    conn: &mut DbConn,
    id: &str,
    to: BoothStatus,
    reason: Option<&str>,
    now: NaiveDateTime,
) -> AppResult<bool> {
    let n = diesel::update(
        fair_booths::table
            .find(id)
            .filter(fair_booths::status.eq(BoothStatus::Pending.as_str())),
    )
    .set((
        fair_booths::status.eq(to.as_str()),
        fair_booths::reject_reason.eq(reason),
        fair_booths::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Booths of a fair (optionally of one status), as views with their enterprises and positions.
pub fn of_fair(conn: &mut DbConn, fair_id: &str, status: Option<BoothStatus>) -> AppResult<Vec<BoothView>> {
    let mut q = fair_booths::table
        .filter(fair_booths::fair_id.eq(fair_id))
        .into_boxed::<crate::db::conn::Backend>();
    if let Some(s) = status {
        q = q.filter(fair_booths::status.eq(s.as_str()));
    }
    let rows: Vec<BoothRow> = q
        .order((fair_booths::created_at, fair_booths::id))
        .select(BoothRow::as_select())
        .load(conn)?;
    views(conn, rows, None)
}

/// An enterprise's booth requests across fairs, newest first.
pub fn of_owner(conn: &mut DbConn, owner_id: &str) -> AppResult<Vec<BoothView>> {
    let rows: Vec<(BoothRow, String)> = fair_booths::table
        .inner_join(enterprises::table)
        .inner_join(job_fairs::table)
        .filter(enterprises::owner_id.eq(owner_id))
        .order(job_fairs::starts_at.desc())
        .select((BoothRow::as_select(), job_fairs::title))
        .load(conn)?;
    let titles: HashMap<String, String> = rows.iter().map(|(b, t)| (b.id.clone(), t.clone())).collect();
    views(conn, rows.into_iter().map(|(b, _)| b).collect(), Some(&titles))
}

/// One booth as a view.
pub fn view(conn: &mut DbConn, row: BoothRow) -> AppResult<BoothView> {
    let mut all = views(conn, vec![row], None)?;
    all.pop().ok_or_else(crate::error::AppError::not_found)
}

fn views(
    conn: &mut DbConn,
    rows: Vec<BoothRow>,
    titles: Option<&HashMap<String, String>>,
) -> AppResult<Vec<BoothView>> {
    let booth_ids: Vec<String> = rows.iter().map(|b| b.id.clone()).collect();
    let enterprise_ids: Vec<String> = rows.iter().map(|b| b.enterprise_id.clone()).collect();
    let companies: HashMap<String, EnterpriseRow> = enterprises::table
        .filter(enterprises::id.eq_any(&enterprise_ids))
        .select(EnterpriseRow::as_select())
        .load(conn)?
        .into_iter()
        .map(|e| (e.id.clone(), e))
        .collect();
    let linked: Vec<(String, PositionRow)> = fair_booth_positions::table
        .inner_join(positions::table)
        .filter(fair_booth_positions::booth_id.eq_any(&booth_ids))
        .order(positions::title)
        .select((fair_booth_positions::booth_id, PositionRow::as_select()))
        .load(conn)?;
    let mut by_booth: HashMap<String, Vec<PositionRow>> = HashMap::new();
    for (booth, p) in linked {
        by_booth.entry(booth).or_default().push(p);
    }
    Ok(rows
        .into_iter()
        .map(|b| {
            let company = companies.get(&b.enterprise_id);
            let name = company.map(|c| c.name.clone()).unwrap_or_default();
            let industry = company.map(|c| c.industry.clone()).unwrap_or_default();
            BoothView {
                positions: by_booth
                    .remove(&b.id)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|p| PositionView::new(p, name.clone(), &industry))
                    .collect(),
                fair_title: titles.and_then(|t| t.get(&b.id).cloned()),
                id: b.id,
                job_fair_id: b.fair_id,
                enterprise_id: b.enterprise_id,
                enterprise_name: name,
                industry: crate::enterprises::models::Industry::parse(&industry)
                    .unwrap_or(crate::enterprises::models::Industry::BusinessServices),
                status: b.status.parse().unwrap_or(BoothStatus::Pending),
                reject_reason: b.reject_reason,
                created_at: to_utc(b.created_at),
                updated_at: to_utc(b.updated_at),
            }
        })
        .collect())
}

/// Whether a position is shown at an approved booth of the fair.
pub fn position_at_fair(conn: &mut DbConn, fair_id: &str, position_id: &str) -> AppResult<Option<BoothRow>> {
    Ok(fair_booths::table
        .inner_join(fair_booth_positions::table)
        .filter(fair_booths::fair_id.eq(fair_id))
        .filter(fair_booths::status.eq(BoothStatus::Approved.as_str()))
        .filter(fair_booth_positions::position_id.eq(position_id))
        .select(BoothRow::as_select())
        .first(conn)
        .optional()?)
}
