//! The annual report: a year seeded through the API, every figure checked against what the test
//! itself created; periods, an empty year, roles and bad parameters.

use crate::enterprises::expect_access;
use crate::fairs::applicants;
use crate::helpers::*;
use crate::positions::{create_position, position_body, verified_employer};
use crate::subsidies::{active_policy, approved_applications, ok, policy_body};
use chrono::{DateTime, Datelike, Duration, Utc};
use reqwest::Method;
use serde_json::{json, Value};

async fn report(app: &TestApp, token: &str, query: &str) -> Value {
    let res = app.get_auth(&format!("/api/v1/reports/annual?{query}"), token).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap_or_default());
    res.json().await.unwrap()
}

fn figure(r: &Value, key: &str) -> i64 {
    r["figures"][key]["value"]
        .as_i64()
        .unwrap_or_else(|| panic!("no figure {key} in {}", r["figures"]))
}

/// The Shanghai calendar year and quarter of an instant the API answered.
fn local_year_quarter(at: &Value) -> (i32, u32) {
    let t: DateTime<Utc> = at.as_str().unwrap().parse().unwrap();
    let local = t.with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap());
    (local.year(), (local.month() - 1) / 3 + 1)
}

/// A finished fair with two enterprises' booths, three sign-ups, two check-ins, two intents and
/// one of them signed. Returns (fair id, its starts_at).
async fn a_fair_held(app: &TestApp, hr: &str) -> (String, Value) {
    let (boss, company) = verified_employer(app, hr, "boss@example.com", "县农机厂", 1, "manufacturing").await;
    let (other, other_company) = verified_employer(app, hr, "other@example.com", "县电子厂", 2, "manufacturing").await;
    let position = create_position(app, &boss, &position_body(&company, "数控操作工")).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let other_position = create_position(app, &other, &position_body(&other_company, "装配工")).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let start = Utc::now() + Duration::hours(2);
    let body = json!({"title": "春季招聘会", "venue": "县体育馆", "starts_at": start, "ends_at": start + Duration::hours(3),
        "signup_deadline": start - Duration::minutes(30), "capacity": 10, "booth_capacity": 5});
    let fair: Value = app
        .post_auth("/api/v1/job-fairs", hr, &body)
        .await
        .json()
        .await
        .unwrap();
    let id = fair["id"].as_str().unwrap().to_string();
    assert_eq!(
        app.post_auth(&format!("/api/v1/job-fairs/{id}/publish"), hr, &json!({}))
            .await
            .status(),
        200
    );
    for (token, pos) in [(&boss, &position), (&other, &other_position)] {
        let booth: Value = app
            .post_auth(
                &format!("/api/v1/job-fairs/{id}/booths"),
                token,
                &json!({"position_ids": [pos]}),
            )
            .await
            .json()
            .await
            .unwrap();
        let approve = format!(
            "/api/v1/job-fairs/{id}/booths/{}/approve",
            booth["id"].as_str().unwrap()
        );
        assert_eq!(app.post_auth(&approve, hr, &json!({})).await.status(), 200);
    }
    let people = applicants(app, 3).await;
    let mut tickets = Vec::new();
    for token in &people {
        let reg: Value = app
            .post_auth(&format!("/api/v1/job-fairs/{id}/registrations"), token, &json!({}))
            .await
            .json()
            .await
            .unwrap();
        tickets.push(reg["ticket_code"].as_str().unwrap().to_string());
    }
    let mut intents = Vec::new();
    for ticket in &tickets[..2] {
        let r = app
            .post_auth(
                &format!("/api/v1/job-fairs/{id}/check-in"),
                hr,
                &json!({"ticket_code": ticket}),
            )
            .await;
        assert_eq!(r.status(), 200);
        let body = json!({"job_fair_id": id, "position_id": position, "ticket_code": ticket});
        let intent: Value = app
            .post_auth("/api/v1/employment-intents", &boss, &body)
            .await
            .json()
            .await
            .unwrap();
        intents.push(intent["id"].as_str().unwrap().to_string());
    }
    let sign = format!("/api/v1/employment-intents/{}/sign", intents[0]);
    assert_eq!(app.post_auth(&sign, &boss, &json!({})).await.status(), 200);
    app.clock.advance(Duration::hours(6));
    for step in ["close", "finish"] {
        let r = app
            .post_auth(&format!("/api/v1/job-fairs/{id}/{step}"), hr, &json!({}))
            .await;
        assert_eq!(r.status(), 200, "{step}: {}", r.text().await.unwrap_or_default());
    }
    (id, fair["starts_at"].clone())
}

