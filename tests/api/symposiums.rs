//! Symposiums: HR's state machine (409s), invitations from the pool by filter with mail (each
//! person once, also under concurrent invites), RSVP only by the invitee, attendance only after
//! the symposium is held, what the attendee sees, the year figures, roles × endpoints, and bad
//! inputs that change nothing.

use crate::enterprises::{expect_access, send};
use crate::fairs::applicants;
use crate::helpers::*;
use chrono::{Duration, Utc};
use diesel::prelude::*;
use juxian::db::schema::{symposium_invitations, symposiums};
use reqwest::Method;
use serde_json::{json, Value};

/// Rows in the symposium tables, and every change elsewhere (accounts, audit, outbox, sessions).
async fn state(app: &TestApp) -> ((i64, i64, i64, i64), i64, i64, Vec<(String, Option<bool>)>, Vec<String>) {
    let snapshot = app.snapshot().await;
    app.db
        .run(move |conn| {
            Ok((
                snapshot,
                symposiums::table.count().get_result(conn)?,
                symposium_invitations::table.count().get_result(conn)?,
                symposium_invitations::table
                    .order(symposium_invitations::id)
                    .select((symposium_invitations::response, symposium_invitations::attended))
                    .load(conn)?,
                symposiums::table
                    .order(symposiums::id)
                    .select(symposiums::status)
                    .load(conn)?,
            ))
        })
        .await
        .unwrap()
}

fn body(title: &str, capacity: Option<i32>) -> Value {
    json!({"kind": "youth", "title": title, "starts_at": Utc::now() + Duration::days(7), "venue": "县委党校报告厅",
        "capacity": capacity, "agenda": "一、县领导讲话；二、青年人才代表发言"})
}

async fn create(app: &TestApp, hr: &str, capacity: Option<i32>) -> String {
    let res = app
        .post_auth("/api/v1/symposiums", hr, &body("2027年青年人才座谈会", capacity))
        .await;
    assert_eq!(res.status(), 201);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["status"], "draft");
    v["id"].as_str().unwrap().to_string()
}

/// An applicant with a complete profile of this education level and category.
async fn talent(app: &TestApp, email: &str, name: &str, level: &str, category: &str, id_number: &str) -> String {
    let token = app.signup(email, "applicant").await;
    let profile = json!({"full_name": name, "id_number": id_number, "phone": "13800138000",
        "categories": [category], "education": [{"level": level, "school": "湘潭大学", "major": "机械工程", "graduation_year": 2020}]});
    let res = app
        .client
        .put(app.url("/api/v1/me/profile"))
        .bearer_auth(&token)
        .json(&profile)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    token
}

