//! What the enterprises domain holds about a person: the enterprise record an employer keeps. The
//! enterprise is the business's record and stays (booths, positions, intents refer to it); the
//! contact person's name and telephone are the person's and go.

use crate::auth::AuthUser;
use crate::db::schema::enterprises;
use crate::db::DbConn;
use crate::enterprises::models::EnterpriseView;
use crate::enterprises::queries;
use crate::error::AppResult;
use crate::privacy::{keeps_nothing, section, Erasure, Holder};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::{json, Value};

/// The enterprises domain's [`Holder`].
pub const HOLDER: Holder = Holder {
    name: "enterprise",
    export,
    keeps: keeps_nothing,
    erase,
};

fn export(conn: &mut DbConn, me: &AuthUser, _: NaiveDateTime) -> AppResult<Value> {
    match queries::find_by_owner(conn, &me.id)? {
        Some(row) => section(&EnterpriseView::from(&row)),
        None => Ok(Value::Null),
    }
}

fn erase(conn: &mut DbConn, erasure: &mut Erasure) -> AppResult<()> {
    let n = diesel::update(enterprises::table.filter(enterprises::owner_id.eq(&erasure.user_id)))
        .set((
            enterprises::contact_name.eq(crate::privacy::rules::CLOSED_NAME),
            enterprises::contact_phone.eq(""),
            enterprises::updated_at.eq(erasure.now),
        ))
        .execute(conn)?;
    erasure.note(
        HOLDER.name,
        json!({"contacts_anonymised": n, "kept": "the enterprise record"}),
    );
    Ok(())
}
