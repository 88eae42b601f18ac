//! The roster operations: create a batch, import a file whole or not at all, submit, and finance's
//! approval (budget reserved, one payout per row) or refusal.

use crate::audit::Event;
use crate::auth::AuthUser;
use crate::db::{new_id, DbConn};
use crate::error::{AppError, AppResult, ErrorCode, FieldError, RowError};
use crate::masking;
use crate::money::Fen;
use crate::operation::Ctx;
use crate::payouts::models::{PayoutRow, PayoutStatus, SourceKind};
use crate::rosters::models::{ImportOutcome, RecipientRow, RosterAction, RosterInput, RosterRow, RosterStatus};
use crate::rosters::queries;
use crate::rosters::rules::{self, Sheet};
use crate::subsidies::models::{AmountRule, PolicyKind, PolicyStatus};
use crate::subsidies::{budget, queries as policies};
use crate::talents::PersonalDataCipher;
use crate::transitions::Stored;
use crate::validation::text;
use serde_json::json;

/// Field names the roster's encrypted values are bound to.
pub const ID_FIELD: &str = "allowance_rows.id_number";
/// The bank account of a roster row.
pub const ACCOUNT_FIELD: &str = "allowance_rows.bank_account";
const ERRORS_FIELD: &str = "allowance_import_errors.payload";

fn audit(conn: &mut DbConn, ctx: &Ctx, action: &str, row: &RosterRow, after: serde_json::Value) -> AppResult<()> {
    ctx.record(
        conn,
        Event {
            action,
            entity: "allowance_batch",
            entity_id: Some(&row.id),
            before: Some(json!({"status": row.status})),
            after: Some(after),
        },
    )
}

/// Create a draft batch (HR) under an active roster policy.
pub fn create(conn: &mut DbConn, ctx: &mut Ctx, hr: &AuthUser, input: &RosterInput) -> AppResult<RosterRow> {
    let mut errors = Vec::new();
    let policy = policies::policy(conn, &input.policy_id)?;
    match &policy {
        Some(p) if p.kind == PolicyKind::Roster.as_str() && p.status == PolicyStatus::Active.as_str() => {}
        _ => errors.push(FieldError::new(
            "policy_id",
            "not_found",
            "No active roster policy with this id.",
        )),
    }
    if !(1..=1000).contains(&input.batch_no) {
        errors.push(FieldError::new("batch_no", "out_of_range", "Between 1 and 1000."));
    }
    let period = rules::period(&input.period).map_err(|e| errors.push(e)).ok();
    let title = text("title", &input.title, 100).map_err(|e| errors.push(e)).ok();
    let (Some((period, year)), Some(title), true) = (period, title, errors.is_empty()) else {
        return Err(AppError::validation(errors));
    };
    let row = RosterRow {
        id: new_id(),
        policy_id: input.policy_id.clone(),
        batch_no: input.batch_no,
        period,
        title,
        year,
        status: RosterStatus::Draft.as_str().into(),
        row_count: 0,
        total_fen: 0,
        created_by: hr.id.clone(),
        imported_by: None,
        submitted_by: None,
        approved_by: None,
        reject_reason: None,
        approved_at: None,
        created_at: ctx.now,
        updated_at: ctx.now,
    };
    queries::insert(conn, &row)?;
    audit(
        conn,
        ctx,
        "allowance_batch.created",
        &row,
        json!({"batch_no": row.batch_no, "period": row.period}),
    )?;
    Ok(row)
}

/// What an import ended with.
#[derive(Debug)]
pub enum Imported {
    /// Every row stored (replacing the old ones).
    Accepted(ImportOutcome),
    /// Nothing stored; the report (and the annotated upload, kept for download).
    Refused(Vec<RowError>),
}

