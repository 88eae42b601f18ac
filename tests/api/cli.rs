//! The `juxian` command line: refusals at start-up, create-admin, audit-verify.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn juxian(args: &[&str], env: &[(&str, &str)], stdin: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_juxian"));
    cmd.args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for var in [
        "DATABASE_URL",
        "JUXIAN_ENV",
        "JUXIAN_SECRET_KEY",
        "JUXIAN_SMTP_URL",
        "JUXIAN_DATA_DIR",
    ] {
        cmd.env_remove(var);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("run juxian");
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input.as_bytes())
            .expect("write stdin");
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("wait")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn a_mistyped_database_url_refuses_to_start_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    for url in ["sqlit://x.db", "./juxian.db", "mysql://localhost/juxian"] {
        let out = juxian(&["migrate"], &[("DATABASE_URL", url), ("JUXIAN_DATA_DIR", data)], None);
        assert_eq!(out.status.code(), Some(2), "{url}: {}", text(&out));
        assert!(text(&out).contains("DATABASE_URL"), "{}", text(&out));
    }
    let missing = format!("sqlite://{data}/no-such-folder/juxian.db");
    let out = juxian(
        &["migrate"],
        &[("DATABASE_URL", &missing), ("JUXIAN_DATA_DIR", data)],
        None,
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(!dir.path().join("no-such-folder").exists());
}

#[test]
fn production_refuses_to_start_without_secrets() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let out = juxian(
        &["migrate"],
        &[
            ("JUXIAN_ENV", "production"),
            ("JUXIAN_DATA_DIR", data),
            ("JUXIAN_SMTP_URL", "smtp://127.0.0.1:1"),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("JUXIAN_SECRET_KEY"));
    let key = "k".repeat(40);
    let out = juxian(
        &["migrate"],
        &[
            ("JUXIAN_ENV", "production"),
            ("JUXIAN_DATA_DIR", data),
            ("JUXIAN_SECRET_KEY", &key),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("JUXIAN_SMTP_URL"));
    let out = juxian(
        &["migrate"],
        &[("JUXIAN_DATA_DIR", data), ("JUXIAN_SECRET_KEY", "too-short")],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    // A clock running ahead is for test servers only.
    let out = juxian(
        &["migrate"],
        &[
            ("JUXIAN_ENV", "production"),
            ("JUXIAN_DATA_DIR", data),
            ("JUXIAN_SECRET_KEY", &key),
            ("JUXIAN_CLOCK_OFFSET_SECS", "86400"),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("JUXIAN_CLOCK_OFFSET_SECS"), "{}", text(&out));
}

#[test]
fn create_admin_then_verify_the_audit_chain_and_catch_tampering() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let env = [("JUXIAN_DATA_DIR", data)];
    let out = juxian(
        &["create-admin", "--email", "Boss@Example.com"],
        &env,
        Some("Admin-password-1\n"),
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("boss@example.com"));
    // The generated key is kept private.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("secret.key"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let out = juxian(
        &["create-admin", "--email", "boss@example.com"],
        &env,
        Some("Admin-password-2\n"),
    );
    assert!(!out.status.success(), "duplicate refused");
    let out = juxian(
        &["create-admin", "--email", "weak@example.com"],
        &env,
        Some("password\n"),
    );
    assert!(!out.status.success(), "weak password refused");

    let out = juxian(&["audit-verify"], &env, None);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("intact: 1 events"), "{}", text(&out));

    // Tamper with the database file behind the service's back.
    let db = dir.path().join("juxian.db");
    let mut conn = <diesel::SqliteConnection as diesel::Connection>::establish(db.to_str().unwrap()).unwrap();
    use diesel::RunQueryDsl;
    diesel::sql_query("UPDATE audit_events SET actor_email = 'someone-else'")
        .execute(&mut conn)
        .unwrap();
    let out = juxian(&["audit-verify"], &env, None);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("BROKEN at event 1"));
}

#[test]
fn openapi_command_prints_the_document() {
    let out = juxian(&["openapi"], &[], None);
    assert!(out.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert!(doc["paths"]["/api/v1/auth/login"].is_object());
}
