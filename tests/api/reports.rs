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
        ["概览", "现场招聘会", "实习实训", "补贴政策", "补助发放批次", "月度"]
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

async fn freeze(app: &TestApp, token: &str, year: i32) -> reqwest::Response {
    app.post_auth(&format!("/api/v1/reports/annual/{year}/freeze"), token, &json!({}))
        .await
}

#[tokio::test]
async fn a_frozen_year_keeps_its_figures_and_shows_late_corrections() {
    let app = spawn_app().await;
    let admin = app.admin("admin@example.com").await;
    let hr = app.staff("hr@example.com", "hr").await;
    let finance = app.staff("finance@example.com", "finance").await;
    let year = crate::subsidies::year();
    verified_employer(&app, &hr, "boss@example.com", "县农机厂", 1, "manufacturing").await;

    // Only the administrator freezes; nothing is stored by the refused attempts.
    assert_problem(freeze(&app, &hr, year).await, 403, "forbidden").await;
    assert_problem(freeze(&app, &finance, year).await, 403, "forbidden").await;
    let anon = app
        .client
        .post(app.url(&format!("/api/v1/reports/annual/{year}/freeze")))
        .send()
        .await
        .unwrap();
    assert_problem(anon, 401, "unauthorized").await;
    for bad in ["1900", "2101", "abc", "-1"] {
        let res = app
            .post_auth(&format!("/api/v1/reports/annual/{bad}/freeze"), &admin, &json!({}))
            .await;
        assert!(res.status() == 400 || res.status() == 404, "{bad}: {}", res.status());
    }
    assert!(report(&app, &hr, &format!("year={year}")).await["frozen"].is_null());

    let res = freeze(&app, &admin, year).await;
    assert_eq!(res.status(), 201);
    let view: Value = res.json().await.unwrap();
    assert_eq!(view["year"], year);
    assert_eq!(view["intact"], true);
    assert_eq!(view["figures"]["enterprises.verified"]["value"], 1);
    assert!(view["differences"].as_array().unwrap().is_empty());
    assert_eq!(view["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(
        crate::accounts::audit_actions(&app, &year.to_string()).await,
        vec!["report.frozen".to_string()]
    );

    // A late correction: the live figure moves, the frozen one stays, the difference is named.
    verified_employer(&app, &hr, "other@example.com", "县电子厂", 2, "manufacturing").await;
    let r = report(&app, &finance, &format!("year={year}")).await;
    assert_eq!(figure(&r, "enterprises.verified"), 2);
    let frozen = &r["frozen"];
    assert_eq!(frozen["figures"]["enterprises.verified"]["value"], 1);
    let diff = frozen["differences"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["key"] == "enterprises.verified")
        .cloned()
        .expect("the correction is listed");
    assert_eq!((diff["frozen"].as_i64(), diff["live"].as_i64()), (Some(1), Some(2)));
    assert!(!diff["label_zh"].as_str().unwrap().is_empty());
    // A quarter is never shown as frozen: the freeze is of the whole year.
    assert!(report(&app, &hr, &format!("year={year}&quarter=1")).await["frozen"].is_null());

    // Once per year.
    assert_problem(freeze(&app, &admin, year).await, 409, "already_frozen").await;
    let again = report(&app, &hr, &format!("year={year}")).await;
    assert_eq!(again["frozen"]["sha256"], view["sha256"]);

    // Editing the stored copy behind the portal's back shows: the digest no longer matches.
    {
        use diesel::prelude::*;
        use juxian::db::schema::report_freezes;
        app.db
            .run(move |conn| {
                let json: String = report_freezes::table
                    .find(year)
                    .select(report_freezes::report_json)
                    .first(conn)?;
                let edited = json.replacen("\"value\":1", "\"value\":9", 1);
                diesel::update(report_freezes::table.find(year))
                    .set(report_freezes::report_json.eq(edited))
                    .execute(conn)?;
                Ok(())
            })
            .await
            .unwrap();
    }
    assert_eq!(
        report(&app, &hr, &format!("year={year}")).await["frozen"]["intact"],
        false
    );
}

#[tokio::test]
async fn many_administrators_freezing_at_once_freeze_once() {
    let app = spawn_app().await;
    let admin = app.admin("admin@example.com").await;
    let attempts = (0..24).map(|_| freeze(&app, &admin, 2020));
    let statuses: Vec<u16> = futures_util::future::join_all(attempts)
        .await
        .into_iter()
        .map(|r| r.status().as_u16())
        .collect();
    assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 1, "{statuses:?}");
    assert!(statuses.iter().all(|s| *s == 201 || *s == 409), "{statuses:?}");
    assert_eq!(
        crate::accounts::audit_actions(&app, "2020").await,
        vec!["report.frozen".to_string()]
    );
}

