//! What the accounts domain holds about a person: the account itself and its sign-in sessions. The
//! account row is anonymised by the closure itself (it stays, so that what refers to it still
//! does); here its one-time links and sessions go.

use crate::accounts::models::UserView;
use crate::accounts::queries;
use crate::auth::AuthUser;
use crate::db::schema::{email_tokens, sessions};
use crate::db::{to_utc, DbConn};
use crate::error::{AppError, AppResult};
use crate::privacy::{keeps_nothing, Erasure, Holder};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::{json, Value};

/// The accounts domain's [`Holder`].
pub const HOLDER: Holder = Holder {
    name: "account",
    export,
    keeps: keeps_nothing,
    erase,
};

fn export(conn: &mut DbConn, me: &AuthUser, _: NaiveDateTime) -> AppResult<Value> {
    let user = queries::find_by_id(conn, &me.id)?.ok_or_else(AppError::not_found)?;
    let started: Vec<(NaiveDateTime, Option<NaiveDateTime>)> = sessions::table
        .filter(sessions::user_id.eq(&me.id))
        .order(sessions::created_at.desc())
        .select((sessions::created_at, sessions::ended_at))
        .limit(200)
        .load(conn)?;
    let sessions: Vec<Value> = started
        .into_iter()
        .map(|(from, until)| json!({"signed_in_at": to_utc(from), "ended_at": until.map(to_utc)}))
        .collect();
    Ok(
        json!({"user": UserView::from(&user), "email_verified_at": user.email_verified_at.map(to_utc), "sessions": sessions}),
    )
}

fn erase(conn: &mut DbConn, erasure: &mut Erasure) -> AppResult<()> {
    let links = diesel::delete(email_tokens::table.filter(email_tokens::user_id.eq(&erasure.user_id))).execute(conn)?;
    erasure.note(
        HOLDER.name,
        json!({"anonymised": "e-mail, name, password", "links_deleted": links}),
    );
    Ok(())
}
