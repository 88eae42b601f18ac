//! Configuration read from the environment (and an optional `.env`), with safe defaults for the
//! embedded run and hard refusals for production.

use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Which database the service talks to, parsed from `DATABASE_URL`.
#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseTarget {
    /// An SQLite file at this path.
    Sqlite(PathBuf),
    /// A PostgreSQL connection URL.
    Postgres(String),
}

impl fmt::Debug for DatabaseTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DatabaseTarget::Sqlite(p) => write!(f, "sqlite://{}", p.display()),
            // The URL may hold a password; never print it.
            DatabaseTarget::Postgres(_) => write!(f, "postgres://[redacted]"),
        }
    }
}

impl DatabaseTarget {
    /// Parse a `DATABASE_URL`. Anything but `sqlite://PATH` or `postgres(ql)://…` is refused, so a
    /// typo can never silently create a fresh empty database.
    pub fn parse(url: &str) -> Result<Self, ConfigError> {
        if let Some(path) = url.strip_prefix("sqlite://") {
            if path.is_empty() || path.starts_with(":memory:") || path.contains('?') {
                return Err(ConfigError(format!(
                    "DATABASE_URL `sqlite://{path}` is not a file path; use sqlite://PATH/TO/juxian.db"
                )));
            }
            return Ok(DatabaseTarget::Sqlite(PathBuf::from(path)));
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(DatabaseTarget::Postgres(url.to_string()));
        }
        let shown = url.split("://").next().unwrap_or_default();
        Err(ConfigError(format!(
            "DATABASE_URL must start with sqlite:// or postgres:// (got `{shown}…`); refusing to start \
             rather than guess and create an empty database"
        )))
    }

    /// True for the PostgreSQL backend.
    pub fn is_postgres(&self) -> bool {
        matches!(self, DatabaseTarget::Postgres(_))
    }
}

/// A secret value that never shows up in `Debug` output or logs.
#[derive(Clone)]
pub struct Secret(Vec<u8>);

