//! Villages and the village college-student plan: the import whole or not at all, mergers counted
//! in the right year, rounds and candidacies (one per person and round under concurrency, 409s),
//! mail at each step, the coverage table against a count made here, and who may call what.

use crate::enterprises::{expect_access, get_json, send};
use crate::helpers::*;
use diesel::prelude::*;
use juxian::db::schema::{townships, village_plan_candidates, villages};
use reqwest::multipart::{Form, Part};
use reqwest::Method;
use rust_xlsxwriter::Workbook;
use serde_json::{json, Value};
use std::collections::BTreeSet;

const HEADER: [&str; 8] = [
    "乡镇代码",
    "乡镇",
    "村社区代码",
    "村社区名称",
    "类型",
    "贫困村",
    "贫困状态变更年份",
    "设立年份",
];

/// The county of these tests: 城关镇 (东村 poor since 2014, 西村, 南村 poor) and 白沙乡 (白沙村 poor,
/// 河口村 poor until 2020, 新街社区).
fn county() -> Vec<[&'static str; 8]> {
    vec![
        ["430101001", "城关镇", "430101001001", "东村", "村", "是", "2014", ""],
        ["430101001", "城关镇", "430101001002", "西村", "村", "否", "", ""],
        ["430101001", "城关镇", "430101001003", "南村", "村", "是", "", ""],
        ["430101002", "白沙乡", "430101002001", "白沙村", "村", "是", "", ""],
        ["430101002", "白沙乡", "430101002002", "河口村", "村", "否", "2020", ""],
        ["430101002", "白沙乡", "430101002003", "新街社区", "社区", "否", "", ""],
    ]
}

fn xlsx(rows: &[[&str; 8]]) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "县行政区划（村、社区）").unwrap();
    for (c, h) in HEADER.iter().enumerate() {
        sheet.write_string(1, c as u16, *h).unwrap();
    }
    for (r, cells) in rows.iter().enumerate() {
        for (c, v) in cells.iter().enumerate() {
            if !v.is_empty() {
                sheet.write_string((r + 2) as u32, c as u16, *v).unwrap();
            }
        }
    }
    book.save_to_buffer().unwrap()
}

async fn import(app: &TestApp, token: &str, bytes: Vec<u8>) -> reqwest::Response {
    let form = Form::new().part("file", Part::bytes(bytes).file_name("villages.xlsx"));
    app.client
        .post(app.url("/api/v1/villages/import"))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap()
}

async fn counts(app: &TestApp) -> (i64, i64, Vec<(String, String, bool)>) {
    app.db
        .run(|conn| {
            Ok((
                townships::table.count().get_result(conn)?,
                villages::table.count().get_result(conn)?,
                villages::table
                    .order(villages::code)
                    .select((villages::code, villages::name, villages::poor_village))
                    .load(conn)?,
            ))
        })
        .await
        .unwrap()
}

/// GET without a token.
async fn public(app: &TestApp, path: &str) -> Value {
    let res = app.client.get(app.url(path)).send().await.unwrap();
    assert_eq!(res.status(), 200, "{path}");
    res.json().await.unwrap()
}

