//! Database access: the pool, the one helper that runs queries off the async workers, write
//! transactions that never hit "database is locked", the one lock that check-then-act rules take
//! ([`lock`] on an [`Aggregate`]), ids and time.

pub mod conn;
pub mod migrations;
pub mod schema;

use crate::config::DatabaseTarget;
use crate::error::{AppError, AppResult};
use chrono::{NaiveDateTime, Utc};
use diesel::connection::{AnsiTransactionManager, TransactionManager};
use diesel::r2d2::Pool;
use std::time::Duration;

pub use conn::{DbConn, DbManager};

/// The connection pool plus the knowledge of which backend it talks to.
#[derive(Clone)]
pub struct Db {
    pool: Pool<DbManager>,
    postgres: bool,
}

impl Db {
    /// Build a pool for the target. SQLite's parent directory must exist (the default data dir is
    /// created by the caller) so that a mistyped path fails instead of creating a stray database.
    pub fn connect(target: &DatabaseTarget, size: u32) -> anyhow::Result<Self> {
        if let DatabaseTarget::Sqlite(path) = target {
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                if !parent.is_dir() {
                    anyhow::bail!(
                        "the directory of the SQLite database ({}) does not exist; refusing to create a new database there",
                        parent.display()
                    );
                }
            }
        }
        let pool = Pool::builder()
            .max_size(size.max(1))
            .connection_timeout(Duration::from_secs(10))
            .build(DbManager::new(target.clone()))?;
        Ok(Db {
            pool,
            postgres: target.is_postgres(),
        })
    }

    /// True when the backend is PostgreSQL.
    pub fn is_postgres(&self) -> bool {
        self.postgres
    }

    /// Pool statistics for `/metrics`: (open connections, idle connections).
    pub fn pool_state(&self) -> (u32, u32) {
        let s = self.pool.state();
        (s.connections, s.idle_connections)
    }

    /// Run `f` with a pooled connection on the blocking thread pool, never on an async worker.
    pub async fn run<T, F>(&self, f: F) -> AppResult<T>
    where
        F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        actix_web::web::block(move || {
            let mut conn = pool.get()?;
            f(&mut conn)
        })
        .await?
    }

    /// Run `f` inside one write transaction (see [`write_tx`]).
    pub async fn write<T, F>(&self, f: F) -> AppResult<T>
    where
        F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        self.run(move |conn| write_tx(conn, f)).await
    }

    /// Run `f` on a pooled connection synchronously (CLI commands and the mail worker's thread).
    pub fn run_sync<T>(&self, f: impl FnOnce(&mut DbConn) -> AppResult<T>) -> AppResult<T> {
        let mut conn = self.pool.get()?;
        f(&mut conn)
    }
}

/// Run `f` in a transaction meant to write. On SQLite it starts with `BEGIN IMMEDIATE`, taking the
/// write lock up front (and waiting for it under busy_timeout) instead of upgrading a read lock
/// later, which is what makes concurrent writers fail with "database is locked".
pub fn write_tx<T, F>(conn: &mut DbConn, f: F) -> AppResult<T>
where
    F: FnOnce(&mut DbConn) -> AppResult<T>,
{
    match conn {
        DbConn::Sqlite(inner) => AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN IMMEDIATE")?,
        DbConn::Pg(_) => <DbConn as diesel::Connection>::TransactionManager::begin_transaction(conn)?,
    }
    match f(conn) {
        Ok(value) => {
            <DbConn as diesel::Connection>::TransactionManager::commit_transaction(conn)?;
            Ok(value)
        }
        Err(err) => {
            if let Err(rollback) = <DbConn as diesel::Connection>::TransactionManager::rollback_transaction(conn) {
                tracing::error!(error = %rollback, "rollback failed");
            }
            Err(err)
        }
    }
}

