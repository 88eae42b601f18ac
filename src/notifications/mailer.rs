//! Delivery: SMTP through lettre, or `.eml` files in the data dir when no SMTP server is set.

use crate::config::Config;
use crate::notifications::templates::Rendered;
use lettre::message::{header::ContentType, Mailbox, MultiPart, SinglePart};
use lettre::{Message, SmtpTransport, Transport};
use std::path::PathBuf;
use std::time::Duration;

/// Where mail goes.
#[derive(Clone)]
pub enum Mailer {
    /// A real SMTP server.
    Smtp(SmtpTransport),
    /// Files under this folder (the embedded default).
    Files(PathBuf),
}

impl Mailer {
    /// Build the mailer the configuration asks for.
    pub fn from_config(config: &Config) -> anyhow::Result<Self> {
        match &config.smtp_url {
            Some(url) => {
                let url = std::str::from_utf8(url.expose())?;
                let transport = SmtpTransport::from_url(url)
                    .map_err(|e| anyhow::anyhow!("JUXIAN_SMTP_URL is not a valid SMTP URL: {e}"))?
                    .timeout(Some(Duration::from_secs(15)))
                    .build();
                Ok(Mailer::Smtp(transport))
            }
            None => {
                let dir = config.outbox_dir();
                crate::private_fs::dir(&dir)?;
                Ok(Mailer::Files(dir))
            }
        }
    }

    /// Build and deliver one message. Blocking: call from the blocking pool.
    pub fn send(&self, id: &str, from: &str, to: &str, mail: &Rendered) -> Result<(), String> {
        let from: Mailbox = from.parse().map_err(|e| format!("bad sender: {e}"))?;
        let to: Mailbox = to.parse().map_err(|e| format!("bad recipient: {e}"))?;
        // Header values come from our templates, but strip line breaks anyway: no header injection.
        let subject = mail.subject.replace(['\r', '\n'], " ");
        let message = Message::builder()
            .from(from)
            .to(to)
            .subject(subject)
            .message_id(Some(format!("<{id}@juxian>")))
            .multipart(
                MultiPart::alternative()
                    .singlepart(
                        SinglePart::builder()
                            .header(ContentType::TEXT_PLAIN)
                            .body(mail.text.clone()),
                    )
                    .singlepart(
                        SinglePart::builder()
                            .header(ContentType::TEXT_HTML)
                            .body(mail.html.clone()),
                    ),
            )
            .map_err(|e| format!("cannot build message: {e}"))?;
        match self {
            Mailer::Smtp(transport) => transport.send(&message).map(|_| ()).map_err(|e| e.to_string()),
            Mailer::Files(dir) => {
                let tmp = dir.join(format!(".{id}.eml.tmp"));
                let path = dir.join(format!("{id}.eml"));
                crate::private_fs::write(&tmp, &message.formatted()).map_err(|e| e.to_string())?;
                std::fs::rename(&tmp, &path).map_err(|e| e.to_string())
            }
        }
    }
}
