//! Payout rules as plain functions and data: the batch machine, batch numbers, and reading the
//! bank's result file.

use crate::error::{AppError, AppResult, FieldError, RowError};
use crate::money::Fen;
use crate::payouts::models::{BatchAction, BatchStatus};
use crate::payouts::ops::Outcome;
use crate::sheets::{self, Cell};
use crate::transitions::{Machine, Move};
use chrono::NaiveDateTime;

/// The most payouts one batch carries.
pub const MAX_BATCH: usize = 5000;
/// Flag of a payout without a bank account (it cannot be batched until corrected).
pub const FLAG_NO_ACCOUNT: &str = "no_account";
/// Flag of a payout whose account changed within a day before it was made (a finance look first;
/// `refresh-account` clears it).
pub const FLAG_ACCOUNT_CHANGED: &str = "account_changed";

/// Batch lifecycle.
pub const BATCH: Machine<BatchStatus, BatchAction> = Machine {
    entity: "batch",
    moves: &[
        Move {
            action: BatchAction::Approve,
            from: &[BatchStatus::Draft],
            to: BatchStatus::Approved,
        },
        Move {
            action: BatchAction::Export,
            from: &[BatchStatus::Approved],
            to: BatchStatus::Exported,
        },
        Move {
            action: BatchAction::Close,
            from: &[BatchStatus::Exported],
            to: BatchStatus::Closed,
        },
        Move {
            action: BatchAction::Cancel,
            from: &[BatchStatus::Draft],
            to: BatchStatus::Cancelled,
        },
    ],
};

/// `PB20261201-3F9A2C`: the Shanghai date and a random tail (unique index behind it).
pub fn batch_no(now: NaiveDateTime) -> String {
    let tail = uuid::Uuid::new_v4().simple().to_string().to_uppercase();
    format!("PB{}-{}", crate::time::local_date(now).format("%Y%m%d"), &tail[..6])
}

/// One row of a result file.
#[derive(Debug, Clone)]
pub struct ResultRow {
    /// 1-based row in the file.
    pub row: usize,
    pub reference: String,
    pub outcome: Outcome,
    pub amount: Option<Fen>,
}

const REFERENCE: &[&str] = &["备注", "参考号", "业务参考号", "reference", "ref"];
const RESULT: &[&str] = &["结果", "状态", "处理结果", "交易状态", "result", "status"];
const REASON: &[&str] = &["失败原因", "原因", "备注说明", "reason", "failure_reason"];
const BANK_REF: &[&str] = &["银行流水号", "流水号", "交易流水号", "bank_reference"];
const AMOUNT: &[&str] = &["金额", "金额元", "amount", "amount_yuan"];

fn success(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "成功" | "success" | "succeeded" | "paid" | "交易成功" => Some(true),
        "失败" | "failed" | "failure" | "fail" | "交易失败" => Some(false),
        _ => None,
    }
}

/// Read the rows of a result file; rows that cannot be read are reported, never skipped.
pub fn parse_results(rows: &[Vec<Cell>]) -> AppResult<(Vec<ResultRow>, Vec<RowError>)> {
    let Some((at, cols)) = sheets::header(rows, &[REFERENCE, RESULT, REASON, BANK_REF, AMOUNT]) else {
        return Err(AppError::validation(vec![FieldError::new(
            "file",
            "no_header",
            "No header row with 备注 (reference) and 结果 (result) was found.",
        )]));
    };
    let (Some(rc), Some(sc)) = (cols[0], cols[1]) else {
        return Err(AppError::validation(vec![FieldError::new(
            "file",
            "no_header",
            "The header needs 备注 (reference) and 结果 (result) columns.",
        )]));
    };
    let cell = |row: &Vec<Cell>, c: Option<usize>| c.and_then(|c| row.get(c)).map(Cell::text).unwrap_or_default();
    let (mut out, mut errors) = (Vec::new(), Vec::new());
    for (i, row) in rows.iter().enumerate().skip(at + 1) {
        let line = i + 1;
        if row.iter().all(Cell::is_empty) {
            continue;
        }
        let reference = cell(row, Some(rc));
        // The bank file's footer (合计) may come back with the results.
        if reference.starts_with("PB") || cell(row, Some(0)) == "合计" {
            continue;
        }
        let err = |column: &str, code: &str, message: &str| RowError {
            row: line,
            column: Some(column.into()),
            code: code.into(),
            message: message.into(),
        };
        if reference.is_empty() {
            errors.push(err("备注", "required", "缺少参考号 / reference missing"));
            continue;
        }
        let amount = match cell(row, cols[4]) {
            a if a.is_empty() => None,
            a => match Fen::parse_yuan(&a) {
                Ok(f) => Some(f),
                Err(_) => {
                    errors.push(err(
                        "金额",
                        "invalid_amount",
                        "金额不是有效的元数 / not an amount in yuan",
                    ));
                    continue;
                }
            },
        };
        let outcome = match success(&cell(row, Some(sc))) {
            Some(true) => {
                let bank_ref = cell(row, cols[3]);
                Outcome::Paid(if bank_ref.is_empty() {
                    reference.clone()
                } else {
                    bank_ref
                })
            }
            Some(false) => {
                let reason = cell(row, cols[2]);
                if reason.is_empty() {
                    errors.push(err(
                        "失败原因",
                        "required",
                        "失败的记录须写明原因 / a failure needs its reason",
                    ));
                    continue;
                }
                Outcome::Failed(reason)
            }
            None => {
                errors.push(err(
                    "结果",
                    "invalid_choice",
                    "结果须为“成功”或“失败” / result must be 成功/success or 失败/failed",
                ));
                continue;
            }
        };
        out.push(ResultRow {
            row: line,
            reference,
            outcome,
            amount,
        });
    }
    if out.is_empty() && errors.is_empty() {
        return Err(AppError::validation(vec![FieldError::new(
            "file",
            "empty",
            "The file has no result rows.",
        )]));
    }
    Ok((out, errors))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_batch_table_allows_exactly_these_moves() {
        use strum::IntoEnumIterator;
        let mut n = 0;
        for from in BatchStatus::iter() {
            for action in BatchAction::iter() {
                n += usize::from(BATCH.next(from, action).is_some());
            }
        }
        assert_eq!(n, 4);
        assert!(BATCH.next(BatchStatus::Closed, BatchAction::Cancel).is_none());
        assert!(BATCH.next(BatchStatus::Approved, BatchAction::Cancel).is_none());
    }

    #[test]
    fn results_are_read_in_both_languages_and_bad_rows_are_reported() {
        let csv = "代发结果\nreference,result,reason,bank_reference,amount\nJX1,success,,B001,3000.00\nJX2,失败,户名不符,,\nJX3,maybe,,,\nJX4,失败,,,\n,成功,,,\n合计,2笔,,,3000.00\n";
        let rows = sheets::read(csv.as_bytes()).unwrap();
        let (ok, errors) = parse_results(&rows).unwrap();
        assert_eq!(ok.len(), 2);
        assert!(matches!(&ok[0].outcome, Outcome::Paid(r) if r == "B001"));
        assert_eq!(ok[0].amount, Some(Fen(300_000)));
        assert!(matches!(&ok[1].outcome, Outcome::Failed(r) if r == "户名不符"));
        let codes: Vec<(usize, &str)> = errors.iter().map(|e| (e.row, e.code.as_str())).collect();
        assert_eq!(codes, [(5, "invalid_choice"), (6, "required"), (7, "required")]);
    }
}