async fn mine(app: &TestApp, token: &str) -> Value {
    let res = app.get_auth("/api/v1/me/symposiums", token).await;
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

async fn put(app: &TestApp, path: &str, token: &str, body: &Value) -> reqwest::Response {
    send(app, Method::PUT, path, Some(token), Some(body)).await
}

#[tokio::test]
async fn from_invitation_by_filter_to_attendance_and_summary() {
    let app = spawn_app().await;
    let hr = app.staff("hr@example.com", "hr").await;
    let doctor = talent(
        &app,
        "dr@example.com",
        "王博士",
        "doctorate",
        "high_level",
        "430102199003071234",
    )
    .await;
    let graduate = talent(
        &app,
        "grad@example.com",
        "李同学",
        "bachelor",
        "college_student",
        "430102199104114563",
    )
    .await;
    let id = create(&app, &hr, Some(5)).await;
    let sym = |p: &str| format!("/api/v1/symposiums/{id}{p}");

    // Bad inputs and moves that are not allowed change nothing.
    let before = state(&app).await;
    let bad = [
        json!({"kind": "party", "title": "x", "starts_at": Utc::now(), "venue": "x"}),
        json!({"kind": "youth", "title": "", "starts_at": Utc::now(), "venue": "x"}),
        json!({"kind": "youth", "title": "x", "starts_at": Utc::now(), "venue": "  "}),
        json!({"kind": "youth", "title": "x", "starts_at": Utc::now(), "venue": "x", "capacity": 0}),
        json!({"kind": "youth", "title": "x", "starts_at": "tomorrow", "venue": "x"}),
        json!({"kind": "youth", "title": "x", "starts_at": Utc::now(), "venue": "x", "owner": "me"}),
    ];
    for b in &bad {
        let res = app.post_auth("/api/v1/symposiums", &hr, b).await;
        assert_eq!(res.status(), 400, "{b}");
        assert_eq!(put(&app, &sym(""), &hr, b).await.status(), 400, "{b}");
    }
    assert_problem(
        app.post_auth(&sym("/hold"), &hr, &json!({})).await,
        409,
        "invalid_transition",
    )
    .await;
    assert_problem(
        put(&app, &sym("/summary"), &hr, &json!({"summary": "开得好"})).await,
        409,
        "invalid_transition",
    )
    .await;
    assert_problem(
        put(
            &app,
            &sym("/attendance"),
            &hr,
            &json!({"entries": [{"invitation_id": "x", "attended": true}]}),
        )
        .await,
        409,
        "invalid_transition",
    )
    .await;
    assert_problem(
        app.post_auth(&sym("/invitations"), &hr, &json!({"education": "postdoc"}))
            .await,
        400,
        "malformed_json",
    )
    .await;
    assert_problem(
        app.post_auth(&sym("/invitations"), &hr, &json!({"skill": "无人会的技能"}))
            .await,
        400,
        "validation_failed",
    )
    .await;
    assert_problem(
        app.post_auth("/api/v1/symposiums/none/invitations", &hr, &json!({}))
            .await,
        404,
        "not_found",
    )
    .await;
    assert_eq!(state(&app).await, before, "refused requests changed something");

    // The preview counts who a filter reaches; the invitation mails them with RSVP links.
    let preview: Value = app
        .get_auth(&sym("/invite-preview?education=doctorate"), &hr)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(preview, json!({"matching": 1, "already_invited": 0, "new": 1}));
    let res = app
        .post_auth(&sym("/invitations"), &hr, &json!({"education": "doctorate"}))
        .await;
    assert_eq!(res.status(), 201);
    let result: Value = res.json().await.unwrap();
    assert_eq!(result["invited"], 1);
    assert_eq!(result["symposium"]["status"], "invited");
    let mail = app.mail().wait_for("dr@example.com", 2).await.pop().unwrap();
    assert!(mail.subject().contains("座谈会邀请"), "{}", mail.subject());
    assert!(
        mail.text().contains("王博士")
            && mail.text().contains("县委党校报告厅")
            && mail.text().contains("青年人才座谈会"),
        "{}",
        mail.text()
    );
    assert!(
        mail.text().contains("rsvp=accepted") && mail.text().contains("rsvp=declined"),
        "{}",
        mail.text()
    );
    // Inviting the same people again invites nobody; the whole pool adds only the other one.
    let before = state(&app).await;
    assert_problem(
        app.post_auth(&sym("/invitations"), &hr, &json!({"education": "doctorate"}))
            .await,
        400,
        "validation_failed",
    )
    .await;
    assert_eq!(state(&app).await, before);
    let preview: Value = app.get_auth(&sym("/invite-preview"), &hr).await.json().await.unwrap();
    assert_eq!(preview, json!({"matching": 2, "already_invited": 1, "new": 1}));
    let result: Value = app
        .post_auth(&sym("/invitations"), &hr, &json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (result["invited"].as_i64(), result["skipped"].as_i64()),
        (Some(1), Some(1))
    );
    app.mail().wait_for("grad@example.com", 2).await;

    // Only the invitee answers their invitation.
    let dr_inv = mine(&app, &doctor).await["items"][0]["invitation_id"]
        .as_str()
        .unwrap()
        .to_string();
    let grad_inv = mine(&app, &graduate).await["items"][0]["invitation_id"]
        .as_str()
        .unwrap()
        .to_string();
    let rsvp = |inv: &str| format!("/api/v1/symposium-invitations/{inv}/rsvp");
    let before = state(&app).await;
    assert_problem(
        app.post_auth(&rsvp(&dr_inv), &graduate, &json!({"response": "accepted"}))
            .await,
        404,
        "not_found",
    )
    .await;
    assert_problem(
        app.post_auth(&rsvp(&dr_inv), &hr, &json!({"response": "accepted"}))
            .await,
        403,
        "forbidden",
    )
    .await;
    assert_eq!(
        app.post_auth(&rsvp(&dr_inv), &doctor, &json!({"response": "maybe"}))
            .await
            .status(),
        400
    );
    assert_problem(
        app.post_auth(&rsvp(&dr_inv), &doctor, &json!({"response": "pending"}))
            .await,
        400,
        "validation_failed",
    )
    .await;
    assert_eq!(state(&app).await, before);
    assert_eq!(
        app.post_auth(&rsvp(&dr_inv), &doctor, &json!({"response": "accepted"}))
            .await
            .status(),
        204
    );
    assert_eq!(
        app.post_auth(&rsvp(&grad_inv), &graduate, &json!({"response": "declined"}))
            .await
            .status(),
        204
    );
    let listed: Value = app.get_auth(&sym("/invitations"), &hr).await.json().await.unwrap();
    assert_eq!(listed["total"], 2);
    assert_eq!(listed["items"][0]["name"], "王博士");
    assert_eq!(listed["items"][0]["response"], "accepted");

    // Editing keeps the capacity above the invitations sent.
    assert_problem(
        put(&app, &sym(""), &hr, &body("改名", Some(1))).await,
        400,
        "validation_failed",
    )
    .await;
    assert_eq!(
        put(&app, &sym(""), &hr, &body("2027年县青年人才座谈会", Some(10)))
            .await
            .status(),
        200
    );

    // Held, with its summary; then no more answers, edits or cancellation.
    let held: Value = app
        .post_auth(
            &sym("/hold"),
            &hr,
            &json!({"summary": "与会人才围绕县域产业发展建言献策。"}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(held["status"], "held");
    assert_eq!(held["accepted"], 1);
    let before = state(&app).await;
    assert_problem(
        app.post_auth(&rsvp(&grad_inv), &graduate, &json!({"response": "accepted"}))
            .await,
        409,
        "invalid_transition",
    )
    .await;
    assert_problem(
        app.post_auth(&sym("/cancel"), &hr, &json!({})).await,
        409,
        "invalid_transition",
    )
    .await;
    assert_problem(
        app.post_auth(&sym("/hold"), &hr, &json!({})).await,
        409,
        "invalid_transition",
    )
    .await;
    assert_problem(
        put(&app, &sym(""), &hr, &body("x", None)).await,
        409,
        "invalid_transition",
    )
    .await;
    assert_problem(
        app.post_auth(&sym("/invitations"), &hr, &json!({})).await,
        409,
        "invalid_transition",
    )
    .await;
    assert_problem(
        put(&app, &sym("/summary"), &hr, &json!({"summary": " "})).await,
        400,
        "validation_failed",
    )
    .await;
    // An unknown or repeated invitee records nobody.
    assert_problem(put(&app, &sym("/attendance"), &hr, &json!({"entries": [{"invitation_id": dr_inv, "attended": true}, {"invitation_id": "x", "attended": true}]})).await, 400, "validation_failed").await;
    assert_problem(put(&app, &sym("/attendance"), &hr, &json!({"entries": [{"invitation_id": dr_inv, "attended": true}, {"invitation_id": dr_inv, "attended": false}]})).await, 400, "validation_failed").await;
    assert_problem(
        put(&app, &sym("/attendance"), &hr, &json!({"entries": []})).await,
        400,
        "validation_failed",
    )
    .await;
    assert_eq!(state(&app).await, before);

    let res = put(&app, &sym("/attendance"), &hr, &json!({"entries": [{"invitation_id": dr_inv, "attended": true}, {"invitation_id": grad_inv, "attended": false}]})).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.unwrap()["attended"], 1);

    // The attendee sees it with the summary; the one who did not come sees no summary.
    let seen = mine(&app, &doctor).await;
    assert_eq!(seen["items"][0]["attended"], true);
    assert_eq!(seen["items"][0]["status"], "held");
    assert_eq!(seen["items"][0]["title"], "2027年县青年人才座谈会");
    assert!(seen["items"][0]["summary"].as_str().unwrap().contains("建言献策"));
    let not = mine(&app, &graduate).await;
    assert_eq!(not["items"][0]["attended"], false);
    assert!(not["items"][0]["summary"].is_null());
    // The attendance is on the person's timeline in the pool.
    let dr_id = app.user("dr@example.com").await.id;
    let detail: Value = app
        .get_auth(&format!("/api/v1/talents/{dr_id}"), &hr)
        .await
        .json()
        .await
        .unwrap();
    assert!(
        detail["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "symposium.attendance_recorded"),
        "{detail}"
    );

    // The report figures count held symposiums and attendance within the period.
    let (from, to) = (
        Utc::now().naive_utc() - Duration::days(30),
        Utc::now().naive_utc() + Duration::days(30),
    );
    let figures = app
        .db
        .run(move |conn| juxian::symposiums::queries::year_figures(conn, from, to))
        .await
        .unwrap();
    assert_eq!((figures.held, figures.attendance), (1, 1));
    let later = app
        .db
        .run(move |conn| juxian::symposiums::queries::year_figures(conn, to, to + Duration::days(365)))
        .await
        .unwrap();
    assert_eq!((later.held, later.attendance), (0, 0));
    // The annual report carries the same counts, in the year the symposium started.
    let mut held = 0;
    let mut attendance = 0;
    let year = crate::subsidies::year();
    for y in [year - 1, year, year + 1] {
        let r: serde_json::Value = app
            .get_auth(&format!("/api/v1/reports/annual?year={y}"), &hr)
            .await
            .json()
            .await
            .unwrap();
        held += r["figures"]["symposiums.held"]["value"].as_i64().unwrap();
        attendance += r["figures"]["symposiums.attendance"]["value"].as_i64().unwrap();
    }
    assert_eq!((held, attendance), (1, 1));
}

#[tokio::test]
async fn cancelling_tells_the_invitees_and_capacity_is_all_or_nothing() {
    let app = spawn_app().await;
    let hr = app.staff("hr@example.com", "hr").await;
    talent(
        &app,
        "a@example.com",
        "甲",
        "master",
        "high_level",
        "43010219920512789X",
    )
    .await;
    talent(
        &app,
        "b@example.com",
        "乙",
        "master",
        "high_level",
        "430102199306130123",
    )
    .await;
    // A disabled account is not invited: the pool's filter reaches the two active ones only.
    talent(
        &app,
        "off@example.com",
        "丙",
        "master",
        "high_level",
        "430102199104114563",
    )
    .await;
    let admin = app.admin("admin@example.com").await;
    let off = app.user("off@example.com").await.id;
    let res = app
        .patch_auth(&format!("/api/v1/users/{off}"), &admin, &json!({"disabled": true}))
        .await;
    assert_eq!(res.status(), 200);
    let id = create(&app, &hr, Some(1)).await;
    let preview: Value = app
        .get_auth(&format!("/api/v1/symposiums/{id}/invite-preview?education=master"), &hr)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(preview["matching"], 2);
    let before = state(&app).await;
    assert_problem(
        app.post_auth(
            &format!("/api/v1/symposiums/{id}/invitations"),
            &hr,
            &json!({"education": "master"}),
        )
        .await,
        409,
        "capacity_full",
    )
    .await;
    assert_eq!(state(&app).await, before, "a round over the capacity invites nobody");
    let res = app
        .post_auth(
            &format!("/api/v1/symposiums/{id}/invitations"),
            &hr,
            &json!({"q": "甲"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    app.mail().wait_for("a@example.com", 2).await;
    let res = app
        .post_auth(&format!("/api/v1/symposiums/{id}/cancel"), &hr, &json!({}))
        .await;
    assert_eq!(res.json::<Value>().await.unwrap()["status"], "cancelled");
    let mail = app.mail().wait_for("a@example.com", 3).await.pop().unwrap();
    assert!(mail.subject().contains("取消"), "{}", mail.subject());
    assert_problem(
        app.post_auth(&format!("/api/v1/symposiums/{id}/cancel"), &hr, &json!({}))
            .await,
        409,
        "invalid_transition",
    )
    .await;
}

#[tokio::test]
async fn concurrent_invitation_rounds_invite_each_person_once() {
    let app = spawn_app().await;
    let hr = app.staff("hr@example.com", "hr").await;
    applicants(&app, 20).await;
    let id = create(&app, &hr, None).await;
    let path = format!("/api/v1/symposiums/{id}/invitations");
    let mut tasks = Vec::new();
    for _ in 0..50 {
        let (client, url, token) = (app.client.clone(), app.url(&path), hr.clone());
        tasks.push(tokio::spawn(async move {
            client
                .post(url)
                .bearer_auth(token)
                .json(&json!({}))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 1, "{statuses:?}");
    assert!(statuses.iter().all(|s| *s == 201 || *s == 400), "{statuses:?}");
    let (total, distinct) = app
        .db
        .run(move |conn| {
            let people: Vec<String> = symposium_invitations::table
                .filter(symposium_invitations::symposium_id.eq(&id))
                .select(symposium_invitations::user_id)
                .load(conn)?;
            let distinct: std::collections::HashSet<_> = people.iter().cloned().collect();
            Ok((people.len(), distinct.len()))
        })
        .await
        .unwrap();
    assert_eq!((total, distinct), (20, 20));
}

#[tokio::test]
async fn role_by_endpoint_table_for_symposiums() {
    let app = spawn_app().await;
    let hr = app.staff("hr@example.com", "hr").await;
    let finance = app.staff("fin@example.com", "finance").await;
    let employer = app.staff("boss@example.com", "employer").await;
    let admin = app.admin("admin@example.com").await;
    let applicant = applicants(&app, 1).await.remove(0);
    let id = create(&app, &hr, None).await;
    let s = |p: &str| format!("/api/v1/symposiums/{id}{p}");
    // Columns: anonymous, applicant, employer, hr, finance, admin; calls that read or are refused.
    let rows: Vec<(Method, String, Option<Value>, [u16; 6])> = vec![
        (
            Method::GET,
            "/api/v1/symposiums".into(),
            None,
            [401, 403, 403, 200, 403, 200],
        ),
        (
            Method::POST,
            "/api/v1/symposiums".into(),
            Some(json!({"kind": "youth", "title": "", "starts_at": Utc::now(), "venue": "x"})),
            [401, 403, 403, 400, 403, 400],
        ),
        (Method::GET, s(""), None, [401, 403, 403, 200, 403, 200]),
        (
            Method::PUT,
            s(""),
            Some(json!({"kind": "youth", "title": "", "starts_at": Utc::now(), "venue": "x"})),
            [401, 403, 403, 400, 403, 400],
        ),
        (
            Method::POST,
            s("/hold"),
            Some(json!({})),
            [401, 403, 403, 409, 403, 409],
        ),
        (
            Method::PUT,
            s("/summary"),
            Some(json!({"summary": "x"})),
            [401, 403, 403, 409, 403, 409],
        ),
        (Method::GET, s("/invitations"), None, [401, 403, 403, 200, 403, 200]),
        (Method::GET, s("/invite-preview"), None, [401, 403, 403, 200, 403, 200]),
        (
            Method::POST,
            s("/invitations"),
            Some(json!({"skill": "无"})),
            [401, 403, 403, 400, 403, 400],
        ),
        (
            Method::PUT,
            s("/attendance"),
            Some(json!({"entries": []})),
            [401, 403, 403, 400, 403, 400],
        ),
        (
            Method::POST,
            "/api/v1/symposium-invitations/none/rsvp".into(),
            Some(json!({"response": "accepted"})),
            [401, 404, 403, 403, 403, 403],
        ),
        (
            Method::GET,
            "/api/v1/me/symposiums".into(),
            None,
            [401, 200, 403, 403, 403, 403],
        ),
        (
            Method::POST,
            "/api/v1/symposiums/none/cancel".into(),
            Some(json!({})),
            [401, 403, 403, 404, 403, 404],
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
