//! Recruitment written scores: entering one, importing a file all or nothing, publishing with
//! ranks in the post (ties share a rank, the absent are unranked), what candidates see before and
//! after, mail, bad inputs and roles.

use crate::enterprises::{expect_access, send};
use crate::helpers::*;
use crate::recruitments::{act, created, files, post_body, published, sign_up};
use crate::subsidies::applicant;
use diesel::prelude::*;
use juxian::db::schema::{audit_events, recruitment_applications};
use reqwest::multipart::{Form, Part};
use reqwest::Method;
use rust_xlsxwriter::Workbook;
use serde_json::{json, Value};

/// A candidate with a ticket.
struct Candidate {
    token: String,
    email: String,
    id: String,
    exam_no: String,
}

/// A recruitment with posts A01 and B02 (one place each), `per_post[i]` approved candidates in
/// post i, sign-up closed and tickets issued.
async fn ticketed(app: &TestApp, hr: &str, per_post: [u32; 2]) -> (String, Vec<Candidate>) {
    let (rid, posts) = published(app, hr, &[post_body("A01", 1), post_body("B02", 1)]).await;
    let mut out = Vec::new();
    let mut seq = 0;
    for (p, n) in per_post.iter().enumerate() {
        for _ in 0..*n {
            seq += 1;
            let email = format!("c{seq}@example.com");
            let token = applicant(app, &email, "李四", 40 + seq).await;
            let mine = files(app, &token).await;
            let s = created(sign_up(app, &token, &rid, &posts[p], &mine).await).await;
            let id = s["id"].as_str().unwrap().to_string();
            created(act(app, hr, &id, "approve", json!({})).await).await;
            out.push(Candidate {
                token,
                email,
                id,
                exam_no: String::new(),
            });
        }
    }
    created(
        app.post_auth(&format!("/api/v1/recruitments/{rid}/close-signup"), hr, &json!({}))
            .await,
    )
    .await;
    created(
        app.post_auth(&format!("/api/v1/recruitments/{rid}/tickets"), hr, &json!({}))
            .await,
    )
    .await;
    for c in &mut out {
        let s = created(
            app.get_auth(&format!("/api/v1/recruitment-applications/{}", c.id), hr)
                .await,
        )
        .await;
        c.exam_no = s["exam_no"].as_str().unwrap().to_string();
    }
    (rid, out)
}

