//! Administrators: staff accounts, role changes, disabling, the audit log and its chain.

use crate::helpers::*;
use diesel::prelude::*;
use juxian::audit::queries::Verification;
use juxian::audit::{self, AuditKey};
use juxian::db::schema::audit_events;
use serde_json::{json, Value};

#[tokio::test]
async fn admin_creates_an_hr_account_that_signs_in_after_setting_a_password() {
    let app = spawn_app().await;
    let admin = app.admin("admin@example.com").await;
    let res = app
        .post_auth(
            "/api/v1/users",
            &admin,
            &json!({"email": "HR@Example.com", "display_name": "王科员", "role": "hr"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let hr: Value = res.json().await.unwrap();
    assert_eq!(
        (hr["role"].as_str(), hr["status"].as_str()),
        (Some("hr"), Some("active"))
    );

    // No password exists yet, so nobody can sign in as the new account.
    assert_problem(
        app.post(
            "/api/v1/auth/login",
            &json!({"email": "hr@example.com", "password": "!invited"}),
        )
        .await,
        401,
        "invalid_credentials",
    )
    .await;

    let mail = &app.mail().wait_for("hr@example.com", 1).await[0];
    assert!(mail.subject().contains("工作账号"), "{}", mail.subject());
    assert!(mail.text().contains("人才办工作人员"));
    let token = mail.token("/reset-password?token=").expect("invitation link");
    assert_eq!(
        app.post(
            "/api/v1/auth/password-reset/confirm",
            &json!({"token": token, "new_password": "Hr-first-password"})
        )
        .await
        .status(),
        204
    );
    let hr_token = app.login("hr@example.com", "Hr-first-password").await;
    let me: Value = app.get_auth("/api/v1/me", &hr_token).await.json().await.unwrap();
    assert_eq!(me["role"], "hr");
    // HR is staff but not an administrator.
    assert_problem(app.get_auth("/api/v1/users", &hr_token).await, 403, "forbidden").await;

    // Duplicate and invalid creations are refused without changes.
    let before = app.snapshot().await;
    assert_problem(
        app.post_auth(
            "/api/v1/users",
            &admin,
            &json!({"email": "hr@example.com", "display_name": "x", "role": "finance"}),
        )
        .await,
        409,
        "email_taken",
    )
    .await;
    let body = assert_problem(
        app.post_auth(
            "/api/v1/users",
            &admin,
            &json!({"email": "nope", "display_name": "", "role": "applicant"}),
        )
        .await,
        400,
        "validation_failed",
    )
    .await;
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["email", "display_name", "role"]);
    assert_eq!(app.snapshot().await, before);
}

#[tokio::test]
async fn list_search_and_paginate_users() {
    let app = spawn_app().await;
    let admin = app.admin("admin@example.com").await;
    for i in 0..5 {
        assert_eq!(
            app.register(
                &format!("person{i}@example.com"),
                if i % 2 == 0 { "applicant" } else { "employer" }
            )
            .await
            .status(),
            201
        );
    }
    let page: Value = app
        .get_auth("/api/v1/users?role=employer&per_page=1&page=2", &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (page["total"].as_i64(), page["page"].as_i64(), page["per_page"].as_i64()),
        (Some(2), Some(2), Some(1))
    );
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    let page: Value = app
        .get_auth("/api/v1/users?q=PERSON3", &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["total"], 1);
    assert_eq!(page["items"][0]["email"], "person3@example.com");
    let page: Value = app.get_auth("/api/v1/users?q=%25", &admin).await.json().await.unwrap();
    assert_eq!(page["total"], 0, "a % in the search matches literally");
    let page: Value = app
        .get_auth("/api/v1/users?per_page=1000", &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["per_page"], 100, "per_page is capped");
    assert_problem(
        app.get_auth("/api/v1/users?role=king", &admin).await,
        400,
        "malformed_json",
    )
    .await;
    assert_problem(
        app.get_auth("/api/v1/users?sort=evil", &admin).await,
        400,
        "validation_failed",
    )
    .await;
}

#[tokio::test]
async fn role_change_and_disable_revoke_every_token() {
    let app = spawn_app().await;
    let admin = app.admin("admin@example.com").await;
    let user_token = app.signup("worker@example.com", "applicant").await;
    let id = app.user("worker@example.com").await.id;

    let res = app
        .patch_auth(&format!("/api/v1/users/{id}"), &admin, &json!({"role": "finance"}))
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.unwrap()["role"], "finance");
    assert_problem(app.get_auth("/api/v1/me", &user_token).await, 401, "unauthorized").await;
    let finance_token = app.login("worker@example.com", PASSWORD).await;

    let res = app
        .patch_auth(&format!("/api/v1/users/{id}"), &admin, &json!({"disabled": true}))
        .await;
    assert_eq!(res.json::<Value>().await.unwrap()["status"], "disabled");
    assert_problem(app.get_auth("/api/v1/me", &finance_token).await, 401, "unauthorized").await;
    assert_problem(
        app.post(
            "/api/v1/auth/login",
            &json!({"email": "worker@example.com", "password": PASSWORD}),
        )
        .await,
        403,
        "account_disabled",
    )
    .await;

    let res = app
        .patch_auth(&format!("/api/v1/users/{id}"), &admin, &json!({"disabled": false}))
        .await;
    assert_eq!(res.json::<Value>().await.unwrap()["status"], "active");
    app.login("worker@example.com", PASSWORD).await;

    // Unknown ids, unknown fields, and self-demotion of the last admin.
    assert_problem(
        app.patch_auth("/api/v1/users/no-such-id", &admin, &json!({"disabled": true}))
            .await,
        404,
        "not_found",
    )
    .await;
    assert_problem(
        app.patch_auth(&format!("/api/v1/users/{id}"), &admin, &json!({"password_hash": "x"}))
            .await,
        400,
        "validation_failed",
    )
    .await;
    let admin_id = app.user("admin@example.com").await.id;
    let before = app.snapshot().await;
    assert_problem(
        app.patch_auth(&format!("/api/v1/users/{admin_id}"), &admin, &json!({"role": "hr"}))
            .await,
        409,
        "own_admin_account",
    )
    .await;
    assert_problem(
        app.patch_auth(&format!("/api/v1/users/{admin_id}"), &admin, &json!({"disabled": true}))
            .await,
        409,
        "own_admin_account",
    )
    .await;
    assert_eq!(app.snapshot().await, before);
}

#[tokio::test]
async fn audit_log_is_readable_and_its_chain_detects_tampering() {
    let app = spawn_app().await;
    let admin = app.admin("admin@example.com").await;
    app.signup("someone@example.com", "applicant").await;
    let _ = app
        .post(
            "/api/v1/auth/login",
            &json!({"email": "someone@example.com", "password": "bad-password"}),
        )
        .await;

    let page: Value = app
        .get_auth("/api/v1/audit-events?action=account.login_failed", &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["total"], 1);
    assert_eq!(page["items"][0]["ip"], "127.0.0.1");
    let all: Value = app
        .get_auth("/api/v1/audit-events?per_page=100", &admin)
        .await
        .json()
        .await
        .unwrap();
    let text = all.to_string();
    assert!(!text.contains(PASSWORD), "no password in the audit log");
    assert!(text.contains("s***@example.com"), "e-mail masked in snapshots");
    let from = chrono::Utc::now() + chrono::Duration::hours(1);
    let later: Value = app
        .get_auth(
            &format!("/api/v1/audit-events?from={}", from.to_rfc3339().replace('+', "%2B")),
            &admin,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(later["total"], 0);

    let key = AuditKey::new(&app.config.secret_key);
    let verify = |app: &TestApp| {
        let key = key.clone();
        let db = app.db.clone();
        async move { db.run(move |conn| audit::verify(conn, &key)).await.unwrap() }
    };
    let Verification::Intact(n) = verify(&app).await else {
        panic!("chain must start intact")
    };
    assert!(n >= 5);

    // Edit one row's content.
    app.db
        .run(|conn| {
            diesel::update(audit_events::table.filter(audit_events::seq.eq(2)))
                .set(audit_events::ip.eq("10.0.0.1"))
                .execute(conn)?;
            Ok(())
        })
        .await
        .unwrap();
    assert!(matches!(verify(&app).await, Verification::Broken { seq: 2, .. }));
}

#[tokio::test]
async fn deleting_an_audit_row_is_detected() {
    let app = spawn_app().await;
    app.signup("one@example.com", "applicant").await;
    app.signup("two@example.com", "applicant").await;
    app.db
        .run(|conn| {
            diesel::delete(audit_events::table.filter(audit_events::seq.eq(3))).execute(conn)?;
            Ok(())
        })
        .await
        .unwrap();
    let key = AuditKey::new(&app.config.secret_key);
    let result = app.db.run(move |conn| audit::verify(conn, &key)).await.unwrap();
    assert_eq!(
        result,
        Verification::Broken {
            seq: 3,
            reason: "row 3 is missing".into()
        }
    );
}

#[tokio::test]
async fn audit_ips_are_masked_after_the_retention_and_the_chain_still_verifies() {
    let app = spawn_app().await;
    app.admin("admin@example.com").await;
    app.signup("old@example.com", "applicant").await;
    let key = AuditKey::new(&app.config.secret_key);
    let rows = |app: &TestApp| {
        let db = app.db.clone();
        async move {
            db.run(|conn| {
                Ok(audit_events::table
                    .order(audit_events::seq.asc())
                    .select((audit_events::seq, audit_events::ip, audit_events::actor_email))
                    .load::<(i64, Option<String>, Option<String>)>(conn)?)
            })
            .await
            .unwrap()
        }
    };
    let old = rows(&app).await;
    assert!(old.len() >= 4);
    assert!(
        old.iter().all(|(_, ip, _)| ip.as_deref() == Some("127.0.0.1")),
        "{old:?}"
    );
    assert!(
        old.iter().all(|(_, _, email)| email.is_none()),
        "the log keeps the actor id, not the e-mail: {old:?}"
    );

    // 179 days on nothing is masked yet; past 180 days every older address is cut to its network.
    app.clock.advance(chrono::Duration::days(179));
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    assert_eq!(rows(&app).await, old, "within the retention the full address stays");
    app.clock.advance(chrono::Duration::days(2));
    let mut masked = Vec::new();
    for _ in 0..100 {
        masked = rows(&app).await;
        if masked.iter().all(|(_, ip, _)| ip.as_deref() == Some("127.0.0.0/24")) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(
        masked.iter().all(|(_, ip, _)| ip.as_deref() == Some("127.0.0.0/24")),
        "{masked:?}"
    );

    // A new event keeps its full address; the admin still sees who acted, by e-mail.
    let admin = app.login("admin@example.com", PASSWORD).await;
    let page: Value = app
        .get_auth("/api/v1/audit-events?per_page=100", &admin)
        .await
        .json()
        .await
        .unwrap();
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), old.len() + 1);
    assert_eq!(items[0]["ip"], "127.0.0.1", "newest: {}", items[0]);
    assert_eq!(items[0]["actor_email"], "admin@example.com");
    assert!(items[1..].iter().all(|e| e["ip"] == "127.0.0.0/24"));
    assert!(items.iter().any(|e| e["actor_email"] == "old@example.com"));

    let verify = |app: &TestApp| {
        let (key, db) = (key.clone(), app.db.clone());
        async move { db.run(move |conn| audit::verify(conn, &key)).await.unwrap() }
    };
    assert_eq!(verify(&app).await, Verification::Intact(old.len() as i64 + 1));

    // The readable address is still covered: changing a masked or a full one is detected.
    for (seq, ip) in [(2, "10.0.0.0/24"), (old.len() as i64 + 1, "10.0.0.1")] {
        let original = app
            .db
            .run(move |conn| {
                let original: Option<String> = audit_events::table
                    .filter(audit_events::seq.eq(seq))
                    .select(audit_events::ip)
                    .first(conn)?;
                diesel::update(audit_events::table.filter(audit_events::seq.eq(seq)))
                    .set(audit_events::ip.eq(ip))
                    .execute(conn)?;
                Ok(original)
            })
            .await
            .unwrap();
        assert!(matches!(verify(&app).await, Verification::Broken { seq: s, .. } if s == seq));
        app.db
            .run(move |conn| {
                diesel::update(audit_events::table.filter(audit_events::seq.eq(seq)))
                    .set(audit_events::ip.eq(original))
                    .execute(conn)?;
                Ok(())
            })
            .await
            .unwrap();
        assert!(matches!(verify(&app).await, Verification::Intact(_)));
    }
}
