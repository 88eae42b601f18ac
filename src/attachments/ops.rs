//! The attachment operations: the rows and audit events of an upload, a replacement, a deletion
//! and a staff download. The bytes are stored (content-addressed) by the caller before, and removed
//! after, the transaction, while it holds the store's guard.

use crate::attachments::form::CheckedFile;
use crate::attachments::models::{AttachmentKind, AttachmentRow};
use crate::attachments::queries;
use crate::audit::Event;
use crate::auth::AuthUser;
use crate::db::{new_id, DbConn};
use crate::error::{AppError, AppResult};
use crate::operation::Ctx;
use serde_json::json;

/// Record a new attachment of `owner` whose bytes are stored under `sha`.
pub fn upload(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    owner: &AuthUser,
    kind: AttachmentKind,
    file: &CheckedFile,
    sha: String,
) -> AppResult<AttachmentRow> {
    let row = AttachmentRow {
        id: new_id(),
        owner_id: owner.id.clone(),
        kind: kind.as_str().into(),
        file_name: file.file_name.clone(),
        content_type: file.file_type.mime().into(),
        size_bytes: file.size,
        sha256: sha,
        created_at: ctx.now,
        updated_at: ctx.now,
    };
    queries::insert(conn, &row)?;
    ctx.record(
        conn,
        Event {
            action: "attachment.uploaded",
            entity: "attachment",
            entity_id: Some(&row.id),
            before: None,
            after: Some(json!({"kind": row.kind, "content_type": row.content_type, "size_bytes": row.size_bytes})),
        },
    )?;
    Ok(row)
}

/// Point an attachment at new content; returns it and whether its old bytes are now unused.
pub fn replace(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    row: &AttachmentRow,
    file: &CheckedFile,
    sha: &str,
) -> AppResult<(AttachmentRow, bool)> {
    let mime = file.file_type.mime();
    queries::replace_content(conn, &row.id, &file.file_name, mime, file.size, sha, ctx.now)?;
    ctx.record(
        conn,
        Event {
            action: "attachment.replaced",
            entity: "attachment",
            entity_id: Some(&row.id),
            before: Some(json!({"content_type": row.content_type, "size_bytes": row.size_bytes})),
            after: Some(json!({"content_type": mime, "size_bytes": file.size})),
        },
    )?;
    let orphaned = queries::references(conn, &row.sha256)? == 0;
    Ok((queries::find(conn, &row.id)?.ok_or_else(AppError::not_found)?, orphaned))
}

/// Delete an attachment; returns whether its bytes are now unused.
pub fn delete(conn: &mut DbConn, ctx: &mut Ctx, row: &AttachmentRow) -> AppResult<bool> {
    queries::delete(conn, &row.id)?;
    ctx.record(
        conn,
        Event {
            action: "attachment.deleted",
            entity: "attachment",
            entity_id: Some(&row.id),
            before: Some(json!({"kind": row.kind, "content_type": row.content_type})),
            after: None,
        },
    )?;
    Ok(queries::references(conn, &row.sha256)? == 0)
}

/// Audit that staff read somebody else's file.
pub fn record_download(conn: &mut DbConn, ctx: &mut Ctx, row: &AttachmentRow) -> AppResult<()> {
    ctx.record(
        conn,
        Event {
            action: "attachment.downloaded",
            entity: "attachment",
            entity_id: Some(&row.id),
            before: None,
            after: Some(json!({"owner_id": row.owner_id})),
        },
    )
}
