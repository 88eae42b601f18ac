//! The village operations: townships and villages created and edited one at a time, merges
//! recorded (and undone), and the import of a whole file or nothing. Each takes the
//! [`Aggregate::Villages`] lock first, since each reads codes and merges, decides, then writes.

use crate::audit::Event;
use crate::db::{self, new_id, Aggregate, DbConn};
use crate::error::{AppError, AppResult, ErrorCode, FieldError, RowError};
use crate::operation::Ctx;
use crate::transitions::Stored;
use crate::validation::text;
use crate::villages::models::{MergeInput, TownshipInput, TownshipRow, VillageImportOutcome, VillageInput, VillageRow};
use crate::villages::{queries, rules};
use serde_json::json;
use std::collections::HashMap;

fn record(
    conn: &mut DbConn,
    ctx: &Ctx,
    action: &str,
    entity: &str,
    id: &str,
    before: Option<serde_json::Value>,
    after: serde_json::Value,
) -> AppResult<()> {
    ctx.record(
        conn,
        Event {
            action,
            entity,
            entity_id: Some(id),
            before,
            after: Some(after),
        },
    )
}

fn snapshot(v: &VillageRow) -> serde_json::Value {
    json!({"township_id": v.township_id, "code": v.code, "name": v.name, "kind": v.kind,
        "poor_village": v.poor_village, "poor_changed_year": v.poor_changed_year,
        "established_year": v.established_year, "merged_into_id": v.merged_into_id, "merged_year": v.merged_year})
}

fn check_township(input: &TownshipInput) -> AppResult<(String, String)> {
    let mut errors = Vec::new();
    let code = rules::code("code", &input.code).map_err(|e| errors.push(e)).ok();
    let name = text("name", &input.name, 50).map_err(|e| errors.push(e)).ok();
    match (code, name) {
        (Some(c), Some(n)) if errors.is_empty() => Ok((c, n)),
        _ => Err(AppError::validation(errors)),
    }
}

fn code_taken(field: &str) -> AppError {
    let mut e = AppError::new(ErrorCode::ValueTaken, "Another record already has this code.");
    e.errors = vec![FieldError::new(field, "taken", "Another record already has this code.")];
    e
}

/// Create a township (admin).
pub fn create_township(conn: &mut DbConn, ctx: &mut Ctx, input: &TownshipInput) -> AppResult<TownshipRow> {
    let (code, name) = check_township(input)?;
    db::lock(conn, Aggregate::Villages)?;
    if queries::township_by_code(conn, &code)?.is_some() {
        return Err(code_taken("code"));
    }
    let row = TownshipRow {
        id: new_id(),
        code,
        name,
        created_at: ctx.now,
        updated_at: ctx.now,
    };
    queries::insert_township(conn, &row)?;
    record(
        conn,
        ctx,
        "township.created",
        "township",
        &row.id,
        None,
        json!({"code": row.code, "name": row.name}),
    )?;
    Ok(row)
}

/// Edit a township's code and name (admin).
pub fn update_township(conn: &mut DbConn, ctx: &mut Ctx, id: &str, input: &TownshipInput) -> AppResult<TownshipRow> {
    let (code, name) = check_township(input)?;
    db::lock(conn, Aggregate::Villages)?;
    let old = queries::township(conn, id)?.ok_or_else(AppError::not_found)?;
    if queries::township_by_code(conn, &code)?.is_some_and(|t| t.id != id) {
        return Err(code_taken("code"));
    }
    queries::update_township(conn, id, &code, &name, ctx.now)?;
    record(
        conn,
        ctx,
        "township.updated",
        "township",
        id,
        Some(json!({"code": old.code, "name": old.name})),
        json!({"code": code, "name": name}),
    )?;
    queries::township(conn, id)?.ok_or_else(AppError::not_found)
}

/// Check a village's own fields; the township must exist.
fn check_village(conn: &mut DbConn, input: &VillageInput) -> AppResult<(String, String)> {
    let mut errors = Vec::new();
    let code = rules::code("code", &input.code).map_err(|e| errors.push(e)).ok();
    let name = text("name", &input.name, 50).map_err(|e| errors.push(e)).ok();
    if let Err(e) = rules::optional_year("poor_changed_year", input.poor_changed_year) {
        errors.push(e);
    }
    if let Err(e) = rules::optional_year("established_year", input.established_year) {
        errors.push(e);
    }
    if queries::township(conn, &input.township_id)?.is_none() {
        errors.push(FieldError::new("township_id", "not_found", "No township with this id."));
    }
    match (code, name) {
        (Some(c), Some(n)) if errors.is_empty() => Ok((c, n)),
        _ => Err(AppError::validation(errors)),
    }
}

