//! A `juxian serve` process killed (SIGKILL) during a payout-batch approval and during a bank
//! results upload: afterwards each is either done or not done, never half. The roster import has
//! its own such test (`rosters::an_import_killed_midway_stores_all_rows_or_none`).

use crate::helpers::*;
use crate::payouts::{awarded, payouts};
use crate::process::ServerProcess;
use diesel::prelude::*;
use juxian::db::schema::{audit_events, outbox};
use reqwest::multipart::{Form, Part};
use serde_json::{json, Value};
use std::time::Duration;

/// Everything an approval or a results upload changes, as the database holds it.
async fn state(app: &TestApp, token: &str, batch: &str, policy: &str) -> Value {
    let view: Value = app
        .get_auth(&format!("/api/v1/payout-batches/{batch}"), token)
        .await
        .json()
        .await
        .unwrap();
    let mut ledger: Vec<Value> = payouts(app, token, "per_page=100").await["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| json!([p["id"], p["status"], p["attempts"]]))
        .collect();
    ledger.sort_by_key(|v| v[0].as_str().unwrap_or_default().to_string());
    let budget = crate::subsidies::budget(app, token, policy).await;
    let (events, mails): (i64, i64) = app
        .db
        .run(|conn| {
            Ok((
                audit_events::table.count().get_result(conn)?,
                outbox::table.count().get_result(conn)?,
            ))
        })
        .await
        .unwrap();
    json!({"batch": view["status"], "ledger": ledger, "reserved": budget["reserved_fen"],
        "paid": budget["paid_fen"], "events": events, "mails": mails})
}

/// Send the request to a fresh server process and kill it (SIGKILL) a little later, at ever later
/// instants, until one request got through; returns the state seen after each kill.
async fn kill_during<F>(app: &TestApp, send: F, token: &str, batch: &str, policy: &str) -> Vec<Value>
where
    F: Fn(String) -> reqwest::RequestBuilder,
{
    let mut seen = Vec::new();
    for ms in [0u64, 2, 5, 10, 20, 40, 80, 160, 320, 640] {
        let mut server = ServerProcess::start(app).await;
        let request = tokio::spawn(send(server.address.clone()).send());
        tokio::time::sleep(Duration::from_millis(ms)).await;
        server.kill();
        let answered = matches!(request.await, Ok(Ok(res)) if res.status().is_success());
        seen.push(state(app, token, batch, policy).await);
        if answered {
            break;
        }
    }
    seen
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn approval_and_results_upload_killed_midway_are_done_or_not_done() {
    let app = spawn_app().await;
    let (_admin, _hr, a, b, policy) = awarded(&app, 12, 1000).await;
    let res = app
        .post_auth("/api/v1/payout-batches", &a, &json!({"policy_id": policy}))
        .await;
    assert_eq!(res.status(), 201);
    let batch = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string();

    // The approval (B: four eyes).
    let before = state(&app, &b, &batch, &policy).await;
    let client = reqwest::Client::new();
    let approve = format!("/api/v1/payout-batches/{batch}/approve");
    let send = |base: String| client.post(format!("{base}{approve}")).bearer_auth(&b).json(&json!({}));
    let seen = kill_during(&app, send, &b, &batch, &policy).await;
    if seen.last() == Some(&before) {
        assert_eq!(app.post_auth(&approve, &b, &json!({})).await.status(), 200);
    }
    let approved = state(&app, &b, &batch, &policy).await;
    assert_ne!(approved, before);
    assert_eq!(approved["batch"], "approved");
    for s in &seen {
        assert!(*s == before || *s == approved, "half an approval: {s}");
    }
    eprintln!(
        "approval: {} kills, {} left it done",
        seen.len(),
        seen.iter().filter(|s| **s == approved).count()
    );

    // The bank results: every payout paid.
    let res = app
        .get_auth(&format!("/api/v1/payout-batches/{batch}/bank-file?format=csv"), &b)
        .await;
    assert_eq!(res.status(), 200);
    let refs: Vec<String> = payouts(&app, &a, "status=exported&per_page=100").await["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["reference"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(refs.len(), 12);
    let mut file = "备注,结果,失败原因,银行流水号\n".to_string();
    for (i, r) in refs.iter().enumerate() {
        file.push_str(&format!("{r},成功,,B{i}\n"));
    }
    let before = state(&app, &a, &batch, &policy).await;
    let results = format!("/api/v1/payout-batches/{batch}/results");
    let upload = |base: String| {
        client
            .post(format!("{base}{results}"))
            .bearer_auth(&a)
            .multipart(Form::new().part("file", Part::bytes(file.clone().into_bytes()).file_name("结果.csv")))
    };
    let seen = kill_during(&app, upload, &a, &batch, &policy).await;
    if seen.last() == Some(&before) {
        let res = app
            .client
            .post(app.url(&results))
            .bearer_auth(&a)
            .multipart(Form::new().part("file", Part::bytes(file.clone().into_bytes()).file_name("结果.csv")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
    }
    let paid = state(&app, &a, &batch, &policy).await;
    assert_eq!(paid["paid"], 1_200_000, "twelve payouts of 1000 yuan, each once");
    for s in &seen {
        assert!(*s == before || *s == paid, "half a results upload: {s}");
    }
    eprintln!(
        "results: {} kills, {} left it done",
        seen.len(),
        seen.iter().filter(|s| **s == paid).count()
    );
}
