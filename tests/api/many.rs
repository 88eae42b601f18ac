//! Three `juxian serve` processes on one PostgreSQL database, started at the same moment on a
//! database nobody migrated yet (the migrations run under the advisory lock), each with its own
//! mail worker, behind no proxy: the test talks to all three. A sign-up storm spread over them
//! gives exact counts, and every verification mail arrives exactly once.

use crate::helpers::{free_port, fresh_postgres, PASSWORD};
use crate::smtp::MailCatcher;
use diesel::prelude::*;
use juxian::db::schema::{outbox, users};
use serde_json::json;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    address: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(database: &str, smtp: u16, data: &std::path::Path) -> Server {
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_juxian"))
        .arg("serve")
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env(
            "PGSSLMODE",
            std::env::var("PGSSLMODE").unwrap_or_else(|_| "disable".into()),
        )
        .env("DATABASE_URL", database)
        .env("JUXIAN_ADDR", format!("127.0.0.1:{port}"))
        .env("JUXIAN_DATA_DIR", data)
        .env("JUXIAN_PUBLIC_URL", "http://portal.test")
        .env("JUXIAN_SECRET_KEY", "many-processes-secret-0123456789abcdef-0123456789")
        .env("JUXIAN_DATA_KEY", "ab".repeat(32))
        .env("JUXIAN_SMTP_URL", format!("smtp://127.0.0.1:{smtp}"))
        .env("JUXIAN_MAIL_POLL_MS", "100")
        .env("JUXIAN_AUTH_RATE_PER_MIN", "100000")
        .env("JUXIAN_DB_POOL_SIZE", "4")
        .env("JUXIAN_FRONTEND_DIR", data.join("no-frontend"))
        .env("RUST_LOG", "error")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start juxian serve");
    Server {
        child,
        address: format!("http://127.0.0.1:{port}"),
    }
}

