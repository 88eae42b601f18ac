//! The day-before reminder, queued by the mail worker's scheduler: at most once per person and fair
//! (a conditional mark on the registration plus the outbox dedupe key), even with several workers.

use crate::db::{write_tx, Db};
use crate::error::AppResult;
use crate::fairs::notify::{self, Recipient};
use crate::fairs::{queries, rules};
use crate::notifications::worker::JobEnv;
use crate::operation::Ctx;

/// Queue every reminder that is due; returns how many were queued.
pub fn queue_due(db: &Db, env: &JobEnv) -> AppResult<usize> {
    let now = env.now;
    db.run_sync(|conn| {
        let due = queries::due_reminders(conn, now, rules::REMINDER_LEAD)?;
        let mut queued = 0;
        for (reg, fair, email, locale) in due {
            let done = write_tx(conn, |conn| {
                if !queries::mark_reminded(conn, &reg.id, now)? {
                    return Ok(false);
                }
                let name = crate::talents::queries::find(conn, &reg.user_id)?
                    .map(|p| p.row.full_name)
                    .unwrap_or_else(|| email.clone());
                let mut ctx = Ctx::system(env);
                notify::reminder(
                    conn,
                    &mut ctx,
                    &Recipient {
                        email: &email,
                        locale: &locale,
                        name: &name,
                    },
                    &fair,
                    &reg,
                )
            })?;
            queued += usize::from(done);
        }
        Ok(queued)
    })
}
