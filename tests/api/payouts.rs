//! Payouts: awards handed to the ledger, batches with four eyes, bank files read back, results
//! applied all or nothing, a failure paid in a second batch, idempotency keys, and never twice.

use crate::helpers::*;
use crate::subsidies::{active_policy, approved_applications, budget, ok, policy_body};
use calamine::{Data, Reader, Xlsx};
use reqwest::multipart::{Form, Part};
use serde_json::{json, Value};

/// `n` awarded applications of `yuan` each under a fresh policy; returns (admin, hr, finance A,
/// finance B, policy id).
pub async fn awarded(app: &TestApp, n: u32, yuan: i64) -> (String, String, String, String, String) {
    let admin = app.admin("admin@example.com").await;
    let hr = app.staff("hr@example.com", "hr").await;
    let a = app.staff("finance-a@example.com", "finance").await;
    let b = app.staff("finance-b@example.com", "finance").await;
    let policy = active_policy(app, &admin, &policy_body("CXCY-2026", 100_000)).await;
    let ids = approved_applications(app, &hr, &policy, n, yuan).await;
    for id in &ids {
        ok(app, &b, id, "finance-approve", json!({})).await;
    }
    let res = app
        .post_auth(
            "/api/v1/subsidy-notices",
            &hr,
            &json!({"policy_id": policy, "application_ids": ids}),
        )
        .await;
    assert_eq!(res.status(), 201);
    app.clock.advance(chrono::Duration::days(7));
    for _ in 0..100 {
        let page: Value = app
            .get_auth("/api/v1/subsidy-applications?status=awarded", &hr)
            .await
            .json()
            .await
            .unwrap();
        if page["total"] == n {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    (admin, hr, a, b, policy)
}

pub async fn payouts(app: &TestApp, token: &str, query: &str) -> Value {
    app.get_auth(&format!("/api/v1/payouts?{query}"), token)
        .await
        .json()
        .await
        .unwrap()
}

async fn post_key(app: &TestApp, path: &str, token: &str, key: &str, body: &Value) -> reqwest::Response {
    app.client
        .post(app.url(path))
        .bearer_auth(token)
        .header("Idempotency-Key", key)
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn upload(app: &TestApp, batch: &str, token: &str, csv: &str) -> reqwest::Response {
    let form = Form::new().part("file", Part::bytes(csv.as_bytes().to_vec()).file_name("结果.csv"));
    app.client
        .post(app.url(&format!("/api/v1/payout-batches/{batch}/results")))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap()
}

async fn bytes(app: &TestApp, path: &str, token: &str) -> Vec<u8> {
    let res = app.get_auth(path, token).await;
    assert_eq!(res.status(), 200, "{path}");
    res.bytes().await.unwrap().to_vec()
}

#[tokio::test]
async fn a_failed_payout_is_paid_in_a_second_batch_and_counted_once() {
    let app = spawn_app().await;
    let (admin, hr, a, b, policy) = awarded(&app, 2, 3000).await;

    // The awards are in the ledger, with the account as it was (masked).
    let ledger = payouts(&app, &a, "status=pending").await;
    assert_eq!(
        (ledger["total"].as_i64(), ledger["total_fen"].as_i64()),
        (Some(2), Some(600_000))
    );
    assert_eq!(ledger["items"][0]["bank_account_masked"], "***************0018");
    assert!(!ledger.to_string().contains("6228480402564890018"));

    // A builds, A may not approve, B approves.
    let res = app
        .post_auth("/api/v1/payout-batches", &a, &json!({"policy_id": policy}))
        .await;
    assert_eq!(res.status(), 201);
    let batch: Value = res.json().await.unwrap();
    let id = batch["id"].as_str().unwrap().to_string();
    assert_eq!(
        (batch["count"].as_i64(), batch["total_fen"].as_i64()),
        (Some(2), Some(600_000))
    );
    assert_problem(
        app.post_auth(&format!("/api/v1/payout-batches/{id}/approve"), &a, &json!({}))
            .await,
        409,
        "same_person",
    )
    .await;
    assert_problem(
        app.post_auth(&format!("/api/v1/payout-batches/{id}/approve"), &hr, &json!({}))
            .await,
        403,
        "forbidden",
    )
    .await;
    // The admin configures but never approves money.
    assert_problem(
        app.post_auth(&format!("/api/v1/payout-batches/{id}/approve"), &admin, &json!({}))
            .await,
        403,
        "forbidden",
    )
    .await;
    assert_problem(
        app.get_auth(&format!("/api/v1/payout-batches/{id}/bank-file"), &b)
            .await,
        409,
        "invalid_transition",
    )
    .await;
    assert_eq!(
        app.post_auth(&format!("/api/v1/payout-batches/{id}/approve"), &b, &json!({}))
            .await
            .status(),
        200
    );

    // The bank file: account cells are text, amounts are fen/100 exactly, references match.
    let xlsx = bytes(&app, &format!("/api/v1/payout-batches/{id}/bank-file?format=xlsx"), &b).await;
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx)).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<Vec<Data>> = sheet.rows().map(|r| r.to_vec()).collect();
    assert_eq!(rows[0][1], Data::String("收款人账号".into()));
    assert_eq!(
        rows[1][1],
        Data::String("6228480402564890018".into()),
        "account as text"
    );
    assert_eq!(rows[1][4], Data::String("3000.00".into()));
    assert_eq!(rows[3][4], Data::String("6000.00".into()), "total row");
    let refs: Vec<String> = rows[1..3].iter().map(|r| r[6].to_string()).collect();
    let ledger = payouts(&app, &a, &format!("batch_id={id}")).await;
    let mut known: Vec<String> = ledger["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["reference"].as_str().unwrap().to_string())
        .collect();
    let mut got = refs.clone();
    known.sort();
    got.sort();
    assert_eq!(known, got);
    let csv = bytes(&app, &format!("/api/v1/payout-batches/{id}/bank-file?format=csv"), &b).await;
    let (text, _, bad) = encoding_rs::GBK.decode(&csv);
    assert!(!bad && text.contains("刘大伟") && text.lines().last().unwrap().starts_with("合计,2笔,,,6000.00"));

    // A result file with an unknown reference is refused whole, naming the row.
    let bad_file = format!(
        "备注,结果,失败原因,银行流水号\n{},成功,,B1\nJX-NOPE,成功,,B2\n",
        refs[0]
    );
    let problem = assert_problem(upload(&app, &id, &a, &bad_file).await, 422, "file_rejected").await;
    assert_eq!(problem["rows"][0]["row"], 3);
    assert_eq!(problem["rows"][0]["code"], "unknown_reference");
    assert_eq!(payouts(&app, &a, "status=paid").await["total"], 0, "nothing applied");

    // One paid, one failed.
    let file = format!(
        "第1批代发结果\n备注,结果,失败原因,银行流水号\n{},成功,,B1\n{},失败,户名与账号不符,\n",
        refs[0], refs[1]
    );
    let res = upload(&app, &id, &a, &file).await;
    assert_eq!(res.status(), 200);
    let outcome: Value = res.json().await.unwrap();
    assert_eq!(
        (
            outcome["paid"].as_i64(),
            outcome["failed"].as_i64(),
            outcome["closed"].as_bool()
        ),
        (Some(1), Some(1), Some(true))
    );
    // The same file again changes nothing: the batch closed with it.
    assert_problem(upload(&app, &id, &a, &file).await, 409, "invalid_transition").await;
    let b1 = budget(&app, &a, &policy).await;
    assert_eq!(
        (b1["paid_fen"].as_i64(), b1["reserved_fen"].as_i64()),
        (Some(300_000), Some(300_000))
    );
    let told = |mails: &[String]| {
        mails.iter().any(|s| s.starts_with("补贴已发放")) && mails.iter().any(|s| s.starts_with("补贴发放未成功"))
    };
    let mut mails = Vec::new();
    for _ in 0..100 {
        mails = app.mail().all().iter().map(|m| m.subject()).collect();
        if told(&mails) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(told(&mails), "paid and failed mails: {mails:?}");

    // The failure waits for a later batch; B builds it, A approves, A marks it paid once.
    let failed = payouts(&app, &a, "status=pending").await;
    assert_eq!(failed["items"][0]["last_failure"], "户名与账号不符");
    let payout = failed["items"][0]["id"].as_str().unwrap().to_string();
    let res = post_key(
        &app,
        "/api/v1/payout-batches",
        &b,
        "build-2",
        &json!({"payout_ids": [payout]}),
    )
    .await;
    assert_eq!(res.status(), 201);
    let second: Value = res.json().await.unwrap();
    let replay = post_key(
        &app,
        "/api/v1/payout-batches",
        &b,
        "build-2",
        &json!({"payout_ids": [payout]}),
    )
    .await;
    assert_eq!(replay.status(), 201);
    assert_eq!(replay.headers().get("idempotency-replayed").unwrap(), "true");
    assert_eq!(
        replay.json::<Value>().await.unwrap()["id"],
        second["id"],
        "the same answer, no second batch"
    );
    let second = second["id"].as_str().unwrap().to_string();
    assert_eq!(
        app.post_auth(&format!("/api/v1/payout-batches/{second}/approve"), &a, &json!({}))
            .await
            .status(),
        200
    );
    bytes(
        &app,
        &format!("/api/v1/payout-batches/{second}/bank-file?format=txt"),
        &a,
    )
    .await;
    let res = post_key(
        &app,
        &format!("/api/v1/payouts/{payout}/mark-paid"),
        &a,
        "pay-1",
        &json!({"bank_reference": "B9"}),
    )
    .await;
    assert_eq!(res.status(), 200);
    let other = post_key(
        &app,
        &format!("/api/v1/payouts/{payout}/mark-paid"),
        &a,
        "pay-1",
        &json!({"bank_reference": "B10"}),
    )
    .await;
    assert_problem(other, 422, "idempotency_key_reused").await;
    assert_problem(
        app.post_auth(
            &format!("/api/v1/payouts/{payout}/mark-failed"),
            &a,
            &json!({"reason": "x"}),
        )
        .await,
        409,
        "invalid_transition",
    )
    .await;

    let one: Value = app
        .get_auth(&format!("/api/v1/payouts/{payout}"), &a)
        .await
        .json()
        .await
        .unwrap();
    let attempts: Vec<&str> = one["attempts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        (one["status"].as_str(), attempts),
        (Some("paid"), vec!["failed", "paid"])
    );
    let b2 = budget(&app, &a, &policy).await;
    assert_eq!(
        (b2["paid_fen"].as_i64(), b2["reserved_fen"].as_i64()),
        (Some(600_000), Some(0)),
        "paid once each"
    );

    // The summary and the reconciliation add up to the ledger.
    let summary: Value = app
        .get_auth(
            &format!("/api/v1/payouts/summary?year={}", crate::subsidies::year()),
            &a,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(summary[0]["paid"], json!({"count": 2, "amount_fen": 600_000}));
    assert_eq!(summary[0]["paid_budget_fen"], 600_000);
    let rec: Value = app
        .get_auth(&format!("/api/v1/payout-batches/{id}/reconciliation"), &a)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(rec["paid"], json!({"count": 1, "amount_fen": 300_000}));
    assert_eq!(rec["failed"], json!({"count": 1, "amount_fen": 300_000}));
    assert_eq!(rec["exported"]["count"], 2);
    let applicant = app.login("race0@example.com", PASSWORD).await;
    let mine: Value = app
        .get_auth("/api/v1/me/payouts", &applicant)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine[0]["status"], "paid");
    assert_problem(app.get_auth("/api/v1/payouts", &applicant).await, 403, "forbidden").await;
}

#[tokio::test]
async fn never_twice_under_concurrent_builds_and_marks() {
    let app = spawn_app().await;
    let (_admin, _hr, a, b, policy) = awarded(&app, 5, 1000).await;
    // 50 concurrent builds over the same five payouts: each payout lands in exactly one batch.
    let mut tasks = Vec::new();
    for i in 0..50 {
        let (client, url, token, p) = (
            app.client.clone(),
            app.url("/api/v1/payout-batches"),
            if i % 2 == 0 { a.clone() } else { b.clone() },
            policy.clone(),
        );
        tasks.push(tokio::spawn(async move {
            client
                .post(url)
                .bearer_auth(token)
                .json(&json!({"policy_id": p}))
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
    assert!(statuses.iter().all(|s| *s == 201 || *s == 409), "{statuses:?}");
    let ledger = payouts(&app, &a, "status=in_batch&per_page=100").await;
    assert_eq!(ledger["total"], 5);
    let mut open = 0;
    for p in ledger["items"].as_array().unwrap() {
        let open_attempts = p["attempts"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| t["status"] == "in_batch")
            .count();
        assert_eq!(open_attempts, 1, "one open attempt per payout");
        open += open_attempts;
    }
    assert_eq!(open, 5);

    // Approve and export every batch that got payouts, then 50 concurrent mark-paid of one payout.
    let batches: Value = app
        .get_auth("/api/v1/payout-batches?status=draft&per_page=100", &a)
        .await
        .json()
        .await
        .unwrap();
    for bt in batches["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|bt| bt["count"].as_i64() > Some(0))
    {
        let approver = if bt["created_by"] == app.user("finance-a@example.com").await.id {
            &b
        } else {
            &a
        };
        let id = bt["id"].as_str().unwrap();
        assert_eq!(
            app.post_auth(&format!("/api/v1/payout-batches/{id}/approve"), approver, &json!({}))
                .await
                .status(),
            200
        );
        bytes(&app, &format!("/api/v1/payout-batches/{id}/bank-file"), approver).await;
    }
    let exported = payouts(&app, &a, "status=exported").await;
    let ids: Vec<String> = exported["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_string())
        .collect();
    for (payout, with_key) in [(&ids[0], true), (&ids[1], false)] {
        let mut tasks = Vec::new();
        for _ in 0..50 {
            let mut req = app
                .client
                .post(app.url(&format!("/api/v1/payouts/{payout}/mark-paid")))
                .bearer_auth(&a)
                .json(&json!({"bank_reference": "B1"}));
            if with_key {
                req = req.header("Idempotency-Key", format!("mark-{payout}"));
            }
            tasks.push(tokio::spawn(async move { req.send().await.unwrap().status().as_u16() }));
        }
        let mut codes = Vec::new();
        for t in tasks {
            codes.push(t.await.unwrap());
        }
        assert!(codes.iter().all(|c| *c == 200 || *c == 409), "{codes:?}");
        if !with_key {
            assert_eq!(codes.iter().filter(|c| **c == 200).count(), 1, "{codes:?}");
        }
        let one: Value = app
            .get_auth(&format!("/api/v1/payouts/{payout}"), &a)
            .await
            .json()
            .await
            .unwrap();
        let paid = one["attempts"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| t["status"] == "paid")
            .count();
        assert_eq!((one["status"].as_str(), paid), (Some("paid"), 1));
    }
    let b1 = budget(&app, &a, &policy).await;
    assert_eq!(b1["paid_fen"], 200_000, "two payouts paid, each once");
}

#[tokio::test]
async fn an_account_changed_just_before_the_award_is_mailed_and_its_payout_waits_for_a_finance_look() {
    let app = spawn_app().await;
    let admin = app.admin("admin@example.com").await;
    let hr = app.staff("hr@example.com", "hr").await;
    let (a, b) = (
        app.staff("finance-a@example.com", "finance").await,
        app.staff("finance-b@example.com", "finance").await,
    );
    let policy = active_policy(&app, &admin, &policy_body("CXCY-2026", 100_000)).await;
    let ids = approved_applications(&app, &hr, &policy, 1, 2000).await;
    ok(&app, &a, &ids[0], "finance-approve", json!({})).await;
    let res = app
        .post_auth(
            "/api/v1/subsidy-notices",
            &hr,
            &json!({"policy_id": policy, "application_ids": ids}),
        )
        .await;
    let notice: Value = res.json().await.unwrap();
    let ends = chrono::DateTime::parse_from_rfc3339(notice["ends_at"].as_str().unwrap())
        .unwrap()
        .naive_utc();

    // An hour before the notice ends, the account changes (by its owner, or by someone else).
    app.clock.advance(ends - chrono::Duration::hours(1) - app.clock.now());
    let applicant = app.login("race0@example.com", PASSWORD).await;
    let profile: Value = app
        .get_auth("/api/v1/me/profile", &applicant)
        .await
        .json()
        .await
        .unwrap();
    let body = json!({
        "full_name": profile["full_name"], "phone": profile["phone"], "education": profile["education"],
        "categories": profile["categories"], "skills": profile["skills"], "current_employer": profile["current_employer"],
        "bank_name": "中国建设银行", "bank_account": "6217000010012345678"
    });
    let res = app
        .client
        .put(app.url("/api/v1/me/profile"))
        .bearer_auth(&applicant)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let mails = app.mail().wait_for("race0@example.com", 4).await;
    let changed = mails
        .iter()
        .find(|m| m.subject().starts_with("您的收款银行账户已变更"))
        .expect("account change mail");
    assert!(changed.text().contains("***************5678"), "{}", changed.text());

    // Awarded an hour after the notice ended: the payout is flagged and left out of a batch.
    app.clock.advance(chrono::Duration::hours(2));
    let mut ledger = Value::Null;
    for _ in 0..100 {
        ledger = payouts(&app, &a, "").await;
        if ledger["total"] == 1 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(ledger["items"][0]["flag"], "account_changed");
    assert_eq!(ledger["items"][0]["bank_account_masked"], "***************5678");
    let payout = ledger["items"][0]["id"].as_str().unwrap().to_string();
    assert_problem(
        app.post_auth("/api/v1/payout-batches", &a, &json!({"policy_id": policy}))
            .await,
        409,
        "nothing_to_batch",
    )
    .await;
    assert_problem(
        app.post_auth("/api/v1/payout-batches", &a, &json!({"payout_ids": [payout]}))
            .await,
        400,
        "validation_failed",
    )
    .await;
    // Finance looks, takes the account from the profile again, and the flag is gone.
    let refreshed: Value = app
        .post_auth(&format!("/api/v1/payouts/{payout}/refresh-account"), &b, &json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(refreshed["flag"], Value::Null);
    assert_eq!(
        app.post_auth("/api/v1/payout-batches", &a, &json!({"policy_id": policy}))
            .await
            .status(),
        201
    );
}
