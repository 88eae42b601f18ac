//! The roster tables, through diesel only.

use crate::db::schema::{allowance_batches, allowance_import_errors, allowance_rows, talent_profiles};
use crate::db::DbConn;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::pagination::Paging;
use crate::rosters::models::{RecipientRow, RosterFilter, RosterRow, RosterStatus};
use crate::transitions::Stored;
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// A batch by id, or 404.
pub fn roster_or_404(conn: &mut DbConn, id: &str) -> AppResult<RosterRow> {
    allowance_batches::table
        .find(id)
        .select(RosterRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(AppError::not_found)
}

/// Store a new batch; 409 when the policy already has this 第N批.
pub fn insert(conn: &mut DbConn, row: &RosterRow) -> AppResult<()> {
    diesel::insert_into(allowance_batches::table)
        .values(row)
        .execute(conn)
        .map_err(|e| match e {
            diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _) => {
                AppError::validation(vec![crate::error::FieldError::new(
                    "batch_no",
                    "taken",
                    "This policy already has a batch with this number.",
                )])
            }
            other => other.into(),
        })?;
    Ok(())
}

/// A page of batches, by policy and number.
pub fn rosters(conn: &mut DbConn, filter: &RosterFilter, paging: Paging) -> AppResult<(Vec<RosterRow>, i64)> {
    let query = || {
        let mut q = allowance_batches::table.into_boxed();
        if let Some(p) = &filter.policy_id {
            q = q.filter(allowance_batches::policy_id.eq(p.clone()));
        }
        if let Some(s) = filter.status {
            q = q.filter(allowance_batches::status.eq(s.as_str()));
        }
        q
    };
    let total = query().count().get_result(conn)?;
    let rows = query()
        .order((allowance_batches::policy_id.asc(), allowance_batches::batch_no.asc()))
        .limit(paging.per_page)
        .offset(paging.offset())
        .select(RosterRow::as_select())
        .load(conn)?;
    Ok((rows, total))
}

/// Move a batch between statuses with who did it; 409 when it moved meanwhile.
pub fn move_roster(
    conn: &mut DbConn,
    id: &str,
    from: RosterStatus,
    to: RosterStatus,
    now: NaiveDateTime,
) -> AppResult<()> {
    let n = diesel::update(
        allowance_batches::table
            .find(id)
            .filter(allowance_batches::status.eq(from.as_str())),
    )
    .set((
        allowance_batches::status.eq(to.as_str()),
        allowance_batches::updated_at.eq(now),
    ))
    .execute(conn)?;
    if n == 1 {
        Ok(())
    } else {
        Err(AppError::new(
            ErrorCode::InvalidTransition,
            "The batch changed meanwhile; reload it.",
        ))
    }
}

/// Record who submitted, approved or refused.
pub fn set_people(
    conn: &mut DbConn,
    id: &str,
    submitted_by: Option<&str>,
    approved_by: Option<&str>,
    reason: Option<&str>,
    now: NaiveDateTime,
) -> AppResult<()> {
    let row = allowance_batches::table.find(id);
    if let Some(by) = submitted_by {
        diesel::update(row)
            .set((
                allowance_batches::submitted_by.eq(Some(by)),
                allowance_batches::reject_reason.eq(None::<String>),
            ))
            .execute(conn)?;
    }
    if let Some(by) = approved_by {
        diesel::update(row)
            .set((
                allowance_batches::approved_by.eq(Some(by)),
                allowance_batches::approved_at.eq(Some(now)),
            ))
            .execute(conn)?;
    }
    if let Some(r) = reason {
        diesel::update(row)
            .set(allowance_batches::reject_reason.eq(Some(r)))
            .execute(conn)?;
    }
    Ok(())
}

/// Replace every row of a draft batch and its totals, in the caller's transaction. False (nothing
/// written) when the batch is no longer a draft: an import that read it before a concurrent submit
/// must not change what was submitted. The batch row is updated first, under that condition, so
/// the rows are replaced only while its row lock is held.
pub fn replace_rows(
    conn: &mut DbConn,
    batch_id: &str,
    rows: &[RecipientRow],
    by: &str,
    now: NaiveDateTime,
) -> AppResult<bool> {
    let total: i64 = rows.iter().map(|r| r.amount_fen).sum();
    let draft = allowance_batches::status.eq(RosterStatus::Draft.as_str());
    let n = diesel::update(allowance_batches::table.find(batch_id).filter(draft))
        .set((
            allowance_batches::row_count.eq(i32::try_from(rows.len()).unwrap_or(i32::MAX)),
            allowance_batches::total_fen.eq(total),
            allowance_batches::imported_by.eq(Some(by)),
            allowance_batches::updated_at.eq(now),
        ))
        .execute(conn)?;
    if n == 0 {
        return Ok(false);
    }
    diesel::delete(allowance_rows::table.filter(allowance_rows::batch_id.eq(batch_id))).execute(conn)?;
    // A multi-row INSERT per chunk; the multi-backend connection cannot batch, so each backend does.
    for chunk in rows.chunks(500) {
        match conn {
            DbConn::Sqlite(c) => diesel::insert_into(allowance_rows::table).values(chunk).execute(c)?,
            DbConn::Pg(c) => diesel::insert_into(allowance_rows::table).values(chunk).execute(c)?,
        };
    }
    diesel::delete(allowance_import_errors::table.find(batch_id)).execute(conn)?;
    Ok(true)
}

