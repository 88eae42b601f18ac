//! What the internships domain holds about a person: their applications. They stay, tied to the
//! anonymised account, for the programmes' figures.

use crate::auth::AuthUser;
use crate::db::DbConn;
use crate::error::AppResult;
use crate::internships::models::ApplicationFilter;
use crate::internships::queries::{self, Scope};
use crate::privacy::{all_pages, keeps_nothing, section, Erasure, Holder};
use chrono::NaiveDateTime;
use serde_json::{json, Value};

/// The internships domain's [`Holder`].
pub const HOLDER: Holder = Holder {
    name: "internship_applications",
    export,
    keeps: keeps_nothing,
    erase,
};

fn export(conn: &mut DbConn, me: &AuthUser, _: NaiveDateTime) -> AppResult<Value> {
    let filter = ApplicationFilter {
        program_id: None,
        status: None,
        page: None,
        per_page: None,
    };
    section(&all_pages(|paging| {
        queries::applications(conn, Scope::Applicant(&me.id), &filter, paging)
    })?)
}

fn erase(_: &mut DbConn, erasure: &mut Erasure) -> AppResult<()> {
    erasure.note(
        HOLDER.name,
        json!({"kept": "the applications, anonymous, for the programmes' figures"}),
    );
    Ok(())
}