/// Village ids by code.
async fn ids(app: &TestApp) -> std::collections::HashMap<String, String> {
    let page = public(app, "/api/v1/villages?per_page=100").await;
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["code"].as_str().unwrap().to_string(),
                v["id"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// A valid resident ID number (GB 11643 check character) for person `n`.
pub fn id_number(n: u32) -> String {
    let body = format!("430101199001{:02}{:03}", 1 + n % 28, n % 1000);
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body
        .chars()
        .zip(weights)
        .map(|(c, w)| c.to_digit(10).unwrap() * w)
        .sum();
    let check = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'][(sum % 11) as usize];
    format!("{body}{check}")
}

/// Import the county and merge 南村 into 西村 from 2025; returns (admin, village ids by code).
async fn setup(app: &TestApp) -> (String, std::collections::HashMap<String, String>) {
    let admin = app.admin("admin@example.com").await;
    let res = import(app, &admin, xlsx(&county())).await;
    assert_eq!(res.status(), 200);
    let ids = ids(app).await;
    let res = app
        .post_auth(
            &format!("/api/v1/villages/{}/merge", ids["430101001003"]),
            &admin,
            &json!({"into_village_id": ids["430101001002"], "year": 2025}),
        )
        .await;
    assert_eq!(res.status(), 200);
    (admin, ids)
}

#[tokio::test]
async fn the_import_is_all_or_nothing_and_updates_by_code() {
    let app = spawn_app().await;
    let admin = app.admin("admin@example.com").await;
    let res = import(&app, &admin, xlsx(&county())).await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.json::<Value>().await.unwrap(),
        json!({"rows": 6, "townships_created": 2, "townships_updated": 0, "villages_created": 6, "villages_updated": 0})
    );
    let before = counts(&app).await;
    assert_eq!((before.0, before.1), (2, 6));

    // A file renaming 东村 and adding a village, but with one bad row: nothing of it is written.
    let mut bad = county();
    bad[0][3] = "东村（改）";
    bad.push(["430101002", "白沙乡", "430101002004", "新村", "村", "也许", "", ""]);
    bad.push(["430101002", "白沙乡", "430101002001", "重复", "屯", "否", "14", ""]);
    let res = import(&app, &admin, xlsx(&bad)).await;
    let body = assert_problem(res, 422, "file_rejected").await;
    let rows: Vec<(u64, String)> = body["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["row"].as_u64().unwrap(), r["code"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(
        rows,
        [
            (9, "invalid_value".to_string()),
            (10, "invalid_value".to_string()),
            (10, "invalid_value".to_string()),
            (10, "duplicate".to_string()),
        ]
    );
    assert_eq!(counts(&app).await, before, "a refused file wrote something");

    // The same file corrected: 东村 renamed, 新村 added, the rest unchanged.
    bad.pop();
    bad[6][5] = "否";
    let res = import(&app, &admin, xlsx(&bad)).await;
    assert_eq!(res.status(), 200);
    let out: Value = res.json().await.unwrap();
    assert_eq!(
        (out["villages_created"].as_i64(), out["villages_updated"].as_i64()),
        (Some(1), Some(1))
    );
    let after = counts(&app).await;
    assert_eq!((after.0, after.1), (2, 7));
    assert!(after.2.contains(&("430101001001".into(), "东村（改）".into(), true)));

    // A workbook without the header, or not a workbook at all, is refused as a whole too.
    let res = import(&app, &admin, b"\x00\x01binary".to_vec()).await;
    assert_problem(res, 400, "validation_failed").await;
    assert_eq!(counts(&app).await.1, 7);
}

#[tokio::test]
async fn merged_villages_count_in_their_years() {
    let app = spawn_app().await;
    let (admin, ids) = setup(&app).await;
    let year = |y: i32| {
        let app = &app;
        async move {
            let page = public(app, &format!("/api/v1/villages?year={y}&per_page=100")).await;
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| {
                    (
                        v["name"].as_str().unwrap().to_string(),
                        v["poor_in_year"].as_bool().unwrap(),
                    )
                })
                .collect::<Vec<_>>()
        }
    };
    let of = |list: &[(&str, bool)]| list.iter().map(|(n, p)| (n.to_string(), *p)).collect::<Vec<_>>();
    // 2019: 河口村 still poor (left the list in 2020), 南村 its own village.
    assert_eq!(
        year(2019).await,
        of(&[
            ("东村", true),
            ("西村", false),
            ("南村", true),
            ("白沙村", true),
            ("河口村", true),
            ("新街社区", false)
        ])
    );
    // 2026: 南村 merged into 西村 in 2025, which carries its poverty; 河口村 no longer poor.
    assert_eq!(
        year(2026).await,
        of(&[
            ("东村", true),
            ("西村", true),
            ("白沙村", true),
            ("河口村", false),
            ("新街社区", false)
        ])
    );
    // 2013: 东村 was not poor yet.
    assert_eq!(year(2013).await[0], ("东村".to_string(), false));
    let nan = public(&app, &format!("/api/v1/villages/{}", ids["430101001003"])).await;
    assert_eq!(
        (nan["merged_into_name"].as_str(), nan["merged_year"].as_i64()),
        (Some("西村"), Some(2025))
    );

    // A merged village does not merge again, nor into a merged one, nor into itself.
    let again = json!({"into_village_id": ids["430101001001"], "year": 2026});
    let res = app
        .post_auth(
            &format!("/api/v1/villages/{}/merge", ids["430101001003"]),
            &admin,
            &again,
        )
        .await;
    assert_problem(res, 409, "invalid_transition").await;
    let into_merged = json!({"into_village_id": ids["430101001003"], "year": 2026});
    let res = app
        .post_auth(
            &format!("/api/v1/villages/{}/merge", ids["430101001001"]),
            &admin,
            &into_merged,
        )
        .await;
    assert_problem(res, 409, "invalid_transition").await;
    let itself = json!({"into_village_id": ids["430101001001"], "year": 2026});
    let res = app
        .post_auth(
            &format!("/api/v1/villages/{}/merge", ids["430101001001"]),
            &admin,
            &itself,
        )
        .await;
    assert_problem(res, 400, "validation_failed").await;

    // The figures follow the year too: 2024 counts 南村 among the poor villages, 2026 counts 西村.
    let hr = app.staff("hr@example.com", "hr").await;
    let figures = get_json(&app, "/api/v1/village-plan/figures?from=2019&to=2026", &hr).await;
    let totals: Vec<i64> = figures
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["poor_villages_total"].as_i64().unwrap())
        .collect();
    assert_eq!(totals, [4, 3, 3, 3, 3, 3, 3, 3]);
}