/// A score sheet with a title row: (exam number, score cell, absent cell); a score starting with
/// `#` is written as a number.
fn xlsx(rows: &[(&str, &str, &str)]) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "2026年笔试成绩").unwrap();
    for (c, h) in ["准考证号", "成绩", "缺考"].iter().enumerate() {
        sheet.write_string(1, c as u16, *h).unwrap();
    }
    for (r, (no, score, absent)) in rows.iter().enumerate() {
        let r = (r + 2) as u32;
        sheet.write_string(r, 0, *no).unwrap();
        if let Some(n) = score.strip_prefix('#') {
            sheet.write_number(r, 1, n.parse::<f64>().unwrap()).unwrap();
        } else if !score.is_empty() {
            sheet.write_string(r, 1, *score).unwrap();
        }
        if !absent.is_empty() {
            sheet.write_string(r, 2, *absent).unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

async fn import(app: &TestApp, hr: &str, rid: &str, bytes: Vec<u8>) -> reqwest::Response {
    let form = Form::new().part("file", Part::bytes(bytes).file_name("成绩.xlsx"));
    app.client
        .post(app.url(&format!("/api/v1/recruitments/{rid}/written-scores/import")))
        .bearer_auth(hr)
        .multipart(form)
        .send()
        .await
        .unwrap()
}

type Written = (String, Option<String>, Option<i32>, Option<i32>);

/// (id, result, hundredths, rank) of every sign-up, by id.
async fn written(app: &TestApp) -> Vec<Written> {
    app.db
        .run(|conn| {
            Ok(recruitment_applications::table
                .order(recruitment_applications::id.asc())
                .select((
                    recruitment_applications::id,
                    recruitment_applications::written_result,
                    recruitment_applications::written_x100,
                    recruitment_applications::written_rank,
                ))
                .load(conn)?)
        })
        .await
        .unwrap()
}

async fn audit_count(app: &TestApp) -> i64 {
    app.db
        .run(|conn| Ok(audit_events::table.count().get_result(conn)?))
        .await
        .unwrap()
}

#[tokio::test]
async fn scores_are_imported_all_or_nothing_then_published_with_ranks_and_mail() {
    let app = spawn_app().await;
    let hr = app.staff("hr@example.com", "hr").await;
    let (rid, c) = ticketed(&app, &hr, [4, 1]).await;
    let before = (written(&app).await, app.snapshot().await);

    // One bad row refuses the whole file, with a row report; nothing is written.
    let res = import(
        &app,
        &hr,
        &rid,
        xlsx(&[
            (&c[0].exam_no, "87.5", ""),
            (&c[1].exam_no, "87.555", ""),
            ("2026ZZ999", "60", ""),
        ]),
    )
    .await;
    let body = assert_problem(res, 422, "file_rejected").await;
    let rows: Vec<(i64, &str)> = body["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["row"].as_i64().unwrap(), r["code"].as_str().unwrap()))
        .collect();
    assert_eq!(rows, [(4, "invalid_score"), (5, "unknown_reference")], "{body}");
    assert_eq!(
        (written(&app).await, app.snapshot().await),
        before,
        "a refused file wrote something"
    );

    // A good file: text and number cells, a tie, an absent candidate.
    let res = import(
        &app,
        &hr,
        &rid,
        xlsx(&[
            (&c[0].exam_no, "87.5", ""),
            (&c[1].exam_no, "#85", ""),
            (&c[2].exam_no, "85.00", "否"),
            (&c[3].exam_no, "", "是"),
        ]),
    )
    .await;
    let out = created(res).await;
    assert_eq!(out, json!({"rows": 4, "scored": 3, "absent": 1, "missing": 1}));
    // One entered by hand; a second entry replaces the first.
    for x in [5000, 9000] {
        created(
            app.post_auth(
                &format!("/api/v1/recruitments/{rid}/written-scores"),
                &hr,
                &json!({"exam_no": c[4].exam_no.to_lowercase(), "written_x100": x}),
            )
            .await,
        )
        .await;
    }
    let stored = written(&app).await;
    let of = |id: &str| stored.iter().find(|w| w.0 == id).cloned().unwrap();
    assert_eq!(of(&c[0].id).2, Some(8750), "87.5 is exactly 8750 hundredths");
    assert_eq!(of(&c[1].id).2, Some(8500));
    assert_eq!(of(&c[2].id).2, Some(8500));
    assert_eq!((of(&c[3].id).1.as_deref(), of(&c[3].id).2), (Some("absent"), None));
    assert_eq!(of(&c[4].id).2, Some(9000));

    // Before publishing, a candidate sees nothing of it.
    let result = created(
        app.get_auth(
            &format!("/api/v1/recruitment-applications/{}/result", c[0].id),
            &c[0].token,
        )
        .await,
    )
    .await;
    assert_eq!(result["published"], false);
    assert!(result["written_x100"].is_null() && result["written_rank"].is_null() && result["written_result"].is_null());
    let mine = created(app.get_auth("/api/v1/me/recruitment-applications", &c[0].token).await).await;
    assert!(mine["items"][0]["written_x100"].is_null(), "{mine}");
    // HR does.
    let staff = created(
        app.get_auth(&format!("/api/v1/recruitment-applications/{}/result", c[0].id), &hr)
            .await,
    )
    .await;
    assert_eq!(staff["written_x100"], 8750);

    let r = created(
        app.post_auth(&format!("/api/v1/recruitments/{rid}/publish-written"), &hr, &json!({}))
            .await,
    )
    .await;
    assert_eq!(r["status"], "written_done");
    assert!(r["written_published_at"].is_string() && r["scores_open"] == false);

    let expect = [
        (Some(1), "87.50", 3),
        (Some(2), "85.00", 3),
        (Some(2), "85.00", 3),
        (None, "", 3),
        (Some(1), "90.00", 1),
    ];
    for (cand, (rank, score, ranked)) in c.iter().zip(expect) {
        let res = created(
            app.get_auth(
                &format!("/api/v1/recruitment-applications/{}/result", cand.id),
                &cand.token,
            )
            .await,
        )
        .await;
        assert_eq!(res["published"], true);
        assert_eq!(res["written_rank"].as_i64().map(|r| r as i32), rank, "{res}");
        assert_eq!(res["written_score"].as_str().unwrap_or(""), score, "{res}");
        assert_eq!(res["ranked_in_post"], ranked);
        let mine = created(app.get_auth("/api/v1/me/recruitment-applications", &cand.token).await).await;
        assert_eq!(mine["items"][0]["written_rank"].as_i64().map(|r| r as i32), rank);
    }
    assert_eq!(
        created(
            app.get_auth(
                &format!("/api/v1/recruitment-applications/{}/result", c[3].id),
                &c[3].token
            )
            .await
        )
        .await["written_result"],
        "absent"
    );
    // Everyone is mailed: sign-up, approval, ticket, scores.
    for cand in &c {
        let mail = app.mail().wait_for(&cand.email, 4).await;
        assert!(mail[3].subject().contains("笔试成绩公布"), "{}", mail[3].subject());
        assert!(mail[3].text().contains("成绩"), "{}", mail[3].text());
    }

    // Published scores are fixed.
    let before = (written(&app).await, app.snapshot().await);
    let again = app
        .post_auth(
            &format!("/api/v1/recruitments/{rid}/written-scores"),
            &hr,
            &json!({"exam_no": c[0].exam_no, "written_x100": 1}),
        )
        .await;
    assert_problem(again, 409, "invalid_transition").await;
    assert_problem(
        import(&app, &hr, &rid, xlsx(&[(&c[0].exam_no, "1", "")])).await,
        409,
        "invalid_transition",
    )
    .await;
    assert_problem(
        app.post_auth(&format!("/api/v1/recruitments/{rid}/publish-written"), &hr, &json!({}))
            .await,
        409,
        "invalid_transition",
    )
    .await;
    assert_eq!((written(&app).await, app.snapshot().await), before);
}

#[tokio::test]
async fn bad_score_inputs_are_refused_and_change_nothing() {
    let app = spawn_app().await;
    let hr = app.staff("hr@example.com", "hr").await;
    // Before tickets nothing can be scored.
    let (early, _) = published(&app, &hr, &[post_body("A01", 1)]).await;
    let (rid, c) = ticketed(&app, &hr, [2, 0]).await;
    let before = (written(&app).await, app.snapshot().await, audit_count(&app).await);
    let path = format!("/api/v1/recruitments/{rid}/written-scores");
    let no = c[0].exam_no.clone();
    let cases: Vec<(String, Value, u16, &str)> = vec![
        (
            path.clone(),
            json!({"exam_no": no, "written_x100": 10001}),
            400,
            "validation_failed",
        ),
        (
            path.clone(),
            json!({"exam_no": no, "written_x100": -1}),
            400,
            "validation_failed",
        ),
        (
            path.clone(),
            json!({"exam_no": no, "written_x100": 8000, "absent": true}),
            400,
            "validation_failed",
        ),
        (path.clone(), json!({"exam_no": no}), 400, "validation_failed"),
        (
            path.clone(),
            json!({"exam_no": no, "written_x100": "87.5"}),
            400,
            "malformed_json",
        ),
        (
            path.clone(),
            json!({"exam_no": no, "written_x100": 8000, "extra": 1}),
            400,
            "validation_failed",
        ),
        (
            path.clone(),
            json!({"exam_no": "2026ZZ001", "written_x100": 8000}),
            404,
            "not_found",
        ),
        (
            format!("/api/v1/recruitments/{early}/written-scores"),
            json!({"exam_no": no, "written_x100": 8000}),
            409,
            "invalid_transition",
        ),
        // Publishing needs every candidate scored or absent.
        (
            format!("/api/v1/recruitments/{rid}/publish-written"),
            json!({}),
            409,
            "invalid_transition",
        ),
    ];
    for (p, body, status, code) in cases {
        assert_problem(app.post_auth(&p, &hr, &body).await, status, code).await;
    }
    for bytes in [
        b"".to_vec(),
        b"\x00\x01garbage".to_vec(),
        xlsx(&[]),
        xlsx(&[(&c[0].exam_no, "80", ""), (&c[0].exam_no, "81", "")]),
        xlsx(&[(&c[0].exam_no, "100.01", ""), (&c[1].exam_no, "", "")]),
    ] {
        let res = import(&app, &hr, &rid, bytes).await;
        assert!(matches!(res.status().as_u16(), 400 | 422), "{}", res.status());
    }
    assert_eq!(
        (written(&app).await, app.snapshot().await, audit_count(&app).await),
        before,
        "a refused request changed something"
    );
    // One scored, one not: still not publishable.
    created(
        app.post_auth(&path, &hr, &json!({"exam_no": no, "written_x100": 0}))
            .await,
    )
    .await;
    assert_problem(
        app.post_auth(&format!("/api/v1/recruitments/{rid}/publish-written"), &hr, &json!({}))
            .await,
        409,
        "invalid_transition",
    )
    .await;
}

#[tokio::test]
async fn who_may_score_publish_and_read_results() {
    let app = spawn_app().await;
    let hr = app.staff("hr@example.com", "hr").await;
    let (rid, c) = ticketed(&app, &hr, [1, 0]).await;
    let cast: Vec<(&'static str, Option<String>)> = vec![
        ("anonymous", None),
        ("owner applicant", Some(c[0].token.clone())),
        (
            "other applicant",
            Some(app.staff("other@example.com", "applicant").await),
        ),
        ("employer", Some(app.staff("employer@example.com", "employer").await)),
        ("hr", Some(hr.clone())),
        ("finance", Some(app.staff("finance@example.com", "finance").await)),
        ("admin", Some(app.staff("admin@example.com", "admin").await)),
    ];
    expect_access(
        &app,
        &cast,
        vec![
            (
                Method::POST,
                format!("/api/v1/recruitments/{rid}/written-scores"),
                // An exam number nobody holds: hr gets as far as the lookup and changes nothing.
                Some(json!({"exam_no": "2026ZZ001", "written_x100": 8000})),
                [401, 403, 403, 403, 404, 403, 403],
            ),
            (
                Method::POST,
                format!("/api/v1/recruitments/{rid}/publish-written"),
                // Nobody is scored yet: hr is refused by the rule, everyone else by the role.
                Some(json!({})),
                [401, 403, 403, 403, 409, 403, 403],
            ),
            (
                Method::GET,
                format!("/api/v1/recruitment-applications/{}/result", c[0].id),
                None,
                [401, 200, 404, 404, 200, 404, 200],
            ),
        ],
    )
    .await;
    let res = send(
        &app,
        Method::GET,
        "/api/v1/recruitment-applications/nope/result",
        Some(&hr),
        None,
    )
    .await;
    assert_eq!(res.status(), 404);
}
