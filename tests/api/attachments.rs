//! Attachments: recognised by content, stored by hash, readable by the owner and hr/admin only.

use crate::helpers::*;
use reqwest::multipart::{Form, Part};
use serde_json::Value;

pub const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
const PNG: &[u8] = &[
    0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1A, b'\n', 0, 0, 0, 13, b'I', b'H', b'D', b'R',
];

fn form(kind: Option<&str>, name: &str, bytes: Vec<u8>) -> Form {
    let mut form = Form::new().part("file", Part::bytes(bytes).file_name(name.to_string()));
    if let Some(kind) = kind {
        form = form.text("kind", kind.to_string());
    }
    form
}

async fn upload(app: &TestApp, token: &str, form: Form) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/me/attachments"))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap()
}

fn stored_files(app: &TestApp) -> usize {
    let root = app.config.data_dir.join("files");
    let Ok(dirs) = std::fs::read_dir(root) else { return 0 };
    dirs.flatten()
        .map(|d| std::fs::read_dir(d.path()).map(|f| f.count()).unwrap_or(0))
        .sum()
}

#[tokio::test]
async fn upload_list_download_by_owner_and_hr_only() {
    let app = spawn_app().await;
    let owner = app.signup("owner@example.com", "applicant").await;
    let other = app.signup("other@example.com", "applicant").await;
    let employer = app.signup("boss@example.com", "employer").await;
    let hr = app.staff("hr@example.com", "hr").await;
    let finance = app.staff("fin@example.com", "finance").await;

    let res = upload(&app, &owner, form(Some("resume"), "我的简历.pdf", PDF.to_vec())).await;
    assert_eq!(res.status(), 201);
    let created: Value = res.json().await.unwrap();
    assert_eq!(
        (created["kind"].as_str(), created["content_type"].as_str()),
        (Some("resume"), Some("application/pdf"))
    );
    assert_eq!(created["file_name"], "我的简历.pdf");
    assert_eq!(created["size_bytes"], PDF.len());
    let id = created["id"].as_str().unwrap().to_string();
    let list: Value = app
        .get_auth("/api/v1/me/attachments", &owner)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(
        app.get_auth("/api/v1/me/attachments", &other)
            .await
            .json::<Value>()
            .await
            .unwrap(),
        Value::Array(vec![])
    );

    let path = format!("/api/v1/attachments/{id}");
    for token in [&owner, &hr] {
        let res = app.get_auth(&path, token).await;
        assert_eq!(res.status(), 200);
        let h = res.headers().clone();
        assert_eq!(h["content-type"], "application/pdf");
        assert_eq!(h["x-content-type-options"], "nosniff");
        let disposition = h["content-disposition"].to_str().unwrap();
        assert!(
            disposition.starts_with("attachment;") && disposition.contains("filename*=UTF-8''"),
            "{disposition}"
        );
        assert_eq!(res.bytes().await.unwrap().as_ref(), PDF);
    }
    for token in [&other, &employer, &finance] {
        assert_problem(app.get_auth(&path, token).await, 404, "not_found").await;
        let res = app
            .client
            .delete(app.url(&path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_problem(res, 404, "not_found").await;
    }
    assert_problem(
        app.client.get(app.url(&path)).send().await.unwrap(),
        401,
        "unauthorized",
    )
    .await;
    // HR may read but not delete someone else's file.
    assert_problem(
        app.client.delete(app.url(&path)).bearer_auth(&hr).send().await.unwrap(),
        404,
        "not_found",
    )
    .await;
    assert_problem(
        upload(&app, &hr, form(Some("resume"), "x.pdf", PDF.to_vec())).await,
        403,
        "forbidden",
    )
    .await;
}

#[tokio::test]
async fn only_real_pdf_jpeg_png_under_ten_mib() {
    let app = spawn_app().await;
    let token = app.signup("files@example.com", "applicant").await;
    let before = (app.snapshot().await, stored_files(&app));
    let exe = [b"MZ\x90\x00".as_ref(), &[0u8; 64]].concat();
    let body = assert_problem(
        upload(&app, &token, form(Some("resume"), "cv.pdf", exe)).await,
        400,
        "validation_failed",
    )
    .await;
    assert_eq!(body["errors"][0]["code"], "unsupported_type");
    let body = assert_problem(
        upload(&app, &token, form(Some("resume"), "cv.pdf", Vec::new())).await,
        400,
        "validation_failed",
    )
    .await;
    assert_eq!(body["errors"][0]["code"], "empty_file");
    let body = assert_problem(
        upload(&app, &token, form(None, "cv.pdf", PDF.to_vec())).await,
        400,
        "validation_failed",
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "kind");
    let body = assert_problem(
        upload(&app, &token, form(Some("passport"), "cv.pdf", PDF.to_vec())).await,
        400,
        "validation_failed",
    )
    .await;
    assert_eq!(body["errors"][0]["code"], "invalid_choice");
    let too_big = [PDF, &vec![b'x'; 10 * 1024 * 1024 + 1 - PDF.len()]].concat();
    assert_problem(
        upload(&app, &token, form(Some("resume"), "big.pdf", too_big)).await,
        413,
        "payload_too_large",
    )
    .await;
    let extra = form(Some("resume"), "cv.pdf", PDF.to_vec()).text("owner_id", "someone-else");
    assert_problem(upload(&app, &token, extra).await, 400, "validation_failed").await;
    assert_eq!((app.snapshot().await, stored_files(&app)), before, "nothing stored");

    // Exactly 10 MiB is fine; a PNG named .pdf is a PNG; a path-like name is harmless.
    let max = [PDF, &vec![b'x'; 10 * 1024 * 1024 - PDF.len()]].concat();
    assert_eq!(
        upload(&app, &token, form(Some("other"), "max.pdf", max)).await.status(),
        201
    );
    let png: Value = upload(&app, &token, form(Some("diploma"), "scan.pdf", PNG.to_vec()))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (png["content_type"].as_str(), png["file_name"].as_str()),
        (Some("image/png"), Some("scan.png"))
    );
    let sneaky: Value = upload(&app, &token, form(Some("other"), "../../etc/passwd", PDF.to_vec()))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(sneaky["file_name"], "passwd.pdf");
    let script: Value = upload(
        &app,
        &token,
        form(Some("other"), "<script>alert(1)</script>.pdf", PDF.to_vec()),
    )
    .await
    .json()
    .await
    .unwrap();
    assert!(!script["file_name"].as_str().unwrap().contains('<'));
    assert!(!app.config.data_dir.join("etc").exists());
    assert_eq!(stored_files(&app), 3, "identical bytes are stored once");
}

#[tokio::test]
async fn replace_and_delete_remove_unused_bytes() {
    let app = spawn_app().await;
    let token = app.signup("swap@example.com", "applicant").await;
    let created: Value = upload(&app, &token, form(Some("certificate"), "a.pdf", PDF.to_vec()))
        .await
        .json()
        .await
        .unwrap();
    let path = format!("/api/v1/attachments/{}", created["id"].as_str().unwrap());
    assert_eq!(stored_files(&app), 1);

    let res = app
        .client
        .put(app.url(&path))
        .bearer_auth(&token)
        .multipart(form(None, "b.png", PNG.to_vec()))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let replaced: Value = res.json().await.unwrap();
    assert_eq!(
        (replaced["id"].clone(), replaced["kind"].as_str()),
        (created["id"].clone(), Some("certificate"))
    );
    assert_eq!(replaced["content_type"], "image/png");
    assert_eq!(stored_files(&app), 1, "the old bytes are gone");
    assert_eq!(app.get_auth(&path, &token).await.bytes().await.unwrap().as_ref(), PNG);

    let res = app
        .client
        .put(app.url(&path))
        .bearer_auth(&token)
        .multipart(form(None, "x.exe", b"MZ".to_vec()))
        .send()
        .await
        .unwrap();
    assert_problem(res, 400, "validation_failed").await;

    let res = app
        .client
        .delete(app.url(&path))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    assert_eq!(stored_files(&app), 0);
    assert_problem(app.get_auth(&path, &token).await, 404, "not_found").await;
}
