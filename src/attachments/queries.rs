//! Queries on `attachments`.

use crate::attachments::models::AttachmentRow;
use crate::db::schema::attachments;
use crate::db::DbConn;
use crate::error::AppResult;
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// One attachment by id.
pub fn find(conn: &mut DbConn, id: &str) -> AppResult<Option<AttachmentRow>> {
    Ok(attachments::table
        .find(id)
        .select(AttachmentRow::as_select())
        .first(conn)
        .optional()?)
}

/// Every attachment of an owner, newest first.
pub fn list_for(conn: &mut DbConn, owner_id: &str) -> AppResult<Vec<AttachmentRow>> {
    Ok(attachments::table
        .filter(attachments::owner_id.eq(owner_id))
        .order((attachments::created_at.desc(), attachments::id))
        .select(AttachmentRow::as_select())
        .load(conn)?)
}

/// The sizes of an owner's attachments (a handful: the quota caps their number).
pub fn sizes_for(conn: &mut DbConn, owner_id: &str) -> AppResult<Vec<i64>> {
    Ok(attachments::table
        .filter(attachments::owner_id.eq(owner_id))
        .select(attachments::size_bytes)
        .load(conn)?)
}

/// Insert a new attachment.
pub fn insert(conn: &mut DbConn, row: &AttachmentRow) -> AppResult<()> {
    diesel::insert_into(attachments::table).values(row).execute(conn)?;
    Ok(())
}

/// Point an attachment at new content.
pub fn replace_content(
    conn: &mut DbConn,
    id: &str,
    file_name: &str,
    content_type: &str,
    size: i64,
    sha256: &str,
    now: NaiveDateTime,
) -> AppResult<()> {
    diesel::update(attachments::table.find(id))
        .set((
            attachments::file_name.eq(file_name),
            attachments::content_type.eq(content_type),
            attachments::size_bytes.eq(size),
            attachments::sha256.eq(sha256),
            attachments::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Delete an attachment row.
pub fn delete(conn: &mut DbConn, id: &str) -> AppResult<()> {
    diesel::delete(attachments::table.find(id)).execute(conn)?;
    Ok(())
}

/// How many attachments still use these bytes.
pub fn references(conn: &mut DbConn, sha256: &str) -> AppResult<i64> {
    Ok(attachments::table
        .filter(attachments::sha256.eq(sha256))
        .count()
        .get_result(conn)?)
}
