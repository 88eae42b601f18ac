//! Personal information (PIPL): consent to the privacy notice at registration (version and time
//! recorded), the download of what the portal holds about a person from every domain, and account
//! closure: requested once, approved by HR (what the law requires kept, the rest erased or
//! anonymised, mail, audit) or rejected with a reason; roles × endpoints; races.

use crate::enterprises::{audit_actions, expect_access};
use crate::fairs::published_fair;
use crate::helpers::*;
use crate::payouts::awarded;
use crate::subsidies::{applicant, resume};
use chrono::Duration;
use diesel::prelude::*;
use juxian::db::schema::{
    account_closures, attachments, fair_registrations, payouts, privacy_consents, subsidy_applications, talent_profiles,
};
use reqwest::Method;
use serde_json::{json, Value};

const NOTICE: fn() -> &'static str = juxian::privacy::notice::version;

fn body(email: &str, version: Option<&str>) -> Value {
    let mut b = json!({"email": email, "password": PASSWORD, "display_name": "王芳", "role": "applicant"});
    if let Some(v) = version {
        b["privacy_notice_version"] = json!(v);
    }
    b
}

/// The consents stored for an account: (version, time).
async fn consents(app: &TestApp, user_id: &str) -> Vec<(String, chrono::NaiveDateTime)> {
    let id = user_id.to_string();
    app.db
        .run(move |conn| {
            Ok(privacy_consents::table
                .filter(privacy_consents::user_id.eq(id))
                .select((privacy_consents::notice_version, privacy_consents::consented_at))
                .load(conn)?)
        })
        .await
        .unwrap()
}

