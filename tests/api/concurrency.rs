//! Many requests at once: no "database is locked", no 5xx, exact counts.

use crate::helpers::*;
use diesel::prelude::*;
use juxian::db::schema::users;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_parallel_registrations() {
    let app = spawn_app().await;
    let mut tasks = Vec::new();
    for i in 0..50 {
        let client = app.client.clone();
        let url = app.url("/api/v1/auth/register");
        tasks.push(tokio::spawn(async move {
            let body = json!({"email": format!("p{i}@example.com"), "password": PASSWORD, "display_name": format!("用户{i}"), "role": "applicant"});
            client.post(url).json(&body).send().await.unwrap().status().as_u16()
        }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    assert!(statuses.iter().all(|s| *s == 201), "{statuses:?}");
    let count: i64 = app
        .db
        .run(|conn| Ok(users::table.count().get_result(conn)?))
        .await
        .unwrap();
    assert_eq!(count, 50);
    // Every registration has its audit event, chained without gaps.
    let key = juxian::audit::AuditKey::new(&app.config.secret_key);
    let verdict = app.db.run(move |conn| juxian::audit::verify(conn, &key)).await.unwrap();
    assert_eq!(verdict, juxian::audit::queries::Verification::Intact(50));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_same_email_registered_twenty_times_at_once_gives_one_account() {
    let app = spawn_app().await;
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let client = app.client.clone();
        let url = app.url("/api/v1/auth/register");
        tasks.push(tokio::spawn(async move {
            let body = json!({"email": "same@example.com", "password": PASSWORD, "display_name": "同一人", "role": "applicant"});
            client.post(url).json(&body).send().await.unwrap().status().as_u16()
        }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    // Every answer is the same, so none tells that the address is taken; one account exists.
    assert!(statuses.iter().all(|s| *s == 201), "{statuses:?}");
    assert_eq!(app.snapshot().await.0, 1);
}
