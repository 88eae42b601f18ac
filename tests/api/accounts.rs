//! The account life cycle a real user goes through.

use crate::helpers::*;
use serde_json::{json, Value};

#[tokio::test]
async fn register_verify_login_refresh_logout() {
    let app = spawn_app().await;
    let res = app
        .post("/api/v1/auth/register", &json!({"email": " Li.Si@Example.COM ", "password": PASSWORD, "display_name": "李四", "role": "applicant", "privacy_notice_version": juxian::privacy::notice::version(), "locale": "en"}))
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
    // After the grace period the old token comes back: theft is assumed and the chain dies,
    // including the newest token.
    app.clock.advance(chrono::Duration::seconds(31));
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

async fn refresh_with(app: &TestApp, cookie: &str) -> reqwest::Response {
    reqwest::Client::new()
        .post(app.url("/api/v1/auth/refresh"))
        .header("X-Requested-With", "x")
        .header("Cookie", format!("juxian_refresh={cookie}"))
        .send()
        .await
        .unwrap()
}

async fn login_cookie(app: &TestApp, email: &str) -> (String, String) {
    let res = reqwest::Client::new()
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": email, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let cookie = cookie_value(&res);
    let body: Value = res.json().await.unwrap();
    (cookie, body["access_token"].as_str().unwrap().to_string())
}

#[tokio::test]
async fn a_token_presented_again_within_the_grace_period_gets_the_same_successor() {
    let app = spawn_app().await;
    app.signup("tabs@example.com", "applicant").await;
    let (first, _) = login_cookie(&app, "tabs@example.com").await;
    let res = refresh_with(&app, &first).await;
    assert_eq!(res.status(), 200);
    let second = cookie_value(&res);
    // The answer was lost (or a second tab sent the same cookie): the same successor again.
    app.clock.advance(chrono::Duration::seconds(20));
    let again = refresh_with(&app, &first).await;
    assert_eq!(again.status(), 200);
    assert_eq!(cookie_value(&again), second);
    let access = again.json::<Value>().await.unwrap()["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(app.get_auth("/api/v1/me", &access).await.status(), 200);
    // The session goes on from the successor.
    let res = refresh_with(&app, &second).await;
    assert_eq!(res.status(), 200);
    let third = cookie_value(&res);
    assert_ne!(third, second);
    // The first token is still within 30 s of its use and leads to the newest token.
    let res = refresh_with(&app, &first).await;
    assert_eq!(res.status(), 200);
    assert_eq!(cookie_value(&res), third);
    let user = app.user("tabs@example.com").await;
    assert!(!audit_actions(&app, &user.id)
        .await
        .contains(&"account.refresh_reuse_detected".to_string()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn many_tabs_refreshing_at_once_share_one_successor_and_stay_signed_in() {
    let app = spawn_app().await;
    app.signup("many-tabs@example.com", "applicant").await;
    let (first, _) = login_cookie(&app, "many-tabs@example.com").await;
    let mut tasks = Vec::new();
    for _ in 0..12 {
        let url = app.url("/api/v1/auth/refresh");
        let cookie = first.clone();
        tasks.push(tokio::spawn(async move {
            let res = reqwest::Client::new()
                .post(url)
                .header("X-Requested-With", "x")
                .header("Cookie", format!("juxian_refresh={cookie}"))
                .send()
                .await
                .unwrap();
            (res.status().as_u16(), cookie_value(&res))
        }));
    }
    let mut successors = std::collections::HashSet::new();
    for t in tasks {
        let (status, cookie) = t.await.unwrap();
        assert_eq!(status, 200);
        successors.insert(cookie);
    }
    assert_eq!(successors.len(), 1, "{successors:?}");
    let next = successors.into_iter().next().unwrap();
    assert_eq!(refresh_with(&app, &next).await.status(), 200);
}

#[tokio::test]
async fn logging_out_ends_the_access_token_at_once_in_every_process() {
    let app = spawn_app().await;
    app.signup("bye@example.com", "applicant").await;
    let (cookie, access) = login_cookie(&app, "bye@example.com").await;
    let (_, other_session) = login_cookie(&app, "bye@example.com").await;
    let sibling = app.spawn_sibling().await;
    let me_on = |base: String, token: String| async move {
        reqwest::Client::new()
            .get(format!("{base}/api/v1/me"))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    };
    assert_eq!(
        me_on(sibling.clone(), access.clone()).await,
        200,
        "control: the other process accepts it"
    );
    let res = reqwest::Client::new()
        .post(app.url("/api/v1/auth/logout"))
        .header("X-Requested-With", "x")
        .header("Cookie", format!("juxian_refresh={cookie}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    assert_problem(app.get_auth("/api/v1/me", &access).await, 401, "unauthorized").await;
    // The other process refuses it within two seconds (in fact at once: it reads the session).
    let mut refused = false;
    for _ in 0..20 {
        if me_on(sibling.clone(), access.clone()).await == 401 {
            refused = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(refused, "the sibling process still accepts an ended session");
    // Only that session ended: the same person's other sign-in goes on.
    assert_eq!(app.get_auth("/api/v1/me", &other_session).await.status(), 200);
    assert_eq!(me_on(sibling, other_session).await, 200);
    assert_problem(refresh_with(&app, &cookie).await, 401, "unauthorized").await;
}

#[tokio::test]
async fn a_disabled_account_is_signed_out_in_every_process_at_once() {
    let app = spawn_app().await;
    let admin = app.admin("root@example.com").await;
    let access = app.signup("gone@example.com", "applicant").await;
    let sibling = app.spawn_sibling().await;
    let id = app.user("gone@example.com").await.id;
    let res = app
        .patch_auth(&format!("/api/v1/users/{id}"), &admin, &json!({"disabled": true}))
        .await;
    assert_eq!(res.status(), 200);
    let res = reqwest::Client::new()
        .get(format!("{sibling}/api/v1/me"))
        .bearer_auth(&access)
        .send()
        .await
        .unwrap();
    assert_problem(res, 401, "unauthorized").await;
}

#[tokio::test]
async fn sessions_end_after_their_absolute_lifetime_however_often_they_refresh() {
    let app = spawn_app().await;
    app.staff("hr-day@example.com", "hr").await;
    app.signup("month@example.com", "applicant").await;
    let (mut staff, _) = login_cookie(&app, "hr-day@example.com").await;
    let (mut applicant, _) = login_cookie(&app, "month@example.com").await;
    // Staff: refreshing all day keeps the session only until 12 hours after sign-in.
    for _ in 0..11 {
        app.clock.advance(chrono::Duration::hours(1));
        let res = refresh_with(&app, &staff).await;
        assert_eq!(res.status(), 200);
        staff = cookie_value(&res);
    }
    app.clock.advance(chrono::Duration::minutes(61));
    assert_problem(refresh_with(&app, &staff).await, 401, "unauthorized").await;
    // Applicants: 30 days, refreshing every ten (each refresh token alone would live 14 days).
    for _ in 0..2 {
        let res = refresh_with(&app, &applicant).await;
        assert_eq!(res.status(), 200);
        applicant = cookie_value(&res);
        app.clock.advance(chrono::Duration::days(10));
    }
    let res = refresh_with(&app, &applicant).await;
    assert_eq!(res.status(), 200, "day 20 (and a half) of 30");
    let cookie = res.headers().get("set-cookie").unwrap().to_str().unwrap().to_string();
    let max_age: i64 = cookie
        .split(';')
        .find_map(|p| p.trim().strip_prefix("Max-Age="))
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        max_age <= 10 * 86_400,
        "the cookie does not outlive the session: {max_age}"
    );
    applicant = cookie_value(&res);
    app.clock.advance(chrono::Duration::days(10));
    assert_problem(refresh_with(&app, &applicant).await, 401, "unauthorized").await;
    // Signing in again starts a new session.
    let (fresh, _) = login_cookie(&app, "month@example.com").await;
    assert_eq!(refresh_with(&app, &fresh).await.status(), 200);
}

#[tokio::test]
async fn registering_a_taken_address_answers_as_for_a_new_one_and_mails_the_owner() {
    let app = spawn_app().await;
    app.signup("owner@example.com", "applicant").await;
    let owner = app.user("owner@example.com").await;
    let fresh = app
        .post(
            "/api/v1/auth/register",
            &json!({"email": "newcomer@example.com", "password": PASSWORD, "display_name": "新人", "role": "employer", "privacy_notice_version": juxian::privacy::notice::version()}),
        )
        .await;
    assert_eq!(fresh.status(), 201);
    let fresh: Value = fresh.json().await.unwrap();
    let users_before = app.snapshot().await.0;
    let again = app
        .post("/api/v1/auth/register", &json!({"email": " OWNER@example.com", "password": "Another-pass-77", "display_name": "冒名者", "role": "employer", "privacy_notice_version": juxian::privacy::notice::version(), "locale": "en"}))
        .await;
    assert_eq!(again.status(), 201);
    let again: Value = again.json().await.unwrap();
    let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&again), keys(&fresh), "the same shape");
    assert_eq!(again["email"], "owner@example.com");
    assert_eq!(
        (&again["status"], &again["role"], &again["locale"]),
        (&json!("pending"), &json!("employer"), &json!("en"))
    );
    assert_ne!(again["id"], json!(owner.id), "never the real account");
    assert_eq!(app.snapshot().await.0, users_before, "no account was created");
    let unchanged = app.user("owner@example.com").await;
    assert_eq!(
        (unchanged.password_hash, unchanged.role, unchanged.display_name),
        (owner.password_hash, owner.role, owner.display_name)
    );
    // The owner (not the registrant) is told, in the owner's language, with their own name.
    let mails = app.mail().wait_for("owner@example.com", 2).await;
    let mail = &mails[1];
    assert!(mail.subject().contains("有人尝试用您的邮箱注册"), "{}", mail.subject());
    assert!(mail.text().contains("张三") && !mail.text().contains("冒名者"));
    assert!(mail.text().contains("http://portal.test/forgot-password"));
    assert!(mail.token("token=").is_none(), "no link that acts on the account");
    assert!(audit_actions(&app, &owner.id)
        .await
        .contains(&"account.registration_attempted".to_string()));
    // The original password still signs in.
    app.login("owner@example.com", PASSWORD).await;
}

#[tokio::test]
async fn a_password_reset_refuses_passwords_built_from_the_address() {
    let app = spawn_app().await;
    app.signup("wang.wu@example.com", "applicant").await;
    assert_eq!(
        app.post("/api/v1/auth/password-reset", &json!({"email": "wang.wu@example.com"}))
            .await
            .status(),
        202
    );
    let token = app.mail().wait_for("wang.wu@example.com", 2).await[1]
        .token("/reset-password?token=")
        .unwrap();
    for weak in ["wangwu2026!", "aaaaaaaaaaaa", "juxian@2026", "iloveyou"] {
        let res = app
            .post(
                "/api/v1/auth/password-reset/confirm",
                &json!({"token": token, "new_password": weak}),
            )
            .await;
        let body = assert_problem(res, 400, "validation_failed").await;
        assert_eq!(body["errors"][0]["code"], "common_password", "{weak}");
    }
    let res = app
        .post(
            "/api/v1/auth/password-reset/confirm",
            &json!({"token": token, "new_password": "Quiet-lake-at-dawn"}),
        )
        .await;
    assert_eq!(res.status(), 204, "the link still works after refusals");
}

#[tokio::test]
async fn used_and_expired_tokens_are_deleted_after_thirty_days() {
    use diesel::prelude::*;
    use juxian::db::schema::{email_tokens, refresh_tokens, sessions};
    let app = spawn_app().await;
    app.signup("old@example.com", "applicant").await; // a used verification token, a session
    let (cookie, _) = login_cookie(&app, "old@example.com").await;
    let res = refresh_with(&app, &cookie).await; // a used refresh token
    assert_eq!(res.status(), 200);
    let counts = |app: &TestApp| {
        let db = app.db.clone();
        async move {
            db.run(|conn| {
                Ok((
                    email_tokens::table.count().get_result::<i64>(conn)?,
                    refresh_tokens::table.count().get_result::<i64>(conn)?,
                    sessions::table.count().get_result::<i64>(conn)?,
                ))
            })
            .await
            .unwrap()
        }
    };
    let before = counts(&app).await;
    assert_eq!(before, (1, 3, 2));
    // Twenty-nine days on nothing is old enough yet.
    app.clock.advance(chrono::Duration::days(29));
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    assert_eq!(counts(&app).await, before);
    app.clock.advance(chrono::Duration::days(2));
    let (live, _) = login_cookie(&app, "old@example.com").await;
    let mut after = counts(&app).await;
    for _ in 0..50 {
        if after == (0, 1, 1) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        after = counts(&app).await;
    }
    assert_eq!(after, (0, 1, 1), "only the new session and its token are kept");
    assert_eq!(refresh_with(&app, &live).await.status(), 200);
}
