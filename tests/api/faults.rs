//! Faults: the SMTP server down for a while under two mail workers, PostgreSQL connections
//! killed under load, the attachment folder not writable. Each loses nothing and doubles nothing,
//! and every request answers a problem, never a bare 500.

use crate::helpers::*;
use crate::smtp::MailCatcher;
use diesel::prelude::*;
use juxian::db::schema::{attachments, outbox, users};
use juxian::Application;
use reqwest::multipart::{Form, Part};
use serde_json::{json, Value};
use std::time::Duration;

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

async fn outbox_rows(app: &TestApp) -> Vec<(String, String)> {
    app.db
        .run(|conn| Ok(outbox::table.select((outbox::recipient, outbox::status)).load(conn)?))
        .await
        .unwrap()
}

/// Two app processes on one database, each with its mail worker, while the SMTP server is down;
/// it comes up, and each of several mails arrives exactly once.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn smtp_down_then_up_under_two_workers_delivers_every_mail_exactly_once() {
    let port = free_port();
    let app = spawn_with(Options {
        mail: MailMode::Down(port),
        ..Options::default()
    })
    .await;
    // The second process gets its own mail worker (spawn_sibling starts none).
    let second = Application::build(app.config.clone()).await.expect("second app");
    let second_address = format!("http://127.0.0.1:{}", second.port());
    tokio::spawn(second.run_until_stopped());
    let bases = [app.address.clone(), second_address];
    let emails: Vec<String> = (0..8).map(|i| format!("outage{i}@example.com")).collect();
    for (i, email) in emails.iter().enumerate() {
        let res = app
            .client
            .post(format!("{}/api/v1/auth/register", bases[i % 2]))
            .json(&json!({"email": email, "password": PASSWORD, "display_name": "张三", "role": "applicant", "privacy_notice_version": juxian::privacy::notice::version()}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201, "sign-ups commit while mail is down");
    }
    // Both workers fail a few rounds.
    tokio::time::sleep(Duration::from_millis(900)).await;
    let rows = outbox_rows(&app).await;
    assert_eq!(rows.len(), emails.len());
    assert!(rows.iter().all(|(_, s)| s == "pending" || s == "sending"), "{rows:?}");

    let catcher = MailCatcher::start_on(port).await;
    for email in &emails {
        catcher.wait_for(email, 1).await;
    }
    // More rounds of both workers: still one each.
    tokio::time::sleep(Duration::from_millis(2000)).await;
    for email in &emails {
        assert_eq!(catcher.to(email).len(), 1, "{email} delivered once");
    }
    assert_eq!(catcher.all().len(), emails.len());
    let rows = outbox_rows(&app).await;
    assert!(rows.iter().all(|(_, s)| s == "sent"), "{rows:?}");
}

/// PostgreSQL only: every connection of the test database is killed (`pg_terminate_backend`)
/// several times while readers and writers keep going. A request in flight answers a 503 problem
/// (never a 500), the pool recovers without a restart, and no sign-up is half written.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn killed_database_connections_answer_503_and_the_pool_recovers() {
    let Some(base) = std::env::var("TEST_DATABASE_URL").ok().filter(|v| !v.is_empty()) else {
        eprintln!("skipped: set TEST_DATABASE_URL to run the PostgreSQL fault test");
        return;
    };
    let app = spawn_app().await;
    let juxian::config::DatabaseTarget::Postgres(url) = &app.config.database else {
        panic!("TEST_DATABASE_URL set but the app is not on PostgreSQL");
    };
    let db_name = url.rsplit('/').next().unwrap().to_string();
    let token = app.admin("reader@example.com").await;
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));

    let killer = {
        let (stop, db_name) = (stop.clone(), db_name.clone());
        tokio::task::spawn_blocking(move || {
            let mut admin = diesel::PgConnection::establish(&base).expect("admin connection");
            let mut killed = 0usize;
            for _ in 0..6 {
                std::thread::sleep(Duration::from_millis(300));
                #[derive(QueryableByName)]
                struct Killed {
                    #[diesel(sql_type = diesel::sql_types::Bool)]
                    pg_terminate_backend: bool,
                }
                let rows: Vec<Killed> = diesel::sql_query(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
                )
                .bind::<diesel::sql_types::Text, _>(&db_name)
                .load(&mut admin)
                .expect("terminate");
                killed += rows.iter().filter(|r| r.pg_terminate_backend).count();
            }
            stop.store(true, std::sync::atomic::Ordering::SeqCst);
            killed
        })
    };

    let mut load = Vec::new();
    for worker in 0..12 {
        let (client, address, token, stop) = (app.client.clone(), app.address.clone(), token.clone(), stop.clone());
        load.push(tokio::spawn(async move {
            let mut seen: Vec<(u16, Option<String>, bool)> = Vec::new();
            let mut i = 0;
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                i += 1;
                let res = if worker % 3 == 0 {
                    client
                        .post(format!("{address}/api/v1/auth/register"))
                        .json(
                            &json!({"email": format!("w{worker}-{i}@example.com"), "password": PASSWORD,
                            "display_name": "张三", "role": "applicant", "privacy_notice_version": juxian::privacy::notice::version()}),
                        )
                        .send()
                        .await
                } else {
                    client
                        .get(format!("{address}/api/v1/users?per_page=5"))
                        .bearer_auth(&token)
                        .send()
                        .await
                };
                let res = res.expect("the server answers");
                let status = res.status().as_u16();
                let problem = res
                    .headers()
                    .get("content-type")
                    .is_some_and(|v| v.to_str().unwrap_or("").starts_with("application/problem+json"));
                let code = if status >= 400 {
                    res.json::<Value>()
                        .await
                        .ok()
                        .and_then(|b| b["code"].as_str().map(str::to_string))
                } else {
                    None
                };
                seen.push((status, code, problem));
            }
            seen
        }));
    }
    let mut seen = Vec::new();
    for task in load {
        seen.extend(task.await.unwrap());
    }
    let killed = killer.await.unwrap();
    assert!(killed > 0, "the test killed connections");
    let unavailable = seen.iter().filter(|(s, _, _)| *s == 503).count();
    for (status, code, problem) in &seen {
        assert!(
            [200, 201, 503].contains(status),
            "only success or 503 under connection kills, got {status} {code:?}"
        );
        if *status == 503 {
            assert!(*problem && code.as_deref() == Some("service_unavailable"), "{code:?}");
        }
    }
    eprintln!(
        "{} requests, {unavailable} answered 503, {killed} connections killed",
        seen.len()
    );

    // Recovered without a restart: every request succeeds again.
    for _ in 0..20 {
        let res = app.get_auth("/api/v1/users?per_page=5", &token).await;
        assert_eq!(res.status(), 200);
    }
    assert_eq!(app.register("after@example.com", "applicant").await.status(), 201);
    // Nothing half written: every account has its verification mail, the audit chain holds.
    let key = juxian::audit::AuditKey::new(&app.config.secret_key);
    let (accounts, mails, verified) = app
        .db
        .run(move |conn| {
            let accounts: i64 = users::table
                .filter(users::role.eq("applicant"))
                .count()
                .get_result(conn)?;
            let mails: i64 = outbox::table.count().get_result(conn)?;
            Ok((accounts, mails, juxian::audit::verify(conn, &key)?))
        })
        .await
        .unwrap();
    assert_eq!(accounts, mails, "one verification mail per account, none without");
    assert!(
        matches!(verified, juxian::audit::queries::Verification::Intact(_)),
        "{verified:?}"
    );
}

