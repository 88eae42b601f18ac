//! Allowance rosters: whole-file imports (5,000 rows, bad cells, numbers typed as numbers,
//! duplicates in a file and across batches, GBK CSV, title rows, empty, binary, too large, a server
//! process killed mid-import), the annotated error workbook, submit and approval with budget races,
//! and the payouts they create.

use crate::helpers::*;
use crate::process::ServerProcess;
use crate::subsidies::{active_policy, policy_body};
use reqwest::multipart::{Form, Part};
use rust_xlsxwriter::Workbook;
use serde_json::{json, Value};

/// A valid ID number for person `i` (unique up to a few million).
pub fn person_id(i: u32) -> String {
    let birth = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap() + chrono::Duration::days(i64::from(i / 1000));
    crate::subsidies::id_number("430623", &birth.format("%Y%m%d").to_string(), i % 1000)
}

const HEADER: [&str; 8] = [
    "姓名",
    "身份证号",
    "工作单位",
    "岗位",
    "金额（元）",
    "开户银行",
    "银行账号",
    "备注",
];

pub fn row(i: u32, yuan: &str) -> Vec<String> {
    let hospital = ["县人民医院", "县中医院", "县妇幼保健院"][(i % 3) as usize];
    let role = if i % 2 == 0 { "医生" } else { "护士" };
    vec![
        format!("医护{i}"),
        person_id(i),
        hospital.into(),
        role.into(),
        yuan.into(),
        "中国农业银行".into(),
        "6228480402564890018".into(),
        String::new(),
    ]
}

/// An XLSX roster with a title row; `numeric_id` stores one row's ID as a number.
pub fn xlsx(rows: &[Vec<String>], numeric_id: Option<usize>) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet
        .write_string(0, 0, "2020年一线医务人员临时工作补助（第1批）")
        .unwrap();
    for (c, h) in HEADER.iter().enumerate() {
        sheet.write_string(1, c as u16, *h).unwrap();
    }
    for (r, cells) in rows.iter().enumerate() {
        for (c, v) in cells.iter().enumerate() {
            if numeric_id == Some(r) && c == 1 {
                sheet
                    .write_number((r + 2) as u32, c as u16, v[..17].parse::<f64>().unwrap())
                    .unwrap();
            } else {
                sheet.write_string((r + 2) as u32, c as u16, v).unwrap();
            }
        }
    }
    book.save_to_buffer().unwrap()
}

pub async fn import(app: &TestApp, hr: &str, batch: &str, bytes: Vec<u8>, name: &str) -> reqwest::Response {
    let form = Form::new().part("file", Part::bytes(bytes).file_name(name.to_string()));
    app.client
        .post(app.url(&format!("/api/v1/allowance-batches/{batch}/import")))
        .bearer_auth(hr)
        .multipart(form)
        .send()
        .await
        .unwrap()
}

