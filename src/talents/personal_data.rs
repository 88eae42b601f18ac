//! What the talents domain holds about a person: the talent profile (ID number and bank account
//! shown masked, as on the person's own page). On closure the profile goes; when payments or awards
//! must be kept, the name and ID number they were made to stay and everything else goes.

use crate::auth::AuthUser;
use crate::db::schema::{talent_categories, talent_education, talent_profiles, talent_skills};
use crate::db::DbConn;
use crate::error::AppResult;
use crate::privacy::{keeps_nothing, section, Erasure, Holder};
use crate::talents::{queries, views};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::{json, Value};

/// The talents domain's [`Holder`].
pub const HOLDER: Holder = Holder {
    name: "profile",
    export,
    keeps: keeps_nothing,
    erase,
};

fn export(conn: &mut DbConn, me: &AuthUser, _: NaiveDateTime) -> AppResult<Value> {
    Ok(match queries::find(conn, &me.id)? {
        Some(p) => section(&views::profile(&p))?,
        None => Value::Null,
    })
}

fn erase(conn: &mut DbConn, erasure: &mut Erasure) -> AppResult<()> {
    let id = erasure.user_id.as_str();
    let note = if erasure.keep_identity {
        diesel::delete(talent_education::table.filter(talent_education::user_id.eq(id))).execute(conn)?;
        diesel::delete(talent_categories::table.filter(talent_categories::user_id.eq(id))).execute(conn)?;
        diesel::delete(talent_skills::table.filter(talent_skills::user_id.eq(id))).execute(conn)?;
        let n = diesel::update(talent_profiles::table.find(id))
            .set((
                talent_profiles::phone.eq(""),
                talent_profiles::highest_education.eq(None::<String>),
                talent_profiles::current_employer.eq(None::<String>),
                talent_profiles::bank_name.eq(None::<String>),
                talent_profiles::bank_account_enc.eq(None::<String>),
                talent_profiles::bank_account_masked.eq(None::<String>),
                talent_profiles::home_village_id.eq(None::<String>),
                talent_profiles::updated_at.eq(erasure.now),
            ))
            .execute(conn)?;
        json!({"profiles_trimmed": n, "kept": "full name and ID number, for the payments and awards kept"})
    } else {
        // Education, categories and skills go with it (ON DELETE CASCADE).
        let n = diesel::delete(talent_profiles::table.find(id)).execute(conn)?;
        json!({"profiles_deleted": n})
    };
    erasure.note(HOLDER.name, note);
    Ok(())
}
