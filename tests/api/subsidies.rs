//! Subsidies: policies, eligibility, the application path through HR and finance, the budget under
//! races, separation of duties, the public notice and objections, and mail at each step.

use crate::enterprises::{expect_access, refuse_all, Refusal};
use crate::helpers::*;
use chrono::Datelike;
use diesel::prelude::*;
use juxian::db::schema::{subsidy_applications, subsidy_budgets, subsidy_events};
use reqwest::multipart::{Form, Part};
use reqwest::Method;
use serde_json::{json, Value};

/// A valid GB 11643 ID number for a region, birth date (`YYYYMMDD`) and sequence.
pub fn id_number(region: &str, birth: &str, seq: u32) -> String {
    let body = format!("{region}{birth}{:03}", seq % 1000);
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body.chars().zip(W).map(|(c, w)| c.to_digit(10).unwrap() * w).sum();
    let check = b"10X98765432"[(sum % 11) as usize] as char;
    format!("{body}{check}")
}

/// The current budget year (Asia/Shanghai).
pub fn year() -> i32 {
    juxian::time::today_shanghai().year()
}

/// A policy body: up to 5,000 yuan, budget `budget_yuan` this year, bachelor and region 4306.
pub fn policy_body(code: &str, budget_yuan: i64) -> Value {
    json!({
        "code": code,
        "name": "高校毕业生创业补贴",
        "description": "县内创业的高校毕业生一次性补贴。",
        "document_no": "县人社发〔2026〕12号",
        "kind": "application",
        "amount_rule": "up_to",
        "amount_fen": 500_000,
        "budgets": [{"year": year(), "budget_fen": budget_yuan * 100}],
        "exclusive_group": null,
        "required_attachments": ["resume"],
        "eligibility": [
            {"type": "min_education", "level": "bachelor"},
            {"type": "id_region_prefix", "prefixes": ["4306"]}
        ],
        "opens_at": "2020-01-01T00:00:00Z",
        "closes_at": "2099-12-31T00:00:00Z",
        "notice_days": 5
    })
}

/// Create and activate a policy as the admin; returns its id.
pub async fn active_policy(app: &TestApp, admin: &str, body: &Value) -> String {
    let res = app.post_auth("/api/v1/subsidy-policies", admin, body).await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap_or_default());
    let id = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string();
    let res = app
        .post_auth(&format!("/api/v1/subsidy-policies/{id}/activate"), admin, &json!({}))
        .await;
    assert_eq!(res.status(), 200);
    id
}

/// An applicant (created as an active account) with a complete profile from region 430623.
pub async fn applicant(app: &TestApp, email: &str, name: &str, seq: u32) -> String {
    let token = app.staff(email, "applicant").await;
    let body = json!({
        "full_name": name,
        "id_number": id_number("430623", "19980615", seq),
        "phone": format!("139{:08}", seq),
        "education": [{"level": "bachelor", "school": "湘潭大学", "major": "机械工程", "graduation_year": 2022}],
        "categories": ["graduate"],
        "skills": [],
        "current_employer": "县农机厂",
        "bank_name": "中国农业银行",
        "bank_account": "6228480402564890018"
    });
    let res = app
        .client
        .put(app.url("/api/v1/me/profile"))
        .bearer_auth(&token)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert!(
        res.status().is_success(),
        "profile: {}",
        res.text().await.unwrap_or_default()
    );
    token
}

