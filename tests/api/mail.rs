//! The outbox: mail survives an SMTP outage and is delivered exactly once, also by two workers;
//! dead letters; no header injection; one-time links never stored in plain text; retention; a
//! per-recipient hourly limit; no link-looking names in greetings.

use crate::helpers::*;
use crate::smtp::MailCatcher;
use diesel::prelude::*;
use juxian::db::schema::outbox;
use juxian::notifications::outbox::OutboxRow;
use juxian::talents::PersonalDataCipher;
use serde_json::{json, Value};
use std::time::Duration;

/// The cipher of the app's data key, as the app seals secret mail parameters with it.
fn cipher(app: &TestApp) -> PersonalDataCipher {
    PersonalDataCipher::new(&app.config.data_key)
}

/// Every outbox row, oldest first.
async fn outbox_rows(app: &TestApp) -> Vec<OutboxRow> {
    app.db
        .run(|conn| {
            Ok(outbox::table
                .order(outbox::created_at.asc())
                .select(OutboxRow::as_select())
                .load(conn)?)
        })
        .await
        .unwrap()
}

/// Wait (5 s at most) until the outbox row of `template` to `to` satisfies `done`.
async fn wait_row(app: &TestApp, to: &str, template: &str, done: impl Fn(&OutboxRow) -> bool) -> OutboxRow {
    for _ in 0..100 {
        let rows = outbox_rows(app).await;
        if let Some(row) = rows
            .iter()
            .find(|r| r.recipient == to && r.template == template && done(r))
        {
            return row.clone();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no {template} row to {to} as expected: {:?}", outbox_rows(app).await);
}

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
    use juxian::notifications::mails::PasswordChanged;
    use juxian::notifications::outbox::{enqueue, Mail};
    let port = free_port();
    let app = spawn_with(Options {
        mail: MailMode::Down(port),
        max_attempts: 2,
        ..Options::default()
    })
    .await;
    // The admin is created directly; its own mail-free path avoids depending on SMTP.
    let admin = app.admin("admin@example.com").await;
    let (sealer, now) = (cipher(&app), app.clock.now());
    app.db
        .write(move |conn| {
            let mail = Mail::new(
                "lost@example.com",
                "zh-CN",
                &PasswordChanged { name: "李四".into() },
                "lost",
            );
            enqueue(conn, &mail, now, &sealer)
        })
        .await
        .unwrap();
    // A mail with a one-time link dies too.
    assert_eq!(app.register("linked@example.com", "applicant").await.status(), 201);
    let mut dead = Value::Null;
    for _ in 0..100 {
        dead = app
            .get_auth("/api/v1/admin/outbox?status=dead", &admin)
            .await
            .json()
            .await
            .unwrap();
        if dead["total"] == 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(dead["total"], 2, "{dead}");
    let item = |to: &str| {
        dead["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["recipient"] == to)
            .unwrap()
            .clone()
    };
    let (lost, linked) = (item("lost@example.com"), item("linked@example.com"));
    assert_eq!(lost["attempts"], 2);
    assert!(lost["last_error"].is_string());
    assert!(lost.get("params_json").is_none(), "parameters are not shown");
    assert_eq!(
        (lost["retryable"].as_bool(), linked["retryable"].as_bool()),
        (Some(true), Some(false))
    );
    let id = lost["id"].as_str().unwrap().to_string();

    // The dead link's secret is gone, so it cannot be retried: the person asks for a new link.
    let row = wait_row(&app, "linked@example.com", "verify_email", |r| r.status == "dead").await;
    assert!(row.secret_params.is_none() && row.redacted_at.is_some(), "{row:?}");
    let before = outbox_rows(&app).await;
    assert_problem(
        app.post_auth(
            &format!("/api/v1/admin/outbox/{}/retry", linked["id"].as_str().unwrap()),
            &admin,
            &json!({}),
        )
        .await,
        409,
        "mail_redacted",
    )
    .await;
    assert_eq!(
        format!("{:?}", outbox_rows(&app).await),
        format!("{before:?}"),
        "nothing changed"
    );

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
        "invalid_transition",
    )
    .await;
    assert_problem(
        app.post_auth("/api/v1/admin/outbox/nope/retry", &admin, &json!({}))
            .await,
        404,
        "not_found",
    )
    .await;
    assert!(catcher.to("linked@example.com").is_empty());
}

/// The one-time links of a password reset and of a registration: sealed in the outbox while they
/// wait (the token in no column), gone once sent, and working in the mail that arrives.
#[tokio::test]
async fn one_time_links_are_never_stored_in_plain_text() {
    let port = free_port();
    let app = spawn_with(Options {
        mail: MailMode::Down(port),
        ..Options::default()
    })
    .await;
    app.staff("owner@example.com", "applicant").await;
    assert_eq!(
        app.post("/api/v1/auth/password-reset", &json!({"email": "owner@example.com"}))
            .await
            .status(),
        202
    );
    assert_eq!(app.register("newcomer@example.com", "applicant").await.status(), 201);
    let waiting = outbox_rows(&app).await;
    assert_eq!(waiting.len(), 2, "{waiting:?}");
    for row in &waiting {
        let all = format!("{row:?}");
        assert!(!all.contains("token=") && !all.contains("portal.test"), "{all}");
        assert_eq!(row.params_json, "{}", "no name, no link: {all}");
        let sealed = row.secret_params.as_deref().expect("sealed secrets");
        // Sealed with the data key and bound to the row: it opens for this row only.
        let c = cipher(&app);
        let opened = c.decrypt("outbox.secret_params", &row.id, sealed).expect("opens");
        assert!(opened.contains("token="), "{opened}");
        assert!(c.decrypt("outbox.secret_params", "another-row", sealed).is_err());
        assert!(row.redacted_at.is_none());
    }

    let catcher = MailCatcher::start_on(port).await;
    let reset = catcher.wait_for("owner@example.com", 1).await[0]
        .token("/reset-password?token=")
        .expect("reset link");
    let verify = catcher.wait_for("newcomer@example.com", 1).await[0]
        .token("/verify-email?token=")
        .expect("verification link");
    for row in &waiting {
        let all = format!("{row:?}");
        assert!(!all.contains(&reset) && !all.contains(&verify), "{all}");
    }
    for (to, template) in [
        ("owner@example.com", "password_reset"),
        ("newcomer@example.com", "verify_email"),
    ] {
        let sent = wait_row(&app, to, template, |r| r.status == "sent").await;
        assert!(sent.secret_params.is_none() && sent.redacted_at.is_some(), "{sent:?}");
        let all = format!("{sent:?}");
        assert!(!all.contains(&reset) && !all.contains(&verify), "{all}");
    }
    // The links in the mail work.
    let res = app
        .post(
            "/api/v1/auth/password-reset/confirm",
            &json!({"token": reset, "new_password": "A-brand-new-secret"}),
        )
        .await;
    assert_eq!(res.status(), 204);
    app.login("owner@example.com", "A-brand-new-secret").await;
    assert_eq!(
        app.post("/api/v1/auth/verify-email", &json!({"token": verify}))
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn sent_mail_bodies_are_forgotten_after_90_days() {
    use juxian::notifications::mails::PasswordChanged;
    use juxian::notifications::outbox::{enqueue, Mail};
    let app = spawn_app().await;
    let queue = |to: &'static str, name: &'static str| {
        let (sealer, now) = (cipher(&app), app.clock.now());
        app.db.write(move |conn| {
            let mail = Mail::new(to, "zh-CN", &PasswordChanged { name: name.into() }, to);
            enqueue(conn, &mail, now, &sealer)
        })
    };
    queue("old@example.com", "王老五").await.unwrap();
    app.mail().wait_for("old@example.com", 1).await;
    wait_row(&app, "old@example.com", "password_changed", |r| r.status == "sent").await;
    app.clock.advance(chrono::Duration::days(50));
    queue("recent@example.com", "赵六").await.unwrap();
    app.mail().wait_for("recent@example.com", 1).await;
    wait_row(&app, "recent@example.com", "password_changed", |r| r.status == "sent").await;
    // 89 days after the first was sent: nothing is forgotten yet.
    app.clock.advance(chrono::Duration::days(39));
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert!(outbox_rows(&app).await.iter().all(|r| r.params_json.contains("name")));

    app.clock.advance(chrono::Duration::days(2));
    let old = wait_row(&app, "old@example.com", "password_changed", |r| r.params_json == "{}").await;
    assert!(
        old.redacted_at.is_some() && old.status == "sent" && old.sent_at.is_some(),
        "{old:?}"
    );
    let recent = wait_row(&app, "recent@example.com", "password_changed", |r| r.status == "sent").await;
    assert!(
        recent.params_json.contains("赵六") && recent.redacted_at.is_none(),
        "{recent:?}"
    );
    // The row stays, so its dedupe key still holds.
    assert!(!queue("old@example.com", "王老五").await.unwrap());
    assert_eq!(outbox_rows(&app).await.len(), 2);
}

/// 40 reset requests for one address at once: the same 202 for each, three mails, and the link of
/// the last one mailed still works (a refused request did not replace it). An hour later, more.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn reset_mail_is_limited_per_recipient_and_hour() {
    let app = spawn_app().await;
    app.staff("flood@example.com", "applicant").await;
    let mut handles = Vec::new();
    for _ in 0..40 {
        let (client, url) = (app.client.clone(), app.url("/api/v1/auth/password-reset"));
        handles.push(tokio::spawn(async move {
            let res = client
                .post(url)
                .json(&json!({"email": "flood@example.com"}))
                .send()
                .await
                .unwrap();
            (res.status().as_u16(), res.text().await.unwrap())
        }));
    }
    let mut answers = std::collections::HashSet::new();
    for h in handles {
        answers.insert(h.await.unwrap());
    }
    assert_eq!(answers.len(), 1, "every request answered alike: {answers:?}");
    assert_eq!(answers.iter().next().unwrap().0, 202);
    let mails = app.mail().wait_for("flood@example.com", 3).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(app.mail().to("flood@example.com").len(), 3);
    let queued = outbox_rows(&app).await;
    assert_eq!(queued.iter().filter(|r| r.template == "password_reset").count(), 3);
    // Exactly one of the mailed links is the live one (each new link replaces the one before).
    let mut worked = 0;
    for (i, mail) in mails.iter().enumerate() {
        let token = mail.token("/reset-password?token=").unwrap();
        let res = app
            .post(
                "/api/v1/auth/password-reset/confirm",
                &json!({"token": token, "new_password": format!("A-brand-new-secret-{i}")}),
            )
            .await;
        worked += usize::from(res.status() == 204);
    }
    assert_eq!(worked, 1, "the last link mailed still works");

    app.clock.advance(chrono::Duration::minutes(61));
    assert_eq!(
        app.post("/api/v1/auth/password-reset", &json!({"email": "flood@example.com"}))
            .await
            .status(),
        202
    );
    let resets = || {
        app.mail()
            .to("flood@example.com")
            .iter()
            .filter(|m| m.link("/reset-password?token=").is_some())
            .count()
    };
    for _ in 0..100 {
        if resets() == 4 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(resets(), 4, "a new hour, a new link");
}

#[tokio::test]
async fn verification_mail_is_limited_per_recipient_and_hour() {
    let app = spawn_app().await;
    assert_eq!(app.register("twice@example.com", "applicant").await.status(), 201);
    for _ in 0..5 {
        assert_eq!(
            app.post(
                "/api/v1/auth/resend-verification",
                &json!({"email": "twice@example.com"})
            )
            .await
            .status(),
            202
        );
    }
    let mails = app.mail().wait_for("twice@example.com", 3).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(app.mail().to("twice@example.com").len(), 3);
    // The third link is the live one: the refused requests did not replace it.
    let token = mails[2].token("/verify-email?token=").unwrap();
    assert_eq!(
        app.post("/api/v1/auth/verify-email", &json!({"token": token}))
            .await
            .status(),
        200
    );
}

/// Registration mails any address under any name: the mail greets without it, in both languages,
/// text and HTML; and a link-looking name of an account is never printed in a greeting.
#[tokio::test]
async fn greetings_carry_no_stranger_text_and_no_links() {
    let app = spawn_app().await;
    let bait = "领奖请访问 evil.example 或致电4001234567";
    for (email, locale, hello) in [
        ("zh@example.com", "zh-CN", "您好："),
        ("en@example.com", "en", "Hello,"),
    ] {
        let res = app
            .post(
                "/api/v1/auth/register",
                &json!({"email": email, "password": PASSWORD, "display_name": bait, "role": "applicant", "privacy_notice_version": juxian::privacy::notice::version(), "locale": locale}),
            )
            .await;
        assert_eq!(res.status(), 201);
        let mail = &app.mail().wait_for(email, 1).await[0];
        let (text, html) = (mail.text(), mail.html());
        for body in [&text, &html] {
            assert!(
                !body.contains("evil") && !body.contains("领奖") && !body.contains("4001234567"),
                "{body}"
            );
            assert!(body.contains(hello), "{body}");
        }
        assert!(text.contains("/verify-email?token="));
    }

    // An account whose own name looks like a link: its mail greets without the name.
    let access = app.signup("linky@example.com", "applicant").await;
    app.db
        .run(|conn| {
            use juxian::db::schema::users;
            Ok(
                diesel::update(users::table.filter(users::email.eq("linky@example.com")))
                    .set(users::display_name.eq("www。evil。cn"))
                    .execute(conn)?,
            )
        })
        .await
        .unwrap();
    let res = app
        .post_auth(
            "/api/v1/me/password",
            &access,
            &json!({"current_password": PASSWORD, "new_password": "Brand-new-pass-1"}),
        )
        .await;
    assert_eq!(res.status(), 204);
    let mail = &app.mail().wait_for("linky@example.com", 2).await[1];
    for body in [mail.text(), mail.html()] {
        assert!(!body.contains("evil") && body.contains("您好："), "{body}");
    }
}

/// Two workers on one database, a slow SMTP server and a claim shorter than a batch takes: the
/// claim of a row that is still waiting runs out and the other worker takes it over; yet every
/// mail arrives once, and the first worker neither sends it again nor marks it.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_workers_with_a_slow_server_send_each_mail_once() {
    use juxian::notifications::mailer::Mailer;
    use juxian::notifications::mails::PasswordChanged;
    use juxian::notifications::outbox::{enqueue, Mail};
    use juxian::notifications::worker::Worker;
    let app = spawn_app().await;
    let slow = MailCatcher::start_slow(Duration::from_millis(200)).await;
    // The rows are due an hour ahead, on the two workers' clock only: the app's own worker
    // (on the real clock) never sees them.
    let ahead = juxian::time::Clock::default();
    ahead.advance(chrono::Duration::hours(2));
    let (sealer, due) = (cipher(&app), app.clock.now() + chrono::Duration::hours(1));
    app.db
        .write(move |conn| {
            for i in 0..10 {
                let mail = Mail::new(
                    format!("w{i}@example.com"),
                    "zh-CN",
                    &PasswordChanged {
                        name: format!("收件人{i}"),
                    },
                    format!("two-workers-{i}"),
                );
                enqueue(conn, &mail, due, &sealer)?;
            }
            Ok(())
        })
        .await
        .unwrap();
    let worker = || {
        let transport = lettre::SmtpTransport::builder_dangerous("127.0.0.1")
            .port(slow.port)
            .build();
        Worker {
            db: juxian::db::Db::connect(&app.config.database, 2).unwrap(),
            mailer: Mailer::Smtp(transport),
            from: app.config.mail_from.clone(),
            poll: Duration::from_millis(50),
            retry_base: chrono::Duration::seconds(30),
            max_attempts: 8,
            wakeup: std::sync::Arc::new(tokio::sync::Notify::new()),
            jobs: Vec::new(),
            clock: ahead.clone(),
            audit_key: juxian::audit::AuditKey::new(&app.config.secret_key),
            public_url: app.config.public_url.clone(),
            cipher: cipher(&app),
            audit_ip_retention_days: app.config.audit_ip_retention_days,
            // Ten mails at 200 ms take 2 s: the claims of the last ones run out long before.
            lease: chrono::Duration::milliseconds(1000),
        }
    };
    let first = tokio::spawn(worker().run());
    tokio::time::sleep(Duration::from_millis(100)).await;
    let second = tokio::spawn(worker().run());
    for i in 0..10 {
        slow.wait_for(&format!("w{i}@example.com"), 1).await;
    }
    // Long enough for a first worker that would still send its stale batch to do so.
    tokio::time::sleep(Duration::from_millis(3000)).await;
    first.abort();
    second.abort();
    for i in 0..10 {
        assert_eq!(slow.to(&format!("w{i}@example.com")).len(), 1, "w{i} delivered once");
    }
    let rows = outbox_rows(&app).await;
    assert!(
        rows.iter().all(|r| r.status == "sent" && r.claim_token.is_none()),
        "{rows:?}"
    );
    // The race really happened: some row was claimed again after its first claim ran out.
    assert!(rows.iter().any(|r| r.attempts > 1), "{rows:?}");
}

#[tokio::test]
async fn header_injection_is_impossible() {
    let app = spawn_app().await;
    let before = app.snapshot().await;
    let res = app
        .post("/api/v1/auth/register", &json!({"email": "inject@example.com", "password": PASSWORD, "display_name": "张三\r\nBcc: evil@example.com", "role": "applicant", "privacy_notice_version": juxian::privacy::notice::version()}))
        .await;
    assert_problem(res, 400, "validation_failed").await;
    let res = app
        .post("/api/v1/auth/register", &json!({"email": "inject@example.com\r\nBcc: evil@example.com", "password": PASSWORD, "display_name": "张三", "role": "applicant", "privacy_notice_version": juxian::privacy::notice::version()}))
        .await;
    assert_problem(res, 400, "validation_failed").await;
    assert_eq!(app.snapshot().await, before);
    // A name full of header-like text that is allowed still lands only in the body.
    assert_eq!(
        app.post("/api/v1/auth/register", &json!({"email": "ok@example.com", "password": PASSWORD, "display_name": "Bcc: evil@example.com", "role": "applicant", "privacy_notice_version": juxian::privacy::notice::version()})).await.status(),
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
    let sealer = cipher(&app);
    app.db
        .write(move |conn| {
            for i in 0..60 {
                let mail = Mail::new(
                    format!("r{i}@example.com"),
                    "zh-CN",
                    &PasswordChanged { name: "x".into() },
                    format!("claim-test-{i}"),
                );
                enqueue(conn, &mail, juxian::db::now() + chrono::Duration::hours(1), &sealer)?;
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
    let sealer = cipher(&app);
    app.db
        .write(move |conn| {
            // Params without the `name` the template uses (an old row, or a bug): retrying cannot help.
            let broken = Mail {
                to: "broken@example.com".into(),
                template: Template::PasswordChanged,
                locale: "en".into(),
                params: json!({}),
                secrets: Default::default(),
                dedupe_key: "broken".into(),
            };
            enqueue(conn, &broken, juxian::db::now(), &sealer)?;
            let fine = Mail::new("fine@example.com", "en", &PasswordChanged { name: "x".into() }, "fine");
            enqueue(conn, &fine, juxian::db::now(), &sealer)?;
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
