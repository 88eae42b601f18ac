//! The payout operations: each is one transaction's rules, audit event and mail. Money moves only
//! through conditional updates on the state it leaves, and the database's unique keys refuse a
//! second payout per source, a second open attempt or a second paid attempt.

use crate::audit::Event;
use crate::auth::AuthUser;
use crate::db::{new_id, DbConn};
use crate::error::{AppError, AppResult, ErrorCode, FieldError, RowError};
use crate::money::Fen;
use crate::notifications::mails::{PayoutFailed, PayoutPaid};
use crate::notifications::Mail;
use crate::operation::Ctx;
use crate::payouts::bankfile::{self, BankFormat, Line};
use crate::payouts::models::{
    AttemptRow, AttemptStatus, BatchAction, BatchInput, BatchRow, BatchStatus, PayoutFilter, PayoutRow, PayoutStatus,
    ResultsOutcome, SourceKind,
};
use crate::payouts::{queries, rules};
use crate::subsidies::budget;
use crate::talents::PersonalDataCipher;
use crate::transitions::Stored;
use crate::validation::text;
use serde_json::json;
use sha2::{Digest, Sha256};

/// A payout's unique reference, short enough for a bank's 备注 field.
pub fn reference() -> String {
    let id = uuid::Uuid::new_v4().simple().to_string().to_uppercase();
    format!("JX{}", &id[..14])
}

/// The account snapshot of a person's current profile: (bank, encrypted, masked).
fn profile_account(conn: &mut DbConn, user_id: &str) -> AppResult<(Option<String>, Option<String>, Option<String>)> {
    Ok(match crate::talents::queries::find(conn, user_id)? {
        Some(p) => (p.row.bank_name, p.row.bank_account_enc, p.row.bank_account_masked),
        None => (None, None, None),
    })
}

fn flag_for(account: &(Option<String>, Option<String>, Option<String>)) -> Option<&'static str> {
    account.1.is_none().then_some(rules::FLAG_NO_ACCOUNT)
}

/// Hand every awarded application without a payout to the ledger, with the recipient's account
/// as it is now. Safe to run from several places at once: the source's unique key decides.
pub fn collect_awards(conn: &mut DbConn, ctx: &mut Ctx) -> AppResult<usize> {
    let mut created = 0;
    for award in queries::awards_without_payout(conn, 500)? {
        let queries::Award {
            application_id: app_id,
            applicant_id: applicant,
            policy_id,
            year,
            granted_fen: amount,
        } = award;
        let person = crate::subsidies::queries::person(conn, &applicant)?;
        let account = profile_account(conn, &applicant)?;
        let row = PayoutRow {
            id: new_id(),
            source_kind: SourceKind::SubsidyApplication.as_str().into(),
            source_id: app_id,
            reference: reference(),
            policy_id,
            year,
            recipient_user_id: Some(applicant.clone()),
            recipient_name: person.as_ref().and_then(|p| p.name.clone()).unwrap_or_default(),
            flag: match flag_for(&account) {
                Some(f) => Some(f.into()),
                None if crate::talents::queries::bank_changed_since(
                    conn,
                    &applicant,
                    ctx.now - chrono::Duration::hours(24),
                )? =>
                {
                    Some(rules::FLAG_ACCOUNT_CHANGED.into())
                }
                None => None,
            },
            bank_name: account.0,
            bank_account_enc: account.1,
            bank_account_masked: account.2,
            account_field: Some(crate::talents::routes::profile::BANK_FIELD.into()),
            account_owner: Some(applicant),
            amount_fen: amount,
            status: PayoutStatus::Pending.as_str().into(),
            last_failure: None,
            paid_at: None,
            created_at: ctx.now,
            updated_at: ctx.now,
        };
        if queries::insert_once(conn, &row)? {
            created += 1;
            ctx.record(
                conn,
                Event {
                    action: "payout.created",
                    entity: "payout",
                    entity_id: Some(&row.id),
                    before: None,
                    after: Some(
                        json!({"source_id": row.source_id, "amount_fen": row.amount_fen, "reference": row.reference}),
                    ),
                },
            )?;
        }
    }
    Ok(created)
}

fn batch_audit(
    conn: &mut DbConn,
    ctx: &Ctx,
    action: &str,
    batch: &BatchRow,
    extra: serde_json::Value,
) -> AppResult<()> {
    ctx.record(
        conn,
        Event {
            action,
            entity: "payout_batch",
            entity_id: Some(&batch.id),
            before: None,
            after: Some(json!({"batch_no": batch.batch_no, "detail": extra})),
        },
    )
}

