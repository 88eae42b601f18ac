//! Freezing a year: the administrator stores the year's report as it was sent upward, with its
//! SHA-256; afterwards the report shows the frozen figures beside the live ones and every
//! difference between them.

use crate::audit::Event;
use crate::db::schema::{report_freezes, users};
use crate::db::DbConn;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::operation::Ctx;
use crate::reports::models::{AnnualReport, Difference, FrozenView};
use diesel::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// A stored freeze.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = report_freezes)]
pub struct FreezeRow {
    pub year: i32,
    pub report_json: String,
    pub sha256: String,
    pub frozen_by: String,
    pub frozen_at: chrono::NaiveDateTime,
}

fn digest(json: &str) -> String {
    hex::encode(Sha256::digest(json.as_bytes()))
}

fn already_frozen(year: i32) -> AppError {
    AppError::new(
        ErrorCode::AlreadyFrozen,
        format!("{year} was frozen before; its figures cannot be frozen again."),
    )
}

/// The freeze of `year`, if any.
pub fn find(conn: &mut DbConn, year: i32) -> AppResult<Option<FreezeRow>> {
    Ok(report_freezes::table
        .find(year)
        .select(FreezeRow::as_select())
        .first(conn)
        .optional()?)
}

/// Store `report` (a whole year, read in one snapshot just before) as the year's frozen figures.
/// A year is frozen once: a second freeze is refused (the primary key backs this up).
pub fn store(conn: &mut DbConn, ctx: &Ctx, report: &AnnualReport) -> AppResult<FreezeRow> {
    if report.quarter.is_some() {
        return Err(AppError::internal("only a whole year is frozen"));
    }
    if find(conn, report.year)?.is_some() {
        return Err(already_frozen(report.year));
    }
    let stored = AnnualReport {
        frozen: None,
        ..report.clone()
    };
    let report_json = serde_json::to_string(&stored).map_err(AppError::internal)?;
    let row = FreezeRow {
        year: report.year,
        sha256: digest(&report_json),
        report_json,
        frozen_by: ctx
            .actor
            .id
            .clone()
            .ok_or_else(|| AppError::internal("freeze without an actor"))?,
        frozen_at: ctx.now,
    };
    // Two administrators freezing at once both pass the check above; the primary key lets one in.
    diesel::insert_into(report_freezes::table)
        .values(&row)
        .execute(conn)
        .map_err(|e| match e {
            diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _) => {
                already_frozen(report.year)
            }
            other => other.into(),
        })?;
    let year = row.year.to_string();
    ctx.record(
        conn,
        Event {
            action: "report.frozen",
            entity: "report_year",
            entity_id: Some(&year),
            before: None,
            after: Some(serde_json::json!({"year": row.year, "sha256": row.sha256})),
        },
    )?;
    Ok(row)
}

/// The frozen figures of `row` set beside the live `report`.
pub fn view(conn: &mut DbConn, row: &FreezeRow, live: &AnnualReport) -> AppResult<FrozenView> {
    let intact = digest(&row.report_json) == row.sha256;
    let frozen: AnnualReport = serde_json::from_str(&row.report_json).map_err(AppError::internal)?;
    let mut differences = Vec::new();
    let keys: std::collections::BTreeSet<&String> = frozen.figures.keys().chain(live.figures.keys()).collect();
    for key in keys {
        let (before, now) = (frozen.figures.get(key), live.figures.get(key));
        let (frozen_value, live_value) = (before.map_or(0, |f| f.value), now.map_or(0, |f| f.value));
        if frozen_value != live_value {
            let named = now.or(before);
            differences.push(Difference {
                key: key.clone(),
                label_zh: named.map(|f| f.label_zh.clone()).unwrap_or_default(),
                label_en: named.map(|f| f.label_en.clone()).unwrap_or_default(),
                frozen: frozen_value,
                live: live_value,
            });
        }
    }
    let frozen_by_name: String = users::table
        .find(&row.frozen_by)
        .select(users::display_name)
        .first(conn)
        .optional()?
        .unwrap_or_default();
    Ok(FrozenView {
        year: row.year,
        frozen_at: crate::db::to_utc(row.frozen_at),
        frozen_by: row.frozen_by.clone(),
        frozen_by_name,
        sha256: row.sha256.clone(),
        intact,
        figures: frozen.figures.into_iter().collect::<BTreeMap<_, _>>(),
        differences,
    })
}
