//! Tokens, sign-in throttling, rate limits, proxies and role checks: every refusal is a problem answer and changes nothing.

use crate::helpers::*;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{json, Value};

fn forge(app: &TestApp, claims: Value, alg: Algorithm) -> String {
    let key = juxian::crypto::derive_key(&app.config.secret_key, b"juxian/jwt/v1");
    if alg == Algorithm::HS512 {
        // The portal's JWT provider signs HS256 only, so the other algorithm is signed by hand.
        use hmac::{Hmac, Mac};
        let header = URL_SAFE_NO_PAD.encode(json!({"alg": "HS512", "typ": "JWT"}).to_string());
        let body = URL_SAFE_NO_PAD.encode(claims.to_string());
        let mut mac = Hmac::<sha2::Sha512>::new_from_slice(&key).unwrap();
        mac.update(format!("{header}.{body}").as_bytes());
        let signature = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
        return format!("{header}.{body}.{signature}");
    }
    jsonwebtoken::encode(&Header::new(alg), &claims, &EncodingKey::from_secret(&key)).unwrap()
}

fn claims(sub: &str, sid: &str, overrides: Value) -> Value {
    let now = chrono::Utc::now().timestamp();
    let mut c = json!({"iss": "juxian", "aud": "juxian-api", "sub": sub, "exp": now + 600, "nbf": now, "iat": now,
        "jti": "x", "typ": "access", "role": "admin", "ver": 0, "sid": sid});
    for (k, v) in overrides.as_object().unwrap() {
        c[k] = v.clone();
    }
    c
}

#[tokio::test]
async fn bad_access_tokens_are_refused() {
    let app = spawn_app().await;
    let good = app.signup("victim@example.com", "applicant").await;
    let id = app.user("victim@example.com").await.id;
    let parts: Vec<&str> = good.split('.').collect();
    let payload: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
    let sid = payload["sid"]
        .as_str()
        .expect("the access token names its session")
        .to_string();
    let claims = |sub: &str, overrides: Value| claims(sub, &sid, overrides);
    assert_eq!(
        app.get_auth("/api/v1/me", &forge(&app, claims(&id, json!({})), Algorithm::HS256))
            .await
            .status(),
        200,
        "control: a well-formed token works"
    );

    let now = chrono::Utc::now().timestamp();
    let none_header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
    let mut tampered_payload: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(parts[1]).unwrap()).unwrap();
    tampered_payload["role"] = json!("admin");
    let tampered = format!(
        "{}.{}.{}",
        parts[0],
        URL_SAFE_NO_PAD.encode(tampered_payload.to_string()),
        parts[2]
    );
    let bad = [
        ("garbage", "not-a-token".to_string()),
        ("alg none", format!("{none_header}.{}.", parts[1])),
        ("tampered payload", tampered),
        (
            "expired",
            forge(
                &app,
                claims(&id, json!({"exp": now - 120, "iat": now - 1000, "nbf": now - 1000})),
                Algorithm::HS256,
            ),
        ),
        (
            "not yet valid",
            forge(&app, claims(&id, json!({"nbf": now + 600})), Algorithm::HS256),
        ),
        (
            "wrong audience",
            forge(&app, claims(&id, json!({"aud": "another-api"})), Algorithm::HS256),
        ),
        (
            "wrong issuer",
            forge(&app, claims(&id, json!({"iss": "evil"})), Algorithm::HS256),
        ),
        (
            "refresh type",
            forge(&app, claims(&id, json!({"typ": "refresh"})), Algorithm::HS256),
        ),
        (
            "old token version",
            forge(&app, claims(&id, json!({"ver": -1})), Algorithm::HS256),
        ),
        ("other algorithm", forge(&app, claims(&id, json!({})), Algorithm::HS512)),
        // CVE-2026-25537: time claims of the wrong type are refused, not skipped.
        (
            "exp as a string",
            forge(
                &app,
                claims(&id, json!({"exp": (now + 600).to_string()})),
                Algorithm::HS256,
            ),
        ),
        (
            "nbf as a string",
            forge(&app, claims(&id, json!({"nbf": now.to_string()})), Algorithm::HS256),
        ),
        (
            "nbf in the future as a string",
            forge(
                &app,
                claims(&id, json!({"nbf": (now + 600).to_string()})),
                Algorithm::HS256,
            ),
        ),
        (
            "unknown session",
            forge(&app, claims(&id, json!({"sid": "no-such-session"})), Algorithm::HS256),
        ),
        (
            "no session",
            forge(&app, claims(&id, json!({"sid": null})), Algorithm::HS256),
        ),
        (
            "unknown user",
            forge(&app, claims("no-such-user", json!({})), Algorithm::HS256),
        ),
    ];
    for (name, token) in bad {
        let res = app.get_auth("/api/v1/me", &token).await;
        assert_eq!(res.status(), 401, "{name}");
        assert_problem(res, 401, "unauthorized").await;
    }
    // No token at all, and a refresh-cookie value or e-mail token used as a bearer token.
    assert_problem(
        app.client.get(app.url("/api/v1/me")).send().await.unwrap(),
        401,
        "unauthorized",
    )
    .await;
    let email_token = app.mail().wait_for("victim@example.com", 1).await[0]
        .token("token=")
        .unwrap();
    assert_problem(app.get_auth("/api/v1/me", &email_token).await, 401, "unauthorized").await;
}

