//! What the fairs domain holds about a person: their sign-ups (with tickets). They stay, tied to the
//! anonymised account, so a fair's numbers do not change after the fact; no ticket of a closed
//! account is let in again, since its ticket code is removed.

use crate::auth::AuthUser;
use crate::db::schema::fair_registrations;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::fairs::{queries, views};
use crate::privacy::{keeps_nothing, section, Erasure, Holder};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::{json, Value};

/// The fairs domain's [`Holder`].
pub const HOLDER: Holder = Holder {
    name: "fair_registrations",
    export,
    keeps: keeps_nothing,
    erase,
};

fn export(conn: &mut DbConn, me: &AuthUser, _: NaiveDateTime) -> AppResult<Value> {
    let rows = queries::of_user(conn, &me.id)?;
    let views = rows
        .iter()
        .map(|(r, f)| views::registration(conn, r, Some(f)))
        .collect::<AppResult<Vec<_>>>()?;
    section(&views)
}

fn erase(conn: &mut DbConn, erasure: &mut Erasure) -> AppResult<()> {
    let n = diesel::update(fair_registrations::table.filter(fair_registrations::user_id.eq(&erasure.user_id)))
        .set((
            fair_registrations::ticket_code.eq(None::<String>),
            fair_registrations::updated_at.eq(erasure.now),
        ))
        .execute(conn)
        .map_err(AppError::from)?;
    erasure.note(
        HOLDER.name,
        json!({"tickets_voided": n, "kept": "the sign-ups, anonymous, for the fairs' figures"}),
    );
    Ok(())
}
