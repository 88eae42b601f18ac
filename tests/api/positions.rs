//! Positions: the whole path from an employer's registration to an anonymous search, who may
//! publish and see what, public filters, and bad input that changes nothing.

use crate::enterprises::{
    cast, counts, credit_code, enterprise_body, expect_access, get_json, refuse_all, register_enterprise, send, verify,
};
use crate::helpers::*;
use reqwest::Method;
use serde_json::{json, Value};

pub fn position_body(enterprise_id: &str, title: &str) -> Value {
    json!({
        "enterprise_id": enterprise_id,
        "title": title,
        "description": "负责数控设备日常操作与保养，提供住宿。",
        "headcount": 3,
        "salary_min": 4500,
        "salary_max": 6500,
        "education_requirement": "associate",
        "location": "城关镇工业园",
        "kind": "job",
    })
}

pub async fn create_position(app: &TestApp, token: &str, body: &Value) -> Value {
    let res = app.post_auth("/api/v1/positions", token, body).await;
    assert_eq!(res.status(), 201);
    res.json().await.expect("json")
}

async fn public(app: &TestApp, query: &str) -> Value {
    let res = app
        .client
        .get(app.url(&format!("/api/v1/positions{query}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{query}");
    res.json().await.unwrap()
}

fn titles(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["title"].as_str().unwrap().to_string())
        .collect()
}

/// An employer with a verified enterprise of this industry; returns (employer token, enterprise id).
pub async fn verified_employer(
    app: &TestApp,
    hr: &str,
    email: &str,
    name: &str,
    n: u32,
    industry: &str,
) -> (String, String) {
    let token = app.staff(email, "employer").await;
    let mut body = enterprise_body(name, &credit_code(n));
    body["industry"] = json!(industry);
    let res = app.post_auth("/api/v1/enterprises", &token, &body).await;
    assert_eq!(res.status(), 201);
    let id = res.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string();
    verify(app, hr, &id).await;
    (token, id)
}

#[tokio::test]
async fn from_registration_to_an_anonymous_search() {
    let app = spawn_app().await;
    let employer = app.signup("boss@example.com", "employer").await;
    let hr = app.staff("hr@example.com", "hr").await;
    let enterprise = register_enterprise(&app, &employer, "县农机制造有限公司", &credit_code(100)).await;
    let id = enterprise["id"].as_str().unwrap().to_string();

    // Not verified yet: nothing can be published, and nothing changes.
    let body = position_body(&id, "数控车床操作工");
    let list = "/api/v1/positions".to_string();
    refuse_all(
        &app,
        vec![(Method::POST, list, &employer, body, 409, "enterprise_not_verified")],
    )
    .await;

    verify(&app, &hr, &id).await;
    let mail = &app.mail().wait_for("boss@example.com", 2).await[1];
    assert!(mail.subject().contains("审核通过"), "{}", mail.subject());

    let created = create_position(&app, &employer, &position_body(&id, "数控车床操作工")).await;
    assert_eq!(created["enterprise_id"], id.as_str());
    assert_eq!(created["enterprise_name"], "县农机制造有限公司");
    assert_eq!(created["industry"], "manufacturing");
    assert_eq!(created["status"], "open", "open by default");
    assert_eq!(created["education_requirement"], "associate");
    for field in [
        "id",
        "title",
        "description",
        "headcount",
        "salary_min",
        "salary_max",
        "location",
        "kind",
        "created_at",
        "updated_at",
    ] {
        assert!(!created[field].is_null(), "{field}");
    }
    let mut intern = position_body(&id, "暑期实习生");
    intern["kind"] = json!("internship");
    intern["education_requirement"] = json!("none");
    intern["salary_min"] = json!(2000);
    intern["salary_max"] = json!(2000);
    create_position(&app, &employer, &intern).await;

    // Anyone finds it, with filters, without signing in.
    let page = public(
        &app,
        "?q=数控&industry=manufacturing&education=bachelor&location=城关&kind=job",
    )
    .await;
    assert_eq!(page["total"], 1);
    assert_eq!(page["items"][0], created);
    let page = public(&app, "?q=农机").await;
    assert_eq!(
        titles(&page),
        ["暑期实习生", "数控车床操作工"],
        "enterprise name matches, newest first"
    );
    let one: Value = app
        .client
        .get(app.url(&format!("/api/v1/positions/{}", created["id"].as_str().unwrap())))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(one, created);

    // The employer closes it: it leaves the public list but stays in theirs.
    let res = app
        .patch_auth(
            &format!("/api/v1/positions/{}", created["id"].as_str().unwrap()),
            &employer,
            &json!({"status": "closed", "headcount": 5}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let closed: Value = res.json().await.unwrap();
    assert_eq!(
        (closed["status"].as_str(), closed["headcount"].as_i64()),
        (Some("closed"), Some(5))
    );
    assert_eq!(closed["title"], "数控车床操作工");
    assert_eq!(titles(&public(&app, "").await), ["暑期实习生"]);
    let mine = get_json(&app, "/api/v1/me/positions", &employer).await;
    assert_eq!(mine["total"], 2);
    let mine = get_json(&app, "/api/v1/me/positions?status=closed", &employer).await;
    assert_eq!(titles(&mine), ["数控车床操作工"]);
}

#[tokio::test]
async fn public_filters_and_pages() {
    let app = spawn_app().await;
    let hr = app.staff("hr@example.com", "hr").await;
    let (factory, factory_id) =
        verified_employer(&app, &hr, "f@example.com", "Green Valley 食品厂", 110, "manufacturing").await;
    let (hospital, hospital_id) =
        verified_employer(&app, &hr, "h@example.com", "县人民医院", 111, "health_social_work").await;
    // A pending enterprise's owner cannot publish, so nothing of theirs is listed.
    let pending = app.staff("p@example.com", "employer").await;
    register_enterprise(&app, &pending, "待审公司", &credit_code(112)).await;

    let mut body = position_body(&factory_id, "Packing 100% Worker");
    body["education_requirement"] = json!("none");
    body["location"] = json!("Chengguan Town");
    create_position(&app, &factory, &body).await;
    let mut body = position_body(&factory_id, "质检员");
    body["education_requirement"] = json!("high_school");
    body["kind"] = json!("internship");
    create_position(&app, &factory, &body).await;
    let mut body = position_body(&hospital_id, "护士");
    body["education_requirement"] = json!("bachelor");
    body["description"] = json!("需持 PACKING 以外的护士执业证");
    body["location"] = json!("城关镇");
    create_position(&app, &hospital, &body).await;
    let mut body = position_body(&hospital_id, "主治医师");
    body["education_requirement"] = json!("master");
    body["status"] = json!("closed");
    create_position(&app, &hospital, &body).await;

    assert_eq!(public(&app, "").await["total"], 3, "closed positions are not listed");
    assert_eq!(
        titles(&public(&app, "?q=packing").await),
        ["护士", "Packing 100% Worker"],
        "title or description, any case"
    );
    assert_eq!(titles(&public(&app, "?q=100%25").await), ["Packing 100% Worker"]);
    assert_eq!(public(&app, "?q=%25%25").await["total"], 0, "% is literal");
    assert_eq!(public(&app, "?q=_").await["total"], 0, "_ is literal");
    assert_eq!(
        titles(&public(&app, "?q=green%20valley").await).len(),
        2,
        "enterprise name"
    );
    assert_eq!(titles(&public(&app, "?industry=health_social_work").await), ["护士"]);
    assert_eq!(
        titles(&public(&app, "?education=high_school").await),
        ["质检员", "Packing 100% Worker"]
    );
    assert_eq!(public(&app, "?education=doctorate").await["total"], 3);
    assert_eq!(
        titles(&public(&app, "?location=chengguan").await),
        ["Packing 100% Worker"]
    );
    assert_eq!(titles(&public(&app, "?location=城关").await), ["护士", "质检员"]);
    assert_eq!(titles(&public(&app, "?kind=internship").await), ["质检员"]);
    let page = public(&app, "?per_page=2&page=2").await;
    assert_eq!(
        (page["total"].as_i64(), page["page"].as_i64(), page["per_page"].as_i64()),
        (Some(3), Some(2), Some(2))
    );
    assert_eq!(titles(&page), ["Packing 100% Worker"]);
    for bad in ["?kind=parttime", "?education=phd", "?industry=piracy"] {
        assert_problem(
            app.client
                .get(app.url(&format!("/api/v1/positions{bad}")))
                .send()
                .await
                .unwrap(),
            400,
            "malformed_json",
        )
        .await;
    }
    assert_problem(
        app.client
            .get(app.url("/api/v1/positions?status=closed"))
            .send()
            .await
            .unwrap(),
        400,
        "validation_failed",
    )
    .await;
}

#[tokio::test]
async fn who_may_publish_and_see_positions() {
    let app = spawn_app().await;
    let hr = app.staff("hr@example.com", "hr").await;
    let (owner, id) = verified_employer(&app, &hr, "owner@example.com", "甲公司", 120, "construction").await;
    let (other, _) = verified_employer(&app, &hr, "other@example.com", "乙公司", 121, "finance").await;
    let cast = cast(&app, &owner, &other, &hr).await;
    let open = create_position(&app, &owner, &position_body(&id, "施工员")).await;
    let mut body = position_body(&id, "预算员");
    body["status"] = json!("closed");
    let closed = create_position(&app, &owner, &body).await;
    let open_path = format!("/api/v1/positions/{}", open["id"].as_str().unwrap());
    let closed_path = format!("/api/v1/positions/{}", closed["id"].as_str().unwrap());

    // Statuses for anonymous, applicant, owner, other employer, hr, finance, admin.
    let insiders = [404, 404, 200, 404, 200, 404, 200];
    let employers = [401, 403, 200, 200, 403, 403, 403];
    let owner_creates = [401, 403, 201, 404, 403, 403, 403];
    let owner_only = [401, 403, 200, 404, 403, 403, 403];
    let (list, mine) = ("/api/v1/positions", "/api/v1/me/positions");
    let patch = json!({"salary_max": 9000});
    expect_access(
        &app,
        &cast,
        vec![
            (Method::GET, list.into(), None, [200; 7]),
            (Method::GET, open_path.clone(), None, [200; 7]),
            (Method::GET, closed_path.clone(), None, insiders),
            (Method::GET, mine.into(), None, employers),
            (
                Method::POST,
                list.into(),
                Some(position_body(&id, "资料员")),
                owner_creates,
            ),
            (Method::PATCH, open_path.clone(), Some(patch.clone()), owner_only),
            (Method::PATCH, closed_path.clone(), Some(patch), owner_only),
        ],
    )
    .await;

    // Each employer sees only their own positions.
    let theirs = get_json(&app, mine, &other).await;
    assert_eq!(theirs["total"], 0);
    let ours = get_json(&app, mine, &owner).await;
    assert_eq!(ours["total"], 3);
    // A token that is sent must be valid, even where none is needed.
    assert_problem(
        send(&app, Method::GET, &open_path, Some("not-a-token"), None).await,
        401,
        "unauthorized",
    )
    .await;
    assert_problem(app.get_auth("/api/v1/positions/nope", &hr).await, 404, "not_found").await;
    refuse_all(
        &app,
        vec![(Method::DELETE, open_path, &owner, json!({}), 405, "method_not_allowed")],
    )
    .await;
}

#[tokio::test]
async fn bad_positions_change_nothing() {
    let app = spawn_app().await;
    let hr = app.staff("hr@example.com", "hr").await;
    let (owner, id) = verified_employer(&app, &hr, "owner@example.com", "甲公司", 130, "education").await;
    let (other, other_id) = verified_employer(&app, &hr, "other@example.com", "乙公司", 131, "education").await;
    let position = create_position(&app, &owner, &position_body(&id, "教师")).await;
    let one = format!("/api/v1/positions/{}", position["id"].as_str().unwrap());
    let list = "/api/v1/positions".to_string();

    let mut upside_down = position_body(&id, "教师");
    upside_down["salary_min"] = json!(9000);
    upside_down["salary_max"] = json!(3000);
    let all_bad = json!({"enterprise_id": id, "title": "", "description": "", "headcount": 0, "salary_min": -5,
        "salary_max": 100, "location": "", "kind": "job"});
    let mut fractional = position_body(&id, "教师");
    fractional["salary_min"] = json!(4500.5);
    let mut bad_education = position_body(&id, "教师");
    bad_education["education_requirement"] = json!("phd");
    let bodies = refuse_all(
        &app,
        vec![
            (
                Method::POST,
                list.clone(),
                &owner,
                upside_down,
                400,
                "validation_failed",
            ),
            (
                Method::PATCH,
                one.clone(),
                &owner,
                json!({"salary_min": 7000}),
                400,
                "validation_failed",
            ),
            (Method::POST, list.clone(), &owner, all_bad, 400, "validation_failed"),
            (Method::POST, list.clone(), &owner, fractional, 400, "malformed_json"),
            (Method::POST, list.clone(), &owner, bad_education, 400, "malformed_json"),
            // Another employer's enterprise or position does not exist for this one.
            (
                Method::POST,
                list.clone(),
                &owner,
                position_body(&other_id, "教师"),
                404,
                "not_found",
            ),
            (
                Method::PATCH,
                one.clone(),
                &other,
                json!({"title": "改"}),
                404,
                "not_found",
            ),
            (
                Method::POST,
                list.clone(),
                &owner,
                position_body("no-such-enterprise", "教师"),
                404,
                "not_found",
            ),
            // The enterprise of a position never changes.
            (
                Method::PATCH,
                one.clone(),
                &owner,
                json!({"enterprise_id": other_id}),
                400,
                "validation_failed",
            ),
        ],
    )
    .await;
    assert_eq!(bodies[0]["errors"][0]["field"], "salary_max");
    assert_eq!(
        bodies[1]["errors"][0]["field"], "salary_max",
        "checked against the stored maximum"
    );
    let fields: Vec<&str> = bodies[2]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["title", "description", "location", "headcount", "salary_min"]);
    assert_eq!(bodies[8]["errors"][0]["code"], "unknown_field");
    let unchanged = get_json(&app, &one, &owner).await;
    assert_eq!(unchanged, position);
    assert_eq!(counts(&app).await, (2, 1));
}