async fn login_from(app: &TestApp, forwarded: &str, email: &str, password: &str) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/auth/login"))
        .header("X-Forwarded-For", forwarded)
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap()
}

fn retry_after(res: &reqwest::Response) -> i64 {
    res.headers()
        .get("retry-after")
        .expect("retry-after")
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}

#[tokio::test]
async fn wrong_passwords_slow_down_their_source_and_never_lock_the_account() {
    let app = spawn_with(Options {
        trust_proxy_hops: 1,
        ..Options::default()
    })
    .await;
    app.staff("hr-lock@example.com", "hr").await;
    let (a, b) = ("198.51.100.1", "203.0.113.2");
    let mut waits = Vec::new();
    let mut failures = 0;
    while failures < 20 {
        let res = login_from(&app, a, "hr-lock@example.com", &format!("wrong-{failures}-password")).await;
        if res.status() == 429 {
            let wait = retry_after(&res);
            assert_problem(res, 429, "rate_limited").await;
            waits.push(wait);
            app.clock.advance(chrono::Duration::seconds(wait));
            continue;
        }
        assert_problem(res, 401, "invalid_credentials").await;
        failures += 1;
    }
    // Free tries first, then a wait that doubles after every further failure, up to an hour.
    assert_eq!(waits.len(), 15, "{waits:?}");
    assert_eq!(&waits[..4], &[30, 60, 120, 240], "{waits:?}");
    assert_eq!(*waits.last().unwrap(), 3600, "{waits:?}");
    // The real user signs in from the office at once, even right after all that.
    assert_eq!(login_from(&app, b, "hr-lock@example.com", PASSWORD).await.status(), 200);
    // The guessing source waits, even with the right password, and forging a left-most
    // X-Forwarded-For value does not make it another source.
    let res = login_from(&app, a, "hr-lock@example.com", PASSWORD).await;
    assert!(retry_after(&res) > 3000);
    assert_problem(res, 429, "rate_limited").await;
    let forged = login_from(&app, &format!("{b}, {a}"), "hr-lock@example.com", PASSWORD).await;
    assert_problem(forged, 429, "rate_limited").await;
    // Every failure is audited; no lock-out is.
    let user = app.user("hr-lock@example.com").await;
    let actions = crate::accounts::audit_actions(&app, &user.id).await;
    assert_eq!(actions.iter().filter(|a| *a == "account.login_failed").count(), 20);
    assert!(!actions.iter().any(|a| a == "account.locked"));
    // Once the wait is over the source may sign in again.
    app.clock.advance(chrono::Duration::hours(1));
    assert_eq!(login_from(&app, a, "hr-lock@example.com", PASSWORD).await.status(), 200);
}

#[tokio::test]
async fn unknown_addresses_are_slowed_down_alike() {
    let app = spawn_with(Options {
        trust_proxy_hops: 1,
        ..Options::default()
    })
    .await;
    app.signup("real@example.com", "applicant").await;
    for email in ["real@example.com", "ghost@example.com"] {
        for _ in 0..5 {
            let res = login_from(&app, "198.51.100.9", email, "wrong-password-x").await;
            assert_problem(res, 401, "invalid_credentials").await;
        }
        let res = login_from(&app, "198.51.100.9", email, "wrong-password-x").await;
        assert_eq!(retry_after(&res), 30, "{email}");
        assert_problem(res, 429, "rate_limited").await;
    }
}

