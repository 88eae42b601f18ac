//! The account life cycle a real user goes through.

use crate::helpers::*;
use serde_json::{json, Value};

#[tokio::test]
async fn register_verify_login_refresh_logout() {
    let app = spawn_app().await;
    let res = app
        .post("/api/v1/auth/register", &json!({"email": " Li.Si@Example.COM ", "password": PASSWORD, "display_name": "李四", "role": "applicant", "locale": "en"}))
        .await;
    assert_eq!(res.status(), 201);
    let user: Value = res.json().await.unwrap();
    assert_eq!(user["email"], "li.si@example.com");
    assert_eq!(user["status"], "pending");
    assert!(user.get("password_hash").is_none());

    // Unverified accounts cannot sign in, and are told why.
    let res = app
        .post(
            "/api/v1/auth/login",
            &json!({"email": "li.si@example.com", "password": PASSWORD}),
        )
        .await;
    assert_problem(res, 403, "email_not_verified").await;

    // The mail really went over SMTP, in the chosen language, with a link to the public URL.
    let mails = app.mail().wait_for("li.si@example.com", 1).await;
    assert!(
        mails[0].subject().starts_with("Confirm your e-mail"),
        "{}",
        mails[0].subject()
    );
    let link = mails[0].link("/verify-email?token=").unwrap();
    assert!(link.starts_with("http://portal.test/verify-email?token="), "{link}");
    let token = mails[0].token("/verify-email?token=").unwrap();

    let res = app.post("/api/v1/auth/verify-email", &json!({"token": token})).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.unwrap()["status"], "active");
    // Single use.
    let res = app.post("/api/v1/auth/verify-email", &json!({"token": token})).await;
    assert_problem(res, 400, "invalid_token").await;

    let res = app
        .post(
            "/api/v1/auth/login",
            &json!({"email": "LI.SI@example.com", "password": PASSWORD}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let cookie = res.headers().get("set-cookie").unwrap().to_str().unwrap().to_string();
    assert!(cookie.starts_with("juxian_refresh="));
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/api/v1/auth"),
        "{cookie}"
    );
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 900);
    let access = body["access_token"].as_str().unwrap().to_string();

    let me: Value = app.get_auth("/api/v1/me", &access).await.json().await.unwrap();
    assert_eq!(me["email"], "li.si@example.com");
    assert_eq!(me["role"], "applicant");
    assert!(me["last_login_at"].is_string());

    // Refresh needs the anti-CSRF header.
    let res = app.client.post(app.url("/api/v1/auth/refresh")).send().await.unwrap();
    assert_problem(res, 403, "csrf_header_missing").await;
    let res = app
        .client
        .post(app.url("/api/v1/auth/refresh"))
        .header("X-Requested-With", "XMLHttpRequest")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let refreshed: Value = res.json().await.unwrap();
    assert_eq!(refreshed["user"]["email"], "li.si@example.com");

    let res = app
        .client
        .post(app.url("/api/v1/auth/logout"))
        .header("X-Requested-With", "XMLHttpRequest")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let res = app
        .client
        .post(app.url("/api/v1/auth/refresh"))
        .header("X-Requested-With", "XMLHttpRequest")
        .send()
        .await
        .unwrap();
    assert_problem(res, 401, "unauthorized").await;
}

#[tokio::test]
async fn reusing_a_rotated_refresh_token_revokes_the_whole_chain() {
    let app = spawn_app().await;
    app.signup("reuse@example.com", "applicant").await;
    // Log in with a cookie-less client to handle cookies by hand.
    let raw = reqwest::Client::new();
    let login = raw
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": "reuse@example.com", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    let first = cookie_value(&login);
    let refresh = |c: String| {
        let raw = raw.clone();
        let url = app.url("/api/v1/auth/refresh");
        async move {
            raw.post(url)
                .header("X-Requested-With", "x")
                .header("Cookie", format!("juxian_refresh={c}"))
                .send()
                .await
                .unwrap()
        }
    };
    let res = refresh(first.clone()).await;
    assert_eq!(res.status(), 200);
    let second = cookie_value(&res);
    // The old token comes back: theft is assumed and the chain dies, including the newest token.
    assert_problem(refresh(first).await, 401, "unauthorized").await;
    assert_problem(refresh(second).await, 401, "unauthorized").await;
    let user = app.user("reuse@example.com").await;
    let events = audit_actions(&app, &user.id).await;
    assert!(
        events.contains(&"account.refresh_reuse_detected".to_string()),
        "{events:?}"
    );
}

fn cookie_value(res: &reqwest::Response) -> String {
    let header = res.headers().get("set-cookie").expect("set-cookie").to_str().unwrap();
    header
        .split(';')
        .next()
        .unwrap()
        .trim_start_matches("juxian_refresh=")
        .to_string()
}

