//! The append-only audit log, hash-chained with a key so that an edited, inserted or deleted
//! row is detected by `juxian audit-verify`. Every domain records through [`record`].

pub mod chain;
pub mod models;
pub mod names;
pub mod queries;
pub mod retention;
pub mod routes;

pub use chain::AuditKey;
pub use queries::{record, record_at, verify, Actor, Event};

use crate::db::DbConn;
use crate::error::AppResult;
use serde_json::Value;

/// A row whose changes are audited as before/after snapshots.
pub trait Audited {
    /// Entity kind in the audit log.
    const ENTITY: &'static str;
    /// The row's id.
    fn id(&self) -> &str;
    /// The row as the audit log keeps it, personal data masked.
    fn snapshot(&self) -> Value;
}

/// Append a change of an audited row to the audit log, inside the change's transaction.
pub fn record_change<T: Audited>(
    conn: &mut DbConn,
    key: &AuditKey,
    actor: &Actor,
    action: &str,
    before: Option<&T>,
    after: &T,
) -> AppResult<()> {
    record(
        conn,
        key,
        actor,
        Event {
            action,
            entity: T::ENTITY,
            entity_id: Some(after.id()),
            before: before.map(T::snapshot),
            after: Some(after.snapshot()),
        },
    )
}
