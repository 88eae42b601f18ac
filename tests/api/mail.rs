//! The outbox: mail survives an SMTP outage and is delivered exactly once; dead letters; no
//! header injection.

use crate::helpers::*;
use crate::smtp::MailCatcher;
use diesel::prelude::*;
use juxian::db::schema::outbox;
use serde_json::{json, Value};
use std::time::Duration;

async fn outbox_statuses(app: &TestApp) -> Vec<(String, i32)> {
    app.db
        .run(|conn| Ok(outbox::table.select((outbox::status, outbox::attempts)).load(conn)?))
        .await
        .unwrap()
}

#[tokio::test]
async fn smtp_down_then_up_delivers_exactly_once() {
    let port = free_port();
    let app = spawn_with(Options {
        mail: MailMode::Down(port),
        ..Options::default()
    })
    .await;
    assert_eq!(
        app.register("patient@example.com", "applicant").await.status(),
        201,
        "the change commits while mail is down"
    );
    // Let several attempts fail.
    tokio::time::sleep(Duration::from_millis(800)).await;
    let rows = outbox_statuses(&app).await;
    assert_eq!(rows.len(), 1);
    assert!(rows[0].0 == "pending" || rows[0].0 == "sending", "{rows:?}");
    assert!(rows[0].1 >= 1, "attempted at least once: {rows:?}");

    let catcher = MailCatcher::start_on(port).await;
    let mails = catcher.wait_for("patient@example.com", 1).await;
    assert!(mails[0].token("/verify-email?token=").is_some());
    // Wait through more worker rounds: still exactly one.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(catcher.to("patient@example.com").len(), 1);
    assert_eq!(outbox_statuses(&app).await[0].0, "sent");
}