#[tokio::test]
async fn registration_needs_consent_to_the_notice_in_force_and_records_it() {
    let app = spawn_app().await;
    let zh: Value = app
        .client
        .get(app.url("/api/v1/privacy-notice"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let en: Value = app
        .client
        .get(app.url("/api/v1/privacy-notice?locale=en"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (zh["version"].as_str(), en["version"].as_str()),
        (Some(NOTICE()), Some(NOTICE()))
    );
    assert!(zh["text"].as_str().unwrap().contains("个人信息保护法"));
    assert!(en["text"]
        .as_str()
        .unwrap()
        .contains("Personal Information Protection Law"));

    // Without consent, or consenting to another version, nothing is stored and nobody is mailed.
    let before = app.snapshot().await;
    for version in [None, Some("2020-01-01"), Some("")] {
        let res = app
            .post("/api/v1/auth/register", &body("wang@example.com", version))
            .await;
        let problem = assert_problem(res, 422, "privacy_consent_required").await;
        assert!(problem["detail"].as_str().unwrap().contains(NOTICE()));
    }
    assert_eq!(app.snapshot().await, before, "a refused registration changed something");

    let res = app
        .post("/api/v1/auth/register", &body("wang@example.com", Some(NOTICE())))
        .await;
    assert_eq!(res.status(), 201);
    let user = app.user("wang@example.com").await;
    let stored = consents(&app, &user.id).await;
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].0, NOTICE());
    assert!(
        (stored[0].1 - user.created_at).num_seconds().abs() <= 1,
        "the consent's time is the registration's"
    );
    assert!(audit_actions(&app, "user")
        .await
        .contains(&"account.registered".to_string()));

    // The person finds their consent in their data.
    let token = app.token_of_verified("wang@example.com").await;
    let data: Value = app.get_auth("/api/v1/me/data", &token).await.json().await.unwrap();
    assert_eq!(data["sections"]["privacy"]["consents"][0]["notice_version"], NOTICE());
}

impl TestApp {
    /// Verify the first mailed link of `email` and log in.
    async fn token_of_verified(&self, email: &str) -> String {
        let token = self.verification_token(email, 1).await;
        assert_eq!(
            self.post("/api/v1/auth/verify-email", &json!({"token": token}))
                .await
                .status(),
            200
        );
        self.login(email, PASSWORD).await
    }
}

/// An applicant with a profile, a résumé and a fair sign-up; returns (token, user id, fair id).
async fn busy_applicant(app: &TestApp, hr: &str, email: &str, seq: u32) -> (String, String, String) {
    let token = applicant(app, email, "刘大伟", seq).await;
    resume(app, &token).await;
    let fair = published_fair(app, hr, 5, Duration::days(5)).await;
    let res = app
        .post_auth(&format!("/api/v1/job-fairs/{fair}/registrations"), &token, &json!({}))
        .await;
    assert_eq!(res.status(), 201);
    (token, app.user(email).await.id, fair)
}

#[tokio::test]
async fn my_data_has_a_section_from_every_domain_and_nobody_elses() {
    let app = spawn_app().await;
    let hr = app.staff("hr@example.com", "hr").await;
    let (token, _, _) = busy_applicant(&app, &hr, "liu@example.com", 1).await;
    let (_other, _, _) = busy_applicant(&app, &hr, "zhao@example.com", 2).await;
    let res = app.get_auth("/api/v1/me/data", &token).await;
    assert_eq!(res.status(), 200);
    let disposition = res.headers()["content-disposition"].to_str().unwrap().to_string();
    assert!(
        disposition.starts_with("attachment; filename=\"juxian-my-data-"),
        "{disposition}"
    );
    let text = res.text().await.unwrap();
    let data: Value = serde_json::from_str(&text).unwrap();
    let names: Vec<&str> = data["sections"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected: Vec<&str> = juxian::PERSONAL_DATA.iter().map(|h| h.name).collect();
    expected.sort();
    let mut got = names.clone();
    got.sort();
    assert_eq!(got, expected, "one section per holder");
    let s = &data["sections"];
    assert_eq!(s["account"]["user"]["email"], "liu@example.com");
    assert_eq!(s["profile"]["full_name"], "刘大伟");
    assert_eq!(s["attachments"].as_array().unwrap().len(), 1);
    assert_eq!(s["fair_registrations"].as_array().unwrap().len(), 1);
    assert!(s["fair_registrations"][0]["ticket_code"].is_string());
    assert!(s["enterprise"].is_null());
    // Sensitive numbers only masked, and nothing of the other applicant.
    assert!(
        !text.contains("6228480402564890018"),
        "no full bank account in the download"
    );
    assert!(!text.contains("zhao@example.com"));
    // Staff may download theirs too.
    let data: Value = app.get_auth("/api/v1/me/data", &hr).await.json().await.unwrap();
    assert_eq!(data["sections"]["account"]["user"]["role"], "hr");
}

/// The mail to `to` whose subject holds `marker` (waits up to 10 s).
async fn mail_with(app: &TestApp, to: &str, marker: &str) -> crate::smtp::Received {
    for _ in 0..200 {
        if let Some(m) = app.mail().to(to).into_iter().find(|m| m.subject().contains(marker)) {
            return m;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("no mail to {to} with {marker}");
}

/// Files under the attachment store.
fn stored_files(app: &TestApp) -> usize {
    let root = app.config.data_dir.join("files");
    let Ok(dirs) = std::fs::read_dir(root) else { return 0 };
    dirs.flatten()
        .map(|d| std::fs::read_dir(d.path()).map(|f| f.count()).unwrap_or(0))
        .sum()
}

#[tokio::test]
async fn an_approved_closure_erases_the_profile_and_files_and_anonymises_the_account() {
    let app = spawn_app().await;
    let hr = app.staff("hr@example.com", "hr").await;
    let (token, user_id, fair) = busy_applicant(&app, &hr, "liu@example.com", 1).await;
    assert_eq!(stored_files(&app), 1);

    let res = app
        .post_auth(
            "/api/v1/me/closure-requests",
            &token,
            &json!({"reason": "  不再使用本平台 "}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let request: Value = res.json().await.unwrap();
    assert_eq!(
        (request["status"].as_str(), request["reason"].as_str()),
        (Some("requested"), Some("不再使用本平台"))
    );
    mail_with(&app, "liu@example.com", "账号注销申请已受理").await;
    // One open request at a time.
    let before = app.snapshot().await;
    assert_problem(
        app.post_auth("/api/v1/me/closure-requests", &token, &json!({})).await,
        409,
        "closure_already_requested",
    )
    .await;
    assert_eq!(app.snapshot().await, before);
    let mine: Value = app
        .get_auth("/api/v1/me/closure-requests", &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine.as_array().unwrap().len(), 1);

    // HR's queue names the account.
    let queue: Value = app
        .get_auth("/api/v1/account-closures?status=requested", &hr)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(queue["total"], 1);
    assert_eq!(queue["items"][0]["email"], "liu@example.com");
    let id = queue["items"][0]["id"].as_str().unwrap().to_string();

    let res = app
        .post_auth(&format!("/api/v1/account-closures/{id}/approve"), &hr, &json!({}))
        .await;
    assert_eq!(res.status(), 200);
    let decided: Value = res.json().await.unwrap();
    assert_eq!(decided["status"], "approved");
    assert_eq!(decided["email"], format!("closed-{user_id}@closed.invalid"));
    assert_eq!(decided["display_name"], "已注销用户");
    assert_eq!(decided["outcome"]["profile"]["profiles_deleted"], 1);
    assert_eq!(decided["outcome"]["attachments"]["deleted"], 1);

    // Told at the address the person had.
    let approved = mail_with(&app, "liu@example.com", "账号注销申请已批准").await;
    assert!(approved.text().contains("法律、法规要求保存的记录"));

    // The account is gone for sign-in and every session ended.
    assert_problem(
        app.post(
            "/api/v1/auth/login",
            &json!({"email": "liu@example.com", "password": PASSWORD}),
        )
        .await,
        401,
        "invalid_credentials",
    )
    .await;
    assert_eq!(app.get_auth("/api/v1/me", &token).await.status(), 401);

    // Profile and file gone; the sign-up stays for the fair's figures, its ticket void.
    let uid = user_id.clone();
    let (profiles, files, tickets, regs) = app
        .db
        .run(move |conn| {
            Ok((
                talent_profiles::table
                    .filter(talent_profiles::user_id.eq(&uid))
                    .count()
                    .get_result::<i64>(conn)?,
                attachments::table
                    .filter(attachments::owner_id.eq(&uid))
                    .count()
                    .get_result::<i64>(conn)?,
                fair_registrations::table
                    .filter(fair_registrations::user_id.eq(&uid))
                    .filter(fair_registrations::ticket_code.is_not_null())
                    .count()
                    .get_result::<i64>(conn)?,
                fair_registrations::table
                    .filter(fair_registrations::user_id.eq(&uid))
                    .count()
                    .get_result::<i64>(conn)?,
            ))
        })
        .await
        .unwrap();
    assert_eq!((profiles, files, tickets, regs), (0, 0, 0, 1));
    assert_eq!(stored_files(&app), 0, "the file left the disk after the commit");
    let stats: Value = app
        .get_auth(&format!("/api/v1/job-fairs/{fair}/stats"), &hr)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(stats["registrations"], 1);

    let actions = audit_actions(&app, "account_closure").await;
    assert_eq!(actions, ["account.closure_requested", "account.closure_approved"]);
    // Decided once.
    let before = app.snapshot().await;
    for action in ["approve", "reject"] {
        assert_problem(
            app.post_auth(
                &format!("/api/v1/account-closures/{id}/{action}"),
                &hr,
                &json!({"reason": "再次处理"}),
            )
            .await,
            409,
            "invalid_transition",
        )
        .await;
    }
    assert_eq!(app.snapshot().await, before);
}

/// The person's awarded applications and payouts.
async fn kept(app: &TestApp, user_id: &str) -> (i64, i64) {
    let uid = user_id.to_string();
    app.db
        .run(move |conn| {
            Ok((
                subsidy_applications::table
                    .filter(subsidy_applications::applicant_id.eq(&uid))
                    .filter(subsidy_applications::status.eq("awarded"))
                    .count()
                    .get_result::<i64>(conn)?,
                payouts::table
                    .filter(payouts::recipient_user_id.eq(&uid))
                    .count()
                    .get_result::<i64>(conn)?,
            ))
        })
        .await
        .unwrap()
}

#[tokio::test]
async fn a_closure_keeps_the_payments_and_awards_the_law_requires() {
    let app = spawn_app().await;
    let (_, hr, _, _, _) = awarded(&app, 1, 3000).await;
    let token = app.login("race0@example.com", PASSWORD).await;
    let user_id = app.user("race0@example.com").await.id;
    let kept_before = kept(&app, &user_id).await;
    assert_eq!(kept_before.0, 1);
    let request: Value = app
        .post_auth("/api/v1/me/closure-requests", &token, &json!({}))
        .await
        .json()
        .await
        .unwrap();
    let id = request["id"].as_str().unwrap();
    let res = app
        .post_auth(&format!("/api/v1/account-closures/{id}/approve"), &hr, &json!({}))
        .await;
    assert_eq!(res.status(), 200);
    let decided: Value = res.json().await.unwrap();
    assert_eq!(decided["outcome"]["subsidy_applications"]["kept_as_required"], 1);
    assert_eq!(decided["outcome"]["profile"]["profiles_trimmed"], 1);
    assert_eq!(kept(&app, &user_id).await, kept_before, "awards and payouts kept");
    // The identity the award was made to stays; the rest of the profile goes.
    let uid = user_id.clone();
    let (name, phone, bank): (String, String, Option<String>) = app
        .db
        .run(move |conn| {
            Ok(talent_profiles::table
                .find(uid)
                .select((
                    talent_profiles::full_name,
                    talent_profiles::phone,
                    talent_profiles::bank_account_enc,
                ))
                .first(conn)?)
        })
        .await
        .unwrap();
    assert_eq!((name.as_str(), phone.as_str(), bank), ("刘大伟", "", None));
}

#[tokio::test]
async fn a_rejection_needs_a_reason_tells_it_and_keeps_the_account() {
    let app = spawn_app().await;
    let admin = app.admin("admin@example.com").await;
    let token = app.signup("chen@example.com", "employer").await;
    let request: Value = app
        .post_auth("/api/v1/me/closure-requests", &token, &json!({}))
        .await
        .json()
        .await
        .unwrap();
    let path = format!("/api/v1/account-closures/{}/reject", request["id"].as_str().unwrap());
    let before = app.snapshot().await;
    for bad in [json!({"reason": "  "}), json!({}), json!({"reason": "x".repeat(501)})] {
        let res = app.post_auth(&path, &admin, &bad).await;
        assert!(res.status().is_client_error(), "{bad}");
    }
    assert_problem(
        app.post_auth("/api/v1/account-closures/nope/reject", &admin, &json!({"reason": "无"}))
            .await,
        404,
        "not_found",
    )
    .await;
    assert_problem(
        app.post_auth(
            "/api/v1/me/closure-requests",
            &token,
            &json!({"reason": "长".repeat(501)}),
        )
        .await,
        400,
        "validation_failed",
    )
    .await;
    assert_eq!(app.snapshot().await, before, "refused requests changed nothing");

    let res = app
        .post_auth(&path, &admin, &json!({"reason": "贵单位尚有招聘会展位未结束"}))
        .await;
    assert_eq!(res.status(), 200);
    let decided: Value = res.json().await.unwrap();
    assert_eq!(
        (decided["status"].as_str(), decided["email"].as_str()),
        (Some("rejected"), Some("chen@example.com"))
    );
    // Verification mail, receipt, rejection.
    let mail = app.mail().wait_for("chen@example.com", 3).await;
    assert!(mail[2].subject().contains("未通过"));
    assert!(mail[2].text().contains("贵单位尚有招聘会展位未结束"));
    assert_eq!(
        app.get_auth("/api/v1/me", &token).await.status(),
        200,
        "the account stays open"
    );
    // A new request may follow a rejection.
    assert_eq!(
        app.post_auth("/api/v1/me/closure-requests", &token, &json!({}))
            .await
            .status(),
        201
    );
    assert_eq!(
        audit_actions(&app, "account_closure").await,
        [
            "account.closure_requested",
            "account.closure_rejected",
            "account.closure_requested"
        ]
    );
}

#[tokio::test]
async fn role_by_endpoint_table_for_privacy() {
    let app = spawn_app().await;
    let applicant = app.staff("a@example.com", "applicant").await;
    let employer = app.staff("e@example.com", "employer").await;
    let hr = app.staff("hr@example.com", "hr").await;
    let finance = app.staff("f@example.com", "finance").await;
    let admin = app.admin("admin@example.com").await;
    let rows = vec![
        (
            Method::GET,
            "/api/v1/privacy-notice".to_string(),
            None,
            [200, 200, 200, 200, 200, 200],
        ),
        (
            Method::GET,
            "/api/v1/me/data".into(),
            None,
            [401, 200, 200, 200, 200, 200],
        ),
        (
            Method::GET,
            "/api/v1/me/closure-requests".into(),
            None,
            [401, 200, 200, 403, 403, 403],
        ),
        (
            Method::GET,
            "/api/v1/account-closures".into(),
            None,
            [401, 403, 403, 200, 403, 200],
        ),
        (
            Method::POST,
            "/api/v1/account-closures/none/approve".into(),
            Some(json!({})),
            [401, 403, 403, 404, 403, 404],
        ),
        (
            Method::POST,
            "/api/v1/account-closures/none/reject".into(),
            Some(json!({"reason": "无"})),
            [401, 403, 403, 404, 403, 404],
        ),
        // Last: the two that may ask have asked once each.
        (
            Method::POST,
            "/api/v1/me/closure-requests".into(),
            Some(json!({})),
            [401, 201, 201, 403, 403, 403],
        ),
    ];
    let cast = [
        ("anonymous", None),
        ("applicant", Some(applicant)),
        ("employer", Some(employer)),
        ("hr", Some(hr)),
        ("finance", Some(finance)),
        ("admin", Some(admin)),
    ];
    expect_access(&app, &cast, rows).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_concurrent_requests_make_one_and_fifty_approvals_decide_it_once() {
    let app = spawn_app().await;
    let hr = app.staff("hr@example.com", "hr").await;
    let token = applicant(&app, "sun@example.com", "孙丽", 7).await;
    let send_all = |path: String, token: String| {
        let app_client = app.client.clone();
        let url = app.url(&path);
        async move {
            let tasks: Vec<_> = (0..50)
                .map(|_| {
                    let (client, url, token) = (app_client.clone(), url.clone(), token.clone());
                    tokio::spawn(async move {
                        let res = client
                            .post(url)
                            .bearer_auth(token)
                            .json(&json!({}))
                            .send()
                            .await
                            .unwrap();
                        let status = res.status().as_u16();
                        let code = res
                            .json::<Value>()
                            .await
                            .ok()
                            .and_then(|b| b["code"].as_str().map(String::from));
                        (status, code)
                    })
                })
                .collect();
            let mut out = Vec::new();
            for t in tasks {
                out.push(t.await.unwrap());
            }
            out
        }
    };
    let results = send_all("/api/v1/me/closure-requests".into(), token.clone()).await;
    assert_eq!(results.iter().filter(|r| r.0 == 201).count(), 1, "{results:?}");
    assert!(results
        .iter()
        .filter(|r| r.0 != 201)
        .all(|r| r.0 == 409 && r.1.as_deref() == Some("closure_already_requested")));
    let user_id = app.user("sun@example.com").await.id;
    let uid = user_id.clone();
    let rows: Vec<String> = app
        .db
        .run(move |conn| {
            Ok(account_closures::table
                .filter(account_closures::user_id.eq(uid))
                .select(account_closures::id)
                .load(conn)?)
        })
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);

    let results = send_all(format!("/api/v1/account-closures/{}/approve", rows[0]), hr.clone()).await;
    assert_eq!(results.iter().filter(|r| r.0 == 200).count(), 1, "{results:?}");
    assert!(results
        .iter()
        .filter(|r| r.0 != 200)
        .all(|r| r.0 == 409 && r.1.as_deref() == Some("invalid_transition")));
    assert_eq!(
        audit_actions(&app, "account_closure").await,
        ["account.closure_requested", "account.closure_approved"]
    );
    // One approval mail (and one receipt), never two.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(app.mail().to("sun@example.com").len(), 2);
}