/// Create a village or community (admin).
pub fn create_village(conn: &mut DbConn, ctx: &mut Ctx, input: &VillageInput) -> AppResult<VillageRow> {
    db::lock(conn, Aggregate::Villages)?;
    let (code, name) = check_village(conn, input)?;
    if queries::village_by_code(conn, &code)?.is_some() {
        return Err(code_taken("code"));
    }
    let row = VillageRow {
        id: new_id(),
        township_id: input.township_id.clone(),
        code,
        name,
        kind: input.kind.as_str().into(),
        poor_village: input.poor_village,
        poor_changed_year: input.poor_changed_year,
        established_year: input.established_year,
        merged_into_id: None,
        merged_year: None,
        created_at: ctx.now,
        updated_at: ctx.now,
    };
    queries::insert_village(conn, &row)?;
    record(conn, ctx, "village.created", "village", &row.id, None, snapshot(&row))?;
    Ok(row)
}

/// Edit a village's own fields (admin); its merge is changed only through [`merge`] and [`unmerge`].
pub fn update_village(conn: &mut DbConn, ctx: &mut Ctx, id: &str, input: &VillageInput) -> AppResult<VillageRow> {
    db::lock(conn, Aggregate::Villages)?;
    let old = queries::village_or_404(conn, id)?;
    let (code, name) = check_village(conn, input)?;
    if queries::village_by_code(conn, &code)?.is_some_and(|v| v.id != id) {
        return Err(code_taken("code"));
    }
    if let (Some(e), Some(m)) = (input.established_year, old.merged_year) {
        if e >= m {
            return Err(AppError::validation(vec![FieldError::new(
                "established_year",
                "after_merge",
                "The village was merged away in an earlier year.",
            )]));
        }
    }
    let row = VillageRow {
        township_id: input.township_id.clone(),
        code,
        name,
        kind: input.kind.as_str().into(),
        poor_village: input.poor_village,
        poor_changed_year: input.poor_changed_year,
        established_year: input.established_year,
        updated_at: ctx.now,
        ..old.clone()
    };
    queries::update_village(conn, &row)?;
    record(
        conn,
        ctx,
        "village.updated",
        "village",
        id,
        Some(snapshot(&old)),
        snapshot(&row),
    )?;
    queries::village_or_404(conn, id)
}

/// Record that a village joined another from a year on (admin).
pub fn merge(conn: &mut DbConn, ctx: &mut Ctx, id: &str, input: &MergeInput) -> AppResult<VillageRow> {
    db::lock(conn, Aggregate::Villages)?;
    let old = queries::village_or_404(conn, id)?;
    let Some(into) = queries::village(conn, &input.into_village_id)? else {
        return Err(AppError::validation(vec![FieldError::new(
            "into_village_id",
            "not_found",
            "No village with this id.",
        )]));
    };
    if let Err(e) = rules::check_merge(&queries::facts(&old), &queries::facts(&into), input.year) {
        let conflict = matches!(e.code.as_str(), "already_merged" | "merged");
        let mut err = if conflict {
            AppError::new(ErrorCode::InvalidTransition, e.message.clone())
        } else {
            AppError::validation(Vec::new())
        };
        err.errors = vec![e];
        return Err(err);
    }
    if !queries::merge(conn, id, &into.id, input.year, ctx.now)? {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            "This village is already merged.",
        ));
    }
    let row = queries::village_or_404(conn, id)?;
    record(
        conn,
        ctx,
        "village.merged",
        "village",
        id,
        Some(snapshot(&old)),
        snapshot(&row),
    )?;
    Ok(row)
}

/// Undo a merge recorded by mistake (admin).
pub fn unmerge(conn: &mut DbConn, ctx: &mut Ctx, id: &str) -> AppResult<VillageRow> {
    db::lock(conn, Aggregate::Villages)?;
    let old = queries::village_or_404(conn, id)?;
    if !queries::unmerge(conn, id, ctx.now)? {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            "This village is not merged.",
        ));
    }
    let row = queries::village_or_404(conn, id)?;
    record(
        conn,
        ctx,
        "village.unmerged",
        "village",
        id,
        Some(snapshot(&old)),
        snapshot(&row),
    )?;
    Ok(row)
}

