//! Framework-level failures answer problem+json too; headers, CORS, health, metrics and the API document.

use crate::helpers::*;
use serde_json::{json, Value};

#[tokio::test]
async fn unknown_routes_wrong_methods_and_bad_bodies() {
    let app = spawn_app().await;
    let before = app.snapshot().await;
    assert_problem(
        app.client.get(app.url("/api/v1/nothing-here")).send().await.unwrap(),
        404,
        "not_found",
    )
    .await;
    assert_problem(
        app.client.get(app.url("/api/elsewhere")).send().await.unwrap(),
        404,
        "not_found",
    )
    .await;
    assert_problem(
        app.client.get(app.url("/no-frontend-path")).send().await.unwrap(),
        404,
        "not_found",
    )
    .await;
    assert_problem(
        app.client.get(app.url("/api/v1/auth/login")).send().await.unwrap(),
        405,
        "method_not_allowed",
    )
    .await;
    assert_problem(
        app.client.delete(app.url("/api/v1/users")).send().await.unwrap(),
        405,
        "method_not_allowed",
    )
    .await;
    // RFC 9110: a 405 lists what the path accepts.
    for (path, allowed) in [
        ("/api/v1/auth/login", "POST"),
        ("/api/v1/users", "GET, POST"),
        ("/healthz", "GET"),
    ] {
        let res = app.client.put(app.url(path)).send().await.unwrap();
        assert_eq!(res.status().as_u16(), 405, "{path}");
        let allow = res
            .headers()
            .get("allow")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        assert_eq!(allow.as_deref(), Some(allowed), "{path}");
    }

    let register = app.url("/api/v1/auth/register");
    let res = app
        .client
        .post(&register)
        .header("content-type", "application/json")
        .body("{\"email\": ")
        .send()
        .await
        .unwrap();
    assert_problem(res, 400, "malformed_json").await;
    let res = app
        .client
        .post(&register)
        .header("content-type", "text/plain")
        .body("email=a")
        .send()
        .await
        .unwrap();
    assert_problem(res, 415, "unsupported_media_type").await;
    let huge =
        json!({"email": "a@example.com", "password": "x".repeat(70 * 1024), "display_name": "A", "role": "applicant"});
    assert_problem(app.post("/api/v1/auth/register", &huge).await, 413, "payload_too_large").await;
    let res = app
        .post(
            "/api/v1/auth/register",
            &json!({"email": 5, "password": PASSWORD, "display_name": "A", "role": "applicant"}),
        )
        .await;
    let body = assert_problem(res, 400, "malformed_json").await;
    assert!(
        !body["detail"].as_str().unwrap().contains("line"),
        "no parser internals"
    );
    let res = app
        .post(
            "/api/v1/auth/register",
            &json!({"password": PASSWORD, "display_name": "A", "role": "applicant"}),
        )
        .await;
    let body = assert_problem(res, 400, "validation_failed").await;
    assert_eq!(body["errors"][0]["code"], "required");
    let res = app
        .post(
            "/api/v1/auth/register",
            &json!({"email": "bad", "password": "short", "display_name": "  ", "role": "employer"}),
        )
        .await;
    let body = assert_problem(res, 400, "validation_failed").await;
    let codes: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["invalid_email", "too_short", "required"]);
    let long = "长".repeat(129);
    let res = app
        .post(
            "/api/v1/auth/register",
            &json!({"email": "long@example.com", "password": long, "display_name": "A", "role": "applicant"}),
        )
        .await;
    assert_eq!(
        assert_problem(res, 400, "validation_failed").await["errors"][0]["code"],
        "too_long"
    );
    assert_eq!(app.snapshot().await, before, "nothing changed");

    // Duplicate registration: answered as a new one (the owner is mailed; see accounts.rs), and
    // no account or session is created.
    assert_eq!(app.register("dup@example.com", "applicant").await.status(), 201);
    let before = app.snapshot().await;
    assert_eq!(app.register("DUP@example.com", "employer").await.status(), 201);
    let after = app.snapshot().await;
    assert_eq!((after.0, after.3), (before.0, before.3));
}

