//! The file store: bytes on disk under `<data dir>/files/`, named by their SHA-256, so the uploaded
//! name never reaches the file system and identical files are kept once.

use crate::error::{AppError, AppResult};
use sha2::{Digest, Sha256};
use std::path::PathBuf;
use std::sync::Arc;
use tokio::sync::Mutex;

/// Content-addressed storage on the local disk.
#[derive(Clone)]
pub struct FileStore {
    root: PathBuf,
    /// Held while a file is written and recorded, or unrecorded and removed, so that removing an
    /// unreferenced file cannot race with a new upload of the same content in this process.
    pub guard: Arc<Mutex<()>>,
}

impl FileStore {
    /// A store rooted at `root` (created on first write).
    pub fn new(root: PathBuf) -> Self {
        FileStore {
            root,
            guard: Arc::new(Mutex::new(())),
        }
    }

    /// The SHA-256 of some bytes, as stored.
    pub fn hash(bytes: &[u8]) -> String {
        hex::encode(Sha256::digest(bytes))
    }

    fn path(&self, sha256: &str) -> AppResult<PathBuf> {
        if sha256.len() != 64 || !sha256.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(AppError::internal("invalid content hash"));
        }
        Ok(self.root.join(&sha256[..2]).join(sha256))
    }

    /// Store bytes (blocking); returns their hash. Writing goes through a temp file and a rename,
    /// so a crash never leaves a half file under a valid name.
    pub fn put(&self, bytes: &[u8]) -> AppResult<String> {
        let sha = Self::hash(bytes);
        let path = self.path(&sha)?;
        if path.is_file() {
            return Ok(sha);
        }
        let dir = path.parent().ok_or_else(|| AppError::internal("no parent dir"))?;
        std::fs::create_dir_all(dir).map_err(AppError::internal)?;
        let tmp = dir.join(format!(".{sha}.{}.tmp", uuid::Uuid::new_v4()));
        std::fs::write(&tmp, bytes).map_err(AppError::internal)?;
        std::fs::rename(&tmp, &path).map_err(AppError::internal)?;
        Ok(sha)
    }

    /// Where the bytes of `sha256` are.
    pub fn locate(&self, sha256: &str) -> AppResult<PathBuf> {
        let path = self.path(sha256)?;
        if path.is_file() {
            Ok(path)
        } else {
            Err(AppError::internal(format!("file {sha256} missing from the store")))
        }
    }

    /// Remove the bytes of `sha256` (blocking); a missing file is not an error.
    pub fn remove(&self, sha256: &str) -> AppResult<()> {
        match std::fs::remove_file(self.path(sha256)?) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(AppError::internal(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn put_locate_remove() {
        let dir = tempfile_dir();
        let store = FileStore::new(dir.clone());
        let sha = store.put(b"%PDF-1.4 hello").expect("put");
        assert_eq!(sha, FileStore::hash(b"%PDF-1.4 hello"));
        let path = store.locate(&sha).expect("locate");
        assert!(path.starts_with(&dir));
        assert_eq!(store.put(b"%PDF-1.4 hello").expect("again"), sha);
        store.remove(&sha).expect("remove");
        assert!(store.locate(&sha).is_err());
        store.remove(&sha).expect("idempotent");
        assert!(store.locate("../../etc/passwd").is_err());
        let _ = std::fs::remove_dir_all(dir);
    }

    fn tempfile_dir() -> PathBuf {
        std::env::temp_dir().join(format!("juxian-store-{}", uuid::Uuid::new_v4()))
    }
}