/// An applicant with a complete profile (ID number `n`); returns their token.
async fn villager(app: &TestApp, email: &str, n: u32) -> String {
    let token = app.staff(email, "applicant").await;
    let mut body = crate::talents::profile(Some(&id_number(n)));
    body["full_name"] = json!(format!("村民{n}"));
    let res = app
        .client
        .put(app.url("/api/v1/me/profile"))
        .bearer_auth(&token)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "{}", res.text().await.unwrap());
    token
}

async fn open_round(app: &TestApp, hr: &str, year: i32) -> String {
    let res = app
        .post_auth(
            "/api/v1/village-plan/rounds",
            hr,
            &json!({"year": year, "title": format!("{year}年一村多名大学生计划"), "description": "面向村干部和青年农民"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let id = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string();
    let res = app
        .post_auth(&format!("/api/v1/village-plan/rounds/{id}/open"), hr, &json!({}))
        .await;
    assert_eq!(res.status(), 200);
    id
}

async fn enter(app: &TestApp, hr: &str, round: &str, n: u32, village: &str, email: Option<&str>) -> reqwest::Response {
    app.post_auth(
        &format!("/api/v1/village-plan/rounds/{round}/candidates"),
        hr,
        &json!({"full_name": format!("村民{n}"), "id_number": id_number(n), "phone": "13900139000",
            "email": email, "village_id": village, "occupation": "村干部"}),
    )
    .await
}

async fn id_of(res: reqwest::Response) -> String {
    assert_eq!(res.status(), 201);
    res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string()
}

async fn step(app: &TestApp, token: &str, candidate: &str, action: &str, body: Value) -> reqwest::Response {
    app.post_auth(
        &format!("/api/v1/village-plan/candidates/{candidate}/{action}"),
        token,
        &body,
    )
    .await
}

#[tokio::test]
async fn a_round_from_application_to_coverage_with_mail() {
    let app = spawn_app().await;
    let (_admin, ids) = setup(&app).await;
    let hr = app.staff("hr@example.com", "hr").await;
    let round = open_round(&app, &hr, 2026).await;
    let me = villager(&app, "villager@example.com", 1).await;

    // The applicant applies with 东村; a merged village (南村, gone since 2025) is refused.
    let res = app
        .post_auth(
            &format!("/api/v1/village-plan/rounds/{round}/apply"),
            &me,
            &json!({"village_id": ids["430101001003"]}),
        )
        .await;
    let body = assert_problem(res, 400, "validation_failed").await;
    assert_eq!(body["errors"][0]["code"], "not_in_year");
    let mine = id_of(
        app.post_auth(
            &format!("/api/v1/village-plan/rounds/{round}/apply"),
            &me,
            &json!({"village_id": ids["430101001001"], "occupation": "青年农民"}),
        )
        .await,
    )
    .await;
    // HR enters three villagers: from 西村 (with an address), 新街社区 and 白沙村.
    let west = id_of(enter(&app, &hr, &round, 2, &ids["430101001002"], Some("west@example.com")).await).await;
    let street = id_of(enter(&app, &hr, &round, 3, &ids["430101002003"], None).await).await;
    let baisha = id_of(enter(&app, &hr, &round, 4, &ids["430101002001"], None).await).await;

    for c in [&mine, &west, &street, &baisha] {
        assert_eq!(step(&app, &hr, c, "recommend", json!({})).await.status(), 200);
    }
    let admission = json!({"institution": "湖南农业大学", "programme": "现代农业技术"});
    for c in [&mine, &west, &street] {
        assert_eq!(step(&app, &hr, c, "admit", admission.clone()).await.status(), 200);
    }
    assert_eq!(
        step(&app, &hr, &baisha, "not-admit", json!({"reason": "未达录取线"}))
            .await
            .status(),
        200
    );

    // Mail at each step: received, recommended, admitted (with institution and programme).
    let mails = app.mail().wait_for("villager@example.com", 3).await;
    let subjects: Vec<String> = mails.iter().map(|m| m.subject()).collect();
    assert!(subjects[0].contains("已受理报名"), "{subjects:?}");
    assert!(subjects[1].contains("已推荐"));
    assert!(
        subjects[2].contains("已录取")
            && mails[2].text().contains("湖南农业大学")
            && mails[2].text().contains("现代农业技术")
    );
    assert_eq!(app.mail().wait_for("west@example.com", 3).await.len(), 3);

    let status = get_json(&app, "/api/v1/village-plan/candidacies/mine", &me).await;
    assert_eq!(status[0]["status"], "admitted");
    assert_eq!(status[0]["village_name"], "东村");

    // Coverage against a count made here: the poor villages of 2026 are 东村, 西村 (南村 merged
    // into it) and 白沙村; the admitted candidates' villages, read straight from the table.
    let poor: BTreeSet<String> = ["430101001001", "430101001002", "430101002001"]
        .iter()
        .map(|c| ids[*c].clone())
        .collect();
    let admitted: Vec<String> = app
        .db
        .run(|conn| {
            Ok(village_plan_candidates::table
                .filter(village_plan_candidates::status.eq("admitted"))
                .select(village_plan_candidates::village_id)
                .load(conn)?)
        })
        .await
        .unwrap();
    let covered: BTreeSet<&String> = admitted.iter().filter(|v| poor.contains(*v)).collect();
    let coverage = get_json(&app, &format!("/api/v1/village-plan/rounds/{round}/coverage"), &hr).await;
    assert_eq!(coverage["poor_villages"].as_u64(), Some(poor.len() as u64));
    assert_eq!(coverage["covered"].as_u64(), Some(covered.len() as u64));
    let items = coverage["items"].as_array().unwrap();
    assert_eq!(items[0]["village_name"], "白沙村", "uncovered first");
    assert_eq!(items[0]["covered"], false);
    for item in items {
        let id = item["village_id"].as_str().unwrap().to_string();
        let n = admitted.iter().filter(|v| **v == id).count() as i64;
        assert_eq!(item["admitted"].as_i64(), Some(n), "{id}");
    }

    let figures = get_json(&app, "/api/v1/village-plan/figures?from=2026&to=2026", &hr).await;
    assert_eq!(
        figures[0],
        json!({"year": 2026, "applicants": 4, "recommended": 4, "admitted": 3, "poor_villages_covered": 2, "poor_villages_total": 3})
    );
}

#[tokio::test]
async fn illegal_moves_answer_409_and_change_nothing() {
    let app = spawn_app().await;
    let (_admin, ids) = setup(&app).await;
    let hr = app.staff("hr@example.com", "hr").await;
    let round = open_round(&app, &hr, 2026).await;
    let me = villager(&app, "villager@example.com", 1).await;
    let other = villager(&app, "other@example.com", 9).await;
    let apply = format!("/api/v1/village-plan/rounds/{round}/apply");
    let east = json!({"village_id": ids["430101001001"]});
    let mine = id_of(app.post_auth(&apply, &me, &east).await).await;

    let before = app.snapshot().await;
    let admission = json!({"institution": "湖南农业大学", "programme": "现代农业技术"});
    assert_problem(
        step(&app, &hr, &mine, "admit", admission.clone()).await,
        409,
        "invalid_transition",
    )
    .await;
    assert_problem(
        step(&app, &hr, &mine, "not-admit", json!({})).await,
        409,
        "invalid_transition",
    )
    .await;
    assert_problem(app.post_auth(&apply, &me, &east).await, 409, "already_registered").await;
    // HR cannot enter the same person either (same ID number as the applicant's profile).
    assert_problem(
        enter(&app, &hr, &round, 1, &ids["430101001001"], None).await,
        409,
        "already_registered",
    )
    .await;
    // Someone else's candidacy is not theirs to withdraw.
    assert_problem(step(&app, &other, &mine, "withdraw", json!({})).await, 404, "not_found").await;
    assert_problem(
        app.post_auth(&format!("/api/v1/village-plan/rounds/{round}/open"), &hr, &json!({}))
            .await,
        409,
        "invalid_transition",
    )
    .await;
    assert_eq!(app.snapshot().await, before);

    assert_eq!(
        step(&app, &hr, &mine, "decline", json!({"reason": "名额有限"}))
            .await
            .status(),
        200
    );
    assert_problem(
        step(&app, &hr, &mine, "recommend", json!({})).await,
        409,
        "invalid_transition",
    )
    .await;
    assert_problem(
        step(&app, &me, &mine, "withdraw", json!({})).await,
        409,
        "invalid_transition",
    )
    .await;

    // A withdrawn candidacy frees the person to apply again; a closed round takes no applications.
    let theirs = id_of(app.post_auth(&apply, &other, &east).await).await;
    assert_eq!(step(&app, &other, &theirs, "withdraw", json!({})).await.status(), 200);
    assert_eq!(app.post_auth(&apply, &other, &east).await.status(), 201);
    assert_eq!(
        app.post_auth(&format!("/api/v1/village-plan/rounds/{round}/close"), &hr, &json!({}))
            .await
            .status(),
        200
    );
    let late = villager(&app, "late@example.com", 11).await;
    assert_problem(app.post_auth(&apply, &late, &east).await, 409, "signup_closed").await;
    // An admission needs institution and programme.
    let c = id_of(enter(&app, &hr, &round, 12, &ids["430101001001"], None).await).await;
    assert_eq!(step(&app, &hr, &c, "recommend", json!({})).await.status(), 200);
    let body = assert_problem(
        step(&app, &hr, &c, "admit", json!({"institution": " ", "programme": ""})).await,
        400,
        "validation_failed",
    )
    .await;
    assert_eq!(body["errors"].as_array().unwrap().len(), 2);
    // One round per year.
    let res = app
        .post_auth(
            "/api/v1/village-plan/rounds",
            &hr,
            &json!({"year": 2026, "title": "重复"}),
        )
        .await;
    assert_problem(res, 409, "value_taken").await;
}

#[tokio::test]
async fn one_candidacy_per_person_and_round_under_concurrency() {
    let app = spawn_app().await;
    let (_admin, ids) = setup(&app).await;
    let hr = app.staff("hr@example.com", "hr").await;
    let round = open_round(&app, &hr, 2026).await;
    let village = ids["430101001001"].clone();
    let tries = (0..50).map(|_| enter(&app, &hr, &round, 7, &village, None));
    let mut answers = Vec::new();
    for res in futures_util::future::join_all(tries).await {
        let status = res.status().as_u16();
        let body: Value = res.json().await.unwrap();
        answers.push((status, body["code"].as_str().unwrap_or("").to_string()));
    }
    assert_eq!(answers.iter().filter(|(s, _)| *s == 201).count(), 1, "{answers:?}");
    // Refused by the rule under the person's lock, not by the unique index (which says `conflict`).
    assert!(
        answers
            .iter()
            .all(|(s, c)| *s == 201 || (*s == 409 && c == "already_registered")),
        "{answers:?}"
    );
    let stored: i64 = app
        .db
        .run(|conn| Ok(village_plan_candidates::table.count().get_result(conn)?))
        .await
        .unwrap();
    assert_eq!(stored, 1);
}

#[tokio::test]
async fn who_may_call_what() {
    let app = spawn_app().await;
    let (admin, ids) = setup(&app).await;
    let hr = app.staff("hr@example.com", "hr").await;
    let round = open_round(&app, &hr, 2026).await;
    let applicant = villager(&app, "villager@example.com", 1).await;
    let cast: Vec<(&'static str, Option<String>)> = vec![
        ("anonymous", None),
        ("applicant", Some(applicant)),
        ("employer", Some(app.staff("boss@example.com", "employer").await)),
        ("hr", Some(hr.clone())),
        ("finance", Some(app.staff("finance@example.com", "finance").await)),
        ("admin", Some(admin)),
    ];
    let v = &ids["430101002003"];
    let missing = "00000000-0000-0000-0000-000000000000";
    let bad_village = json!({"township_id": "x", "code": "!", "name": "", "kind": "village", "poor_village": false});
    let table: Vec<(Method, String, Option<Value>, [u16; 6])> = vec![
        (
            Method::GET,
            "/api/v1/townships".into(),
            None,
            [200, 200, 200, 200, 200, 200],
        ),
        (
            Method::GET,
            "/api/v1/villages?year=2026".into(),
            None,
            [200, 200, 200, 200, 200, 200],
        ),
        (
            Method::GET,
            format!("/api/v1/villages/{v}"),
            None,
            [200, 200, 200, 200, 200, 200],
        ),
        (
            Method::POST,
            "/api/v1/townships".into(),
            Some(json!({"code": "", "name": ""})),
            [401, 403, 403, 403, 403, 400],
        ),
        (
            Method::POST,
            "/api/v1/villages".into(),
            Some(bad_village.clone()),
            [401, 403, 403, 403, 403, 400],
        ),
        (
            Method::PUT,
            format!("/api/v1/villages/{v}"),
            Some(bad_village),
            [401, 403, 403, 403, 403, 400],
        ),
        (
            Method::POST,
            format!("/api/v1/villages/{v}/merge"),
            Some(json!({"into_village_id": missing, "year": 2026})),
            [401, 403, 403, 403, 403, 400],
        ),
        (
            Method::POST,
            format!("/api/v1/villages/{v}/unmerge"),
            None,
            [401, 403, 403, 403, 403, 409],
        ),
        (
            Method::GET,
            "/api/v1/village-plan/rounds".into(),
            None,
            [200, 200, 200, 200, 200, 200],
        ),
        (
            Method::GET,
            format!("/api/v1/village-plan/rounds/{round}"),
            None,
            [200, 200, 200, 200, 200, 200],
        ),
        (
            Method::POST,
            "/api/v1/village-plan/rounds".into(),
            Some(json!({"year": 1990, "title": ""})),
            [401, 403, 403, 400, 403, 403],
        ),
        (
            Method::POST,
            format!("/api/v1/village-plan/rounds/{round}/close"),
            None,
            [401, 403, 403, 200, 403, 403],
        ),
        (
            Method::POST,
            format!("/api/v1/village-plan/rounds/{round}/open"),
            None,
            [401, 403, 403, 200, 403, 403],
        ),
        (
            Method::GET,
            format!("/api/v1/village-plan/rounds/{round}/candidates"),
            None,
            [401, 403, 403, 200, 403, 200],
        ),
        (
            Method::GET,
            format!("/api/v1/village-plan/rounds/{round}/coverage"),
            None,
            [401, 403, 403, 200, 403, 200],
        ),
        (
            Method::GET,
            "/api/v1/village-plan/figures?from=2026&to=2026".into(),
            None,
            [401, 403, 403, 200, 200, 200],
        ),
        (
            Method::GET,
            "/api/v1/village-plan/candidacies/mine".into(),
            None,
            [401, 200, 403, 403, 403, 403],
        ),
        (
            Method::POST,
            format!("/api/v1/village-plan/rounds/{round}/apply"),
            Some(json!({"village_id": missing})),
            [401, 400, 403, 403, 403, 403],
        ),
        (
            Method::POST,
            format!("/api/v1/village-plan/rounds/{round}/candidates"),
            Some(json!({"full_name": "", "id_number": "1", "phone": "1", "village_id": v})),
            [401, 403, 403, 400, 403, 403],
        ),
        (
            Method::POST,
            format!("/api/v1/village-plan/candidates/{missing}/recommend"),
            None,
            [401, 403, 403, 404, 403, 403],
        ),
        (
            Method::POST,
            format!("/api/v1/village-plan/candidates/{missing}/admit"),
            Some(json!({"institution": "a", "programme": "b"})),
            [401, 403, 403, 404, 403, 403],
        ),
        (
            Method::POST,
            format!("/api/v1/village-plan/candidates/{missing}/withdraw"),
            None,
            [401, 404, 403, 403, 403, 403],
        ),
    ];
    expect_access(&app, &cast, table).await;
    // A draft round is staff-only.
    let res = app
        .post_auth(
            "/api/v1/village-plan/rounds",
            &hr,
            &json!({"year": 2027, "title": "2027年"}),
        )
        .await;
    let draft = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string();
    let res = send(
        &app,
        Method::GET,
        &format!("/api/v1/village-plan/rounds/{draft}"),
        None,
        None,
    )
    .await;
    assert_eq!(res.status(), 404);
}