/// Build a draft batch from pending payouts (finance): the named ones, or every ready payout of a
/// policy. A payout another batch took first is skipped; none left is 409.
pub fn build_batch(conn: &mut DbConn, ctx: &mut Ctx, finance: &AuthUser, input: &BatchInput) -> AppResult<BatchRow> {
    collect_awards(conn, ctx)?;
    let candidates: Vec<PayoutRow> = match (&input.payout_ids, &input.policy_id) {
        (Some(ids), _) if !ids.is_empty() && ids.len() <= rules::MAX_BATCH => {
            let mut rows = Vec::new();
            for (i, id) in ids.iter().enumerate() {
                let row = queries::payout(conn, id)?.ok_or_else(|| {
                    AppError::validation(vec![FieldError::new(
                        &format!("payout_ids.{i}"),
                        "not_found",
                        "No such payout.",
                    )])
                })?;
                if row.flag.is_some() {
                    return Err(AppError::validation(vec![FieldError::new(
                        &format!("payout_ids.{i}"),
                        "flagged",
                        "This payout is flagged; check its account first.",
                    )]));
                }
                rows.push(row);
            }
            rows
        }
        (Some(_), _) => {
            return Err(AppError::validation(vec![FieldError::new(
                "payout_ids",
                "out_of_range",
                "Between 1 and 5000 payouts.",
            )]))
        }
        (None, Some(policy)) => queries::all(
            conn,
            &PayoutFilter {
                status: Some(PayoutStatus::Pending),
                policy_id: Some(policy.clone()),
                source_kind: input.source_kind,
                year: None,
                flagged: Some(false),
                batch_id: None,
                page: None,
                per_page: None,
            },
        )?
        .into_iter()
        .take(rules::MAX_BATCH)
        .collect(),
        (None, None) => {
            return Err(AppError::validation(vec![FieldError::new(
                "payout_ids",
                "required",
                "Name the payouts or a policy.",
            )]))
        }
    };
    let batch = BatchRow {
        id: new_id(),
        batch_no: rules::batch_no(ctx.now),
        status: BatchStatus::Draft.as_str().into(),
        created_by: finance.id.clone(),
        approved_by: None,
        approved_at: None,
        exported_at: None,
        export_sha256: None,
        closed_at: None,
        created_at: ctx.now,
        updated_at: ctx.now,
    };
    queries::insert_batch(conn, &batch)?;
    let mut taken = 0;
    for p in candidates {
        // Conditional: a payout another batch took a moment ago stays there.
        if !queries::move_payout(conn, &p.id, PayoutStatus::Pending, PayoutStatus::InBatch, ctx.now)? {
            continue;
        }
        queries::insert_attempt(
            conn,
            &AttemptRow {
                id: new_id(),
                payout_id: p.id.clone(),
                batch_id: batch.id.clone(),
                status: AttemptStatus::InBatch.as_str().into(),
                bank_reference: None,
                failure_reason: None,
                created_at: ctx.now,
                updated_at: ctx.now,
            },
        )?;
        taken += 1;
    }
    if taken == 0 {
        return Err(AppError::new(
            ErrorCode::NothingToBatch,
            "None of these payouts is waiting for a batch.",
        ));
    }
    batch_audit(conn, ctx, "payout_batch.built", &batch, json!({"payouts": taken}))?;
    Ok(batch)
}

/// Approve a draft batch (finance, never the one who built it: four eyes).
pub fn approve_batch(conn: &mut DbConn, ctx: &mut Ctx, finance: &AuthUser, id: &str) -> AppResult<BatchRow> {
    let batch = queries::batch_or_404(conn, id)?;
    if batch.created_by == finance.id {
        return Err(AppError::new(
            ErrorCode::SamePerson,
            "A second finance user must approve the batch (four eyes).",
        ));
    }
    let from = BatchStatus::parse_stored(&batch.status)?;
    let to = rules::BATCH.apply(from, BatchAction::Approve)?;
    queries::move_batch(
        conn,
        id,
        from,
        to,
        queries::BatchChanges {
            approved_by: Some(finance.id.clone()),
            approved: true,
            ..Default::default()
        },
        ctx.now,
    )?;
    batch_audit(conn, ctx, "payout_batch.approved", &batch, json!({}))?;
    queries::batch_or_404(conn, id)
}