fn every_figure_is_named(r: &Value) {
    for (key, f) in r["figures"].as_object().unwrap() {
        let (zh, en) = (f["label_zh"].as_str().unwrap(), f["label_en"].as_str().unwrap());
        assert!(
            zh != key && en != key && !zh.is_empty() && !en.is_empty(),
            "{key} has no name"
        );
    }
}

/// The workbook of `query` holds the same figures as the JSON answer `r` (money in yuan).
async fn workbook_matches(app: &TestApp, token: &str, query: &str, r: &Value) {
    use calamine::{Data, DataType, Reader};
    let res = app
        .get_auth(&format!("/api/v1/reports/annual.xlsx?{query}"), token)
        .await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .contains("spreadsheetml"));
    let bytes = res.bytes().await.unwrap().to_vec();
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["概览", "现场招聘会", "补贴政策", "补助发放批次", "月度"]
    );
    let overview = book.worksheet_range("概览").unwrap();
    let mut seen = 0;
    for row in overview.rows().skip(1) {
        let (Some(Data::String(key)), Some(value)) = (row.get(3), row.get(1)) else {
            continue;
        };
        let f = &r["figures"][key.as_str()];
        let number = match value {
            Data::Float(v) => *v,
            Data::Int(v) => *v as f64,
            other => panic!("{key}: {other:?}"),
        };
        let expected = f["value"].as_i64().unwrap();
        let got = if f["unit"] == "fen" {
            (number * 100.0).round() as i64
        } else {
            number as i64
        };
        assert_eq!(got, expected, "{key}");
        assert_eq!(row[0], Data::String(f["label_zh"].as_str().unwrap().into()));
        seen += 1;
    }
    assert_eq!(seen, r["figures"].as_object().unwrap().len());
    let fairs = book.worksheet_range("现场招聘会").unwrap();
    let last = fairs.rows().next_back().unwrap();
    assert_eq!(last[0], Data::String("合计".into()));
    assert_eq!(
        last[7].as_f64().unwrap() as i64,
        r["figures"]["fairs.intents"]["value"].as_i64().unwrap()
    );
}

