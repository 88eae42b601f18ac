//! Building the API views of payouts, batches and their reconciliation.

use crate::auth::AuthUser;
use crate::db::{to_utc, DbConn};
use crate::error::AppResult;
use crate::money::Fen;
use crate::payouts::models::{
    AttemptStatus, AttemptView, BatchRow, BatchStatus, BatchView, MyPayoutView, PayoutRow, PayoutStatus, PayoutView,
    PolicySummary, Reconciliation, SourceKind, Tally,
};
use crate::payouts::queries;
use crate::transitions::Stored;

/// A payout with its attempts.
pub fn payout(conn: &mut DbConn, row: &PayoutRow) -> AppResult<PayoutView> {
    let attempts = queries::attempts_of(conn, &row.id)?
        .into_iter()
        .map(|a| {
            Ok(AttemptView {
                batch_id: a.batch_id,
                status: AttemptStatus::parse_stored(&a.status)?,
                bank_reference: a.bank_reference,
                failure_reason: a.failure_reason,
                at: to_utc(a.updated_at),
            })
        })
        .collect::<AppResult<_>>()?;
    Ok(PayoutView {
        id: row.id.clone(),
        reference: row.reference.clone(),
        source_kind: SourceKind::parse_stored(&row.source_kind)?,
        source_id: row.source_id.clone(),
        policy_id: row.policy_id.clone(),
        policy_name: queries::policy_name(conn, &row.policy_id)?,
        year: row.year,
        recipient_name: row.recipient_name.clone(),
        bank_name: row.bank_name.clone(),
        bank_account_masked: row.bank_account_masked.clone(),
        amount_fen: Fen(row.amount_fen),
        status: PayoutStatus::parse_stored(&row.status)?,
        flag: row.flag.clone(),
        last_failure: row.last_failure.clone(),
        attempts,
        paid_at: row.paid_at.map(to_utc),
        created_at: to_utc(row.created_at),
    })
}

/// A payout as its recipient sees it.
pub fn mine(conn: &mut DbConn, row: &PayoutRow) -> AppResult<MyPayoutView> {
    Ok(MyPayoutView {
        id: row.id.clone(),
        policy_name: queries::policy_name(conn, &row.policy_id)?,
        amount_fen: Fen(row.amount_fen),
        status: PayoutStatus::parse_stored(&row.status)?,
        bank_account_masked: row.bank_account_masked.clone(),
        last_failure: row.last_failure.clone(),
        paid_at: row.paid_at.map(to_utc),
        created_at: to_utc(row.created_at),
    })
}

fn add(t: &mut Tally, amount: i64) {
    t.count += 1;
    t.amount_fen = Fen(t.amount_fen.get() + amount);
}

/// Counts and sums of a batch by the state of its attempts.
pub fn reconciliation(conn: &mut DbConn, batch_id: &str) -> AppResult<Reconciliation> {
    let mut r = Reconciliation {
        batch_id: batch_id.into(),
        exported: Tally::default(),
        paid: Tally::default(),
        failed: Tally::default(),
        pending: Tally::default(),
    };
    for (a, p) in queries::batch_items(conn, batch_id)? {
        let status = AttemptStatus::parse_stored(&a.status)?;
        if matches!(
            status,
            AttemptStatus::Exported | AttemptStatus::Paid | AttemptStatus::Failed
        ) {
            add(&mut r.exported, p.amount_fen);
        }
        match status {
            AttemptStatus::Paid => add(&mut r.paid, p.amount_fen),
            AttemptStatus::Failed => add(&mut r.failed, p.amount_fen),
            AttemptStatus::InBatch | AttemptStatus::Exported => add(&mut r.pending, p.amount_fen),
            AttemptStatus::Removed => {}
        }
    }
    Ok(r)
}

/// A batch with its count, total and the actions the viewer may take.
pub fn batch(conn: &mut DbConn, row: &BatchRow, viewer: &AuthUser) -> AppResult<BatchView> {
    let status = BatchStatus::parse_stored(&row.status)?;
    let mut count = 0;
    let mut total = 0;
    for (a, p) in queries::batch_items(conn, &row.id)? {
        if a.status != AttemptStatus::Removed.as_str() {
            count += 1;
            total += p.amount_fen;
        }
    }
    let actions = match status {
        BatchStatus::Draft if row.created_by != viewer.id => vec!["approve", "cancel"],
        BatchStatus::Draft => vec!["cancel"],
        BatchStatus::Approved => vec!["export"],
        BatchStatus::Exported => vec!["export", "results"],
        BatchStatus::Closed | BatchStatus::Cancelled => vec![],
    };
    Ok(BatchView {
        id: row.id.clone(),
        batch_no: row.batch_no.clone(),
        status,
        created_by: row.created_by.clone(),
        approved_by: row.approved_by.clone(),
        count,
        total_fen: Fen(total),
        actions: actions.into_iter().map(String::from).collect(),
        export_sha256: row.export_sha256.clone(),
        approved_at: row.approved_at.map(to_utc),
        exported_at: row.exported_at.map(to_utc),
        closed_at: row.closed_at.map(to_utc),
        created_at: to_utc(row.created_at),
    })
}

/// Counts and sums per policy for a year, beside the policy's budget: the numbers the reports use.
pub fn summary(conn: &mut DbConn, year: i32) -> AppResult<Vec<PolicySummary>> {
    let rows = queries::all(
        conn,
        &crate::payouts::models::PayoutFilter {
            status: None,
            policy_id: None,
            source_kind: None,
            year: Some(year),
            flagged: None,
            batch_id: None,
            page: None,
            per_page: None,
        },
    )?;
    let mut out: Vec<PolicySummary> = Vec::new();
    for p in rows {
        let i = match out.iter().position(|s| s.policy_id == p.policy_id) {
            Some(i) => i,
            None => {
                let b = crate::subsidies::budget::view(
                    crate::subsidies::budget::find(conn, &p.policy_id, year)?.as_ref(),
                    year,
                );
                out.push(PolicySummary {
                    policy_id: p.policy_id.clone(),
                    policy_name: queries::policy_name(conn, &p.policy_id)?,
                    year,
                    pending: Tally::default(),
                    in_batch: Tally::default(),
                    exported: Tally::default(),
                    paid: Tally::default(),
                    cancelled: Tally::default(),
                    budget_fen: b.budget_fen,
                    reserved_fen: b.reserved_fen,
                    paid_budget_fen: b.paid_fen,
                });
                out.len() - 1
            }
        };
        let s = &mut out[i];
        let t = match PayoutStatus::parse_stored(&p.status)? {
            PayoutStatus::Pending => &mut s.pending,
            PayoutStatus::InBatch => &mut s.in_batch,
            PayoutStatus::Exported => &mut s.exported,
            PayoutStatus::Paid => &mut s.paid,
            PayoutStatus::Cancelled => &mut s.cancelled,
        };
        add(t, p.amount_fen);
    }
    Ok(out)
}