/// Cancel a draft batch: its payouts wait for another batch.
pub fn cancel_batch(conn: &mut DbConn, ctx: &mut Ctx, id: &str) -> AppResult<BatchRow> {
    let batch = queries::batch_or_404(conn, id)?;
    let from = BatchStatus::parse_stored(&batch.status)?;
    let to = rules::BATCH.apply(from, BatchAction::Cancel)?;
    queries::move_batch(conn, id, from, to, queries::BatchChanges::default(), ctx.now)?;
    for (attempt, payout) in queries::batch_items(conn, id)? {
        if attempt.status == AttemptStatus::InBatch.as_str() {
            queries::move_payout(conn, &payout.id, PayoutStatus::InBatch, PayoutStatus::Pending, ctx.now)?;
        }
    }
    queries::move_batch_attempts(conn, id, AttemptStatus::InBatch, AttemptStatus::Removed, ctx.now)?;
    batch_audit(conn, ctx, "payout_batch.cancelled", &batch, json!({}))?;
    queries::batch_or_404(conn, id)
}

/// The bank file of an approved (or already exported) batch; the first download moves the batch
/// and its payouts to exported. Every download is audited with the file's SHA-256.
pub fn export(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    cipher: &PersonalDataCipher,
    id: &str,
    format: BankFormat,
) -> AppResult<(BatchRow, Vec<u8>)> {
    let batch = queries::batch_or_404(conn, id)?;
    let from = BatchStatus::parse_stored(&batch.status)?;
    if from != BatchStatus::Exported {
        rules::BATCH.apply(from, BatchAction::Export)?;
    }
    let mut lines = Vec::new();
    for (attempt, p) in queries::batch_items(conn, id)? {
        if !matches!(
            AttemptStatus::parse_stored(&attempt.status)?,
            AttemptStatus::InBatch | AttemptStatus::Exported
        ) {
            continue;
        }
        let (Some(enc), Some(field), Some(owner)) = (&p.bank_account_enc, &p.account_field, &p.account_owner) else {
            return Err(AppError::new(
                ErrorCode::NoBankAccount,
                format!("Payout {} has no bank account.", p.reference),
            ));
        };
        lines.push(Line {
            account: cipher.decrypt(field, owner, enc)?,
            name: p.recipient_name.clone(),
            bank: p.bank_name.clone().unwrap_or_default(),
            amount: Fen(p.amount_fen),
            purpose: queries::policy_name(conn, &p.policy_id)?,
            reference: p.reference.clone(),
        });
    }
    let bytes = bankfile::build(format, &batch.batch_no, &lines)?;
    let sha = hex::encode(Sha256::digest(&bytes));
    if from == BatchStatus::Approved {
        queries::move_batch(
            conn,
            id,
            from,
            BatchStatus::Exported,
            queries::BatchChanges {
                export_sha256: Some(sha.clone()),
                exported: true,
                ..Default::default()
            },
            ctx.now,
        )?;
        for (attempt, p) in queries::batch_items(conn, id)? {
            if attempt.status == AttemptStatus::InBatch.as_str() {
                queries::move_payout(conn, &p.id, PayoutStatus::InBatch, PayoutStatus::Exported, ctx.now)?;
            }
        }
        queries::move_batch_attempts(conn, id, AttemptStatus::InBatch, AttemptStatus::Exported, ctx.now)?;
    }
    batch_audit(
        conn,
        ctx,
        "payout_batch.exported",
        &batch,
        json!({"sha256": sha, "format": format.media().1, "rows": lines.len()}),
    )?;
    Ok((queries::batch_or_404(conn, id)?, bytes))
}

/// The result of one payout in an exported batch.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Paid, with the bank's reference.
    Paid(String),
    /// Failed, with the bank's reason.
    Failed(String),
}

