//! Embedded migrations for both backends, run at start-up (under an advisory lock on PostgreSQL
//! so several processes can start together).

use crate::db::DbConn;
use diesel::connection::SimpleConnection;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

/// SQLite migrations.
pub const SQLITE: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
/// PostgreSQL migrations.
pub const POSTGRES: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// An arbitrary constant shared by every Juxian process: the advisory lock id for migrations.
const MIGRATION_LOCK: i64 = 0x4A55_5849_414E;

/// Apply every pending migration; returns the versions applied now.
pub fn run_pending(conn: &mut DbConn) -> anyhow::Result<Vec<String>> {
    match conn {
        DbConn::Pg(pg) => {
            pg.batch_execute(&format!("SELECT pg_advisory_lock({MIGRATION_LOCK})"))?;
            let result = pg
                .run_pending_migrations(POSTGRES)
                .map(|v| v.iter().map(|m| m.to_string()).collect::<Vec<_>>())
                .map_err(|e| anyhow::anyhow!("migration failed: {e}"));
            pg.batch_execute(&format!("SELECT pg_advisory_unlock({MIGRATION_LOCK})"))?;
            result
        }
        DbConn::Sqlite(lite) => lite
            .run_pending_migrations(SQLITE)
            .map(|v| v.iter().map(|m| m.to_string()).collect())
            .map_err(|e| anyhow::anyhow!("migration failed: {e}")),
    }
}

/// True when no migration is pending (for `/readyz`).
pub fn all_applied(conn: &mut DbConn) -> bool {
    match conn {
        DbConn::Pg(pg) => pg.has_pending_migration(POSTGRES).is_ok_and(|pending| !pending),
        DbConn::Sqlite(lite) => lite.has_pending_migration(SQLITE).is_ok_and(|pending| !pending),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use diesel::migration::MigrationSource;

    fn versions(source: &EmbeddedMigrations) -> Vec<String> {
        let list = MigrationSource::<diesel::sqlite::Sqlite>::migrations(source).unwrap_or_default();
        list.iter().map(|m| m.name().to_string()).collect()
    }

    #[test]
    fn migration_folders_have_the_same_versions() {
        let sqlite = versions(&SQLITE);
        let mut postgres = Vec::new();
        for m in MigrationSource::<diesel::pg::Pg>::migrations(&POSTGRES).unwrap_or_default() {
            postgres.push(m.name().to_string());
        }
        assert!(!sqlite.is_empty());
        assert_eq!(
            sqlite, postgres,
            "migrations/sqlite and migrations/postgres drifted apart"
        );
    }
}
