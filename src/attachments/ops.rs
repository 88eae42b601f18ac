//! The attachment operations: the rows and audit events of an upload, a replacement, a deletion
//! and a staff download, and the account's storage quota. The bytes are stored (encrypted, under a
//! name of their own) by the caller before the transaction, and removed after it when unused.

use crate::attachments::form::CheckedFile;
use crate::attachments::models::{AttachmentKind, AttachmentRow};
use crate::attachments::queries;
use crate::attachments::rules::{self, Quota, Usage};
use crate::audit::Event;
use crate::auth::AuthUser;
use crate::db::{lock, new_id, Aggregate, DbConn};
use crate::error::{AppError, AppResult};
use crate::operation::Ctx;
use serde_json::json;

/// What the owner holds now, read under the lock that orders their uploads, so concurrent uploads
/// of one account are checked one after the other against the quota (on PostgreSQL too).
fn usage_locked(conn: &mut DbConn, owner_id: &str) -> AppResult<Usage> {
    lock(conn, Aggregate::AccountFiles(owner_id))?;
    Ok(Usage::of(&queries::sizes_for(conn, owner_id)?))
}

/// Record a new attachment of `owner` whose bytes are stored under `sha`, within their quota.
pub fn upload(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    owner: &AuthUser,
    quota: Quota,
    kind: AttachmentKind,
    file: &CheckedFile,
    sha: String,
) -> AppResult<AttachmentRow> {
    rules::check_upload(usage_locked(conn, &owner.id)?, quota, file.size)?;
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

/// Point an attachment at new content within the owner's quota; returns it and the name of its old
/// bytes when no attachment uses them any more.
pub fn replace(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    quota: Quota,
    row: &AttachmentRow,
    file: &CheckedFile,
    sha: &str,
) -> AppResult<(AttachmentRow, Option<String>)> {
    let usage = usage_locked(conn, &row.owner_id)?;
    // Read again under the lock: a concurrent replacement may have changed the size.
    let row = &queries::find(conn, &row.id)?.ok_or_else(AppError::not_found)?;
    rules::check_replace(usage, quota, row.size_bytes, file.size)?;
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
    let orphaned = (queries::references(conn, &row.sha256)? == 0).then(|| row.sha256.clone());
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
