//! The links the accounts domain e-mails: verify an address, reset a password, set a first password.

use crate::accounts::email_tokens::{self, Purpose};
use crate::accounts::models::UserRow;
use crate::accounts::rules;
use crate::auth::tokens::hash_token;
use crate::db::DbConn;
use crate::error::AppResult;
use crate::notifications::{mails, Mail, Template};
use crate::operation::Ctx;
use chrono::Duration;

/// Which link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    /// Confirm the e-mail address (24 hours).
    VerifyEmail,
    /// Choose a new password (1 hour).
    PasswordReset,
    /// A new staff member chooses a first password (72 hours).
    StaffInvite,
}

impl Link {
    fn purpose(self) -> Purpose {
        match self {
            Link::VerifyEmail => Purpose::VerifyEmail,
            Link::PasswordReset | Link::StaffInvite => Purpose::PasswordReset,
        }
    }

    fn ttl(self) -> Duration {
        match self {
            Link::VerifyEmail => rules::VERIFY_TTL,
            Link::PasswordReset => rules::RESET_TTL,
            Link::StaffInvite => rules::INVITE_TTL,
        }
    }

    fn template(self) -> Template {
        match self {
            Link::VerifyEmail => Template::VerifyEmail,
            Link::PasswordReset => Template::PasswordReset,
            Link::StaffInvite => Template::StaffInvite,
        }
    }

    /// The frontend page the link opens.
    fn page(self) -> &'static str {
        match self {
            Link::VerifyEmail => "verify-email",
            Link::PasswordReset | Link::StaffInvite => "reset-password",
        }
    }
}

/// Issue a fresh single-use token (older unused ones of the same purpose stop working) and queue
/// the mail carrying it, inside the caller's transaction.
pub fn send(conn: &mut DbConn, ctx: &mut Ctx, user: &UserRow, link: Link) -> AppResult<()> {
    // Past the hourly limit no mail goes out, so the link already mailed must keep working.
    if !ctx.may_mail(conn, &user.email, link.template())? {
        return Ok(());
    }
    email_tokens::revoke_unused(conn, &user.id, link.purpose(), ctx.now)?;
    let token = email_tokens::issue(conn, &user.id, link.purpose(), link.ttl(), ctx.now)?;
    let key = format!("{}:{}", link.template().name(), hash_token(&token));
    let (to, locale, name) = (user.email.clone(), user.locale.clone(), user.display_name.clone());
    let url = ctx.link(&format!("/{}?token={token}", link.page()));
    let mail = match link {
        Link::VerifyEmail => Mail::new(to, locale, &mails::VerifyEmail { link: url }, key),
        Link::PasswordReset => Mail::new(to, locale, &mails::PasswordReset { link: url }, key),
        Link::StaffInvite => Mail::new(
            to,
            locale,
            &mails::StaffInvite {
                name,
                role: user.role.clone(),
                link: url,
            },
            key,
        ),
    };
    ctx.mail(conn, &mail)?;
    Ok(())
}
