//! `juxian backup --to DIR` and `juxian restore --from DIR`: a consistent copy of the embedded
//! SQLite database taken while the server runs, the attachment files it refers to, and a manifest
//! that lets `restore` check every byte before it puts anything in place.
//!
//! A backup folder holds:
//!
//! ```text
//! juxian.db        the database, written by SQLite's `VACUUM INTO` from one read snapshot
//! files/xx/<sha>   every attachment the copy refers to, still encrypted, named by its SHA-256
//! manifest.json    format, version, time, row counts, SHA-256 of juxian.db, file count and bytes,
//!                  and a check value of each key (never the keys themselves)
//! README.txt       what is in it, and that the keys are needed to read it
//! ```
//!
//! The keys are deliberately not in the backup: ID and bank numbers and the attachment files are
//! sealed with the data key, and the audit chain is keyed with the secret key, so a backup that
//! leaks without them exposes no personal data. Whoever restores must bring the same keys; the
//! check values in the manifest tell at once when they are not the right ones.
//!
//! PostgreSQL deployments back up with `pg_dump` (see the README); `backup` refuses there.

use crate::audit::{self, queries::Verification, AuditKey};
use crate::config::{Config, DatabaseTarget, Secret};
use crate::crypto::derive_key;
use crate::db::{schema, DbConn};
use crate::private_fs;
use anyhow::{bail, Context};
use diesel::prelude::*;
use diesel::sqlite::SqliteConnection;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// The version of the backup folder's layout; `restore` refuses layouts it does not know.
pub const FORMAT: u32 = 1;
/// The database file's name inside a backup.
const DB_FILE: &str = "juxian.db";
const MANIFEST: &str = "manifest.json";
const FILES: &str = "files";
/// How often a backup starts over when a file the snapshot refers to was removed before it could
/// be copied (an attachment deleted or replaced in that instant).
const ATTEMPTS: usize = 3;
/// What may already be in the data dir `restore` writes to: the keys the operator kept.
const KEY_FILES: [&str; 2] = ["secret.key", "data.key"];

/// What a backup holds, written as `manifest.json` and checked by `restore`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Manifest {
    /// Layout version ([`FORMAT`]).
    pub format: u32,
    /// The `juxian` version that wrote it.
    pub juxian_version: String,
    /// When the snapshot was taken (RFC 3339, UTC).
    pub created_at: String,
    /// The database copy.
    pub database: FileEntry,
    /// Rows per table in the copy.
    pub counts: BTreeMap<String, i64>,
    /// Attachment files copied.
    pub attachment_files: u64,
    /// Their bytes (encrypted, as stored).
    pub attachment_bytes: u64,
    /// Audit events in the copy, all verified when the backup was taken.
    pub audit_events_verified: i64,
    /// Check values of the keys the data was written with (HMAC of a fixed label: they identify a
    /// key without revealing it).
    pub key_checks: KeyChecks,
}

/// One file of the backup.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FileEntry {
    /// Its name in the backup folder.
    pub file: String,
    /// SHA-256 of its bytes (hex).
    pub sha256: String,
    /// Its size.
    pub bytes: u64,
}

/// Check values of the two keys.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct KeyChecks {
    /// Of `JUXIAN_DATA_KEY` (ID and bank numbers, attachment files).
    pub data_key: String,
    /// Of `JUXIAN_SECRET_KEY` (tokens, the audit chain).
    pub secret_key: String,
}

impl KeyChecks {
    /// The check values of the configured keys.
    pub fn of(config: &Config) -> Self {
        KeyChecks {
            data_key: key_check(&config.data_key),
            secret_key: key_check(&config.secret_key),
        }
    }
}

fn key_check(key: &Secret) -> String {
    let mut hex = hex::encode(derive_key(key, b"juxian/backup/key-check/v1"));
    hex.truncate(16);
    hex
}

const README: &str = "\
聚贤 Juxian backup / 备份
=========================

