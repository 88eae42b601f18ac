//! Enterprises: registration, HR review with mail, fix and resubmit, who may see and touch what,
//! bad input that changes nothing, and the credit code under concurrency.

use crate::helpers::*;
use diesel::prelude::*;
use juxian::db::schema::{audit_events, enterprises, positions};
use reqwest::{Method, Response};
use serde_json::{json, Value};

/// A valid unified social credit code, different for every `n`.
pub fn credit_code(n: u32) -> String {
    let first17 = format!("91450100{n:09}");
    let check = juxian::enterprises::rules::credit_code_check_char(&first17).expect("17 digits");
    format!("{first17}{check}")
}

/// A complete registration body.
pub fn enterprise_body(name: &str, code: &str) -> Value {
    json!({
        "name": name,
        "credit_code": code,
        "industry": "manufacturing",
        "address": "广西某县工业园区 8 号",
        "contact_name": "王经理",
        "contact_phone": "138 0013 8000",
        "size": "small",
    })
}

/// Rows in the enterprises and positions tables.
pub async fn counts(app: &TestApp) -> (i64, i64) {
    app.db
        .run(|conn| {
            Ok((
                enterprises::table.count().get_result(conn)?,
                positions::table.count().get_result(conn)?,
            ))
        })
        .await
        .expect("counts")
}

/// Send a request with an optional bearer token and JSON body.
pub async fn send(app: &TestApp, method: Method, path: &str, token: Option<&str>, body: Option<&Value>) -> Response {
    let mut req = app.client.request(method, app.url(path));
    if let Some(token) = token {
        req = req.bearer_auth(token);
    }
    if let Some(body) = body {
        req = req.json(body);
    }
    req.send().await.expect("request")
}

/// A request that must be refused: method, path, bearer token, JSON body, status, problem code.
pub type Refusal<'a> = (Method, String, &'a str, Value, u16, &'a str);

/// Send each request and assert its problem answer, then assert that nothing changed in the
/// database (accounts, audit, outbox, sessions, enterprises, positions); returns the bodies.
pub async fn refuse_all(app: &TestApp, cases: Vec<Refusal<'_>>) -> Vec<Value> {
    let before = (app.snapshot().await, counts(app).await);
    let mut bodies = Vec::new();
    for (method, path, token, body, status, code) in cases {
        let res = send(app, method, &path, Some(token), Some(&body)).await;
        bodies.push(assert_problem(res, status, code).await);
    }
    assert_eq!(
        (app.snapshot().await, counts(app).await),
        before,
        "a refused request changed something"
    );
    bodies
}

