//! The payout tables, through diesel only. Every status change is conditional on the state it
//! leaves, so two requests at once cannot both move the same payout or attempt.

use crate::db::schema::{payout_attempts, payout_batches, payouts, subsidy_applications, subsidy_policies};
use crate::db::DbConn;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::pagination::Paging;
use crate::payouts::models::{
    AttemptRow, AttemptStatus, BatchFilter, BatchRow, BatchStatus, PayoutFilter, PayoutRow, PayoutStatus, SourceKind,
};
use crate::subsidies::models::SubsidyApplicationStatus;
use crate::transitions::Stored;
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// A payout by id.
pub fn payout(conn: &mut DbConn, id: &str) -> AppResult<Option<PayoutRow>> {
    Ok(payouts::table
        .find(id)
        .select(PayoutRow::as_select())
        .first(conn)
        .optional()?)
}

/// A payout by id, or 404.
pub fn payout_or_404(conn: &mut DbConn, id: &str) -> AppResult<PayoutRow> {
    payout(conn, id)?.ok_or_else(AppError::not_found)
}

/// A payout by its bank reference.
pub fn by_reference(conn: &mut DbConn, reference: &str) -> AppResult<Option<PayoutRow>> {
    Ok(payouts::table
        .filter(payouts::reference.eq(reference))
        .select(PayoutRow::as_select())
        .first(conn)
        .optional()?)
}

