//! The subsidy job of the mail worker: close public notices whose period is over.

use crate::db::{write_tx, Db};
use crate::error::AppResult;
use crate::notifications::worker::JobEnv;
use crate::operation::Ctx;
use crate::subsidies::{ops, queries};

/// Award the applications of every notice that ended quietly; returns how many notices closed.
pub fn close_due_notices(db: &Db, env: &JobEnv) -> AppResult<usize> {
    db.run_sync(|conn| {
        let due = queries::due_notices(conn, env.now)?;
        let mut closed = 0;
        for notice in due {
            let mut ctx = Ctx::system(env);
            // One transaction per notice, so one bad notice does not hold back the others.
            closed += usize::from(write_tx(conn, |conn| {
                ops::close_notice_if_due(conn, &mut ctx, &notice.id)
            })?);
        }
        Ok(closed)
    })
}