/// A roster policy (up to 2,000 yuan a row) with a budget of `budget_yuan`; returns (admin, hr, finance, policy).
pub async fn setup(app: &TestApp, budget_yuan: i64) -> (String, String, String, String) {
    let admin = app.admin("admin@example.com").await;
    let hr = app.staff("hr@example.com", "hr").await;
    let finance = app.staff("finance@example.com", "finance").await;
    let mut body = policy_body("YHBZ-2020", budget_yuan);
    body["name"] = json!("一线医务人员临时工作补助");
    body["kind"] = json!("roster");
    body["amount_fen"] = json!(200_000);
    body["eligibility"] = json!([]);
    body["required_attachments"] = json!([]);
    let policy = active_policy(app, &admin, &body).await;
    // The rosters pay for 2020.
    let res = app
        .client
        .put(app.url(&format!("/api/v1/subsidy-policies/{policy}/budgets/2020")))
        .bearer_auth(&admin)
        .json(&json!({"budget_fen": budget_yuan * 100}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    (admin, hr, finance, policy)
}

pub async fn batch(app: &TestApp, hr: &str, policy: &str, no: i32, period: &str) -> String {
    let res = app
        .post_auth(
            "/api/v1/allowance-batches",
            hr,
            &json!({"policy_id": policy, "batch_no": no, "period": period, "title": format!("第{no}批")}),
        )
        .await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap_or_default());
    res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string()
}

async fn get(app: &TestApp, token: &str, path: &str) -> Value {
    app.get_auth(path, token).await.json().await.unwrap()
}

#[tokio::test]
async fn a_5000_row_roster_imports_whole_and_one_bad_cell_refuses_it_all() {
    let app = spawn_app().await;
    let (_, hr, finance, policy) = setup(&app, 100_000_000).await;
    let id = batch(&app, &hr, &policy, 1, "2020-02").await;

    // One bad cell among 5,000: nothing stored, the report names row and column.
    let mut rows: Vec<Vec<String>> = (0..5000).map(|i| row(i, "1500.00")).collect();
    rows[4321][4] = "12.345".into();
    let problem = assert_problem(
        import(&app, &hr, &id, xlsx(&rows, None), "第1批.xlsx").await,
        422,
        "file_rejected",
    )
    .await;
    assert_eq!(problem["rows"].as_array().unwrap().len(), 1);
    assert_eq!(
        problem["rows"][0]["row"], 4324,
        "title row, header, then the 4,322nd data row"
    );
    assert_eq!(problem["rows"][0]["column"], "金额（元）");
    assert_eq!(
        get(&app, &hr, &format!("/api/v1/allowance-batches/{id}")).await["row_count"],
        0
    );
    // The annotated workbook carries the error next to the row.
    let res = app
        .get_auth(&format!("/api/v1/allowance-batches/{id}/import-errors.xlsx"), &hr)
        .await;
    assert_eq!(res.status(), 200);
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(res.bytes().await.unwrap().to_vec())).unwrap();
    use calamine::Reader;
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let annotated: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    let bad = annotated.iter().find(|r| r[0] == "4324").unwrap();
    assert!(bad.last().unwrap().contains("两位小数"), "{bad:?}");

    // The fixed file imports whole.
    rows[4321][4] = "1500.00".into();
    let res = import(&app, &hr, &id, xlsx(&rows, None), "第1批.xlsx").await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap_or_default());
    let view = get(&app, &hr, &format!("/api/v1/allowance-batches/{id}")).await;
    assert_eq!(
        (view["row_count"].as_i64(), view["total_fen"].as_i64()),
        (Some(5000), Some(750_000_000))
    );
    assert_eq!(view["by_employer"].as_array().unwrap().len(), 3);
    assert_eq!(view["has_import_errors"], false);
    let page = get(
        &app,
        &finance,
        &format!("/api/v1/allowance-batches/{id}/rows?q=医护4999"),
    )
    .await;
    assert_eq!(page["total"], 1);
    assert_eq!(page["items"][0]["id_number_masked"].as_str().unwrap().len(), 18);
    assert!(!page.to_string().contains("6228480402564890018") && !page.to_string().contains(&person_id(4999)));
}