/// What an import ended with.
#[derive(Debug)]
pub enum Imported {
    /// Every row stored.
    Accepted(VillageImportOutcome),
    /// Nothing stored; every refused row.
    Refused(Vec<RowError>),
}

/// Import townships and villages from a file (admin), all rows or none. A row whose village code
/// exists updates that village's own fields (never its merge); a new code adds a village; a new
/// township code adds a township, a known one takes the name in the file.
pub fn import(conn: &mut DbConn, ctx: &mut Ctx, bytes: &[u8]) -> AppResult<Imported> {
    db::lock(conn, Aggregate::Villages)?;
    let cells = crate::sheets::read(bytes)?;
    let (rows, mut errors) = rules::check(&cells);
    let existing: HashMap<String, VillageRow> = queries::all_villages(conn)?
        .into_iter()
        .map(|v| (v.code.clone(), v))
        .collect();
    for r in &rows {
        if let (Some(v), Some(e)) = (existing.get(&r.code), r.established_year) {
            if v.merged_year.is_some_and(|m| e >= m) {
                errors.push(RowError {
                    row: r.row,
                    column: Some("设立年份".into()),
                    code: "after_merge".into(),
                    message: "该村已在更早的年份合并 / the village was merged away in an earlier year".into(),
                });
            }
        }
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.row);
        record(
            conn,
            ctx,
            "village.import_refused",
            "village_import",
            "-",
            None,
            json!({"errors": errors.len()}),
        )?;
        return Ok(Imported::Refused(errors));
    }
    let mut townships: HashMap<String, TownshipRow> = queries::all_townships(conn)?
        .into_iter()
        .map(|t| (t.code.clone(), t))
        .collect();
    let mut out = VillageImportOutcome {
        rows: i32::try_from(rows.len()).unwrap_or(i32::MAX),
        townships_created: 0,
        townships_updated: 0,
        villages_created: 0,
        villages_updated: 0,
    };
    for r in &rows {
        let township_id = match townships.get(&r.township_code) {
            Some(t) if t.name == r.township_name => t.id.clone(),
            Some(t) => {
                queries::update_township(conn, &t.id, &r.township_code, &r.township_name, ctx.now)?;
                out.townships_updated += 1;
                let id = t.id.clone();
                let mut renamed = t.clone();
                renamed.name = r.township_name.clone();
                townships.insert(r.township_code.clone(), renamed);
                id
            }
            None => {
                let t = TownshipRow {
                    id: new_id(),
                    code: r.township_code.clone(),
                    name: r.township_name.clone(),
                    created_at: ctx.now,
                    updated_at: ctx.now,
                };
                queries::insert_township(conn, &t)?;
                out.townships_created += 1;
                let id = t.id.clone();
                townships.insert(t.code.clone(), t);
                id
            }
        };
        match existing.get(&r.code) {
            Some(old) => {
                let row = VillageRow {
                    township_id,
                    name: r.name.clone(),
                    kind: r.kind.as_str().into(),
                    poor_village: r.poor,
                    poor_changed_year: r.poor_changed_year,
                    established_year: r.established_year,
                    updated_at: ctx.now,
                    ..old.clone()
                };
                if snapshot(&row) != snapshot(old) {
                    queries::update_village(conn, &row)?;
                    out.villages_updated += 1;
                }
            }
            None => {
                queries::insert_village(
                    conn,
                    &VillageRow {
                        id: new_id(),
                        township_id,
                        code: r.code.clone(),
                        name: r.name.clone(),
                        kind: r.kind.as_str().into(),
                        poor_village: r.poor,
                        poor_changed_year: r.poor_changed_year,
                        established_year: r.established_year,
                        merged_into_id: None,
                        merged_year: None,
                        created_at: ctx.now,
                        updated_at: ctx.now,
                    },
                )?;
                out.villages_created += 1;
            }
        }
    }
    record(
        conn,
        ctx,
        "village.imported",
        "village_import",
        "-",
        None,
        serde_json::to_value(&out).map_err(AppError::internal)?,
    )?;
    Ok(Imported::Accepted(out))
}
