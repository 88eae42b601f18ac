//! The outbox operation of administrators: retrying a dead letter.

use crate::audit::Event;
use crate::db::DbConn;
use crate::error::{AppError, AppResult, ErrorCode};
use crate::notifications::outbox::{self, OutboxRow};
use crate::operation::Ctx;

/// Put a dead mail back into the queue (admin); the worker is woken after the commit.
pub fn retry(conn: &mut DbConn, ctx: &mut Ctx, id: &str) -> AppResult<OutboxRow> {
    // An unknown id answers 404 before the status is looked at.
    let row = outbox::find(conn, id)?;
    if row.status == "dead" && row.redacted_at.is_some() {
        return Err(AppError::new(
            ErrorCode::MailRedacted,
            "This mail's one-time link or body was deleted; the person can ask for a new link.",
        ));
    }
    if !outbox::requeue(conn, id, ctx.now)? {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            "Only dead mail can be retried.",
        ));
    }
    ctx.requeued();
    ctx.record(
        conn,
        Event {
            action: "outbox.retried",
            entity: "outbox",
            entity_id: Some(id),
            before: None,
            after: None,
        },
    )?;
    outbox::find(conn, id)
}