async fn wait_ready(client: &reqwest::Client, server: &Server) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Ok(res) = client.get(format!("{}/readyz", server.address)).send().await {
            if res.status().is_success() {
                return;
            }
        }
        assert!(Instant::now() < deadline, "{} not ready within 60 s", server.address);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_processes_started_together_sign_up_a_storm_and_mail_each_once() {
    let Some(base) = std::env::var("TEST_DATABASE_URL").ok().filter(|v| !v.is_empty()) else {
        eprintln!("skipped: set TEST_DATABASE_URL to run the three-process test");
        return;
    };
    let database = fresh_postgres(&base);
    let mail = MailCatcher::start().await;
    let dirs: Vec<tempfile::TempDir> = (0..3).map(|_| tempfile::tempdir().unwrap()).collect();
    // All three at once, on a database without a single table yet.
    let servers: Vec<Server> = dirs.iter().map(|d| start(&database, mail.port, d.path())).collect();
    let client = reqwest::Client::builder()
        .pool_idle_timeout(Duration::from_secs(2))
        .build()
        .unwrap();
    for server in &servers {
        wait_ready(&client, server).await;
    }

    let emails: Vec<String> = (0..60).map(|i| format!("storm{i}@example.com")).collect();
    let mut tasks = Vec::new();
    for (i, email) in emails.iter().enumerate() {
        let (client, address, email) = (client.clone(), servers[i % 3].address.clone(), email.clone());
        tasks.push(tokio::spawn(async move {
            client
                .post(format!("{address}/api/v1/auth/register"))
                .json(&json!({"email": email, "password": PASSWORD, "display_name": "张三", "role": "applicant", "privacy_notice_version": juxian::privacy::notice::version()}))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }));
    }
    for task in tasks {
        assert_eq!(task.await.unwrap(), 201);
    }
    for email in &emails {
        mail.wait_for(email, 1).await;
    }
    // Three workers keep polling: still one mail each.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    for email in &emails {
        assert_eq!(mail.to(email).len(), 1, "{email} mailed once");
    }
    assert_eq!(mail.all().len(), emails.len());
    let mut conn = diesel::PgConnection::establish(&database).unwrap();
    let accounts: i64 = users::table.count().get_result(&mut conn).unwrap();
    let sent: i64 = outbox::table
        .filter(outbox::status.eq("sent"))
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!((accounts, sent), (60, 60));
    // One state behind all three: verified on one process, signed in on another, read on the third.
    let token = mail.to(&emails[1])[0].token("/verify-email?token=").expect("link");
    let res = client
        .post(format!("{}/api/v1/auth/verify-email", servers[2].address))
        .json(&json!({ "token": token }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let res = client
        .post(format!("{}/api/v1/auth/login", servers[0].address))
        .json(&json!({"email": emails[1], "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let access: serde_json::Value = res.json().await.unwrap();
    let res = client
        .get(format!("{}/api/v1/me", servers[1].address))
        .bearer_auth(access["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
}

/// Finance on three API processes at once (the test app and two siblings on its database): 30
/// concurrent batch builds over the same awards, 30 concurrent approvals of each batch and 30
/// concurrent mark-paid of each payout, spread over the three. Every payout lands in one batch,
/// each batch is approved once, each payout is paid once, and the budget counts each once.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn finance_on_three_processes_never_pays_twice() {
    use crate::helpers::spawn_app;
    use crate::payouts::{awarded, payouts};
    let app = spawn_app().await;
    let (_admin, _hr, a, b, policy) = awarded(&app, 4, 1000).await;
    let bases = [
        app.address.clone(),
        app.spawn_sibling().await,
        app.spawn_sibling().await,
    ];
    let storm = |path: String, token: String, body: serde_json::Value| {
        let (client, bases) = (app.client.clone(), bases.clone());
        async move {
            let mut tasks = Vec::new();
            for i in 0..30 {
                let (client, url, token, body) = (
                    client.clone(),
                    format!("{}{path}", bases[i % 3]),
                    token.clone(),
                    body.clone(),
                );
                tasks.push(tokio::spawn(async move {
                    client
                        .post(url)
                        .bearer_auth(token)
                        .json(&body)
                        .send()
                        .await
                        .unwrap()
                        .status()
                        .as_u16()
                }));
            }
            let mut codes = Vec::new();
            for t in tasks {
                codes.push(t.await.unwrap());
            }
            codes
        }
    };
    let codes = storm("/api/v1/payout-batches".into(), a.clone(), json!({"policy_id": policy})).await;
    assert!(codes.iter().all(|c| *c == 201 || *c == 409), "{codes:?}");
    let ledger = payouts(&app, &a, "status=in_batch&per_page=100").await;
    assert_eq!(ledger["total"], 4, "every payout in a batch");
    for p in ledger["items"].as_array().unwrap() {
        let open = p["attempts"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| t["status"] == "in_batch")
            .count();
        assert_eq!(open, 1, "in exactly one batch");
    }
    let batches: serde_json::Value = app
        .get_auth("/api/v1/payout-batches?status=draft&per_page=100", &a)
        .await
        .json()
        .await
        .unwrap();
    for batch in batches["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|bt| bt["count"].as_i64() > Some(0))
    {
        let id = batch["id"].as_str().unwrap();
        // Built by finance A, so finance B approves (four eyes).
        let codes = storm(format!("/api/v1/payout-batches/{id}/approve"), b.clone(), json!({})).await;
        assert_eq!(
            codes.iter().filter(|c| **c == 200).count(),
            1,
            "approved once: {codes:?}"
        );
        assert!(codes.iter().all(|c| *c == 200 || *c == 409), "{codes:?}");
        let res = app
            .get_auth(&format!("/api/v1/payout-batches/{id}/bank-file"), &b)
            .await;
        assert_eq!(res.status(), 200);
    }
    let exported = payouts(&app, &a, "status=exported&per_page=100").await;
    assert_eq!(exported["total"], 4);
    for p in exported["items"].as_array().unwrap() {
        let id = p["id"].as_str().unwrap();
        let codes = storm(
            format!("/api/v1/payouts/{id}/mark-paid"),
            a.clone(),
            json!({"bank_reference": "B1"}),
        )
        .await;
        assert_eq!(codes.iter().filter(|c| **c == 200).count(), 1, "paid once: {codes:?}");
        assert!(codes.iter().all(|c| *c == 200 || *c == 409), "{codes:?}");
    }
    let paid = payouts(&app, &a, "status=paid&per_page=100").await;
    assert_eq!(paid["total"], 4);
    let budget = crate::subsidies::budget(&app, &a, &policy).await;
    assert_eq!(
        budget["paid_fen"], 400_000,
        "four payouts of 1000 yuan, each counted once"
    );
}
