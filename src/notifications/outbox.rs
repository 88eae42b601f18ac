//! The outbox table: enqueue inside the caller's transaction; claim, complete and retry for the
//! worker. Claims are conditional updates, so several processes on one PostgreSQL never send the
//! same row at the same time: each claim writes a fresh token, the worker renews it before each
//! send, and it completes the row only while the token is still its own.
//!
//! Secret parameters (one-time links) never reach the table in plain text: they are sealed with the
//! data key into `secret_params`, bound to the row's id, and dropped when the row is sent or dead.

use crate::db::conn::Backend;
use crate::db::schema::outbox;
use crate::db::{lock, new_id, to_utc, Aggregate, DbConn};
use crate::error::AppResult;
use crate::notifications::mails::MailParams;
use crate::notifications::Template;
use crate::pagination::Paging;
use crate::talents::PersonalDataCipher;
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
    /// The secret parameters, sealed ([`SECRETS_FIELD`]); none once sent or dead.
    pub secret_params: Option<String>,
    /// Whose claim this is: set by [`claim_due`], checked by every completion.
    pub claim_token: Option<String>,
    /// When secrets or the body were removed (such a dead letter cannot be retried).
    pub redacted_at: Option<NaiveDateTime>,
}

/// What the sealed secret parameters are bound to, with the row id (renaming it makes queued
/// secrets unreadable).
pub const SECRETS_FIELD: &str = "outbox.secret_params";

/// A mail to queue.
#[derive(Debug, Clone)]
pub struct Mail {
    /// Recipient address (already validated).
    pub to: String,
    /// Which template.
    pub template: Template,
    /// `zh-CN` or `en`.
    pub locale: String,
    /// Template parameters that may be stored as they are.
    pub params: serde_json::Value,
    /// The parameters [`MailParams::SECRET`] names, stored sealed.
    pub secrets: serde_json::Map<String, serde_json::Value>,
    /// The same key is never queued twice.
    pub dedupe_key: String,
}

impl Mail {
    /// A mail of the template `P` names, its parameters stored as JSON, the secret ones apart.
    pub fn new<P: MailParams>(
        to: impl Into<String>,
        locale: impl Into<String>,
        params: &P,
        dedupe_key: impl Into<String>,
    ) -> Mail {
        let mut params = serde_json::to_value(params).unwrap_or_else(|e| {
            // Cannot happen for the plain structs in `mails`; should it ever, the row is still
            // queued and the worker marks it dead (rendering null params fails), never a panic.
            tracing::error!(template = P::TEMPLATE.name(), error = %e, "mail params do not serialise");
            serde_json::Value::Null
        });
        let mut secrets = serde_json::Map::new();
        if let Some(fields) = params.as_object_mut() {
            for name in P::SECRET {
                if let Some(value) = fields.remove(*name) {
                    secrets.insert((*name).to_string(), value);
                }
            }
        }
        Mail {
            to: to.into(),
            template: P::TEMPLATE,
            locale: locale.into(),
            params,
            secrets,
            dedupe_key: dedupe_key.into(),
        }
    }
}

/// Whether another mail of `template` may go to `to` now ([`Template::per_hour`]). Takes the
/// recipient's lock for the rest of the transaction, so the answer holds until the caller
/// commits: call it before anything else that locks (a link's token, the audit chain).
pub fn within_limit(conn: &mut DbConn, to: &str, template: Template, now: NaiveDateTime) -> AppResult<bool> {
    let Some(limit) = template.per_hour() else {
        return Ok(true);
    };
    let to_lower = to.to_lowercase();
    lock(
        conn,
        Aggregate::MailRecipient {
            template: template.name(),
            to: &to_lower,
        },
    )?;
    let sent: i64 = outbox::table
        .filter(outbox::recipient.eq(to))
        .filter(outbox::template.eq(template.name()))
        .filter(outbox::created_at.gt(now - Duration::hours(1)))
        .count()
        .get_result(conn)?;
    Ok(sent < limit)
}

