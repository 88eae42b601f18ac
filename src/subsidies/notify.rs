//! The e-mails of the subsidy domain, queued inside the caller's transaction in the applicant's
//! language. Each (application, step, state) is mailed at most once.

use crate::db::DbConn;
use crate::error::AppResult;
use crate::money::Fen;
use crate::notifications::mails::{
    SubsidyAwarded, SubsidyFinanceApproved, SubsidyFinanceRejected, SubsidyNoticeStarted, SubsidyObjectionUpheld,
    SubsidyRejected, SubsidyReturned, SubsidySubmitted,
};
use crate::notifications::{Mail, MailParams};
use crate::operation::Ctx;
use crate::subsidies::models::{ApplicationRow, PolicyRow};
use crate::subsidies::queries;
use chrono::NaiveDateTime;

/// What the applicant is told.
#[derive(Debug, Clone)]
pub enum Tell {
    /// Receipt of a submission.
    Submitted,
    /// Returned for more, with the reason.
    Returned(String),
    /// Refused by HR, with the reason.
    Rejected(String),
    /// Approved by finance for this amount.
    FinanceApproved(Fen),
    /// Refused by finance, with the reason.
    FinanceRejected(String),
    /// On public notice until then.
    NoticeStarted(Fen, NaiveDateTime),
    /// Awarded after the notice.
    Awarded(Fen),
    /// An objection was upheld, with the reason.
    ObjectionUpheld(String),
}

fn queue<P: MailParams>(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    to: (String, String),
    params: &P,
    key: String,
) -> AppResult<()> {
    ctx.mail(conn, &Mail::new(to.0, to.1, params, key))?;
    Ok(())
}

/// Queue the mail for `tell` to the applicant of `app` (the row as it was before this step).
pub fn tell(conn: &mut DbConn, ctx: &mut Ctx, app: &ApplicationRow, policy: &PolicyRow, tell: Tell) -> AppResult<()> {
    let Some(queries::Person {
        email, locale, name, ..
    }) = queries::person(conn, &app.applicant_id)?
    else {
        return Ok(());
    };
    let name = name.unwrap_or_else(|| email.clone());
    let policy_name = policy.name.clone();
    let link = ctx.link(&format!("/my/subsidies/{}", app.id));
    // The step and the state it left make the key: a resubmission is a new receipt, a retry is not.
    let key = |step: &str| format!("subsidy:{}:{step}:{}:{}", app.id, app.status, app.updated_at);
    let to = (email.clone(), locale);
    match tell {
        Tell::Submitted => queue(
            conn,
            ctx,
            to,
            &SubsidySubmitted {
                name,
                policy: policy_name,
                link,
            },
            key("submitted"),
        ),
        Tell::Returned(reason) => queue(
            conn,
            ctx,
            to,
            &SubsidyReturned {
                name,
                policy: policy_name,
                reason,
                link,
            },
            key("returned"),
        ),
        Tell::Rejected(reason) => queue(
            conn,
            ctx,
            to,
            &SubsidyRejected {
                name,
                policy: policy_name,
                reason,
                link,
            },
            key("rejected"),
        ),
        Tell::FinanceApproved(amount) => queue(
            conn,
            ctx,
            to,
            &SubsidyFinanceApproved {
                name,
                policy: policy_name,
                amount: amount.to_string(),
                link,
            },
            key("finance_approved"),
        ),
        Tell::FinanceRejected(reason) => queue(
            conn,
            ctx,
            to,
            &SubsidyFinanceRejected {
                name,
                policy: policy_name,
                reason,
                link,
            },
            key("finance_rejected"),
        ),
        Tell::NoticeStarted(amount, ends) => queue(
            conn,
            ctx,
            to,
            &SubsidyNoticeStarted {
                name,
                policy: policy_name,
                amount: amount.to_string(),
                notice_ends: crate::time::local_minute(ends),
                link,
            },
            key("notice"),
        ),
        Tell::Awarded(amount) => queue(
            conn,
            ctx,
            to,
            &SubsidyAwarded {
                name,
                policy: policy_name,
                amount: amount.to_string(),
                link,
            },
            key("awarded"),
        ),
        Tell::ObjectionUpheld(reason) => queue(
            conn,
            ctx,
            to,
            &SubsidyObjectionUpheld {
                name,
                policy: policy_name,
                reason,
                link,
            },
            key("objection_upheld"),
        ),
    }
}