/// Upload a résumé (PDF) as `token`; returns the attachment id.
pub async fn resume(app: &TestApp, token: &str) -> String {
    let pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".to_vec();
    let form = Form::new().text("kind", "resume").part(
        "file",
        Part::bytes(pdf)
            .file_name("简历.pdf")
            .mime_str("application/pdf")
            .unwrap(),
    );
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

/// Draft and submit an application of `yuan`; returns its id.
pub async fn submitted(app: &TestApp, token: &str, policy: &str, yuan: i64) -> String {
    let file = resume(app, token).await;
    let res = app
        .post_auth(
            "/api/v1/subsidy-applications",
            token,
            &json!({"policy_id": policy, "requested_fen": yuan * 100, "statement": "在县城创办农机维修店，带动就业3人。", "attachment_ids": [file]}),
        )
        .await;
    assert_eq!(res.status(), 201, "draft: {}", res.text().await.unwrap_or_default());
    let id = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string();
    let res = app
        .post_auth(&format!("/api/v1/subsidy-applications/{id}/submit"), token, &json!({}))
        .await;
    assert_eq!(res.status(), 200, "submit: {}", res.text().await.unwrap_or_default());
    id
}

async fn act(app: &TestApp, token: &str, id: &str, action: &str, body: Value) -> reqwest::Response {
    app.post_auth(&format!("/api/v1/subsidy-applications/{id}/{action}"), token, &body)
        .await
}

pub async fn ok(app: &TestApp, token: &str, id: &str, action: &str, body: Value) -> Value {
    let res = act(app, token, id, action, body).await;
    assert_eq!(res.status(), 200, "{action}: {}", res.text().await.unwrap_or_default());
    res.json().await.unwrap()
}

pub async fn budget(app: &TestApp, token: &str, policy: &str) -> Value {
    app.get_auth(
        &format!("/api/v1/subsidy-policies/{policy}/budget?year={}", year()),
        token,
    )
    .await
    .json()
    .await
    .unwrap()
}

/// Row counts of the subsidy tables and the reserved total: what a refused request must not change.
async fn subsidy_counts(app: &TestApp) -> (i64, i64, i64) {
    app.db
        .run(|conn| {
            let reserved: Vec<i64> = subsidy_budgets::table
                .select(subsidy_budgets::reserved_fen)
                .load(conn)?;
            Ok((
                subsidy_applications::table.count().get_result(conn)?,
                subsidy_events::table.count().get_result(conn)?,
                reserved.iter().sum(),
            ))
        })
        .await
        .unwrap()
}

#[tokio::test]
async fn from_policy_to_award_with_a_return_for_more_and_mail_at_each_step() {
    let app = spawn_app().await;
    let admin = app.admin("admin@example.com").await;
    let hr = app.staff("hr@example.com", "hr").await;
    let finance = app.staff("finance@example.com", "finance").await;
    let policy = active_policy(&app, &admin, &policy_body("CXCY-2026", 100_000)).await;
    let applicant = applicant(&app, "zhang@example.com", "张小三", 1).await;

    // Anyone reads the active policy; the applicant checks eligibility criterion by criterion.
    let public: Value = app
        .client
        .get(app.url(&format!("/api/v1/subsidy-policies/{policy}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(public["open_now"], true);
    assert!(public.get("budgets").is_none(), "the public does not see budgets");
    let check: Value = app
        .get_auth(&format!("/api/v1/subsidy-policies/{policy}/eligibility"), &applicant)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(check["eligible"], true, "{check}");
    assert_eq!(check["criteria"].as_array().unwrap().len(), 2);

    let id = submitted(&app, &applicant, &policy, 4000).await;
    let receipt = app.mail().wait_for("zhang@example.com", 1).await;
    assert!(
        receipt[0].subject().contains("高校毕业生创业补贴"),
        "{}",
        receipt[0].subject()
    );

    // HR asks for more; the applicant sees the reason in their own words and by mail.
    let view = ok(&app, &hr, &id, "return", json!({"reason": "请补充营业执照复印件"})).await;
    assert_eq!(view["status"], "returned");
    let mine: Value = app
        .get_auth(&format!("/api/v1/subsidy-applications/{id}"), &applicant)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine["applicant_status"], "returned");
    assert!(mine.get("status").is_none(), "applicants never see internal states");
    assert_eq!(mine["reason"], "请补充营业执照复印件");
    assert!(mine["actions"].as_array().unwrap().iter().any(|a| a == "submit"));
    let returned = app.mail().wait_for("zhang@example.com", 2).await;
    assert!(returned[1].text().contains("请补充营业执照复印件"));

    // A second file, then resubmit.
    let first = mine["files"][0]["attachment_id"].as_str().unwrap().to_string();
    let second = resume(&app, &applicant).await;
    let res = app
        .patch_auth(
            &format!("/api/v1/subsidy-applications/{id}"),
            &applicant,
            &json!({"requested_fen": 400_000, "statement": "已补充营业执照。", "attachment_ids": [first, second]}),
        )
        .await;
    assert_eq!(res.status(), 200);
    ok(&app, &applicant, &id, "submit", json!({})).await;

    let view = ok(&app, &hr, &id, "approve", json!({"granted_fen": 300_000})).await;
    assert_eq!(view["status"], "hr_approved");
    assert_eq!(view["granted_fen"], 300_000);
    let view = ok(&app, &finance, &id, "finance-approve", json!({})).await;
    assert_eq!(view["status"], "finance_approved");
    let b = budget(&app, &finance, &policy).await;
    assert_eq!(
        (b["reserved_fen"].as_i64(), b["remaining_fen"].as_i64()),
        (Some(300_000), Some(9_700_000))
    );

    // The public notice shows the masked name and the amount, nothing else personal.
    let res = app
        .post_auth(
            "/api/v1/subsidy-notices",
            &hr,
            &json!({"policy_id": policy, "application_ids": [id]}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let notice: Value = res.json().await.unwrap();
    let notice_id = notice["id"].as_str().unwrap().to_string();
    let public: Value = app
        .client
        .get(app.url(&format!("/api/v1/subsidy-notices/{notice_id}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(public["entries"][0]["masked_name"], "张*三");
    assert_eq!(public["entries"][0]["amount_fen"], 300_000);
    let text = public.to_string();
    assert!(
        !text.contains("张小三") && !text.contains("430623") && !text.contains("zhang@"),
        "{text}"
    );

    // The period passes: the worker's job awards it once, and the applicant is told.
    app.clock.advance(chrono::Duration::days(7));
    let mails = app.mail().wait_for("zhang@example.com", 6).await;
    let subjects: Vec<String> = mails.iter().map(|m| m.subject()).collect();
    assert_eq!(
        subjects.len(),
        6,
        "receipt, return, receipt, finance, notice, award: {subjects:?}"
    );
    let view: Value = app
        .get_auth(&format!("/api/v1/subsidy-applications/{id}"), &hr)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(view["status"], "awarded");
    assert_eq!(view["applicant_status"], "awarded");

    let history: Value = app
        .get_auth(&format!("/api/v1/subsidy-applications/{id}/history"), &hr)
        .await
        .json()
        .await
        .unwrap();
    let actions: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "submit",
            "return",
            "resubmit",
            "approve",
            "finance_approve",
            "publish",
            "award"
        ]
    );
    assert!(history[1]["actor_id"].is_string() && history[1]["reason"] == "请补充营业执照复印件");
    let theirs: Value = app
        .get_auth(&format!("/api/v1/subsidy-applications/{id}/history"), &applicant)
        .await
        .json()
        .await
        .unwrap();
    assert!(theirs[1].get("actor_id").is_none() && theirs[1].get("to_status").is_none());
    assert_eq!(theirs[1]["applicant_status"], "returned");

    // The award kept the policy and the profile it was decided on.
    let snapshot = app
        .db
        .run(move |conn| {
            Ok(subsidy_applications::table
                .find(&id)
                .select(subsidy_applications::policy_snapshot)
                .first::<Option<String>>(conn)?)
        })
        .await
        .unwrap()
        .unwrap();
    assert!(snapshot.contains("CXCY-2026") && snapshot.contains("min_education"));
    app.clock.advance(chrono::Duration::days(1));
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    assert_eq!(app.mail().to("zhang@example.com").len(), 6, "awarded exactly once");
}

#[tokio::test]
async fn eligibility_names_each_unmet_criterion_and_refuses_the_submission() {
    let app = spawn_app().await;
    let admin = app.admin("admin@example.com").await;
    let mut body = policy_body("RC-2026", 10_000);
    body["eligibility"] = json!([
        {"type": "min_education", "level": "master"},
        {"type": "age_between", "min": 18, "max": 35},
        {"type": "id_region_prefix", "prefixes": ["110101"]},
        {"type": "has_enterprise"},
        {"type": "categories_any", "categories": ["graduate", "returnee"]}
    ]);
    let policy = active_policy(&app, &admin, &body).await;
    let token = applicant(&app, "li@example.com", "李四", 2).await;
    let check: Value = app
        .get_auth(&format!("/api/v1/subsidy-policies/{policy}/eligibility"), &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(check["eligible"], false);
    let met: Vec<(String, bool)> = check["criteria"]
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
    assert_eq!(
        met,
        [
            ("min_education".into(), false),
            ("age_between".into(), true),
            ("id_region_prefix".into(), false),
            ("has_enterprise".into(), false),
            ("categories_any".into(), true)
        ]
    );
    assert!(check["criteria"][0]["message_zh"].as_str().unwrap().contains("硕士"));

    let file = resume(&app, &token).await;
    let res = app
        .post_auth(
            "/api/v1/subsidy-applications",
            &token,
            &json!({"policy_id": policy, "requested_fen": 100_000, "statement": "申请", "attachment_ids": [file]}),
        )
        .await;
    let id = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string();
    let before = subsidy_counts(&app).await;
    let problem = assert_problem(act(&app, &token, &id, "submit", json!({})).await, 409, "not_eligible").await;
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        [
            "eligibility.min_education",
            "eligibility.id_region_prefix",
            "eligibility.has_enterprise"
        ]
    );
    assert_eq!(
        subsidy_counts(&app).await,
        before,
        "a refused submission changes nothing"
    );

    // Without a profile nothing can be checked.
    let bare = app.staff("bare@example.com", "applicant").await;
    let check: Value = app
        .get_auth(&format!("/api/v1/subsidy-policies/{policy}/eligibility"), &bare)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (check["eligible"].as_bool(), check["profile_complete"].as_bool()),
        (Some(false), Some(false))
    );
}

#[tokio::test]
async fn bad_input_and_illegal_transitions_are_refused_and_change_nothing() {
    let app = spawn_app().await;
    let admin = app.admin("admin@example.com").await;
    let hr = app.staff("hr@example.com", "hr").await;
    let finance = app.staff("finance@example.com", "finance").await;
    let policy = active_policy(&app, &admin, &policy_body("CXCY-2026", 100_000)).await;
    let token = applicant(&app, "wang@example.com", "王五", 3).await;
    let id = submitted(&app, &token, &policy, 1000).await;
    let p = |a: &str| format!("/api/v1/subsidy-applications/{id}/{a}");
    let mut bad_policy = policy_body("x", 1);
    bad_policy["amount_fen"] = json!(0);
    bad_policy["closes_at"] = json!("2019-01-01T00:00:00Z");
    bad_policy["eligibility"] = json!([{"type": "age_between", "min": 50, "max": 20}]);
    bad_policy["notice_days"] = json!(0);
    let cases: Vec<Refusal<'_>> = vec![
        // Submitted: the applicant cannot submit again, finance cannot act before HR.
        (Method::POST, p("submit"), &token, json!({}), 409, "invalid_transition"),
        (
            Method::POST,
            p("finance-approve"),
            &finance,
            json!({}),
            409,
            "invalid_transition",
        ),
        (
            Method::POST,
            p("finance-reject"),
            &finance,
            json!({"reason": "x"}),
            409,
            "invalid_transition",
        ),
        // Amounts and reasons.
        (
            Method::POST,
            p("approve"),
            &hr,
            json!({"granted_fen": 600_000}),
            400,
            "validation_failed",
        ),
        (
            Method::POST,
            p("approve"),
            &hr,
            json!({"granted_fen": 0}),
            400,
            "validation_failed",
        ),
        (
            Method::POST,
            p("return"),
            &hr,
            json!({"reason": "  "}),
            400,
            "validation_failed",
        ),
        (Method::POST, p("reject"), &hr, json!({}), 400, "validation_failed"),
        (
            Method::POST,
            p("approve"),
            &hr,
            json!({"granted_fen": "many"}),
            400,
            "malformed_json",
        ),
        // Roles.
        (Method::POST, p("approve"), &finance, json!({}), 403, "forbidden"),
        (Method::POST, p("finance-approve"), &hr, json!({}), 403, "forbidden"),
        (Method::POST, p("finance-approve"), &admin, json!({}), 403, "forbidden"),
        (Method::POST, p("withdraw"), &hr, json!({}), 403, "forbidden"),
        // A second application of the same policy this year.
        (
            Method::POST,
            "/api/v1/subsidy-applications".into(),
            &token,
            json!({"policy_id": policy, "requested_fen": 100, "statement": "再申请"}),
            409,
            "duplicate_application",
        ),
        // Policies.
        (
            Method::POST,
            "/api/v1/subsidy-policies".into(),
            &admin,
            bad_policy,
            400,
            "validation_failed",
        ),
        (
            Method::POST,
            "/api/v1/subsidy-policies".into(),
            &admin,
            policy_body("CXCY-2026", 1),
            400,
            "validation_failed",
        ),
        (
            Method::PATCH,
            format!("/api/v1/subsidy-policies/{policy}"),
            &admin,
            policy_body("CXCY-2026", 1),
            409,
            "invalid_transition",
        ),
        (
            Method::POST,
            format!("/api/v1/subsidy-policies/{policy}/activate"),
            &admin,
            json!({}),
            409,
            "invalid_transition",
        ),
        (
            Method::POST,
            "/api/v1/subsidy-policies".into(),
            &hr,
            policy_body("HR-2026", 1),
            403,
            "forbidden",
        ),
        (
            Method::PUT,
            format!("/api/v1/subsidy-policies/{policy}/budgets/{}", year()),
            &admin,
            json!({"budget_fen": -1}),
            400,
            "validation_failed",
        ),
    ];
    let before = subsidy_counts(&app).await;
    let bodies = refuse_all(&app, cases).await;
    assert_eq!(subsidy_counts(&app).await, before);
    let fields: Vec<&str> = bodies[13]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    for f in ["code", "amount_fen", "eligibility.0", "closes_at", "notice_days"] {
        assert!(fields.contains(&f), "{f} in {fields:?}");
    }

    // Rejected is final: every action on it is 409.
    ok(&app, &hr, &id, "reject", json!({"reason": "材料不实"})).await;
    let cases: Vec<Refusal<'_>> = vec![
        (Method::POST, p("submit"), &token, json!({}), 409, "invalid_transition"),
        (
            Method::POST,
            p("withdraw"),
            &token,
            json!({}),
            409,
            "invalid_transition",
        ),
        (Method::POST, p("approve"), &hr, json!({}), 409, "invalid_transition"),
        (
            Method::POST,
            p("return"),
            &hr,
            json!({"reason": "再看看"}),
            409,
            "invalid_transition",
        ),
        (
            Method::PATCH,
            format!("/api/v1/subsidy-applications/{id}"),
            &token,
            json!({"statement": "改"}),
            409,
            "invalid_transition",
        ),
    ];
    refuse_all(&app, cases).await;
    // Someone else's application does not exist for them.
    let other = applicant(&app, "zhao@example.com", "赵六", 4).await;
    assert_problem(
        app.get_auth(&format!("/api/v1/subsidy-applications/{id}"), &other)
            .await,
        404,
        "not_found",
    )
    .await;
    assert_problem(act(&app, &other, &id, "withdraw", json!({})).await, 404, "not_found").await;
}

#[tokio::test]
async fn who_may_call_what() {
    let app = spawn_app().await;
    let admin = app.admin("admin@example.com").await;
    let hr = app.staff("hr@example.com", "hr").await;
    let policy = active_policy(&app, &admin, &policy_body("CXCY-2026", 100_000)).await;
    let owner = applicant(&app, "own@example.com", "钱七", 5).await;
    let id = submitted(&app, &owner, &policy, 1000).await;
    let cast = vec![
        ("anonymous", None),
        ("owner", Some(owner.clone())),
        (
            "other applicant",
            Some(app.staff("other@example.com", "applicant").await),
        ),
        ("employer", Some(app.staff("boss@example.com", "employer").await)),
        ("hr", Some(hr.clone())),
        ("finance", Some(app.staff("finance@example.com", "finance").await)),
        ("admin", Some(admin.clone())),
    ];
    let app_path = format!("/api/v1/subsidy-applications/{id}");
    let empty = Some(json!({}));
    expect_access(
        &app,
        &cast,
        vec![
            (
                Method::GET,
                "/api/v1/subsidy-policies".into(),
                None,
                [200, 200, 200, 200, 200, 200, 200],
            ),
            (
                Method::GET,
                format!("/api/v1/subsidy-policies/{policy}/budget"),
                None,
                [401, 403, 403, 403, 200, 200, 200],
            ),
            (
                Method::GET,
                format!("/api/v1/subsidy-policies/{policy}/eligibility"),
                None,
                [401, 200, 200, 403, 403, 403, 403],
            ),
            (
                Method::GET,
                "/api/v1/subsidy-applications".into(),
                None,
                [401, 200, 200, 403, 200, 200, 200],
            ),
            (Method::GET, app_path.clone(), None, [401, 200, 404, 404, 200, 200, 200]),
            (
                Method::GET,
                format!("{app_path}/history"),
                None,
                [401, 200, 404, 404, 200, 200, 200],
            ),
            (
                Method::POST,
                format!("{app_path}/approve"),
                empty.clone(),
                [401, 403, 403, 403, 200, 403, 403],
            ),
            (
                Method::POST,
                "/api/v1/subsidy-notices".into(),
                Some(json!({"policy_id": policy, "application_ids": [id]})),
                [401, 403, 403, 403, 409, 403, 403],
            ),
            (
                Method::GET,
                "/api/v1/subsidy-notices".into(),
                None,
                [200, 200, 200, 200, 200, 200, 200],
            ),
            (
                Method::POST,
                format!("/api/v1/subsidy-policies/{policy}/close"),
                empty.clone(),
                [401, 403, 403, 403, 403, 403, 200],
            ),
        ],
    )
    .await;
}

/// `n` HR-approved applications of `yuan` each, from `n` different applicants, set up over HTTP.
pub async fn approved_applications(app: &TestApp, hr: &str, policy: &str, n: u32, yuan: i64) -> Vec<String> {
    let one = |i: u32| async move {
        let token = applicant(app, &format!("race{i}@example.com"), "刘大伟", 100 + i).await;
        let id = submitted(app, &token, policy, yuan).await;
        ok(app, hr, &id, "approve", json!({})).await;
        id
    };
    futures_util::future::join_all((0..n).map(one)).await
}

#[tokio::test]
async fn fifty_concurrent_finance_approvals_on_a_budget_for_ten_approve_exactly_ten() {
    let app = spawn_app().await;
    let admin = app.admin("admin@example.com").await;
    let hr = app.staff("hr@example.com", "hr").await;
    let finance = app.staff("finance@example.com", "finance").await;
    // Ten awards of 1,000 yuan fit in 10,000 yuan.
    let policy = active_policy(&app, &admin, &policy_body("CXCY-2026", 10_000)).await;
    let ids = approved_applications(&app, &hr, &policy, 50, 1000).await;
    let mut tasks = Vec::new();
    for id in ids {
        let (client, url, finance) = (
            app.client.clone(),
            app.url(&format!("/api/v1/subsidy-applications/{id}/finance-approve")),
            finance.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let res = client
                .post(url)
                .bearer_auth(finance)
                .json(&json!({}))
                .send()
                .await
                .unwrap();
            let status = res.status().as_u16();
            let body: Value = res.json().await.unwrap();
            (status, body)
        }));
    }
    let mut approved = 0;
    for t in tasks {
        let (status, body) = t.await.unwrap();
        match status {
            200 => approved += 1,
            409 => {
                assert_eq!(body["code"], "budget_exceeded", "{body}");
                assert!(body["remaining_fen"].as_i64().unwrap() < 100_000);
            }
            other => panic!("unexpected {other}: {body}"),
        }
    }
    assert_eq!(approved, 10);
    let b = budget(&app, &finance, &policy).await;
    assert_eq!(
        (b["reserved_fen"].as_i64(), b["remaining_fen"].as_i64()),
        (Some(1_000_000), Some(0))
    );
    let states = app
        .db
        .run(|conn| {
            Ok(subsidy_applications::table
                .filter(subsidy_applications::status.eq("finance_approved"))
                .count()
                .get_result::<i64>(conn)?)
        })
        .await
        .unwrap();
    assert_eq!(states, 10, "exactly the approved ones moved");
}

#[tokio::test]
async fn one_application_per_person_policy_and_year_and_one_award_per_exclusive_group() {
    let app = spawn_app().await;
    let admin = app.admin("admin@example.com").await;
    let mut a = policy_body("CXCY-A", 100_000);
    a["exclusive_group"] = json!("startup");
    let mut b = policy_body("CXCY-B", 100_000);
    b["exclusive_group"] = json!("startup");
    let (a, b) = (
        active_policy(&app, &admin, &a).await,
        active_policy(&app, &admin, &b).await,
    );
    let token = applicant(&app, "sun@example.com", "孙八", 6).await;
    let first = submitted(&app, &token, &a, 1000).await;

    // The same policy again this year: refused at the draft.
    let again = app
        .post_auth(
            "/api/v1/subsidy-applications",
            &token,
            &json!({"policy_id": a, "requested_fen": 100, "statement": "再次申请"}),
        )
        .await;
    assert_problem(again, 409, "duplicate_application").await;

    // Another policy of the same group: a draft is allowed, its submission is not.
    let file = resume(&app, &token).await;
    let res = app
        .post_auth(
            "/api/v1/subsidy-applications",
            &token,
            &json!({"policy_id": b, "requested_fen": 100, "statement": "申请", "attachment_ids": [file]}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let second = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string();
    let before = subsidy_counts(&app).await;
    let problem = assert_problem(
        act(&app, &token, &second, "submit", json!({})).await,
        409,
        "duplicate_application",
    )
    .await;
    assert!(problem["detail"].as_str().unwrap().contains("group"));
    assert_eq!(subsidy_counts(&app).await, before);

    // Withdrawing the first frees the group.
    ok(&app, &token, &first, "withdraw", json!({})).await;
    ok(&app, &token, &second, "submit", json!({})).await;
}

#[tokio::test]
async fn nobody_decides_their_own_application_and_the_hr_approver_is_never_the_finance_approver() {
    let app = spawn_app().await;
    let admin = app.admin("admin@example.com").await;
    let hr = app.staff("hr@example.com", "hr").await;
    let finance = app.staff("finance@example.com", "finance").await;
    let policy = active_policy(&app, &admin, &policy_body("CXCY-2026", 100_000)).await;

    // An applicant who later joins the talent office cannot review their own application.
    let insider = applicant(&app, "insider@example.com", "周九", 7).await;
    let own = submitted(&app, &insider, &policy, 1000).await;
    let insider_id = app.user("insider@example.com").await.id;
    let res = app
        .patch_auth(&format!("/api/v1/users/{insider_id}"), &admin, &json!({"role": "hr"}))
        .await;
    assert_eq!(res.status(), 200);
    // A role change ends the old sessions.
    let insider = app.login("insider@example.com", PASSWORD).await;
    let before = subsidy_counts(&app).await;
    assert_problem(
        act(&app, &insider, &own, "approve", json!({})).await,
        409,
        "same_person",
    )
    .await;
    assert_eq!(subsidy_counts(&app).await, before);

    // An HR approver moved to finance cannot approve what they approved as HR.
    let other = applicant(&app, "wu@example.com", "吴十", 8).await;
    let id = submitted(&app, &other, &policy, 1000).await;
    ok(&app, &insider, &id, "approve", json!({})).await;
    let res = app
        .patch_auth(
            &format!("/api/v1/users/{insider_id}"),
            &admin,
            &json!({"role": "finance"}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let insider = app.login("insider@example.com", PASSWORD).await;
    let before = subsidy_counts(&app).await;
    assert_problem(
        act(&app, &insider, &id, "finance-approve", json!({})).await,
        409,
        "same_person",
    )
    .await;
    assert_eq!(subsidy_counts(&app).await, before);
    // Another finance user may; the admin never approves money.
    assert_problem(
        act(&app, &admin, &id, "finance-approve", json!({})).await,
        403,
        "forbidden",
    )
    .await;
    ok(&app, &finance, &id, "finance-approve", json!({})).await;
    // The decision stands: HR can put it on notice.
    let res = app
        .post_auth(
            "/api/v1/subsidy-notices",
            &hr,
            &json!({"policy_id": policy, "application_ids": [id]}),
        )
        .await;
    assert_eq!(res.status(), 201);
}

#[tokio::test]
async fn an_upheld_objection_releases_the_reservation_and_a_quiet_period_awards_once() {
    let app = spawn_app().await;
    let admin = app.admin("admin@example.com").await;
    let hr = app.staff("hr@example.com", "hr").await;
    let finance = app.staff("finance@example.com", "finance").await;
    let policy = active_policy(&app, &admin, &policy_body("CXCY-2026", 100_000)).await;
    let ids = approved_applications(&app, &hr, &policy, 2, 2000).await;
    for id in &ids {
        ok(&app, &finance, id, "finance-approve", json!({})).await;
    }
    assert_eq!(budget(&app, &finance, &policy).await["reserved_fen"], 400_000);
    let res = app
        .post_auth(
            "/api/v1/subsidy-notices",
            &hr,
            &json!({"policy_id": policy, "application_ids": ids}),
        )
        .await;
    let notice = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string();

    // Anyone objects (no sign-in); bad objections are refused and change nothing.
    let url = app.url(&format!("/api/v1/subsidy-notices/{notice}/objections"));
    let before = subsidy_counts(&app).await;
    for body in [
        json!({"application_id": ids[0], "reason": "", "contact": "13800000000"}),
        json!({"application_id": "nope", "reason": "不实", "contact": "13800000000"}),
    ] {
        let res = app.client.post(&url).json(&body).send().await.unwrap();
        assert_problem(res, 400, "validation_failed").await;
    }
    assert_eq!(subsidy_counts(&app).await, before);
    let res = app
        .client
        .post(&url)
        .json(&json!({"application_id": ids[0], "reason": "此人并未在本县创业", "contact": "13800000000"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let objections: Value = app
        .get_auth(&format!("/api/v1/subsidy-notices/{notice}/objections"), &hr)
        .await
        .json()
        .await
        .unwrap();
    let objection = objections[0]["id"].as_str().unwrap().to_string();

    // The period ends with an objection open: nothing is awarded yet.
    app.clock.advance(chrono::Duration::days(7));
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let view: Value = app
        .get_auth(&format!("/api/v1/subsidy-applications/{}", ids[1]), &hr)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(view["status"], "in_notice");

    // Upheld: the first is out and its reservation released; the notice closes and awards the other once.
    let res = app
        .post_auth(
            &format!("/api/v1/subsidy-objections/{objection}/uphold"),
            &hr,
            &json!({"note": "经核实，反映属实"}),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_problem(
        app.post_auth(
            &format!("/api/v1/subsidy-objections/{objection}/dismiss"),
            &hr,
            &json!({"note": "再议"}),
        )
        .await,
        409,
        "invalid_transition",
    )
    .await;
    let first: Value = app
        .get_auth(&format!("/api/v1/subsidy-applications/{}", ids[0]), &hr)
        .await
        .json()
        .await
        .unwrap();
    let second: Value = app
        .get_auth(&format!("/api/v1/subsidy-applications/{}", ids[1]), &hr)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (first["status"].as_str(), second["status"].as_str()),
        (Some("objection_upheld"), Some("awarded"))
    );
    assert_eq!(budget(&app, &finance, &policy).await["reserved_fen"], 200_000);
    let public: Value = app
        .client
        .get(app.url(&format!("/api/v1/subsidy-notices/{notice}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (public["status"].as_str(), public["entries"].as_array().unwrap().len()),
        (Some("closed"), 1)
    );
    // Closed: no more objections; awarded once however often the job runs.
    let res = app
        .client
        .post(&url)
        .json(&json!({"application_id": ids[1], "reason": "不实", "contact": "x"}))
        .send()
        .await
        .unwrap();
    assert_problem(res, 409, "invalid_transition").await;
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    let awards = app
        .db
        .run(|conn| {
            Ok(subsidy_events::table
                .filter(subsidy_events::action.eq("award"))
                .count()
                .get_result::<i64>(conn)?)
        })
        .await
        .unwrap();
    assert_eq!(awards, 1);
}