juxian.db      the database (SQLite), a consistent copy / 数据库的一致副本
files/         the attachment files, still encrypted / 附件文件（仍为加密状态）
manifest.json  row counts, SHA-256 checksums, key check values / 行数、校验和、密钥校验值

IMPORTANT / 重要
The keys are NOT in this folder. Without the data key (JUXIAN_DATA_KEY, or data.key in the data
dir) the ID numbers, bank account numbers and attachment files in this backup cannot be read by
anyone, including you. Without the secret key (JUXIAN_SECRET_KEY, or secret.key) the audit chain
cannot be verified and sign-ins are lost. Keep both keys safe and apart from this backup.
本目录不包含密钥。没有数据密钥（JUXIAN_DATA_KEY 或数据目录中的 data.key），备份中的身份证号、
银行账号和附件任何人都无法读取；没有签名密钥（JUXIAN_SECRET_KEY 或 secret.key），审计链无法校验。
请妥善保管这两个密钥，并与备份分开存放。

Restore / 恢复:  juxian restore --from THIS_FOLDER   (into an empty data dir, with the same keys)
";

/// The SHA-256 (hex) and size of a file, read in full.
fn hash_file(path: &Path) -> std::io::Result<(String, u64)> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut total = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        total += n as u64;
    }
    Ok((hex::encode(hasher.finalize()), total))
}

/// Copy `from` to a new private file `to`, flushed to the disk; returns the SHA-256 and size of
/// the bytes copied.
fn copy_file(from: &Path, to: &Path) -> std::io::Result<(String, u64)> {
    let mut src = std::fs::File::open(from)?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(private_fs::FILE_MODE);
    }
    let mut dst = options.open(to)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut total = 0u64;
    loop {
        let n = src.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        dst.write_all(&buf[..n])?;
        total += n as u64;
    }
    dst.sync_all()?;
    Ok((hex::encode(hasher.finalize()), total))
}

fn is_content_name(name: &str) -> bool {
    name.len() == 64 && name.chars().all(|c| c.is_ascii_hexdigit())
}

/// Where the store keeps the file named `sha` (see `attachments::storage`).
fn stored_path(root: &Path, sha: &str) -> PathBuf {
    root.join(&sha[..2]).join(sha)
}

fn write_private(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    private_fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
    std::fs::File::open(path)?.sync_all()?;
    Ok(())
}

/// A folder that does not exist yet or is empty, created private.
fn empty_target(dir: &Path) -> anyhow::Result<PathBuf> {
    if dir.exists() {
        if !dir.is_dir() {
            bail!("{} exists and is not a folder", dir.display());
        }
        if std::fs::read_dir(dir)?.next().is_some() {
            bail!(
                "{} is not empty; a backup goes into a new or empty folder, so that it never mixes with another",
                dir.display()
            );
        }
    }
    private_fs::dir(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    // Absolute, so that the path handed to SQLite is a plain file name (never a `file:` URI).
    Ok(std::fs::canonicalize(dir)?)
}

/// Rows per table of a database, for the manifest and for comparing a restored copy.
pub fn counts(conn: &mut SqliteConnection) -> anyhow::Result<BTreeMap<String, i64>> {
    use schema::*;
    let mut out = BTreeMap::new();
    macro_rules! count {
        ($($table:ident),* $(,)?) => {
            $(out.insert(stringify!($table).to_string(), $table::table.count().get_result::<i64>(conn)?);)*
        };
    }
    count!(
        users,
        talent_profiles,
        attachments,
        enterprises,
        positions,
        job_fairs,
        fair_registrations,
        internship_applications,
        subsidy_applications,
        payouts,
        payout_batches,
        outbox,
        audit_events,
    );
    Ok(out)
}

/// Write a backup of the running (or stopped) service's data into `to`.
pub fn backup(config: &Config, to: &Path) -> anyhow::Result<Manifest> {
    let source = match &config.database {
        DatabaseTarget::Sqlite(path) => path.clone(),
        DatabaseTarget::Postgres(_) => bail!(
            "juxian backup copies the embedded SQLite database; this service runs on PostgreSQL: back it up \
             with pg_dump and copy the attachment folder (see README, \"Backup and restore\")"
        ),
    };
    if !source.is_file() {
        bail!("no database at {}; nothing to back up", source.display());
    }
    let to = empty_target(to)?;
    let mut last_missing = Vec::new();
    for _ in 0..ATTEMPTS {
        let tried = attempt(config, &source, &to);
        if tried.is_err() {
            // Leave no half backup behind (the folder was empty or new).
            let _ = clear(&to);
        }
        match tried? {
            Ok(manifest) => return Ok(manifest),
            Err(missing) => {
                // Start over: the next snapshot no longer refers to what was removed meanwhile.
                tracing::warn!(
                    ?missing,
                    "attachments removed while the backup ran; taking a new snapshot"
                );
                clear(&to)?;
                last_missing = missing;
            }
        }
    }
    bail!(
        "attachment files the database refers to are missing from {}: {}",
        config.files_dir().display(),
        last_missing.join(", ")
    )
}

fn clear(dir: &Path) -> anyhow::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            std::fs::remove_dir_all(&path)?;
        } else {
            std::fs::remove_file(&path)?;
        }
    }
    Ok(())
}

