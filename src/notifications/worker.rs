//! The background worker: claims due outbox rows, renders and sends them, and schedules retries.

use crate::db::{now, Db};
use crate::error::AppResult;
use crate::notifications::mailer::Mailer;
use crate::notifications::outbox::{self, OutboxRow};
use crate::notifications::templates::{render, Rendered, Template};
use chrono::Duration;
use std::sync::Arc;
use tokio::sync::Notify;

/// How long a claim lasts before another worker may take the row over.
const LEASE_SECONDS: i64 = 120;
/// Rows claimed per round.
const BATCH: i64 = 20;

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
    /// The portal's public address, for the links in the mails the scheduler queues.
    pub public_url: String,
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
        let scheduler = self.db.clone();
        let public_url = self.public_url.clone();
        // The scheduler's notices go into the outbox like any other mail and are sent below.
        actix_web::web::block(move || crate::fairs::reminders::queue_due(&scheduler, &public_url)).await??;
        let db = self.db.clone();
        let rows = actix_web::web::block(move || {
            db.run_sync(|conn| outbox::claim_due(conn, now(), Duration::seconds(LEASE_SECONDS), BATCH))
        })
        .await??;
        let count = rows.len();
        for row in rows {
            self.deliver(row).await?;
        }
        Ok(count)
    }

    async fn deliver(&self, row: OutboxRow) -> AppResult<()> {
        let worker = self.clone();
        actix_web::web::block(move || {
            let outcome = match prepare(&row) {
                Err(error) => Outcome::Permanent(error),
                Ok(rendered) => match worker.mailer.send(&row.id, &worker.from, &row.recipient, &rendered) {
                    Ok(()) => Outcome::Sent,
                    Err(error) => Outcome::Retry(error),
                },
            };
            worker.db.run_sync(|conn| match &outcome {
                Outcome::Sent => {
                    tracing::info!(outbox_id = %row.id, template = %row.template, "mail sent");
                    outbox::mark_sent(conn, &row.id, now())
                }
                Outcome::Retry(error) => {
                    tracing::warn!(outbox_id = %row.id, attempt = row.attempts, error = %error, "mail delivery failed");
                    outbox::mark_failed(conn, &row, error, now(), worker.retry_base, worker.max_attempts)
                }
                Outcome::Permanent(error) => {
                    tracing::error!(outbox_id = %row.id, template = %row.template, error = %error, "mail cannot be rendered; given up");
                    outbox::mark_dead(conn, &row.id, error, now())
                }
            })
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
fn prepare(row: &OutboxRow) -> Result<Rendered, String> {
    let template = Template::parse(&row.template).ok_or_else(|| format!("unknown template {}", row.template))?;
    let params: serde_json::Value =
        serde_json::from_str(&row.params_json).map_err(|e| format!("params are not JSON: {e}"))?;
    // `{:#}` adds the template file and line of the error.
    render(template, &row.locale, &params).map_err(|e| format!("template {}: {e:#}", row.template))
}
