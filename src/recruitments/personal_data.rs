//! What the recruitments domain holds about a person: their sign-ups for public-institution
//! recruitments. They stay, tied to the anonymised account: a recruitment's results are public record.

use crate::auth::AuthUser;
use crate::db::DbConn;
use crate::error::AppResult;
use crate::privacy::{all_pages, keeps_nothing, section, Erasure, Holder};
use crate::recruitments::{queries, views};
use chrono::NaiveDateTime;
use serde_json::{json, Value};

/// The recruitments domain's [`Holder`].
pub const HOLDER: Holder = Holder {
    name: "recruitment_applications",
    export,
    keeps: keeps_nothing,
    erase,
};

fn export(conn: &mut DbConn, me: &AuthUser, now: NaiveDateTime) -> AppResult<Value> {
    let rows = all_pages(|paging| queries::mine(conn, &me.id, None, paging))?;
    let views = rows
        .iter()
        .map(|r| views::application(conn, r, me, now))
        .collect::<AppResult<Vec<_>>>()?;
    section(&views)
}

fn erase(_: &mut DbConn, erasure: &mut Erasure) -> AppResult<()> {
    erasure.note(
        HOLDER.name,
        json!({"kept": "the sign-ups, anonymous, as the recruitments' record"}),
    );
    Ok(())
}
