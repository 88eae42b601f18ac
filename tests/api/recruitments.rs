//! Public-institution recruitment: the recruitment's state machine, posts with machine-checked
//! requirements, sign-up (one per recruitment, under races), review with return and resubmit,
//! cut posts, admission tickets (unique exam numbers, under races) and exam-room check-in, with
//! mail at each step.

use crate::enterprises::{expect_access, send};
use crate::helpers::*;
use crate::subsidies::applicant;
use chrono::{Datelike, Duration, Utc};
use diesel::prelude::*;
use juxian::db::schema::{recruitment_applications, recruitment_events, recruitment_posts, recruitments};
use reqwest::multipart::{Form, Part};
use reqwest::Method;
use serde_json::{json, Value};

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
const PNG: &[u8] = &[
    0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1A, b'\n', 0, 0, 0, 13, b'I', b'H', b'D', b'R',
];

/// A recruitment body whose sign-up opened yesterday and closes in thirty days.
pub fn recruitment_body(title: &str) -> Value {
    let now = Utc::now();
    json!({
        "title": title,
        "announcement": "<p>根据《事业单位人事管理条例》，现公开招聘工作人员。</p>",
        "document_no": "县人社发〔2026〕30号",
        "signup_opens_at": (now - Duration::days(1)).to_rfc3339(),
        "signup_closes_at": (now + Duration::days(30)).to_rfc3339(),
        "review_ends_at": (now + Duration::days(35)).to_rfc3339(),
        "exam_at": (now + Duration::days(45)).to_rfc3339(),
        "exam_venue": "县第一中学",
        "interview_ratio": 3,
        "written_weight": 60,
        "interview_weight": 40
    })
}

/// A post body: bachelor, household region 4306, a mechanical major.
pub fn post_body(code: &str, headcount: i32) -> Value {
    json!({
        "institution_name": "县农业机械化技术推广站",
        "post_code": code,
        "title": "农机技术员",
        "headcount": headcount,
        "eligibility": [
            {"type": "min_education", "level": "bachelor"},
            {"type": "id_region_prefix", "prefixes": ["4306"]}
        ],
        "major_keywords": ["机械"],
        "notes": "具有农机推广工作经历者优先",
        "min_written_x100": 6000
    })
}

pub async fn created(res: reqwest::Response) -> Value {
    let status = res.status();
    let body: Value = res.json().await.unwrap_or(Value::Null);
    assert!(status.is_success(), "{status}: {body}");
    body
}

/// A draft with these posts (returns the recruitment id and the post ids).
pub async fn draft(app: &TestApp, hr: &str, posts: &[Value]) -> (String, Vec<String>) {
    let r = created(
        app.post_auth(
            "/api/v1/recruitments",
            hr,
            &recruitment_body("2026年县事业单位公开招聘"),
        )
        .await,
    )
    .await;
    let id = r["id"].as_str().unwrap().to_string();
    let mut ids = Vec::new();
    for p in posts {
        let post = created(app.post_auth(&format!("/api/v1/recruitments/{id}/posts"), hr, p).await).await;
        ids.push(post["id"].as_str().unwrap().to_string());
    }
    (id, ids)
}

/// A published recruitment with these posts.
pub async fn published(app: &TestApp, hr: &str, posts: &[Value]) -> (String, Vec<String>) {
    let (id, ids) = draft(app, hr, posts).await;
    created(
        app.post_auth(&format!("/api/v1/recruitments/{id}/publish"), hr, &json!({}))
            .await,
    )
    .await;
    (id, ids)
}

async fn upload(app: &TestApp, token: &str, kind: &str, name: &str, bytes: &[u8]) -> String {
    let form = Form::new()
        .text("kind", kind.to_string())
        .part("file", Part::bytes(bytes.to_vec()).file_name(name.to_string()));
    let res = app
        .client
        .post(app.url("/api/v1/me/attachments"))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201, "upload: {}", res.text().await.unwrap_or_default());
    res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string()
}

/// The three files of a sign-up: diploma, ID scan, photo (an attachment of kind `other`).
pub async fn files(app: &TestApp, token: &str) -> Vec<Value> {
    vec![
        json!({"attachment_id": upload(app, token, "diploma", "学位证.pdf", PDF).await, "kind": "diploma"}),
        json!({"attachment_id": upload(app, token, "id_card", "身份证.pdf", PDF).await, "kind": "id_card"}),
        json!({"attachment_id": upload(app, token, "other", "照片.png", PNG).await, "kind": "photo"}),
    ]
}

pub async fn sign_up(app: &TestApp, token: &str, rid: &str, pid: &str, files: &[Value]) -> reqwest::Response {
    app.post_auth(
        &format!("/api/v1/recruitments/{rid}/posts/{pid}/applications"),
        token,
        &json!({"files": files}),
    )
    .await
}

