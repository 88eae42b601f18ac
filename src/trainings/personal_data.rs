//! What the trainings domain holds about a person: their places, attendance and certificates.

use crate::auth::AuthUser;
use crate::db::DbConn;
use crate::error::AppResult;
use crate::privacy::{all_pages, keeps_nothing, section, Erasure, Holder};
use crate::trainings::ops;
use chrono::NaiveDateTime;
use serde_json::{json, Value};

/// The trainings domain's [`Holder`].
pub const HOLDER: Holder = Holder {
    name: "trainings",
    export,
    keeps: keeps_nothing,
    erase,
};

fn export(conn: &mut DbConn, me: &AuthUser, _: NaiveDateTime) -> AppResult<Value> {
    section(&all_pages(|paging| ops::mine(conn, &me.id, paging))?)
}

fn erase(_: &mut DbConn, erasure: &mut Erasure) -> AppResult<()> {
    // A certificate may be checked by an employer years later; its public page shows only the
    // masked name, so the place stays, counted in the training figures.
    erasure.note(
        HOLDER.name,
        json!({"kept": "the training places and certificates, for verification and the training figures"}),
    );
    Ok(())
}
