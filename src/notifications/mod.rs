//! E-mail: the outbox written in the same transaction as the change, the templates, the mailer and
//! the background worker that delivers with retries.

pub mod mailer;
pub mod mails;
pub mod ops;
pub mod outbox;
pub mod retention;
pub mod routes;
pub mod templates;
pub mod worker;

pub use mails::MailParams;
pub use outbox::{enqueue, Mail};
pub use templates::Template;
