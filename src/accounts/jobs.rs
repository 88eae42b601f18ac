//! The accounts domain's periodic work, run by the mail worker (`lib.rs` `JOBS`).

use crate::accounts::sessions;
use crate::db::{write_tx, Db};
use crate::error::AppResult;
use crate::notifications::worker::JobEnv;

/// Delete used or expired e-mail tokens, refresh tokens and sessions older than the retention period.
pub fn forget_old_tokens(db: &Db, env: &JobEnv) -> AppResult<usize> {
    db.run_sync(|conn| write_tx(conn, |conn| sessions::forget_old(conn, env.now)))
}
