//! `spawn_app()`: the real application on port 0, on a fresh database (a temp SQLite file, or a
//! fresh PostgreSQL database when `TEST_DATABASE_URL` is set), with a real SMTP server.

use crate::smtp::MailCatcher;
use diesel::prelude::*;
use juxian::accounts::models::UserRow;
use juxian::config::{Config, DatabaseTarget, Secret};
use juxian::db::schema::{audit_events, outbox, refresh_tokens, users};
use juxian::db::{new_id, now, Db};
use juxian::Application;
use reqwest::{Client, Response};
use serde_json::{json, Value};
use std::time::Duration;

pub const PASSWORD: &str = "Correct-Horse-42";

/// How the app sends mail in a test.
pub enum MailMode {
    /// A catcher started by the test.
    Catcher,
    /// A port where nothing listens (yet).
    Down(u16),
}

/// Knobs for one test app.
pub struct Options {
    pub mail: MailMode,
    pub rate_per_min: u32,
    pub max_attempts: i32,
    pub quota_bytes: i64,
    pub quota_files: i64,
    /// Reverse proxies trusted to append to `X-Forwarded-For` (tests set the header themselves).
    pub trust_proxy_hops: usize,
    /// Last changes to the configuration before the app is built (production mode, tokens).
    pub tweak: fn(&mut Config),
}

impl Default for Options {
    fn default() -> Self {
        Options {
            mail: MailMode::Catcher,
            rate_per_min: 10_000,
            max_attempts: 8,
            quota_bytes: 50 * 1024 * 1024,
            quota_files: 20,
            trust_proxy_hops: 0,
            tweak: |_| {},
        }
    }
}

pub struct TestApp {
    pub address: String,
    pub db: Db,
    pub client: Client,
    pub mail: Option<MailCatcher>,
    pub config: Config,
    /// The application's clock: move it forward to let deadlines and notice periods pass.
    pub clock: juxian::time::Clock,
    _dir: tempfile::TempDir,
}

/// An active, verified account row for setting up tests directly in the database.
pub fn active_user(
    id: String,
    email: String,
    display_name: String,
    role: &str,
    password_hash: String,
    t: chrono::NaiveDateTime,
) -> UserRow {
    UserRow {
        id,
        email,
        display_name,
        password_hash,
        role: role.into(),
        status: "active".into(),
        locale: "zh-CN".into(),
        failed_logins: 0,
        locked_until: None,
        token_version: 0,
        email_verified_at: Some(t),
        last_login_at: None,
        created_at: t,
        updated_at: t,
    }
}

/// A free TCP port on loopback.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

pub fn fresh_postgres(base: &str) -> String {
    let name = format!("jx_test_{}", uuid::Uuid::new_v4().simple());
    let mut admin = diesel::PgConnection::establish(base).expect("connect to TEST_DATABASE_URL");
    // The name is generated here, never from input.
    diesel::sql_query(format!("CREATE DATABASE \"{name}\""))
        .execute(&mut admin)
        .expect("create test database");
    let (prefix, _) = base.rsplit_once('/').expect("TEST_DATABASE_URL has a database name");
    format!("{prefix}/{name}")
}

fn rand_key() -> Vec<u8> {
    uuid::Uuid::new_v4()
        .as_bytes()
        .iter()
        .chain(uuid::Uuid::new_v4().as_bytes())
        .copied()
        .collect()
}

pub async fn spawn_app() -> TestApp {
    spawn_with(Options::default()).await
}

pub async fn spawn_with(options: Options) -> TestApp {
    let dir = tempfile::tempdir().expect("tempdir");
    let database = match std::env::var("TEST_DATABASE_URL").ok().filter(|v| !v.is_empty()) {
        Some(base) => DatabaseTarget::Postgres(fresh_postgres(&base)),
        None => DatabaseTarget::Sqlite(dir.path().join("test.db")),
    };
    let (mail, smtp_url) = match options.mail {
        MailMode::Catcher => {
            let catcher = MailCatcher::start().await;
            let url = format!("smtp://127.0.0.1:{}", catcher.port);
            (Some(catcher), url)
        }
        MailMode::Down(port) => (None, format!("smtp://127.0.0.1:{port}")),
    };
    let mut config = Config {
        addr: "127.0.0.1:0".into(),
        data_dir: dir.path().to_path_buf(),
        database,
        public_url: "http://portal.test".into(),
        smtp_url: Some(Secret::new(smtp_url.into_bytes())),
        mail_from: "Juxian <no-reply@juxian.test>".into(),
        secret_key: Secret::new(
            format!("test-secret-{}-0123456789abcdef0123456789", uuid::Uuid::new_v4()).into_bytes(),
        ),
        data_key: Secret::new(rand_key()),
        cors_origins: vec!["https://allowed.example".into()],
        production: false,
        frontend_dir: dir.path().join("no-frontend"),
        auth_rate_per_min: options.rate_per_min,
        trust_proxy_hops: options.trust_proxy_hops,
        db_pool_size: 8,
        mail_poll: Duration::from_millis(100),
        mail_retry_base: Duration::from_millis(200),
        mail_max_attempts: options.max_attempts,
        mail_worker: true,
        clock_offset_secs: 0,
        attachment_quota_bytes: options.quota_bytes,
        attachment_quota_files: options.quota_files,
        audit_ip_retention_days: 180,
        metrics_token: None,
        checkin_opens_minutes: 120,
    };
    (options.tweak)(&mut config);
    let app = Application::build(config.clone()).await.expect("build app");
    let port = app.port();
    let clock = app.clock();
    tokio::spawn(app.run_until_stopped());
    let db = Db::connect(&config.database, 4).expect("test pool");
    // Idle connections are dropped well before the server's 5-second keep-alive closes them, so a
    // request never goes out on a connection the server is closing at that moment (under load that
    // surfaced as a rare "connection closed before message completed").
    let client = Client::builder()
        .cookie_store(true)
        .pool_idle_timeout(Duration::from_secs(2))
        .build()
        .expect("client");
    TestApp {
        address: format!("http://127.0.0.1:{port}"),
        db,
        client,
        mail,
        config,
        clock,
        _dir: dir,
    }
}

