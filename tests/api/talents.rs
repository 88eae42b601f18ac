//! Talent profiles: validation, one profile per person, encryption at rest, reveal, the pool and export.

use crate::helpers::*;
use diesel::prelude::*;
use juxian::db::schema::talent_profiles;
use serde_json::{json, Value};

pub const ID: &str = "11010519491231002X";
const BANK: &str = "6222020200112233445";

pub fn profile(id: Option<&str>) -> Value {
    json!({
        "full_name": "张三",
        "id_number": id,
        "phone": "13800138000",
        "education": [{"level": "bachelor", "school": "湖南大学", "major": "计算机科学", "graduation_year": 2020}],
        "categories": ["graduate"],
        "skills": ["Rust", "焊接"],
        "current_employer": "某某科技",
        "bank_name": "中国银行",
        "bank_account": BANK
    })
}

async fn put(app: &TestApp, token: &str, body: &Value) -> reqwest::Response {
    app.client
        .put(app.url("/api/v1/me/profile"))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn profiles(app: &TestApp) -> i64 {
    app.db
        .run(|conn| Ok(talent_profiles::table.count().get_result(conn)?))
        .await
        .unwrap()
}

#[tokio::test]
async fn create_read_update_keeps_secrets_masked() {
    let app = spawn_app().await;
    let token = app.signup("zhang@example.com", "applicant").await;
    assert_problem(app.get_auth("/api/v1/me/profile", &token).await, 404, "not_found").await;

    let res = put(&app, &token, &profile(Some("11010519491231002x"))).await;
    assert_eq!(res.status(), 201);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["id_number_masked"], "1101**********002X");
    assert_eq!(body["bank_account_masked"], "***************3445");
    assert_eq!(body["birth_date"], "1949-12-31");
    assert_eq!(body["gender"], "female");
    assert_eq!(body["email"], "zhang@example.com");
    assert_eq!(body["complete"], true);
    let text = body.to_string();
    assert!(!text.contains(ID) && !text.contains(BANK), "no plain values in answers");

    // Updating without retyping the ID or bank account keeps them.
    let mut update = profile(None);
    update["phone"] = json!("139-0000-1111");
    update.as_object_mut().unwrap().remove("bank_account");
    let res = put(&app, &token, &update).await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(
        (body["phone"].as_str(), body["id_number_masked"].as_str()),
        (Some("13900001111"), Some("1101**********002X"))
    );
    assert_eq!(body["bank_account_masked"], "***************3445");
    let got: Value = app.get_auth("/api/v1/me/profile", &token).await.json().await.unwrap();
    assert_eq!(got, body);

    // An empty bank account removes it.
    let mut clear = profile(None);
    clear["bank_account"] = json!("");
    let body: Value = put(&app, &token, &clear).await.json().await.unwrap();
    assert!(body["bank_account_masked"].is_null());
}

#[tokio::test]
async fn bad_profiles_are_refused_field_by_field_and_change_nothing() {
    let app = spawn_app().await;
    let token = app.signup("bad@example.com", "applicant").await;
    let cases: Vec<(&str, Value, &str, &str)> = vec![
        (
            "wrong check digit",
            json!({"id_number": "110105194912310021"}),
            "id_number",
            "invalid_checksum",
        ),
        (
            "impossible date",
            json!({"id_number": "110105199902300023"}),
            "id_number",
            "invalid_date",
        ),
        (
            "17 characters",
            json!({"id_number": "11010519491231002"}),
            "id_number",
            "invalid_length",
        ),
        (
            "19 characters",
            json!({"id_number": "11010519491231002X1"}),
            "id_number",
            "invalid_length",
        ),
        (
            "letters",
            json!({"id_number": "11010A19491231002X"}),
            "id_number",
            "invalid_value",
        ),
        ("missing id", json!({"id_number": null}), "id_number", "required"),
        ("phone", json!({"phone": "12345"}), "phone", "invalid_phone"),
        ("name", json!({"full_name": "  "}), "full_name", "required"),
        (
            "year",
            json!({"education": [{"level": "master", "school": "x", "graduation_year": 1901}]}),
            "education.0.graduation_year",
            "invalid_value",
        ),
        (
            "school",
            json!({"education": [{"level": "master", "school": "", "graduation_year": 2001}]}),
            "education.0.school",
            "required",
        ),
        (
            "bank digits",
            json!({"bank_account": "12ab"}),
            "bank_account",
            "invalid_value",
        ),
        ("bank without name", json!({"bank_name": null}), "bank_name", "required"),
        ("typed gender", json!({"gender": "male"}), "gender", "unknown_field"),
        (
            "typed birth date",
            json!({"birth_date": "2000-01-01"}),
            "birth_date",
            "unknown_field",
        ),
    ];
    let before = (app.snapshot().await, profiles(&app).await);
    for (name, patch, field, code) in cases {
        let mut body = profile(Some(ID));
        for (k, v) in patch.as_object().unwrap() {
            body[k] = v.clone();
        }
        let problem = assert_problem(put(&app, &token, &body).await, 400, "validation_failed").await;
        let errors = problem["errors"].as_array().unwrap();
        assert!(
            errors.iter().any(|e| e["field"] == field && e["code"] == code),
            "{name}: {problem}"
        );
    }
    let res = put(&app, &token, &json!({"full_name": "x", "phone": "13800138000", "education": [{"level": "phd", "school": "x", "graduation_year": 2001}]})).await;
    assert_problem(res, 400, "malformed_json").await;
    assert_eq!((app.snapshot().await, profiles(&app).await), before, "nothing changed");
}

