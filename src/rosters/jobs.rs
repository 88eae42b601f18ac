//! The roster job of the mail worker: mark batches paid once the bank paid every row.

use crate::db::{write_tx, Db};
use crate::error::AppResult;
use crate::notifications::worker::JobEnv;
use crate::operation::Ctx;
use crate::rosters::ops;

/// Settle approved batches whose payouts are all paid; returns how many.
pub fn settle_paid(db: &Db, env: &JobEnv) -> AppResult<usize> {
    db.run_sync(|conn| {
        let mut ctx = Ctx::system(env);
        write_tx(conn, |conn| ops::settle_paid(conn, &mut ctx))
    })
}
