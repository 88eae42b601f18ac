//! A second server as a real `juxian serve` process over the test app's database, for what only a
//! process can show: being killed at any instant.

use crate::helpers::{free_port, TestApp};
use juxian::config::DatabaseTarget;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A `juxian serve` child process sharing the test app's database, keys and clock offset.
pub struct ServerProcess {
    child: Child,
    /// Base URL, e.g. `http://127.0.0.1:4123`.
    pub address: String,
    _dir: tempfile::TempDir,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl ServerProcess {
    /// Start the process and wait until it answers `/healthz`.
    pub async fn start(app: &TestApp) -> ServerProcess {
        let dir = tempfile::tempdir().expect("tempdir");
        let port = free_port();
        let database = match &app.config.database {
            DatabaseTarget::Sqlite(path) => format!("sqlite://{}", path.display()),
            DatabaseTarget::Postgres(url) => url.clone(),
        };
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_juxian"));
        cmd.arg("serve")
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("DATABASE_URL", database)
            .env("JUXIAN_ADDR", format!("127.0.0.1:{port}"))
            .env("JUXIAN_DATA_DIR", dir.path())
            .env("JUXIAN_PUBLIC_URL", &app.config.public_url)
            .env(
                "JUXIAN_SECRET_KEY",
                String::from_utf8(app.config.secret_key.expose().to_vec()).expect("the test key is text"),
            )
            .env("JUXIAN_DATA_KEY", hex(app.config.data_key.expose()))
            .env("JUXIAN_MAIL_WORKER", "false")
            .env("JUXIAN_FRONTEND_DIR", dir.path().join("no-frontend"))
            .env("RUST_LOG", "error")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit());
        let child = cmd.spawn().expect("start juxian serve");
        let server = ServerProcess {
            child,
            address: format!("http://127.0.0.1:{port}"),
            _dir: dir,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        let client = reqwest::Client::new();
        loop {
            if let Ok(res) = client.get(server.url("/healthz")).send().await {
                if res.status().is_success() {
                    return server;
                }
            }
            assert!(
                Instant::now() < deadline,
                "juxian serve did not answer /healthz within 30 s"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The URL of `path` on this process.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    /// SIGKILL: no shutdown hook, no rollback by the process itself.
    pub fn kill(&mut self) {
        self.child.kill().expect("kill juxian serve");
        self.child.wait().expect("reap juxian serve");
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