/// Insert a payout unless its source already has one (a savepoint, so losing the race to another
/// process does not abort the caller's transaction); true when inserted.
pub fn insert_once(conn: &mut DbConn, row: &PayoutRow) -> AppResult<bool> {
    let inserted = conn.transaction(|conn| diesel::insert_into(payouts::table).values(row).execute(conn));
    match inserted {
        Ok(_) => Ok(true),
        Err(diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// An awarded application waiting for its payout.
#[derive(Debug, Clone, Queryable)]
pub struct Award {
    pub application_id: String,
    pub applicant_id: String,
    pub policy_id: String,
    pub year: i32,
    pub granted_fen: i64,
}

/// Awarded applications that have no payout yet.
pub fn awards_without_payout(conn: &mut DbConn, limit: i64) -> AppResult<Vec<Award>> {
    let paid_sources = payouts::table
        .filter(payouts::source_kind.eq(SourceKind::SubsidyApplication.as_str()))
        .select(payouts::source_id);
    Ok(subsidy_applications::table
        .filter(subsidy_applications::status.eq(SubsidyApplicationStatus::Awarded.as_str()))
        .filter(subsidy_applications::id.ne_all(paid_sources))
        .limit(limit)
        .select((
            subsidy_applications::id,
            subsidy_applications::applicant_id,
            subsidy_applications::policy_id,
            subsidy_applications::year,
            subsidy_applications::granted_fen.assume_not_null(),
        ))
        .load(conn)?)
}

fn filtered<'a>(
    filter: &'a PayoutFilter,
    recipient: Option<&'a str>,
) -> payouts::BoxedQuery<'a, crate::db::conn::Backend> {
    let mut q = payouts::table.into_boxed();
    if let Some(s) = filter.status {
        q = q.filter(payouts::status.eq(s.as_str()));
    }
    if let Some(p) = &filter.policy_id {
        q = q.filter(payouts::policy_id.eq(p));
    }
    if let Some(k) = filter.source_kind {
        q = q.filter(payouts::source_kind.eq(k.as_str()));
    }
    if let Some(y) = filter.year {
        q = q.filter(payouts::year.eq(y));
    }
    match filter.flagged {
        Some(true) => q = q.filter(payouts::flag.is_not_null()),
        Some(false) => q = q.filter(payouts::flag.is_null()),
        None => {}
    }
    if let Some(b) = &filter.batch_id {
        let in_batch = payout_attempts::table
            .filter(payout_attempts::batch_id.eq(b))
            .select(payout_attempts::payout_id);
        q = q.filter(payouts::id.eq_any(in_batch));
    }
    if let Some(r) = recipient {
        q = q.filter(payouts::recipient_user_id.eq(r));
    }
    q
}

/// A page of payouts, their total count and total amount.
pub fn payouts(
    conn: &mut DbConn,
    filter: &PayoutFilter,
    recipient: Option<&str>,
    paging: Paging,
) -> AppResult<(Vec<PayoutRow>, i64, i64)> {
    let total = filtered(filter, recipient).count().get_result(conn)?;
    // SUM of BIGINT is NUMERIC on PostgreSQL; adding the amounts here keeps one type on both.
    let amounts: Vec<i64> = filtered(filter, recipient).select(payouts::amount_fen).load(conn)?;
    let rows = filtered(filter, recipient)
        .order((payouts::created_at.desc(), payouts::id.desc()))
        .limit(paging.per_page)
        .offset(paging.offset())
        .select(PayoutRow::as_select())
        .load(conn)?;
    Ok((rows, total, amounts.iter().sum()))
}

/// Every payout matching a filter (building a batch, summaries).
pub fn all(conn: &mut DbConn, filter: &PayoutFilter) -> AppResult<Vec<PayoutRow>> {
    Ok(filtered(filter, None)
        .order(payouts::created_at.asc())
        .select(PayoutRow::as_select())
        .load(conn)?)
}

/// Move a payout between statuses; false when it was no longer in `from`.
pub fn move_payout(
    conn: &mut DbConn,
    id: &str,
    from: PayoutStatus,
    to: PayoutStatus,
    now: NaiveDateTime,
) -> AppResult<bool> {
    let n = diesel::update(payouts::table.find(id).filter(payouts::status.eq(from.as_str())))
        .set((payouts::status.eq(to.as_str()), payouts::updated_at.eq(now)))
        .execute(conn)?;
    Ok(n == 1)
}

/// Record a payout as paid.
pub fn set_paid(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> AppResult<()> {
    diesel::update(payouts::table.find(id))
        .set((payouts::paid_at.eq(Some(now)), payouts::last_failure.eq(None::<String>)))
        .execute(conn)?;
    Ok(())
}

/// Remember why the last try failed.
pub fn set_failure(conn: &mut DbConn, id: &str, reason: &str) -> AppResult<()> {
    diesel::update(payouts::table.find(id))
        .set(payouts::last_failure.eq(Some(reason)))
        .execute(conn)?;
    Ok(())
}

/// Replace the account snapshot of a pending payout and clear its flag.
pub fn set_account(
    conn: &mut DbConn,
    id: &str,
    account: (Option<String>, Option<String>, Option<String>),
    flag: Option<&str>,
    now: NaiveDateTime,
) -> AppResult<()> {
    let (bank_name, enc, masked) = account;
    diesel::update(payouts::table.find(id))
        .set((
            payouts::bank_name.eq(bank_name),
            payouts::bank_account_enc.eq(enc),
            payouts::bank_account_masked.eq(masked),
            payouts::flag.eq(flag),
            payouts::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// A policy's name.
pub fn policy_name(conn: &mut DbConn, policy_id: &str) -> AppResult<String> {
    Ok(subsidy_policies::table
        .find(policy_id)
        .select(subsidy_policies::name)
        .first(conn)
        .optional()?
        .unwrap_or_default())
}

/// Store a batch.
pub fn insert_batch(conn: &mut DbConn, row: &BatchRow) -> AppResult<()> {
    diesel::insert_into(payout_batches::table).values(row).execute(conn)?;
    Ok(())
}

/// A batch by id, or 404.
pub fn batch_or_404(conn: &mut DbConn, id: &str) -> AppResult<BatchRow> {
    payout_batches::table
        .find(id)
        .select(BatchRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(AppError::not_found)
}

/// A page of batches, newest first.
pub fn batches(conn: &mut DbConn, filter: &BatchFilter, paging: Paging) -> AppResult<(Vec<BatchRow>, i64)> {
    let query = || {
        let mut q = payout_batches::table.into_boxed();
        if let Some(s) = filter.status {
            q = q.filter(payout_batches::status.eq(s.as_str()));
        }
        q
    };
    let total = query().count().get_result(conn)?;
    let rows = query()
        .order((payout_batches::created_at.desc(), payout_batches::id.desc()))
        .limit(paging.per_page)
        .offset(paging.offset())
        .select(BatchRow::as_select())
        .load(conn)?;
    Ok((rows, total))
}

/// What a batch transition writes besides the status.
#[derive(Debug, Default)]
pub struct BatchChanges {
    pub approved_by: Option<String>,
    pub export_sha256: Option<String>,
    pub approved: bool,
    pub exported: bool,
    pub closed: bool,
}

/// Move a batch from `from` to `to`; 409 when it moved meanwhile.
pub fn move_batch(
    conn: &mut DbConn,
    id: &str,
    from: BatchStatus,
    to: BatchStatus,
    c: BatchChanges,
    now: NaiveDateTime,
) -> AppResult<()> {
    let n = diesel::update(
        payout_batches::table
            .find(id)
            .filter(payout_batches::status.eq(from.as_str())),
    )
    .set((
        payout_batches::status.eq(to.as_str()),
        payout_batches::updated_at.eq(now),
    ))
    .execute(conn)?;
    if n != 1 {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            "The batch changed meanwhile; reload it.",
        ));
    }
    let row = payout_batches::table.find(id);
    if let Some(by) = c.approved_by {
        diesel::update(row)
            .set(payout_batches::approved_by.eq(Some(by)))
            .execute(conn)?;
    }
    if c.approved {
        diesel::update(row)
            .set(payout_batches::approved_at.eq(Some(now)))
            .execute(conn)?;
    }
    if c.exported {
        diesel::update(row)
            .set(payout_batches::exported_at.eq(Some(now)))
            .execute(conn)?;
    }
    if let Some(sha) = c.export_sha256 {
        diesel::update(row)
            .set(payout_batches::export_sha256.eq(Some(sha)))
            .execute(conn)?;
    }
    if c.closed {
        diesel::update(row)
            .set(payout_batches::closed_at.eq(Some(now)))
            .execute(conn)?;
    }
    Ok(())
}

/// Store a new attempt.
pub fn insert_attempt(conn: &mut DbConn, row: &AttemptRow) -> AppResult<()> {
    diesel::insert_into(payout_attempts::table)
        .values(row)
        .execute(conn)
        .map_err(|e| match e {
            diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _) => {
                AppError::new(ErrorCode::Conflict, "A payout is already in another open batch.")
            }
            other => other.into(),
        })?;
    Ok(())
}

/// The attempts of a payout, oldest first.
pub fn attempts_of(conn: &mut DbConn, payout_id: &str) -> AppResult<Vec<AttemptRow>> {
    Ok(payout_attempts::table
        .filter(payout_attempts::payout_id.eq(payout_id))
        .order((payout_attempts::created_at.asc(), payout_attempts::id.asc()))
        .select(AttemptRow::as_select())
        .load(conn)?)
}

/// The attempts of a batch with their payouts.
pub fn batch_items(conn: &mut DbConn, batch_id: &str) -> AppResult<Vec<(AttemptRow, PayoutRow)>> {
    Ok(payout_attempts::table
        .inner_join(payouts::table)
        .filter(payout_attempts::batch_id.eq(batch_id))
        .order((payout_attempts::created_at.asc(), payout_attempts::id.asc()))
        .select((AttemptRow::as_select(), PayoutRow::as_select()))
        .load(conn)?)
}

/// Move every attempt of a batch in `from` to `to`.
pub fn move_batch_attempts(
    conn: &mut DbConn,
    batch_id: &str,
    from: AttemptStatus,
    to: AttemptStatus,
    now: NaiveDateTime,
) -> AppResult<usize> {
    Ok(diesel::update(
        payout_attempts::table
            .filter(payout_attempts::batch_id.eq(batch_id))
            .filter(payout_attempts::status.eq(from.as_str())),
    )
    .set((
        payout_attempts::status.eq(to.as_str()),
        payout_attempts::updated_at.eq(now),
    ))
    .execute(conn)?)
}

/// The open (exported) attempt of a payout, if any.
pub fn open_attempt(conn: &mut DbConn, payout_id: &str) -> AppResult<Option<AttemptRow>> {
    Ok(payout_attempts::table
        .filter(payout_attempts::payout_id.eq(payout_id))
        .filter(payout_attempts::status.eq(AttemptStatus::Exported.as_str()))
        .select(AttemptRow::as_select())
        .first(conn)
        .optional()?)
}

/// Record a result on an exported attempt; false when it already had one.
pub fn finish_attempt(
    conn: &mut DbConn,
    id: &str,
    to: AttemptStatus,
    bank_reference: Option<&str>,
    reason: Option<&str>,
    now: NaiveDateTime,
) -> AppResult<bool> {
    let n = diesel::update(
        payout_attempts::table
            .find(id)
            .filter(payout_attempts::status.eq(AttemptStatus::Exported.as_str())),
    )
    .set((
        payout_attempts::status.eq(to.as_str()),
        payout_attempts::bank_reference.eq(bank_reference),
        payout_attempts::failure_reason.eq(reason),
        payout_attempts::updated_at.eq(now),
    ))
    .execute(conn)
    .map_err(|e| match e {
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _) => {
            AppError::new(ErrorCode::InvalidTransition, "This payout was already paid.")
        }
        other => other.into(),
    })?;
    Ok(n == 1)
}

/// Attempts of a batch still waiting for a result.
pub fn waiting_in_batch(conn: &mut DbConn, batch_id: &str) -> AppResult<i64> {
    Ok(payout_attempts::table
        .filter(payout_attempts::batch_id.eq(batch_id))
        .filter(payout_attempts::status.eq_any([AttemptStatus::InBatch.as_str(), AttemptStatus::Exported.as_str()]))
        .count()
        .get_result(conn)?)
}