/// One try: the snapshot, then the files it refers to. `Ok(Err(missing))` when some referred file
/// was gone by the time it was copied.
fn attempt(config: &Config, source: &Path, to: &Path) -> anyhow::Result<Result<Manifest, Vec<String>>> {
    let copy = to.join(DB_FILE);
    {
        let mut live = SqliteConnection::establish(&source.to_string_lossy())
            .with_context(|| format!("cannot open {}", source.display()))?;
        diesel::sql_query("PRAGMA busy_timeout = 15000").execute(&mut live)?;
        // VACUUM INTO reads one snapshot (so the copy is consistent while the server keeps
        // writing) and writes a compact database without a WAL to carry along. The target file
        // name is a bound parameter: SQLite takes any expression there.
        diesel::sql_query("VACUUM INTO ?")
            .bind::<diesel::sql_types::Text, _>(copy.to_string_lossy().into_owned())
            .execute(&mut live)
            .context("VACUUM INTO failed")?;
    }
    private_fs::tighten(&copy, private_fs::FILE_MODE)?;
    let (counts, shas, audited) = {
        let mut conn = DbConn::Sqlite(SqliteConnection::establish(&copy.to_string_lossy())?);
        let DbConn::Sqlite(lite) = &mut conn else {
            bail!("unreachable: the copy is SQLite");
        };
        let counts = counts(lite)?;
        let shas: BTreeSet<String> = schema::attachments::table
            .select(schema::attachments::sha256)
            .distinct()
            .load::<String>(lite)?
            .into_iter()
            .collect();
        let audited = match audit::verify(&mut conn, &AuditKey::new(&config.secret_key))
            .map_err(|e| anyhow::anyhow!("{}", e.detail))?
        {
            Verification::Intact(n) => n,
            Verification::Broken { seq, reason } => {
                bail!("the audit chain of the database is broken at event {seq} ({reason}); not backing it up as if it were intact; run juxian audit-verify")
            }
        };
        (counts, shas, audited)
    };
    let root = config.files_dir();
    let (mut files, mut bytes, mut missing) = (0u64, 0u64, Vec::new());
    for sha in &shas {
        if !is_content_name(sha) {
            bail!("an attachment row names its file `{sha}`, which is not a content hash");
        }
        let from = stored_path(&root, sha);
        if !from.is_file() {
            missing.push(sha.clone());
            continue;
        }
        let dir = to.join(FILES).join(&sha[..2]);
        private_fs::dir(&dir)?;
        let (got, size) =
            copy_file(&from, &dir.join(sha)).with_context(|| format!("cannot copy {}", from.display()))?;
        if got != *sha {
            bail!("stored file {sha} does not match its name (damaged on disk?)");
        }
        files += 1;
        bytes += size;
    }
    if !missing.is_empty() {
        return Ok(Err(missing));
    }
    let (sha256, db_bytes) = hash_file(&copy)?;
    let manifest = Manifest {
        format: FORMAT,
        juxian_version: env!("CARGO_PKG_VERSION").to_string(),
        created_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        database: FileEntry {
            file: DB_FILE.into(),
            sha256,
            bytes: db_bytes,
        },
        counts,
        attachment_files: files,
        attachment_bytes: bytes,
        audit_events_verified: audited,
        key_checks: KeyChecks::of(config),
    };
    write_private(&to.join("README.txt"), README.as_bytes())?;
    // The manifest last: a folder without one is an unfinished backup, and restore refuses it.
    write_private(&to.join(MANIFEST), serde_json::to_string_pretty(&manifest)?.as_bytes())?;
    Ok(Ok(manifest))
}

