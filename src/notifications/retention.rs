//! Retention of mail: what a delivered (or given-up) mail said is kept 90 days, then only the fact
//! that it was sent stays (recipient, template, times, dedupe key), so the admin's list and the
//! dedupe keys keep working and no personal data outlives its use.

use crate::db::schema::outbox;
use crate::db::{write_tx, Db};
use crate::error::AppResult;
use crate::notifications::worker::JobEnv;
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

/// How long a sent or dead mail's parameters are kept.
pub const KEEP: Duration = Duration::days(90);

/// The job: empty the parameters of mail sent (or given up) more than [`KEEP`] ago. Returns how
/// many rows it emptied.
pub fn forget_old_bodies(db: &Db, env: &JobEnv) -> AppResult<usize> {
    db.run_sync(|conn| write_tx(conn, |conn| forget_before(conn, env.now - KEEP, env.now)))
}

fn forget_before(conn: &mut crate::db::DbConn, cutoff: NaiveDateTime, now: NaiveDateTime) -> AppResult<usize> {
    let old = outbox::status
        .eq("sent")
        .and(outbox::sent_at.lt(cutoff))
        .or(outbox::status.eq("dead").and(outbox::updated_at.lt(cutoff)));
    // `{}` marks an emptied body, so a row is emptied once and the count means something.
    let unforgotten = outbox::params_json.ne("{}").or(outbox::secret_params.is_not_null());
    Ok(diesel::update(outbox::table.filter(old).filter(unforgotten))
        .set((
            outbox::params_json.eq("{}"),
            outbox::secret_params.eq(None::<String>),
            outbox::redacted_at.eq(Some(now)),
        ))
        .execute(conn)?)
}
