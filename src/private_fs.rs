//! Files and folders only the service's own user may read: the data dir, the SQLite database (and
//! its `-wal`/`-shm`), the outbox of mail written to files (sign-in links), the generated keys.
//! Modes are set when creating, independent of the umask; what already exists is tightened at
//! start with a log line. On other platforms than Unix these are plain creates.

use std::io;
use std::path::Path;

/// Mode of private folders.
pub const DIR_MODE: u32 = 0o700;
/// Mode of private files.
pub const FILE_MODE: u32 = 0o600;

/// Create `dir` (and missing parents) as 0700; an existing one is left as it is.
pub fn create_dir(dir: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(DIR_MODE);
    }
    builder.create(dir)
}

/// Create `dir` (and missing parents) as 0700, or tighten it to 0700 if it is open to others.
pub fn dir(dir: &Path) -> io::Result<()> {
    create_dir(dir)?;
    tighten(dir, DIR_MODE)
}

/// If `path` exists and group or others may use it, set it to `mode` and say so.
pub fn tighten(path: &Path, mode: u32) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let Ok(meta) = std::fs::metadata(path) else {
            return Ok(());
        };
        let current = meta.permissions().mode() & 0o777;
        if current & 0o077 != 0 {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))?;
            tracing::warn!(path = %path.display(), from = format!("{current:o}"), to = format!("{mode:o}"),
                "tightened permissions: the data of this service is for its own user only");
        }
    }
    #[cfg(not(unix))]
    let _ = (path, mode);
    Ok(())
}

/// Open options creating a file as 0600.
pub fn create_options() -> std::fs::OpenOptions {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(FILE_MODE);
    }
    options
}

/// Write `bytes` to a new (or replaced) file readable by the owner only.
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    let mut file = create_options().open(path)?;
    file.write_all(bytes)?;
    // A file that existed before keeps its old mode through `open`; tighten it.
    tighten(path, FILE_MODE)
}

/// The SQLite database file and its `-wal`/`-shm` companions: create the database as an empty
/// 0600 file when its folder exists (SQLite gives the companions the database's mode), and tighten
/// whichever of them already exist.
pub fn sqlite_files(db: &Path) -> io::Result<()> {
    if !db.exists() && db.parent().is_some_and(|p| p.as_os_str().is_empty() || p.is_dir()) {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(FILE_MODE);
        }
        match options.open(db) {
            Ok(_) => {}
            // Another process created it first: fine, it is tightened below.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut name = db.as_os_str().to_owned();
        name.push(suffix);
        tighten(Path::new(&name), FILE_MODE)?;
    }
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(p: &Path) -> u32 {
        std::fs::metadata(p).expect("exists").permissions().mode() & 0o777
    }

    #[test]
    fn created_private_and_existing_ones_tightened() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let nested = tmp.path().join("data/outbox");
        dir(&nested).expect("create");
        assert_eq!(mode(&nested), 0o700);
        assert_eq!(mode(&tmp.path().join("data")), 0o700);

        let open = tmp.path().join("open");
        std::fs::create_dir(&open).expect("create");
        std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        dir(&open).expect("tighten");
        assert_eq!(mode(&open), 0o700);

        let file = nested.join("a.eml");
        write(&file, b"x").expect("write");
        assert_eq!(mode(&file), 0o600);
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        write(&file, b"y").expect("rewrite");
        assert_eq!(mode(&file), 0o600);

        let db = tmp.path().join("data/juxian.db");
        sqlite_files(&db).expect("db");
        assert_eq!(mode(&db), 0o600);
        let wal = tmp.path().join("data/juxian.db-wal");
        std::fs::write(&wal, b"").expect("wal");
        std::fs::set_permissions(&wal, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        sqlite_files(&db).expect("tighten");
        assert_eq!(mode(&wal), 0o600);
        // A database in a folder that does not exist is not created (nor its folder).
        let missing = tmp.path().join("nope/juxian.db");
        sqlite_files(&missing).expect("nothing to do");
        assert!(!missing.exists() && !tmp.path().join("nope").exists());
    }
}
