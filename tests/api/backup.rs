//! `juxian backup` and `juxian restore`, end to end as an operator runs them: a real `juxian serve`
//! process gets data over HTTP, is backed up while it keeps taking writes, the backup is restored
//! into a fresh data dir, a second server starts on it and reads the data back, and
//! `juxian audit-verify` passes on the restored copy.

use crate::helpers::{free_port, PASSWORD};
use crate::smtp::MailCatcher;
use diesel::prelude::*;
use reqwest::multipart::{Form, Part};
use serde_json::{json, Value};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const SECRET: &str = "backup-test-secret-key-0123456789abcdef-0123456789";
const DATA_KEY: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
const ID: &str = "11010519491231002X";
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

/// A `juxian` command over `data`, with the test's keys unless `env` overrides them.
fn juxian(data: &Path, args: &[&str], env: &[(&str, &str)]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_juxian"));
    cmd.args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("JUXIAN_DATA_DIR", data)
        .env("JUXIAN_SECRET_KEY", SECRET)
        .env("JUXIAN_DATA_KEY", DATA_KEY)
        .env("JUXIAN_FRONTEND_DIR", data.join("no-frontend"))
        .env("RUST_LOG", "error")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd
}

fn run(data: &Path, args: &[&str], env: &[(&str, &str)], stdin: &str) -> Output {
    use std::io::Write;
    let mut child = juxian(data, args, env).spawn().expect("run juxian");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("wait")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// `juxian serve` on `data`, killed when dropped.
struct Server {
    child: Child,
    address: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn serve(data: &Path, smtp: u16) -> Server {
    let port = free_port();
    let mut cmd = juxian(
        data,
        &["serve"],
        &[
            ("JUXIAN_ADDR", &format!("127.0.0.1:{port}")),
            ("JUXIAN_PUBLIC_URL", "http://portal.test"),
            ("JUXIAN_SMTP_URL", &format!("smtp://127.0.0.1:{smtp}")),
            ("JUXIAN_MAIL_POLL_MS", "100"),
        ],
    );
    cmd.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::inherit());
    let server = Server {
        child: cmd.spawn().expect("start juxian serve"),
        address: format!("http://127.0.0.1:{port}"),
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    let client = reqwest::Client::new();
    loop {
        if let Ok(res) = client.get(format!("{}/healthz", server.address)).send().await {
            if res.status().is_success() {
                return server;
            }
        }
        assert!(Instant::now() < deadline, "juxian serve did not answer within 30 s");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn login(client: &reqwest::Client, base: &str, email: &str) -> String {
    let res = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"email": email, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "login of {email}");
    let body: Value = res.json().await.unwrap();
    body["access_token"].as_str().unwrap().to_string()
}

/// Register `email`, verify it through the mailed link and log in.
async fn signup(client: &reqwest::Client, base: &str, mail: &MailCatcher, email: &str) -> String {
    let res = client
        .post(format!("{base}/api/v1/auth/register"))
        .json(&json!({"email": email, "password": PASSWORD, "display_name": "张三", "role": "applicant", "privacy_notice_version": juxian::privacy::notice::version()}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let token = mail.wait_for(email, 1).await[0]
        .token("/verify-email?token=")
        .expect("verification link");
    let res = client
        .post(format!("{base}/api/v1/auth/verify-email"))
        .json(&json!({ "token": token }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    login(client, base, email).await
}

fn manifest(dir: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).expect("manifest")).expect("json")
}

fn is_empty(dir: &Path) -> bool {
    std::fs::read_dir(dir).map(|mut d| d.next().is_none()).unwrap_or(true)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn backup_while_running_then_restore_into_a_fresh_dir_and_read_everything_back() {
    let tmp = tempfile::tempdir().unwrap();
    let (live, backup, restored) = (
        tmp.path().join("live"),
        tmp.path().join("backup"),
        tmp.path().join("restored"),
    );
    std::fs::create_dir(&live).unwrap();
    let mail = MailCatcher::start().await;
    let out = run(
        &live,
        &["create-admin", "--email", "admin@example.com"],
        &[],
        "Admin-password-1\n",
    );
    assert!(out.status.success(), "{}", text(&out));

    let server = serve(&live, mail.port).await;
    let base = server.address.clone();
    let client = reqwest::Client::new();
    let token = signup(&client, &base, &mail, "keep@example.com").await;
    let res = client
        .put(format!("{base}/api/v1/me/profile"))
        .bearer_auth(&token)
        .json(&json!({"full_name": "张三", "id_number": ID, "phone": "13800138000",
            "education": [{"level": "bachelor", "school": "湖南大学", "major": "计算机科学", "graduation_year": 2020}],
            "categories": ["graduate"], "skills": [], "bank_name": "中国银行", "bank_account": "6222020200112233445"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    let form = Form::new()
        .part("file", Part::bytes(PDF.to_vec()).file_name("简历.pdf"))
        .text("kind", "resume");
    let res = client
        .post(format!("{base}/api/v1/me/attachments"))
        .bearer_auth(&token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let attachment: Value = res.json().await.unwrap();

    // Sign-ups keep coming in while the backup runs.
    let writer = {
        let (client, base) = (client.clone(), base.clone());
        tokio::spawn(async move {
            for i in 0..20 {
                let res = client
                    .post(format!("{base}/api/v1/auth/register"))
                    .json(&json!({"email": format!("busy{i}@example.com"), "password": PASSWORD, "display_name": "李四", "role": "applicant", "privacy_notice_version": juxian::privacy::notice::version()}))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(res.status(), 201);
            }
        })
    };
    let backup_arg = backup.to_str().unwrap();
    let out = tokio::task::spawn_blocking({
        let live = live.clone();
        let arg = backup_arg.to_string();
        move || run(&live, &["backup", "--to", &arg], &[], "")
    })
    .await
    .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("keys are not in the backup"), "{}", text(&out));
    writer.await.unwrap();

    let m = manifest(&backup);
    assert_eq!(m["format"], 1);
    assert_eq!(m["attachment_files"], 1);
    assert!(m["counts"]["users"].as_i64().unwrap() >= 2, "{m}");
    assert_eq!(m["counts"]["talent_profiles"], 1);
    assert_eq!(
        m["audit_events_verified"], m["counts"]["audit_events"],
        "every event of the copy was verified: {m}"
    );
    let readme = std::fs::read_to_string(backup.join("README.txt")).unwrap();
    assert!(readme.contains("JUXIAN_DATA_KEY") && readme.contains("数据密钥"));
    for key in ["secret.key", "data.key"] {
        assert!(!backup.join(key).exists(), "no keys in the backup");
    }
    let no_plain = std::fs::read(backup.join("juxian.db")).unwrap();
    assert!(
        !no_plain.windows(ID.len()).any(|w| w == ID.as_bytes()),
        "ID numbers stay sealed"
    );
    // A second backup into the same folder is refused (it would mix with the first).
    let out = run(&live, &["backup", "--to", backup_arg], &[], "");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("not empty"), "{}", text(&out));

    // Restore refuses a data dir in use, and keys other than the backup's (leaving nothing behind).
    let out = run(&live, &["restore", "--from", backup_arg], &[], "");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("not empty"), "{}", text(&out));
    let wrong = "ff".repeat(32);
    let out = run(
        &restored,
        &["restore", "--from", backup_arg],
        &[("JUXIAN_DATA_KEY", &wrong)],
        "",
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("data key"), "{}", text(&out));
    assert!(is_empty(&restored), "a refused restore writes nothing");
    let mut bare = juxian(&restored, &["restore", "--from", backup_arg], &[]);
    bare.env_remove("JUXIAN_DATA_KEY").env_remove("JUXIAN_SECRET_KEY");
    let out = bare.stdin(Stdio::null()).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "no keys at all: {}", text(&out));
    assert!(is_empty(&restored), "no fresh keys generated by a restore");

    let out = run(&restored, &["restore", "--from", backup_arg], &[], "");
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("audit chain intact"), "{}", text(&out));
    let out = run(&restored, &["audit-verify"], &[], "");
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains(&format!("intact: {} events", m["counts"]["audit_events"])),
        "{}",
        text(&out)
    );
    drop(server);

    // A server on the restored copy has the data: sign-in, profile, attachment bytes.
    let server = serve(&restored, mail.port).await;
    let base = server.address.clone();
    let token = login(&client, &base, "keep@example.com").await;
    let profile: Value = client
        .get(format!("{base}/api/v1/me/profile"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(profile["id_number_masked"], "1101**********002X");
    let res = client
        .get(format!(
            "{base}/api/v1/attachments/{}",
            attachment["id"].as_str().unwrap()
        ))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.bytes().await.unwrap().as_ref(),
        PDF,
        "the attachment decrypts to its bytes"
    );
    // The sealed ID number opens with the data key.
    let mut conn = diesel::SqliteConnection::establish(restored.join("juxian.db").to_str().unwrap()).unwrap();
    use juxian::db::schema::talent_profiles;
    let (owner, sealed): (String, String) = talent_profiles::table
        .select((talent_profiles::user_id, talent_profiles::id_number_enc))
        .first(&mut conn)
        .unwrap();
    let cipher = juxian::talents::PersonalDataCipher::new(&juxian::config::Secret::new(hex_decode(DATA_KEY)));
    assert_eq!(
        cipher.decrypt(juxian::talents::ops::ID_FIELD, &owner, &sealed).unwrap(),
        ID
    );
    // What the live server took after the snapshot is not there; what it had before is.
    let users: i64 = juxian::db::schema::users::table.count().get_result(&mut conn).unwrap();
    assert_eq!(users, m["counts"]["users"].as_i64().unwrap());
}

fn hex_decode(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

#[test]
fn backup_and_restore_refuse_postgres_with_pg_dump_guidance() {
    let tmp = tempfile::tempdir().unwrap();
    let pg = [("DATABASE_URL", "postgres://nobody@127.0.0.1:1/juxian")];
    let to = tmp.path().join("b");
    let out = run(tmp.path(), &["backup", "--to", to.to_str().unwrap()], &pg, "");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("pg_dump") && text(&out).contains("README"),
        "{}",
        text(&out)
    );
    assert!(!to.exists(), "nothing written");
    let out = run(tmp.path(), &["restore", "--from", to.to_str().unwrap()], &pg, "");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("pg_restore"), "{}", text(&out));
}

#[test]
fn a_damaged_backup_is_refused_before_anything_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let (live, backup, target) = (tmp.path().join("live"), tmp.path().join("b"), tmp.path().join("t"));
    std::fs::create_dir(&live).unwrap();
    let out = run(
        &live,
        &["create-admin", "--email", "admin@example.com"],
        &[],
        "Admin-password-1\n",
    );
    assert!(out.status.success(), "{}", text(&out));
    let out = run(&live, &["backup", "--to", backup.to_str().unwrap()], &[], "");
    assert!(out.status.success(), "a stopped service backs up too: {}", text(&out));
    let db = backup.join("juxian.db");
    let mut bytes = std::fs::read(&db).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0xff;
    std::fs::write(&db, &bytes).unwrap();
    let out = run(&target, &["restore", "--from", backup.to_str().unwrap()], &[], "");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("checksum"), "{}", text(&out));
    assert!(is_empty(&target));
    // A folder without a manifest is no (finished) backup.
    std::fs::remove_file(backup.join("manifest.json")).unwrap();
    let out = run(&target, &["restore", "--from", backup.to_str().unwrap()], &[], "");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("manifest.json"), "{}", text(&out));
}
