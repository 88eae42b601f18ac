//! Job fairs: the status machine, sign-up storms, the waiting list, door check-in, reminders,
//! booths within capacity, employment intents and the statistics they feed.

use crate::enterprises::expect_access;
use crate::helpers::*;
use crate::positions::{create_position, position_body, verified_employer};
use chrono::{Duration, Utc};
use diesel::prelude::*;
use juxian::auth::tokens::TokenKeys;
use juxian::auth::Role;
use juxian::catalog::EducationLevel;
use juxian::db::schema::{fair_registrations, job_fairs, outbox};
use juxian::talents::models::{EducationRecord, ProfileRow};
use serde_json::{json, Value};

pub fn fair_body(title: &str, capacity: i32, starts_in: Duration) -> Value {
    let start = Utc::now() + starts_in;
    json!({"title": title, "venue": "县体育馆", "description": "春季现场招聘会",
        "starts_at": start, "ends_at": start + Duration::hours(4), "signup_deadline": start - Duration::minutes(30),
        "capacity": capacity, "booth_capacity": 1})
}

/// A published fair; returns its id.
pub async fn published_fair(app: &TestApp, hr: &str, capacity: i32, starts_in: Duration) -> String {
    let res = app
        .post_auth("/api/v1/job-fairs", hr, &fair_body("春季招聘会", capacity, starts_in))
        .await;
    assert_eq!(res.status(), 201);
    let id = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string();
    assert_eq!(
        app.post_auth(&format!("/api/v1/job-fairs/{id}/publish"), hr, &json!({}))
            .await
            .status(),
        200
    );
    id
}

/// `n` applicants with complete profiles, created directly in the database (setup only: the
/// behaviour under test goes through HTTP); returns their access tokens.
pub async fn applicants(app: &TestApp, n: usize) -> Vec<String> {
    let keys = TokenKeys::new(&app.config.secret_key);
    let hash = juxian::auth::password::hash_sync(PASSWORD).unwrap();
    let ids = app
        .db
        .write(move |conn| {
            let mut ids = Vec::new();
            for i in 0..n {
                let id = juxian::db::new_id();
                let t = juxian::db::now();
                let user = active_user(
                    id.clone(),
                    format!("storm{i}-{}@example.com", &id[30..]),
                    format!("考生{i}"),
                    "applicant",
                    hash.clone(),
                    t,
                );
                juxian::accounts::queries::insert(conn, &user)?;
                let session = juxian::accounts::sessions::start(conn, &user, t)?;
                let row = ProfileRow {
                    user_id: id.clone(),
                    full_name: format!("考生{i}"),
                    id_number_enc: "v1:test".into(),
                    id_number_hash: format!("hash-{id}"),
                    id_number_masked: "1101**********0000".into(),
                    birth_date: chrono::NaiveDate::from_ymd_opt(1995, 1, 1).unwrap(),
                    gender: "male".into(),
                    phone: "13800138000".into(),
                    highest_education: Some("bachelor".into()),
                    current_employer: None,
                    bank_name: None,
                    bank_account_enc: None,
                    bank_account_masked: None,
                    created_at: t,
                    updated_at: t,
                    home_village_id: None,
                };
                let education = [EducationRecord {
                    level: EducationLevel::Bachelor,
                    school: "湖南大学".into(),
                    major: None,
                    graduation_year: 2018,
                }];
                juxian::talents::queries::save(conn, &row, false, &education, &[], &[])?;
                ids.push((id, session.id));
            }
            Ok(ids)
        })
        .await
        .unwrap();
    ids.iter()
        .map(|(id, session)| keys.issue_access(id, Role::Applicant, 0, session).unwrap())
        .collect()
}

async fn sign_up(app: &TestApp, fair: &str, token: &str, body: Value) -> reqwest::Response {
    app.post_auth(&format!("/api/v1/job-fairs/{fair}/registrations"), token, &body)
        .await
}

pub async fn fair_status(app: &TestApp, id: &str) -> (String, i32) {
    let id = id.to_string();
    app.db
        .run(move |conn| {
            Ok(job_fairs::table
                .find(id)
                .select((job_fairs::status, job_fairs::registered_count))
                .first(conn)?)
        })
        .await
        .unwrap()
}