/// Run `f` in one read-only snapshot: every query inside sees the database as of one moment, so
/// figures computed from several queries (the annual report) agree with each other. PostgreSQL:
/// `REPEATABLE READ READ ONLY`; SQLite: a deferred transaction, whose first read fixes the WAL
/// snapshot until it ends.
pub fn read_snapshot<T, F>(conn: &mut DbConn, f: F) -> AppResult<T>
where
    F: FnOnce(&mut DbConn) -> AppResult<T>,
{
    match conn {
        DbConn::Sqlite(inner) => AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN DEFERRED")?,
        DbConn::Pg(inner) => {
            AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")?
        }
    }
    let outcome = f(conn);
    // Nothing was written: ending the snapshot either way is the same; rollback also covers errors.
    if let Err(end) = <DbConn as diesel::Connection>::TransactionManager::rollback_transaction(conn) {
        tracing::error!(error = %end, "ending a read snapshot failed");
    }
    outcome
}

/// What a write transaction locks before it reads the rows its rule decides on.
///
/// This is the one way a check-then-act rule holds under concurrency. PostgreSQL runs write
/// transactions at READ COMMITTED, so a rule that reads ("fewer than three applications", "another
/// admin remains", "the fair is published"), decides and writes can be beaten by a concurrent
/// transaction that read the same thing; SQLite's `BEGIN IMMEDIATE` already lets one writer in at a
/// time, so there the lock costs nothing. Call [`lock`] first inside the write transaction, before
/// those reads, in every operation that changes the aggregate; a single conditional `UPDATE` needs
/// no lock. A transaction that takes several takes them in the order of this enum, which keeps two
/// transactions from waiting on each other; [`Aggregate::AuditChain`] is taken by every audited write
/// when it records its event, so it always comes last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aggregate<'a> {
    /// The set of active administrators (the last one stays one).
    Admins,
    /// A job fair: its status, capacity, places, waiting list and booths.
    Fair(&'a str),
    /// One person's applications in one internship programme (at most three, one placement).
    InternshipApplicant {
        /// The programme.
        program: &'a str,
        /// The applicant.
        applicant: &'a str,
    },
    /// What one account stores as attachments (the storage quota).
    AccountFiles(&'a str),
    /// The registrations of one e-mail address (a taken address answers like a new one).
    Registration(&'a str),
    /// The mails of one template queued to one (lower-cased) address this hour (the per-hour limit).
    MailRecipient {
        /// The template's name.
        template: &'a str,
        /// The recipient, lower-cased.
        to: &'a str,
    },
    /// The county's villages and townships (imports, merges, codes).
    Villages,
    /// One person's candidacies in one round of the village college-student plan (one per round).
    VillagePlanPerson {
        /// The round.
        round: &'a str,
        /// The keyed hash of the person's ID number.
        person: &'a str,
    },
    /// A recruitment: its status, posts (cut, headcount) and the seats of its tickets.
    Recruitment(&'a str),
    /// One person's sign-ups in one recruitment (one live sign-up).
    RecruitmentApplicant {
        /// The recruitment.
        recruitment: &'a str,
        /// The applicant.
        applicant: &'a str,
    },
    /// A symposium: its status, details, invitations (one per person, capacity) and attendance.
    Symposium(&'a str),
    /// One account's closure requests (one open at a time) and their decision.
    AccountClosure(&'a str),
    /// A training course: its status, sessions, trainees (capacity, one place per person),
    /// check-ins and the completion decisions.
    Training(&'a str),
    /// The audit chain, appended in strict order.
    AuditChain,
}

/// The audit chain's lock key (from before [`Aggregate`] existed).
const AUDIT_CHAIN_KEY: i64 = 0x4A55_4155_4454;

impl Aggregate<'_> {
    /// A stable 64-bit lock key: the first eight bytes of SHA-256 over the kind and the ids, so every
    /// process and every release names an aggregate alike. A collision only makes two unrelated
    /// aggregates wait for each other now and then; it never lets two writers of one aggregate in.
    pub fn key(&self) -> i64 {
        use sha2::{Digest, Sha256};
        let parts: &[&str] = match self {
            Aggregate::Admins => &["admins"],
            Aggregate::Fair(id) => &["fair", id],
            Aggregate::InternshipApplicant { program, applicant } => &["internship_applicant", program, applicant],
            Aggregate::AccountFiles(owner) => &["account_files", owner],
            Aggregate::Registration(email) => &["registration", email],
            Aggregate::MailRecipient { template, to } => &["mail_recipient", template, to],
            Aggregate::Villages => &["villages"],
            Aggregate::VillagePlanPerson { round, person } => &["village_plan_person", round, person],
            Aggregate::Recruitment(id) => &["recruitment", id],
            Aggregate::RecruitmentApplicant { recruitment, applicant } => {
                &["recruitment_applicant", recruitment, applicant]
            }
            Aggregate::Symposium(id) => &["symposium", id],
            Aggregate::AccountClosure(user) => &["account_closure", user],
            Aggregate::Training(id) => &["training", id],
            // The key earlier releases locked the chain with, so that old and new processes running
            // side by side during a deploy still append one after another.
            Aggregate::AuditChain => return AUDIT_CHAIN_KEY,
        };
        let mut hash = Sha256::new();
        for part in parts {
            hash.update(part.as_bytes());
            hash.update([0u8]);
        }
        let digest = hash.finalize();
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        i64::from_be_bytes(first)
    }
}

/// Lock `aggregate` until the end of the current write transaction (see [`Aggregate`]): a
/// transaction-scoped advisory lock on PostgreSQL, nothing on SQLite, whose `BEGIN IMMEDIATE`
/// already serialises writers.
pub fn lock(conn: &mut DbConn, aggregate: Aggregate<'_>) -> AppResult<()> {
    use diesel::RunQueryDsl;
    if let DbConn::Pg(pg) = conn {
        diesel::sql_query("SELECT pg_advisory_xact_lock($1)")
            .bind::<diesel::sql_types::BigInt, _>(aggregate.key())
            .execute(pg)?;
    }
    Ok(())
}

/// Current UTC time truncated to microseconds, as stored in both databases.
pub fn now() -> NaiveDateTime {
    let t = Utc::now().naive_utc();
    t - chrono::Duration::nanoseconds(i64::from(t.and_utc().timestamp_subsec_nanos() % 1000))
}

/// A new application-generated id (UUID v7: time-ordered, unguessable enough for ids).
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Convert a stored UTC time to an RFC 3339 value for the API.
pub fn to_utc(t: NaiveDateTime) -> chrono::DateTime<Utc> {
    t.and_utc()
}

/// Map `AppError` from a check that the database answers (for `/readyz`).
pub fn ping(conn: &mut DbConn) -> AppResult<()> {
    use diesel::r2d2::R2D2Connection;
    conn.ping().map_err(AppError::from)
}

#[cfg(test)]
mod tests {
    use super::Aggregate;

    #[test]
    fn lock_keys_are_stable_and_tell_aggregates_apart() {
        // Pinned: processes of different releases must name the same aggregate alike.
        assert_eq!(Aggregate::Fair("f1").key(), 1_764_484_693_809_962_165);
        assert_eq!(Aggregate::AuditChain.key(), 0x4A55_4155_4454);
        let keys = [
            Aggregate::Admins.key(),
            Aggregate::Fair("a").key(),
            Aggregate::Fair("b").key(),
            Aggregate::InternshipApplicant {
                program: "a",
                applicant: "b",
            }
            .key(),
            // The separator keeps ("ab", "") apart from ("a", "b").
            Aggregate::InternshipApplicant {
                program: "ab",
                applicant: "",
            }
            .key(),
            Aggregate::MailRecipient { template: "a", to: "b" }.key(),
            Aggregate::AuditChain.key(),
        ];
        let distinct: std::collections::BTreeSet<_> = keys.iter().collect();
        assert_eq!(distinct.len(), keys.len());
    }
}
