//! What the symposiums domain holds about a person: their invitations, answers and attendance.

use crate::auth::AuthUser;
use crate::db::DbConn;
use crate::error::AppResult;
use crate::privacy::{all_pages, keeps_nothing, section, Erasure, Holder};
use crate::symposiums::queries;
use chrono::NaiveDateTime;
use serde_json::{json, Value};

/// The symposiums domain's [`Holder`].
pub const HOLDER: Holder = Holder {
    name: "symposiums",
    export,
    keeps: keeps_nothing,
    erase,
};

fn export(conn: &mut DbConn, me: &AuthUser, _: NaiveDateTime) -> AppResult<Value> {
    section(&all_pages(|paging| queries::mine(conn, &me.id, paging))?)
}

fn erase(_: &mut DbConn, erasure: &mut Erasure) -> AppResult<()> {
    erasure.note(
        HOLDER.name,
        json!({"kept": "the invitations, anonymous, for the attendance figures"}),
    );
    Ok(())
}