/// Apply one result; 409 when the payout has no exported attempt (already paid, failed, or not sent).
fn settle_one(conn: &mut DbConn, ctx: &mut Ctx, payout: &PayoutRow, outcome: &Outcome) -> AppResult<String> {
    let attempt = queries::open_attempt(conn, &payout.id)?.ok_or_else(|| {
        let why = if payout.status == PayoutStatus::Paid.as_str() {
            "is already paid"
        } else {
            "is not in an exported bank file"
        };
        AppError::new(
            ErrorCode::InvalidTransition,
            format!("Payout {} {why}.", payout.reference),
        )
    })?;
    let policy = queries::policy_name(conn, &payout.policy_id)?;
    let amount = Fen(payout.amount_fen);
    match outcome {
        Outcome::Paid(bank_ref) => {
            if !queries::finish_attempt(conn, &attempt.id, AttemptStatus::Paid, Some(bank_ref), None, ctx.now)?
                || !queries::move_payout(conn, &payout.id, PayoutStatus::Exported, PayoutStatus::Paid, ctx.now)?
            {
                return Err(AppError::new(
                    ErrorCode::InvalidTransition,
                    "The payout changed meanwhile; reload it.",
                ));
            }
            queries::set_paid(conn, &payout.id, ctx.now)?;
            budget::settle(conn, &payout.policy_id, payout.year, amount, ctx.now)?;
            if let Some((to, locale, name)) = recipient(conn, payout)? {
                let params = PayoutPaid {
                    name,
                    policy,
                    amount: amount.to_string(),
                    account: payout.bank_account_masked.clone().unwrap_or_default(),
                    link: ctx.link("/my/subsidies"),
                };
                ctx.mail(
                    conn,
                    &Mail::new(to, locale, &params, format!("payout_paid:{}", payout.id)),
                )?;
            }
        }
        Outcome::Failed(reason) => {
            if !queries::finish_attempt(conn, &attempt.id, AttemptStatus::Failed, None, Some(reason), ctx.now)?
                || !queries::move_payout(conn, &payout.id, PayoutStatus::Exported, PayoutStatus::Pending, ctx.now)?
            {
                return Err(AppError::new(
                    ErrorCode::InvalidTransition,
                    "The payout changed meanwhile; reload it.",
                ));
            }
            queries::set_failure(conn, &payout.id, reason)?;
            if let Some((to, locale, name)) = recipient(conn, payout)? {
                let params = PayoutFailed {
                    name,
                    policy,
                    amount: amount.to_string(),
                    reason: reason.clone(),
                    link: ctx.link("/applicant/profile"),
                };
                ctx.mail(
                    conn,
                    &Mail::new(to, locale, &params, format!("payout_failed:{}", attempt.id)),
                )?;
            }
        }
    }
    let (action, after) = match outcome {
        Outcome::Paid(r) => (
            "payout.paid",
            json!({"bank_reference": r, "amount_fen": payout.amount_fen}),
        ),
        Outcome::Failed(r) => ("payout.failed", json!({"reason": r})),
    };
    ctx.record(
        conn,
        Event {
            action,
            entity: "payout",
            entity_id: Some(&payout.id),
            before: Some(json!({"status": payout.status})),
            after: Some(after),
        },
    )?;
    Ok(attempt.batch_id)
}

/// The mail address, locale and name of a payout's recipient, when they have an account.
fn recipient(conn: &mut DbConn, payout: &PayoutRow) -> AppResult<Option<(String, String, String)>> {
    let Some(user) = &payout.recipient_user_id else {
        return Ok(None);
    };
    Ok(crate::subsidies::queries::person(conn, user)?.map(|p| (p.email, p.locale, payout.recipient_name.clone())))
}

/// Close a batch once every payout in it has a result.
fn close_if_done(conn: &mut DbConn, ctx: &mut Ctx, batch_id: &str) -> AppResult<bool> {
    let batch = queries::batch_or_404(conn, batch_id)?;
    if batch.status != BatchStatus::Exported.as_str() || queries::waiting_in_batch(conn, batch_id)? > 0 {
        return Ok(false);
    }
    queries::move_batch(
        conn,
        batch_id,
        BatchStatus::Exported,
        BatchStatus::Closed,
        queries::BatchChanges {
            closed: true,
            ..Default::default()
        },
        ctx.now,
    )?;
    batch_audit(conn, ctx, "payout_batch.closed", &batch, json!({}))?;
    Ok(true)
}

/// Mark one payout paid or failed (finance).
pub fn mark(conn: &mut DbConn, ctx: &mut Ctx, id: &str, outcome: Outcome) -> AppResult<PayoutRow> {
    let payout = queries::payout_or_404(conn, id)?;
    let outcome = match outcome {
        Outcome::Paid(r) => Outcome::Paid(text("bank_reference", &r, 100).map_err(|e| AppError::validation(vec![e]))?),
        Outcome::Failed(r) => Outcome::Failed(text("reason", &r, 500).map_err(|e| AppError::validation(vec![e]))?),
    };
    let batch_id = settle_one(conn, ctx, &payout, &outcome)?;
    close_if_done(conn, ctx, &batch_id)?;
    queries::payout_or_404(conn, id)
}

/// Give up on a pending payout for good (finance): its budget reservation is released.
pub fn cancel(conn: &mut DbConn, ctx: &mut Ctx, id: &str, reason: &str) -> AppResult<PayoutRow> {
    let reason = text("reason", reason, 500).map_err(|e| AppError::validation(vec![e]))?;
    let payout = queries::payout_or_404(conn, id)?;
    if !queries::move_payout(conn, id, PayoutStatus::Pending, PayoutStatus::Cancelled, ctx.now)? {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            "Only a payout waiting for a batch can be cancelled.",
        ));
    }
    queries::set_failure(conn, id, &reason)?;
    budget::release(conn, &payout.policy_id, payout.year, Fen(payout.amount_fen), ctx.now)?;
    ctx.record(
        conn,
        Event {
            action: "payout.cancelled",
            entity: "payout",
            entity_id: Some(id),
            before: Some(json!({"status": payout.status})),
            after: Some(json!({"reason": reason})),
        },
    )?;
    queries::payout_or_404(conn, id)
}