#[tokio::test]
async fn behind_a_proxy_the_client_is_the_right_most_hop() {
    use diesel::prelude::*;
    use juxian::db::schema::audit_events;
    let app = spawn_with(Options {
        trust_proxy_hops: 1,
        ..Options::default()
    })
    .await;
    app.signup("hop@example.com", "applicant").await;
    let res = login_from(&app, "6.6.6.6, 203.0.113.50", "hop@example.com", PASSWORD).await;
    assert_eq!(res.status(), 200);
    let direct = spawn_app().await; // trusts no proxy: the header is ignored
    direct.signup("hop@example.com", "applicant").await;
    assert_eq!(
        login_from(&direct, "6.6.6.6", "hop@example.com", PASSWORD)
            .await
            .status(),
        200
    );
    let last_login_ip = |app: &TestApp| {
        let db = app.db.clone();
        async move {
            db.run(|conn| {
                Ok(audit_events::table
                    .filter(audit_events::action.eq("account.login"))
                    .order(audit_events::seq.desc())
                    .select(audit_events::ip)
                    .first::<Option<String>>(conn)?)
            })
            .await
            .unwrap()
        }
    };
    assert_eq!(last_login_ip(&app).await.as_deref(), Some("203.0.113.50"));
    assert_eq!(last_login_ip(&direct).await.as_deref(), Some("127.0.0.1"));
}

#[tokio::test]
async fn unknown_email_and_wrong_password_answer_the_same() {
    let app = spawn_app().await;
    app.signup("known@example.com", "applicant").await;
    let a = app
        .post(
            "/api/v1/auth/login",
            &json!({"email": "known@example.com", "password": "wrong-password"}),
        )
        .await;
    let b = app
        .post(
            "/api/v1/auth/login",
            &json!({"email": "unknown@example.com", "password": "wrong-password"}),
        )
        .await;
    let (a, b) = (
        assert_problem(a, 401, "invalid_credentials").await,
        assert_problem(b, 401, "invalid_credentials").await,
    );
    assert_eq!(a, b);
}

#[tokio::test]
async fn auth_endpoints_are_rate_limited_per_client() {
    let app = spawn_with(Options {
        rate_per_min: 3,
        ..Options::default()
    })
    .await;
    for _ in 0..3 {
        let res = app
            .post(
                "/api/v1/auth/login",
                &json!({"email": "x@example.com", "password": "whatever-pass"}),
            )
            .await;
        assert_eq!(res.status(), 401);
    }
    let res = app
        .post(
            "/api/v1/auth/login",
            &json!({"email": "x@example.com", "password": "whatever-pass"}),
        )
        .await;
    assert!(res.headers().contains_key("retry-after"));
    assert_problem(res, 429, "rate_limited").await;
}

#[tokio::test]
async fn roles_are_enforced_on_admin_endpoints() {
    let app = spawn_app().await;
    let applicant = app.signup("app@example.com", "applicant").await;
    let employer = app.signup("emp@example.com", "employer").await;
    let before = app.snapshot().await;
    for token in [&applicant, &employer] {
        assert_problem(app.get_auth("/api/v1/users", token).await, 403, "forbidden").await;
        assert_problem(app.get_auth("/api/v1/audit-events", token).await, 403, "forbidden").await;
        assert_problem(app.get_auth("/api/v1/admin/outbox", token).await, 403, "forbidden").await;
        let res = app
            .post_auth(
                "/api/v1/users",
                token,
                &json!({"email": "hr@example.com", "display_name": "HR", "role": "hr"}),
            )
            .await;
        assert_problem(res, 403, "forbidden").await;
    }
    for path in ["/api/v1/users", "/api/v1/audit-events", "/api/v1/admin/outbox"] {
        assert_problem(app.client.get(app.url(path)).send().await.unwrap(), 401, "unauthorized").await;
    }
    assert_eq!(app.snapshot().await, before, "nothing changed");
}

#[tokio::test]
async fn nobody_registers_as_staff_or_sets_status() {
    let app = spawn_app().await;
    let before = app.snapshot().await;
    let res = app
        .post(
            "/api/v1/auth/register",
            &json!({"email": "a@example.com", "password": PASSWORD, "display_name": "A", "role": "admin"}),
        )
        .await;
    let body = assert_problem(res, 400, "validation_failed").await;
    assert_eq!(body["errors"][0]["field"], "role");
    let res = app.post("/api/v1/auth/register", &json!({"email": "a@example.com", "password": PASSWORD, "display_name": "A", "role": "applicant", "privacy_notice_version": juxian::privacy::notice::version(), "status": "active"})).await;
    let body = assert_problem(res, 400, "validation_failed").await;
    assert_eq!(
        body["errors"][0],
        json!({"field": "status", "code": "unknown_field", "message": "`status` is not an accepted field."})
    );
    assert_eq!(app.snapshot().await, before, "nothing changed");
}
