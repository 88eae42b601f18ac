//! The `juxian` command: `serve` (default), `migrate`, `create-admin`, `audit-verify`, `openapi`,
//! `encrypt-attachments`, `backup`, `restore`.

#![deny(clippy::unwrap_used, clippy::expect_used)]

use clap::{Parser, Subcommand};
use juxian::accounts::models::UserRow;
use juxian::accounts::{queries, rules};
use juxian::audit::{self, queries::Verification, Actor, AuditKey, Event};
use juxian::auth::password;
use juxian::config::Config;
use juxian::db::{new_id, now, write_tx};
use juxian::error::AppError;
use juxian::{open_database, Application};
use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "juxian", version, about = "聚贤 Juxian talent portal")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server and the mail worker (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Create an administrator account (password from stdin, or a prompt on a terminal).
    CreateAdmin {
        /// E-mail address of the administrator.
        #[arg(long)]
        email: String,
        /// Display name.
        #[arg(long, default_value = "系统管理员")]
        name: String,
    },
    /// Check the audit log's hash chain; exits 1 when it was tampered with.
    AuditVerify,
    /// Print the OpenAPI document.
    Openapi,
    /// Encrypt, in place, attachments stored before files were encrypted (safe to run again).
    EncryptAttachments,
    /// Write a consistent copy of the SQLite database and the attachment files into a new or empty
    /// folder, while the server runs (PostgreSQL: use pg_dump, see the README).
    Backup {
        /// The folder to write (created; must be empty if it exists).
        #[arg(long)]
        to: std::path::PathBuf,
    },
    /// Restore a backup into an empty data dir, with the keys it was made with; then verify it.
    Restore {
        /// The backup folder (written by `juxian backup`).
        #[arg(long)]
        from: std::path::PathBuf,
    },
}

fn init_logging(json: bool) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,actix_server=warn,tracing_actix_web=error"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if json {
        builder.json().with_current_span(true).with_span_list(false).init();
    } else {
        builder.compact().init();
    }
}

fn read_password() -> anyhow::Result<String> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Password: ")?;
        let second = rpassword::prompt_password("Repeat password: ")?;
        anyhow::ensure!(first == second, "the passwords do not match");
        Ok(first)
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    }
}

async fn create_admin(config: &Config, email: &str, name: &str) -> anyhow::Result<()> {
    let email = rules::normalize_email("email", email).map_err(|e| anyhow::anyhow!("{}", e.message))?;
    let name = rules::check_display_name("name", name).map_err(|e| anyhow::anyhow!("{}", e.message))?;
    let password = read_password()?;
    if let Some(problem) = password::check_new("password", &password, Some(&email)).first() {
        anyhow::bail!("password refused: {}", problem.message);
    }
    let hash = password::hash_sync(&password).map_err(|e| anyhow::anyhow!("{}", e.detail))?;
    let db = open_database(config).await?;
    let key = AuditKey::new(&config.secret_key);
    let result = db.run_sync(|conn| {
        write_tx(conn, |conn| {
            if queries::find_by_email(conn, &email)?.is_some() {
                return Err(AppError::new(
                    juxian::error::ErrorCode::EmailTaken,
                    "an account with this e-mail already exists",
                ));
            }
            let now = now();
            let row = UserRow {
                id: new_id(),
                email: email.clone(),
                display_name: name.clone(),
                password_hash: hash.clone(),
                role: "admin".into(),
                status: "active".into(),
                locale: "zh-CN".into(),
                failed_logins: 0,
                locked_until: None,
                token_version: 0,
                email_verified_at: Some(now),
                last_login_at: None,
                created_at: now,
                updated_at: now,
            };
            queries::insert(conn, &row)?;
            audit::record(
                conn,
                &key,
                &Actor {
                    id: None,
                    email: None,
                    ip: Some("cli".into()),
                },
                Event {
                    action: "account.admin_created_cli",
                    entity: "user",
                    entity_id: Some(&row.id),
                    before: None,
                    after: Some(serde_json::json!({"email": juxian::masking::email(&email), "role": "admin"})),
                },
            )?;
            Ok(row.id)
        })
    });
    match result {
        Ok(id) => {
            println!("administrator {email} created (id {id})");
            Ok(())
        }
        Err(e) => anyhow::bail!("{}", e.detail),
    }
}