#[tokio::test]
async fn a_seeded_year_in_numbers() {
    let app = spawn_app().await;
    let admin = app.admin("admin@example.com").await;
    let hr = app.staff("hr@example.com", "hr").await;
    let finance = app.staff("finance@example.com", "finance").await;

    // Before anything happened, the year is all zeros, with every key present.
    let this_year = crate::subsidies::year();
    let empty = report(&app, &hr, &format!("year={this_year}")).await;
    for key in [
        "fairs.held",
        "fairs.enterprises",
        "talents.category.medical_staff",
        "subsidies.paid_fen",
        "allowances.batches",
    ] {
        assert_eq!(figure(&empty, key), 0, "{key}");
    }
    assert_eq!(empty["figures"]["subsidies.paid_fen"]["unit"], "fen");
    assert_eq!(empty["months"].as_array().unwrap().len(), 12);

    let (fair, starts_at) = a_fair_held(&app, &hr).await;
    let (fair_year, fair_quarter) = local_year_quarter(&starts_at);

    // Two awards of 2,000 yuan: approved by HR and finance, through the notice.
    let policy = active_policy(&app, &admin, &policy_body("CXCY-2026", 100_000)).await;
    let ids = approved_applications(&app, &hr, &policy, 2, 2000).await;
    for id in &ids {
        ok(&app, &finance, id, "finance-approve", json!({})).await;
    }
    let notice = app
        .post_auth(
            "/api/v1/subsidy-notices",
            &hr,
            &json!({"policy_id": policy, "application_ids": ids}),
        )
        .await;
    assert_eq!(notice.status(), 201);
    app.clock.advance(Duration::days(7));
    let mut awarded_at = Value::Null;
    for _ in 0..100 {
        let a: Value = app
            .get_auth(&format!("/api/v1/subsidy-applications/{}", ids[1]), &hr)
            .await
            .json()
            .await
            .unwrap();
        if a["status"] == "awarded" {
            awarded_at = a["awarded_at"].clone();
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(awarded_at.is_string(), "the notice closed into awards");
    let (award_year, _) = local_year_quarter(&awarded_at);

    let r = report(&app, &finance, &format!("year={fair_year}")).await;
    assert_eq!(figure(&r, "fairs.held"), 1);
    assert_eq!(figure(&r, "fairs.enterprises"), 2);
    assert_eq!(figure(&r, "fairs.positions"), 2);
    assert_eq!(figure(&r, "fairs.headcount"), 6, "two positions of three each");
    assert_eq!(figure(&r, "fairs.signed_up"), 3);
    assert_eq!(figure(&r, "fairs.checked_in"), 2);
    assert_eq!(figure(&r, "fairs.intents"), 2);
    assert_eq!(figure(&r, "fairs.intents_signed"), 1);
    assert_eq!(r["fairs"].as_array().unwrap().len(), 1);
    let line = &r["fairs"][0];
    assert_eq!(
        (
            line["job_fair_id"].as_str(),
            line["enterprises"].as_i64(),
            line["intents"].as_i64()
        ),
        (Some(fair.as_str()), Some(2), Some(2))
    );
    assert_eq!(figure(&r, "enterprises.verified"), 2);
    assert_eq!(figure(&r, "positions.published"), 2);
    assert_eq!(figure(&r, "positions.headcount"), 6);

    every_figure_is_named(&r);
    workbook_matches(&app, &hr, &format!("year={fair_year}"), &r).await;

    let r = report(&app, &admin, &format!("year={award_year}")).await;
    assert_eq!(figure(&r, "subsidies.applications"), 2);
    assert_eq!(figure(&r, "subsidies.awarded"), 2);
    assert_eq!(figure(&r, "subsidies.awarded_fen"), 400_000);
    let policy_line = r["policies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["policy_id"] == policy.as_str())
        .cloned()
        .unwrap();
    assert_eq!(policy_line["awarded_fen"], 400_000);
    assert_eq!(policy_line["budget_fen"], 10_000_000);
    assert_eq!(
        policy_line["remaining_fen"].as_i64().unwrap()
            + policy_line["reserved_fen"].as_i64().unwrap()
            + policy_line["budget_paid_fen"].as_i64().unwrap(),
        10_000_000
    );
    // Applicants: three fair-goers and two subsidy applicants, all with profiles, all graduates.
    let now_year = crate::subsidies::year();
    let r = report(&app, &hr, &format!("year={now_year}")).await;
    assert_eq!(figure(&r, "talents.profiles"), 5);
    assert_eq!(
        r["months"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["intents"].as_i64().unwrap())
            .sum::<i64>(),
        if fair_year == now_year { 2 } else { 0 }
    );

    // The fair's quarter holds it; the other quarters do not.
    let q = report(&app, &hr, &format!("year={fair_year}&quarter={fair_quarter}")).await;
    assert_eq!(
        (figure(&q, "fairs.held"), q["months"].as_array().unwrap().len()),
        (1, 3)
    );
    let other = fair_quarter % 4 + 1;
    assert_eq!(
        figure(
            &report(&app, &hr, &format!("year={fair_year}&quarter={other}")).await,
            "fairs.held"
        ),
        0
    );
    // Another year has none of it.
    let old = report(&app, &hr, "year=2001").await;
    assert_eq!(
        (figure(&old, "fairs.held"), figure(&old, "subsidies.awarded_fen")),
        (0, 0)
    );
    assert!(old["fairs"].as_array().unwrap().is_empty() && old["policies"].as_array().unwrap().is_empty());
}

async fn applicant_token(app: &TestApp) -> String {
    app.staff("another@example.com", "applicant").await
}

#[tokio::test]
async fn who_reads_reports_and_bad_periods() {
    let app = spawn_app().await;
    let admin = app.admin("admin@example.com").await;
    let hr = app.staff("hr@example.com", "hr").await;
    let finance = app.staff("finance@example.com", "finance").await;
    let applicant = app.staff("a@example.com", "applicant").await;
    let employer = app.staff("e@example.com", "employer").await;
    let cast = [
        ("anonymous", None),
        ("applicant", Some(applicant)),
        ("employer", Some(employer)),
        ("hr", Some(hr.clone())),
        ("finance", Some(finance)),
        ("admin", Some(admin)),
    ];
    expect_access(
        &app,
        &cast,
        vec![(
            Method::GET,
            "/api/v1/reports/annual?year=2026".to_string(),
            None,
            [401, 403, 403, 200, 200, 200],
        )],
    )
    .await;
    let res = app
        .get_auth("/api/v1/reports/annual.xlsx?year=2026", &applicant_token(&app).await)
        .await;
    assert_problem(res, 403, "forbidden").await;
    let cases = [
        ("", "validation_failed"),
        ("year=abc", "malformed_json"),
        ("year=2026&quarter=x", "malformed_json"),
        ("year=2026&quarter=300", "malformed_json"),
        ("year=1900", "validation_failed"),
        ("year=2101", "validation_failed"),
        ("year=2026&quarter=0", "validation_failed"),
        ("year=2026&quarter=5", "validation_failed"),
    ];
    for (bad, code) in cases {
        let res = app.get_auth(&format!("/api/v1/reports/annual?{bad}"), &hr).await;
        assert_problem(res, 400, code).await;
    }
}