#[tokio::test]
async fn one_profile_per_person_without_saying_whose() {
    let app = spawn_app().await;
    let first = app.signup("first@example.com", "applicant").await;
    let second = app.signup("second@example.com", "applicant").await;
    assert_eq!(put(&app, &first, &profile(Some(ID))).await.status(), 201);
    let before = profiles(&app).await;
    let problem = assert_problem(
        put(&app, &second, &profile(Some(&ID.to_lowercase()))).await,
        409,
        "value_taken",
    )
    .await;
    assert_eq!(problem["errors"][0]["field"], "id_number");
    assert_eq!(problem["errors"][0]["code"], "taken");
    assert!(!problem.to_string().contains("first@example.com"));
    assert_eq!(profiles(&app).await, before);
}

#[tokio::test]
async fn raw_storage_holds_no_plain_id_or_bank_number() {
    let app = spawn_app().await;
    let token = app.signup("secret@example.com", "applicant").await;
    assert_eq!(put(&app, &token, &profile(Some(ID))).await.status(), 201);
    let rows: Vec<(String, String, String, Option<String>)> = app
        .db
        .run(|conn| {
            Ok(talent_profiles::table
                .select((
                    talent_profiles::id_number_enc,
                    talent_profiles::id_number_hash,
                    talent_profiles::id_number_masked,
                    talent_profiles::bank_account_enc,
                ))
                .load(conn)?)
        })
        .await
        .unwrap();
    let joined = format!("{rows:?}");
    assert!(
        !joined.contains(ID) && !joined.contains("110105194912") && !joined.contains(BANK),
        "{joined}"
    );
    if let juxian::config::DatabaseTarget::Sqlite(path) = &app.config.database {
        let mut bytes = Vec::new();
        for suffix in ["", "-wal", "-shm"] {
            bytes.extend(std::fs::read(format!("{}{suffix}", path.display())).unwrap_or_default());
        }
        for needle in [ID.as_bytes(), BANK.as_bytes(), b"110105194912"] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle),
                "plain value found in the database files"
            );
        }
    }
}