impl Secret {
    /// Wrap raw secret bytes.
    pub fn new(bytes: Vec<u8>) -> Self {
        Secret(bytes)
    }
    /// The secret bytes; call sites are few and easy to audit.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

/// A configuration problem that stops the service from starting.
#[derive(Debug, thiserror::Error)]
#[error("configuration error: {0}")]
pub struct ConfigError(pub String);

/// Everything the service needs to know at start-up.
#[derive(Clone, Debug)]
pub struct Config {
    /// Address to bind (`JUXIAN_ADDR`).
    pub addr: String,
    /// Data directory (`JUXIAN_DATA_DIR`): SQLite file, outbox `.eml` files, secret key, attachments.
    pub data_dir: PathBuf,
    /// Database (`DATABASE_URL`).
    pub database: DatabaseTarget,
    /// Base of links in e-mails (`JUXIAN_PUBLIC_URL`), without a trailing slash.
    pub public_url: String,
    /// SMTP URL in lettre's form (`JUXIAN_SMTP_URL`); `None` writes `.eml` files instead.
    pub smtp_url: Option<Secret>,
    /// Sender address (`JUXIAN_MAIL_FROM`).
    pub mail_from: String,
    /// Signing key for tokens and the audit chain (`JUXIAN_SECRET_KEY`).
    pub secret_key: Secret,
    /// 32-byte key encrypting personal data at rest (`JUXIAN_DATA_KEY`, 64 hex characters).
    pub data_key: Secret,
    /// Cross-origin allow-list (`JUXIAN_CORS_ORIGINS`).
    pub cors_origins: Vec<String>,
    /// `JUXIAN_ENV=production` turns on the strict checks.
    pub production: bool,
    /// Where the built frontend lives (`JUXIAN_FRONTEND_DIR`).
    pub frontend_dir: PathBuf,
    /// Auth requests allowed per client IP per minute (`JUXIAN_AUTH_RATE_PER_MIN`).
    pub auth_rate_per_min: u32,
    /// How many reverse proxies of the operator append to `X-Forwarded-For` (`JUXIAN_TRUST_PROXY`:
    /// `false`/`0` trusts none, `true` one, or a number); the client is the address the outermost
    /// of them added, counted from the right, never a value the client wrote itself.
    pub trust_proxy_hops: usize,
    /// Database pool size (`JUXIAN_DB_POOL_SIZE`).
    pub db_pool_size: u32,
    /// How often the mail worker looks for due mail (`JUXIAN_MAIL_POLL_MS`).
    pub mail_poll: Duration,
    /// First retry delay; doubles on each failure (`JUXIAN_MAIL_RETRY_BASE_MS`).
    pub mail_retry_base: Duration,
    /// Attempts before a mail is declared dead (`JUXIAN_MAIL_MAX_ATTEMPTS`).
    pub mail_max_attempts: i32,
    /// Start the background mail worker with `serve` (`JUXIAN_MAIL_WORKER`, default true).
    pub mail_worker: bool,
    /// Bytes of attachments one account may store (`JUXIAN_ATTACHMENT_QUOTA_BYTES`, default 50 MiB).
    pub attachment_quota_bytes: i64,
    /// Attachments one account may store (`JUXIAN_ATTACHMENT_QUOTA_FILES`, default 20).
    pub attachment_quota_files: i64,
    /// Days the audit log keeps full client addresses before masking them to their network
    /// (`JUXIAN_AUDIT_IP_RETENTION_DAYS`, default 180).
    pub audit_ip_retention_days: i64,
    /// Seconds the application clock runs ahead of real time (`JUXIAN_CLOCK_OFFSET_SECS`, default 0):
    /// lets a test or training server see deadlines and notice periods pass; refused in production.
    pub clock_offset_secs: i64,
    /// Bearer token `/metrics` asks for (`JUXIAN_METRICS_TOKEN`). Without one, `/metrics` is open
    /// in development and refused in production.
    pub metrics_token: Option<Secret>,
    /// Minutes before a fair starts from which tickets are checked in at the door
    /// (`JUXIAN_CHECKIN_OPENS_MINUTES`, default 120); check-in closes when the fair ends.
    pub checkin_opens_minutes: i64,
}

fn var(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

fn parse_num<T: std::str::FromStr>(name: &str, default: T) -> Result<T, ConfigError> {
    match var(name) {
        None => Ok(default),
        Some(v) => v
            .parse()
            .map_err(|_| ConfigError(format!("{name} must be a number (got `{v}`)"))),
    }
}

fn parse_bool(name: &str, default: bool) -> Result<bool, ConfigError> {
    match var(name).as_deref() {
        None => Ok(default),
        Some("1" | "true" | "yes" | "on") => Ok(true),
        Some("0" | "false" | "no" | "off") => Ok(false),
        Some(v) => Err(ConfigError(format!("{name} must be true or false (got `{v}`)"))),
    }
}

fn parse_hops(name: &str) -> Result<usize, ConfigError> {
    match var(name).as_deref() {
        None | Some("0" | "false" | "no" | "off") => Ok(0),
        Some("true" | "yes" | "on") => Ok(1),
        Some(v) => v
            .parse()
            .map_err(|_| ConfigError(format!("{name} must be true, false or a number of proxies (got `{v}`)"))),
    }
}

impl Config {
    /// Read the configuration from the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::read_env(true)
    }

    /// Like [`Config::from_env`], but a key that is neither in the environment nor in the data dir
    /// is an error instead of being generated: `juxian restore` must run with the keys the backup
    /// was made with, and must not leave fresh keys behind in the empty data dir it refuses.
    pub fn from_env_with_existing_keys() -> Result<Self, ConfigError> {
        Self::read_env(false)
    }

    fn read_env(create_keys: bool) -> Result<Self, ConfigError> {
        let production = matches!(var("JUXIAN_ENV").as_deref(), Some("production"));
        let addr = var("JUXIAN_ADDR").unwrap_or_else(|| "127.0.0.1:8080".into());
        if addr.parse::<SocketAddr>().is_err() && !addr.contains(':') {
            return Err(ConfigError(format!("JUXIAN_ADDR must be HOST:PORT (got `{addr}`)")));
        }
        let data_dir = PathBuf::from(var("JUXIAN_DATA_DIR").unwrap_or_else(|| "./data".into()));
        let database = match var("DATABASE_URL") {
            Some(url) => DatabaseTarget::parse(&url)?,
            None => DatabaseTarget::Sqlite(data_dir.join("juxian.db")),
        };
        let public_url = var("JUXIAN_PUBLIC_URL")
            .unwrap_or_else(|| format!("http://{addr}"))
            .trim_end_matches('/')
            .to_string();
        check_public_url(&public_url, false)?;
        let smtp_url = var("JUXIAN_SMTP_URL").map(|s| Secret::new(s.into_bytes()));
        let clock_offset_secs: i64 = parse_num("JUXIAN_CLOCK_OFFSET_SECS", 0)?;
        if production && clock_offset_secs != 0 {
            return Err(ConfigError(
                "JUXIAN_CLOCK_OFFSET_SECS is for test and training servers; production runs on real time".into(),
            ));
        }
        if production && smtp_url.is_none() {
            return Err(ConfigError(
                "JUXIAN_ENV=production requires JUXIAN_SMTP_URL: mail must really be sent".into(),
            ));
        }
        let mail_from = var("JUXIAN_MAIL_FROM").unwrap_or_else(|| "聚贤人才服务平台 <no-reply@juxian.local>".into());
        if mail_from.parse::<lettre::message::Mailbox>().is_err() {
            return Err(ConfigError(format!(
                "JUXIAN_MAIL_FROM is not a mailbox (got `{mail_from}`)"
            )));
        }
        let secret_key = match var("JUXIAN_SECRET_KEY") {
            Some(k) if k.len() >= 32 => Secret::new(k.into_bytes()),
            Some(_) => {
                return Err(ConfigError("JUXIAN_SECRET_KEY must be at least 32 bytes".into()));
            }
            None if production => {
                return Err(ConfigError(
                    "JUXIAN_ENV=production requires JUXIAN_SECRET_KEY (at least 32 bytes)".into(),
                ));
            }
            None => load_or_create_key(&data_dir, "secret.key", 64, create_keys)?,
        };
        let data_key = match var("JUXIAN_DATA_KEY") {
            Some(hex_key) => match hex::decode(&hex_key) {
                Ok(bytes) if bytes.len() == 32 => Secret::new(bytes),
                _ => {
                    return Err(ConfigError(
                        "JUXIAN_DATA_KEY must be 64 hexadecimal characters (32 bytes)".into(),
                    ))
                }
            },
            None if production => {
                return Err(ConfigError(
                    "JUXIAN_ENV=production requires JUXIAN_DATA_KEY (64 hex characters); keep a copy: without it \
                     encrypted personal data cannot be read"
                        .into(),
                ));
            }
            None => load_or_create_key(&data_dir, "data.key", 32, create_keys)?,
        };
        let cors_origins = var("JUXIAN_CORS_ORIGINS")
            .map(|v| {
                v.split(',')
                    .map(|s| s.trim().trim_end_matches('/').to_string())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        // Last, so a production start missing its secrets is told about them first.
        check_public_url(&public_url, production)?;
        Ok(Config {
            addr,
            database,
            public_url,
            smtp_url,
            mail_from,
            secret_key,
            data_key,
            cors_origins,
            production,
            frontend_dir: PathBuf::from(var("JUXIAN_FRONTEND_DIR").unwrap_or_else(|| "frontend/dist".into())),
            auth_rate_per_min: parse_num("JUXIAN_AUTH_RATE_PER_MIN", 60)?,
            trust_proxy_hops: parse_hops("JUXIAN_TRUST_PROXY")?,
            db_pool_size: parse_num("JUXIAN_DB_POOL_SIZE", 10)?,
            mail_poll: Duration::from_millis(parse_num("JUXIAN_MAIL_POLL_MS", 2000)?),
            mail_retry_base: Duration::from_millis(parse_num("JUXIAN_MAIL_RETRY_BASE_MS", 30_000)?),
            mail_max_attempts: parse_num("JUXIAN_MAIL_MAX_ATTEMPTS", 8)?,
            mail_worker: parse_bool("JUXIAN_MAIL_WORKER", true)?,
            attachment_quota_bytes: parse_num("JUXIAN_ATTACHMENT_QUOTA_BYTES", 50 * 1024 * 1024)?,
            attachment_quota_files: parse_num("JUXIAN_ATTACHMENT_QUOTA_FILES", 20)?,
            audit_ip_retention_days: parse_num("JUXIAN_AUDIT_IP_RETENTION_DAYS", 180)?,
            clock_offset_secs,
            metrics_token: var("JUXIAN_METRICS_TOKEN").map(|t| Secret::new(t.into_bytes())),
            checkin_opens_minutes: parse_num("JUXIAN_CHECKIN_OPENS_MINUTES", 120)?,
            data_dir,
        })
    }

    /// Where attachments are stored (encrypted).
    pub fn files_dir(&self) -> PathBuf {
        self.data_dir.join("files")
    }

    /// The outbox folder used when no SMTP server is configured.
    pub fn outbox_dir(&self) -> PathBuf {
        self.data_dir.join("outbox")
    }
}

/// `JUXIAN_PUBLIC_URL` must be a URL; in production an https one, since links in mail carry
/// sign-in tokens and the answers carry HSTS.
pub fn check_public_url(public_url: &str, production: bool) -> Result<(), ConfigError> {
    let Ok(url) = url::Url::parse(public_url) else {
        return Err(ConfigError(format!(
            "JUXIAN_PUBLIC_URL is not a URL (got `{public_url}`)"
        )));
    };
    if production && url.scheme() != "https" {
        return Err(ConfigError(format!(
            "JUXIAN_ENV=production requires an https JUXIAN_PUBLIC_URL (got `{public_url}`): links in mail carry \
             sign-in tokens, and production answers send Strict-Transport-Security"
        )));
    }
    Ok(())
}

/// Read a generated key from the data dir, creating it (random, mode 0600) on first run when
/// `create` is set.
fn load_or_create_key(data_dir: &Path, name: &str, len: usize, create: bool) -> Result<Secret, ConfigError> {
    use rand::RngCore;
    use std::io::Write;
    let path = data_dir.join(name);
    if let Ok(existing) = std::fs::read(&path) {
        if existing.len() == len {
            return Ok(Secret::new(existing));
        }
        return Err(ConfigError(format!("{} must hold exactly {len} bytes", path.display())));
    }
    if !create {
        let var = if name == "data.key" {
            "JUXIAN_DATA_KEY"
        } else {
            "JUXIAN_SECRET_KEY"
        };
        return Err(ConfigError(format!(
            "{var} is not set and {} does not exist: use the key the backup was made with",
            path.display()
        )));
    }
    crate::private_fs::create_dir(data_dir)
        .map_err(|e| ConfigError(format!("cannot create data dir {}: {e}", data_dir.display())))?;
    let mut key = vec![0u8; len];
    rand::thread_rng().fill_bytes(&mut key);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(&path)
        .map_err(|e| ConfigError(format!("cannot create {}: {e}", path.display())))?;
    file.write_all(&key)
        .map_err(|e| ConfigError(format!("cannot write {}: {e}", path.display())))?;
    Ok(Secret::new(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_url_schemes() {
        assert!(matches!(
            DatabaseTarget::parse("sqlite://./data/x.db"),
            Ok(DatabaseTarget::Sqlite(_))
        ));
        assert!(DatabaseTarget::parse("postgres://u@h/db").is_ok_and(|t| t.is_postgres()));
        assert!(DatabaseTarget::parse("postgresql://u@h/db").is_ok());
        for bad in [
            "./data/x.db",
            "sqlit://x.db",
            "mysql://h/db",
            "sqlite://",
            "sqlite://:memory:",
            "postgre://h/db",
        ] {
            assert!(DatabaseTarget::parse(bad).is_err(), "{bad} must be refused");
        }
    }

    #[test]
    fn production_needs_an_https_public_url() {
        assert!(check_public_url("https://rc.example.gov.cn", true).is_ok());
        assert!(check_public_url("http://127.0.0.1:8080", false).is_ok());
        for bad in [
            "http://rc.example.gov.cn",
            "ftp://rc.example.gov.cn",
            "rc.example.gov.cn",
        ] {
            let e = check_public_url(bad, true).expect_err(bad);
            assert!(e.0.contains("JUXIAN_PUBLIC_URL"), "{e}");
        }
        assert!(check_public_url("not a url", false).is_err());
    }

    #[test]
    fn secrets_do_not_print() {
        let s = Secret::new(b"super-secret-value".to_vec());
        assert!(!format!("{s:?}").contains("super"));
        let pg = DatabaseTarget::parse("postgres://u:pw@h/db").expect("valid");
        assert!(!format!("{pg:?}").contains("pw"));
    }
}