#[tokio::test]
async fn every_illegal_transition_is_409_and_changes_nothing() {
    let app = spawn_app().await;
    let hr = app.staff("hr@example.com", "hr").await;
    // (set-up actions, then the action that must be refused)
    let cases: [(&[&str], &str); 9] = [
        (&[], "close"),
        (&[], "finish"),
        (&["publish"], "publish"),
        (&["publish"], "finish"),
        (&["publish", "close"], "close"),
        (&["publish", "close"], "publish"),
        (&["publish", "close", "finish"], "cancel"),
        (&["publish", "close", "finish"], "publish"),
        (&["cancel"], "publish"),
    ];
    for (setup, action) in cases {
        let res = app
            .post_auth("/api/v1/job-fairs", &hr, &fair_body("表驱动", 5, Duration::days(3)))
            .await;
        let id = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string();
        for step in setup {
            let body = if *step == "cancel" {
                json!({"reason": "天气"})
            } else {
                json!({})
            };
            assert_eq!(
                app.post_auth(&format!("/api/v1/job-fairs/{id}/{step}"), &hr, &body)
                    .await
                    .status(),
                200,
                "{setup:?}"
            );
        }
        let before = (fair_status(&app, &id).await, app.snapshot().await);
        let body = if action == "cancel" {
            json!({"reason": "x"})
        } else {
            json!({})
        };
        let res = app
            .post_auth(&format!("/api/v1/job-fairs/{id}/{action}"), &hr, &body)
            .await;
        assert_problem(res, 409, "invalid_transition").await;
        assert_eq!(
            (fair_status(&app, &id).await, app.snapshot().await),
            before,
            "{setup:?} then {action}"
        );
    }
    // Bad fair input.
    let before = app.snapshot().await;
    let mut bad = fair_body("坏数据", 0, Duration::days(-1));
    bad["signup_deadline"] = json!(Utc::now() + Duration::days(30));
    let problem = assert_problem(
        app.post_auth("/api/v1/job-fairs", &hr, &bad).await,
        400,
        "validation_failed",
    )
    .await;
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["starts_at", "signup_deadline", "capacity"]);
    assert_problem(
        app.post_auth("/api/v1/job-fairs", &hr, &json!({"title": "x", "status": "published"}))
            .await,
        400,
        "validation_failed",
    )
    .await;
    assert_eq!(app.snapshot().await, before);
    // Who may run fairs.
    let applicant = app.signup("a@example.com", "applicant").await;
    assert_problem(
        app.post_auth("/api/v1/job-fairs", &applicant, &fair_body("x", 5, Duration::days(3)))
            .await,
        403,
        "forbidden",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_sign_ups_for_the_last_ten_places() {
    let app = spawn_app().await;
    let hr = app.staff("hr@example.com", "hr").await;
    let fair = published_fair(&app, &hr, 10, Duration::days(5)).await;
    let tokens = applicants(&app, 200).await;
    let mut tasks = Vec::new();
    for token in tokens {
        let (client, url) = (
            app.client.clone(),
            app.url(&format!("/api/v1/job-fairs/{fair}/registrations")),
        );
        tasks.push(tokio::spawn(async move {
            client
                .post(url)
                .bearer_auth(token)
                .json(&json!({"waitlist": false}))
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
    assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 10, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 409).count(), 190, "{statuses:?}");
    assert_eq!(fair_status(&app, &fair).await, ("published".into(), 10));
    let fair_id = fair.clone();
    let registered: i64 = app
        .db
        .run(move |conn| {
            Ok(fair_registrations::table
                .filter(fair_registrations::fair_id.eq(fair_id))
                .count()
                .get_result(conn)?)
        })
        .await
        .unwrap();
    assert_eq!(registered, 10, "refused sign-ups leave no rows");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_full_fair_fills_its_waiting_list_in_order() {
    let app = spawn_app().await;
    let hr = app.staff("hr@example.com", "hr").await;
    let fair = published_fair(&app, &hr, 5, Duration::days(5)).await;
    let tokens = applicants(&app, 40).await;
    let mut tasks = Vec::new();
    for token in tokens {
        let (client, url) = (
            app.client.clone(),
            app.url(&format!("/api/v1/job-fairs/{fair}/registrations")),
        );
        tasks.push(tokio::spawn(async move {
            client
                .post(url)
                .bearer_auth(token)
                .send()
                .await
                .unwrap()
                .json::<Value>()
                .await
                .unwrap()
        }));
    }
    let mut answers = Vec::new();
    for t in tasks {
        answers.push(t.await.unwrap());
    }
    let registered = answers.iter().filter(|a| a["status"] == "registered").count();
    let mut places: Vec<i64> = answers.iter().filter_map(|a| a["waitlist_position"].as_i64()).collect();
    places.sort();
    assert_eq!(registered, 5);
    assert_eq!(
        places,
        (1..=35).collect::<Vec<_>>(),
        "every waiting place given exactly once"
    );
    assert!(answers
        .iter()
        .filter(|a| a["status"] == "waitlisted")
        .all(|a| a["ticket_code"].is_null()));
}

#[tokio::test]
async fn cancelling_promotes_the_first_waiting_person_with_mail() {
    let app = spawn_app().await;
    let hr = app.staff("hr@example.com", "hr").await;
    let fair = published_fair(&app, &hr, 1, Duration::days(5)).await;
    let first = app.signup("first@example.com", "applicant").await;
    let second = app.signup("second@example.com", "applicant").await;
    let third = app.signup("third@example.com", "applicant").await;
    let profile = |id: &str| {
        json!({"full_name": "王小明", "id_number": id, "phone": "13800138000",
        "education": [{"level": "bachelor", "school": "湖南大学", "graduation_year": 2020}]})
    };
    for (token, id) in [
        (&first, "440524198001010013"),
        (&second, "430102199003071234"),
        (&third, "320583199506152348"),
    ] {
        let res = app
            .client
            .put(app.url("/api/v1/me/profile"))
            .bearer_auth(token)
            .json(&profile(id))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
    }
    let a: Value = sign_up(&app, &fair, &first, json!({})).await.json().await.unwrap();
    assert_eq!(a["status"], "registered");
    let ticket = a["ticket_code"].as_str().unwrap().to_string();
    let mail = &app.mail().wait_for("first@example.com", 2).await[1];
    assert!(
        mail.subject().contains("报名成功") && mail.text().contains(&ticket),
        "{}",
        mail.text()
    );

    let b: Value = sign_up(&app, &fair, &second, json!({})).await.json().await.unwrap();
    assert_eq!(
        (b["status"].as_str(), b["waitlist_position"].as_i64()),
        (Some("waitlisted"), Some(1))
    );
    assert!(app.mail().wait_for("second@example.com", 2).await[1]
        .text()
        .contains("第 1 位"));
    let res = sign_up(&app, &fair, &third, json!({"waitlist": false})).await;
    assert_problem(res, 409, "capacity_full").await;
    let c: Value = sign_up(&app, &fair, &third, json!({})).await.json().await.unwrap();
    assert_eq!(c["waitlist_position"], 2);
    assert_problem(sign_up(&app, &fair, &third, json!({})).await, 409, "already_registered").await;

    // Someone else cannot cancel the first ticket; its owner can.
    let path = format!("/api/v1/job-fairs/{fair}/registrations/{}", a["id"].as_str().unwrap());
    assert_problem(
        app.client
            .delete(app.url(&path))
            .bearer_auth(&second)
            .send()
            .await
            .unwrap(),
        404,
        "not_found",
    )
    .await;
    assert_eq!(
        app.client
            .delete(app.url(&path))
            .bearer_auth(&first)
            .send()
            .await
            .unwrap()
            .status(),
        204
    );

    let promoted = &app.mail().wait_for("second@example.com", 3).await[2];
    assert!(
        promoted.subject().contains("报名成功") && promoted.text().contains("候补"),
        "{}",
        promoted.text()
    );
    let mine: Value = app
        .get_auth("/api/v1/me/registrations", &second)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine[0]["status"], "registered");
    assert!(mine[0]["ticket_code"].is_string());
    let third_now: Value = app
        .get_auth("/api/v1/me/registrations", &third)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(third_now[0]["waitlist_position"], 1);
    assert_eq!(fair_status(&app, &fair).await.1, 1, "the place passed on, not freed");
    // The cancelled ticket is refused at the door with a reason (the door opens before the start).
    app.clock.advance(Duration::days(5) - Duration::hours(1));
    let res = app
        .post_auth(
            &format!("/api/v1/job-fairs/{fair}/check-in"),
            &hr,
            &json!({"ticket_code": ticket}),
        )
        .await;
    assert_problem(res, 409, "ticket_cancelled").await;
}

#[tokio::test]
async fn sign_up_needs_a_complete_profile_an_open_fair_and_the_applicant_role() {
    let app = spawn_app().await;
    let hr = app.staff("hr@example.com", "hr").await;
    let fair = published_fair(&app, &hr, 5, Duration::days(5)).await;
    let bare = app.signup("bare@example.com", "applicant").await;
    let employer = app.signup("boss@example.com", "employer").await;
    let before = app.snapshot().await;
    assert_problem(sign_up(&app, &fair, &bare, json!({})).await, 409, "profile_incomplete").await;
    assert_problem(sign_up(&app, &fair, &employer, json!({})).await, 403, "forbidden").await;
    assert_problem(
        sign_up(&app, &fair, &bare, json!({"waitlist": "no"})).await,
        400,
        "malformed_json",
    )
    .await;
    assert_problem(
        sign_up(&app, &fair, &bare, json!({"seat": 1})).await,
        400,
        "validation_failed",
    )
    .await;
    let draft: Value = app
        .post_auth("/api/v1/job-fairs", &hr, &fair_body("草稿", 5, Duration::days(5)))
        .await
        .json()
        .await
        .unwrap();
    let draft_id = draft["id"].as_str().unwrap();
    let ready = applicants(&app, 1).await;
    let before_ready = app.snapshot().await;
    assert_problem(sign_up(&app, draft_id, &ready[0], json!({})).await, 404, "not_found").await;
    assert_problem(
        app.client
            .get(app.url(&format!("/api/v1/job-fairs/{draft_id}")))
            .send()
            .await
            .unwrap(),
        404,
        "not_found",
    )
    .await;
    assert_eq!(app.snapshot().await, before_ready);
    assert_eq!(before.0 + 1, before_ready.0, "only the set-up applicant was added");
    // The public list shows the published fair only, upcoming first.
    let list: Value = app
        .client
        .get(app.url("/api/v1/job-fairs"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["remaining"], 5);
}

/// How many of a fair's sign-ups are checked in.
async fn checked_in(app: &TestApp, fair: &str) -> i64 {
    let fair = fair.to_string();
    app.db
        .run(move |conn| {
            Ok(fair_registrations::table
                .filter(fair_registrations::fair_id.eq(fair))
                .filter(fair_registrations::checked_in_at.is_not_null())
                .count()
                .get_result::<i64>(conn)?)
        })
        .await
        .unwrap()
}

#[tokio::test]
async fn the_door_opens_a_set_time_before_the_start_and_closes_at_the_end() {
    let app = spawn_app().await;
    let hr = app.staff("hr@example.com", "hr").await;
    let fair = published_fair(&app, &hr, 5, Duration::days(2)).await;
    let token = applicants(&app, 1).await.remove(0);
    let reg: Value = sign_up(&app, &fair, &token, json!({})).await.json().await.unwrap();
    let (path, body) = (
        format!("/api/v1/job-fairs/{fair}/check-in"),
        json!({"ticket_code": reg["ticket_code"]}),
    );
    // Two days ahead, and still a minute before the door opens (120 minutes before the start).
    let res = app.post_auth(&path, &hr, &body).await;
    assert_problem(res, 409, "check_in_not_open").await;
    app.clock.advance(Duration::days(2) - Duration::minutes(121));
    let res = app.post_auth(&path, &hr, &body).await;
    let problem = assert_problem(res, 409, "check_in_not_open").await;
    assert!(problem["detail"].as_str().unwrap().contains("Check-in is open from"));
    assert_eq!(checked_in(&app, &fair).await, 0, "a refused scan changes nothing");
    // Two minutes later the door is open.
    app.clock.advance(Duration::minutes(2));
    let res: Value = app.post_auth(&path, &hr, &body).await.json().await.unwrap();
    assert_eq!(res["first_scan"], true);
    assert_eq!(
        res["registration"]["full_name"], "考生0",
        "the result names the holder for an ID check"
    );
    assert_eq!(checked_in(&app, &fair).await, 1);
    // After the fair has ended nobody is let in, not even with a ticket already scanned.
    app.clock.advance(Duration::hours(6));
    assert_problem(app.post_auth(&path, &hr, &body).await, 409, "check_in_not_open").await;
}

#[tokio::test]
async fn the_door_window_is_configurable() {
    let app = spawn_with(Options {
        tweak: |c| c.checkin_opens_minutes = 24 * 60,
        ..Options::default()
    })
    .await;
    let hr = app.staff("hr@example.com", "hr").await;
    let fair = published_fair(&app, &hr, 5, Duration::hours(23)).await;
    let token = applicants(&app, 1).await.remove(0);
    let reg: Value = sign_up(&app, &fair, &token, json!({})).await.json().await.unwrap();
    let res = app
        .post_auth(
            &format!("/api/v1/job-fairs/{fair}/check-in"),
            &hr,
            &json!({"ticket_code": reg["ticket_code"]}),
        )
        .await;
    assert_eq!(res.status(), 200, "a day's window takes a fair starting in 23 hours");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn door_check_in_happens_once_even_at_two_doors() {
    let app = spawn_app().await;
    let hr = app.staff("hr@example.com", "hr").await;
    let fair = published_fair(&app, &hr, 5, Duration::days(5)).await;
    let other_fair = published_fair(&app, &hr, 5, Duration::days(6)).await;
    let tokens = applicants(&app, 2).await;
    let reg: Value = sign_up(&app, &fair, &tokens[0], json!({})).await.json().await.unwrap();
    let elsewhere: Value = sign_up(&app, &other_fair, &tokens[1], json!({}))
        .await
        .json()
        .await
        .unwrap();
    let ticket = reg["ticket_code"].as_str().unwrap().to_lowercase().replace('-', " ");
    app.clock.advance(Duration::days(5) - Duration::hours(1));
    let mut scans = Vec::new();
    for _ in 0..20 {
        let (client, url, hr) = (
            app.client.clone(),
            app.url(&format!("/api/v1/job-fairs/{fair}/check-in")),
            hr.clone(),
        );
        let body = json!({"ticket_code": ticket});
        scans.push(tokio::spawn(async move {
            client
                .post(url)
                .bearer_auth(hr)
                .json(&body)
                .send()
                .await
                .unwrap()
                .json::<Value>()
                .await
                .unwrap()
        }));
    }
    let mut results = Vec::new();
    for s in scans {
        results.push(s.await.unwrap());
    }
    assert_eq!(results.iter().filter(|r| r["first_scan"] == true).count(), 1);
    assert!(results
        .iter()
        .filter(|r| r["first_scan"] == false)
        .all(|r| r["message"].as_str().unwrap().starts_with("Already checked in at")));
    let path = format!("/api/v1/job-fairs/{fair}/check-in");
    let res = app
        .post_auth(&path, &hr, &json!({"ticket_code": elsewhere["ticket_code"]}))
        .await;
    assert_problem(res, 409, "ticket_other_fair").await;
    assert_problem(
        app.post_auth(&path, &hr, &json!({"ticket_code": "AAAA-BBBB-CCCC-DDDD"}))
            .await,
        404,
        "not_found",
    )
    .await;
    assert_problem(
        app.post_auth(&path, &tokens[0], &json!({"ticket_code": ticket})).await,
        403,
        "forbidden",
    )
    .await;
    let stats: Value = app
        .get_auth(&format!("/api/v1/job-fairs/{fair}/stats"), &hr)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (stats["registrations"].as_i64(), stats["check_ins"].as_i64()),
        (Some(1), Some(1))
    );
    let list: Value = app
        .get_auth(
            &format!("/api/v1/job-fairs/{fair}/registrations?status=checked_in"),
            &hr,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["total"], 1);
    let admin = app.admin("admin@example.com").await;
    let exports = "/api/v1/audit-events?action=job_fair.registrations_exported";
    let events: Value = app.get_auth(exports, &admin).await.json().await.unwrap();
    assert_eq!(events["total"], 0, "listing on screen is not an export");
    let csv = app
        .get_auth(
            &format!("/api/v1/job-fairs/{fair}/registrations?format=csv&status=checked_in"),
            &hr,
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(
        // The status column says what the screens say, never the stored code.
        csv.starts_with('\u{feff}') && csv.contains("已签到") && !csv.contains("checked_in") && csv.contains("考生0"),
        "{csv}"
    );
    // Names and e-mails left the portal: audited like the talent-pool export.
    let events: Value = app.get_auth(exports, &admin).await.json().await.unwrap();
    assert_eq!(events["total"], 1);
    let event = &events["items"][0];
    assert_eq!(
        (
            event["entity"].as_str(),
            event["entity_id"].as_str(),
            event["actor_email"].as_str()
        ),
        (Some("job_fair"), Some(fair.as_str()), Some("hr@example.com"))
    );
    assert_eq!(
        event["after"],
        json!({"format": "csv", "status": "checked_in", "rows": 1})
    );
}

#[tokio::test]
async fn the_day_before_everyone_registered_gets_one_reminder() {
    let app = spawn_app().await;
    let hr = app.staff("hr@example.com", "hr").await;
    let token = app.signup("remind@example.com", "applicant").await;
    let body = json!({"full_name": "李四", "id_number": "430102199003071234", "phone": "13800138000",
        "education": [{"level": "master", "school": "中南大学", "graduation_year": 2015}]});
    assert_eq!(
        app.client
            .put(app.url("/api/v1/me/profile"))
            .bearer_auth(&token)
            .json(&body)
            .send()
            .await
            .unwrap()
            .status(),
        201
    );
    let soon = published_fair(&app, &hr, 5, Duration::hours(20)).await;
    let later = published_fair(&app, &hr, 5, Duration::days(3)).await;
    assert_eq!(sign_up(&app, &soon, &token, json!({})).await.status(), 201);
    assert_eq!(sign_up(&app, &later, &token, json!({})).await.status(), 201);
    let mails = app.mail().wait_for("remind@example.com", 4).await;
    // Let the worker run many more rounds.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let reminders: Vec<_> = app
        .mail()
        .to("remind@example.com")
        .into_iter()
        .filter(|m| m.subject().starts_with("明天见"))
        .collect();
    assert_eq!(
        reminders.len(),
        1,
        "exactly one reminder, for the fair that is tomorrow"
    );
    assert!(reminders[0].text().contains("李四"));
    // The "show my ticket" button leads somewhere (it used to be an empty link).
    assert!(reminders[0].text().contains("/my/tickets"), "{}", reminders[0].text());
    assert!(mails.len() >= 4);
}

#[tokio::test]
async fn cancelling_a_fair_tells_everyone_why() {
    let app = spawn_app().await;
    let hr = app.staff("hr@example.com", "hr").await;
    let fair = published_fair(&app, &hr, 1, Duration::days(5)).await;
    let token = app.signup("told@example.com", "applicant").await;
    let body = json!({"full_name": "赵六", "id_number": "320583199506152348", "phone": "13800138000",
        "education": [{"level": "associate", "school": "长沙职院", "graduation_year": 2016}]});
    assert_eq!(
        app.client
            .put(app.url("/api/v1/me/profile"))
            .bearer_auth(&token)
            .json(&body)
            .send()
            .await
            .unwrap()
            .status(),
        201
    );
    assert_eq!(sign_up(&app, &fair, &token, json!({})).await.status(), 201);
    let res = app
        .post_auth(
            &format!("/api/v1/job-fairs/{fair}/cancel"),
            &hr,
            &json!({"reason": "场馆临时检修"}),
        )
        .await;
    assert_eq!(res.json::<Value>().await.unwrap()["status"], "cancelled");
    let mail = app
        .mail()
        .wait_for("told@example.com", 3)
        .await
        .into_iter()
        .find(|m| m.subject().contains("取消"))
        .expect("cancellation mail");
    assert!(mail.text().contains("场馆临时检修"));
    let mine: Value = app
        .get_auth("/api/v1/me/registrations", &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine[0]["status"], "cancelled");
    assert_problem(
        app.post_auth(&format!("/api/v1/job-fairs/{fair}/cancel"), &hr, &json!({"reason": ""}))
            .await,
        400,
        "validation_failed",
    )
    .await;
}

#[tokio::test]
async fn booths_intents_and_the_numbers_they_feed() {
    let app = spawn_app().await;
    let hr = app.staff("hr@example.com", "hr").await;
    let (boss, company) = verified_employer(&app, &hr, "boss@example.com", "县农机厂", 1, "manufacturing").await;
    let (rival, rival_company) =
        verified_employer(&app, &hr, "rival@example.com", "县电子厂", 2, "manufacturing").await;
    let position = create_position(&app, &boss, &position_body(&company, "数控操作工")).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let rival_position = create_position(&app, &rival, &position_body(&rival_company, "装配工")).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let fair = published_fair(&app, &hr, 5, Duration::days(5)).await;
    let booths = format!("/api/v1/job-fairs/{fair}/booths");

    // Only own open positions; one booth per enterprise.
    let r = app
        .post_auth(&booths, &boss, &json!({"position_ids": [rival_position]}))
        .await;
    assert_problem(r, 400, "validation_failed").await;
    assert_problem(
        app.post_auth(&booths, &boss, &json!({"position_ids": []})).await,
        400,
        "validation_failed",
    )
    .await;
    let booth: Value = app
        .post_auth(&booths, &boss, &json!({"position_ids": [position]}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(booth["status"], "pending");
    assert_problem(
        app.post_auth(&booths, &boss, &json!({"position_ids": [position]}))
            .await,
        409,
        "already_registered",
    )
    .await;
    let rival_booth: Value = app
        .post_auth(&booths, &rival, &json!({"position_ids": [rival_position]}))
        .await
        .json()
        .await
        .unwrap();
    let approve = |b: &Value| format!("{booths}/{}/approve", b["id"].as_str().unwrap());
    assert_problem(
        app.post_auth(&approve(&booth), &boss, &json!({})).await,
        403,
        "forbidden",
    )
    .await;
    assert_eq!(app.post_auth(&approve(&booth), &hr, &json!({})).await.status(), 200);
    assert!(app
        .mail()
        .wait_for("boss@example.com", 2)
        .await
        .iter()
        .any(|m| m.subject().contains("展位申请已通过")));
    // A position's page finds the fairs where its enterprise has an approved booth, and only those.
    let with_booth: Value = app
        .client
        .get(app.url(&format!("/api/v1/job-fairs?enterprise_id={company}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (with_booth["total"].as_i64(), with_booth["items"][0]["id"].as_str()),
        (Some(1), Some(fair.as_str()))
    );
    let pending_only: Value = app
        .client
        .get(app.url(&format!("/api/v1/job-fairs?enterprise_id={rival_company}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        pending_only["total"], 0,
        "a booth still pending is not a booth at the fair"
    );
    // Booth capacity is 1.
    assert_problem(
        app.post_auth(&approve(&rival_booth), &hr, &json!({})).await,
        409,
        "capacity_full",
    )
    .await;
    let reject = format!("{booths}/{}/reject", rival_booth["id"].as_str().unwrap());
    assert_eq!(
        app.post_auth(&reject, &hr, &json!({"reason": "展位已满"}))
            .await
            .status(),
        200
    );
    let public: Value = app
        .client
        .get(app.url(&format!("/api/v1/job-fairs/{fair}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(public["booths"].as_array().unwrap().len(), 1);
    assert_eq!(public["booths"][0]["positions"][0]["title"], "数控操作工");

    // An applicant checks in; the employer records an intent by scanning the ticket.
    let applicant = applicants(&app, 1).await.remove(0);
    let reg: Value = sign_up(&app, &fair, &applicant, json!({})).await.json().await.unwrap();
    let ticket = reg["ticket_code"].as_str().unwrap();
    let intent_body = json!({"job_fair_id": fair, "position_id": position, "ticket_code": ticket});
    assert_problem(
        app.post_auth("/api/v1/employment-intents", &boss, &intent_body).await,
        409,
        "not_checked_in",
    )
    .await;
    app.clock.advance(Duration::days(5) - Duration::hours(1));
    assert_eq!(
        app.post_auth(
            &format!("/api/v1/job-fairs/{fair}/check-in"),
            &hr,
            &json!({"ticket_code": ticket})
        )
        .await
        .status(),
        200
    );
    let rival_try = json!({"job_fair_id": fair, "position_id": position, "ticket_code": ticket});
    assert_problem(
        app.post_auth("/api/v1/employment-intents", &rival, &rival_try).await,
        404,
        "not_found",
    )
    .await;
    let intent: Value = app
        .post_auth("/api/v1/employment-intents", &boss, &intent_body)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (intent["status"].as_str(), intent["position_title"].as_str()),
        (Some("intended"), Some("数控操作工"))
    );
    assert_problem(
        app.post_auth("/api/v1/employment-intents", &boss, &intent_body).await,
        409,
        "already_registered",
    )
    .await;
    let mine: Value = app
        .get_auth("/api/v1/employment-intents", &applicant)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine["total"], 1);
    let theirs: Value = app
        .get_auth("/api/v1/employment-intents", &rival)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(theirs["total"], 0);
    let sign = format!("/api/v1/employment-intents/{}/sign", intent["id"].as_str().unwrap());
    assert_problem(app.post_auth(&sign, &rival, &json!({})).await, 404, "not_found").await;
    assert_eq!(
        app.post_auth(&sign, &boss, &json!({}))
            .await
            .json::<Value>()
            .await
            .unwrap()["status"],
        "signed"
    );
    assert_problem(app.post_auth(&sign, &boss, &json!({})).await, 409, "invalid_transition").await;

    let stats: Value = app
        .get_auth(&format!("/api/v1/job-fairs/{fair}/stats"), &hr)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        stats,
        json!({"job_fair_id": fair, "title": "春季招聘会", "starts_at": stats["starts_at"], "registrations": 1, "waitlisted": 0, "check_ins": 1, "no_shows": 0,
            "enterprises": 1, "positions": 1, "intents": 1, "signed": 1})
    );
}

#[tokio::test]
async fn role_by_endpoint_table_for_fairs_booths_and_intents() {
    let app = spawn_app().await;
    let hr = app.staff("hr@example.com", "hr").await;
    let finance = app.staff("fin@example.com", "finance").await;
    let admin = app.admin("admin@example.com").await;
    let (boss, company) = verified_employer(&app, &hr, "boss@example.com", "县农机厂", 7, "manufacturing").await;
    let position = create_position(&app, &boss, &position_body(&company, "钳工")).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let applicant = applicants(&app, 1).await.remove(0);
    let fair = published_fair(&app, &hr, 5, Duration::days(5)).await;
    let draft: Value = app
        .post_auth("/api/v1/job-fairs", &hr, &fair_body("草稿", 5, Duration::days(9)))
        .await
        .json()
        .await
        .unwrap();
    let draft = draft["id"].as_str().unwrap().to_string();
    // Columns: anonymous, applicant, employer, hr, finance, admin. Read-only calls, or calls refused
    // before any change, so the same app serves every row.
    let rows: Vec<(reqwest::Method, String, Option<Value>, [u16; 6])> = vec![
        (
            reqwest::Method::GET,
            "/api/v1/job-fairs".into(),
            None,
            [200, 200, 200, 200, 200, 200],
        ),
        (
            reqwest::Method::GET,
            format!("/api/v1/job-fairs/{draft}"),
            None,
            [404, 404, 404, 200, 404, 200],
        ),
        (
            reqwest::Method::PATCH,
            format!("/api/v1/job-fairs/{fair}"),
            Some(json!({"title": "改名"})),
            [401, 403, 403, 200, 403, 200],
        ),
        (
            reqwest::Method::POST,
            format!("/api/v1/job-fairs/{draft}/close"),
            Some(json!({})),
            [401, 403, 403, 409, 403, 409],
        ),
        (
            reqwest::Method::GET,
            format!("/api/v1/job-fairs/{fair}/registrations"),
            None,
            [401, 403, 403, 200, 403, 200],
        ),
        (
            reqwest::Method::GET,
            format!("/api/v1/job-fairs/{fair}/stats"),
            None,
            [401, 403, 403, 200, 403, 200],
        ),
        (
            reqwest::Method::GET,
            "/api/v1/job-fairs/stats".into(),
            None,
            [401, 403, 403, 200, 403, 200],
        ),
        (
            reqwest::Method::POST,
            format!("/api/v1/job-fairs/{fair}/check-in"),
            Some(json!({"ticket_code": "XXXX"})),
            // The fair is days away: the door is not open yet for those who may scan.
            [401, 403, 403, 409, 403, 409],
        ),
        (
            reqwest::Method::GET,
            format!("/api/v1/job-fairs/{fair}/booths"),
            None,
            [200, 200, 200, 200, 200, 200],
        ),
        (
            reqwest::Method::POST,
            format!("/api/v1/job-fairs/{fair}/booths"),
            Some(json!({"position_ids": []})),
            [401, 403, 400, 403, 403, 403],
        ),
        (
            reqwest::Method::GET,
            "/api/v1/me/booths".into(),
            None,
            [401, 403, 200, 403, 403, 403],
        ),
        (
            reqwest::Method::GET,
            "/api/v1/me/registrations".into(),
            None,
            [401, 200, 403, 403, 403, 403],
        ),
        (
            reqwest::Method::POST,
            format!("/api/v1/job-fairs/{fair}/registrations"),
            Some(json!({"x": 1})),
            [401, 400, 403, 403, 403, 403],
        ),
        (
            reqwest::Method::GET,
            "/api/v1/employment-intents".into(),
            None,
            [401, 200, 200, 200, 403, 200],
        ),
        (
            reqwest::Method::POST,
            "/api/v1/employment-intents".into(),
            Some(json!({"job_fair_id": fair, "position_id": position})),
            [401, 403, 400, 400, 403, 400],
        ),
        (
            reqwest::Method::POST,
            "/api/v1/employment-intents/none/sign".into(),
            Some(json!({})),
            [401, 403, 404, 404, 403, 404],
        ),
    ];
    let cast = [
        ("anonymous", None),
        ("applicant", Some(applicant)),
        ("employer", Some(boss)),
        ("hr", Some(hr)),
        ("finance", Some(finance)),
        ("admin", Some(admin)),
    ];
    expect_access(&app, &cast, rows).await;
}

/// A valid resident ID number (GB 11643 check character) for the `n`th test person.
fn id_number(n: u32) -> String {
    let first17 = format!("43010219900307{n:03}");
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first17
        .chars()
        .zip(WEIGHTS)
        .map(|(c, w)| c.to_digit(10).unwrap() * w)
        .sum();
    let check = b"10X98765432"[(sum % 11) as usize] as char;
    format!("{first17}{check}")
}

#[tokio::test]
async fn raising_the_capacity_promotes_the_first_waiting_in_order_with_mail() {
    let app = spawn_app().await;
    let hr = app.staff("hr@example.com", "hr").await;
    let fair = published_fair(&app, &hr, 1, Duration::days(5)).await;
    let mut people = Vec::new();
    for n in 0..5u32 {
        let email = format!("p{n}@example.com");
        let token = app.signup(&email, "applicant").await;
        let profile = json!({"full_name": format!("报名人{n}"), "id_number": id_number(n + 1), "phone": "13800138000",
            "education": [{"level": "bachelor", "school": "湖南大学", "graduation_year": 2020}]});
        let res = app
            .client
            .put(app.url("/api/v1/me/profile"))
            .bearer_auth(&token)
            .json(&profile)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        // One after another: p0 holds the place, p1..p4 wait in this order.
        let answer: Value = sign_up(&app, &fair, &token, json!({})).await.json().await.unwrap();
        let expected = if n == 0 { "registered" } else { "waitlisted" };
        assert_eq!(answer["status"], expected);
        app.mail().wait_for(&email, 2).await;
        people.push((email, token));
    }

    let res = app
        .patch_auth(&format!("/api/v1/job-fairs/{fair}"), &hr, &json!({"capacity": 3}))
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.unwrap()["registered_count"], 3);
    assert_eq!(fair_status(&app, &fair).await, ("published".into(), 3));

    for (email, token) in &people[1..3] {
        let mail = &app.mail().wait_for(email, 3).await[2];
        assert!(
            mail.subject().contains("报名成功") && mail.text().contains("候补"),
            "{}",
            mail.text()
        );
        let mine: Value = app
            .get_auth("/api/v1/me/registrations", token)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(mine[0]["status"], "registered");
        let ticket = mine[0]["ticket_code"].as_str().unwrap();
        assert!(mail.text().contains(ticket), "the mail carries the new ticket");
    }
    for (place, (_, token)) in people[3..].iter().enumerate() {
        let mine: Value = app
            .get_auth("/api/v1/me/registrations", token)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(
            (mine[0]["status"].as_str(), mine[0]["waitlist_position"].as_i64()),
            (Some("waitlisted"), Some(place as i64 + 1))
        );
    }
    // A newcomer queues behind them: the new places went to the people waiting.
    let newcomer = applicants(&app, 1).await.remove(0);
    let answer: Value = sign_up(&app, &fair, &newcomer, json!({})).await.json().await.unwrap();
    assert_eq!(
        (answer["status"].as_str(), answer["waitlist_position"].as_i64()),
        (Some("waitlisted"), Some(3))
    );
    // Promotion mail went to those two only (queued in the outbox with the change itself).
    let mut promoted: Vec<String> = app
        .db
        .run(|conn| {
            Ok(outbox::table
                .filter(outbox::template.eq("fair_promoted"))
                .select(outbox::recipient)
                .load(conn)?)
        })
        .await
        .unwrap();
    promoted.sort();
    assert_eq!(promoted, ["p1@example.com", "p2@example.com"]);
}