/// Read and check a backup's manifest.
pub fn read_manifest(from: &Path) -> anyhow::Result<Manifest> {
    let path = from.join(MANIFEST);
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("{} is missing: not a (finished) juxian backup", path.display()))?;
    let manifest: Manifest =
        serde_json::from_str(&text).with_context(|| format!("{} is not a juxian manifest", path.display()))?;
    if manifest.format != FORMAT {
        bail!(
            "backup format {} is not known to this juxian (which reads format {FORMAT})",
            manifest.format
        );
    }
    if manifest.database.file != DB_FILE {
        bail!("the manifest names an unexpected database file");
    }
    Ok(manifest)
}

/// What `restore` put in place.
#[derive(Debug)]
pub struct Restored {
    /// The backup's manifest.
    pub manifest: Manifest,
    /// Audit events verified on the restored database.
    pub audit_events: i64,
}

/// Why the data dir is not empty enough to restore into, if it is not.
fn check_empty(config: &Config, db: &Path) -> anyhow::Result<()> {
    let mut found = Vec::new();
    if let Ok(entries) = std::fs::read_dir(&config.data_dir) {
        for entry in entries {
            let name = entry?.file_name().to_string_lossy().into_owned();
            if !KEY_FILES.contains(&name.as_str()) {
                found.push(name);
            }
        }
    }
    if db.exists() {
        found.push(db.display().to_string());
    }
    if !found.is_empty() {
        found.sort();
        found.dedup();
        bail!(
            "refusing to restore into {}: it is not empty (found {}); restore only into an empty data dir \
             (the key files secret.key and data.key may be there), so that nothing is overwritten",
            config.data_dir.display(),
            found.join(", ")
        );
    }
    Ok(())
}

/// Copy the checked database and files into place; the database last, under its real name in one
/// rename, so that a restore cut short never leaves a database that lacks its files.
fn put_in_place(
    from: &Path,
    manifest: &Manifest,
    sources: &[(String, PathBuf)],
    partial: &Path,
    db: &Path,
    root: &Path,
) -> anyhow::Result<()> {
    let (copied, _) = copy_file(&from.join(DB_FILE), partial)?;
    if copied != manifest.database.sha256 {
        bail!("the database changed while it was copied");
    }
    for (name, path) in sources {
        let dir = root.join(&name[..2]);
        private_fs::dir(&dir)?;
        let (got, _) = copy_file(path, &dir.join(name))?;
        if got != *name {
            bail!("attachment {name} changed while it was copied");
        }
    }
    std::fs::rename(partial, db)?;
    Ok(())
}

