//! Database access: the pool, the one helper that runs queries off the async workers, write
//! transactions that never hit "database is locked", ids and time.

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

/// Take a transaction-scoped lock named by `key` on PostgreSQL (SQLite's `BEGIN IMMEDIATE` already
/// serialises writers). Used where rows are appended in a strict order, like the audit chain.
pub fn serialize_on(conn: &mut DbConn, key: i64) -> AppResult<()> {
    use diesel::RunQueryDsl;
    if let DbConn::Pg(pg) = conn {
        diesel::sql_query("SELECT pg_advisory_xact_lock($1)")
            .bind::<diesel::sql_types::BigInt, _>(key)
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
