//! The e-mails of the job-fair domain, queued inside the caller's transaction.

use crate::db::DbConn;
use crate::error::AppResult;
use crate::fairs::models::{FairRow, RegistrationRow};
use crate::notifications::{enqueue, Mail, Template};
use chrono::NaiveDateTime;
use serde_json::json;

/// Who a mail goes to.
pub struct Recipient<'a> {
    /// Address.
    pub email: &'a str,
    /// `zh-CN` or `en`.
    pub locale: &'a str,
    /// Name to greet.
    pub name: &'a str,
}

/// A fair's start in Asia/Shanghai, as people read it.
pub fn local_time(t: NaiveDateTime) -> String {
    (t + chrono::Duration::hours(8)).format("%Y-%m-%d %H:%M").to_string()
}

fn send(
    conn: &mut DbConn,
    to: &Recipient<'_>,
    template: Template,
    params: serde_json::Value,
    key: String,
    now: NaiveDateTime,
) -> AppResult<bool> {
    enqueue(
        conn,
        &Mail {
            to: to.email.into(),
            template,
            locale: to.locale.into(),
            params,
            dedupe_key: key,
        },
        now,
    )
}

/// The ticket (on sign-up, or on promotion from the waiting list).
pub fn ticket(
    conn: &mut DbConn,
    to: &Recipient<'_>,
    fair: &FairRow,
    reg: &RegistrationRow,
    promoted: bool,
    public_url: &str,
    now: NaiveDateTime,
) -> AppResult<bool> {
    let template = if promoted {
        Template::FairPromoted
    } else {
        Template::FairTicket
    };
    let ticket = reg.ticket_code.clone().unwrap_or_default();
    let params = json!({"name": to.name, "fair": fair.title, "starts": local_time(fair.starts_at), "venue": fair.venue,
        "ticket": ticket, "link": format!("{public_url}/my/tickets")});
    send(
        conn,
        to,
        template,
        params,
        format!("{}:{}:{ticket}", template.name(), reg.id),
        now,
    )
}

/// The waiting-list notice.
pub fn waitlisted(
    conn: &mut DbConn,
    to: &Recipient<'_>,
    fair: &FairRow,
    reg: &RegistrationRow,
    position: i64,
    now: NaiveDateTime,
) -> AppResult<bool> {
    let params = json!({"name": to.name, "fair": fair.title, "position": position.to_string()});
    send(
        conn,
        to,
        Template::FairWaitlisted,
        params,
        format!(
            "fair_waitlisted:{}:{}",
            reg.id,
            reg.updated_at.and_utc().timestamp_micros()
        ),
        now,
    )
}

/// The cancellation of the whole fair.
pub fn cancelled(
    conn: &mut DbConn,
    to: &Recipient<'_>,
    fair: &FairRow,
    reg: &RegistrationRow,
    reason: &str,
    now: NaiveDateTime,
) -> AppResult<bool> {
    let params = json!({"name": to.name, "fair": fair.title, "reason": reason});
    send(
        conn,
        to,
        Template::FairCancelled,
        params,
        format!("fair_cancelled:{}", reg.id),
        now,
    )
}

/// The reminder the day before; at most once per person and fair.
pub fn reminder(
    conn: &mut DbConn,
    to: &Recipient<'_>,
    fair: &FairRow,
    reg: &RegistrationRow,
    public_url: &str,
    now: NaiveDateTime,
) -> AppResult<bool> {
    let params = json!({"name": to.name, "fair": fair.title, "starts": local_time(fair.starts_at), "venue": fair.venue,
        "ticket": reg.ticket_code.clone().unwrap_or_default(), "link": format!("{public_url}/my/tickets")});
    send(
        conn,
        to,
        Template::FairReminder,
        params,
        format!("fair_reminder:{}:{}", fair.id, reg.user_id),
        now,
    )
}

/// The decision on a booth request, to the employer who asked.
pub fn booth_decision(
    conn: &mut DbConn,
    to: &Recipient<'_>,
    fair: &FairRow,
    booth_id: &str,
    enterprise: &str,
    reason: Option<&str>,
    now: NaiveDateTime,
) -> AppResult<bool> {
    let template = if reason.is_some() {
        Template::BoothRejected
    } else {
        Template::BoothApproved
    };
    let params =
        json!({"name": to.name, "fair": fair.title, "enterprise": enterprise, "reason": reason.unwrap_or_default()});
    send(
        conn,
        to,
        template,
        params,
        format!("{}:{booth_id}:{}", template.name(), now.and_utc().timestamp_micros()),
        now,
    )
}
