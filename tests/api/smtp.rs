//! A real SMTP server inside the test process: it speaks enough SMTP for lettre and keeps every
//! message it receives; a slow one takes its time before accepting each message.

use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// One message as received over SMTP.
#[derive(Debug, Clone)]
pub struct Received {
    pub rcpt: Vec<String>,
    pub raw: String,
}

impl Received {
    /// Subject, decoded.
    pub fn subject(&self) -> String {
        mail_parser::MessageParser::default()
            .parse(self.raw.as_bytes())
            .and_then(|m| m.subject().map(str::to_string))
            .unwrap_or_default()
    }

    /// Plain-text body, decoded.
    pub fn text(&self) -> String {
        mail_parser::MessageParser::default()
            .parse(self.raw.as_bytes())
            .and_then(|m| m.body_text(0).map(|t| t.to_string()))
            .unwrap_or_default()
    }

    /// HTML body, decoded.
    pub fn html(&self) -> String {
        mail_parser::MessageParser::default()
            .parse(self.raw.as_bytes())
            .and_then(|m| m.body_html(0).map(|t| t.to_string()))
            .unwrap_or_default()
    }

    /// The first link in the body that contains `marker`, e.g. `/verify-email?token=`.
    pub fn link(&self, marker: &str) -> Option<String> {
        let text = self.text();
        text.split_whitespace().find(|w| w.contains(marker)).map(str::to_string)
    }

    /// The token query value of the first link containing `marker`.
    pub fn token(&self, marker: &str) -> Option<String> {
        self.link(marker)?.split("token=").nth(1).map(str::to_string)
    }
}

/// A running SMTP catcher.
#[derive(Clone)]
pub struct MailCatcher {
    pub port: u16,
    messages: Arc<Mutex<Vec<Received>>>,
}

impl MailCatcher {
    /// Start on a free port.
    pub async fn start() -> MailCatcher {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind smtp");
        let port = listener.local_addr().expect("addr").port();
        Self::serve(listener, port, Duration::ZERO)
    }

    /// Start on a free port; each message is accepted only `delay` after its data arrived.
    pub async fn start_slow(delay: Duration) -> MailCatcher {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind smtp");
        let port = listener.local_addr().expect("addr").port();
        Self::serve(listener, port, delay)
    }

    /// Start on a given port (used to bring a "down" server back up).
    pub async fn start_on(port: u16) -> MailCatcher {
        let listener = TcpListener::bind(("127.0.0.1", port)).await.expect("bind smtp on port");
        Self::serve(listener, port, Duration::ZERO)
    }

    fn serve(listener: TcpListener, port: u16, delay: Duration) -> MailCatcher {
        let messages = Arc::new(Mutex::new(Vec::new()));
        let store = messages.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let store = store.clone();
                tokio::spawn(async move {
                    let _ = session(stream, store, delay).await;
                });
            }
        });
        MailCatcher { port, messages }
    }

    /// Everything received so far.
    pub fn all(&self) -> Vec<Received> {
        self.messages.lock().expect("lock").clone()
    }

    /// Messages addressed to `rcpt`.
    pub fn to(&self, rcpt: &str) -> Vec<Received> {
        self.all()
            .into_iter()
            .filter(|m| m.rcpt.iter().any(|r| r.eq_ignore_ascii_case(rcpt)))
            .collect()
    }

    /// Wait until at least `n` messages to `rcpt` arrived (10 s at most) and return them.
    pub async fn wait_for(&self, rcpt: &str, n: usize) -> Vec<Received> {
        for _ in 0..200 {
            let got = self.to(rcpt);
            if got.len() >= n {
                return got;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("expected {n} mail(s) to {rcpt}, got {}", self.to(rcpt).len());
    }
}

async fn session(
    stream: tokio::net::TcpStream,
    store: Arc<Mutex<Vec<Received>>>,
    delay: Duration,
) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    write.write_all(b"220 juxian-test ESMTP\r\n").await?;
    let mut rcpt = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let upper = line.to_ascii_uppercase();
        if upper.starts_with("EHLO") || upper.starts_with("HELO") {
            write.write_all(b"250-juxian-test\r\n250 8BITMIME\r\n").await?;
        } else if upper.starts_with("MAIL FROM") {
            rcpt.clear();
            write.write_all(b"250 OK\r\n").await?;
        } else if upper.starts_with("RCPT TO") {
            let addr = line
                .trim_end()
                .split_once(':')
                .map(|x| x.1)
                .unwrap_or("")
                .trim()
                .trim_matches(['<', '>'])
                .to_string();
            rcpt.push(addr);
            write.write_all(b"250 OK\r\n").await?;
        } else if upper.starts_with("DATA") {
            write.write_all(b"354 go ahead\r\n").await?;
            let mut raw = String::new();
            loop {
                line.clear();
                if lines.read_line(&mut line).await? == 0 {
                    return Ok(());
                }
                if line == ".\r\n" || line == ".\n" {
                    break;
                }
                let unstuffed = line.strip_prefix('.').unwrap_or(&line);
                raw.push_str(unstuffed);
            }
            tokio::time::sleep(delay).await;
            store.lock().expect("lock").push(Received {
                rcpt: rcpt.clone(),
                raw,
            });
            write.write_all(b"250 OK queued\r\n").await?;
        } else if upper.starts_with("QUIT") {
            write.write_all(b"221 bye\r\n").await?;
            return Ok(());
        } else if upper.starts_with("RSET") || upper.starts_with("NOOP") {
            write.write_all(b"250 OK\r\n").await?;
        } else {
            write.write_all(b"502 not implemented\r\n").await?;
        }
    }
}