/// The batches (other than `except`) where these people are already paid for this policy and period.
pub fn already_listed(
    conn: &mut DbConn,
    policy_id: &str,
    period: &str,
    except: &str,
    hashes: &[String],
) -> AppResult<Vec<(String, i32)>> {
    let mut out = Vec::new();
    for chunk in hashes.chunks(500) {
        let found: Vec<(String, i32)> = allowance_rows::table
            .inner_join(allowance_batches::table)
            .filter(allowance_rows::policy_id.eq(policy_id))
            .filter(allowance_rows::period.eq(period))
            .filter(allowance_rows::batch_id.ne(except))
            .filter(allowance_rows::id_number_hash.eq_any(chunk))
            .select((allowance_rows::id_number_hash, allowance_batches::batch_no))
            .load(conn)?;
        out.extend(found);
    }
    Ok(out)
}

/// The talent accounts behind these keyed ID hashes.
pub fn profiles_by_hash(conn: &mut DbConn, hashes: &[String]) -> AppResult<Vec<(String, String)>> {
    let mut out = Vec::new();
    for chunk in hashes.chunks(500) {
        let found: Vec<(String, String)> = talent_profiles::table
            .filter(talent_profiles::id_number_hash.eq_any(chunk))
            .select((talent_profiles::id_number_hash, talent_profiles::user_id))
            .load(conn)?;
        out.extend(found);
    }
    Ok(out)
}

/// Every row of a batch, in file order.
pub fn rows_of(conn: &mut DbConn, batch_id: &str) -> AppResult<Vec<RecipientRow>> {
    Ok(allowance_rows::table
        .filter(allowance_rows::batch_id.eq(batch_id))
        .order(allowance_rows::row_no.asc())
        .select(RecipientRow::as_select())
        .load(conn)?)
}

/// A page of a batch's rows, searched by name, 工作单位 or 岗位.
pub fn rows_page(
    conn: &mut DbConn,
    batch_id: &str,
    q: Option<&str>,
    paging: Paging,
) -> AppResult<(Vec<RecipientRow>, i64)> {
    let pattern = q.map(|q| format!("%{}%", q.replace(['%', '_'], "")));
    let query = || {
        let mut query = allowance_rows::table
            .filter(allowance_rows::batch_id.eq(batch_id.to_string()))
            .into_boxed();
        if let Some(p) = &pattern {
            query = query.filter(
                allowance_rows::full_name
                    .like(p.clone())
                    .or(allowance_rows::employer.like(p.clone()))
                    .or(allowance_rows::role.like(p.clone())),
            );
        }
        query
    };
    let total = query().count().get_result(conn)?;
    let rows = query()
        .order(allowance_rows::row_no.asc())
        .limit(paging.per_page)
        .offset(paging.offset())
        .select(RecipientRow::as_select())
        .load(conn)?;
    Ok((rows, total))
}

/// Keep the last refused upload (encrypted) for the annotated workbook.
pub fn save_import_errors(
    conn: &mut DbConn,
    batch_id: &str,
    payload_enc: &str,
    by: &str,
    now: NaiveDateTime,
) -> AppResult<()> {
    diesel::delete(allowance_import_errors::table.find(batch_id)).execute(conn)?;
    diesel::insert_into(allowance_import_errors::table)
        .values((
            allowance_import_errors::batch_id.eq(batch_id),
            allowance_import_errors::payload_enc.eq(payload_enc),
            allowance_import_errors::created_by.eq(by),
            allowance_import_errors::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// The last refused upload of a batch, encrypted.
pub fn import_errors(conn: &mut DbConn, batch_id: &str) -> AppResult<Option<String>> {
    Ok(allowance_import_errors::table
        .find(batch_id)
        .select(allowance_import_errors::payload_enc)
        .first(conn)
        .optional()?)
}

/// Approved batches whose every payout is paid.
pub fn approved_ids(conn: &mut DbConn) -> AppResult<Vec<String>> {
    Ok(allowance_batches::table
        .filter(allowance_batches::status.eq(RosterStatus::Approved.as_str()))
        .select(allowance_batches::id)
        .load(conn)?)
}

/// Payouts of a batch's rows that are neither paid nor given up.
pub fn unpaid_payouts(conn: &mut DbConn, batch_id: &str) -> AppResult<i64> {
    use crate::db::schema::payouts;
    use crate::payouts::models::{PayoutStatus, SourceKind};
    let rows = allowance_rows::table
        .filter(allowance_rows::batch_id.eq(batch_id))
        .select(allowance_rows::id);
    Ok(payouts::table
        .filter(payouts::source_kind.eq(SourceKind::RosterRow.as_str()))
        .filter(payouts::source_id.eq_any(rows))
        .filter(payouts::status.ne_all([PayoutStatus::Paid.as_str(), PayoutStatus::Cancelled.as_str()]))
        .count()
        .get_result(conn)?)
}