impl TestApp {
    /// A second API process on the same database and keys (no mail worker), as a deployment
    /// with several processes behind one load balancer has; returns its base address.
    pub async fn spawn_sibling(&self) -> String {
        let config = Config {
            mail_worker: false,
            ..self.config.clone()
        };
        let app = Application::build(config).await.expect("build sibling app");
        let port = app.port();
        tokio::spawn(app.run_until_stopped());
        format!("http://127.0.0.1:{port}")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub fn mail(&self) -> &MailCatcher {
        self.mail.as_ref().expect("this app has a mail catcher")
    }

    pub async fn post(&self, path: &str, body: &Value) -> Response {
        self.client
            .post(self.url(path))
            .json(body)
            .send()
            .await
            .expect("request")
    }

    pub async fn post_auth(&self, path: &str, token: &str, body: &Value) -> Response {
        self.client
            .post(self.url(path))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .expect("request")
    }

    pub async fn get_auth(&self, path: &str, token: &str) -> Response {
        self.client
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("request")
    }

    pub async fn patch_auth(&self, path: &str, token: &str, body: &Value) -> Response {
        self.client
            .patch(self.url(path))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .expect("request")
    }

    pub async fn register(&self, email: &str, role: &str) -> Response {
        self.post(
            "/api/v1/auth/register",
            &json!({"email": email, "password": PASSWORD, "display_name": "张三", "role": role, "privacy_notice_version": juxian::privacy::notice::version()}),
        )
        .await
    }

    /// The token from the newest verification mail to `email`.
    pub async fn verification_token(&self, email: &str, nth: usize) -> String {
        let mails = self.mail().wait_for(email, nth).await;
        mails[nth - 1]
            .token("/verify-email?token=")
            .expect("verification link in mail")
    }

    /// Register, verify through the mailed link, and log in; returns the access token.
    pub async fn signup(&self, email: &str, role: &str) -> String {
        assert_eq!(self.register(email, role).await.status(), 201);
        let token = self.verification_token(email, 1).await;
        assert_eq!(
            self.post("/api/v1/auth/verify-email", &json!({"token": token}))
                .await
                .status(),
            200
        );
        self.login(email, PASSWORD).await
    }

    pub async fn login(&self, email: &str, password: &str) -> String {
        let res = self
            .post("/api/v1/auth/login", &json!({"email": email, "password": password}))
            .await;
        assert_eq!(res.status(), 200, "login of {email}");
        let body: Value = res.json().await.expect("json");
        body["access_token"].as_str().expect("access token").to_string()
    }

    /// An administrator created directly in the database (as `juxian create-admin` does); logged in.
    pub async fn admin(&self, email: &str) -> String {
        self.staff(email, "admin").await
    }

    /// An active staff account (`hr`, `finance`, `admin`) created directly in the database; logged in.
    pub async fn staff(&self, email: &str, role: &str) -> String {
        let hash = juxian::auth::password::hash_sync(PASSWORD).expect("hash");
        let email_owned = email.to_string();
        let role = role.to_string();
        self.db
            .run(move |conn| {
                let t = now();
                juxian::accounts::queries::insert(
                    conn,
                    &active_user(new_id(), email_owned, "工作人员".into(), &role, hash, t),
                )
            })
            .await
            .expect("insert staff account");
        self.login(email, PASSWORD).await
    }

    /// Row counts of the tables a refused request must not touch.
    pub async fn snapshot(&self) -> (i64, i64, i64, i64) {
        self.db
            .run(|conn| {
                Ok((
                    users::table.count().get_result(conn)?,
                    audit_events::table.count().get_result(conn)?,
                    outbox::table.count().get_result(conn)?,
                    refresh_tokens::table.count().get_result(conn)?,
                ))
            })
            .await
            .expect("counts")
    }

    pub async fn user(&self, email: &str) -> UserRow {
        let email = email.to_string();
        self.db
            .run(move |conn| juxian::accounts::queries::find_by_email(conn, &email))
            .await
            .expect("query")
            .expect("user exists")
    }
}

/// Assert a problem+json answer with this status and code; returns the body.
pub async fn assert_problem(res: Response, status: u16, code: &str) -> Value {
    let url = res.url().to_string();
    assert_eq!(res.status().as_u16(), status, "status of {url}");
    let ct = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert!(ct.starts_with("application/problem+json"), "content type {ct}");
    let body: Value = res.json().await.expect("problem json");
    assert_eq!(body["code"], code, "problem code in {body}");
    assert_eq!(body["status"], status);
    assert!(body["type"].is_string() && body["title"].is_string() && body["detail"].is_string());
    body
}
