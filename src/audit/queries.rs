//! Appending to the audit chain, reading it, and verifying it.

use crate::audit::chain::{ip_digest, link_hash, AuditKey, ChainFields, GENESIS};
use crate::audit::models::{AuditFilter, AuditRow};
use crate::audit::retention::mask_ip;
use crate::db::conn::Backend;
use crate::db::schema::{audit_events, users};
use crate::db::{lock, new_id, now, Aggregate, DbConn};
use crate::error::AppResult;
use crate::pagination::Paging;
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// Who did it, from where.
#[derive(Debug, Clone, Default)]
pub struct Actor {
    /// User id, if signed in (or the account concerned for anonymous account events).
    pub id: Option<String>,
    /// E-mail of the actor (not written to the log: the id names the account).
    pub email: Option<String>,
    /// Client IP.
    pub ip: Option<String>,
}

impl Actor {
    /// The signed-in user behind a request, and where it came from.
    pub fn of(auth: &crate::auth::AuthUser, ip: crate::auth::ClientIp) -> Actor {
        Actor {
            id: Some(auth.id.clone()),
            email: Some(auth.email.clone()),
            ip: Some(ip.0),
        }
    }
}

/// What happened.
#[derive(Debug, Clone)]
pub struct Event<'a> {
    /// Dotted action name, e.g. `account.login_failed`.
    pub action: &'a str,
    /// Entity kind, e.g. `user`.
    pub entity: &'a str,
    /// Entity id.
    pub entity_id: Option<&'a str>,
    /// Snapshot before (personal data already masked by the caller).
    pub before: Option<serde_json::Value>,
    /// Snapshot after (personal data already masked by the caller).
    pub after: Option<serde_json::Value>,
}

fn stamp(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.6f").to_string()
}

/// The hash version of rows written now: hashed over the keyed hash and masked form of the IP, and
/// without the actor's e-mail (version 1 rows hashed the IP and e-mail themselves).
pub const HASH_VERSION: i32 = 2;

/// Append an event to the chain at the current time (for callers without an application clock).
pub fn record(conn: &mut DbConn, key: &AuditKey, actor: &Actor, event: Event<'_>) -> AppResult<()> {
    record_at(conn, key, actor, event, now())
}

/// Append an event to the chain at `at` (the application clock's time of the change). Call it
/// inside the write transaction of the change it records.
pub fn record_at(
    conn: &mut DbConn,
    key: &AuditKey,
    actor: &Actor,
    event: Event<'_>,
    at: NaiveDateTime,
) -> AppResult<()> {
    lock(conn, Aggregate::AuditChain)?;
    let last = audit_events::table
        .order(audit_events::seq.desc())
        .select((audit_events::seq, audit_events::hash))
        .first::<(i64, String)>(conn)
        .optional()?;
    let (seq, prev_hash) = match last {
        Some((seq, hash)) => (seq + 1, hash),
        None => (1, GENESIS.to_string()),
    };
    let created_at = at;
    let mut row = AuditRow {
        id: new_id(),
        seq,
        actor_id: actor.id.clone(),
        // The id names the account; its e-mail is read from it when the log is shown.
        actor_email: None,
        action: event.action.into(),
        entity: event.entity.into(),
        entity_id: event.entity_id.map(Into::into),
        before_json: event.before.map(|v| v.to_string()),
        after_json: event.after.map(|v| v.to_string()),
        ip: actor.ip.clone(),
        created_at,
        prev_hash,
        hash: String::new(),
        ip_hash: actor.ip.as_deref().map(|ip| ip_digest(key, ip)),
        hash_version: HASH_VERSION,
        ip_masked_at: None,
    };
    row.hash = row_hash(key, &row);
    diesel::insert_into(audit_events::table).values(&row).execute(conn)?;
    Ok(())
}

/// What the hash covers of a version-2 row's address: the keyed hash of the full address and its
/// masked form, the same before and after masking; `None` when the readable address was changed.
fn covered_ip(key: &AuditKey, row: &AuditRow) -> Option<Option<String>> {
    let (Some(ip), Some(digest)) = (&row.ip, &row.ip_hash) else {
        return (row.ip.is_none() && row.ip_hash.is_none()).then_some(None);
    };
    if row.ip_masked_at.is_some() {
        return Some(Some(format!("{digest}|{ip}")));
    }
    (ip_digest(key, ip) == *digest).then(|| Some(format!("{digest}|{}", mask_ip(ip))))
}