/// Who the access tables try, each with a token (none for anonymous), in this order:
/// anonymous, applicant, owner, other employer, hr, finance, admin.
pub type Cast = Vec<(&'static str, Option<String>)>;

/// The cast around an owner, another employer and an HR user already signed in.
pub async fn cast(app: &TestApp, owner: &str, other: &str, hr: &str) -> Cast {
    vec![
        ("anonymous", None),
        ("applicant", Some(app.staff("applicant@example.com", "applicant").await)),
        ("owner", Some(owner.to_string())),
        ("other employer", Some(other.to_string())),
        ("hr", Some(hr.to_string())),
        ("finance", Some(app.staff("finance@example.com", "finance").await)),
        ("admin", Some(app.admin("admin@example.com").await)),
    ]
}

/// Send each row's request as each member of the cast, in order, and assert the statuses
/// (a table has one status column per member of its cast).
pub async fn expect_access<const N: usize>(
    app: &TestApp,
    cast: &[(&'static str, Option<String>)],
    table: Vec<(Method, String, Option<Value>, [u16; N])>,
) {
    assert!(cast.len() == N, "one status per member of the cast");
    for (method, path, body, expected) in table {
        for ((name, token), status) in cast.iter().zip(expected) {
            let res = send(app, method.clone(), &path, token.as_deref(), body.as_ref()).await;
            assert_eq!(res.status().as_u16(), status, "{name} {method} {path}");
        }
    }
}

/// The audit actions recorded on one kind of entity, oldest first.
pub async fn audit_actions(app: &TestApp, entity: &'static str) -> Vec<String> {
    app.db
        .run(move |conn| {
            Ok(audit_events::table
                .filter(audit_events::entity.eq(entity))
                .order(audit_events::seq.asc())
                .select(audit_events::action)
                .load(conn)?)
        })
        .await
        .expect("audit actions")
}

/// GET as `token` and read the JSON answer.
pub async fn get_json(app: &TestApp, path: &str, token: &str) -> Value {
    app.get_auth(path, token).await.json().await.expect("json")
}

/// Register an enterprise for `token`'s employer; returns the created resource.
pub async fn register_enterprise(app: &TestApp, token: &str, name: &str, code: &str) -> Value {
    let res = app
        .post_auth("/api/v1/enterprises", token, &enterprise_body(name, code))
        .await;
    assert_eq!(res.status(), 201);
    res.json().await.expect("json")
}

/// HR verifies an enterprise.
pub async fn verify(app: &TestApp, hr: &str, id: &str) -> Value {
    let res = app
        .post_auth(&format!("/api/v1/enterprises/{id}/verify"), hr, &json!({}))
        .await;
    assert_eq!(res.status(), 200);
    res.json().await.expect("json")
}

#[tokio::test]
async fn employer_registers_and_hr_verifies_with_mail_and_audit() {
    let app = spawn_app().await;
    let employer = app.signup("boss@example.com", "employer").await;
    let hr = app.staff("hr@example.com", "hr").await;
    assert_problem(app.get_auth("/api/v1/me/enterprise", &employer).await, 404, "not_found").await;

    let code = credit_code(1);
    let res = app
        .post_auth(
            "/api/v1/enterprises",
            &employer,
            &enterprise_body("  县农机制造有限公司 ", &code.to_lowercase()),
        )
        .await;
    assert_eq!(res.status(), 201);
    let created: Value = res.json().await.unwrap();
    let id = created["id"].as_str().unwrap().to_string();
    assert_eq!(created["name"], "县农机制造有限公司");
    assert_eq!(created["credit_code"], code, "normalised to upper case");
    assert_eq!(created["contact_phone"], "13800138000");
    assert_eq!(created["status"], "pending");
    assert!(created["rejection_reason"].is_null() && created["verified_at"].is_null());
    for field in [
        "industry",
        "address",
        "contact_name",
        "size",
        "created_at",
        "updated_at",
    ] {
        assert!(!created[field].is_null(), "{field}");
    }
    let mine = get_json(&app, "/api/v1/me/enterprise", &employer).await;
    assert_eq!(mine, created);

    // HR's review queue.
    let queue = get_json(&app, "/api/v1/enterprises?status=pending", &hr).await;
    assert_eq!(queue["total"], 1);
    assert_eq!(queue["items"][0]["id"], id.as_str());

    let verified = verify(&app, &hr, &id).await;
    assert_eq!(verified["status"], "verified");
    assert!(verified["verified_at"].is_string());
    let mails = app.mail().wait_for("boss@example.com", 2).await;
    let mail = &mails[1];
    assert!(mail.subject().contains("审核通过"), "{}", mail.subject());
    assert!(mail.text().contains("县农机制造有限公司"));
    let queue = get_json(&app, "/api/v1/enterprises?status=pending", &hr).await;
    assert_eq!(queue["total"], 0);

    // Deciding twice is an illegal transition, and a verified enterprise is no longer the owner's
    // to edit; none of it changes anything.
    let one = format!("/api/v1/enterprises/{id}");
    refuse_all(
        &app,
        vec![
            (
                Method::POST,
                format!("{one}/verify"),
                &hr,
                json!({}),
                409,
                "invalid_transition",
            ),
            (
                Method::POST,
                format!("{one}/reject"),
                &hr,
                json!({"reason": "太晚了"}),
                409,
                "invalid_transition",
            ),
            (
                Method::PATCH,
                one.clone(),
                &employer,
                json!({"name": "别名"}),
                409,
                "invalid_transition",
            ),
        ],
    )
    .await;

    assert_eq!(
        audit_actions(&app, "enterprise").await,
        ["enterprise.registered", "enterprise.verified"]
    );
    let key = juxian::audit::AuditKey::new(&app.config.secret_key);
    let masked: String = app
        .db
        .run(|conn| {
            Ok(audit_events::table
                .filter(audit_events::action.eq("enterprise.registered"))
                .select(audit_events::after_json.assume_not_null())
                .first(conn)?)
        })
        .await
        .unwrap();
    assert!(
        masked.contains("138****8000") && !masked.contains("13800138000"),
        "{masked}"
    );
    assert!(matches!(
        app.db.run(move |conn| juxian::audit::verify(conn, &key)).await.unwrap(),
        juxian::audit::queries::Verification::Intact(_)
    ));
}

#[tokio::test]
async fn rejection_with_reason_then_fix_resubmits_and_hr_verifies() {
    let app = spawn_app().await;
    // This employer reads English: the decision mails come in English.
    let res = app
        .post(
            "/api/v1/auth/register",
            &json!({"email": "en@example.com", "password": PASSWORD, "display_name": "Li Lei", "role": "employer", "privacy_notice_version": juxian::privacy::notice::version(), "locale": "en"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let token = app.verification_token("en@example.com", 1).await;
    app.post("/api/v1/auth/verify-email", &json!({"token": token})).await;
    let employer = app.login("en@example.com", PASSWORD).await;
    let hr = app.staff("hr@example.com", "hr").await;
    let id = register_enterprise(&app, &employer, "Riverside Foods", &credit_code(2)).await["id"]
        .as_str()
        .unwrap()
        .to_string();

    // A rejection needs a reason; without one nothing changes.
    let one = format!("/api/v1/enterprises/{id}");
    let bodies = refuse_all(
        &app,
        vec![
            (
                Method::POST,
                format!("{one}/reject"),
                &hr,
                json!({}),
                400,
                "validation_failed",
            ),
            (
                Method::POST,
                format!("{one}/reject"),
                &hr,
                json!({"reason": "  "}),
                400,
                "validation_failed",
            ),
        ],
    )
    .await;
    assert!(bodies.iter().all(|b| b["errors"][0]["field"] == "reason"));

    let res = app
        .post_auth(
            &format!("/api/v1/enterprises/{id}/reject"),
            &hr,
            &json!({"reason": "营业执照照片模糊，地址与执照不符"}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let rejected: Value = res.json().await.unwrap();
    assert_eq!(rejected["status"], "rejected");
    assert_eq!(rejected["rejection_reason"], "营业执照照片模糊，地址与执照不符");
    let mail = &app.mail().wait_for("en@example.com", 2).await[1];
    assert!(mail.subject().contains("not approved"), "{}", mail.subject());
    assert!(mail.text().contains("营业执照照片模糊"));

    // Rejected is not pending: HR cannot decide again until it is resubmitted.
    refuse_all(
        &app,
        vec![(
            Method::POST,
            format!("{one}/verify"),
            &hr,
            json!({}),
            409,
            "invalid_transition",
        )],
    )
    .await;
    let mine = get_json(&app, "/api/v1/me/enterprise", &employer).await;
    assert_eq!(mine["rejection_reason"], "营业执照照片模糊，地址与执照不符");

    // The owner fixes the address: that resubmits it.
    let res = app
        .patch_auth(
            &format!("/api/v1/enterprises/{id}"),
            &employer,
            &json!({"address": "广西某县滨江路 1 号"}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let fixed: Value = res.json().await.unwrap();
    assert_eq!(fixed["status"], "pending");
    assert!(fixed["rejection_reason"].is_null());
    assert_eq!(fixed["address"], "广西某县滨江路 1 号");
    assert_eq!(fixed["name"], "Riverside Foods", "untouched fields stay");
    let queue = get_json(&app, "/api/v1/enterprises?status=pending", &hr).await;
    assert_eq!(queue["items"][0]["id"], id.as_str());

    // A pending enterprise can still be edited; it stays pending.
    let res = app
        .patch_auth(
            &format!("/api/v1/enterprises/{id}"),
            &employer,
            &json!({"size": "medium"}),
        )
        .await;
    assert_eq!(res.json::<Value>().await.unwrap()["status"], "pending");

    verify(&app, &hr, &id).await;
    let mail = &app.mail().wait_for("en@example.com", 3).await[2];
    assert!(mail.subject().contains("verified"), "{}", mail.subject());
    let actions = audit_actions(&app, "enterprise").await;
    assert_eq!(
        actions,
        [
            "enterprise.registered",
            "enterprise.rejected",
            "enterprise.resubmitted",
            "enterprise.updated",
            "enterprise.verified"
        ]
    );
}

#[tokio::test]
async fn who_may_do_what_with_an_enterprise() {
    let app = spawn_app().await;
    let owner = app.staff("owner@example.com", "employer").await;
    let other = app.staff("other@example.com", "employer").await;
    let hr = app.staff("hr@example.com", "hr").await;
    let cast = cast(&app, &owner, &other, &hr).await;
    let id = register_enterprise(&app, &owner, "甲公司", &credit_code(10)).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let others = register_enterprise(&app, &other, "乙公司", &credit_code(11)).await;

    // Statuses for anonymous, applicant, owner, other employer, hr, finance, admin.
    let staff = [401, 403, 403, 403, 200, 403, 200];
    let insiders = [401, 404, 200, 404, 200, 404, 200];
    let employers = [401, 403, 200, 200, 403, 403, 403];
    let owner_only = [401, 403, 200, 404, 403, 403, 403];
    let one_each = [401, 403, 409, 409, 403, 403, 403];
    // hr decides first; admin (also a reviewer) then finds it already decided.
    let reviewers = [401, 403, 403, 403, 200, 403, 409];
    let (list, one) = ("/api/v1/enterprises".to_string(), format!("/api/v1/enterprises/{id}"));
    let patch = json!({"address": "新址 1 号"});
    let new = enterprise_body("丙公司", &credit_code(12));
    let reject = json!({"reason": "资料不全"});
    expect_access(
        &app,
        &cast,
        vec![
            (Method::GET, list.clone(), None, staff),
            (Method::GET, one.clone(), None, insiders),
            (Method::GET, "/api/v1/me/enterprise".into(), None, employers),
            (Method::PATCH, one.clone(), Some(patch.clone()), owner_only),
            (Method::POST, list, Some(new), one_each),
            (Method::POST, format!("{one}/reject"), Some(reject), reviewers),
        ],
    )
    .await;
    // The owner's fix resubmits it; then a reviewer verifies it.
    send(&app, Method::PATCH, &one, Some(&owner), Some(&patch)).await;
    expect_access(
        &app,
        &cast,
        vec![(Method::POST, format!("{one}/verify"), None, reviewers)],
    )
    .await;

    // Nothing touched the other employer's enterprise.
    let after = get_json(
        &app,
        &format!("/api/v1/enterprises/{}", others["id"].as_str().unwrap()),
        &hr,
    )
    .await;
    assert_eq!(after, others);
    assert_eq!(counts(&app).await, (2, 0));
    // Unknown ids are 404 for everyone who may look; unknown methods 405.
    assert_problem(app.get_auth("/api/v1/enterprises/nope", &hr).await, 404, "not_found").await;
    refuse_all(
        &app,
        vec![
            (
                Method::POST,
                "/api/v1/enterprises/nope/verify".into(),
                &hr,
                json!({}),
                404,
                "not_found",
            ),
            (
                Method::DELETE,
                one.clone(),
                &owner,
                json!({}),
                405,
                "method_not_allowed",
            ),
        ],
    )
    .await;
}

#[tokio::test]
async fn bad_registrations_change_nothing() {
    let app = spawn_app().await;
    let employer = app.staff("boss@example.com", "employer").await;
    let second = app.staff("second@example.com", "employer").await;
    let code = credit_code(20);
    let list = "/api/v1/enterprises".to_string();

    // A wrong check character, a wrong length, letters outside the alphabet.
    let mut wrong_check = code.clone();
    let last = wrong_check.pop().unwrap();
    wrong_check.push(if last == '0' { '1' } else { '0' });
    let bad_codes = [wrong_check.as_str(), "91450100000000020", "9145010000000002OI"];
    let cases = bad_codes
        .iter()
        .map(|bad| {
            let body = enterprise_body("甲公司", bad);
            (
                Method::POST,
                list.clone(),
                employer.as_str(),
                body,
                400,
                "validation_failed",
            )
        })
        .collect();
    for body in refuse_all(&app, cases).await {
        assert_eq!(body["errors"][0]["field"], "credit_code");
        assert_eq!(body["errors"][0]["code"], "invalid_credit_code");
    }

    let mut with_status = enterprise_body("甲公司", &code);
    with_status["status"] = json!("verified");
    let all_bad = json!({"name": "", "credit_code": "", "industry": "manufacturing", "address": "",
        "contact_name": "", "contact_phone": "12345", "size": "small"});
    let mut bad_industry = enterprise_body("甲公司", &code);
    bad_industry["industry"] = json!("piracy");
    let bodies = refuse_all(
        &app,
        vec![
            // Status is not writable.
            (
                Method::POST,
                list.clone(),
                &employer,
                with_status,
                400,
                "validation_failed",
            ),
            // Every bad field at once.
            (Method::POST, list.clone(), &employer, all_bad, 400, "validation_failed"),
            // Unknown choices and missing fields.
            (
                Method::POST,
                list.clone(),
                &employer,
                bad_industry,
                400,
                "malformed_json",
            ),
            (
                Method::POST,
                list.clone(),
                &employer,
                json!({"name": "甲公司"}),
                400,
                "validation_failed",
            ),
        ],
    )
    .await;
    assert_eq!(
        (
            bodies[0]["errors"][0]["field"].as_str(),
            bodies[0]["errors"][0]["code"].as_str()
        ),
        (Some("status"), Some("unknown_field"))
    );
    let fields: Vec<&str> = bodies[1]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        ["name", "credit_code", "address", "contact_name", "contact_phone"]
    );

    // One per credit code (in any case), one per account; a change may not take another
    // enterprise's code either, nor carry bad fields.
    let id = register_enterprise(&app, &employer, "甲公司", &code).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let other_id = register_enterprise(&app, &second, "乙公司", &credit_code(22)).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (mine, theirs) = (format!("{list}/{id}"), format!("{list}/{other_id}"));
    refuse_all(
        &app,
        vec![
            (
                Method::POST,
                list.clone(),
                &second,
                enterprise_body("冒名公司", &code.to_lowercase()),
                409,
                "enterprise_exists",
            ),
            (
                Method::POST,
                list.clone(),
                &employer,
                enterprise_body("第二家", &credit_code(21)),
                409,
                "enterprise_exists",
            ),
            (
                Method::PATCH,
                theirs,
                &second,
                json!({"credit_code": code}),
                409,
                "value_taken",
            ),
            (
                Method::PATCH,
                mine.clone(),
                &employer,
                json!({"contact_phone": "110"}),
                400,
                "validation_failed",
            ),
            (
                Method::PATCH,
                mine,
                &employer,
                json!({"status": "verified"}),
                400,
                "validation_failed",
            ),
        ],
    )
    .await;
    assert_eq!(counts(&app).await, (2, 0));
}

#[tokio::test]
async fn hr_lists_with_filters_and_pages() {
    let app = spawn_app().await;
    let hr = app.staff("hr@example.com", "hr").await;
    let mut ids = Vec::new();
    for (i, name) in ["Alpha 机械", "Beta 食品", "alpha 50% 物流"].iter().enumerate() {
        let n = u32::try_from(i).unwrap();
        let token = app.staff(&format!("e{i}@example.com"), "employer").await;
        ids.push(register_enterprise(&app, &token, name, &credit_code(30 + n)).await["id"].clone());
    }
    verify(&app, &hr, ids[1].as_str().unwrap()).await;
    let page = get_json(&app, "/api/v1/enterprises?q=ALPHA", &hr).await;
    assert_eq!(page["total"], 2);
    assert_eq!(page["items"][0]["id"], ids[0], "oldest first");
    let page = get_json(&app, "/api/v1/enterprises?q=50%25", &hr).await;
    assert_eq!(page["total"], 1, "% matches literally");
    let code = credit_code(31).to_lowercase();
    let page = get_json(&app, &format!("/api/v1/enterprises?q={}", &code[10..]), &hr).await;
    assert_eq!(page["items"][0]["id"], ids[1], "credit code search, any case");
    let page = get_json(&app, "/api/v1/enterprises?status=pending&per_page=1&page=2", &hr).await;
    assert_eq!(
        (page["total"].as_i64(), page["page"].as_i64(), page["per_page"].as_i64()),
        (Some(2), Some(2), Some(1))
    );
    assert_eq!(page["items"][0]["id"], ids[2]);
    let page = get_json(&app, "/api/v1/enterprises?status=verified", &hr).await;
    assert_eq!(page["total"], 1);
    assert_problem(
        app.get_auth("/api/v1/enterprises?status=approved", &hr).await,
        400,
        "malformed_json",
    )
    .await;
    assert_problem(
        app.get_auth("/api/v1/enterprises?owner=me", &hr).await,
        400,
        "validation_failed",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ten_concurrent_registrations_of_one_credit_code_give_one_enterprise() {
    let app = spawn_app().await;
    let mut tokens = Vec::new();
    for i in 0..10 {
        tokens.push(app.staff(&format!("rush{i}@example.com"), "employer").await);
    }
    let code = credit_code(40);
    let mut tasks = Vec::new();
    for (i, token) in tokens.into_iter().enumerate() {
        let client = app.client.clone();
        let url = app.url("/api/v1/enterprises");
        let body = enterprise_body(&format!("抢注公司{i}"), &code);
        tasks.push(tokio::spawn(async move {
            client
                .post(url)
                .bearer_auth(token)
                .json(&body)
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
    assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 1, "{statuses:?}");
    assert!(statuses.iter().all(|s| *s == 201 || *s == 409), "{statuses:?}");
    assert_eq!(counts(&app).await, (1, 0));
    // One registration audited (after the ten log-ins), the chain unbroken.
    let key = juxian::audit::AuditKey::new(&app.config.secret_key);
    assert_eq!(
        app.db.run(move |conn| juxian::audit::verify(conn, &key)).await.unwrap(),
        juxian::audit::queries::Verification::Intact(11)
    );
}