#[tokio::test]
async fn dead_letters_are_shown_to_admins_and_can_be_retried() {
    let port = free_port();
    let app = spawn_with(Options {
        mail: MailMode::Down(port),
        max_attempts: 2,
        ..Options::default()
    })
    .await;
    // The admin is created directly; its own mail-free path avoids depending on SMTP.
    let admin = app.admin("admin@example.com").await;
    assert_eq!(app.register("lost@example.com", "applicant").await.status(), 201);
    let mut dead = Value::Null;
    for _ in 0..100 {
        dead = app
            .get_auth("/api/v1/admin/outbox?status=dead", &admin)
            .await
            .json()
            .await
            .unwrap();
        if dead["total"] == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(dead["total"], 1, "{dead}");
    let item = &dead["items"][0];
    assert_eq!(item["attempts"], 2);
    assert!(item["last_error"].is_string());
    assert!(item.get("params_json").is_none(), "links with tokens are not shown");
    let id = item["id"].as_str().unwrap().to_string();

    let catcher = MailCatcher::start_on(port).await;
    let res = app
        .post_auth(&format!("/api/v1/admin/outbox/{id}/retry"), &admin, &json!({}))
        .await;
    assert_eq!(res.status(), 200);
    catcher.wait_for("lost@example.com", 1).await;
    assert_problem(
        app.post_auth(&format!("/api/v1/admin/outbox/{id}/retry"), &admin, &json!({}))
            .await,
        409,
        "conflict",
    )
    .await;
    assert_problem(
        app.post_auth("/api/v1/admin/outbox/nope/retry", &admin, &json!({}))
            .await,
        404,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn header_injection_is_impossible() {
    let app = spawn_app().await;
    let before = app.snapshot().await;
    let res = app
        .post("/api/v1/auth/register", &json!({"email": "inject@example.com", "password": PASSWORD, "display_name": "张三\r\nBcc: evil@example.com", "role": "applicant"}))
        .await;
    assert_problem(res, 400, "validation_failed").await;
    let res = app
        .post("/api/v1/auth/register", &json!({"email": "inject@example.com\r\nBcc: evil@example.com", "password": PASSWORD, "display_name": "张三", "role": "applicant"}))
        .await;
    assert_problem(res, 400, "validation_failed").await;
    assert_eq!(app.snapshot().await, before);
    // A name full of header-like text that is allowed still lands only in the body.
    assert_eq!(
        app.post("/api/v1/auth/register", &json!({"email": "ok@example.com", "password": PASSWORD, "display_name": "Bcc: evil@example.com", "role": "applicant"})).await.status(),
        201
    );
    let mail = &app.mail().wait_for("ok@example.com", 1).await[0];
    assert_eq!(mail.rcpt, ["ok@example.com"]);
    assert!(app.mail().to("evil@example.com").is_empty());
    assert!(mail.subject().contains("验证"), "Chinese is the default locale");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_claims_never_take_the_same_row() {
    use juxian::notifications::mails::PasswordChanged;
    use juxian::notifications::outbox::{claim_due, enqueue, Mail};
    // No worker in this app: the test plays four workers against one database.
    let app = spawn_app().await;
    app.db
        .write(|conn| {
            for i in 0..60 {
                let mail = Mail::new(
                    format!("r{i}@example.com"),
                    "zh-CN",
                    &PasswordChanged { name: "x".into() },
                    format!("claim-test-{i}"),
                );
                enqueue(conn, &mail, juxian::db::now() + chrono::Duration::hours(1))?;
            }
            Ok(())
        })
        .await
        .unwrap();
    let later = juxian::db::now() + chrono::Duration::hours(2);
    let mut handles = Vec::new();
    for _ in 0..4 {
        let db = juxian::db::Db::connect(&app.config.database, 2).unwrap();
        handles.push(tokio::task::spawn_blocking(move || {
            let mut mine = Vec::new();
            loop {
                let rows = db
                    .run_sync(|conn| claim_due(conn, later, chrono::Duration::minutes(5), 7))
                    .unwrap();
                if rows.is_empty() {
                    return mine;
                }
                mine.extend(rows.into_iter().map(|r| r.id));
            }
        }));
    }
    let mut all = Vec::new();
    for h in handles {
        all.extend(h.await.unwrap());
    }
    let unique: std::collections::HashSet<_> = all.iter().collect();
    assert_eq!(all.len(), 60, "every row claimed once");
    assert_eq!(unique.len(), 60, "no row claimed twice");
}

#[tokio::test]
async fn a_mail_that_cannot_be_rendered_is_given_up_at_once() {
    use juxian::notifications::mails::PasswordChanged;
    use juxian::notifications::outbox::{enqueue, Mail};
    use juxian::notifications::Template;
    let app = spawn_app().await;
    app.db
        .write(|conn| {
            // Params without the `name` the template uses (an old row, or a bug): retrying cannot help.
            let broken = Mail {
                to: "broken@example.com".into(),
                template: Template::PasswordChanged,
                locale: "en".into(),
                params: json!({}),
                dedupe_key: "broken".into(),
            };
            enqueue(conn, &broken, juxian::db::now())?;
            let fine = Mail::new("fine@example.com", "en", &PasswordChanged { name: "x".into() }, "fine");
            enqueue(conn, &fine, juxian::db::now())?;
            Ok(())
        })
        .await
        .unwrap();
    app.mail().wait_for("fine@example.com", 1).await;
    let mut row = (String::new(), 0, None);
    for _ in 0..100 {
        row = app
            .db
            .run(|conn| {
                Ok(outbox::table
                    .filter(outbox::dedupe_key.eq("broken"))
                    .select((outbox::status, outbox::attempts, outbox::last_error))
                    .first::<(String, i32, Option<String>)>(conn)?)
            })
            .await
            .unwrap();
        if row.0 == "dead" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        (row.0.as_str(), row.1),
        ("dead", 1),
        "dead after the first attempt: {row:?}"
    );
    assert!(
        row.2.as_deref().is_some_and(|e| e.contains("password_changed")),
        "{row:?}"
    );
    assert!(app.mail().to("broken@example.com").is_empty());
}
