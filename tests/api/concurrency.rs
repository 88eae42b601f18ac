//! Many requests at once: no "database is locked", no 5xx, exact counts.

use crate::enterprises::{credit_code, enterprise_body};
use crate::fairs::{applicants, published_fair};
use crate::helpers::*;
use crate::internships::{apply, offer, programme};
use crate::positions::{create_position, position_body, verified_employer};
use chrono::Duration;
use diesel::prelude::*;
use juxian::auth::tokens::TokenKeys;
use juxian::auth::Role;
use juxian::db::schema::{
    audit_events, enterprises, fair_booths, fair_registrations, internship_applications, internship_offers, job_fairs,
    outbox, users,
};
use juxian::fairs::models::RegistrationRow;
use serde_json::{json, Value};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_parallel_registrations() {
    let app = spawn_app().await;
    let mut tasks = Vec::new();
    for i in 0..50 {
        let client = app.client.clone();
        let url = app.url("/api/v1/auth/register");
        tasks.push(tokio::spawn(async move {
            let body = json!({"email": format!("p{i}@example.com"), "password": PASSWORD, "display_name": format!("用户{i}"), "role": "applicant", "privacy_notice_version": juxian::privacy::notice::version()});
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
            let body = json!({"email": "same@example.com", "password": PASSWORD, "display_name": "同一人", "role": "applicant", "privacy_notice_version": juxian::privacy::notice::version()});
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

/// Send every request at once; (status, JSON body or null) in the order given.
async fn all_at_once(requests: Vec<reqwest::RequestBuilder>) -> Vec<(u16, Value)> {
    let tasks: Vec<_> = requests
        .into_iter()
        .map(|request| {
            tokio::spawn(async move {
                let res = request.send().await.expect("request");
                let status = res.status().as_u16();
                (status, res.json::<Value>().await.unwrap_or(Value::Null))
            })
        })
        .collect();
    let mut answers = Vec::new();
    for t in tasks {
        answers.push(t.await.expect("request task"));
    }
    answers
}

fn count(answers: &[(u16, Value)], status: u16, code: Option<&str>) -> usize {
    answers
        .iter()
        .filter(|(s, body)| *s == status && code.is_none_or(|c| body["code"] == c))
        .count()
}

/// `n` active accounts of `role` created directly in the database (setup only); (id, access token).
async fn accounts(app: &TestApp, n: usize, role: Role) -> Vec<(String, String)> {
    let keys = TokenKeys::new(&app.config.secret_key);
    let ids = app
        .db
        .write(move |conn| {
            let mut ids = Vec::new();
            for i in 0..n {
                let (id, t) = (juxian::db::new_id(), juxian::db::now());
                let user = active_user(
                    id.clone(),
                    format!("{}{i}-{}@example.com", role.as_str(), &id[24..]),
                    format!("用户{i}"),
                    role.as_str(),
                    "!test".into(),
                    t,
                );
                juxian::accounts::queries::insert(conn, &user)?;
                let session = juxian::accounts::sessions::start(conn, &user, t)?;
                ids.push((id, session.id));
            }
            Ok(ids)
        })
        .await
        .unwrap();
    ids.into_iter()
        .map(|(id, session)| {
            let token = keys.issue_access(&id, role, 0, &session).unwrap();
            (id, token)
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_applications_at_once_by_one_person_in_one_programme_give_three() {
    let app = spawn_app().await;
    let hr = app.staff("hr@example.com", "hr").await;
    let (boss, company) = verified_employer(&app, &hr, "boss@example.com", "县电子厂", 3, "manufacturing").await;
    let program = programme(&app, &hr).await;
    let mut offers = Vec::new();
    for i in 0..50 {
        offers.push(offer(&app, &hr, &boss, &company, &program, &format!("实习岗位{i}"), 5).await);
    }
    let token = applicants(&app, 1).await.remove(0);
    let url = app.url("/api/v1/internship-applications");
    let answers = all_at_once(
        offers
            .iter()
            .map(|o| {
                app.client
                    .post(&url)
                    .bearer_auth(&token)
                    .json(&json!({"internship_position_id": o}))
            })
            .collect(),
    )
    .await;
    let statuses: Vec<u16> = answers.iter().map(|(s, _)| *s).collect();
    assert_eq!(count(&answers, 201, None), 3, "{statuses:?}");
    assert_eq!(count(&answers, 409, Some("capacity_full")), 47, "{answers:?}");
    let stored: i64 = app
        .db
        .run(move |conn| {
            Ok(internship_applications::table
                .filter(internship_applications::program_id.eq(program))
                .count()
                .get_result(conn)?)
        })
        .await
        .unwrap();
    assert_eq!(stored, 3, "refused applications leave no rows");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_enterprises_accepting_the_same_people_at_once_place_each_once() {
    let app = spawn_app().await;
    let hr = app.staff("hr@example.com", "hr").await;
    let program = programme(&app, &hr).await;
    let mut employers = Vec::new();
    for (n, name) in [(11, "县电子厂"), (12, "县农机厂"), (13, "县纺织厂")] {
        let (boss, company) =
            verified_employer(&app, &hr, &format!("boss{n}@example.com"), name, n, "manufacturing").await;
        let offer_id = offer(&app, &hr, &boss, &company, &program, "实习生", 50).await;
        employers.push((boss, offer_id));
    }
    let people = applicants(&app, 20).await;
    let mut accepts = Vec::new();
    for token in &people {
        for (boss, offer_id) in &employers {
            let res = apply(&app, token, offer_id).await;
            assert_eq!(res.status(), 201);
            let id = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string();
            accepts.push(
                app.client
                    .post(app.url(&format!("/api/v1/internship-applications/{id}/accept")))
                    .bearer_auth(boss)
                    .json(&json!({})),
            );
        }
    }
    let answers = all_at_once(accepts).await;
    let statuses: Vec<u16> = answers.iter().map(|(s, _)| *s).collect();
    assert_eq!(count(&answers, 200, None), 20, "{statuses:?}");
    assert_eq!(count(&answers, 409, None), 40, "{answers:?}");
    let placements: Vec<(String, i64)> = app
        .db
        .run(move |conn| {
            Ok(internship_applications::table
                .filter(internship_applications::program_id.eq(program))
                .filter(internship_applications::status.eq("accepted"))
                .group_by(internship_applications::applicant_id)
                .select((internship_applications::applicant_id, diesel::dsl::count_star()))
                .load(conn)?)
        })
        .await
        .unwrap();
    assert_eq!(placements.len(), 20, "everyone is placed");
    assert!(placements.iter().all(|(_, n)| *n == 1), "{placements:?}");
    let filled: i32 = app
        .db
        .run(|conn| {
            Ok(internship_offers::table
                .select(diesel::dsl::sum(internship_offers::filled))
                .first::<Option<i64>>(conn)?
                .unwrap_or_default() as i32)
        })
        .await
        .unwrap();
    assert_eq!(filled, 20, "a slot per placement, none left taken by a refused accept");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_administrators_disabling_each_other_fifty_times_at_once_leave_one() {
    let app = spawn_app().await;
    let active_admins = || {
        app.db.run(|conn| {
            Ok(users::table
                .filter(users::role.eq("admin"))
                .filter(users::status.eq("active"))
                .count()
                .get_result::<i64>(conn)?)
        })
    };
    for round in 0..4 {
        // Set-up: the survivor of the last round leaves (directly), two new administrators remain.
        app.db
            .run(|conn| {
                diesel::update(users::table.filter(users::role.eq("admin")))
                    .set(users::status.eq("disabled"))
                    .execute(conn)?;
                Ok(())
            })
            .await
            .unwrap();
        let pair = accounts(&app, 2, Role::Admin).await;
        assert_eq!(active_admins().await.unwrap(), 2);
        let answers = all_at_once(
            (0..50)
                .map(|i| {
                    let (me, other) = (&pair[i % 2], &pair[(i + 1) % 2]);
                    app.client
                        .patch(app.url(&format!("/api/v1/users/{}", other.0)))
                        .bearer_auth(&me.1)
                        .json(&json!({"disabled": true}))
                })
                .collect(),
        )
        .await;
        let statuses: Vec<u16> = answers.iter().map(|(s, _)| *s).collect();
        // 401: the caller had been disabled before its request was read.
        assert!(
            statuses.iter().all(|s| [200, 401, 409].contains(s)),
            "round {round}: {statuses:?}"
        );
        assert_eq!(active_admins().await.unwrap(), 1, "round {round}: {statuses:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn capacity_edits_racing_sixty_sign_ups_keep_the_counts_and_the_order() {
    let app = spawn_app().await;
    let hr = app.staff("hr@example.com", "hr").await;
    let fair = published_fair(&app, &hr, 10, Duration::days(5)).await;
    let people = applicants(&app, 60).await;
    let fair_url = app.url(&format!("/api/v1/job-fairs/{fair}"));
    let mut tasks = Vec::new();
    for token in people {
        let request = app
            .client
            .post(format!("{fair_url}/registrations"))
            .bearer_auth(token)
            .json(&json!({}));
        tasks.push(tokio::spawn(async move {
            vec![request.send().await.unwrap().status().as_u16()]
        }));
    }
    // Editors read the places taken and set the capacity to exactly that (lowering) or a little
    // above it (raising), racing the sign-ups that change it in between.
    for e in 0..20 {
        let (client, url, hr) = (app.client.clone(), fair_url.clone(), hr.clone());
        tasks.push(tokio::spawn(async move {
            let mut statuses = Vec::new();
            for _ in 0..3 {
                let fair: Value = client
                    .get(&url)
                    .bearer_auth(&hr)
                    .send()
                    .await
                    .unwrap()
                    .json()
                    .await
                    .unwrap();
                let taken = fair["registered_count"].as_i64().unwrap();
                let capacity = if e % 2 == 0 { taken.max(1) } else { taken + 2 };
                let res = client
                    .patch(&url)
                    .bearer_auth(&hr)
                    .json(&json!({"capacity": capacity}))
                    .send()
                    .await
                    .unwrap();
                statuses.push(res.status().as_u16());
            }
            statuses
        }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.extend(t.await.unwrap());
    }
    assert!(
        statuses.iter().all(|s| [200, 201, 409].contains(s)),
        "never a 5xx: {statuses:?}"
    );
    assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 60, "{statuses:?}");
    let fair_id = fair.clone();
    let (capacity, taken, rows) = app
        .db
        .run(move |conn| {
            let (capacity, taken): (i32, i32) = job_fairs::table
                .find(&fair_id)
                .select((job_fairs::capacity, job_fairs::registered_count))
                .first(conn)?;
            let rows: Vec<RegistrationRow> = fair_registrations::table
                .filter(fair_registrations::fair_id.eq(&fair_id))
                .select(RegistrationRow::as_select())
                .load(conn)?;
            Ok((capacity, taken, rows))
        })
        .await
        .unwrap();
    let registered: Vec<&RegistrationRow> = rows.iter().filter(|r| r.status == "registered").collect();
    let waiting: Vec<&RegistrationRow> = rows.iter().filter(|r| r.status == "waitlisted").collect();
    assert_eq!(registered.len() + waiting.len(), 60);
    assert_eq!(registered.len() as i32, taken, "the count matches the tickets");
    assert!(taken <= capacity, "{taken} > {capacity}");
    assert!(
        waiting.is_empty() || taken == capacity,
        "a free place while people wait"
    );
    assert!(registered.iter().all(|r| r.ticket_code.is_some()));
    // Those promoted from the waiting list had waited longer than anyone still waiting.
    let last_promoted = registered.iter().filter_map(|r| r.waitlisted_at).max();
    let first_waiting = waiting.iter().filter_map(|r| r.waitlisted_at).min();
    if let (Some(promoted), Some(waiting)) = (last_promoted, first_waiting) {
        assert!(promoted <= waiting, "promoted out of order");
    }
    let promoted = registered.iter().filter(|r| r.waitlisted_at.is_some()).count() as i64;
    let promotion_mails: i64 = app
        .db
        .run(|conn| {
            Ok(outbox::table
                .filter(outbox::template.eq("fair_promoted"))
                .count()
                .get_result(conn)?)
        })
        .await
        .unwrap();
    assert_eq!(promotion_mails, promoted, "every promoted person is mailed once");
    // Every waiting place is given once.
    let places = app
        .db
        .run(move |conn| {
            let mut places = Vec::new();
            for row in rows.iter().filter(|r| r.status == "waitlisted") {
                places.push(juxian::fairs::queries::waitlist_position(conn, row)?.unwrap_or(0));
            }
            Ok(places)
        })
        .await
        .unwrap();
    let mut sorted = places.clone();
    sorted.sort();
    assert_eq!(sorted, (1..=places.len() as i64).collect::<Vec<_>>());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn booth_requests_racing_the_closing_of_their_fairs_come_before_it_or_not_at_all() {
    let app = spawn_app().await;
    let hr = app.staff("hr@example.com", "hr").await;
    let mut employers = Vec::new();
    for n in 0..5u32 {
        let (boss, company) = verified_employer(
            &app,
            &hr,
            &format!("boss{n}@example.com"),
            &format!("县企业{n}"),
            20 + n,
            "manufacturing",
        )
        .await;
        let position = create_position(&app, &boss, &position_body(&company, "操作工")).await["id"]
            .as_str()
            .unwrap()
            .to_string();
        employers.push((boss, position));
    }
    let mut fairs = Vec::new();
    for _ in 0..10 {
        fairs.push(published_fair(&app, &hr, 50, Duration::days(5)).await);
    }
    let mut requests = Vec::new();
    for fair in &fairs {
        for (i, (boss, position)) in employers.iter().enumerate() {
            if i == 2 {
                requests.push(
                    app.client
                        .post(app.url(&format!("/api/v1/job-fairs/{fair}/close")))
                        .bearer_auth(&hr)
                        .json(&json!({})),
                );
            }
            requests.push(
                app.client
                    .post(app.url(&format!("/api/v1/job-fairs/{fair}/booths")))
                    .bearer_auth(boss)
                    .json(&json!({"position_ids": [position]})),
            );
        }
    }
    let answers = all_at_once(requests).await;
    assert_eq!(answers.len(), 60);
    let requested = count(&answers, 201, None);
    let refused = count(&answers, 409, Some("invalid_transition"));
    assert_eq!(count(&answers, 200, None), 10, "every fair closed: {answers:?}");
    assert_eq!(requested + refused, 50, "{answers:?}");
    // In the audit chain (the commit order), no booth request of a fair follows its closing.
    let events: Vec<(i64, String, Option<String>)> = app
        .db
        .run(|conn| {
            Ok(audit_events::table
                .filter(audit_events::action.eq_any(["fair.closed", "fair.booth_requested"]))
                .select((audit_events::seq, audit_events::action, audit_events::entity_id))
                .load(conn)?)
        })
        .await
        .unwrap();
    let booths: Vec<(String, String)> = app
        .db
        .run(|conn| {
            Ok(fair_booths::table
                .select((fair_booths::id, fair_booths::fair_id))
                .load(conn)?)
        })
        .await
        .unwrap();
    assert_eq!(booths.len(), requested);
    let seq_of = |action: &str, id: &str| {
        events
            .iter()
            .find(|(_, a, e)| a == action && e.as_deref() == Some(id))
            .map(|(seq, _, _)| *seq)
            .expect("audited")
    };
    for (booth, fair) in &booths {
        assert!(
            seq_of("fair.booth_requested", booth) < seq_of("fair.closed", fair),
            "a booth was requested at fair {fair} after it closed"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn owners_editing_while_hr_verifies_never_undo_a_verification() {
    let app = spawn_app().await;
    let hr = app.staff("hr@example.com", "hr").await;
    let mut companies = Vec::new();
    for (n, (_, owner)) in accounts(&app, 50, Role::Employer).await.into_iter().enumerate() {
        let body = enterprise_body(&format!("县企业{n}"), &credit_code(100 + n as u32));
        let res = app.post_auth("/api/v1/enterprises", &owner, &body).await;
        assert_eq!(res.status(), 201);
        let id = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string();
        companies.push((id, owner));
    }
    let mut requests = Vec::new();
    for (id, owner) in &companies {
        requests.push(
            app.client
                .patch(app.url(&format!("/api/v1/enterprises/{id}")))
                .bearer_auth(owner)
                .json(&json!({"address": "县工业园区 9 号"})),
        );
        requests.push(
            app.client
                .post(app.url(&format!("/api/v1/enterprises/{id}/verify")))
                .bearer_auth(&hr)
                .json(&json!({})),
        );
    }
    let answers = all_at_once(requests).await;
    assert_eq!(answers.len(), 100);
    for (pair, (id, _)) in answers.chunks(2).zip(&companies) {
        let (edit, verify) = (&pair[0], &pair[1]);
        assert!(
            [200, 409].contains(&edit.0) && [200, 409].contains(&verify.0),
            "{pair:?}"
        );
        let id = id.clone();
        let status: String = app
            .db
            .run(move |conn| Ok(enterprises::table.find(id).select(enterprises::status).first(conn)?))
            .await
            .unwrap();
        if verify.0 == 200 {
            assert_eq!(status, "verified", "an edit undid a verification: {pair:?}");
        } else {
            assert_eq!(status, "pending", "{pair:?}");
        }
    }
}
