//! The outbox table: enqueue inside the caller's transaction; claim, complete and retry for the
//! worker. Claims are conditional updates, so several processes on one PostgreSQL never send the
//! same row at the same time.

use crate::db::conn::Backend;
use crate::db::schema::outbox;
use crate::db::{new_id, to_utc, DbConn};
use crate::error::AppResult;
use crate::notifications::mails::MailParams;
use crate::notifications::Template;
use crate::pagination::Paging;
use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A row of `outbox`.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = outbox)]
pub struct OutboxRow {
    pub id: String,
    pub recipient: String,
    pub template: String,
    pub locale: String,
    pub params_json: String,
    pub dedupe_key: String,
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub locked_until: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    pub sent_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A mail to queue.
#[derive(Debug, Clone)]
pub struct Mail {
    /// Recipient address (already validated).
    pub to: String,
    /// Which template.
    pub template: Template,
    /// `zh-CN` or `en`.
    pub locale: String,
    /// Template parameters.
    pub params: serde_json::Value,
    /// The same key is never queued twice.
    pub dedupe_key: String,
}

impl Mail {
    /// A mail of the template `P` names, its parameters stored as JSON.
    pub fn new<P: MailParams>(
        to: impl Into<String>,
        locale: impl Into<String>,
        params: &P,
        dedupe_key: impl Into<String>,
    ) -> Mail {
        let params = serde_json::to_value(params).unwrap_or_else(|e| {
            // Cannot happen for the plain structs in `mails`; should it ever, the row is still
            // queued and the worker marks it dead (rendering null params fails), never a panic.
            tracing::error!(template = P::TEMPLATE.name(), error = %e, "mail params do not serialise");
            serde_json::Value::Null
        });
        Mail {
            to: to.into(),
            template: P::TEMPLATE,
            locale: locale.into(),
            params,
            dedupe_key: dedupe_key.into(),
        }
    }
}

/// Queue a mail inside the current transaction. Returns false when the dedupe key was already
/// used (the mail was queued before, so nothing is added).
pub fn enqueue(conn: &mut DbConn, mail: &Mail, now: NaiveDateTime) -> AppResult<bool> {
    let exists = outbox::table
        .filter(outbox::dedupe_key.eq(&mail.dedupe_key))
        .select(outbox::id)
        .first::<String>(conn)
        .optional()?;
    if exists.is_some() {
        return Ok(false);
    }
    // A savepoint, so that losing a race on the dedupe key (another process queued the same
    // notice a moment ago) does not abort the caller's transaction on PostgreSQL.
    let inserted = conn.transaction(|conn| {
        diesel::insert_into(outbox::table)
            .values((
                outbox::id.eq(new_id()),
                outbox::recipient.eq(&mail.to),
                outbox::template.eq(mail.template.name()),
                outbox::locale.eq(&mail.locale),
                outbox::params_json.eq(mail.params.to_string()),
                outbox::dedupe_key.eq(&mail.dedupe_key),
                outbox::status.eq("pending"),
                outbox::attempts.eq(0),
                outbox::next_attempt_at.eq(now),
                outbox::created_at.eq(now),
                outbox::updated_at.eq(now),
            ))
            .execute(conn)
    });
    match inserted {
        Ok(_) => Ok(true),
        Err(diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Claim up to `limit` due rows for `lease`; a row is due when pending and its time has come,
/// or when a previous claim's lease ran out (its worker died).
pub fn claim_due(conn: &mut DbConn, now: NaiveDateTime, lease: Duration, limit: i64) -> AppResult<Vec<OutboxRow>> {
    let due = || {
        outbox::status
            .eq("pending")
            .and(outbox::next_attempt_at.le(now))
            .or(outbox::status.eq("sending").and(outbox::locked_until.lt(now)))
    };
    let candidates: Vec<String> = outbox::table
        .filter(due())
        .order(outbox::next_attempt_at.asc())
        .limit(limit)
        .select(outbox::id)
        .load(conn)?;
    let mut claimed = Vec::new();
    for id in candidates {
        let n = diesel::update(outbox::table.find(&id).filter(due()))
            .set((
                outbox::status.eq("sending"),
                outbox::locked_until.eq(Some(now + lease)),
                outbox::attempts.eq(outbox::attempts + 1),
                outbox::updated_at.eq(now),
            ))
            .execute(conn)?;
        if n == 1 {
            claimed.push(outbox::table.find(&id).select(OutboxRow::as_select()).first(conn)?);
        }
    }
    Ok(claimed)
}

/// Mark a claimed row delivered.
pub fn mark_sent(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> AppResult<()> {
    diesel::update(outbox::table.find(id))
        .set((
            outbox::status.eq("sent"),
            outbox::sent_at.eq(Some(now)),
            outbox::locked_until.eq(None::<NaiveDateTime>),
            outbox::last_error.eq(None::<String>),
            outbox::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// When to try again after `attempts` failures: base × 2^(attempts−1), at most six hours.
pub fn backoff(base: Duration, attempts: i32) -> Duration {
    let factor = 1i64 << attempts.clamp(1, 20).saturating_sub(1);
    let delay = base * i32::try_from(factor).unwrap_or(i32::MAX);
    delay.min(Duration::hours(6))
}

/// Record a failed attempt: back to pending with a later time, or dead after `max_attempts`.
pub fn mark_failed(
    conn: &mut DbConn,
    row: &OutboxRow,
    error: &str,
    now: NaiveDateTime,
    base: Duration,
    max_attempts: i32,
) -> AppResult<()> {
    let dead = row.attempts >= max_attempts;
    let error: String = error.chars().take(500).collect();
    diesel::update(outbox::table.find(&row.id))
        .set((
            outbox::status.eq(if dead { "dead" } else { "pending" }),
            outbox::next_attempt_at.eq(now + backoff(base, row.attempts)),
            outbox::locked_until.eq(None::<NaiveDateTime>),
            outbox::last_error.eq(Some(error)),
            outbox::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Give up on a claimed row at once: it can never be sent (unknown template, a parameter missing),
/// so retrying would only repeat the error. Admins see it with the other dead rows.
pub fn mark_dead(conn: &mut DbConn, id: &str, error: &str, now: NaiveDateTime) -> AppResult<()> {
    let error: String = error.chars().take(500).collect();
    diesel::update(outbox::table.find(id))
        .set((
            outbox::status.eq("dead"),
            outbox::locked_until.eq(None::<NaiveDateTime>),
            outbox::last_error.eq(Some(error)),
            outbox::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Put a dead row back in the queue (an admin's retry). Returns false when it was not dead.
pub fn requeue(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> AppResult<bool> {
    let n = diesel::update(outbox::table.find(id).filter(outbox::status.eq("dead")))
        .set((
            outbox::status.eq("pending"),
            outbox::attempts.eq(0),
            outbox::next_attempt_at.eq(now),
            outbox::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

/// Outbox status values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OutboxStatus {
    /// Waiting for its (next) attempt.
    Pending,
    /// Claimed by a worker.
    Sending,
    /// Delivered to the SMTP server (or written to a file).
    Sent,
    /// Given up after too many failures.
    Dead,
}

impl OutboxStatus {
    fn as_str(self) -> &'static str {
        match self {
            OutboxStatus::Pending => "pending",
            OutboxStatus::Sending => "sending",
            OutboxStatus::Sent => "sent",
            OutboxStatus::Dead => "dead",
        }
    }
}

/// An outbox row as admins see it (parameters, which may hold links with tokens, are not shown).
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = OutboxMessage)]
pub struct OutboxView {
    pub id: String,
    pub recipient: String,
    pub template: String,
    pub locale: String,
    pub status: OutboxStatus,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub next_attempt_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

impl From<OutboxRow> for OutboxView {
    fn from(r: OutboxRow) -> Self {
        OutboxView {
            status: match r.status.as_str() {
                "sending" => OutboxStatus::Sending,
                "sent" => OutboxStatus::Sent,
                "dead" => OutboxStatus::Dead,
                _ => OutboxStatus::Pending,
            },
            id: r.id,
            recipient: r.recipient,
            template: r.template,
            locale: r.locale,
            attempts: r.attempts,
            last_error: r.last_error,
            next_attempt_at: to_utc(r.next_attempt_at),
            sent_at: r.sent_at.map(to_utc),
            created_at: to_utc(r.created_at),
        }
    }
}

crate::page_of!(OutboxPage, OutboxView);

/// Filters of `GET /admin/outbox`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct OutboxFilter {
    pub status: Option<OutboxStatus>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// One page of the outbox, newest first.
pub fn list(conn: &mut DbConn, filter: &OutboxFilter, paging: Paging) -> AppResult<(Vec<OutboxRow>, i64)> {
    let build = || {
        let mut q = outbox::table.into_boxed::<Backend>();
        if let Some(s) = filter.status {
            q = q.filter(outbox::status.eq(s.as_str()));
        }
        q
    };
    let total = build().count().get_result::<i64>(conn)?;
    let rows = build()
        .order(outbox::created_at.desc())
        .limit(paging.per_page)
        .offset(paging.offset())
        .select(OutboxRow::as_select())
        .load(conn)?;
    Ok((rows, total))
}

/// One row by id.
pub fn find(conn: &mut DbConn, id: &str) -> AppResult<OutboxRow> {
    Ok(outbox::table.find(id).select(OutboxRow::as_select()).first(conn)?)
}

/// Rows per status, for `/metrics`.
pub fn counts(conn: &mut DbConn) -> AppResult<Vec<(String, i64)>> {
    Ok(outbox::table
        .group_by(outbox::status)
        .select((outbox::status, diesel::dsl::count_star()))
        .load(conn)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_caps() {
        let base = Duration::seconds(30);
        assert_eq!(backoff(base, 1), Duration::seconds(30));
        assert_eq!(backoff(base, 2), Duration::seconds(60));
        assert_eq!(backoff(base, 4), Duration::seconds(240));
        assert_eq!(backoff(base, 30), Duration::hours(6));
    }
}
