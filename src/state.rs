//! What every handler can reach: configuration, database, keys and shared services.

use crate::attachments::storage::FileStore;
use crate::audit::AuditKey;
use crate::auth::password::Hasher;
use crate::auth::rate_limit::RateLimiter;
use crate::auth::tokens::TokenKeys;
use crate::config::Config;
use crate::db::Db;
use crate::http::metrics::Metrics;
use crate::talents::PersonalDataCipher;
use crate::time::Clock;
use std::sync::Arc;
use tokio::sync::Notify;

/// Shared application state, one per process.
pub struct AppState {
    /// The configuration the process started with.
    pub config: Config,
    /// Database pool.
    pub db: Db,
    /// Access-token keys.
    pub keys: TokenKeys,
    /// Password hashing with a concurrency cap.
    pub hasher: Hasher,
    /// Per-client limit on authentication endpoints.
    pub limiter: RateLimiter,
    /// Growing delays after failed sign-ins, per address and source.
    pub throttle: crate::auth::throttle::LoginThrottle,
    /// Key of the audit chain.
    pub audit_key: AuditKey,
    /// Wakes the mail worker after a transaction queued mail.
    pub mail_wakeup: Arc<Notify>,
    /// Request counters for `/metrics`.
    pub metrics: Arc<Metrics>,
    /// Encrypts personal data at rest.
    pub cipher: PersonalDataCipher,
    /// Where attachment bytes live.
    pub files: FileStore,
    /// The application's one clock.
    pub clock: Clock,
}

impl AppState {
    /// Tell the mail worker that new mail is waiting (call after the transaction committed).
    pub fn mail_queued(&self) {
        self.mail_wakeup.notify_one();
    }
}
