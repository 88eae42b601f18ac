//! What the payouts domain holds about a person: the payouts made to them. Every payout is a
//! record the law requires to keep (with the account it was paid to); nothing is erased.

use crate::auth::AuthUser;
use crate::db::schema::payouts;
use crate::db::DbConn;
use crate::error::AppResult;
use crate::payouts::models::PayoutFilter;
use crate::payouts::{queries, views};
use crate::privacy::{all_pages, section, Erasure, Holder};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::{json, Value};

/// The payouts domain's [`Holder`].
pub const HOLDER: Holder = Holder {
    name: "payouts",
    export,
    keeps,
    erase,
};

fn export(conn: &mut DbConn, me: &AuthUser, _: NaiveDateTime) -> AppResult<Value> {
    let filter = PayoutFilter {
        status: None,
        policy_id: None,
        source_kind: None,
        year: None,
        flagged: None,
        batch_id: None,
        page: None,
        per_page: None,
    };
    let rows = all_pages(|paging| {
        let (rows, total, _) = queries::payouts(conn, &filter, Some(&me.id), paging)?;
        Ok((rows, total))
    })?;
    let views = rows
        .iter()
        .map(|r| views::mine(conn, r))
        .collect::<AppResult<Vec<_>>>()?;
    section(&views)
}

fn count(conn: &mut DbConn, user_id: &str) -> AppResult<i64> {
    Ok(payouts::table
        .filter(payouts::recipient_user_id.eq(user_id))
        .count()
        .get_result(conn)?)
}

fn keeps(conn: &mut DbConn, user_id: &str) -> AppResult<bool> {
    Ok(count(conn, user_id)? > 0)
}

fn erase(conn: &mut DbConn, erasure: &mut Erasure) -> AppResult<()> {
    let n = count(conn, &erasure.user_id)?;
    erasure.note(HOLDER.name, json!({"kept_as_required": n}));
    Ok(())
}
