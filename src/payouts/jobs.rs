//! The payout job of the mail worker: hand newly awarded applications to the ledger.

use crate::db::{write_tx, Db};
use crate::error::AppResult;
use crate::notifications::worker::JobEnv;
use crate::operation::Ctx;
use crate::payouts::ops;

/// Create the payouts of awarded applications that have none yet; returns how many.
pub fn collect_awards(db: &Db, env: &JobEnv) -> AppResult<usize> {
    db.run_sync(|conn| {
        let mut ctx = Ctx::system(env);
        write_tx(conn, |conn| ops::collect_awards(conn, &mut ctx))
    })
}