async fn audit_verify(config: &Config) -> anyhow::Result<bool> {
    let db = open_database(config).await?;
    let key = AuditKey::new(&config.secret_key);
    match db
        .run_sync(|conn| audit::verify(conn, &key))
        .map_err(|e| anyhow::anyhow!("{}", e.detail))?
    {
        Verification::Intact(n) => {
            println!("audit chain intact: {n} events checked");
            Ok(true)
        }
        Verification::Broken { seq, reason } => {
            println!("audit chain BROKEN at event {seq}: {reason}");
            Ok(false)
        }
    }
}

#[actix_web::main]
async fn main() -> ExitCode {
    let _ = dotenvy::dotenv();
    let cli = Cli::parse();
    if let Some(Command::Openapi) = cli.command {
        println!("{}", juxian::openapi::json());
        return ExitCode::SUCCESS;
    }
    // A restore must not generate fresh keys: the data can only be read with the ones it was made with.
    let config = match if matches!(cli.command, Some(Command::Restore { .. })) {
        Config::from_env_with_existing_keys()
    } else {
        Config::from_env()
    } {
        Ok(c) => c,
        Err(e) => {
            eprintln!("juxian: {e}");
            return ExitCode::from(2);
        }
    };
    init_logging(config.production || std::env::var("JUXIAN_LOG_FORMAT").is_ok_and(|f| f == "json"));
    let outcome = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(config).await,
        Command::Migrate => open_database(&config).await.map(|_| {
            println!("migrations applied");
        }),
        Command::CreateAdmin { email, name } => create_admin(&config, &email, &name).await,
        Command::AuditVerify => match audit_verify(&config).await {
            Ok(true) => Ok(()),
            Ok(false) => return ExitCode::from(1),
            Err(e) => Err(e),
        },
        Command::Openapi => Ok(()),
        Command::EncryptAttachments => {
            let store = juxian::attachments::storage::FileStore::new(config.files_dir(), &config.data_key);
            store
                .encrypt_legacy()
                .map(|n| println!("{n} stored attachments encrypted"))
                .map_err(|e| anyhow::anyhow!("{}", e.detail))
        }
        Command::Backup { to } => juxian::backup::backup(&config, &to).map(|m| {
            println!(
                "backup written to {}: database {} bytes (sha256 {}), {} attachment files, {} audit events verified",
                to.display(),
                m.database.bytes,
                m.database.sha256,
                m.attachment_files,
                m.audit_events_verified
            );
            println!("the keys are not in the backup: keep JUXIAN_DATA_KEY and JUXIAN_SECRET_KEY (or data.key and secret.key) safe, apart from it");
        }),
        Command::Restore { from } => juxian::backup::restore(&config, &from).await.map(|r| {
            println!(
                "restored the backup of {} into {}: {} attachment files; audit chain intact: {} events checked",
                r.manifest.created_at,
                config.data_dir.display(),
                r.manifest.attachment_files,
                r.audit_events
            );
        }),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("juxian: {e:#}");
            ExitCode::from(1)
        }
    }
}

async fn serve(config: Config) -> anyhow::Result<()> {
    tracing::info!(addr = %config.addr, database = ?config.database, smtp = config.smtp_url.is_some(), "starting juxian");
    let app = Application::build(config.clone()).await?;
    println!(
        "聚贤 Juxian is running at http://{}  (API docs: /api/docs/)",
        config.addr
    );
    app.run_until_stopped().await?;
    Ok(())
}
