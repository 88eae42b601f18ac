//! What the subsidies domain holds about a person: their applications. An application whose money
//! was approved (finance approved, in notice, awarded) is a record the law requires to keep, with
//! its policy and profile snapshots; all stay tied to the anonymised account.

use crate::auth::AuthUser;
use crate::db::schema::subsidy_applications;
use crate::db::DbConn;
use crate::error::AppResult;
use crate::privacy::{all_pages, section, Erasure, Holder};
use crate::subsidies::models::{ApplicationFilter, SubsidyApplicationStatus as S};
use crate::subsidies::{queries, views};
use crate::transitions::Stored;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::{json, Value};

/// The subsidies domain's [`Holder`].
pub const HOLDER: Holder = Holder {
    name: "subsidy_applications",
    export,
    keeps,
    erase,
};

/// Statuses in which money was approved for the person.
const KEPT: [S; 3] = [S::FinanceApproved, S::InNotice, S::Awarded];

fn export(conn: &mut DbConn, me: &AuthUser, _: NaiveDateTime) -> AppResult<Value> {
    let filter = ApplicationFilter {
        status: None,
        policy_id: None,
        year: None,
        page: None,
        per_page: None,
    };
    let rows = all_pages(|paging| queries::applications(conn, &filter, Some(&me.id), paging))?;
    let views = rows
        .iter()
        .map(|r| views::application(conn, r, me))
        .collect::<AppResult<Vec<_>>>()?;
    section(&views)
}

fn kept(conn: &mut DbConn, user_id: &str) -> AppResult<i64> {
    Ok(subsidy_applications::table
        .filter(subsidy_applications::applicant_id.eq(user_id))
        .filter(subsidy_applications::status.eq_any(KEPT.map(|s| s.as_str())))
        .count()
        .get_result(conn)?)
}

fn keeps(conn: &mut DbConn, user_id: &str) -> AppResult<bool> {
    Ok(kept(conn, user_id)? > 0)
}

fn erase(conn: &mut DbConn, erasure: &mut Erasure) -> AppResult<()> {
    let n = kept(conn, &erasure.user_id)?;
    erasure.note(HOLDER.name, json!({"kept_as_required": n}));
    Ok(())
}