/// Take the account of a pending payout from the recipient's current profile (finance), e.g. after
/// a failure; the old and new masked numbers are audited.
pub fn refresh_account(conn: &mut DbConn, ctx: &mut Ctx, id: &str) -> AppResult<PayoutRow> {
    let payout = queries::payout_or_404(conn, id)?;
    if payout.status != PayoutStatus::Pending.as_str() {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            "Only a payout waiting for a batch can change its account.",
        ));
    }
    let owner = payout.recipient_user_id.clone().ok_or_else(|| {
        AppError::new(
            ErrorCode::NoBankAccount,
            "This payout has no profile to take an account from.",
        )
    })?;
    let account = profile_account(conn, &owner)?;
    let flag = flag_for(&account);
    let after = account.2.clone();
    queries::set_account(conn, id, account, flag, ctx.now)?;
    ctx.record(
        conn,
        Event {
            action: "payout.account_refreshed",
            entity: "payout",
            entity_id: Some(id),
            before: Some(json!({"bank_account_masked": payout.bank_account_masked})),
            after: Some(json!({"bank_account_masked": after})),
        },
    )?;
    queries::payout_or_404(conn, id)
}

/// Apply a bank result file to an exported batch, all or nothing: any unknown reference, other
/// amount, payout outside the batch or second result is reported by row and nothing is applied.
pub fn apply_results(conn: &mut DbConn, ctx: &mut Ctx, id: &str, bytes: &[u8]) -> AppResult<ResultsOutcome> {
    let batch = queries::batch_or_404(conn, id)?;
    if batch.status != BatchStatus::Exported.as_str() {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            "Results can be uploaded for an exported batch only.",
        ));
    }
    let (parsed, mut errors) = rules::parse_results(&crate::sheets::read(bytes)?)?;
    let mut plan = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for r in parsed {
        let err = |code: &str, msg: String| RowError {
            row: r.row,
            column: Some("备注".into()),
            code: code.into(),
            message: msg,
        };
        if !seen.insert(r.reference.clone()) {
            errors.push(err(
                "duplicate",
                format!("同一参考号出现两次 / {} appears twice", r.reference),
            ));
            continue;
        }
        let Some(p) = queries::by_reference(conn, &r.reference)? else {
            errors.push(err(
                "unknown_reference",
                format!("找不到参考号 / unknown reference {}", r.reference),
            ));
            continue;
        };
        let open = queries::open_attempt(conn, &p.id)?;
        match open {
            Some(a) if a.batch_id == batch.id => {}
            _ if p.status == PayoutStatus::Paid.as_str() => {
                errors.push(err(
                    "already_paid",
                    format!("该笔已发放，不能再次登记结果 / {} is already paid", r.reference),
                ));
                continue;
            }
            _ => {
                errors.push(err(
                    "not_in_batch",
                    format!(
                        "该笔不在本批次待反馈之列 / {} is not waiting in this batch",
                        r.reference
                    ),
                ));
                continue;
            }
        }
        if let Some(amount) = r.amount {
            if amount.get() != p.amount_fen {
                errors.push(RowError {
                    row: r.row,
                    column: Some("金额".into()),
                    code: "amount_mismatch".into(),
                    message: format!(
                        "金额不符：账本 {} 元，文件 {} 元 / amount differs",
                        Fen(p.amount_fen),
                        amount
                    ),
                });
                continue;
            }
        }
        plan.push((p, r.outcome));
    }
    if !errors.is_empty() {
        errors.sort_by_key(|e| e.row);
        return Err(AppError::file_rejected(errors));
    }
    let (mut paid, mut failed) = (0, 0);
    for (p, outcome) in &plan {
        settle_one(conn, ctx, p, outcome)?;
        match outcome {
            Outcome::Paid(_) => paid += 1,
            Outcome::Failed(_) => failed += 1,
        }
    }
    let sha = hex::encode(Sha256::digest(bytes));
    batch_audit(
        conn,
        ctx,
        "payout_batch.results",
        &batch,
        json!({"sha256": sha, "paid": paid, "failed": failed}),
    )?;
    let closed = close_if_done(conn, ctx, id)?;
    Ok(ResultsOutcome {
        batch_id: batch.id,
        paid,
        failed,
        closed,
    })
}
