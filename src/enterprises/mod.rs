//! Enterprises: an employer registers its enterprise, HR verifies or rejects it, and the owner
//! fixes and resubmits it. Only verified enterprises publish positions or take booths.

pub mod models;
pub mod queries;
pub mod routes;
pub mod rules;

use crate::audit::{self, Actor, AuditKey, Event};
use crate::auth::{AuthUser, ClientIp};
use crate::db::DbConn;
use crate::enterprises::models::EnterpriseRow;
use crate::error::AppResult;
use serde_json::{json, Value};

/// The audit actor for a signed-in request.
pub fn actor(auth: &AuthUser, ip: ClientIp) -> Actor {
    Actor {
        id: Some(auth.id.clone()),
        email: Some(auth.email.clone()),
        ip: Some(ip.0),
    }
}

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
pub fn audit<T: Audited>(
    conn: &mut DbConn,
    key: &AuditKey,
    actor: &Actor,
    action: &str,
    before: Option<&T>,
    after: &T,
) -> AppResult<()> {
    audit::record(
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

impl Audited for EnterpriseRow {
    const ENTITY: &'static str = "enterprise";

    fn id(&self) -> &str {
        &self.id
    }

    /// The contact person's name and phone are masked.
    fn snapshot(&self) -> Value {
        json!({
            "name": self.name,
            "credit_code": self.credit_code,
            "industry": self.industry,
            "address": self.address,
            "contact_name": rules::mask_name(&self.contact_name),
            "contact_phone": rules::mask_phone(&self.contact_phone),
            "size": self.size,
            "status": self.status,
            "rejection_reason": self.rejection_reason,
        })
    }
}
