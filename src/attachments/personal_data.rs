//! What the attachments domain holds about a person: their uploaded files (listed, not embedded;
//! each downloads from its own page). On closure every file not part of a kept application goes;
//! the files of applications stay with them as their proofs.

use crate::attachments::models::AttachmentView;
use crate::attachments::queries;
use crate::auth::AuthUser;
use crate::db::schema::{attachments, recruitment_application_files, subsidy_application_files};
use crate::db::DbConn;
use crate::error::AppResult;
use crate::privacy::{keeps_nothing, section, Erasure, Holder};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::{json, Value};

/// The attachments domain's [`Holder`].
pub const HOLDER: Holder = Holder {
    name: "attachments",
    export,
    keeps: keeps_nothing,
    erase,
};

fn export(conn: &mut DbConn, me: &AuthUser, _: NaiveDateTime) -> AppResult<Value> {
    let views: Vec<AttachmentView> = queries::list_for(conn, &me.id)?
        .iter()
        .map(AttachmentView::from)
        .collect();
    section(&views)
}

fn erase(conn: &mut DbConn, erasure: &mut Erasure) -> AppResult<()> {
    let mut deleted = 0;
    let mut kept = 0;
    for row in queries::list_for(conn, &erasure.user_id)? {
        let in_subsidy: i64 = subsidy_application_files::table
            .filter(subsidy_application_files::attachment_id.eq(&row.id))
            .count()
            .get_result(conn)?;
        let in_recruitment: i64 = recruitment_application_files::table
            .filter(recruitment_application_files::attachment_id.eq(&row.id))
            .count()
            .get_result(conn)?;
        if in_subsidy + in_recruitment > 0 {
            kept += 1;
            continue;
        }
        diesel::delete(attachments::table.find(&row.id)).execute(conn)?;
        deleted += 1;
        if queries::references(conn, &row.sha256)? == 0 {
            erasure.orphaned_files.push(row.sha256.clone());
        }
    }
    erasure.note(HOLDER.name, json!({"deleted": deleted, "kept_with_applications": kept}));
    Ok(())
}
