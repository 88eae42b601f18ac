//! The context of one audited change: who acts, from where, at what time, the audit key, and the
//! mail it queued. Operations (`<domain>/ops.rs`) take `(conn, ctx, …)`; [`AppState::operate`]
//! runs them in one write transaction and wakes the mail worker after the commit, so neither the
//! actor nor the wake-up is spelled out by hand at a call site.

use crate::audit::{self, Actor, AuditKey, Audited, Event};
use crate::auth::{AuthUser, ClientIp};
use crate::db::DbConn;
use crate::error::AppResult;
use crate::notifications::{enqueue, outbox, Mail, Template};
use crate::state::AppState;
use crate::talents::PersonalDataCipher;
use crate::time::Clock;
use chrono::NaiveDateTime;

/// What an operation knows besides the connection and its input.
pub struct Ctx {
    /// Who does it (recorded in the audit log).
    pub actor: Actor,
    /// The application clock's time for this transaction.
    pub now: NaiveDateTime,
    /// The portal's public URL, for links in mail.
    pub public_url: String,
    key: AuditKey,
    /// Seals the secret parameters of the mail this operation queues.
    cipher: PersonalDataCipher,
    mails: usize,
    /// The clock `now` came from, to read it again after a lock wait (none for background jobs).
    clock: Option<Clock>,
}

impl Ctx {
    /// A context for `actor` at `now`.
    pub fn new(
        actor: Actor,
        now: NaiveDateTime,
        key: AuditKey,
        cipher: PersonalDataCipher,
        public_url: String,
    ) -> Self {
        Ctx {
            actor,
            now,
            public_url,
            key,
            cipher,
            mails: 0,
            clock: None,
        }
    }

    /// Read the application clock again after waiting for a row lock, so that the times written
    /// from here on order like the transactions that held the lock (a waiting list is ordered by them).
    pub fn retime(&mut self) {
        if let Some(clock) = &self.clock {
            self.now = clock.now();
        }
    }

    /// The context of a background job's transaction: the system acts, at the round's time.
    pub fn system(env: &crate::notifications::worker::JobEnv) -> Self {
        Ctx::new(
            Actor::default(),
            env.now,
            env.audit_key.clone(),
            env.cipher.clone(),
            env.public_url.clone(),
        )
    }

    /// Append an event to the audit chain, inside this transaction.
    pub fn record(&self, conn: &mut DbConn, event: Event<'_>) -> AppResult<()> {
        audit::record_at(conn, &self.key, &self.actor, event, self.now)
    }

    /// Append a before/after change of an audited row.
    pub fn record_change<T: Audited>(
        &self,
        conn: &mut DbConn,
        action: &str,
        before: Option<&T>,
        after: &T,
    ) -> AppResult<()> {
        self.record(
            conn,
            Event {
                action,
                entity: T::ENTITY,
                entity_id: Some(after.id()),
                before: before.map(T::snapshot),
                after: Some(after.snapshot()),
            },
        )
    }

    /// Queue a mail in this transaction; the worker is woken once the transaction commits.
    /// Returns false when the dedupe key was used before or the recipient's hourly limit of the
    /// template is reached.
    pub fn mail(&mut self, conn: &mut DbConn, mail: &Mail) -> AppResult<bool> {
        let queued = enqueue(conn, mail, self.now, &self.cipher)?;
        self.mails += usize::from(queued);
        Ok(queued)
    }

    /// Whether a mail of `template` to `to` would be queued now (its hourly limit), asked before
    /// preparing what the mail carries (a one-time link replaces the previous one). The answer
    /// holds until this transaction ends.
    pub fn may_mail(&self, conn: &mut DbConn, to: &str, template: Template) -> AppResult<bool> {
        outbox::within_limit(conn, to, template, self.now)
    }

    /// Count a mail put back into the queue (a dead letter retried), so the worker is woken too.
    pub fn requeued(&mut self) {
        self.mails += 1;
    }

    /// An absolute link into the frontend (`path` starts with `/`).
    pub fn link(&self, path: &str) -> String {
        format!("{}{path}", self.public_url.trim_end_matches('/'))
    }

    /// Record the account concerned as the actor (anonymous account events: registration,
    /// e-mail links, sign-in), keeping the client address.
    pub fn act_for(&mut self, user_id: &str, email: Option<&str>) {
        self.actor.id = Some(user_id.to_string());
        self.actor.email = email.map(str::to_string);
    }

    /// How many mails this operation queued.
    pub fn mails_queued(&self) -> usize {
        self.mails
    }
}

impl AppState {
    /// Run an operation as `actor` in one write transaction; wake the mail worker after it commits.
    pub async fn operate<T, F>(&self, actor: Actor, op: F) -> AppResult<T>
    where
        F: FnOnce(&mut DbConn, &mut Ctx) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let clock = self.clock.clone();
        let key = self.audit_key.clone();
        let cipher = self.cipher.clone();
        let public_url = self.config.public_url.clone();
        let (value, mails) = self
            .db
            .write(move |conn| {
                let mut ctx = Ctx::new(actor, clock.now(), key, cipher, public_url);
                ctx.clock = Some(clock);
                let value = op(conn, &mut ctx)?;
                Ok((value, ctx.mails))
            })
            .await?;
        if mails > 0 {
            self.mail_queued();
        }
        Ok(value)
    }

    /// [`AppState::operate`] for an anonymous request from `ip` (the operation may name the account
    /// concerned with [`Ctx::act_for`]).
    pub async fn operate_anonymous<T, F>(&self, ip: ClientIp, op: F) -> AppResult<T>
    where
        F: FnOnce(&mut DbConn, &mut Ctx) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let actor = Actor {
            ip: Some(ip.0),
            ..Actor::default()
        };
        self.operate(actor, op).await
    }

    /// [`AppState::operate`] as the signed-in user of a request.
    pub async fn operate_as<T, F>(&self, auth: &AuthUser, ip: ClientIp, op: F) -> AppResult<T>
    where
        F: FnOnce(&mut DbConn, &mut Ctx) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        self.operate(Actor::of(auth, ip), op).await
    }
}
