//! Internship programmes: offers, applications (three at most), slots under concurrent accepts,
//! placement to completion, mails and statistics.

use crate::enterprises::expect_access;
use crate::fairs::applicants;
use crate::helpers::*;
use crate::positions::{create_position, position_body, verified_employer};
use chrono::{Duration, Utc};
use diesel::prelude::*;
use juxian::db::schema::internship_offers;
use serde_json::{json, Value};

pub async fn programme(app: &TestApp, hr: &str) -> String {
    let today = Utc::now().date_naive();
    let body = json!({"title": "2027 暑期大学生实习实训", "season": "2027 暑期", "description": "县域企业实习",
        "application_opens_at": Utc::now() - Duration::hours(1), "application_closes_at": Utc::now() + Duration::days(10),
        "starts_on": today + Duration::days(20), "ends_on": today + Duration::days(80)});
    let res = app.post_auth("/api/v1/internship-programs", hr, &body).await;
    assert_eq!(res.status(), 201);
    let id = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string();
    assert_eq!(
        app.post_auth(&format!("/api/v1/internship-programs/{id}/publish"), hr, &json!({}))
            .await
            .status(),
        200
    );
    id
}

/// An approved offer of a new internship position of `employer`'s enterprise.
pub async fn offer(
    app: &TestApp,
    hr: &str,
    employer: &str,
    company: &str,
    program: &str,
    title: &str,
    slots: i32,
) -> String {
    let mut body = position_body(company, title);
    body["kind"] = json!("internship");
    let position = create_position(app, employer, &body).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let res = app
        .post_auth("/api/v1/internship-positions", employer,
            &json!({"program_id": program, "position_id": position, "slots": slots, "mentor": "张工", "stipend_fen": 200_000}))
        .await;
    assert_eq!(res.status(), 201);
    let id = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string();
    assert_eq!(
        app.post_auth(&format!("/api/v1/internship-positions/{id}/approve"), hr, &json!({}))
            .await
            .status(),
        200
    );
    id
}

pub async fn apply(app: &TestApp, token: &str, offer: &str) -> reqwest::Response {
    app.post_auth(
        "/api/v1/internship-applications",
        token,
        &json!({"internship_position_id": offer}),
    )
    .await
}