pub async fn act(app: &TestApp, token: &str, id: &str, action: &str, body: Value) -> reqwest::Response {
    app.post_auth(&format!("/api/v1/recruitment-applications/{id}/{action}"), token, &body)
        .await
}

/// Row counts of the recruitment tables: what a refused request must not change.
async fn counts(app: &TestApp) -> (i64, i64, i64, i64) {
    app.db
        .run(|conn| {
            Ok((
                recruitments::table.count().get_result(conn)?,
                recruitment_posts::table.count().get_result(conn)?,
                recruitment_applications::table.count().get_result(conn)?,
                recruitment_events::table.count().get_result(conn)?,
            ))
        })
        .await
        .unwrap()
}

/// Send each request and assert its problem; nothing in the database may change.
async fn refuse(app: &TestApp, cases: Vec<(Method, String, &str, Value, u16, &str)>) -> Vec<Value> {
    let before = (app.snapshot().await, counts(app).await);
    let mut bodies = Vec::new();
    for (method, path, token, body, status, code) in cases {
        let res = send(app, method.clone(), &path, Some(token), Some(&body)).await;
        bodies.push(assert_problem(res, status, code).await);
    }
    assert_eq!(
        (app.snapshot().await, counts(app).await),
        before,
        "a refused request changed something"
    );
    bodies
}