/// Queue a mail inside the current transaction. Returns false when nothing was added: the dedupe
/// key was used before (the mail was queued already), or the recipient had as many of this
/// template within the hour as [`Template::per_hour`] allows (said to nobody but the log, so the
/// answer of the request that asked for it stays the same).
pub fn enqueue(conn: &mut DbConn, mail: &Mail, now: NaiveDateTime, cipher: &PersonalDataCipher) -> AppResult<bool> {
    let exists = outbox::table
        .filter(outbox::dedupe_key.eq(&mail.dedupe_key))
        .select(outbox::id)
        .first::<String>(conn)
        .optional()?;
    if exists.is_some() {
        return Ok(false);
    }
    if !within_limit(conn, &mail.to, mail.template, now)? {
        tracing::info!(
            template = mail.template.name(),
            "hourly mail limit of a recipient reached; not queued"
        );
        return Ok(false);
    }
    let id = new_id();
    let secret_params = if mail.secrets.is_empty() {
        None
    } else {
        let plain = serde_json::Value::Object(mail.secrets.clone()).to_string();
        Some(cipher.encrypt(SECRETS_FIELD, &id, &plain)?)
    };
    // A savepoint, so that losing a race on the dedupe key (another process queued the same
    // notice a moment ago) does not abort the caller's transaction on PostgreSQL.
    let inserted = conn.transaction(|conn| {
        diesel::insert_into(outbox::table)
            .values((
                outbox::id.eq(&id),
                outbox::recipient.eq(&mail.to),
                outbox::template.eq(mail.template.name()),
                outbox::locale.eq(&mail.locale),
                outbox::params_json.eq(mail.params.to_string()),
                outbox::secret_params.eq(&secret_params),
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
                outbox::claim_token.eq(Some(new_id())),
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

/// The rows of `row`'s claim: the same row, still being sent, under the same claim token.
macro_rules! held {
    ($row:expr) => {
        outbox::table
            .find(&$row.id)
            .filter(outbox::status.eq("sending"))
            .filter(outbox::claim_token.eq($row.claim_token.as_deref().unwrap_or_default()))
    };
}

/// Extend a claim for one more send, right before it. False when the claim ran out and another
/// worker took the row over: then this one must not send it.
pub fn renew(conn: &mut DbConn, row: &OutboxRow, now: NaiveDateTime, lease: Duration) -> AppResult<bool> {
    let n = diesel::update(held!(row))
        .set((outbox::locked_until.eq(Some(now + lease)), outbox::updated_at.eq(now)))
        .execute(conn)?;
    Ok(n == 1)
}

/// When a completion removes the secrets: now if the row had any, else whatever it said before.
fn redacted(row: &OutboxRow, now: NaiveDateTime) -> Option<NaiveDateTime> {
    row.secret_params.as_ref().map(|_| now).or(row.redacted_at)
}

/// Mark a claimed row delivered and drop its secrets. False when the claim was no longer ours.
pub fn mark_sent(conn: &mut DbConn, row: &OutboxRow, now: NaiveDateTime) -> AppResult<bool> {
    let n = diesel::update(held!(row))
        .set((
            outbox::status.eq("sent"),
            outbox::sent_at.eq(Some(now)),
            outbox::locked_until.eq(None::<NaiveDateTime>),
            outbox::claim_token.eq(None::<String>),
            outbox::secret_params.eq(None::<String>),
            outbox::redacted_at.eq(redacted(row, now)),
            outbox::last_error.eq(None::<String>),
            outbox::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

/// When to try again after `attempts` failures: base × 2^(attempts−1), at most six hours.
pub fn backoff(base: Duration, attempts: i32) -> Duration {
    let factor = 1i64 << attempts.clamp(1, 20).saturating_sub(1);
    let delay = base * i32::try_from(factor).unwrap_or(i32::MAX);
    delay.min(Duration::hours(6))
}

/// Record a failed attempt: back to pending with a later time, or dead after `max_attempts` (its
/// secrets dropped). False when the claim was no longer ours.
pub fn mark_failed(
    conn: &mut DbConn,
    row: &OutboxRow,
    error: &str,
    now: NaiveDateTime,
    base: Duration,
    max_attempts: i32,
) -> AppResult<bool> {
    if row.attempts >= max_attempts {
        return mark_dead(conn, row, error, now);
    }
    let error: String = error.chars().take(500).collect();
    let n = diesel::update(held!(row))
        .set((
            outbox::status.eq("pending"),
            outbox::next_attempt_at.eq(now + backoff(base, row.attempts)),
            outbox::locked_until.eq(None::<NaiveDateTime>),
            outbox::claim_token.eq(None::<String>),
            outbox::last_error.eq(Some(error)),
            outbox::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

/// Give up on a claimed row at once: it can never be sent (unknown template, a parameter missing),
/// so retrying would only repeat the error. Admins see it with the other dead rows; its secrets
/// are dropped. False when the claim was no longer ours.
pub fn mark_dead(conn: &mut DbConn, row: &OutboxRow, error: &str, now: NaiveDateTime) -> AppResult<bool> {
    let error: String = error.chars().take(500).collect();
    let n = diesel::update(held!(row))
        .set((
            outbox::status.eq("dead"),
            outbox::locked_until.eq(None::<NaiveDateTime>),
            outbox::claim_token.eq(None::<String>),
            outbox::secret_params.eq(None::<String>),
            outbox::redacted_at.eq(redacted(row, now)),
            outbox::last_error.eq(Some(error)),
            outbox::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(n == 1)
}

/// Put a dead row back in the queue (an admin's retry). Returns false when it was not dead, or
/// when what it needs was removed (its one-time link, or its body by retention).
pub fn requeue(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> AppResult<bool> {
    let n = diesel::update(
        outbox::table
            .find(id)
            .filter(outbox::status.eq("dead"))
            .filter(outbox::redacted_at.is_null()),
    )
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
    /// A dead mail whose one-time link is still kept: an admin may send it again. A dead mail whose
    /// link was deleted cannot be; the person asks for a new link.
    pub retryable: bool,
    /// The subject line as the recipient reads it, from the kept parameters; none when the
    /// subject needs a parameter no longer kept.
    pub subject: Option<String>,
}

impl From<OutboxRow> for OutboxView {
    fn from(r: OutboxRow) -> Self {
        let subject = Template::parse(&r.template).and_then(|t| {
            let params = serde_json::from_str(&r.params_json).ok()?;
            crate::notifications::templates::render_subject(t, &r.locale, &params).ok()
        });
        OutboxView {
            retryable: r.status == "dead" && r.redacted_at.is_none(),
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
            subject,
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
