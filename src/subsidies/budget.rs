//! One budget per policy and year, shared by applications, allowance rosters and payouts.
//! Every change is a single conditional `UPDATE` on the budget row: on PostgreSQL the row lock
//! orders concurrent reservations and each re-checks the condition on the committed row, on SQLite
//! writers are serialised by `BEGIN IMMEDIATE`; the table's CHECK (reserved + paid ≤ budget) is the
//! last line of defence.

use crate::db::schema::subsidy_budgets;
use crate::db::DbConn;
use crate::error::{AppError, AppResult, FieldError};
use crate::money::Fen;
use crate::subsidies::models::{BudgetRow, BudgetView};
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// The view of a budget row (zeros when the year has no budget).
pub fn view(row: Option<&BudgetRow>, year: i32) -> BudgetView {
    let (budget, reserved, paid) = row
        .map(|r| (r.budget_fen, r.reserved_fen, r.paid_fen))
        .unwrap_or_default();
    BudgetView {
        year,
        budget_fen: Fen(budget),
        reserved_fen: Fen(reserved),
        paid_fen: Fen(paid),
        remaining_fen: Fen((budget - reserved - paid).max(0)),
    }
}

/// The budget row of a policy and year.
pub fn find(conn: &mut DbConn, policy_id: &str, year: i32) -> AppResult<Option<BudgetRow>> {
    Ok(subsidy_budgets::table
        .find((policy_id, year))
        .select(BudgetRow::as_select())
        .first(conn)
        .optional()?)
}

/// Every budget row of a policy, by year.
pub fn of_policy(conn: &mut DbConn, policy_id: &str) -> AppResult<Vec<BudgetRow>> {
    Ok(subsidy_budgets::table
        .filter(subsidy_budgets::policy_id.eq(policy_id))
        .order(subsidy_budgets::year.asc())
        .select(BudgetRow::as_select())
        .load(conn)?)
}

/// Set a year's budget; never below what is already reserved and paid.
pub fn set(conn: &mut DbConn, policy_id: &str, year: i32, budget: Fen, now: NaiveDateTime) -> AppResult<BudgetView> {
    match find(conn, policy_id, year)? {
        None => {
            let row = BudgetRow {
                policy_id: policy_id.into(),
                year,
                budget_fen: budget.get(),
                reserved_fen: 0,
                paid_fen: 0,
                updated_at: now,
            };
            diesel::insert_into(subsidy_budgets::table).values(&row).execute(conn)?;
            Ok(view(Some(&row), year))
        }
        Some(_) => {
            let n = diesel::update(
                subsidy_budgets::table
                    .find((policy_id, year))
                    .filter((subsidy_budgets::reserved_fen + subsidy_budgets::paid_fen).le(budget.get())),
            )
            .set((
                subsidy_budgets::budget_fen.eq(budget.get()),
                subsidy_budgets::updated_at.eq(now),
            ))
            .execute(conn)?;
            let row = find(conn, policy_id, year)?;
            if n == 0 {
                let used = row.as_ref().map(|r| r.reserved_fen + r.paid_fen).unwrap_or_default();
                return Err(AppError::validation(vec![FieldError::new(
                    "budget_fen",
                    "below_used",
                    format!("{} yuan is already reserved or paid this year.", Fen(used)),
                )]));
            }
            Ok(view(row.as_ref(), year))
        }
    }
}

/// Reserve `amount` of a year's budget, or refuse with 409 `budget_exceeded` and what is left.
pub fn reserve(conn: &mut DbConn, policy_id: &str, year: i32, amount: Fen, now: NaiveDateTime) -> AppResult<()> {
    let n = diesel::update(subsidy_budgets::table.find((policy_id, year)).filter(
        (subsidy_budgets::budget_fen - subsidy_budgets::reserved_fen - subsidy_budgets::paid_fen).ge(amount.get()),
    ))
    .set((
        subsidy_budgets::reserved_fen.eq(subsidy_budgets::reserved_fen + amount.get()),
        subsidy_budgets::updated_at.eq(now),
    ))
    .execute(conn)
    .map_err(|e| match e {
        // The CHECK constraint fired: a race the condition did not see; the budget still holds.
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::CheckViolation, _) => {
            AppError::budget_exceeded(Fen::ZERO)
        }
        other => other.into(),
    })?;
    if n == 1 {
        return Ok(());
    }
    let remaining = view(find(conn, policy_id, year)?.as_ref(), year).remaining_fen;
    Err(AppError::budget_exceeded(remaining))
}

/// Give back a reservation (a refusal after approval, an upheld objection, a cancelled payout).
pub fn release(conn: &mut DbConn, policy_id: &str, year: i32, amount: Fen, now: NaiveDateTime) -> AppResult<()> {
    let n = diesel::update(
        subsidy_budgets::table
            .find((policy_id, year))
            .filter(subsidy_budgets::reserved_fen.ge(amount.get())),
    )
    .set((
        subsidy_budgets::reserved_fen.eq(subsidy_budgets::reserved_fen - amount.get()),
        subsidy_budgets::updated_at.eq(now),
    ))
    .execute(conn)?;
    if n == 1 {
        Ok(())
    } else {
        Err(AppError::internal(format!(
            "release of {amount} from {policy_id}/{year} found no reservation"
        )))
    }
}

/// Move a paid amount from reserved to paid (the bank paid it).
pub fn settle(conn: &mut DbConn, policy_id: &str, year: i32, amount: Fen, now: NaiveDateTime) -> AppResult<()> {
    let n = diesel::update(
        subsidy_budgets::table
            .find((policy_id, year))
            .filter(subsidy_budgets::reserved_fen.ge(amount.get())),
    )
    .set((
        subsidy_budgets::reserved_fen.eq(subsidy_budgets::reserved_fen - amount.get()),
        subsidy_budgets::paid_fen.eq(subsidy_budgets::paid_fen + amount.get()),
        subsidy_budgets::updated_at.eq(now),
    ))
    .execute(conn)?;
    if n == 1 {
        Ok(())
    } else {
        Err(AppError::internal(format!(
            "settling {amount} of {policy_id}/{year} found no reservation"
        )))
    }
}