/// Import a roster file into a draft batch (HR): all rows or none.
pub fn import(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    cipher: &PersonalDataCipher,
    hr: &AuthUser,
    id: &str,
    bytes: &[u8],
) -> AppResult<Imported> {
    let batch = queries::roster_or_404(conn, id)?;
    rules::ROSTER.apply(RosterStatus::parse_stored(&batch.status)?, RosterAction::Import)?;
    let policy = policies::policy_or_404(conn, &batch.policy_id)?;
    let rule = AmountRule::parse_stored(&policy.amount_rule)?;
    let cells = crate::sheets::read(bytes)?;
    let (valid, mut errors, warnings, sheet) =
        rules::check(&cells, rule, Fen(policy.amount_fen), crate::time::local_date(ctx.now));
    let hashes: Vec<String> = valid
        .iter()
        .map(|r| cipher.keyed_hash(crate::talents::routes::profile::ID_FIELD, &r.id.normalized))
        .collect();
    for (hash, other) in queries::already_listed(conn, &batch.policy_id, &batch.period, &batch.id, &hashes)? {
        if let Some(i) = hashes.iter().position(|h| *h == hash) {
            errors.push(RowError {
                row: valid[i].row,
                column: Some("身份证号".into()),
                code: "paid_in_other_batch".into(),
                message: format!("此人已在第{other}批中领取同一期间的补助 / already in batch {other} for this period"),
            });
        }
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.row);
        keep_refused(conn, ctx, cipher, hr, &batch, &sheet, &errors)?;
        return Ok(Imported::Refused(errors));
    }
    let linked = queries::profiles_by_hash(conn, &hashes)?;
    let mut rows = Vec::with_capacity(valid.len());
    for (v, hash) in valid.iter().zip(&hashes) {
        let row_id = new_id();
        rows.push(RecipientRow {
            id_number_enc: cipher.encrypt(ID_FIELD, &row_id, &v.id.normalized)?,
            id_number_hash: hash.clone(),
            id_number_masked: masking::id_number(&v.id.normalized),
            bank_account_enc: cipher.encrypt(ACCOUNT_FIELD, &row_id, &v.account)?,
            bank_account_masked: masking::tail(&v.account),
            talent_user_id: linked.iter().find(|(h, _)| h == hash).map(|(_, u)| u.clone()),
            id: row_id,
            batch_id: batch.id.clone(),
            policy_id: batch.policy_id.clone(),
            period: batch.period.clone(),
            row_no: i32::try_from(v.row).unwrap_or(i32::MAX),
            full_name: v.name.clone(),
            employer: v.employer.clone(),
            role: v.role.clone(),
            amount_fen: v.amount.get(),
            bank_name: v.bank.clone(),
            note: v.note.clone(),
            created_at: ctx.now,
        });
    }
    if !queries::replace_rows(conn, &batch.id, &rows, &hr.id, ctx.now)? {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            "The batch was submitted meanwhile; its roster can no longer change.",
        ));
    }
    let total: Fen = rows.iter().map(|r| Fen(r.amount_fen)).sum();
    audit(
        conn,
        ctx,
        "allowance_batch.imported",
        &batch,
        json!({"rows": rows.len(), "total_fen": total.get()}),
    )?;
    Ok(Imported::Accepted(ImportOutcome {
        rows: i32::try_from(rows.len()).unwrap_or(i32::MAX),
        total_fen: total,
        warnings,
    }))
}

fn keep_refused(
    conn: &mut DbConn,
    ctx: &Ctx,
    cipher: &PersonalDataCipher,
    hr: &AuthUser,
    batch: &RosterRow,
    sheet: &Sheet,
    errors: &[RowError],
) -> AppResult<()> {
    let payload = serde_json::to_string(&json!({"sheet": sheet, "errors": errors})).map_err(AppError::internal)?;
    queries::save_import_errors(
        conn,
        &batch.id,
        &cipher.encrypt(ERRORS_FIELD, &batch.id, &payload)?,
        &hr.id,
        ctx.now,
    )?;
    audit(
        conn,
        ctx,
        "allowance_batch.import_refused",
        batch,
        json!({"errors": errors.len()}),
    )
}

/// The last refused upload of a batch, as its sheet and errors.
pub fn refused_upload(conn: &mut DbConn, cipher: &PersonalDataCipher, id: &str) -> AppResult<(Sheet, Vec<RowError>)> {
    queries::roster_or_404(conn, id)?;
    let enc = queries::import_errors(conn, id)?.ok_or_else(AppError::not_found)?;
    let payload: serde_json::Value =
        serde_json::from_str(&cipher.decrypt(ERRORS_FIELD, id, &enc)?).map_err(AppError::internal)?;
    let sheet = serde_json::from_value(payload["sheet"].clone()).map_err(AppError::internal)?;
    let errors = serde_json::from_value(payload["errors"].clone()).map_err(AppError::internal)?;
    Ok((sheet, errors))
}

/// Submit a draft batch to finance (HR): it must have rows, and the year's budget must fit them.
pub fn submit(conn: &mut DbConn, ctx: &mut Ctx, hr: &AuthUser, id: &str) -> AppResult<RosterRow> {
    let batch = queries::roster_or_404(conn, id)?;
    let from = RosterStatus::parse_stored(&batch.status)?;
    let to = rules::ROSTER.apply(from, RosterAction::Submit)?;
    if batch.row_count == 0 {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            "Import the roster before submitting it.",
        ));
    }
    let remaining = budget::view(budget::find(conn, &batch.policy_id, batch.year)?.as_ref(), batch.year).remaining_fen;
    if remaining < Fen(batch.total_fen) {
        return Err(AppError::budget_exceeded(remaining));
    }
    queries::move_roster(conn, id, from, to, ctx.now)?;
    queries::set_people(conn, id, Some(&hr.id), None, None, ctx.now)?;
    audit(
        conn,
        ctx,
        "allowance_batch.submitted",
        &batch,
        json!({"status": to.as_str(), "total_fen": batch.total_fen}),
    )?;
    queries::roster_or_404(conn, id)
}

