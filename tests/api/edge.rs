//! The edge of the service: input no field may hold (NUL, absurd years) is refused before any
//! database sees it, role checks come before body validation, `/metrics` cannot be grown or read
//! by strangers, production headers, the frontend's caching, and private file modes.

use crate::helpers::*;
use serde_json::{json, Value};

/// The API document's operations: (METHOD, path template, operation).
fn operations() -> Vec<(String, String, Value)> {
    let doc: Value = serde_json::from_str(&juxian::openapi::json()).expect("document");
    let mut out = Vec::new();
    for (path, ops) in doc["paths"].as_object().expect("paths") {
        for (method, op) in ops.as_object().expect("operations") {
            out.push((method.to_uppercase(), path.clone(), op.clone()));
        }
    }
    out
}

/// The words of an operation's "Roles: …." sentence.
fn roles(op: &Value) -> Vec<String> {
    let description = op["description"].as_str().unwrap_or_default();
    let sentence = description
        .split("Roles:")
        .nth(1)
        .and_then(|s| s.split('.').next())
        .unwrap_or_default();
    sentence
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn takes_json(op: &Value) -> bool {
    op["requestBody"]["content"]["application/json"].is_object()
}

fn is_public(roles: &[String]) -> bool {
    roles.iter().any(|r| matches!(r.as_str(), "anonymous" | "anyone"))
}

/// Fill the path template's parameters with `with`.
fn concrete(path: &str, with: &str) -> String {
    path.split('/')
        .map(|s| if s.starts_with('{') { with } else { s })
        .collect::<Vec<_>>()
        .join("/")
}

/// Tokens of one account per role.
struct Tokens {
    admin: String,
    hr: String,
    finance: String,
    employer: String,
    applicant: String,
}

impl Tokens {
    async fn new(app: &TestApp) -> Self {
        Tokens {
            admin: app.admin("admin@example.com").await,
            hr: app.staff("hr@example.com", "hr").await,
            finance: app.staff("finance@example.com", "finance").await,
            employer: app.signup("boss@example.com", "employer").await,
            applicant: app.signup("talent@example.com", "applicant").await,
        }
    }

    /// A token of a role the operation allows (staff first: they reach every record).
    fn allowed(&self, roles: &[String]) -> &str {
        for (role, token) in [
            ("hr", &self.hr),
            ("finance", &self.finance),
            ("admin", &self.admin),
            ("employer", &self.employer),
        ] {
            if roles.iter().any(|r| r == role) {
                return token;
            }
        }
        &self.applicant
    }
}

fn request(app: &TestApp, method: &str, url: &str, token: Option<&str>) -> reqwest::RequestBuilder {
    let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
    let builder = app.client.request(method, app.url(url));
    match token {
        Some(t) => builder.bearer_auth(t),
        None => builder,
    }
}

#[tokio::test]
async fn nul_in_a_path_or_query_is_refused_before_any_database_sees_it() {
    let app = spawn_app().await;
    let tokens = Tokens::new(&app).await;
    let before = app.snapshot().await;
    // The cases of the report first, then every documented GET: ids and every query parameter.
    let mut cases: Vec<(String, String)> = [
        "/api/v1/positions?q=%00",
        "/api/v1/job-fairs/%00",
        "/api/v1/talents?q=%00",
        "/api/v1/talents/export?format=csv&q=%00",
        "/api/v1/users?q=%00",
        "/api/v1/enterprises?q=%00",
        "/api/v1/audit-events?action=%00",
        "/api/v1/positions?q=a%00b",
    ]
    .iter()
    .map(|u| ("hr, admin".to_string(), u.to_string()))
    .collect();
    let mut swept = 0;
    for (method, path, op) in operations() {
        if method != "GET" || !path.starts_with("/api/v1/") {
            continue;
        }
        let roles = roles(&op).join(" ");
        if path.contains('{') {
            cases.push((roles.clone(), concrete(&path, "%00")));
        }
        let query: Vec<String> = op["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|p| p["in"] == "query")
            .map(|p| format!("{}=%00", p["name"].as_str().unwrap_or_default()))
            .collect();
        if !query.is_empty() {
            cases.push((roles, format!("{}?{}", concrete(&path, "x"), query.join("&"))));
        }
        swept += 1;
    }
    assert!(swept > 40, "the sweep covers the API ({swept} GET operations)");
    for (roles, url) in &cases {
        let words: Vec<String> = roles.split(' ').map(String::from).collect();
        let res = request(&app, "GET", url, Some(tokens.allowed(&words)))
            .send()
            .await
            .unwrap();
        let body = assert_problem(res, 400, "invalid_characters").await;
        assert!(body["detail"].as_str().unwrap().contains("NUL"), "{url}: {body}");
    }
    // An encoded percent sign is text, not NUL.
    let res = app.get_auth("/api/v1/positions?q=%2500", &tokens.hr).await;
    assert_eq!(res.status(), 200);
    assert_eq!(app.snapshot().await, before, "nothing changed");
}

#[tokio::test]
async fn nul_in_a_json_string_is_refused_after_the_role_check() {
    let app = spawn_app().await;
    let tokens = Tokens::new(&app).await;
    let before = app.snapshot().await;
    let res = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("content-type", "application/json")
        .body(r#"{"email":"a\u0000@b.c","password":"whatever-pass"}"#)
        .send()
        .await
        .unwrap();
    assert_problem(res, 400, "invalid_characters").await;
    let res = app
        .post(
            "/api/v1/auth/register",
            &json!({"email": "n@example.com", "password": PASSWORD, "display_name": "张\u{0}三", "role": "applicant", "privacy_notice_version": juxian::privacy::notice::version()}),
        )
        .await;
    assert_problem(res, 400, "invalid_characters").await;
    // An escaped backslash before `u0000` is text; the address is then simply wrong.
    let res = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("content-type", "application/json")
        .body(r#"{"email":"a\\u0000@b.c","password":"whatever-pass"}"#)
        .send()
        .await
        .unwrap();
    assert_ne!(res.status(), 400);
    assert_ne!(res.status().as_u16(), 500);
    // Every JSON body, with NUL in a key and a value, from a role the operation allows.
    let mut checked = 0;
    for (method, path, op) in operations() {
        if !takes_json(&op) {
            continue;
        }
        let roles = roles(&op);
        let res = request(&app, &method, &concrete(&path, "x"), Some(tokens.allowed(&roles)))
            .header("content-type", "application/json")
            .body(r#"{"note\u0000":"\u0000"}"#)
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        assert_ne!(status, 500, "{method} {path}");
        if status == 400 {
            let body: Value = res.json().await.unwrap();
            assert_eq!(body["code"], "invalid_characters", "{method} {path}: {body}");
            checked += 1;
        }
    }
    assert!(checked > 30, "NUL refused in {checked} bodies");
    assert_eq!(app.snapshot().await, before, "nothing changed");
}

#[tokio::test]
async fn years_out_of_range_are_a_field_error() {
    let app = spawn_app().await;
    let tokens = Tokens::new(&app).await;
    let mut checked = 0;
    for (method, path, op) in operations() {
        let takes_year = op["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|p| p["in"] == "query" && p["name"] == "year");
        if method != "GET" || !takes_year {
            continue;
        }
        let token = tokens.allowed(&roles(&op)).to_string();
        for year in ["-9702", "1948", "2101", "99999999"] {
            let url = format!("{}?year={year}", concrete(&path, "x"));
            let res = app.get_auth(&url, &token).await;
            let body = assert_problem(res, 400, "validation_failed").await;
            assert_eq!(body["errors"][0]["field"], "year", "{url}");
            assert_eq!(body["errors"][0]["code"], "out_of_range", "{url}");
        }
        let res = app
            .get_auth(&format!("{}?year=2024", concrete(&path, "x")), &token)
            .await;
        assert!(res.status().as_u16() < 500 && res.status() != 400, "{path} with 2024");
        checked += 1;
    }
    assert!(checked >= 5, "every list with a year ({checked})");
}

#[tokio::test]
async fn role_checks_come_before_body_validation() {
    let app = spawn_app().await;
    let tokens = Tokens::new(&app).await;
    let before = app.snapshot().await;
    let bad_bodies = [r#"{"__not_a_field__": 1}"#, "[]", "{", r#"{"note": "\u0000"}"#];
    let (mut anonymous, mut applicant) = (0, 0);
    for (method, path, op) in operations() {
        if !takes_json(&op) {
            continue;
        }
        let roles = roles(&op);
        // Numeric path parameters (a budget's year) must parse, or the path answers 404 first.
        let url = concrete(&path, "2024");
        for body in bad_bodies {
            if !is_public(&roles) && !roles.iter().any(|r| r == "holding") {
                let res = request(&app, &method, &url, None)
                    .header("content-type", "application/json")
                    .body(body)
                    .send()
                    .await
                    .unwrap();
                assert_eq!(res.status(), 401, "anonymous {method} {path} with {body}");
                anonymous += 1;
            }
            // Operations no applicant may use: staff and employer only.
            let applicant_may = is_public(&roles)
                || roles
                    .iter()
                    .any(|r| matches!(r.as_str(), "applicant" | "owner" | "any" | "holding"));
            if !applicant_may {
                let res = request(&app, &method, &url, Some(&tokens.applicant))
                    .header("content-type", "application/json")
                    .body(body)
                    .send()
                    .await
                    .unwrap();
                assert_problem(res, 403, "forbidden").await;
                applicant += 1;
            }
        }
    }
    assert!(
        anonymous > 100 && applicant > 80,
        "{anonymous} anonymous, {applicant} applicant requests"
    );
    assert_eq!(app.snapshot().await, before, "nothing changed");
}

async fn metrics_text(app: &TestApp) -> String {
    let res = app.client.get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    res.text().await.unwrap()
}

#[tokio::test]
async fn random_methods_and_paths_do_not_grow_the_metrics() {
    let app = spawn_app().await;
    // Warm the labels an ordinary client produces.
    let _ = app.client.get(app.url("/no-such-page")).send().await.unwrap();
    let _ = app.client.get(app.url("/api/v1/no-such-thing")).send().await.unwrap();
    let lines = metrics_text(&app).await.lines().count();
    for i in 0..200 {
        let method = reqwest::Method::from_bytes(format!("FOO{i}").as_bytes()).unwrap();
        let path = match i % 4 {
            0 => format!("/x{i}"),
            1 => format!("/api/v1/nothing-{i}"),
            2 => format!("/api/nothing-{i}/deeper"),
            _ => format!("/assets/{i}.js"),
        };
        let res = app.client.request(method, app.url(&path)).send().await.unwrap();
        assert!(res.status().is_client_error(), "{path}");
        let get = app.client.get(app.url(&path)).send().await.unwrap();
        assert!(get.status().is_client_error(), "{path}");
    }
    let text = metrics_text(&app).await;
    let grown = text.lines().count().saturating_sub(lines);
    assert!(grown <= 12, "200 random requests added {grown} lines:\n{text}");
    assert!(!text.contains("FOO1"), "no method name from a client");
    assert!(text.contains("method=\"OTHER\""));
}

#[tokio::test]
async fn metrics_need_the_configured_bearer_token() {
    let app = spawn_with(Options {
        tweak: |c| c.metrics_token = Some(juxian::config::Secret::new(b"scrape-me-0123456789".to_vec())),
        ..Options::default()
    })
    .await;
    let url = app.url("/metrics");
    assert_problem(app.client.get(&url).send().await.unwrap(), 401, "unauthorized").await;
    for wrong in ["scrape-me", "scrape-me-01234567890", ""] {
        let res = app.client.get(&url).bearer_auth(wrong).send().await.unwrap();
        assert_problem(res, 401, "unauthorized").await;
    }
    let res = app
        .client
        .get(&url)
        .bearer_auth("scrape-me-0123456789")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("juxian_http_requests_total"));
}

#[tokio::test]
async fn production_refuses_metrics_without_a_token_and_sends_hsts() {
    let app = spawn_with(Options {
        tweak: |c| {
            c.production = true;
            c.public_url = "https://rc.example.gov.cn".into();
        },
        ..Options::default()
    })
    .await;
    let res = app.client.get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(
        res.headers()["strict-transport-security"],
        "max-age=31536000; includeSubDomains"
    );
    assert_problem(res, 403, "forbidden").await;
    for path in ["/healthz", "/api/v1/me", "/", "/api/v1/nothing"] {
        let res = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(
            res.headers()["strict-transport-security"],
            "max-age=31536000; includeSubDomains",
            "{path}"
        );
    }
    // Development answers carry no HSTS (it would pin http://localhost to https for a year).
    let dev = spawn_app().await;
    let res = dev.client.get(dev.url("/healthz")).send().await.unwrap();
    assert!(!res.headers().contains_key("strict-transport-security"));
}

#[tokio::test]
async fn api_docs_without_the_slash_redirects() {
    let app = spawn_app().await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let res = client.get(app.url("/api/docs")).send().await.unwrap();
    assert_eq!(res.status(), 308);
    assert_eq!(res.headers()["location"], "/api/docs/");
    let followed = app.client.get(app.url("/api/docs")).send().await.unwrap();
    assert_eq!(followed.status(), 200);
    assert!(followed.text().await.unwrap().contains("swagger"));
}

fn with_built_frontend(c: &mut juxian::config::Config) {
    let dist = c.data_dir.join("dist");
    std::fs::create_dir_all(dist.join("assets")).unwrap();
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><title>聚贤</title><div id=app></div>",
    )
    .unwrap();
    std::fs::write(dist.join("assets/index-3f9a1c.js"), "console.log('juxian')").unwrap();
    c.frontend_dir = dist;
}

#[tokio::test]
async fn missing_assets_are_404_and_html_is_never_cached_long() {
    let app = spawn_with(Options {
        tweak: with_built_frontend,
        ..Options::default()
    })
    .await;
    let asset = app.client.get(app.url("/assets/index-3f9a1c.js")).send().await.unwrap();
    assert_eq!(asset.status(), 200);
    assert_eq!(asset.headers()["cache-control"], "public, max-age=31536000, immutable");
    for missing in [
        "/assets/nope.js",
        "/assets/index-000000.css",
        "/assets/",
        "/assets/deep/er.js",
    ] {
        let res = app.client.get(app.url(missing)).send().await.unwrap();
        let cache = res.headers()["cache-control"].to_str().unwrap().to_string();
        assert!(
            !cache.contains("immutable") && !cache.contains("max-age"),
            "{missing}: {cache}"
        );
        assert_problem(res, 404, "not_found").await;
    }
    for html in ["/", "/index.html", "/fairs/123", "/login?next=/me"] {
        let res = app.client.get(app.url(html)).send().await.unwrap();
        assert_eq!(res.status(), 200, "{html}");
        assert_eq!(res.headers()["cache-control"], "no-cache", "{html}");
        assert!(res.text().await.unwrap().contains("id=app"), "{html}");
    }
}

#[cfg(unix)]
#[tokio::test]
async fn the_data_dir_database_and_outbox_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let app = spawn_with(Options {
        tweak: |c| {
            // An existing data dir (and database) open to everyone is tightened at start.
            std::fs::set_permissions(&c.data_dir, std::fs::Permissions::from_mode(0o755)).unwrap();
            if let juxian::config::DatabaseTarget::Sqlite(db) = &c.database {
                std::fs::write(db, b"").unwrap();
                std::fs::set_permissions(db, std::fs::Permissions::from_mode(0o644)).unwrap();
            }
            // Mail is written to files.
            c.smtp_url = None;
        },
        ..Options::default()
    })
    .await;
    let data = app.config.data_dir.clone();
    assert_eq!(mode(&data), 0o700);
    assert_eq!(app.register("files@example.com", "applicant").await.status(), 201);
    let outbox = app.config.outbox_dir();
    assert_eq!(mode(&outbox), 0o700);
    let mut eml = Vec::new();
    for _ in 0..100 {
        eml = std::fs::read_dir(&outbox)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "eml"))
            .collect();
        if !eml.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(!eml.is_empty(), "the verification mail was written");
    for file in &eml {
        assert_eq!(mode(file), 0o600, "{}", file.display());
    }
    if let juxian::config::DatabaseTarget::Sqlite(db) = &app.config.database {
        assert_eq!(mode(db), 0o600);
        for suffix in ["-wal", "-shm"] {
            let companion = std::path::PathBuf::from(format!("{}{suffix}", db.display()));
            if companion.exists() {
                assert_eq!(mode(&companion), 0o600, "{}", companion.display());
            }
        }
    }
}