#[tokio::test]
async fn reveal_is_for_hr_and_finance_and_is_audited() {
    let app = spawn_app().await;
    let token = app.signup("reveal@example.com", "applicant").await;
    assert_eq!(put(&app, &token, &profile(Some(ID))).await.status(), 201);
    let user_id = app.user("reveal@example.com").await.id;
    let hr = app.staff("hr@example.com", "hr").await;
    let finance = app.staff("finance@example.com", "finance").await;
    let admin = app.admin("admin@example.com").await;
    let path = format!("/api/v1/talents/{user_id}/reveal");
    for (token, reason) in [(&hr, "核对第3批补助名单"), (&finance, "payout batch 7 bank check")] {
        let body: Value = app
            .post_auth(&path, token, &json!({ "reason": reason }))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(
            (body["id_number"].as_str(), body["bank_account"].as_str()),
            (Some(ID), Some(BANK))
        );
    }
    for token in [&admin, &token] {
        assert_problem(
            app.post_auth(&path, token, &json!({"reason": "x"})).await,
            403,
            "forbidden",
        )
        .await;
    }
    assert_problem(
        app.post_auth("/api/v1/talents/nobody/reveal", &hr, &json!({"reason": "check"}))
            .await,
        404,
        "not_found",
    )
    .await;
    let events: Value = app
        .get_auth("/api/v1/audit-events?action=talent.personal_data_revealed", &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(events["total"], 2);
    assert!(!events.to_string().contains(ID));
    assert_eq!(events["items"][0]["after"]["reason"], "payout batch 7 bank check");
    assert_eq!(events["items"][1]["after"]["reason"], "核对第3批补助名单");
    assert_eq!(events["items"][0]["actor_email"], "finance@example.com");
}

#[tokio::test]
async fn a_reveal_without_a_reason_reveals_nothing() {
    let app = spawn_app().await;
    let token = app.signup("noreason@example.com", "applicant").await;
    assert_eq!(put(&app, &token, &profile(Some(ID))).await.status(), 201);
    let user_id = app.user("noreason@example.com").await.id;
    let hr = app.staff("hr@example.com", "hr").await;
    let path = format!("/api/v1/talents/{user_id}/reveal");
    let before = app.snapshot().await;
    // The shape is the JSON extractor's business (400 validation_failed or malformed_json); an
    // empty, blank or overlong reason is refused by the reveal's own rule.
    for body in [
        json!({}),
        json!({"reason": null}),
        json!({"reason": 7}),
        json!({"reason": "ok", "extra": 1}),
    ] {
        let res = app.post_auth(&path, &hr, &body).await;
        assert_eq!(res.status(), 400, "{body}");
        let problem: Value = res.json().await.unwrap();
        assert!(
            ["validation_failed", "malformed_json"].contains(&problem["code"].as_str().unwrap()),
            "{problem}"
        );
        assert!(!problem.to_string().contains(ID), "{body}");
    }
    for reason in [String::new(), " \n\t ".into(), "x".repeat(201)] {
        let res = app.post_auth(&path, &hr, &json!({ "reason": reason })).await;
        let problem = assert_problem(res, 400, "validation_failed").await;
        assert_eq!(problem["errors"][0]["field"], "reason", "{reason:?}");
        assert!(!problem.to_string().contains(ID));
    }
    let res = app
        .client
        .post(app.url(&path))
        .bearer_auth(&hr)
        .header("x-requested-with", "XMLHttpRequest")
        .send()
        .await
        .unwrap();
    assert!(res.status().is_client_error(), "no body at all");
    assert!(!res.text().await.unwrap().contains(ID));
    assert_eq!(app.snapshot().await, before, "no audit event");
    let history: Value = app
        .get_auth(&format!("/api/v1/talents/{user_id}/reveals"), &hr)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(history, json!([]));
}

#[tokio::test]
async fn the_persons_page_lists_who_revealed_what_and_why() {
    let app = spawn_app().await;
    let token = app.signup("history@example.com", "applicant").await;
    assert_eq!(put(&app, &token, &profile(Some(ID))).await.status(), 201);
    let user_id = app.user("history@example.com").await.id;
    let hr = app.staff("hr@example.com", "hr").await;
    let finance = app.staff("finance@example.com", "finance").await;
    let admin = app.admin("admin@example.com").await;
    let reveal = format!("/api/v1/talents/{user_id}/reveal");
    assert_eq!(
        app.post_auth(&reveal, &hr, &json!({"reason": "  人才公寓资格复核  "}))
            .await
            .status(),
        200
    );
    app.clock.advance(chrono::Duration::minutes(5));
    assert_eq!(
        app.post_auth(&reveal, &finance, &json!({"reason": "第2批发放核对"}))
            .await
            .status(),
        200
    );

    let path = format!("/api/v1/talents/{user_id}/reveals");
    for token in [&hr, &finance, &admin] {
        let res = app.get_auth(&path, token).await;
        assert_eq!(res.status(), 200);
        let history: Value = res.json().await.unwrap();
        let rows = history.as_array().unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(
            (rows[0]["actor_email"].as_str(), rows[0]["reason"].as_str()),
            (Some("finance@example.com"), Some("第2批发放核对"))
        );
        assert_eq!(
            (rows[1]["actor_email"].as_str(), rows[1]["reason"].as_str()),
            (Some("hr@example.com"), Some("人才公寓资格复核"))
        );
        assert_eq!(rows[0]["fields"], json!(["id_number", "bank_account"]));
        let (newer, older) = (rows[0]["at"].as_str().unwrap(), rows[1]["at"].as_str().unwrap());
        assert!(newer > older, "{newer} after {older}");
        assert!(!history.to_string().contains(ID) && !history.to_string().contains(BANK));
    }
    assert_problem(app.get_auth(&path, &token).await, 403, "forbidden").await;
    assert_problem(
        app.get_auth("/api/v1/talents/nobody/reveals", &hr).await,
        404,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn who_may_use_the_profile_and_pool_endpoints() {
    let app = spawn_app().await;
    let applicant = app.signup("a@example.com", "applicant").await;
    let employer = app.signup("e@example.com", "employer").await;
    let hr = app.staff("hr@example.com", "hr").await;
    let finance = app.staff("f@example.com", "finance").await;
    let admin = app.admin("admin@example.com").await;
    assert_eq!(put(&app, &applicant, &profile(Some(ID))).await.status(), 201);
    let id = app.user("a@example.com").await.id;
    let detail = format!("/api/v1/talents/{id}");
    for (who, token, profile_status, pool_status) in [
        ("employer", &employer, 403, 403),
        ("hr", &hr, 403, 200),
        ("finance", &finance, 403, 403),
        ("admin", &admin, 403, 200),
        ("applicant", &applicant, 200, 403),
    ] {
        assert_eq!(
            app.get_auth("/api/v1/me/profile", token).await.status(),
            profile_status,
            "{who} profile"
        );
        assert_eq!(
            app.get_auth("/api/v1/talents", token).await.status(),
            pool_status,
            "{who} pool"
        );
        assert_eq!(app.get_auth(&detail, token).await.status(), pool_status, "{who} detail");
        assert_eq!(
            app.get_auth("/api/v1/talents/export?format=csv", token).await.status(),
            pool_status,
            "{who} export"
        );
    }
    for path in ["/api/v1/me/profile", "/api/v1/talents", detail.as_str()] {
        assert_problem(app.client.get(app.url(path)).send().await.unwrap(), 401, "unauthorized").await;
    }
    assert_eq!(
        put(&app, &employer, &profile(Some("440524198001010013")))
            .await
            .status(),
        403
    );
}

async fn seed_pool(app: &TestApp) {
    let people = [
        (
            "li@example.com",
            "李雷",
            "440524198001010013",
            "master",
            "清华大学",
            "机械工程",
            2005,
            "high_level",
            "CAD",
        ),
        (
            "han@example.com",
            "韩梅梅",
            "430102199003071234",
            "bachelor",
            "湖南大学",
            "护理学",
            2012,
            "medical_staff",
            "护理",
        ),
        (
            "wang@example.com",
            "王五",
            "320583199506152348",
            "associate",
            "长沙职院",
            "电气自动化",
            2016,
            "skilled_worker",
            "焊接",
        ),
    ];
    for (email, name, id, level, school, major, year, category, skill) in people {
        let token = app.signup(email, "applicant").await;
        let body = json!({"full_name": name, "id_number": id, "phone": "13800138000",
            "education": [{"level": level, "school": school, "major": major, "graduation_year": year}],
            "categories": [category], "skills": [skill]});
        assert_eq!(put(app, &token, &body).await.status(), 201, "{email}");
    }
}

#[tokio::test]
async fn the_pool_searches_filters_sorts_and_pages() {
    let app = spawn_app().await;
    seed_pool(&app).await;
    let hr = app.staff("hr@example.com", "hr").await;
    let names = |v: &Value| {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["full_name"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    let get = |q: &'static str| {
        let (app, hr) = (&app, hr.clone());
        async move {
            app.get_auth(&format!("/api/v1/talents?{q}"), &hr)
                .await
                .json::<Value>()
                .await
                .unwrap()
        }
    };
    assert_eq!(get("").await["total"], 3);
    assert_eq!(names(&get("category=medical_staff").await), ["韩梅梅"]);
    assert_eq!(names(&get("education=master").await), ["李雷"]);
    assert_eq!(names(&get("major=%E7%94%B5%E6%B0%94").await), ["王五"]);
    assert_eq!(names(&get("graduation_year=2012").await), ["韩梅梅"]);
    assert_eq!(names(&get("skill=cad").await), ["李雷"]);
    assert_eq!(
        names(&get("q=%E6%B9%96%E5%8D%97").await),
        ["韩梅梅"],
        "keyword matches the school"
    );
    assert_eq!(names(&get("q=wang%40").await), ["王五"], "keyword matches the e-mail");
    assert_eq!(names(&get("sort=-birth_date").await), ["王五", "韩梅梅", "李雷"]);
    let page = get("sort=birth_date&per_page=1&page=2").await;
    assert_eq!(
        (names(&page), page["total"].as_i64()),
        (vec!["韩梅梅".to_string()], Some(3))
    );
    let item = &get("skill=cad").await["items"][0];
    assert_eq!(item["id_number_masked"], "4405**********0013");
    assert_eq!(item["phone_masked"], "138****8000");
    assert_eq!(item["school"], "清华大学");
    assert_problem(
        app.get_auth("/api/v1/talents?sort=password", &hr).await,
        400,
        "malformed_json",
    )
    .await;
    assert_problem(
        app.get_auth("/api/v1/talents?category=king", &hr).await,
        400,
        "malformed_json",
    )
    .await;
}

#[tokio::test]
async fn exports_hold_exactly_the_filtered_rows() {
    use calamine::{Reader, Xlsx};
    let app = spawn_app().await;
    seed_pool(&app).await;
    let hr = app.staff("hr@example.com", "hr").await;
    let res = app
        .get_auth("/api/v1/talents/export?format=xlsx&education=bachelor", &hr)
        .await;
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-disposition"].to_str().unwrap().contains(".xlsx"));
    let bytes = res.bytes().await.unwrap();
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).expect("a real workbook");
    let sheet = book.worksheet_range("人才库").expect("sheet");
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows.len(), 2, "header and exactly one row: {rows:?}");
    assert_eq!(rows[0][0], "姓名");
    assert_eq!(rows[1][0], "韩梅梅");
    assert_eq!(rows[1][3], "4301**********1234");
    // Codes are written in the screens' words (医务人员, not 医护人员 or medical_staff).
    let column = |name: &str| rows[0].iter().position(|h| h == name).expect(name);
    assert_eq!(
        (
            rows[1][column("性别")].as_str(),
            rows[1][column("最高学历")].as_str(),
            rows[1][column("人才类别")].as_str()
        ),
        ("男", "本科", "医务人员")
    );
    assert!(!rows.concat().concat().contains("430102199003071234"));

    let res = app.get_auth("/api/v1/talents/export?format=csv", &hr).await;
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let text = res.text().await.unwrap();
    assert!(text.starts_with('\u{feff}'), "BOM for Excel");
    assert_eq!(text.lines().count(), 4);
    assert!(text.contains("王五") && !text.contains("320583199506152348"));
    let admin = app.admin("admin@example.com").await;
    let events: Value = app
        .get_auth("/api/v1/audit-events?action=talent.exported", &admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(events["total"], 2);
}

#[tokio::test]
async fn a_persons_page_shows_files_and_timeline() {
    let app = spawn_app().await;
    let token = app.signup("timeline@example.com", "applicant").await;
    assert_eq!(put(&app, &token, &profile(Some(ID))).await.status(), 201);
    let id = app.user("timeline@example.com").await.id;
    let hr = app.staff("hr@example.com", "hr").await;
    let detail: Value = app
        .get_auth(&format!("/api/v1/talents/{id}"), &hr)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(detail["profile"]["full_name"], "张三");
    assert_eq!(detail["profile"]["id_number_masked"], "1101**********002X");
    let actions: Vec<&str> = detail["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for expected in [
        "account.registered",
        "account.email_verified",
        "account.login",
        "talent.profile_created",
    ] {
        assert!(actions.contains(&expected), "{expected} in {actions:?}");
    }

    // Two more log-ins read as one line; a sign-up names the fair it is about.
    app.login("timeline@example.com", crate::helpers::PASSWORD).await;
    let again = app.login("timeline@example.com", crate::helpers::PASSWORD).await;
    let fair = crate::fairs::published_fair(&app, &hr, 10, chrono::Duration::days(7)).await;
    let signed = app
        .post_auth(&format!("/api/v1/job-fairs/{fair}/registrations"), &again, &json!({}))
        .await;
    assert_eq!(signed.status(), 201);
    let detail: Value = app
        .get_auth(&format!("/api/v1/talents/{id}"), &hr)
        .await
        .json()
        .await
        .unwrap();
    let lines: Vec<(&str, i64, Option<&str>)> = detail["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap(),
                e["count"].as_i64().unwrap(),
                e["subject"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        lines[..3],
        [
            ("fair.signed_up", 1, Some("春季招聘会")),
            ("account.login", 2, None),
            ("talent.profile_created", 1, None),
        ],
        "{lines:?}"
    );
    assert_problem(app.get_auth("/api/v1/talents/nobody", &hr).await, 404, "not_found").await;
}