#[tokio::test]
async fn security_headers_and_cors_allow_list() {
    let app = spawn_app().await;
    let res = app.client.get(app.url("/api/v1/me")).send().await.unwrap();
    let h = res.headers();
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["cache-control"], "no-store");
    assert!(h["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("default-src 'self'"));
    assert!(h.contains_key("referrer-policy"));
    assert!(h.contains_key("x-request-id"));

    let allowed = app
        .client
        .get(app.url("/healthz"))
        .header("Origin", "https://allowed.example")
        .send()
        .await
        .unwrap();
    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        "https://allowed.example"
    );
    let other = app
        .client
        .get(app.url("/healthz"))
        .header("Origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert!(!other.headers().contains_key("access-control-allow-origin"));
}

#[tokio::test]
async fn health_readiness_metrics_and_openapi() {
    let app = spawn_app().await;
    assert_eq!(app.client.get(app.url("/healthz")).send().await.unwrap().status(), 200);
    assert_eq!(
        app.client
            .get(app.url("/readyz"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
        "ready"
    );
    let _ = app.register("m@example.com", "applicant").await;
    let metrics = app
        .client
        .get(app.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics
            .contains("juxian_http_requests_total{method=\"POST\",route=\"/api/v1/auth/register\",status=\"201\"} 1"),
        "{metrics}"
    );
    assert!(metrics.contains("juxian_outbox_messages"));

    let doc: Value = app
        .client
        .get(app.url("/api/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/api/v1/auth/register",
        "/api/v1/auth/login",
        "/api/v1/auth/refresh",
        "/api/v1/users/{id}",
        "/api/v1/audit-events",
        "/api/v1/admin/outbox",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} documented");
    }
    let description = doc["paths"]["/api/v1/users"]["get"]["description"].as_str().unwrap();
    assert!(description.contains("Roles: admin"));
    assert!(doc["components"]["schemas"]["User"].is_object());
    assert!(doc["components"]["schemas"]["Problem"].is_object());
    let docs = app.client.get(app.url("/api/docs/")).send().await.unwrap();
    assert_eq!(docs.status(), 200);
    assert!(docs.text().await.unwrap().contains("swagger"));
}

#[tokio::test]
async fn the_frontend_notice_shows_when_it_is_not_built() {
    let app = spawn_app().await;
    let res = app.client.get(app.url("/")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("npm run build"));
}

#[test]
fn committed_frontend_api_document_matches_the_code() {
    let committed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/frontend/src/api/openapi.json"))
        .unwrap_or_default();
    let current = juxian::openapi::json();
    let a: Value = serde_json::from_str(&committed).unwrap_or(Value::Null);
    let b: Value = serde_json::from_str(&current).expect("document is JSON");
    assert!(
        a == b,
        "frontend/src/api/openapi.json is stale: run `make openapi` and commit it"
    );
}

#[tokio::test]
async fn every_documented_operation_is_routed() {
    let app = spawn_app().await;
    let doc: Value = serde_json::from_str(&juxian::openapi::json()).unwrap();
    let mut checked = 0;
    for (path, ops) in doc["paths"].as_object().unwrap() {
        let concrete = path
            .split('/')
            .map(|s| if s.starts_with('{') { "x" } else { s })
            .collect::<Vec<_>>()
            .join("/");
        for method in ops.as_object().unwrap().keys() {
            let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let res = app
                .client
                .request(method.clone(), app.url(&concrete))
                .send()
                .await
                .unwrap();
            let status = res.status().as_u16();
            let content_type = res
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_string();
            let body = res.text().await.unwrap_or_default();
            assert!(
                status != 405 && !body.contains("No resource at"),
                "{method} {path} is documented but not routed ({status})"
            );
            // What an anonymous, bodiless call answers is documented, with the type it is sent as.
            let documented = &ops[method.as_str().to_lowercase().as_str()]["responses"][status.to_string()];
            assert!(
                documented.is_object(),
                "{method} {path} answers an undocumented {status}"
            );
            if content_type.starts_with("application/problem+json") {
                assert!(
                    documented["content"]["application/problem+json"].is_object(),
                    "{method} {path}: {status} is sent as problem+json but documented otherwise"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 40, "{checked}");
}

#[test]
fn every_schema_reference_resolves_and_operation_ids_are_unique() {
    let text = juxian::openapi::json();
    let doc: Value = serde_json::from_str(&text).unwrap();
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    for part in text.split("\"#/components/schemas/").skip(1) {
        let name = part.split('"').next().unwrap();
        assert!(schemas.contains_key(name), "{name} is referenced but not defined");
    }
    let mut ids = std::collections::HashSet::new();
    for ops in doc["paths"].as_object().unwrap().values() {
        for op in ops.as_object().unwrap().values() {
            let id = op["operationId"].as_str().unwrap();
            assert!(ids.insert(id.to_string()), "operationId {id} is used twice");
        }
    }
}
