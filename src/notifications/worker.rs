//! The background worker: claims due outbox rows, renders and sends them, and schedules retries.
//! Several workers (processes) may share one database: a worker renews its claim on a row right
//! before sending it and completes the row only while the claim is still its own, so a row whose
//! claim ran out while earlier rows of the batch were slow is sent by one worker only.

use crate::db::Db;
use crate::error::AppResult;
use crate::notifications::mailer::Mailer;
use crate::notifications::outbox::{self, OutboxRow};
use crate::notifications::templates::{render, Rendered, Template};
use crate::talents::PersonalDataCipher;
use crate::time::Clock;
use chrono::Duration;
use std::sync::Arc;
use tokio::sync::Notify;

/// How long a claim lasts before another worker may take the row over; renewed before each send,
/// so it must outlast one send (the SMTP transport gives up after 15 seconds).
pub const LEASE: Duration = Duration::seconds(120);
/// Rows claimed per round.
const BATCH: i64 = 20;

/// A periodic task the worker runs before each round (day-before reminders, the end of public
/// notice periods). Domains register jobs in `lib.rs`; the worker knows none of them. A job
/// queues its mail through the outbox like any other change, so it is sent in the same round.
#[derive(Clone, Copy)]
pub struct Job {
    /// Name for the logs.
    pub name: &'static str,
    /// Do what is due; returns how many records it handled.
    pub run: fn(&Db, &JobEnv) -> AppResult<usize>,
}

/// What a job is given: the time of this round, and what it needs to record and link.
#[derive(Clone)]
pub struct JobEnv {
    /// The application clock's time for this round.
    pub now: chrono::NaiveDateTime,
    /// Key of the audit chain.
    pub audit_key: crate::audit::AuditKey,
    /// The portal's public URL, for links in mail.
    pub public_url: String,
    /// Seals the secret parameters of the mail a job queues.
    pub cipher: PersonalDataCipher,
    /// Days the audit log keeps full client addresses.
    pub audit_ip_retention_days: i64,
}

/// Delivers the outbox.
#[derive(Clone)]
pub struct Worker {
    /// Database.
    pub db: Db,
    /// Where mail goes.
    pub mailer: Mailer,
    /// Sender mailbox.
    pub from: String,
    /// Time between rounds when nobody wakes the worker.
    pub poll: std::time::Duration,
    /// First retry delay.
    pub retry_base: Duration,
    /// Attempts before a row is dead.
    pub max_attempts: i32,
    /// Woken by handlers right after they queue mail.
    pub wakeup: Arc<Notify>,
    /// The periodic jobs.
    pub jobs: Vec<Job>,
    /// The application's clock (what the jobs call now).
    pub clock: Clock,
    /// Key of the audit chain, for the jobs.
    pub audit_key: crate::audit::AuditKey,
    /// The portal's public URL, for the jobs' links.
    pub public_url: String,
    /// Opens the secret parameters of a row (and seals those of the jobs' mail).
    pub cipher: PersonalDataCipher,
    /// How long a claim lasts ([`LEASE`]).
    pub lease: Duration,
    /// Days the audit log keeps full client addresses (for the masking job).
    pub audit_ip_retention_days: i64,
}