#[tokio::test]
async fn bad_files_are_refused_with_their_reason_and_nothing_is_stored() {
    let app = spawn_app().await;
    let (_, hr, _, policy) = setup(&app, 1_000_000).await;
    let first = batch(&app, &hr, &policy, 1, "2020-02").await;
    let rows: Vec<Vec<String>> = (0..3).map(|i| row(i, "1000")).collect();
    assert_eq!(
        import(&app, &hr, &first, xlsx(&rows, None), "a.xlsx").await.status(),
        200
    );
    let second = batch(&app, &hr, &policy, 2, "2020-02").await;

    let codes = |p: &Value| {
        p["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["code"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    // An ID typed as a number; the same person twice; someone already in batch 1 for February.
    let mut more: Vec<Vec<String>> = (10..13).map(|i| row(i, "1000")).collect();
    more.push(row(10, "1000"));
    more.push(row(0, "1000"));
    let p = assert_problem(
        import(&app, &hr, &second, xlsx(&more, Some(1)), "b.xlsx").await,
        422,
        "file_rejected",
    )
    .await;
    assert_eq!(codes(&p), ["number_cell", "duplicate_in_file", "paid_in_other_batch"]);
    assert!(p["rows"][0]["message"].as_str().unwrap().contains("文本"));
    assert!(p["rows"][2]["message"].as_str().unwrap().contains("第1批"));
    // Over the cap, a bad ID, a short account.
    let mut bad = vec![row(20, "2500"), row(21, "100"), row(22, "100")];
    bad[1][1] = "430623197001010000".into();
    bad[2][6] = "1234".into();
    let p = assert_problem(
        import(&app, &hr, &second, xlsx(&bad, None), "c.xlsx").await,
        422,
        "file_rejected",
    )
    .await;
    assert_eq!(codes(&p), ["over_cap", "invalid_id_number", "invalid_account"]);
    assert_eq!(
        get(&app, &hr, &format!("/api/v1/allowance-batches/{second}")).await["row_count"],
        0
    );

    // Not a spreadsheet, empty, too large.
    for bytes in [b"\x00\x01\x02\x03binary".to_vec(), b"".to_vec()] {
        assert_problem(
            import(&app, &hr, &second, bytes, "x.bin").await,
            400,
            "validation_failed",
        )
        .await;
    }
    assert_problem(
        import(&app, &hr, &second, vec![b'a'; 20 << 20], "big.csv").await,
        413,
        "payload_too_large",
    )
    .await;

    // A GBK CSV with a title row, English headers and another period: accepted.
    let third = batch(&app, &hr, &policy, 3, "2020-03").await;
    let mut csv = String::from("2020年3月名单\nname,id_number,employer,role,amount,bank,bank_account,note\n");
    for i in 0..3 {
        csv.push_str(&format!(
            "医护{i},{},县中医院,护士,800.5,中国银行,6228480402564890018,\n",
            person_id(i)
        ));
    }
    let (gbk, _, _) = encoding_rs::GBK.encode(&csv);
    let res = import(&app, &hr, &third, gbk.into_owned(), "三月.csv").await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap_or_default());
    assert_eq!(res.json::<Value>().await.unwrap()["total_fen"], 240_150);
    let template = app.get_auth("/api/v1/allowance-batches/template.xlsx", &hr).await;
    assert_eq!(template.status(), 200);
    assert!(template.bytes().await.unwrap().starts_with(b"PK"));
}

#[tokio::test]
async fn approval_reserves_the_budget_under_races_and_creates_one_payout_per_row() {
    let app = spawn_app().await;
    // Six batches of 3 × 1,000 yuan; the budget fits two.
    let (_, hr, finance, policy) = setup(&app, 6_000).await;
    let mut ids = Vec::new();
    for n in 0..6u32 {
        let id = batch(&app, &hr, &policy, n as i32 + 1, &format!("2020-{:02}", n + 1)).await;
        let rows: Vec<Vec<String>> = (n * 10..n * 10 + 3).map(|i| row(i, "1000")).collect();
        assert_eq!(import(&app, &hr, &id, xlsx(&rows, None), "r.xlsx").await.status(), 200);
        let res = app
            .post_auth(&format!("/api/v1/allowance-batches/{id}/submit"), &hr, &json!({}))
            .await;
        assert_eq!(res.status(), 200, "{}", res.text().await.unwrap_or_default());
        ids.push(id);
    }
    // HR cannot approve; an empty reason is refused; refusing returns the batch to HR.
    assert_problem(
        app.post_auth(
            &format!("/api/v1/allowance-batches/{}/approve", ids[5]),
            &hr,
            &json!({}),
        )
        .await,
        403,
        "forbidden",
    )
    .await;
    assert_problem(
        app.post_auth(
            &format!("/api/v1/allowance-batches/{}/reject", ids[5]),
            &finance,
            &json!({"reason": ""}),
        )
        .await,
        400,
        "validation_failed",
    )
    .await;
    let back: Value = app
        .post_auth(
            &format!("/api/v1/allowance-batches/{}/reject", ids[5]),
            &finance,
            &json!({"reason": "第3行金额有误"}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (back["status"].as_str(), back["reject_reason"].as_str()),
        (Some("draft"), Some("第3行金额有误"))
    );

    let mut tasks = Vec::new();
    for id in &ids[..5] {
        let (client, url, token) = (
            app.client.clone(),
            app.url(&format!("/api/v1/allowance-batches/{id}/approve")),
            finance.clone(),
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
    let mut codes = Vec::new();
    for t in tasks {
        codes.push(t.await.unwrap());
    }
    assert_eq!(codes.iter().filter(|c| **c == 200).count(), 2, "{codes:?}");
    assert_eq!(codes.iter().filter(|c| **c == 409).count(), 3, "{codes:?}");
    let b: Value = get(
        &app,
        &finance,
        &format!("/api/v1/subsidy-policies/{policy}/budget?year=2020"),
    )
    .await;
    assert_eq!(
        (b["reserved_fen"].as_i64(), b["remaining_fen"].as_i64()),
        (Some(600_000), Some(0))
    );
    let pending = get(
        &app,
        &finance,
        &format!("/api/v1/payouts?status=pending&policy_id={policy}"),
    )
    .await;
    assert_eq!(
        (pending["total"].as_i64(), pending["total_fen"].as_i64()),
        (Some(6), Some(600_000))
    );
    assert_eq!(pending["items"][0]["source_kind"], "roster_row");
}

/// A 20,000-row CSV (the most one import takes) paying `yuan` a row.
fn big_csv(yuan: &str) -> Vec<u8> {
    let mut out = HEADER.join(",");
    for i in 0..MAX_IMPORT_ROWS {
        out.push('\n');
        out.push_str(&row(i, yuan).join(","));
    }
    out.into_bytes()
}

const MAX_IMPORT_ROWS: u32 = 20_000;

async fn process_import(address: String, hr: String, batch: String) -> reqwest::Result<reqwest::Response> {
    let form = Form::new().part("file", Part::bytes(big_csv("1500")).file_name("第N批.csv"));
    reqwest::Client::new()
        .post(format!("{address}/api/v1/allowance-batches/{batch}/import"))
        .bearer_auth(hr)
        .multipart(form)
        .send()
        .await
}

/// (row count, total) as stored, read by the test's own connection.
async fn stored(app: &TestApp, hr: &str, batch: &str) -> (i64, i64) {
    let view = get(app, hr, &format!("/api/v1/allowance-batches/{batch}")).await;
    (view["row_count"].as_i64().unwrap(), view["total_fen"].as_i64().unwrap())
}

/// The server process is killed (SIGKILL) at several instants of a 20,000-row import: every time
/// the batch holds all rows or none, and a restarted server imports the same file whole.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_killed_midway_stores_all_rows_or_none() {
    let app = spawn_app().await;
    let (_, hr, _, policy) = setup(&app, 100_000_000).await;
    let whole = (i64::from(MAX_IMPORT_ROWS), i64::from(MAX_IMPORT_ROWS) * 150_000);

    // How long an uninterrupted import takes on this machine, in this run.
    let first = batch(&app, &hr, &policy, 1, "2020-01").await;
    let server = ServerProcess::start(&app).await;
    let started = std::time::Instant::now();
    let res = process_import(server.address.clone(), hr.clone(), first.clone())
        .await
        .unwrap();
    let took = started.elapsed();
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap_or_default());
    assert_eq!(stored(&app, &hr, &first).await, whole);
    drop(server);

    let mut none = 0;
    for (n, percent) in [25u32, 50, 75].into_iter().enumerate() {
        let no = 2 + n as i32;
        let id = batch(&app, &hr, &policy, no, &format!("2020-{:02}", no)).await;
        let mut server = ServerProcess::start(&app).await;
        let upload = tokio::spawn(process_import(server.address.clone(), hr.clone(), id.clone()));
        tokio::time::sleep(took * percent / 100).await;
        server.kill();
        let answered = upload.await.unwrap().map(|r| r.status().as_u16()).ok();
        let after = stored(&app, &hr, &id).await;
        assert!(
            after == (0, 0) || after == whole,
            "killed at {percent}% of an import: {after:?} stored (answer {answered:?})"
        );
        if after == (0, 0) {
            none += 1;
            if none > 1 {
                continue;
            }
            // Nothing half-written is left behind: a new process imports the same file whole.
            let server = ServerProcess::start(&app).await;
            let res = process_import(server.address.clone(), hr.clone(), id.clone())
                .await
                .unwrap();
            assert_eq!(res.status(), 200, "{}", res.text().await.unwrap_or_default());
            assert_eq!(stored(&app, &hr, &id).await, whole);
        }
    }
    assert!(
        none > 0,
        "no kill landed before the import committed ({took:?} per import): nothing was tested"
    );
}