fn row_hash(key: &AuditKey, row: &AuditRow) -> String {
    let covered = if row.hash_version >= 2 {
        match covered_ip(key, row) {
            Some(covered) => covered,
            // Never equal to a stored hash.
            None => return String::new(),
        }
    } else {
        row.ip.clone()
    };
    let created_at = stamp(row.created_at);
    let fields = ChainFields {
        seq: row.seq,
        id: &row.id,
        actor_id: row.actor_id.as_deref(),
        actor_email: row.actor_email.as_deref(),
        action: &row.action,
        entity: &row.entity,
        entity_id: row.entity_id.as_deref(),
        before_json: row.before_json.as_deref(),
        after_json: row.after_json.as_deref(),
        ip: covered.as_deref(),
        created_at: &created_at,
    };
    link_hash(key, &row.prev_hash, &fields)
}

/// The outcome of verifying the chain.
#[derive(Debug, PartialEq, Eq)]
pub enum Verification {
    /// Every row links correctly; the number of rows checked.
    Intact(i64),
    /// The first broken position and why.
    Broken {
        /// Sequence number where the chain breaks.
        seq: i64,
        /// What is wrong there.
        reason: String,
    },
}

/// Walk the whole chain in order, in batches, checking sequence, links and hashes.
pub fn verify(conn: &mut DbConn, key: &AuditKey) -> AppResult<Verification> {
    let mut expected_seq = 1;
    let mut prev = GENESIS.to_string();
    loop {
        let batch = audit_events::table
            .filter(audit_events::seq.ge(expected_seq))
            .order(audit_events::seq.asc())
            .limit(1000)
            .select(AuditRow::as_select())
            .load(conn)?;
        if batch.is_empty() {
            return Ok(Verification::Intact(expected_seq - 1));
        }
        for row in batch {
            if row.seq != expected_seq {
                return Ok(Verification::Broken {
                    seq: expected_seq,
                    reason: format!("row {expected_seq} is missing"),
                });
            }
            if row.prev_hash != prev {
                return Ok(Verification::Broken {
                    seq: row.seq,
                    reason: "link to the previous row does not match".into(),
                });
            }
            if row_hash(key, &row) != row.hash {
                return Ok(Verification::Broken {
                    seq: row.seq,
                    reason: "row content does not match its hash".into(),
                });
            }
            prev = row.hash;
            expected_seq += 1;
        }
    }
}

/// An event and its actor's e-mail as the account has it now.
pub type ListedEvent = (AuditRow, Option<String>);

/// One page of events matching the filter, newest first, each with its actor's e-mail as the
/// account has it now.
pub fn list(conn: &mut DbConn, filter: &AuditFilter, paging: Paging) -> AppResult<(Vec<ListedEvent>, i64)> {
    let build = || {
        let mut q = audit_events::table
            .left_join(users::table.on(audit_events::actor_id.eq(users::id.nullable())))
            .into_boxed::<Backend>();
        if let Some(v) = &filter.actor_id {
            q = q.filter(audit_events::actor_id.eq(v.clone()));
        }
        if let Some(v) = &filter.action {
            q = q.filter(audit_events::action.eq(v.clone()));
        }
        if let Some(v) = &filter.entity {
            q = q.filter(audit_events::entity.eq(v.clone()));
        }
        if let Some(v) = &filter.entity_id {
            q = q.filter(audit_events::entity_id.eq(v.clone()));
        }
        if let Some(from) = filter.from {
            q = q.filter(audit_events::created_at.ge(from.naive_utc()));
        }
        if let Some(to) = filter.to {
            q = q.filter(audit_events::created_at.lt(to.naive_utc()));
        }
        q
    };
    let total = build().count().get_result::<i64>(conn)?;
    let rows = build()
        .order(audit_events::seq.desc())
        .limit(paging.per_page)
        .offset(paging.offset())
        .select((AuditRow::as_select(), users::email.nullable()))
        .load(conn)?;
    Ok((rows, total))
}
