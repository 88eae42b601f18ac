//! The e-mails of the job-fair domain, queued inside the caller's transaction.

use crate::db::DbConn;
use crate::error::AppResult;
use crate::fairs::models::{FairRow, RegistrationRow};
use crate::notifications::{mails, Mail, MailParams, Template};
use crate::operation::Ctx;

/// Who a mail goes to.
pub struct Recipient<'a> {
    /// Address.
    pub email: &'a str,
    /// `zh-CN` or `en`.
    pub locale: &'a str,
    /// Name to greet.
    pub name: &'a str,
}

fn send<P: MailParams>(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    to: &Recipient<'_>,
    params: &P,
    key: String,
) -> AppResult<bool> {
    ctx.mail(conn, &Mail::new(to.email, to.locale, params, key))
}

/// The ticket (on sign-up, or on promotion from the waiting list).
pub fn ticket(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    to: &Recipient<'_>,
    fair: &FairRow,
    reg: &RegistrationRow,
    promoted: bool,
) -> AppResult<bool> {
    let template = if promoted {
        Template::FairPromoted
    } else {
        Template::FairTicket
    };
    let ticket = reg.ticket_code.clone().unwrap_or_default();
    let key = format!("{}:{}:{ticket}", template.name(), reg.id);
    let params = mails::FairTicket {
        name: to.name.into(),
        fair: fair.title.clone(),
        starts: crate::time::local_minute(fair.starts_at),
        venue: fair.venue.clone(),
        ticket,
        link: ctx.link("/my/tickets"),
    };
    if promoted {
        send(conn, ctx, to, &mails::FairPromoted(params), key)
    } else {
        send(conn, ctx, to, &params, key)
    }
}

/// The waiting-list notice.
pub fn waitlisted(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    to: &Recipient<'_>,
    fair: &FairRow,
    reg: &RegistrationRow,
    position: i64,
) -> AppResult<bool> {
    let params = mails::FairWaitlisted {
        name: to.name.into(),
        fair: fair.title.clone(),
        position,
    };
    send(
        conn,
        ctx,
        to,
        &params,
        format!(
            "fair_waitlisted:{}:{}",
            reg.id,
            reg.updated_at.and_utc().timestamp_micros()
        ),
    )
}

/// The cancellation of the whole fair.
pub fn cancelled(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    to: &Recipient<'_>,
    fair: &FairRow,
    reg: &RegistrationRow,
    reason: &str,
) -> AppResult<bool> {
    let params = mails::FairCancelled {
        name: to.name.into(),
        fair: fair.title.clone(),
        reason: reason.into(),
    };
    send(conn, ctx, to, &params, format!("fair_cancelled:{}", reg.id))
}

/// The reminder the day before; at most once per person and fair.
pub fn reminder(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    to: &Recipient<'_>,
    fair: &FairRow,
    reg: &RegistrationRow,
) -> AppResult<bool> {
    let params = mails::FairReminder {
        name: to.name.into(),
        fair: fair.title.clone(),
        starts: crate::time::local_minute(fair.starts_at),
        venue: fair.venue.clone(),
        ticket: reg.ticket_code.clone().unwrap_or_default(),
        link: ctx.link("/my/tickets"),
    };
    send(
        conn,
        ctx,
        to,
        &params,
        format!("fair_reminder:{}:{}", fair.id, reg.user_id),
    )
}

/// The decision on a booth request, to the employer who asked.
pub fn booth_decision(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    to: &Recipient<'_>,
    fair: &FairRow,
    booth_id: &str,
    enterprise: &str,
    reason: Option<&str>,
) -> AppResult<bool> {
    let template = if reason.is_some() {
        Template::BoothRejected
    } else {
        Template::BoothApproved
    };
    let key = format!(
        "{}:{booth_id}:{}",
        template.name(),
        ctx.now.and_utc().timestamp_micros()
    );
    let (name, fair, enterprise) = (to.name.to_string(), fair.title.clone(), enterprise.to_string());
    match reason {
        Some(reason) => send(
            conn,
            ctx,
            to,
            &mails::BoothRejected {
                name,
                fair,
                enterprise,
                reason: reason.into(),
            },
            key,
        ),
        None => send(conn, ctx, to, &mails::BoothApproved { name, fair, enterprise }, key),
    }
}
