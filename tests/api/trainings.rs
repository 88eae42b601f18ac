//! Skills training: HR's course machine (409s), nomination by partner enterprises (account or name
//! and ID) and sign-up by applicants with mail, one place per person, capacity under concurrency,
//! check-in at sessions, the completion threshold exactly at its edge, certificates anyone can
//! verify, the report figures, roles × endpoints, and bad inputs that change nothing.

use crate::enterprises::{credit_code, expect_access, register_enterprise, send};
use crate::fairs::applicants;
use crate::helpers::*;
use chrono::{Duration, Utc};
use diesel::prelude::*;
use juxian::db::schema::{training_attendance, training_courses, training_sessions, training_trainees};
use reqwest::Method;
use serde_json::{json, Value};

/// Rows in the training tables and every change elsewhere (accounts, audit, outbox, sessions).
async fn state(app: &TestApp) -> ((i64, i64, i64, i64), i64, i64, i64, i64, Vec<String>) {
    let snapshot = app.snapshot().await;
    app.db
        .run(move |conn| {
            Ok((
                snapshot,
                training_courses::table.count().get_result(conn)?,
                training_sessions::table.count().get_result(conn)?,
                training_trainees::table.count().get_result(conn)?,
                training_attendance::table.count().get_result(conn)?,
                training_courses::table
                    .order(training_courses::id)
                    .select(training_courses::status)
                    .load(conn)?,
            ))
        })
        .await
        .unwrap()
}

/// A course of three sessions (4 + 4 + 2 = 10 hours) with an 80% threshold.
fn body(title: &str, capacity: i32, partners: &[&str]) -> Value {
    let at = |d: i64, h: i64| Utc::now() + Duration::days(d) + Duration::hours(h);
    json!({"title": title, "trade": "电工", "organiser": "县人社局", "description": "低压电工作业技能提升",
    "capacity": capacity, "threshold_percent": 80, "partner_ids": partners,
    "sessions": [
        {"starts_at": at(1, 0), "ends_at": at(1, 4), "venue": "县职业教育中心", "hours": 4},
        {"starts_at": at(2, 0), "ends_at": at(2, 4), "venue": "县职业教育中心", "hours": 4},
        {"starts_at": at(3, 0), "ends_at": at(3, 2), "venue": "工业园区实训基地", "hours": 2},
    ]})
}

async fn create(app: &TestApp, hr: &str, capacity: i32, partners: &[&str]) -> Value {
    let res = app
        .post_auth(
            "/api/v1/trainings",
            hr,
            &body("2027年电工技能提升培训", capacity, partners),
        )
        .await;
    assert_eq!(res.status(), 201);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["status"], "draft");
    v
}

/// An applicant (created directly, no mail) with a profile holding this name and ID number.
async fn talent(app: &TestApp, email: &str, name: &str, id_number: &str) -> String {
    let token = app.staff(email, "applicant").await;
    let profile = json!({"full_name": name, "id_number": id_number, "phone": "13800138000",
        "education": [{"level": "bachelor", "school": "湘潭大学", "major": "电气工程", "graduation_year": 2018}]});
    let res = send(app, Method::PUT, "/api/v1/me/profile", Some(&token), Some(&profile)).await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    token
}

async fn scan(app: &TestApp, hr: &str, course: &str, session: &str, code: &str) -> reqwest::Response {
    app.post_auth(
        &format!("/api/v1/trainings/{course}/sessions/{session}/check-in"),
        hr,
        &json!({"code": code}),
    )
    .await
}