#[tokio::test]
async fn publish_sign_up_return_resubmit_approve_ticket_and_check_in_with_mail() {
    let app = spawn_app().await;
    let hr = app.staff("hr@example.com", "hr").await;
    let mut master = post_body("B02", 1);
    master["eligibility"] = json!([{"type": "min_education", "level": "master"}]);
    master["major_keywords"] = json!([]);
    let (rid, posts) = draft(&app, &hr, &[post_body("A01", 1), master, post_body("C03", 2)]).await;
    let (a01, b02, c03) = (posts[0].clone(), posts[1].clone(), posts[2].clone());

    // Nobody but staff sees the draft.
    let res = app
        .client
        .get(app.url(&format!("/api/v1/recruitments/{rid}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    created(
        app.post_auth(&format!("/api/v1/recruitments/{rid}/publish"), &hr, &json!({}))
            .await,
    )
    .await;
    let public: Value = app
        .client
        .get(app.url(&format!("/api/v1/recruitments/{rid}/posts")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(public.as_array().unwrap().len(), 3);
    assert!(public[0].get("counts").is_none(), "the public does not see the counts");
    assert_eq!(public[0]["eligibility"][0]["type"], "min_education");

    let zhang = applicant(&app, "zhang@example.com", "张小三", 1).await;
    let check: Value = app
        .get_auth(&format!("/api/v1/recruitments/{rid}/posts/{a01}/precheck"), &zhang)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(check["eligible"], true, "{check}");
    assert_eq!(
        check["criteria"].as_array().unwrap().len(),
        3,
        "two criteria and the majors"
    );
    let mine = files(&app, &zhang).await;

    // Unmet requirements: 409 with the list; missing photo: 400. Nothing is stored.
    let bodies = refuse(
        &app,
        vec![
            (
                Method::POST,
                format!("/api/v1/recruitments/{rid}/posts/{b02}/applications"),
                &zhang,
                json!({"files": mine}),
                409,
                "not_eligible",
            ),
            (
                Method::POST,
                format!("/api/v1/recruitments/{rid}/posts/{a01}/applications"),
                &zhang,
                json!({"files": [mine[0], mine[1]]}),
                400,
                "validation_failed",
            ),
        ],
    )
    .await;
    assert_eq!(
        bodies[0]["errors"][0]["field"], "requirements.min_education",
        "{}",
        bodies[0]
    );

    let first = created(sign_up(&app, &zhang, &rid, &a01, &mine).await).await;
    assert_eq!(
        (first["status"].as_str(), first["step"].as_i64()),
        (Some("submitted"), Some(1))
    );
    let mail = app.mail().wait_for("zhang@example.com", 1).await;
    assert!(mail[0].subject().contains("报名成功"), "{}", mail[0].subject());
    assert!(mail[0].text().contains("A01"), "{}", mail[0].text());

    // One post per recruitment; after withdrawing, another post.
    assert_problem(
        sign_up(&app, &zhang, &rid, &c03, &mine).await,
        409,
        "duplicate_application",
    )
    .await;
    let first_id = first["id"].as_str().unwrap();
    let w = created(act(&app, &zhang, first_id, "withdraw", json!({})).await).await;
    assert_eq!(w["status"], "withdrawn");
    let app_c = created(sign_up(&app, &zhang, &rid, &c03, &mine).await).await;
    let id = app_c["id"].as_str().unwrap().to_string();
    app.mail().wait_for("zhang@example.com", 3).await;

    // HR returns for missing material; the applicant resubmits; HR approves.
    let queue: Value = app
        .get_auth(&format!("/api/v1/recruitment-posts/{c03}/applications"), &hr)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(queue["total"], 1);
    assert_eq!(queue["items"][0]["applicant_name"], "张小三");
    let r = created(act(&app, &hr, &id, "return", json!({"reason": "请补充学位证书"})).await).await;
    assert_eq!(r["status"], "returned");
    let mail = app.mail().wait_for("zhang@example.com", 4).await;
    assert!(mail[3].text().contains("请补充学位证书"), "{}", mail[3].text());
    let seen = created(
        app.get_auth(&format!("/api/v1/recruitment-applications/{id}"), &zhang)
            .await,
    )
    .await;
    assert_eq!(seen["reason"], "请补充学位证书");
    assert_eq!(seen["actions"], json!(["resubmit", "withdraw"]));
    let degree = upload(&app, &zhang, "diploma", "学位证书.pdf", PDF).await;
    let degree = json!({"attachment_id": degree, "kind": "diploma"});
    let again = created(
        act(
            &app,
            &zhang,
            &id,
            "resubmit",
            json!({"files": [mine[0], mine[1], mine[2], degree]}),
        )
        .await,
    )
    .await;
    assert_eq!(
        (again["status"].as_str(), again["reason"].as_str()),
        (Some("resubmitted"), None)
    );
    assert_eq!(again["files"].as_array().unwrap().len(), 4);
    let ok = created(act(&app, &hr, &id, "approve", json!({})).await).await;
    assert_eq!(ok["status"], "approved");
    let mail = app.mail().wait_for("zhang@example.com", 6).await;
    assert!(mail[5].subject().contains("资格审查通过"), "{}", mail[5].subject());

    // The counts against headcount (报名比例).
    let staff_posts: Value = app
        .get_auth(&format!("/api/v1/recruitments/{rid}/posts"), &hr)
        .await
        .json()
        .await
        .unwrap();
    let c = &staff_posts[2]["counts"];
    assert_eq!((c["signed_up"].as_i64(), c["approved"].as_i64()), (Some(1), Some(1)));
    assert_eq!(c["approved_ratio"], "0.50");

    // Tickets after sign-up closes; the exam number is year + post code + seat.
    created(
        app.post_auth(&format!("/api/v1/recruitments/{rid}/close-signup"), &hr, &json!({}))
            .await,
    )
    .await;
    let issued = created(
        app.post_auth(&format!("/api/v1/recruitments/{rid}/tickets"), &hr, &json!({}))
            .await,
    )
    .await;
    assert_eq!(
        (issued["issued"].as_i64(), issued["total"].as_i64()),
        (Some(1), Some(1))
    );
    let mail = app.mail().wait_for("zhang@example.com", 7).await;
    assert!(mail[6].subject().contains("准考证"), "{}", mail[6].subject());
    assert!(mail[6].text().contains(&format!("/my/recruitments/{id}/ticket")));
    let ticket = created(
        app.get_auth(&format!("/api/v1/recruitment-applications/{id}/ticket"), &zhang)
            .await,
    )
    .await;
    let year = Utc::now().year();
    assert_eq!(ticket["exam_no"], format!("{year}C03001"));
    assert_eq!(ticket["full_name"], "张小三");
    assert_eq!(ticket["photo_attachment_id"], mine[2]["attachment_id"]);
    let again = created(
        app.post_auth(&format!("/api/v1/recruitments/{rid}/tickets"), &hr, &json!({}))
            .await,
    )
    .await;
    assert_eq!(again["issued"], 0);

    // The exam room scans the ticket: once, then "already".
    let code = ticket["ticket_code"].as_str().unwrap().to_lowercase().replace('-', " ");
    let scan = created(
        app.post_auth(
            &format!("/api/v1/recruitments/{rid}/check-in"),
            &hr,
            &json!({"ticket_code": code}),
        )
        .await,
    )
    .await;
    assert_eq!(scan["first_scan"], true);
    let scan = created(
        app.post_auth(
            &format!("/api/v1/recruitments/{rid}/check-in"),
            &hr,
            &json!({"ticket_code": code}),
        )
        .await,
    )
    .await;
    assert_eq!(scan["first_scan"], false);
    let steps: Value = app
        .get_auth(&format!("/api/v1/recruitment-applications/{id}/history"), &zhang)
        .await
        .json()
        .await
        .unwrap();
    let actions: Vec<&str> = steps
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        ["submit", "return", "resubmit", "approve", "issue_ticket", "check_in"]
    );
    assert!(steps[1].get("actor_id").is_none(), "applicants do not see who acted");
}

#[tokio::test]
async fn illegal_moves_answer_409_and_change_nothing() {
    let app = spawn_app().await;
    let hr = app.staff("hr@example.com", "hr").await;
    let (empty, _) = draft(&app, &hr, &[]).await;
    let (rid, posts) = draft(&app, &hr, &[post_body("A01", 1)]).await;
    let r = |a: &str| format!("/api/v1/recruitments/{rid}/{a}");
    refuse(
        &app,
        vec![
            (
                Method::POST,
                format!("/api/v1/recruitments/{empty}/publish"),
                &hr,
                json!({}),
                409,
                "invalid_transition",
            ),
            (
                Method::POST,
                r("close-signup"),
                &hr,
                json!({}),
                409,
                "invalid_transition",
            ),
            (
                Method::POST,
                r("complete-written"),
                &hr,
                json!({}),
                409,
                "invalid_transition",
            ),
            (Method::POST, r("close"), &hr, json!({}), 409, "invalid_transition"),
            (Method::POST, r("tickets"), &hr, json!({}), 409, "invalid_transition"),
        ],
    )
    .await;
    created(app.post_auth(&r("publish"), &hr, &json!({})).await).await;
    let zhang = applicant(&app, "zhang@example.com", "张小三", 1).await;
    let mine = files(&app, &zhang).await;
    let signed = created(sign_up(&app, &zhang, &rid, &posts[0], &mine).await).await;
    let sid = signed["id"].as_str().unwrap().to_string();
    app.mail().wait_for("zhang@example.com", 1).await;
    refuse(
        &app,
        vec![
            (Method::POST, r("publish"), &hr, json!({}), 409, "invalid_transition"),
            (
                Method::PATCH,
                format!("/api/v1/recruitments/{rid}"),
                &hr,
                recruitment_body("改"),
                409,
                "invalid_transition",
            ),
            (
                Method::POST,
                r("posts"),
                &hr,
                post_body("Z09", 1),
                409,
                "invalid_transition",
            ),
            (
                Method::PATCH,
                format!("/api/v1/recruitment-posts/{}", posts[0]),
                &hr,
                post_body("A01", 3),
                409,
                "invalid_transition",
            ),
            (
                Method::DELETE,
                format!("/api/v1/recruitment-posts/{}", posts[0]),
                &hr,
                json!({}),
                409,
                "invalid_transition",
            ),
            (Method::POST, r("tickets"), &hr, json!({}), 409, "invalid_transition"),
            (
                Method::POST,
                format!("/api/v1/recruitment-applications/{sid}/resubmit"),
                &zhang,
                json!({"files": []}),
                409,
                "invalid_transition",
            ),
            (
                Method::POST,
                r("cancel"),
                &hr,
                json!({"reason": " "}),
                400,
                "validation_failed",
            ),
        ],
    )
    .await;
    // Pending review blocks the tickets; an approved sign-up cannot be withdrawn.
    created(app.post_auth(&r("close-signup"), &hr, &json!({})).await).await;
    refuse(
        &app,
        vec![(Method::POST, r("tickets"), &hr, json!({}), 409, "invalid_transition")],
    )
    .await;
    created(act(&app, &hr, &sid, "approve", json!({})).await).await;
    refuse(
        &app,
        vec![
            (
                Method::POST,
                format!("/api/v1/recruitment-applications/{sid}/withdraw"),
                &zhang,
                json!({}),
                409,
                "invalid_transition",
            ),
            (
                Method::POST,
                format!("/api/v1/recruitment-applications/{sid}/approve"),
                &hr,
                json!({}),
                409,
                "invalid_transition",
            ),
        ],
    )
    .await;
    // Cancelling tells everyone signed up, with the reason.
    let c = created(
        app.post_auth(&r("cancel"), &hr, &json!({"reason": "因机构改革暂停招聘"}))
            .await,
    )
    .await;
    assert_eq!(c["status"], "cancelled");
    let mail = app.mail().wait_for("zhang@example.com", 3).await;
    assert!(mail[2].text().contains("因机构改革暂停招聘") && mail[2].subject().contains("招聘已取消"));
    refuse(
        &app,
        vec![(
            Method::POST,
            r("cancel"),
            &hr,
            json!({"reason": "再次"}),
            409,
            "invalid_transition",
        )],
    )
    .await;
}

#[tokio::test]
async fn the_pre_check_explains_each_requirement() {
    let app = spawn_app().await;
    let hr = app.staff("hr@example.com", "hr").await;
    let mut post = post_body("A01", 1);
    post["eligibility"] = json!([
        {"type": "categories_any", "categories": ["entrepreneur"]},
        {"type": "min_education", "level": "master"},
        {"type": "age_between", "min": 18, "max": 25},
        {"type": "id_region_prefix", "prefixes": ["110101"]}
    ]);
    post["major_keywords"] = json!(["会计", "财务"]);
    let mut fits = post_body("B02", 1);
    fits["eligibility"] = json!([
        {"type": "categories_any", "categories": ["graduate"]},
        {"type": "min_education", "level": "bachelor"},
        {"type": "age_between", "min": 18, "max": 60},
        {"type": "id_region_prefix", "prefixes": ["430623"]}
    ]);
    let (rid, posts) = published(&app, &hr, &[post, fits]).await;
    let zhang = applicant(&app, "zhang@example.com", "张小三", 1).await;
    let check = |pid: String| {
        let (app, zhang, rid) = (&app, zhang.clone(), rid.clone());
        async move {
            let v: Value = app
                .get_auth(&format!("/api/v1/recruitments/{rid}/posts/{pid}/precheck"), &zhang)
                .await
                .json()
                .await
                .unwrap();
            v
        }
    };
    let no = check(posts[0].clone()).await;
    assert_eq!(no["eligible"], false);
    let results: Vec<(String, bool)> = no["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["criterion"].as_str().unwrap().to_string(),
                c["met"].as_bool().unwrap(),
            )
        })
        .collect();
    let names = [
        "categories_any",
        "min_education",
        "age_between",
        "id_region_prefix",
        "major_keywords",
    ];
    assert_eq!(
        results,
        names.iter().map(|n| (n.to_string(), false)).collect::<Vec<_>>()
    );
    assert!(
        no["criteria"][4]["message_zh"].as_str().unwrap().contains("机械工程"),
        "{no}"
    );
    assert_eq!(no["notes"], "具有农机推广工作经历者优先");
    let yes = check(posts[1].clone()).await;
    assert_eq!(yes["eligible"], true, "{yes}");
    assert!(yes["criteria"].as_array().unwrap().iter().all(|c| c["met"] == true));

    // Without a profile nothing can be checked, and sign-up is refused.
    let li = app.staff("li@example.com", "applicant").await;
    let v: Value = app
        .get_auth(&format!("/api/v1/recruitments/{rid}/posts/{}/precheck", posts[1]), &li)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (v["eligible"].as_bool(), v["profile_complete"].as_bool()),
        (Some(false), Some(false))
    );
    let li_files = files(&app, &li).await;
    refuse(
        &app,
        vec![(
            Method::POST,
            format!("/api/v1/recruitments/{rid}/posts/{}/applications", posts[1]),
            &li,
            json!({"files": li_files}),
            409,
            "profile_incomplete",
        )],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_concurrent_sign_ups_of_one_person_leave_one() {
    let app = spawn_app().await;
    let hr = app.staff("hr@example.com", "hr").await;
    let (rid, posts) = published(&app, &hr, &[post_body("A01", 1), post_body("B02", 1)]).await;
    let zhang = applicant(&app, "zhang@example.com", "张小三", 1).await;
    let mine = files(&app, &zhang).await;
    let mut tasks = Vec::new();
    for i in 0..50 {
        let (client, token, body) = (app.client.clone(), zhang.clone(), json!({"files": mine}));
        let url = app.url(&format!(
            "/api/v1/recruitments/{rid}/posts/{}/applications",
            posts[i % 2]
        ));
        tasks.push(tokio::spawn(async move {
            client
                .post(url)
                .bearer_auth(token)
                .json(&body)
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
    assert!(statuses.iter().all(|s| *s == 201 || *s == 409), "{statuses:?}");
    let live: i64 = app
        .db
        .run(|conn| Ok(recruitment_applications::table.count().get_result(conn)?))
        .await
        .unwrap();
    assert_eq!(live, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_ticket_generation_gives_unique_exam_numbers() {
    let app = spawn_app().await;
    let hr = app.staff("hr@example.com", "hr").await;
    let (rid, posts) = published(&app, &hr, &[post_body("A01", 2), post_body("B02", 2)]).await;
    let mut ids = Vec::new();
    for i in 0..8u32 {
        let token = applicant(&app, &format!("p{i}@example.com"), "王五", 10 + i).await;
        let mine = files(&app, &token).await;
        let s = created(sign_up(&app, &token, &rid, &posts[(i % 2) as usize], &mine).await).await;
        ids.push(s["id"].as_str().unwrap().to_string());
    }
    for id in &ids {
        created(act(&app, &hr, id, "approve", json!({})).await).await;
    }
    created(
        app.post_auth(&format!("/api/v1/recruitments/{rid}/close-signup"), &hr, &json!({}))
            .await,
    )
    .await;
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let (client, token) = (app.client.clone(), hr.clone());
        let url = app.url(&format!("/api/v1/recruitments/{rid}/tickets"));
        tasks.push(tokio::spawn(async move {
            let res = client
                .post(url)
                .bearer_auth(token)
                .json(&json!({}))
                .send()
                .await
                .unwrap();
            (res.status().as_u16(), res.json::<Value>().await.unwrap_or(Value::Null))
        }));
    }
    let mut issued = 0;
    for t in tasks {
        let (status, body) = t.await.unwrap();
        assert_eq!(status, 200, "{body}");
        issued += body["issued"].as_i64().unwrap();
    }
    assert_eq!(issued, 8, "every candidate exactly one ticket");
    let numbers: Vec<(String, Option<String>, Option<i32>)> = app
        .db
        .run(|conn| {
            Ok(recruitment_applications::table
                .select((
                    recruitment_applications::post_id,
                    recruitment_applications::exam_no,
                    recruitment_applications::seat_no,
                ))
                .load(conn)?)
        })
        .await
        .unwrap();
    let mut exam: Vec<String> = numbers.iter().map(|n| n.1.clone().unwrap()).collect();
    exam.sort();
    exam.dedup();
    assert_eq!(exam.len(), 8);
    for post in &posts {
        let mut seats: Vec<i32> = numbers.iter().filter(|n| &n.0 == post).map(|n| n.2.unwrap()).collect();
        seats.sort();
        assert_eq!(seats, [1, 2, 3, 4]);
    }
    let year = Utc::now().year();
    assert!(
        exam.contains(&format!("{year}A01004")) && exam.contains(&format!("{year}B02001")),
        "{exam:?}"
    );
}

#[tokio::test]
async fn cutting_a_post_or_reducing_it_mails_those_affected() {
    let app = spawn_app().await;
    let hr = app.staff("hr@example.com", "hr").await;
    let (rid, posts) = published(&app, &hr, &[post_body("A01", 3), post_body("B02", 3)]).await;
    let zhang = applicant(&app, "zhang@example.com", "张小三", 1).await;
    let li = applicant(&app, "li@example.com", "李四", 2).await;
    let zf = files(&app, &zhang).await;
    let lf = files(&app, &li).await;
    created(sign_up(&app, &zhang, &rid, &posts[0], &zf).await).await;
    created(sign_up(&app, &li, &rid, &posts[1], &lf).await).await;
    let cut = created(
        app.post_auth(
            &format!("/api/v1/recruitment-posts/{}/cut", posts[0]),
            &hr,
            &json!({"reason": "报名人数未达开考比例"}),
        )
        .await,
    )
    .await;
    assert_eq!(cut["status"], "cut");
    let mail = app.mail().wait_for("zhang@example.com", 2).await;
    assert!(mail[1].subject().contains("岗位取消") && mail[1].text().contains("报名人数未达开考比例"));
    // The person may sign up for another post while sign-up is open.
    created(sign_up(&app, &zhang, &rid, &posts[1], &zf).await).await;
    refuse(
        &app,
        vec![
            (
                Method::POST,
                format!("/api/v1/recruitment-posts/{}/cut", posts[0]),
                &hr,
                json!({"reason": "再次"}),
                409,
                "invalid_transition",
            ),
            (
                Method::POST,
                format!("/api/v1/recruitment-posts/{}/headcount", posts[1]),
                &hr,
                json!({"headcount": 3, "reason": "核减"}),
                400,
                "validation_failed",
            ),
            (
                Method::POST,
                format!("/api/v1/recruitment-posts/{}/headcount", posts[1]),
                &hr,
                json!({"headcount": 0, "reason": "核减"}),
                400,
                "validation_failed",
            ),
        ],
    )
    .await;
    let reduced = created(
        app.post_auth(
            &format!("/api/v1/recruitment-posts/{}/headcount", posts[1]),
            &hr,
            &json!({"headcount": 1, "reason": "按1:3开考比例核减"}),
        )
        .await,
    )
    .await;
    assert_eq!(reduced["headcount"], 1);
    let mail = app.mail().wait_for("li@example.com", 2).await;
    assert!(mail[1].subject().contains("招聘人数调整") && mail[1].text().contains("按1:3开考比例核减"));
    app.mail().wait_for("zhang@example.com", 4).await;
}

#[tokio::test]
async fn bad_inputs_are_refused_and_change_nothing() {
    let app = spawn_app().await;
    let hr = app.staff("hr@example.com", "hr").await;
    let (rid, posts) = draft(&app, &hr, &[post_body("A01", 1)]).await;
    let mut weights = recruitment_body("x");
    weights["written_weight"] = json!(70);
    let mut window = recruitment_body("x");
    window["signup_closes_at"] = window["signup_opens_at"].clone();
    let mut code = post_body("a 1", 1);
    code["headcount"] = json!(0);
    let mut criterion = post_body("D04", 1);
    criterion["eligibility"] = json!([{"type": "age_between", "min": 40, "max": 30}]);
    let mut nobody = post_body("E05", 1);
    nobody["institution_name"] = json!(" ");
    let bodies = refuse(
        &app,
        vec![
            (
                Method::POST,
                "/api/v1/recruitments".into(),
                &hr,
                weights,
                400,
                "validation_failed",
            ),
            (
                Method::POST,
                "/api/v1/recruitments".into(),
                &hr,
                window,
                400,
                "validation_failed",
            ),
            (
                Method::POST,
                "/api/v1/recruitments".into(),
                &hr,
                json!({"title": "x"}),
                400,
                "validation_failed",
            ),
            (
                Method::POST,
                format!("/api/v1/recruitments/{rid}/posts"),
                &hr,
                code,
                400,
                "validation_failed",
            ),
            (
                Method::POST,
                format!("/api/v1/recruitments/{rid}/posts"),
                &hr,
                post_body("A01", 1),
                400,
                "validation_failed",
            ),
            (
                Method::POST,
                format!("/api/v1/recruitments/{rid}/posts"),
                &hr,
                criterion,
                400,
                "validation_failed",
            ),
            (
                Method::POST,
                format!("/api/v1/recruitments/{rid}/posts"),
                &hr,
                nobody,
                400,
                "validation_failed",
            ),
            (
                Method::POST,
                "/api/v1/recruitments/nope/posts".into(),
                &hr,
                post_body("F06", 1),
                404,
                "not_found",
            ),
        ],
    )
    .await;
    let fields: Vec<&str> = bodies[3]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["post_code", "headcount"]);
    assert_eq!(bodies[4]["errors"][0]["code"], "taken");
    created(
        app.post_auth(&format!("/api/v1/recruitments/{rid}/publish"), &hr, &json!({}))
            .await,
    )
    .await;
    let zhang = applicant(&app, "zhang@example.com", "张小三", 1).await;
    let li = applicant(&app, "li@example.com", "李四", 2).await;
    let li_files = files(&app, &li).await;
    let mine = files(&app, &zhang).await;
    let signed = created(sign_up(&app, &zhang, &rid, &posts[0], &mine).await).await;
    let sid = signed["id"].as_str().unwrap().to_string();
    app.mail().wait_for("zhang@example.com", 1).await;
    refuse(
        &app,
        vec![
            (
                Method::POST,
                format!("/api/v1/recruitments/{rid}/posts/{}/applications", posts[0]),
                &li,
                json!({"files": [{"attachment_id": "nope", "kind": "photo"}]}),
                400,
                "validation_failed",
            ),
            // Someone else's files are not yours to attach.
            (
                Method::POST,
                format!("/api/v1/recruitments/{rid}/posts/{}/applications", posts[0]),
                &li,
                json!({"files": mine}),
                400,
                "validation_failed",
            ),
            (
                Method::POST,
                format!("/api/v1/recruitments/{rid}/posts/nope/applications"),
                &li,
                json!({"files": li_files}),
                404,
                "not_found",
            ),
            (
                Method::POST,
                format!("/api/v1/recruitment-applications/{sid}/reject"),
                &hr,
                json!({"reason": ""}),
                400,
                "validation_failed",
            ),
            (
                Method::POST,
                format!("/api/v1/recruitment-applications/{sid}/return"),
                &hr,
                json!({}),
                400,
                "validation_failed",
            ),
            (
                Method::POST,
                format!("/api/v1/recruitment-applications/{sid}/withdraw"),
                &li,
                json!({}),
                404,
                "not_found",
            ),
            (
                Method::POST,
                format!("/api/v1/recruitments/{rid}/check-in"),
                &hr,
                json!({"ticket_code": "AAAA"}),
                409,
                "invalid_transition",
            ),
        ],
    )
    .await;
}

#[tokio::test]
async fn who_may_call_what() {
    let app = spawn_app().await;
    let hr = app.staff("hr@example.com", "hr").await;
    let (rid, posts) = published(&app, &hr, &[post_body("A01", 1)]).await;
    let (draft_id, _) = draft(&app, &hr, &[]).await;
    let zhang = applicant(&app, "zhang@example.com", "张小三", 1).await;
    let mine = files(&app, &zhang).await;
    let signed = created(sign_up(&app, &zhang, &rid, &posts[0], &mine).await).await;
    let sid = signed["id"].as_str().unwrap().to_string();
    let cast: Vec<(&'static str, Option<String>)> = vec![
        ("anonymous", None),
        ("owner applicant", Some(zhang.clone())),
        (
            "other applicant",
            Some(app.staff("other@example.com", "applicant").await),
        ),
        ("employer", Some(app.staff("employer@example.com", "employer").await)),
        ("hr", Some(hr.clone())),
        ("finance", Some(app.staff("finance@example.com", "finance").await)),
        ("admin", Some(app.staff("admin@example.com", "admin").await)),
    ];
    let p = &posts[0];
    expect_access(
        &app,
        &cast,
        vec![
            (
                Method::GET,
                "/api/v1/recruitments".into(),
                None,
                [200, 200, 200, 200, 200, 200, 200],
            ),
            (
                Method::GET,
                format!("/api/v1/recruitments/{rid}"),
                None,
                [200, 200, 200, 200, 200, 200, 200],
            ),
            (
                Method::GET,
                format!("/api/v1/recruitments/{draft_id}"),
                None,
                [404, 404, 404, 404, 200, 404, 200],
            ),
            (
                Method::GET,
                format!("/api/v1/recruitments/{rid}/posts"),
                None,
                [200, 200, 200, 200, 200, 200, 200],
            ),
            (
                Method::POST,
                "/api/v1/recruitments".into(),
                Some(json!({})),
                [401, 403, 403, 403, 400, 403, 403],
            ),
            (
                Method::PATCH,
                format!("/api/v1/recruitments/{draft_id}"),
                Some(json!({})),
                [401, 403, 403, 403, 400, 403, 403],
            ),
            (
                Method::POST,
                format!("/api/v1/recruitments/{draft_id}/posts"),
                Some(json!({})),
                [401, 403, 403, 403, 400, 403, 403],
            ),
            (
                Method::POST,
                format!("/api/v1/recruitment-posts/{p}/cut"),
                Some(json!({})),
                [401, 403, 403, 403, 400, 403, 403],
            ),
            (
                Method::POST,
                format!("/api/v1/recruitments/{draft_id}/close-signup"),
                None,
                [401, 403, 403, 403, 409, 403, 403],
            ),
            (
                Method::POST,
                format!("/api/v1/recruitments/{rid}/tickets"),
                None,
                [401, 403, 403, 403, 409, 403, 403],
            ),
            (
                Method::POST,
                format!("/api/v1/recruitments/{rid}/check-in"),
                Some(json!({"ticket_code": "x"})),
                [401, 403, 403, 403, 409, 403, 409],
            ),
            (
                Method::GET,
                format!("/api/v1/recruitments/{rid}/posts/{p}/precheck"),
                None,
                [401, 200, 200, 403, 403, 403, 403],
            ),
            (
                Method::POST,
                format!("/api/v1/recruitments/{rid}/posts/{p}/applications"),
                Some(json!({})),
                [401, 400, 400, 403, 403, 403, 403],
            ),
            (
                Method::GET,
                "/api/v1/me/recruitment-applications".into(),
                None,
                [401, 200, 200, 403, 403, 403, 403],
            ),
            (
                Method::GET,
                format!("/api/v1/recruitment-posts/{p}/applications"),
                None,
                [401, 403, 403, 403, 200, 403, 200],
            ),
            (
                Method::GET,
                format!("/api/v1/recruitment-applications/{sid}"),
                None,
                [401, 200, 404, 404, 200, 404, 200],
            ),
            (
                Method::GET,
                format!("/api/v1/recruitment-applications/{sid}/history"),
                None,
                [401, 200, 404, 404, 200, 404, 200],
            ),
            (
                Method::GET,
                format!("/api/v1/recruitment-applications/{sid}/ticket"),
                None,
                [401, 404, 404, 404, 404, 404, 404],
            ),
            (
                Method::POST,
                format!("/api/v1/recruitment-applications/{sid}/reject"),
                Some(json!({})),
                [401, 403, 403, 403, 400, 403, 403],
            ),
            (
                Method::POST,
                format!("/api/v1/recruitment-applications/{sid}/resubmit"),
                Some(json!({})),
                [401, 400, 400, 403, 403, 403, 403],
            ),
            (
                Method::POST,
                format!("/api/v1/recruitment-applications/{sid}/approve"),
                None,
                [401, 403, 403, 403, 200, 403, 403],
            ),
        ],
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_post_cut_while_people_sign_up_keeps_no_live_sign_up() {
    let app = spawn_app().await;
    let hr = app.staff("hr@example.com", "hr").await;
    let (rid, posts) = published(&app, &hr, &[post_body("A01", 5)]).await;
    let mut people = Vec::new();
    for i in 0..10u32 {
        let token = applicant(&app, &format!("c{i}@example.com"), "赵六", 40 + i).await;
        let mine = files(&app, &token).await;
        people.push((token, mine));
    }
    let mut tasks = Vec::new();
    for (i, (token, mine)) in people.into_iter().enumerate() {
        let (client, body) = (app.client.clone(), json!({"files": mine}));
        let url = app.url(&format!("/api/v1/recruitments/{rid}/posts/{}/applications", posts[0]));
        tasks.push(tokio::spawn(async move {
            client
                .post(url)
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }));
        if i == 4 {
            let (client, token) = (app.client.clone(), hr.clone());
            let url = app.url(&format!("/api/v1/recruitment-posts/{}/cut", posts[0]));
            tasks.push(tokio::spawn(async move {
                let body = json!({"reason": "报名人数不足"});
                client
                    .post(url)
                    .bearer_auth(token)
                    .json(&body)
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            }));
        }
    }
    for t in tasks {
        let status = t.await.unwrap();
        assert!([200, 201, 409].contains(&status), "{status}");
    }
    let statuses: Vec<String> = app
        .db
        .run(|conn| {
            Ok(recruitment_applications::table
                .select(recruitment_applications::status)
                .load(conn)?)
        })
        .await
        .unwrap();
    assert!(statuses.iter().all(|s| s == "post_cut"), "{statuses:?}");
}