/// Restore the backup in `from` into the configured (empty) data dir and database, then migrate it
/// and verify its audit chain.
pub async fn restore(config: &Config, from: &Path) -> anyhow::Result<Restored> {
    let db = match &config.database {
        DatabaseTarget::Sqlite(path) => path.clone(),
        DatabaseTarget::Postgres(_) => bail!(
            "juxian restore writes the embedded SQLite database; for PostgreSQL restore the pg_dump with \
             pg_restore and copy the attachment folder back (see README, \"Backup and restore\")"
        ),
    };
    let manifest = read_manifest(from)?;
    check_empty(config, &db)?;
    let ours = KeyChecks::of(config);
    if ours.data_key != manifest.key_checks.data_key {
        bail!(
            "the data key in use is not the one this backup was written with: set JUXIAN_DATA_KEY (or put the \
             data.key you kept into the data dir); without it ID and bank numbers and attachments cannot be read"
        );
    }
    if ours.secret_key != manifest.key_checks.secret_key {
        bail!(
            "the secret key in use is not the one this backup was written with: set JUXIAN_SECRET_KEY (or put the \
             secret.key you kept into the data dir); without it the audit chain cannot be verified"
        );
    }
    let (sha, _) = hash_file(&from.join(DB_FILE)).context("cannot read the backup's database")?;
    if sha != manifest.database.sha256 {
        bail!("the backup's database does not match its checksum in the manifest (damaged?); nothing was restored");
    }
    // Check every file before writing anything.
    let mut sources = Vec::new();
    let files_root = from.join(FILES);
    if files_root.is_dir() {
        for dir in std::fs::read_dir(&files_root)? {
            let dir = dir?.path();
            for entry in std::fs::read_dir(&dir)? {
                let path = entry?.path();
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                if !is_content_name(&name) {
                    bail!("unexpected file {} in the backup", path.display());
                }
                let (got, _) = hash_file(&path)?;
                if got != name {
                    bail!("backup file {name} does not match its name (damaged?); nothing was restored");
                }
                sources.push((name, path));
            }
        }
    }
    if sources.len() as u64 != manifest.attachment_files {
        bail!(
            "the backup holds {} attachment files, its manifest says {}; nothing was restored",
            sources.len(),
            manifest.attachment_files
        );
    }

    private_fs::dir(&config.data_dir)?;
    let parent = db.parent().filter(|p| !p.as_os_str().is_empty()).map(Path::to_path_buf);
    if let Some(parent) = &parent {
        if !parent.is_dir() {
            bail!("the folder of the database ({}) does not exist", parent.display());
        }
    }
    let partial = db.with_extension("db.restoring");
    if let Err(e) = put_in_place(from, &manifest, &sources, &partial, &db, &config.files_dir()) {
        // The data dir was empty: take back what was written, so that it can simply be run again.
        let _ = std::fs::remove_file(&partial);
        let _ = std::fs::remove_dir_all(config.files_dir());
        return Err(e.context("restore failed; what it had written was removed"));
    }

    let pool = crate::open_database(config).await?;
    let key = AuditKey::new(&config.secret_key);
    let verified = actix_web::web::block(move || pool.run_sync(|conn| audit::verify(conn, &key)))
        .await?
        .map_err(|e| anyhow::anyhow!("{}", e.detail))?;
    match verified {
        Verification::Intact(n) => Ok(Restored {
            manifest,
            audit_events: n,
        }),
        Verification::Broken { seq, reason } => {
            bail!("restored, but the audit chain is BROKEN at event {seq}: {reason}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_checks_identify_a_key_without_showing_it() {
        let a = Secret::new(vec![1; 32]);
        let b = Secret::new(vec![2; 32]);
        assert_eq!(key_check(&a), key_check(&a));
        assert_ne!(key_check(&a), key_check(&b));
        assert_eq!(key_check(&a).len(), 16);
        assert!(!key_check(&a).contains(&hex::encode([1u8; 8])));
    }

    #[test]
    fn content_names_only() {
        assert!(is_content_name(&"a".repeat(64)));
        for bad in ["", "../x", &"g".repeat(64), &"a".repeat(63)] {
            assert!(!is_content_name(bad), "{bad}");
        }
    }
}