impl Worker {
    /// Run forever: a round, then wait for a wake-up or the poll interval.
    pub async fn run(self) {
        loop {
            match self.round().await {
                Ok(n) if n >= BATCH as usize => continue,
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "mail worker round failed"),
            }
            tokio::select! {
                _ = self.wakeup.notified() => {}
                _ = tokio::time::sleep(self.poll) => {}
            }
        }
    }

    /// One round: claim due rows and deliver each. Returns how many were claimed.
    pub async fn round(&self) -> AppResult<usize> {
        for job in self.jobs.clone() {
            let db = self.db.clone();
            let env = JobEnv {
                now: self.clock.now(),
                audit_key: self.audit_key.clone(),
                public_url: self.public_url.clone(),
                cipher: self.cipher.clone(),
                audit_ip_retention_days: self.audit_ip_retention_days,
            };
            match actix_web::web::block(move || (job.run)(&db, &env)).await? {
                Ok(0) => {}
                Ok(n) => tracing::info!(job = job.name, handled = n, "job ran"),
                // One failing job must not stop the mail of every other domain.
                Err(e) => tracing::warn!(job = job.name, error = %e, "job failed"),
            }
        }
        let db = self.db.clone();
        // The application clock, like the operations that queued the rows.
        let now = self.clock.now();
        let lease = self.lease;
        let rows =
            actix_web::web::block(move || db.run_sync(|conn| outbox::claim_due(conn, now, lease, BATCH))).await??;
        let count = rows.len();
        for row in rows {
            self.deliver(row).await?;
        }
        Ok(count)
    }

    async fn deliver(&self, row: OutboxRow) -> AppResult<()> {
        let worker = self.clone();
        actix_web::web::block(move || {
            let renewed = worker
                .db
                .run_sync(|conn| outbox::renew(conn, &row, worker.clock.now(), worker.lease))?;
            if !renewed {
                tracing::info!(outbox_id = %row.id, "claim ran out and another worker took the mail over");
                return Ok(());
            }
            let outcome = match prepare(&row, &worker.cipher) {
                Err(error) => Outcome::Permanent(error),
                Ok(rendered) => match worker.mailer.send(&row.id, &worker.from, &row.recipient, &rendered) {
                    Ok(()) => Outcome::Sent,
                    Err(error) => Outcome::Retry(error),
                },
            };
            let held = worker.db.run_sync(|conn| match &outcome {
                Outcome::Sent => {
                    tracing::info!(outbox_id = %row.id, template = %row.template, "mail sent");
                    outbox::mark_sent(conn, &row, worker.clock.now())
                }
                Outcome::Retry(error) => {
                    tracing::warn!(outbox_id = %row.id, attempt = row.attempts, error = %error, "mail delivery failed");
                    outbox::mark_failed(conn, &row, error, worker.clock.now(), worker.retry_base, worker.max_attempts)
                }
                Outcome::Permanent(error) => {
                    tracing::error!(outbox_id = %row.id, template = %row.template, error = %error, "mail cannot be rendered; given up");
                    outbox::mark_dead(conn, &row, error, worker.clock.now())
                }
            })?;
            if !held {
                // Only a send slower than the lease gets here; the lease is sized so it cannot.
                tracing::warn!(outbox_id = %row.id, "claim lost during the send; the outcome is left to its new holder");
            }
            Ok(())
        })
        .await?
    }
}

/// What became of one delivery.
enum Outcome {
    /// Handed to the SMTP server (or written to a file).
    Sent,
    /// The server failed; try again later.
    Retry(String),
    /// The row itself is wrong; trying again cannot help.
    Permanent(String),
}

/// The rendered mail of a row, or why it can never be rendered.
fn prepare(row: &OutboxRow, cipher: &PersonalDataCipher) -> Result<Rendered, String> {
    let template = Template::parse(&row.template).ok_or_else(|| format!("unknown template {}", row.template))?;
    let mut params: serde_json::Value =
        serde_json::from_str(&row.params_json).map_err(|e| format!("params are not JSON: {e}"))?;
    if let Some(sealed) = &row.secret_params {
        let plain = cipher
            .decrypt(outbox::SECRETS_FIELD, &row.id, sealed)
            .map_err(|_| "the secret params cannot be opened (another data key, or damaged)".to_string())?;
        let secrets: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&plain).map_err(|e| format!("secret params are not JSON: {e}"))?;
        if let Some(fields) = params.as_object_mut() {
            fields.extend(secrets);
        }
    }
    // `{:#}` adds the template file and line of the error.
    render(template, &row.locale, &params).map_err(|e| format!("template {}: {e:#}", row.template))
}
