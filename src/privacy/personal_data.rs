//! What the privacy domain holds about a person: the notices consented to and the closure requests.
//! Both stay after a closure: they are the record that consent was given and the account closed.

use crate::auth::AuthUser;
use crate::db::DbConn;
use crate::error::AppResult;
use crate::privacy::models::ConsentView;
use crate::privacy::{keeps_nothing, ops, queries, Erasure, Holder};
use chrono::NaiveDateTime;
use serde_json::{json, Value};

/// The privacy domain's [`Holder`].
pub const HOLDER: Holder = Holder {
    name: "privacy",
    export,
    keeps: keeps_nothing,
    erase,
};

fn export(conn: &mut DbConn, me: &AuthUser, _: NaiveDateTime) -> AppResult<Value> {
    let consents: Vec<ConsentView> = queries::consents_of(conn, &me.id)?
        .iter()
        .map(ConsentView::from)
        .collect();
    let closures: Vec<_> = queries::closures_of(conn, &me.id)?
        .iter()
        .map(|r| ops::view(r, None))
        .collect();
    Ok(json!({"consents": consents, "closure_requests": closures}))
}

fn erase(_: &mut DbConn, erasure: &mut Erasure) -> AppResult<()> {
    erasure.note(
        HOLDER.name,
        json!({"kept": "consents and closure requests, as the record of both"}),
    );
    Ok(())
}
