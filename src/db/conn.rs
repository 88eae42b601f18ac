//! The connection type that is either PostgreSQL or SQLite, and the pool manager that opens it.

use crate::config::DatabaseTarget;
use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::r2d2::{ManageConnection, R2D2Connection};
use diesel::sqlite::SqliteConnection;
use diesel::Connection;

/// One connection to whichever database the service runs on.
#[derive(diesel::MultiConnection)]
pub enum DbConn {
    /// PostgreSQL (production).
    Pg(PgConnection),
    /// SQLite (the embedded default).
    Sqlite(SqliteConnection),
}

/// Per-connection SQLite settings: busy_timeout first so that switching to WAL waits instead of
/// failing when another process holds the file.
const SQLITE_PRAGMAS: &str = "PRAGMA busy_timeout = 15000; PRAGMA journal_mode = WAL; \
     PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;";

/// Opens connections for the r2d2 pool, choosing the backend from the configured target.
#[derive(Debug, Clone)]
pub struct DbManager {
    target: DatabaseTarget,
}

/// Why a connection could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    /// The database refused or could not be reached.
    #[error("cannot connect: {0}")]
    Connection(#[from] diesel::ConnectionError),
    /// A per-connection setting failed.
    #[error("cannot configure connection: {0}")]
    Query(#[from] diesel::result::Error),
}

impl DbManager {
    /// A manager for this target.
    pub fn new(target: DatabaseTarget) -> Self {
        DbManager { target }
    }

    /// Open one connection without a pool (CLI commands, migrations).
    pub fn open(target: &DatabaseTarget) -> Result<DbConn, ConnectError> {
        match target {
            DatabaseTarget::Postgres(url) => Ok(DbConn::Pg(PgConnection::establish(url)?)),
            DatabaseTarget::Sqlite(path) => {
                let mut conn = SqliteConnection::establish(&path.to_string_lossy())?;
                conn.batch_execute(SQLITE_PRAGMAS)?;
                Ok(DbConn::Sqlite(conn))
            }
        }
    }
}

impl ManageConnection for DbManager {
    type Connection = DbConn;
    type Error = ConnectError;

    fn connect(&self) -> Result<DbConn, ConnectError> {
        DbManager::open(&self.target)
    }

    fn is_valid(&self, conn: &mut DbConn) -> Result<(), ConnectError> {
        conn.ping().map_err(ConnectError::Query)
    }

    fn has_broken(&self, conn: &mut DbConn) -> bool {
        conn.is_broken()
    }
}

/// The backend type of [`DbConn`], for boxed queries that run on either database.
pub type Backend = <DbConn as Connection>::Backend;

diesel::define_sql_function! {
    /// SQL `lower()`, for case-insensitive search on both backends.
    fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text;
}