pub async fn audit_actions(app: &TestApp, entity_id: &str) -> Vec<String> {
    use diesel::prelude::*;
    use juxian::db::schema::audit_events;
    let id = entity_id.to_string();
    app.db
        .run(move |conn| {
            Ok(audit_events::table
                .filter(audit_events::entity_id.eq(id))
                .order(audit_events::seq.asc())
                .select(audit_events::action)
                .load::<String>(conn)?)
        })
        .await
        .unwrap()
}

#[tokio::test]
async fn password_reset_by_mail_ends_sessions() {
    let app = spawn_app().await;
    let access = app.signup("reset@example.com", "employer").await;

    // Unknown addresses get the same 202 and no mail.
    assert_eq!(
        app.post("/api/v1/auth/password-reset", &json!({"email": "nobody@example.com"}))
            .await
            .status(),
        202
    );
    assert_eq!(
        app.post("/api/v1/auth/password-reset", &json!({"email": "reset@example.com"}))
            .await
            .status(),
        202
    );
    let mails = app.mail().wait_for("reset@example.com", 2).await;
    let token = mails[1].token("/reset-password?token=").expect("reset link");
    assert!(app.mail().to("nobody@example.com").is_empty());

    let res = app
        .post(
            "/api/v1/auth/password-reset/confirm",
            &json!({"token": token, "new_password": "12345678"}),
        )
        .await;
    let body = assert_problem(res, 400, "validation_failed").await;
    assert_eq!(body["errors"][0]["code"], "common_password");

    let res = app
        .post(
            "/api/v1/auth/password-reset/confirm",
            &json!({"token": token, "new_password": "A-brand-new-secret"}),
        )
        .await;
    assert_eq!(res.status(), 204);
    assert_problem(
        app.post(
            "/api/v1/auth/password-reset/confirm",
            &json!({"token": token, "new_password": "Another-new-secret"}),
        )
        .await,
        400,
        "invalid_token",
    )
    .await;

    // The old access token is dead; the old password too; the new one works.
    assert_problem(app.get_auth("/api/v1/me", &access).await, 401, "unauthorized").await;
    let res = app
        .post(
            "/api/v1/auth/login",
            &json!({"email": "reset@example.com", "password": PASSWORD}),
        )
        .await;
    assert_problem(res, 401, "invalid_credentials").await;
    app.login("reset@example.com", "A-brand-new-secret").await;
    // The owner is told.
    let mails = app.mail().wait_for("reset@example.com", 3).await;
    assert!(mails[2].subject().contains("密码已修改"), "{}", mails[2].subject());
}

#[tokio::test]
async fn change_password_needs_the_current_one() {
    let app = spawn_app().await;
    let access = app.signup("change@example.com", "applicant").await;
    let before = app.snapshot().await;
    let res = app
        .post_auth(
            "/api/v1/me/password",
            &access,
            &json!({"current_password": "wrong-password", "new_password": "Brand-new-pass-1"}),
        )
        .await;
    assert_problem(res, 400, "wrong_password").await;
    assert_eq!(app.snapshot().await, before, "nothing changed");
    let res = app
        .post_auth(
            "/api/v1/me/password",
            &access,
            &json!({"current_password": PASSWORD, "new_password": "Brand-new-pass-1"}),
        )
        .await;
    assert_eq!(res.status(), 204);
    assert_problem(app.get_auth("/api/v1/me", &access).await, 401, "unauthorized").await;
    app.login("change@example.com", "Brand-new-pass-1").await;
}

#[tokio::test]
async fn resend_verification_replaces_the_old_link() {
    let app = spawn_app().await;
    assert_eq!(app.register("resend@example.com", "applicant").await.status(), 201);
    let old = app.verification_token("resend@example.com", 1).await;
    assert_eq!(
        app.post(
            "/api/v1/auth/resend-verification",
            &json!({"email": "resend@example.com"})
        )
        .await
        .status(),
        202
    );
    assert_eq!(
        app.post(
            "/api/v1/auth/resend-verification",
            &json!({"email": "unknown@example.com"})
        )
        .await
        .status(),
        202
    );
    let new = app.verification_token("resend@example.com", 2).await;
    assert_ne!(old, new);
    assert_problem(
        app.post("/api/v1/auth/verify-email", &json!({"token": old})).await,
        400,
        "invalid_token",
    )
    .await;
    assert_eq!(
        app.post("/api/v1/auth/verify-email", &json!({"token": new}))
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn expired_verification_links_are_refused() {
    use diesel::prelude::*;
    use juxian::db::schema::email_tokens;
    let app = spawn_app().await;
    assert_eq!(app.register("late@example.com", "applicant").await.status(), 201);
    let token = app.verification_token("late@example.com", 1).await;
    app.db
        .run(|conn| {
            let past = juxian::db::now() - chrono::Duration::hours(25);
            diesel::update(email_tokens::table)
                .set(email_tokens::expires_at.eq(past))
                .execute(conn)?;
            Ok(())
        })
        .await
        .unwrap();
    assert_problem(
        app.post("/api/v1/auth/verify-email", &json!({"token": token})).await,
        400,
        "invalid_token",
    )
    .await;
    assert_eq!(app.user("late@example.com").await.status, "pending");
}