async fn summary(app: &TestApp, token: &str, year: i32) -> Value {
    let res = app
        .get_auth(&format!("/api/v1/reports/annual-summary?year={year}"), token)
        .await;
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

fn paragraphs(s: &Value) -> Vec<String> {
    s["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["text"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn the_annual_summary_is_written_from_the_figures_and_its_settings() {
    let app = spawn_app().await;
    let admin = app.admin("admin@example.com").await;
    let hr = app.staff("hr@example.com", "hr").await;
    let (_, starts_at) = a_fair_held(&app, &hr).await;
    let (year, _) = local_year_quarter(&starts_at);

    // The shipped template: the fair's figures filled in, lines of work with nothing left out.
    let s = summary(&app, &hr, year).await;
    assert_eq!(s["source"], "live");
    let text = paragraphs(&s);
    assert_eq!(text[0], format!("本县{year}年度人才工作总结"));
    assert!(
        text.iter()
            .any(|p| p.contains("举办现场招聘会1场，2家企业参会，提供岗位需求6个，2人入场求职，2人达成就业意向。")),
        "{text:?}"
    );
    assert!(!text.iter().any(|p| p.contains("实习实训")), "no internships: no line");
    assert!(
        !text.iter().any(|p| p.contains("人才服务")),
        "a section with nothing in it goes"
    );
    assert!(!text.iter().any(|p| p.contains('{') || p.contains("0人")), "{text:?}");
    assert_eq!(text.last().unwrap(), "县委组织部人才工作领导小组办公室");

    // Markdown and Word say the same.
    let md = app
        .get_auth(&format!("/api/v1/reports/annual-summary?year={year}&format=md"), &hr)
        .await;
    assert_eq!(md.status(), 200);
    assert!(md.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/markdown"));
    assert_eq!(md.text().await.unwrap(), s["markdown"].as_str().unwrap());
    let word = app
        .get_auth(&format!("/api/v1/reports/annual-summary?year={year}&format=docx"), &hr)
        .await;
    assert_eq!(word.status(), 200);
    let bytes = word.bytes().await.unwrap();
    let doc = docx_rs::read_docx(&bytes).expect("the Word document opens");
    let word_text: Vec<String> = doc
        .document
        .children
        .iter()
        .filter_map(|c| match c {
            docx_rs::DocumentChild::Paragraph(p) => Some(p.raw_text()),
            _ => None,
        })
        .collect();
    assert_eq!(word_text, text);

    // The administrator's settings: names, exact counts, a template of their own.
    let settings: Value = app
        .get_auth("/api/v1/reports/settings", &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(settings["custom_template"], false);
    assert_eq!(settings["summary_template"], settings["default_template"]);
    assert!(settings["placeholders"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["key"] == "fairs.intents" && p["label_zh"] == "达成就业意向"));
    let put = |body: Value| {
        let (app, admin) = (&app, &admin);
        async move {
            app.client
                .put(app.url("/api/v1/reports/settings"))
                .bearer_auth(admin)
                .json(&body)
                .send()
                .await
                .unwrap()
        }
    };
    let good = json!({"county_name": "青川县", "department_name": "县委人才办", "count_style": "exact",
        "money_style": "yuan", "summary_template": "# {county}{year}年人才工作\n\n{fairs.enterprises}家企业参会；{fairs.intents_signed}人签约；{subsidies.paid_fen}已发放。\n"});
    let res = put(good.clone()).await;
    assert_eq!(res.status(), 200);
    let saved: Value = res.json().await.unwrap();
    assert_eq!(
        (saved["custom_template"].as_bool(), saved["county_name"].as_str()),
        (Some(true), Some("青川县"))
    );
    assert_eq!(
        paragraphs(&summary(&app, &hr, year).await),
        vec![format!("青川县{year}年人才工作"), "2家企业参会；1人签约。".to_string()]
    );
    assert_eq!(
        crate::accounts::audit_actions(&app, "1")
            .await
            .iter()
            .filter(|a| *a == "report.settings_updated")
            .count(),
        1
    );

    // Bad settings are refused whole, and nothing changes.
    let bad_cases = [
        (
            json!({"summary_template": "共{fairs.nonsense}场"}),
            "unknown_placeholder",
        ),
        (json!({"summary_template": "共{fairs.held场"}), "invalid_value"),
        (json!({"county_name": "  "}), "required"),
        (json!({"department_name": "部".repeat(81)}), "too_long"),
    ];
    for (change, code) in bad_cases {
        let mut body = good.clone();
        for (k, v) in change.as_object().unwrap() {
            body[k] = v.clone();
        }
        let problem = assert_problem(put(body).await, 400, "validation_failed").await;
        assert_eq!(problem["errors"][0]["code"], code, "{problem}");
    }
    let mut unknown = good.clone();
    unknown["font"] = json!("仿宋");
    assert_problem(put(unknown).await, 400, "validation_failed").await;
    let mut style = good.clone();
    style["count_style"] = json!("roughly");
    assert_eq!(put(style).await.status(), 400);
    let after: Value = app
        .get_auth("/api/v1/reports/settings", &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(after["summary_template"], saved["summary_template"]);
    assert_eq!(after["updated_at"], saved["updated_at"]);

    // Null goes back to the shipped template.
    let mut reset = good.clone();
    reset["summary_template"] = Value::Null;
    let reset: Value = put(reset).await.json().await.unwrap();
    assert_eq!(reset["custom_template"], false);

    // A frozen year is written from the frozen figures, even after a late correction.
    assert_eq!(freeze(&app, &admin, year).await.status(), 201);
    verified_employer(&app, &hr, "late@example.com", "县纸箱厂", 3, "manufacturing").await;
    let frozen = summary(&app, &hr, year).await;
    assert_eq!(frozen["source"], "frozen");
    assert!(
        paragraphs(&frozen).iter().any(|p| p.contains("2家用人单位通过审核")),
        "{:?}",
        paragraphs(&frozen)
    );
}

#[tokio::test]
async fn who_reads_the_summary_and_edits_its_settings() {
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
    let body = json!({"county_name": "青川县", "department_name": "县委人才办", "count_style": "more_than", "money_style": "wan"});
    expect_access(
        &app,
        &cast,
        vec![
            (
                Method::GET,
                "/api/v1/reports/annual-summary?year=2026".to_string(),
                None,
                [401, 403, 403, 200, 200, 200],
            ),
            (
                Method::GET,
                "/api/v1/reports/settings".to_string(),
                None,
                [401, 403, 403, 403, 403, 200],
            ),
            (
                Method::PUT,
                "/api/v1/reports/settings".to_string(),
                Some(body),
                [401, 403, 403, 403, 403, 200],
            ),
        ],
    )
    .await;
    for (bad, code) in [
        ("", "validation_failed"),
        ("year=2026&format=pdf", "malformed_json"),
        ("year=1800", "validation_failed"),
    ] {
        let res = app
            .get_auth(&format!("/api/v1/reports/annual-summary?{bad}"), &hr)
            .await;
        assert_problem(res, 400, code).await;
    }
}

#[tokio::test]
async fn recruitment_and_village_plan_figures() {
    use crate::recruitments::{act, files, post_body, published, sign_up};
    use crate::subsidies::applicant;
    let app = spawn_app().await;
    let hr = app.staff("hr@example.com", "hr").await;
    let year = crate::subsidies::year();
    let before = report(&app, &hr, &format!("year={year}")).await;
    assert_eq!(figure(&before, "recruitment.recruitments"), 0);
    assert_eq!(figure(&before, "village_plan.admitted"), 0);

    // A published recruitment of two posts (1 + 2 places), one sign-up approved, one withdrawn.
    let (rid, posts) = published(&app, &hr, &[post_body("A01", 1), post_body("C03", 2)]).await;
    let zhang = applicant(&app, "zhang@example.com", "张小三", 1).await;
    let li = applicant(&app, "li@example.com", "李小四", 2).await;
    let mut ids = Vec::new();
    for (token, post) in [(&zhang, &posts[0]), (&li, &posts[1])] {
        let f = files(&app, token).await;
        let res = sign_up(&app, token, &rid, post, &f).await;
        assert_eq!(res.status(), 201, "{}", res.text().await.unwrap_or_default());
        ids.push(res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string());
    }
    assert_eq!(act(&app, &hr, &ids[0], "approve", json!({})).await.status(), 200);
    assert_eq!(act(&app, &li, &ids[1], "withdraw", json!({})).await.status(), 200);

    let r = report(&app, &hr, &format!("year={year}")).await;
    assert_eq!(
        [
            "recruitment.recruitments",
            "recruitment.posts",
            "recruitment.headcount",
            "recruitment.signed_up",
            "recruitment.approved"
        ]
        .map(|k| figure(&r, k)),
        [1, 2, 3, 1, 1]
    );
    every_figure_is_named(&r);
    // The village plan is counted per yearly round: a quarter does not carry it.
    let (_, quarter) = local_year_quarter(&r["generated_at"]);
    let q = report(&app, &hr, &format!("year={year}&quarter={quarter}")).await;
    assert!(q["figures"].get("village_plan.admitted").is_none());
    assert_eq!(figure(&q, "recruitment.recruitments"), 1);
}

#[tokio::test]
async fn interns_by_school_and_major_add_up_to_the_totals() {
    use crate::internships::{apply, offer, programme};
    let app = spawn_app().await;
    let hr = app.staff("hr@example.com", "hr").await;
    let (boss, company) = verified_employer(&app, &hr, "boss@example.com", "县农机厂", 1, "manufacturing").await;
    let program = programme(&app, &hr).await;
    let internship = offer(&app, &hr, &boss, &company, &program, "机修实习生", 5).await;
    // Two from one school and major, one from another; the one who only applied is not placed.
    let people = [
        ("a@example.com", "湘潭大学", "机械工程", 1),
        ("b@example.com", "湘潭大学", "机械工程", 2),
        ("c@example.com", "湖南农业大学", "农业机械化", 3),
        ("d@example.com", "湖南农业大学", "农业机械化", 4),
    ];
    let mut applications = Vec::new();
    for (email, school, major, n) in people {
        let token = app.staff(email, "applicant").await;
        let profile = json!({"full_name": "实习生", "id_number": crate::villages::id_number(n), "phone": format!("1380013800{n}"),
            "categories": ["college_student"],
            "education": [{"level": "bachelor", "school": school, "major": major, "graduation_year": 2027}]});
        let res = app
            .client
            .put(app.url("/api/v1/me/profile"))
            .bearer_auth(&token)
            .json(&profile)
            .send()
            .await
            .unwrap();
        assert!(res.status().is_success(), "{}", res.text().await.unwrap_or_default());
        let res = apply(&app, &token, &internship).await;
        assert_eq!(res.status(), 201);
        applications.push(res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string());
    }
    for id in &applications[..3] {
        let res = app
            .post_auth(
                &format!("/api/v1/internship-applications/{id}/accept"),
                &boss,
                &json!({}),
            )
            .await;
        assert_eq!(res.status(), 200);
    }
    let starts = Utc::now() + Duration::days(20);
    let (year, _) = local_year_quarter(&json!(starts.to_rfc3339()));
    let r = report(&app, &hr, &format!("year={year}")).await;
    assert_eq!(figure(&r, "internships.placed"), 3);
    let lines: Vec<(String, String, i64)> = r["internship_schools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["school"].as_str().unwrap_or("-").to_string(),
                l["major"].as_str().unwrap_or("-").to_string(),
                l["placed"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        lines,
        vec![
            ("湘潭大学".into(), "机械工程".into(), 2),
            ("湖南农业大学".into(), "农业机械化".into(), 1)
        ]
    );
    // The workbook carries the same lines.
    let res = app
        .get_auth(&format!("/api/v1/reports/annual.xlsx?year={year}"), &hr)
        .await;
    let bytes = res.bytes().await.unwrap().to_vec();
    use calamine::Reader;
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range("实习实训").unwrap();
    assert_eq!(sheet.get_value((1, 0)).map(|c| c.to_string()), Some("湘潭大学".into()));
    assert_eq!(
        sheet.get_value((3, 2)).map(|c| c.to_string()),
        Some("3".into()),
        "the total"
    );
}

#[tokio::test]
async fn two_allowance_batches_in_the_year() {
    use crate::rosters::{batch, import, row, setup, xlsx};
    let app = spawn_app().await;
    let (_, hr, finance, policy) = setup(&app, 100_000).await;
    // Batch 1: three rows of 1,000 yuan; batch 2: two rows of 1,500 yuan. Both approved.
    let mut ids = Vec::new();
    for (no, rows) in [
        (1, (0..3u32).map(|i| row(i, "1000")).collect::<Vec<_>>()),
        (2, (10..12u32).map(|i| row(i, "1500")).collect()),
    ] {
        let id = batch(&app, &hr, &policy, no, &format!("2020-0{no}")).await;
        assert_eq!(import(&app, &hr, &id, xlsx(&rows, None), "r.xlsx").await.status(), 200);
        for (who, action) in [(&hr, "submit"), (&finance, "approve")] {
            let res = app
                .post_auth(&format!("/api/v1/allowance-batches/{id}/{action}"), who, &json!({}))
                .await;
            assert_eq!(res.status(), 200, "{action}: {}", res.text().await.unwrap_or_default());
        }
        ids.push(id);
    }
    let year = crate::subsidies::year();
    let r = report(&app, &finance, &format!("year={year}")).await;
    assert_eq!(figure(&r, "allowances.batches"), 2);
    assert_eq!(figure(&r, "allowances.recipients"), 5);
    assert_eq!(figure(&r, "allowances.total_fen"), 600_000);
    assert_eq!(figure(&r, "allowances.paid_fen"), 0, "approved, not paid yet");
    let lines: Vec<(i64, i64, i64)> = r["allowance_batches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["batch_no"].as_i64().unwrap(),
                b["recipients"].as_i64().unwrap(),
                b["total_fen"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(lines, vec![(1, 3, 300_000), (2, 2, 300_000)]);
    workbook_matches(&app, &finance, &format!("year={year}"), &r).await;
    let bytes = app
        .get_auth(&format!("/api/v1/reports/annual.xlsx?year={year}"), &finance)
        .await
        .bytes()
        .await
        .unwrap()
        .to_vec();
    use calamine::Reader;
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range("补助发放批次").unwrap();
    let cells: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(cells.len(), 4, "a header, two batches and the total: {cells:?}");
    assert!(cells[3].iter().any(|c| c == "6000"), "the total in yuan: {cells:?}");
    // The summary writes them as batches with the sum in the 'more than' form.
    let s = summary(&app, &finance, year).await;
    assert!(
        paragraphs(&s).iter().all(|p| !p.contains("批次为一线医务人员")),
        "nothing paid yet: the allowance line waits for payment: {:?}",
        paragraphs(&s)
    );
}
