//! Attachments: recognised by content, stored encrypted within a quota per account, readable by the
//! owner and hr/admin only.

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
    assert_eq!(
        stored_files(&app),
        4,
        "every upload is sealed on its own: nothing on disk ties identical documents together"
    );
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

fn stored_paths(app: &TestApp) -> Vec<std::path::PathBuf> {
    let root = app.config.data_dir.join("files");
    let Ok(dirs) = std::fs::read_dir(root) else {
        return Vec::new();
    };
    dirs.flatten()
        .filter(|d| d.path().is_dir())
        .flat_map(|d| std::fs::read_dir(d.path()).unwrap().flatten().map(|f| f.path()))
        .collect()
}

/// A PDF of `len` bytes with a marker repeated through it.
fn marked_pdf(len: usize) -> Vec<u8> {
    let mut bytes = PDF.to_vec();
    while bytes.len() < len {
        bytes.extend_from_slice(b"ID-CARD-MARKER-430102199003071234 ");
    }
    bytes.truncate(len);
    bytes
}

#[tokio::test]
async fn stored_bytes_are_encrypted_private_and_download_byte_identical() {
    let app = spawn_app().await;
    let token = app.signup("sealed@example.com", "applicant").await;
    let hr = app.staff("hr@example.com", "hr").await;
    // Several 64 KiB chunks and a short last one.
    let plain = marked_pdf(300 * 1024 + 17);
    let created: Value = upload(&app, &token, form(Some("id_card"), "id.pdf", plain.clone()))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(created["size_bytes"], plain.len());
    let paths = stored_paths(&app);
    assert_eq!(paths.len(), 1);
    let on_disk = std::fs::read(&paths[0]).unwrap();
    assert!(on_disk.len() > plain.len(), "nonce, header and tags");
    for marker in [b"ID-CARD-MARKER".as_ref(), b"430102199003071234", b"%PDF"] {
        assert!(!on_disk.windows(marker.len()).any(|w| w == marker), "plaintext on disk");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&paths[0]), 0o600);
        assert_eq!(mode(paths[0].parent().unwrap()), 0o700);
        assert_eq!(mode(&app.config.data_dir.join("files")), 0o700);
    }
    let path = format!("/api/v1/attachments/{}", created["id"].as_str().unwrap());
    for who in [&token, &hr] {
        let res = app.get_auth(&path, who).await;
        assert_eq!(res.status(), 200);
        assert_eq!(res.headers()["content-length"], plain.len().to_string().as_str());
        assert!(
            res.bytes().await.unwrap().as_ref() == plain.as_slice(),
            "byte-identical download"
        );
    }

    // A stored file that was cut short is never handed out as if whole.
    std::fs::write(&paths[0], &on_disk[..on_disk.len() - 10]).unwrap();
    let res = app.get_auth(&path, &token).await;
    let served = match res.status().as_u16() {
        200 => res.bytes().await.map(|b| b.to_vec()).unwrap_or_default(),
        status => {
            assert_eq!(status, 500);
            Vec::new()
        }
    };
    assert_ne!(served, plain, "a damaged file never downloads as the original");
}

#[tokio::test]
async fn the_quota_refuses_the_21st_file_and_the_byte_too_many_storing_nothing() {
    let app = spawn_with(Options {
        quota_bytes: 64 * 1024,
        ..Options::default()
    })
    .await;
    let many = app.signup("many@example.com", "applicant").await;
    for i in 0..20 {
        let res = upload(&app, &many, form(Some("other"), &format!("f{i}.pdf"), PDF.to_vec())).await;
        assert_eq!(res.status(), 201, "file {i}");
    }
    let before = (app.snapshot().await, stored_files(&app));
    let problem = assert_problem(
        upload(&app, &many, form(Some("other"), "f21.pdf", PDF.to_vec())).await,
        409,
        "attachment_limit_reached",
    )
    .await;
    assert!(problem["detail"].as_str().unwrap().contains("20"), "{problem}");
    assert_eq!((app.snapshot().await, stored_files(&app)), before, "nothing stored");

    // Bytes: 40 KiB fits, 30 KiB more does not (quota 64 KiB here), and nothing of it is kept.
    let big = app.signup("big@example.com", "employer").await;
    assert_eq!(
        upload(&app, &big, form(Some("other"), "a.pdf", marked_pdf(40 * 1024)))
            .await
            .status(),
        201
    );
    let before = (app.snapshot().await, stored_files(&app));
    assert_problem(
        upload(&app, &big, form(Some("other"), "b.pdf", marked_pdf(30 * 1024))).await,
        413,
        "storage_quota_exceeded",
    )
    .await;
    assert_eq!((app.snapshot().await, stored_files(&app)), before, "nothing stored");
    let mine: Value = app.get_auth("/api/v1/me/attachments", &big).await.json().await.unwrap();
    assert_eq!(mine.as_array().unwrap().len(), 1);
    // A replacement counts only what it adds.
    let path = format!("/api/v1/attachments/{}", mine[0]["id"].as_str().unwrap());
    let replace = |bytes: Vec<u8>| {
        app.client
            .put(app.url(&path))
            .bearer_auth(&big)
            .multipart(form(None, "c.pdf", bytes))
            .send()
    };
    assert_problem(
        replace(marked_pdf(65 * 1024)).await.unwrap(),
        413,
        "storage_quota_exceeded",
    )
    .await;
    assert_eq!((app.snapshot().await, stored_files(&app)), before, "nothing stored");
    assert_eq!(replace(marked_pdf(64 * 1024)).await.unwrap().status(), 200);
    assert_eq!(stored_files(&app), before.1, "the old bytes went");
    // The other account's full count did not matter, and 24 KiB still fit for a new account.
    let fresh = app.signup("fresh@example.com", "applicant").await;
    assert_eq!(
        upload(&app, &fresh, form(Some("other"), "x.pdf", marked_pdf(24 * 1024)))
            .await
            .status(),
        201
    );
}

#[tokio::test]
async fn concurrent_uploads_never_pass_the_file_quota() {
    let app = spawn_app().await;
    let token = app.signup("burst@example.com", "applicant").await;
    let mut tasks = Vec::new();
    for i in 0..30 {
        let (client, url, token) = (app.client.clone(), app.url("/api/v1/me/attachments"), token.clone());
        tasks.push(tokio::spawn(async move {
            client
                .post(url)
                .bearer_auth(token)
                .multipart(form(Some("other"), &format!("f{i}.pdf"), PDF.to_vec()))
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
    let created = statuses.iter().filter(|s| **s == 201).count();
    let refused = statuses.iter().filter(|s| **s == 409).count();
    assert_eq!((created, refused), (20, 10), "{statuses:?}");
    let mine: Value = app
        .get_auth("/api/v1/me/attachments", &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine.as_array().unwrap().len(), 20);
    assert_eq!(stored_files(&app), 20, "refused uploads leave no bytes behind");
}