fn upload_form(name: &str, bytes: &[u8]) -> Form {
    Form::new()
        .part("file", Part::bytes(bytes.to_vec()).file_name(name.to_string()))
        .text("kind", "resume")
}

async fn attachment_rows(app: &TestApp) -> Vec<(String, String)> {
    app.db
        .run(|conn| {
            Ok(attachments::table
                .select((attachments::id, attachments::sha256))
                .load(conn)?)
        })
        .await
        .unwrap()
}

/// The attachment folder cannot be written (here: a plain file stands where the folder should be,
/// which even root cannot write into; a full disk fails the same way): 507 storage_unavailable,
/// no row, no audit event, and uploads work again once the folder is back.
#[tokio::test]
async fn an_unwritable_attachment_folder_answers_507_and_records_nothing() {
    let app = spawn_app().await;
    let token = app.signup("disk@example.com", "applicant").await;
    let files = app.config.data_dir.join("files");
    std::fs::write(&files, b"not a folder").unwrap();
    let before = app.snapshot().await;
    let res = app
        .client
        .post(app.url("/api/v1/me/attachments"))
        .bearer_auth(&token)
        .multipart(upload_form("a.pdf", PDF))
        .send()
        .await
        .unwrap();
    let problem = assert_problem(res, 507, "storage_unavailable").await;
    assert!(
        !problem["detail"].as_str().unwrap().contains("files"),
        "no path in the answer"
    );
    assert_eq!(app.snapshot().await, before, "no audit event, nothing else");
    assert!(attachment_rows(&app).await.is_empty(), "no orphan row");

    std::fs::remove_file(&files).unwrap();
    let res = app
        .client
        .post(app.url("/api/v1/me/attachments"))
        .bearer_auth(&token)
        .multipart(upload_form("a.pdf", PDF))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201, "works again once the folder is back");
    let created: Value = res.json().await.unwrap();
    let rows = attachment_rows(&app).await;

    // A replacement while the folder is gone: 507, and the attachment still points at its bytes.
    let away = app.config.data_dir.join("files-away");
    std::fs::rename(&files, &away).unwrap();
    std::fs::write(&files, b"not a folder").unwrap();
    let before = app.snapshot().await;
    let path = format!("/api/v1/attachments/{}", created["id"].as_str().unwrap());
    let res = app
        .client
        .put(app.url(&path))
        .bearer_auth(&token)
        .multipart(Form::new().part("file", Part::bytes(PDF.to_vec()).file_name("b.pdf")))
        .send()
        .await
        .unwrap();
    assert_problem(res, 507, "storage_unavailable").await;
    assert_eq!(app.snapshot().await, before);
    assert_eq!(attachment_rows(&app).await, rows, "the row is unchanged");
    std::fs::remove_file(&files).unwrap();
    std::fs::rename(&away, &files).unwrap();
    let res = app.get_auth(&path, &token).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.bytes().await.unwrap().as_ref(), PDF);
}
