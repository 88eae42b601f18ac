//! Audit rows and their API shape.

use crate::db::schema::audit_events;
use crate::db::to_utc;
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A row of `audit_events`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = audit_events)]
pub struct AuditRow {
    pub id: String,
    pub seq: i64,
    pub actor_id: Option<String>,
    pub actor_email: Option<String>,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
    pub ip: Option<String>,
    pub created_at: NaiveDateTime,
    pub prev_hash: String,
    pub hash: String,
    pub ip_hash: Option<String>,
    pub hash_version: i32,
    pub ip_masked_at: Option<NaiveDateTime>,
}

/// An audit event as admins read it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = AuditEvent)]
pub struct AuditView {
    pub id: String,
    pub seq: i64,
    pub actor_id: Option<String>,
    /// The actor's e-mail, read from the account (the log itself keeps only the id).
    pub actor_email: Option<String>,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    /// The name of the record (a fair's title, an enterprise's name), when it has a cheap one.
    pub entity_name: Option<String>,
    /// Snapshot before the change (personal data masked).
    #[schema(value_type = Option<Object>)]
    pub before: Option<serde_json::Value>,
    /// Snapshot after the change (personal data masked).
    #[schema(value_type = Option<Object>)]
    pub after: Option<serde_json::Value>,
    /// The client address; cut to its network (e.g. `203.0.113.0/24`) after the retention period.
    pub ip: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl AuditView {
    /// The row as admins read it, with the actor's e-mail from their account (rows from before
    /// e-mails were dropped from the log fall back to the logged one).
    pub fn new(r: AuditRow, account_email: Option<String>) -> Self {
        let mut view = AuditView::from(r);
        if account_email.is_some() {
            view.actor_email = account_email;
        }
        view
    }
}

impl From<AuditRow> for AuditView {
    fn from(r: AuditRow) -> Self {
        let parse = |s: Option<String>| s.and_then(|s| serde_json::from_str(&s).ok());
        AuditView {
            id: r.id,
            seq: r.seq,
            actor_id: r.actor_id,
            actor_email: r.actor_email,
            action: r.action,
            entity: r.entity,
            entity_id: r.entity_id,
            entity_name: None,
            before: parse(r.before_json),
            after: parse(r.after_json),
            ip: r.ip,
            created_at: to_utc(r.created_at),
        }
    }
}

crate::page_of!(AuditEventPage, AuditView);

/// Filters of `GET /audit-events`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct AuditFilter {
    pub actor_id: Option<String>,
    pub action: Option<String>,
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    /// Inclusive lower bound (RFC 3339).
    pub from: Option<DateTime<Utc>>,
    /// Exclusive upper bound (RFC 3339).
    pub to: Option<DateTime<Utc>>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}