#[tokio::test]
async fn from_nomination_and_sign_up_to_check_in_completion_and_certificate() {
    let app = spawn_app().await;
    let hr = app.staff("hr@example.com", "hr").await;
    let boss = app.staff("boss@example.com", "employer").await;
    let other_boss = app.staff("other@example.com", "employer").await;
    let ent = register_enterprise(&app, &boss, "县电机制造有限公司", &credit_code(1)).await;
    let ent_id = ent["id"].as_str().unwrap().to_string();
    let other_ent = register_enterprise(&app, &other_boss, "另一家公司", &credit_code(2)).await;
    let other_id = other_ent["id"].as_str().unwrap().to_string();
    let alice = talent(&app, "alice@example.com", "张晓明", "430102199003071234").await;
    let _bob = talent(&app, "bob@example.com", "李强", "430102199104114563").await;

    // Bad inputs change nothing.
    let before = state(&app).await;
    let good = body("x", 10, &[&ent_id]);
    let mut bad = Vec::new();
    for (field, value) in [
        ("title", json!("")),
        ("trade", json!("  ")),
        ("capacity", json!(0)),
        ("threshold_percent", json!(101)),
        ("partner_ids", json!(["no-such-enterprise"])),
        ("partner_ids", json!([ent_id, ent_id])),
        ("sessions", json!([])),
    ] {
        let mut b = good.clone();
        b[field] = value;
        bad.push(b);
    }
    let mut b = good.clone();
    b["sessions"][0]["ends_at"] = b["sessions"][0]["starts_at"].clone();
    bad.push(b);
    let mut b = good.clone();
    b["sessions"][1]["hours"] = json!(0);
    bad.push(b);
    for b in &bad {
        assert_problem(
            app.post_auth("/api/v1/trainings", &hr, b).await,
            400,
            "validation_failed",
        )
        .await;
    }
    let mut b = good.clone();
    b["owner"] = json!("me");
    assert_problem(
        app.post_auth("/api/v1/trainings", &hr, &b).await,
        400,
        "validation_failed",
    )
    .await;
    let mut b = good.clone();
    b["capacity"] = json!("many");
    assert_problem(app.post_auth("/api/v1/trainings", &hr, &b).await, 400, "malformed_json").await;
    assert_eq!(state(&app).await, before, "refused requests changed something");

    let course = create(&app, &hr, 10, &[&ent_id]).await;
    let id = course["id"].as_str().unwrap().to_string();
    assert_eq!(
        (course["total_hours"].as_i64(), course["required_hours"].as_i64()),
        (Some(10), Some(8))
    );
    assert_eq!(course["partners"][0]["name"], "县电机制造有限公司");
    let t = |p: &str| format!("/api/v1/trainings/{id}{p}");
    // A draft is not seen and takes nobody; it cannot be completed or checked in.
    let before = state(&app).await;
    assert_problem(app.get_auth(&t(""), &alice).await, 404, "not_found").await;
    assert_problem(
        app.post_auth(&t("/sign-up"), &alice, &json!({})).await,
        404,
        "not_found",
    )
    .await;
    assert_problem(
        app.post_auth(&t("/complete"), &hr, &json!({})).await,
        409,
        "invalid_transition",
    )
    .await;
    assert_problem(
        app.post_auth(&t("/close"), &hr, &json!({})).await,
        409,
        "invalid_transition",
    )
    .await;
    assert_eq!(state(&app).await, before);

    let published: Value = app
        .post_auth(&t("/publish"), &hr, &json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(published["status"], "published");
    assert_problem(
        app.post_auth(&t("/publish"), &hr, &json!({})).await,
        409,
        "invalid_transition",
    )
    .await;
    let listed: Value = app.get_auth("/api/v1/trainings", &alice).await.json().await.unwrap();
    assert_eq!(listed["total"], 1);

    // The applicant signs up with the profile; the confirmation mail carries the ticket.
    let res = app.post_auth(&t("/sign-up"), &alice, &json!({})).await;
    assert_eq!(res.status(), 201);
    let a: Value = res.json().await.unwrap();
    assert_eq!(
        (a["source"].as_str(), a["full_name"].as_str()),
        (Some("signed_up"), Some("张晓明"))
    );
    let mine: Value = app.get_auth("/api/v1/me/trainings", &alice).await.json().await.unwrap();
    let alice_ticket = mine["items"][0]["ticket_code"].as_str().unwrap().to_string();
    let mail = app.mail().wait_for("alice@example.com", 1).await.pop().unwrap();
    assert!(mail.subject().contains("培训报名确认"), "{}", mail.subject());
    assert!(
        mail.text().contains(&alice_ticket) && mail.text().contains("县职业教育中心"),
        "{}",
        mail.text()
    );

    // One place per person; a non-partner enterprise nominates nobody; bad nominations change nothing.
    let before = state(&app).await;
    assert_problem(
        app.post_auth(&t("/sign-up"), &alice, &json!({})).await,
        409,
        "already_registered",
    )
    .await;
    let nominate = |token: String, b: Value| {
        let app = &app;
        let path = t("/nominations");
        async move { app.post_auth(&path, &token, &b).await }
    };
    assert_problem(
        nominate(
            boss.clone(),
            json!({"enterprise_id": ent_id, "full_name": "王五", "id_number": "430102199003071234"}),
        )
        .await,
        409,
        "already_registered",
    )
    .await;
    assert_problem(
        nominate(
            other_boss.clone(),
            json!({"enterprise_id": other_id, "full_name": "王五", "id_number": "43010219920512789X"}),
        )
        .await,
        403,
        "forbidden",
    )
    .await;
    assert_problem(
        nominate(
            other_boss.clone(),
            json!({"enterprise_id": ent_id, "full_name": "王五", "id_number": "43010219920512789X"}),
        )
        .await,
        403,
        "forbidden",
    )
    .await;
    for b in [
        json!({"enterprise_id": ent_id, "full_name": "王五", "id_number": "430102199201010000"}),
        json!({"enterprise_id": ent_id, "full_name": "", "id_number": "43010219920512789X"}),
        json!({"enterprise_id": ent_id, "full_name": "王五"}),
        json!({"enterprise_id": ent_id}),
        json!({"enterprise_id": ent_id, "account_email": "nobody@example.com"}),
        json!({"enterprise_id": ent_id, "account_email": "hr@example.com"}),
        json!({"enterprise_id": ent_id, "full_name": "王五", "id_number": "43010219920512789X", "email": "not-mail"}),
    ] {
        assert_problem(nominate(boss.clone(), b.clone()).await, 400, "validation_failed").await;
    }
    assert_eq!(state(&app).await, before);

    // The partner nominates a staff member by name and ID, and another by account.
    let res = nominate(
        boss.clone(),
        json!({"enterprise_id": ent_id, "full_name": "王五", "id_number": "43010219920512789X", "email": "wangwu@example.com"}),
    )
    .await;
    assert_eq!(res.status(), 201);
    let w: Value = res.json().await.unwrap();
    assert_eq!(w["id_number_masked"], "4301**********789X");
    assert_eq!(w["enterprise_name"], "县电机制造有限公司");
    let mail = app.mail().wait_for("wangwu@example.com", 1).await.pop().unwrap();
    let wang_ticket = mail
        .text()
        .lines()
        .find_map(|l| l.strip_prefix("签到码："))
        .unwrap()
        .trim()
        .to_string();
    let res = nominate(
        boss.clone(),
        json!({"enterprise_id": ent_id, "account_email": "BOB@example.com"}),
    )
    .await;
    assert_eq!(res.status(), 201);
    app.mail().wait_for("bob@example.com", 1).await;
    let bob_ticket = {
        let bob = app.login("bob@example.com", PASSWORD).await;
        let mine: Value = app.get_auth("/api/v1/me/trainings", &bob).await.json().await.unwrap();
        assert_eq!(mine["items"][0]["source"], "nominated");
        mine["items"][0]["ticket_code"].as_str().unwrap().to_string()
    };
    // The employer sees its own nominees only; HR sees everyone.
    let own: Value = app.get_auth(&t("/trainees"), &boss).await.json().await.unwrap();
    assert_eq!(own["total"], 2);
    let foreign: Value = app.get_auth(&t("/trainees"), &other_boss).await.json().await.unwrap();
    assert_eq!(foreign["total"], 0);
    let all: Value = app.get_auth(&t("/trainees"), &hr).await.json().await.unwrap();
    assert_eq!(all["total"], 3);

    // Check-in at sessions: alice 4 + 4 = 8 of 10 hours (exactly 80%), wang 4 + 2 = 6, bob all 10.
    let sessions: Vec<String> = published["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect();
    for (ticket, at) in [
        (&alice_ticket, [0, 1].as_slice()),
        (&wang_ticket, &[0, 2]),
        (&bob_ticket, &[0, 1, 2]),
    ] {
        for s in at {
            let res = scan(&app, &hr, &id, &sessions[*s], &ticket.to_lowercase().replace('-', " ")).await;
            assert_eq!(res.status(), 200);
            assert_eq!(res.json::<Value>().await.unwrap()["first_scan"], true);
        }
    }
    let before = state(&app).await;
    let again: Value = scan(&app, &hr, &id, &sessions[0], &alice_ticket)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (
            again["first_scan"].as_bool(),
            again["trainee"]["attended_hours"].as_i64()
        ),
        (Some(false), Some(8))
    );
    assert_problem(
        scan(&app, &hr, &id, &sessions[0], "AAAA-BBBB-CCCC-DDDD").await,
        404,
        "not_found",
    )
    .await;
    assert_problem(
        scan(&app, &hr, &id, "no-session", &alice_ticket).await,
        404,
        "not_found",
    )
    .await;
    // The sessions stay as they are once anyone is checked in.
    let mut changed = body("2027年电工技能提升培训", 10, &[&ent_id]);
    changed["sessions"][2]["hours"] = json!(3);
    assert_problem(
        send(&app, Method::PUT, &t(""), Some(&hr), Some(&changed)).await,
        409,
        "invalid_transition",
    )
    .await;
    assert_problem(
        send(&app, Method::PUT, &t(""), Some(&hr), Some(&body("x", 2, &[&ent_id]))).await,
        400,
        "validation_failed",
    )
    .await;
    assert_eq!(state(&app).await, before);

    // A ticket of another course is refused at this course's door.
    let second = create(&app, &hr, 5, &[]).await;
    let second_id = second["id"].as_str().unwrap().to_string();
    app.post_auth(&format!("/api/v1/trainings/{second_id}/publish"), &hr, &json!({}))
        .await;
    let second_session = second["sessions"][0]["id"].as_str().unwrap().to_string();
    assert_problem(
        scan(&app, &hr, &second_id, &second_session, &alice_ticket).await,
        409,
        "ticket_other_fair",
    )
    .await;
    assert_problem(
        scan(&app, &hr, &second_id, &sessions[0], &alice_ticket).await,
        404,
        "not_found",
    )
    .await;

    // Closed: no more trainees, check-in still works; completing decides everyone.
    assert_eq!(app.post_auth(&t("/close"), &hr, &json!({})).await.status(), 200);
    let late = talent(&app, "late@example.com", "赵六", "430102199306130123").await;
    assert_problem(
        app.post_auth(&t("/sign-up"), &late, &json!({})).await,
        409,
        "signup_closed",
    )
    .await;
    let res = app.post_auth(&t("/complete"), &hr, &json!({})).await;
    assert_eq!(res.status(), 200);
    let done: Value = res.json().await.unwrap();
    assert_eq!(
        (done["completed"].as_i64(), done["not_completed"].as_i64()),
        (Some(2), Some(1))
    );
    assert_eq!(done["course"]["status"], "completed");
    assert_problem(
        app.post_auth(&t("/complete"), &hr, &json!({})).await,
        409,
        "invalid_transition",
    )
    .await;
    assert_problem(
        scan(&app, &hr, &id, &sessions[0], &alice_ticket).await,
        409,
        "invalid_transition",
    )
    .await;
    assert_problem(
        app.post_auth(&t("/cancel"), &hr, &json!({})).await,
        409,
        "invalid_transition",
    )
    .await;

    // Exactly at the threshold completes: alice's certificate, mailed, verifiable by anyone.
    let mine: Value = app.get_auth("/api/v1/me/trainings", &alice).await.json().await.unwrap();
    assert_eq!(
        (
            mine["items"][0]["status"].as_str(),
            mine["items"][0]["attended_hours"].as_i64()
        ),
        (Some("completed"), Some(8))
    );
    let code = mine["items"][0]["certificate_code"].as_str().unwrap().to_string();
    let mail = app.mail().wait_for("alice@example.com", 2).await.pop().unwrap();
    assert!(mail.subject().contains("培训结业证书"), "{}", mail.subject());
    assert!(
        mail.text().contains(&code) && mail.text().contains("8 学时"),
        "{}",
        mail.text()
    );
    let res = app
        .client
        .get(app.url(&format!("/api/v1/training-certificates/{}", code.to_lowercase())))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let cert: Value = res.json().await.unwrap();
    assert_eq!(cert["holder"], "张*明");
    assert_eq!(
        (cert["hours"].as_i64(), cert["total_hours"].as_i64()),
        (Some(8), Some(10))
    );
    assert_eq!(
        (cert["course_title"].as_str(), cert["trade"].as_str()),
        (Some("2027年电工技能提升培训"), Some("电工"))
    );
    let res = app
        .client
        .get(app.url("/api/v1/training-certificates/PX-AAAA-BBBB-CCCC"))
        .send()
        .await
        .unwrap();
    assert_problem(res, 404, "not_found").await;
    // Six hours of ten do not complete: no certificate, no certificate mail.
    let trainees: Value = app.get_auth(&t("/trainees"), &hr).await.json().await.unwrap();
    let wang = trainees["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["full_name"] == "王五")
        .unwrap();
    assert_eq!(
        (wang["status"].as_str(), wang["attended_hours"].as_i64()),
        (Some("not_completed"), Some(6))
    );
    assert!(wang["certificate_code"].is_null());
    assert_eq!(app.mail().to("wangwu@example.com").len(), 1);

    // The certificate is on the holder's timeline in the pool.
    let alice_id = app.user("alice@example.com").await.id;
    let detail: Value = app
        .get_auth(&format!("/api/v1/talents/{alice_id}"), &hr)
        .await
        .json()
        .await
        .unwrap();
    assert!(
        detail["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "training.certificate_issued"),
        "{detail}"
    );

    // The annual report counts the completed course, its trainees and completions.
    let (mut courses, mut trainees, mut completions) = (0, 0, 0);
    let year = crate::subsidies::year();
    for y in [year - 1, year, year + 1] {
        let r: Value = app
            .get_auth(&format!("/api/v1/reports/annual?year={y}"), &hr)
            .await
            .json()
            .await
            .unwrap();
        courses += r["figures"]["trainings.courses"]["value"].as_i64().unwrap();
        trainees += r["figures"]["trainings.trainees"]["value"].as_i64().unwrap();
        completions += r["figures"]["trainings.completions"]["value"].as_i64().unwrap();
    }
    assert_eq!((courses, trainees, completions), (1, 3, 2));
}

#[tokio::test]
async fn concurrent_sign_ups_never_overfill_a_course() {
    let app = spawn_app().await;
    let hr = app.staff("hr@example.com", "hr").await;
    let tokens = applicants(&app, 60).await;
    let id = create(&app, &hr, 10, &[]).await["id"].as_str().unwrap().to_string();
    app.post_auth(&format!("/api/v1/trainings/{id}/publish"), &hr, &json!({}))
        .await;
    let path = format!("/api/v1/trainings/{id}/sign-up");
    let mut tasks = Vec::new();
    // Every applicant once, and the first ten twice more, all at the same time.
    for token in tokens
        .iter()
        .chain(tokens.iter().take(10))
        .chain(tokens.iter().take(10))
    {
        let (client, url, token) = (app.client.clone(), app.url(&path), token.clone());
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
    assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 10, "{statuses:?}");
    assert!(statuses.iter().all(|s| *s == 201 || *s == 409), "{statuses:?}");
    let (total, distinct) = app
        .db
        .run(move |conn| {
            let people: Vec<String> = training_trainees::table
                .filter(training_trainees::course_id.eq(&id))
                .select(training_trainees::id_number_hash)
                .load(conn)?;
            let distinct: std::collections::HashSet<_> = people.iter().cloned().collect();
            Ok((people.len(), distinct.len()))
        })
        .await
        .unwrap();
    assert_eq!((total, distinct), (10, 10));
}

#[tokio::test]
async fn role_by_endpoint_table_for_trainings() {
    let app = spawn_app().await;
    let hr = app.staff("hr@example.com", "hr").await;
    let finance = app.staff("fin@example.com", "finance").await;
    let employer = app.staff("boss@example.com", "employer").await;
    let admin = app.admin("admin@example.com").await;
    let applicant = applicants(&app, 1).await.remove(0);
    let id = create(&app, &hr, 10, &[]).await["id"].as_str().unwrap().to_string();
    let t = |p: &str| format!("/api/v1/trainings/{id}{p}");
    let invalid =
        json!({"title": "", "trade": "x", "organiser": "x", "capacity": 1, "threshold_percent": 80, "sessions": []});
    // Columns: anonymous, applicant, employer, hr, finance, admin; calls that read or are refused.
    let rows: Vec<(Method, String, Option<Value>, [u16; 6])> = vec![
        (
            Method::GET,
            "/api/v1/trainings".into(),
            None,
            [401, 200, 200, 200, 200, 200],
        ),
        (
            Method::POST,
            "/api/v1/trainings".into(),
            Some(invalid.clone()),
            [401, 403, 403, 400, 403, 400],
        ),
        // A draft is the organisers' only.
        (Method::GET, t(""), None, [401, 404, 404, 200, 404, 200]),
        (Method::PUT, t(""), Some(invalid), [401, 403, 403, 400, 403, 400]),
        (
            Method::POST,
            t("/close"),
            Some(json!({})),
            [401, 403, 403, 409, 403, 409],
        ),
        (
            Method::POST,
            t("/complete"),
            Some(json!({})),
            [401, 403, 403, 409, 403, 409],
        ),
        (
            Method::POST,
            "/api/v1/trainings/none/publish".into(),
            Some(json!({})),
            [401, 403, 403, 404, 403, 404],
        ),
        (
            Method::POST,
            "/api/v1/trainings/none/cancel".into(),
            Some(json!({})),
            [401, 403, 403, 404, 403, 404],
        ),
        (Method::GET, t("/trainees"), None, [401, 403, 404, 200, 403, 200]),
        (
            Method::POST,
            t("/sign-up"),
            Some(json!({})),
            [401, 404, 403, 403, 403, 403],
        ),
        (
            Method::POST,
            t("/nominations"),
            Some(json!({"enterprise_id": "x", "full_name": "王五", "id_number": "43010219920512789X"})),
            [401, 403, 404, 403, 403, 403],
        ),
        (
            Method::POST,
            t("/sessions/none/check-in"),
            Some(json!({"code": "AAAA"})),
            [401, 403, 403, 404, 403, 404],
        ),
        (
            Method::GET,
            "/api/v1/me/trainings".into(),
            None,
            [401, 200, 403, 403, 403, 403],
        ),
        (
            Method::GET,
            "/api/v1/training-certificates/PX-NONE".into(),
            None,
            [404, 404, 404, 404, 404, 404],
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