#[tokio::test]
async fn from_programme_to_completed_placement() {
    let app = spawn_app().await;
    let hr = app.staff("hr@example.com", "hr").await;
    let (boss, company) = verified_employer(&app, &hr, "boss@example.com", "县农机厂", 1, "manufacturing").await;
    let program = programme(&app, &hr).await;
    let offers = [
        offer(&app, &hr, &boss, &company, &program, "机械设计实习生", 2).await,
        offer(&app, &hr, &boss, &company, &program, "电气实习生", 2).await,
        offer(&app, &hr, &boss, &company, &program, "质检实习生", 2).await,
        offer(&app, &hr, &boss, &company, &program, "行政实习生", 2).await,
    ];
    let detail: Value = app
        .client
        .get(app.url(&format!("/api/v1/internship-programs/{program}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(detail["positions"].as_array().unwrap().len(), 4);
    let mine: Value = app
        .get_auth("/api/v1/me/internship-positions", &boss)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine.as_array().unwrap().len(), 4);
    assert_eq!(mine[0]["program_title"], "2027 暑期大学生实习实训");

    let student = app.signup("student@example.com", "applicant").await;
    assert_problem(apply(&app, &student, &offers[0]).await, 409, "profile_incomplete").await;
    let profile = json!({"full_name": "刘同学", "id_number": "430102199003071234", "phone": "13800138000", "categories": ["college_student"],
        "education": [{"level": "bachelor", "school": "湘潭大学", "major": "机械工程", "graduation_year": 2027}]});
    assert_eq!(
        app.client
            .put(app.url("/api/v1/me/profile"))
            .bearer_auth(&student)
            .json(&profile)
            .send()
            .await
            .unwrap()
            .status(),
        201
    );
    let mut applications = Vec::new();
    for offer in &offers[..3] {
        let res = apply(&app, &student, offer).await;
        assert_eq!(res.status(), 201);
        applications.push(res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string());
    }
    assert_problem(apply(&app, &student, &offers[0]).await, 409, "already_registered").await;
    let before = app.snapshot().await;
    assert_problem(apply(&app, &student, &offers[3]).await, 409, "capacity_full").await;
    assert_eq!(app.snapshot().await, before, "the fourth application changed nothing");

    // The employer accepts one: the two others are withdrawn and everyone is told.
    let path = |id: &str, action: &str| format!("/api/v1/internship-applications/{id}/{action}");
    let accepted: Value = app
        .post_auth(&path(&applications[0], "accept"), &boss, &json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(accepted["status"], "accepted");
    let mine: Value = app
        .get_auth("/api/v1/internship-applications", &student)
        .await
        .json()
        .await
        .unwrap();
    let statuses: Vec<&str> = mine["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == "withdrawn").count(),
        2,
        "{statuses:?}"
    );
    let mails = app.mail().wait_for("student@example.com", 4).await;
    assert!(mails.iter().any(|m| m.text().contains("已录用")), "accepted mail");
    assert!(
        mails.iter().filter(|m| m.text().contains("已撤回")).count() >= 2,
        "withdrawn mails"
    );

    // Illegal steps are refused and change nothing; legal ones follow the placement.
    let before = app.snapshot().await;
    let problem = app
        .post_auth(
            &path(&applications[0], "complete"),
            &boss,
            &json!({"evaluation": "优秀", "hours": 300}),
        )
        .await;
    assert_problem(problem, 409, "invalid_transition").await;
    assert_problem(
        app.post_auth(&path(&applications[1], "start"), &boss, &json!({})).await,
        409,
        "invalid_transition",
    )
    .await;
    assert_eq!(app.snapshot().await, before);
    assert_eq!(
        app.post_auth(&path(&applications[0], "start"), &boss, &json!({}))
            .await
            .status(),
        200
    );
    let bad = app
        .post_auth(
            &path(&applications[0], "complete"),
            &boss,
            &json!({"evaluation": "", "hours": 0}),
        )
        .await;
    assert_eq!(
        assert_problem(bad, 400, "validation_failed").await["errors"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let done: Value = app
        .post_auth(
            &path(&applications[0], "complete"),
            &boss,
            &json!({"evaluation": "认真负责，表现优秀", "hours": 320}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (done["status"].as_str(), done["hours"].as_i64()),
        (Some("completed"), Some(320))
    );

    let stats: Value = app
        .get_auth(&format!("/api/v1/internship-programs/{program}/stats"), &hr)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (
            stats["applications"].as_i64(),
            stats["accepted"].as_i64(),
            stats["completed"].as_i64()
        ),
        (Some(3), Some(1), Some(1))
    );
    assert_eq!(stats["by_school"], json!([{"label": "湘潭大学", "count": 1}]));
    assert_eq!(stats["by_major"], json!([{"label": "机械工程", "count": 1}]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_accepts_never_overfill_the_last_slot() {
    let app = spawn_app().await;
    let hr = app.staff("hr@example.com", "hr").await;
    let (boss, company) = verified_employer(&app, &hr, "boss@example.com", "县电子厂", 3, "manufacturing").await;
    let program = programme(&app, &hr).await;
    let offer_id = offer(&app, &hr, &boss, &company, &program, "电子装配实习生", 1).await;
    let mut ids = Vec::new();
    for token in applicants(&app, 10).await {
        ids.push(
            apply(&app, &token, &offer_id).await.json::<Value>().await.unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string(),
        );
    }
    let mut tasks = Vec::new();
    for id in ids {
        let (client, url, token) = (
            app.client.clone(),
            app.url(&format!("/api/v1/internship-applications/{id}/accept")),
            boss.clone(),
        );
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
    assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 1, "{statuses:?}");
    assert!(statuses.iter().all(|s| *s == 200 || *s == 409), "{statuses:?}");
    let filled: i32 = app
        .db
        .run(move |conn| {
            Ok(internship_offers::table
                .find(offer_id)
                .select(internship_offers::filled)
                .first(conn)?)
        })
        .await
        .unwrap();
    assert_eq!(filled, 1);
}

#[tokio::test]
async fn who_may_do_what_with_internships() {
    let app = spawn_app().await;
    let hr = app.staff("hr@example.com", "hr").await;
    let (boss, company) = verified_employer(&app, &hr, "boss@example.com", "县农机厂", 4, "manufacturing").await;
    let (rival, _) = verified_employer(&app, &hr, "rival@example.com", "县电子厂", 5, "manufacturing").await;
    let today = Utc::now().date_naive();
    let draft_body = json!({"title": "草稿", "season": "冬季", "application_opens_at": Utc::now(), "application_closes_at": Utc::now() + Duration::days(1),
        "starts_on": today, "ends_on": today + Duration::days(30)});
    assert_problem(
        app.post_auth("/api/v1/internship-programs", &boss, &draft_body).await,
        403,
        "forbidden",
    )
    .await;
    let draft: Value = app
        .post_auth("/api/v1/internship-programs", &hr, &draft_body)
        .await
        .json()
        .await
        .unwrap();
    assert_problem(
        app.client
            .get(app.url(&format!(
                "/api/v1/internship-programs/{}",
                draft["id"].as_str().unwrap()
            )))
            .send()
            .await
            .unwrap(),
        404,
        "not_found",
    )
    .await;
    let program = programme(&app, &hr).await;
    // A job (not an internship) cannot be offered; nor another enterprise's position.
    let job = create_position(&app, &boss, &position_body(&company, "普工")).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let body = json!({"program_id": program, "position_id": job, "slots": 1, "mentor": "李工", "stipend_fen": 100});
    assert_problem(
        app.post_auth("/api/v1/internship-positions", &boss, &body).await,
        400,
        "validation_failed",
    )
    .await;
    assert_problem(
        app.post_auth("/api/v1/internship-positions", &rival, &body).await,
        404,
        "not_found",
    )
    .await;
    let bad = json!({"program_id": program, "position_id": job, "slots": 0, "mentor": "", "stipend_fen": -1});
    assert_eq!(
        assert_problem(
            app.post_auth("/api/v1/internship-positions", &boss, &bad).await,
            400,
            "validation_failed"
        )
        .await["errors"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    let offer_id = offer(&app, &hr, &boss, &company, &program, "设计实习生", 2).await;
    assert_problem(
        app.post_auth(
            &format!("/api/v1/internship-positions/{offer_id}/approve"),
            &hr,
            &json!({}),
        )
        .await,
        409,
        "invalid_transition",
    )
    .await;
    let student = applicants(&app, 1).await.remove(0);
    let application = apply(&app, &student, &offer_id).await.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let accept = format!("/api/v1/internship-applications/{application}/accept");
    for token in [&rival, &student] {
        assert_problem(app.post_auth(&accept, token, &json!({})).await, 404, "not_found").await;
    }
    let theirs: Value = app
        .get_auth("/api/v1/internship-applications", &rival)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(theirs["total"], 0);
    let withdraw = format!("/api/v1/internship-applications/{application}/withdraw");
    assert_problem(app.post_auth(&withdraw, &boss, &json!({})).await, 404, "not_found").await;
    assert_eq!(app.post_auth(&accept, &hr, &json!({})).await.status(), 200);
    assert_eq!(
        app.post_auth(&withdraw, &student, &json!({}))
            .await
            .json::<Value>()
            .await
            .unwrap()["status"],
        "withdrawn"
    );
    let detail: Value = app
        .get_auth(&format!("/api/v1/internship-programs/{program}"), &hr)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        detail["positions"][0]["filled"], 0,
        "withdrawing an accepted place frees the slot"
    );
}

#[tokio::test]
async fn role_by_endpoint_table_for_internships() {
    let app = spawn_app().await;
    let hr = app.staff("hr@example.com", "hr").await;
    let finance = app.staff("fin@example.com", "finance").await;
    let admin = app.admin("admin@example.com").await;
    let (boss, _) = verified_employer(&app, &hr, "boss@example.com", "县农机厂", 8, "manufacturing").await;
    let applicant = applicants(&app, 1).await.remove(0);
    let program = programme(&app, &hr).await;
    // Columns: anonymous, applicant, employer, hr, finance, admin; calls that read or are refused.
    let rows: Vec<(reqwest::Method, String, Option<Value>, [u16; 6])> = vec![
        (
            reqwest::Method::GET,
            "/api/v1/internship-programs".into(),
            None,
            [200, 200, 200, 200, 200, 200],
        ),
        (
            reqwest::Method::GET,
            format!("/api/v1/internship-programs/{program}"),
            None,
            [200, 200, 200, 200, 200, 200],
        ),
        (
            reqwest::Method::POST,
            "/api/v1/internship-programs".into(),
            Some(json!({"title": "", "season": "夏", "application_opens_at": Utc::now(),
            "application_closes_at": Utc::now(), "starts_on": "2027-07-01", "ends_on": "2027-08-01"})),
            [401, 403, 403, 400, 403, 400],
        ),
        (
            reqwest::Method::POST,
            format!("/api/v1/internship-programs/{program}/publish"),
            Some(json!({})),
            [401, 403, 403, 409, 403, 409],
        ),
        (
            reqwest::Method::GET,
            format!("/api/v1/internship-programs/{program}/stats"),
            None,
            [401, 403, 403, 200, 403, 200],
        ),
        (
            reqwest::Method::POST,
            "/api/v1/internship-positions".into(),
            Some(json!({"program_id": program, "position_id": "none", "slots": 1, "mentor": "x", "stipend_fen": 0})),
            [401, 403, 404, 403, 403, 403],
        ),
        (
            reqwest::Method::POST,
            "/api/v1/internship-positions/none/approve".into(),
            Some(json!({})),
            [401, 403, 403, 404, 403, 404],
        ),
        (
            reqwest::Method::GET,
            "/api/v1/internship-applications".into(),
            None,
            [401, 200, 200, 200, 403, 200],
        ),
        (
            reqwest::Method::GET,
            "/api/v1/me/internship-positions".into(),
            None,
            [401, 403, 200, 403, 403, 403],
        ),
        (
            reqwest::Method::POST,
            "/api/v1/internship-applications".into(),
            Some(json!({"internship_position_id": "none"})),
            [401, 404, 403, 403, 403, 403],
        ),
        (
            reqwest::Method::POST,
            "/api/v1/internship-applications/none/accept".into(),
            Some(json!({})),
            [401, 404, 404, 404, 404, 404],
        ),
    ];
    let cast = [
        ("anonymous", None),
        ("applicant", Some(applicant)),
        ("employer", Some(boss)),
        ("hr", Some(hr)),
        ("finance", Some(finance)),
        ("admin", Some(admin)),
    ];
    expect_access(&app, &cast, rows).await;
}