/// Finance approves: never someone who created, imported or submitted the batch; the total is
/// reserved in the year's budget and one payout per row goes to the ledger.
pub fn approve(conn: &mut DbConn, ctx: &mut Ctx, finance: &AuthUser, id: &str) -> AppResult<RosterRow> {
    let batch = queries::roster_or_404(conn, id)?;
    let editors = [
        Some(&batch.created_by),
        batch.imported_by.as_ref(),
        batch.submitted_by.as_ref(),
    ];
    if editors.iter().flatten().any(|e| **e == finance.id) {
        return Err(AppError::new(
            ErrorCode::SamePerson,
            "Nobody approves a batch they edited (four eyes).",
        ));
    }
    let from = RosterStatus::parse_stored(&batch.status)?;
    let to = rules::ROSTER.apply(from, RosterAction::Approve)?;
    queries::move_roster(conn, id, from, to, ctx.now)?;
    queries::set_people(conn, id, None, Some(&finance.id), None, ctx.now)?;
    budget::reserve(conn, &batch.policy_id, batch.year, Fen(batch.total_fen), ctx.now)?;
    for r in queries::rows_of(conn, id)? {
        let payout = PayoutRow {
            id: new_id(),
            source_kind: SourceKind::RosterRow.as_str().into(),
            source_id: r.id.clone(),
            reference: crate::payouts::ops::reference(),
            policy_id: r.policy_id.clone(),
            year: batch.year,
            recipient_user_id: r.talent_user_id.clone(),
            recipient_name: r.full_name.clone(),
            bank_name: Some(r.bank_name.clone()),
            bank_account_enc: Some(r.bank_account_enc.clone()),
            bank_account_masked: Some(r.bank_account_masked.clone()),
            account_field: Some(ACCOUNT_FIELD.into()),
            account_owner: Some(r.id.clone()),
            amount_fen: r.amount_fen,
            status: PayoutStatus::Pending.as_str().into(),
            flag: None,
            last_failure: None,
            paid_at: None,
            created_at: ctx.now,
            updated_at: ctx.now,
        };
        if !crate::payouts::queries::insert_once(conn, &payout)? {
            return Err(AppError::internal(format!("roster row {} already has a payout", r.id)));
        }
    }
    audit(
        conn,
        ctx,
        "allowance_batch.approved",
        &batch,
        json!({"status": to.as_str(), "total_fen": batch.total_fen}),
    )?;
    queries::roster_or_404(conn, id)
}

/// Finance refuses: the batch goes back to HR as a draft, with the reason.
pub fn reject(conn: &mut DbConn, ctx: &mut Ctx, id: &str, reason: &str) -> AppResult<RosterRow> {
    let reason = text("reason", reason, 500).map_err(|e| AppError::validation(vec![e]))?;
    let batch = queries::roster_or_404(conn, id)?;
    let from = RosterStatus::parse_stored(&batch.status)?;
    let to = rules::ROSTER.apply(from, RosterAction::Reject)?;
    queries::move_roster(conn, id, from, to, ctx.now)?;
    queries::set_people(conn, id, None, None, Some(&reason), ctx.now)?;
    audit(
        conn,
        ctx,
        "allowance_batch.rejected",
        &batch,
        json!({"status": to.as_str(), "reason": reason}),
    )?;
    queries::roster_or_404(conn, id)
}

/// Mark approved batches paid once every payout of their rows is paid (the worker's job).
pub fn settle_paid(conn: &mut DbConn, ctx: &mut Ctx) -> AppResult<usize> {
    let mut done = 0;
    for id in queries::approved_ids(conn)? {
        if queries::unpaid_payouts(conn, &id)? == 0 {
            let batch = queries::roster_or_404(conn, &id)?;
            let to = rules::ROSTER.apply(RosterStatus::Approved, RosterAction::Settle)?;
            queries::move_roster(conn, &id, RosterStatus::Approved, to, ctx.now)?;
            audit(
                conn,
                ctx,
                "allowance_batch.paid",
                &batch,
                json!({"status": to.as_str()}),
            )?;
            done += 1;
        }
    }
    Ok(done)
}
