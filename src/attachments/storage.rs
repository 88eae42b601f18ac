//! The file store: encrypted bytes on disk under `<data dir>/files/`, each upload under the SHA-256
//! of its ciphertext, so the uploaded name never reaches the file system.
//!
//! Attachments are ID-card scans and diplomas (sensitive personal information, PIPL art. 28), so
//! every file is sealed with a key derived from the data key, in the STREAM construction
//! (Hoang, Reyhanitabar, Rogaway, Vizár 2015) over AES-256-GCM:
//!
//! ```text
//! file   = MAGIC ‖ salt (24 random bytes) ‖ chunk₀ ‖ chunk₁ ‖ … ‖ chunkₙ
//! key    = HMAC-SHA256(derive_key(data key, "juxian/attachments/v1"), salt)   one key per file
//! chunkᵢ = AES-256-GCM(key, nonce = 0⁷ ‖ i (u32, big-endian) ‖ last (0 or 1), aad = MAGIC ‖ salt,
//!                      64 KiB of plaintext; only the last chunk may be shorter, even empty)
//! ```
//!
//! The counter detects reordered or dropped chunks, the last flag a file cut at a chunk boundary,
//! and the per-file key rules out nonce reuse across files. Because the ciphertext of the same
//! document differs on every upload, there is no de-duplication: a hash of the plaintext would
//! tell whoever reads the database that two people hold the same document (or which well-known
//! document someone uploaded). The ciphertext hash is kept as the file's name and as the version
//! marker a subsidy application compares to notice a replaced file.
//!
//! Files written before encryption (named by the SHA-256 of their plain bytes, with no magic) are
//! still read as they are; `juxian encrypt-attachments` seals them in place.

use crate::config::Secret;
use crate::crypto::derive_key;
use crate::error::{AppError, AppResult};
use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The first bytes of a sealed file (a PDF, JPEG or PNG never starts so).
const MAGIC: &[u8; 4] = b"JXE1";
const SALT_LEN: usize = 24;
const HEADER_LEN: usize = MAGIC.len() + SALT_LEN;
/// Plaintext bytes per chunk.
const CHUNK: usize = 64 * 1024;
const TAG: usize = 16;

/// Encrypted, hash-named storage on the local disk.
#[derive(Clone)]
pub struct FileStore {
    root: PathBuf,
    key: Arc<Vec<u8>>,
}

/// Reads a stored file back chunk by chunk (blocking), decrypting and authenticating each one.
pub struct FileReader {
    file: File,
    /// `None` for a file stored before encryption.
    sealed: Option<Sealed>,
    pending: Vec<u8>,
    done: bool,
}

struct Sealed {
    cipher: Aes256Gcm,
    header: Vec<u8>,
    counter: u32,
}

fn nonce(counter: u32, last: bool) -> [u8; 12] {
    let mut n = [0u8; 12];
    n[7..11].copy_from_slice(&counter.to_be_bytes());
    n[11] = u8::from(last);
    n
}

impl Sealed {
    fn seal(&mut self, plain: &[u8], last: bool) -> AppResult<Vec<u8>> {
        let n = nonce(self.counter, last);
        let out = self
            .cipher
            .encrypt(
                Nonce::from_slice(&n),
                Payload {
                    msg: plain,
                    aad: &self.header,
                },
            )
            .map_err(|_| AppError::internal("attachment encryption failed"))?;
        self.counter = self
            .counter
            .checked_add(1)
            .ok_or_else(|| AppError::internal("attachment too large to encrypt"))?;
        Ok(out)
    }

    fn open(&mut self, sealed: &[u8], last: bool) -> AppResult<Vec<u8>> {
        let n = nonce(self.counter, last);
        let out = self
            .cipher
            .decrypt(
                Nonce::from_slice(&n),
                Payload {
                    msg: sealed,
                    aad: &self.header,
                },
            )
            .map_err(|_| AppError::internal("stored attachment is damaged, truncated or under another key"))?;
        self.counter = self
            .counter
            .checked_add(1)
            .ok_or_else(|| AppError::internal("stored attachment too long"))?;
        Ok(out)
    }
}

/// Create `dir` and its missing parents readable by the service account only (0700).
pub fn private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// Create a new file readable by the service account only (0600).
fn private_file(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

impl FileStore {
    /// A store rooted at `root` (created on first write), sealing with a key derived from `data_key`.
    pub fn new(root: PathBuf, data_key: &Secret) -> Self {
        FileStore {
            root,
            key: Arc::new(derive_key(data_key, b"juxian/attachments/v1")),
        }
    }

    fn cipher(&self, salt: &[u8]) -> AppResult<Aes256Gcm> {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.key).map_err(AppError::internal)?;
        mac.update(salt);
        let file_key = mac.finalize().into_bytes();
        Ok(Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(&file_key)))
    }

    fn path(&self, sha256: &str) -> AppResult<PathBuf> {
        if sha256.len() != 64 || !sha256.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(AppError::internal("invalid content hash"));
        }
        Ok(self.root.join(&sha256[..2]).join(sha256))
    }

    /// Seal `bytes` into `out` chunk by chunk; returns the SHA-256 of what was written.
    fn seal_into(&self, bytes: &[u8], out: &mut impl Write) -> AppResult<String> {
        let mut salt = [0u8; SALT_LEN];
        rand::rngs::OsRng.fill_bytes(&mut salt);
        let mut header = MAGIC.to_vec();
        header.extend_from_slice(&salt);
        let mut sealed = Sealed {
            cipher: self.cipher(&salt)?,
            header: header.clone(),
            counter: 0,
        };
        let mut hasher = Sha256::new();
        let mut write = |data: &[u8]| -> AppResult<()> {
            hasher.update(data);
            out.write_all(data).map_err(AppError::storage)
        };
        write(&header)?;
        let mut chunks = bytes.chunks(CHUNK).peekable();
        if chunks.peek().is_none() {
            write(&sealed.seal(&[], true)?)?;
        }
        while let Some(chunk) = chunks.next() {
            // A full last chunk carries the flag itself rather than an empty chunk after it.
            let last = chunks.peek().is_none();
            write(&sealed.seal(chunk, last)?)?;
        }
        Ok(hex::encode(hasher.finalize()))
    }

    /// Seal `bytes` into a new file and flush it to the disk; returns the ciphertext's SHA-256.
    fn write_sealed(&self, bytes: &[u8], file: &mut File) -> AppResult<String> {
        let mut out = std::io::BufWriter::new(&mut *file);
        let sha = self.seal_into(bytes, &mut out)?;
        out.flush().map_err(AppError::storage)?;
        drop(out);
        file.sync_all().map_err(AppError::storage)?;
        Ok(sha)
    }

    /// Encrypt and store bytes (blocking); returns the name they are stored under. Writing goes
    /// through a private temp file and a rename, so a crash never leaves a half file under a name.
    ///
    /// A file system that refuses the write (full, read-only, not writable, the folder missing or
    /// replaced) answers 507 `storage_unavailable`: nothing is recorded, and the upload can be
    /// tried again once the operator fixed the disk.
    pub fn put(&self, bytes: &[u8]) -> AppResult<String> {
        private_dir(&self.root).map_err(AppError::storage)?;
        let tmp = self.root.join(format!(".{}.tmp", uuid::Uuid::new_v4()));
        let written = self.put_via(&tmp, bytes);
        if written.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        written
    }

    fn put_via(&self, tmp: &Path, bytes: &[u8]) -> AppResult<String> {
        let mut file = private_file(tmp).map_err(AppError::storage)?;
        let sha = self.write_sealed(bytes, &mut file)?;
        let path = self.path(&sha)?;
        let dir = path.parent().ok_or_else(|| AppError::internal("no parent dir"))?;
        private_dir(dir).map_err(AppError::storage)?;
        std::fs::rename(tmp, &path).map_err(AppError::storage)?;
        Ok(sha)
    }

    /// Open the bytes stored under `sha256` for reading (blocking).
    pub fn open(&self, sha256: &str) -> AppResult<FileReader> {
        let path = self.path(sha256)?;
        let mut file =
            File::open(&path).map_err(|e| AppError::internal(format!("file {sha256} missing from the store: {e}")))?;
        let mut head = Vec::with_capacity(HEADER_LEN);
        (&mut file)
            .take(HEADER_LEN as u64)
            .read_to_end(&mut head)
            .map_err(AppError::internal)?;
        if head.len() == HEADER_LEN && head.starts_with(MAGIC) {
            let cipher = self.cipher(&head[MAGIC.len()..])?;
            return Ok(FileReader {
                file,
                sealed: Some(Sealed {
                    cipher,
                    header: head,
                    counter: 0,
                }),
                pending: Vec::new(),
                done: false,
            });
        }
        // Stored before encryption: hand out the plain bytes read so far, then the rest.
        Ok(FileReader {
            file,
            sealed: None,
            pending: head,
            done: false,
        })
    }

    /// Read and decrypt a whole stored file (blocking).
    pub fn read_all(&self, sha256: &str) -> AppResult<Vec<u8>> {
        let mut reader = self.open(sha256)?;
        let mut out = Vec::new();
        while let Some(chunk) = reader.next_chunk()? {
            out.extend_from_slice(&chunk);
        }
        Ok(out)
    }

    /// Remove the bytes of `sha256` (blocking); a missing file is not an error.
    pub fn remove(&self, sha256: &str) -> AppResult<()> {
        match std::fs::remove_file(self.path(sha256)?) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(AppError::internal(e)),
        }
    }

    /// Seal, in place, every file stored before encryption (blocking); returns how many. Each
    /// keeps its name, so the rows pointing at it stay valid; a crash leaves either the plain or the
    /// sealed file, never neither, and running it again continues where it stopped.
    pub fn encrypt_legacy(&self) -> AppResult<usize> {
        let mut sealed = 0;
        let Ok(dirs) = std::fs::read_dir(&self.root) else {
            return Ok(0);
        };
        for dir in dirs {
            let dir = dir.map_err(AppError::internal)?.path();
            if !dir.is_dir() {
                continue;
            }
            for entry in std::fs::read_dir(&dir).map_err(AppError::internal)? {
                let path = entry.map_err(AppError::internal)?.path();
                let Some(name) = path.file_name().and_then(|n| n.to_str()).map(str::to_string) else {
                    continue;
                };
                if self.path(&name).is_err() {
                    continue;
                }
                let mut reader = self.open(&name)?;
                if reader.sealed.is_some() {
                    continue;
                }
                let mut plain = Vec::new();
                while let Some(chunk) = reader.next_chunk()? {
                    plain.extend_from_slice(&chunk);
                }
                let tmp = dir.join(format!(".{name}.{}.tmp", uuid::Uuid::new_v4()));
                let mut file = private_file(&tmp).map_err(AppError::internal)?;
                self.write_sealed(&plain, &mut file)?;
                std::fs::rename(&tmp, &path).map_err(AppError::internal)?;
                sealed += 1;
            }
        }
        Ok(sealed)
    }
}

impl FileReader {
    /// Fill `pending` up to `want` bytes (fewer only at the end of the file).
    fn fill(&mut self, want: usize) -> AppResult<()> {
        if self.pending.len() < want {
            let missing = (want - self.pending.len()) as u64;
            (&mut self.file)
                .take(missing)
                .read_to_end(&mut self.pending)
                .map_err(AppError::internal)?;
        }
        Ok(())
    }

    /// The next chunk of plain bytes, or `None` at the end. A sealed file that was cut, reordered
    /// or altered fails here instead of handing out bytes that were not stored.
    pub fn next_chunk(&mut self) -> AppResult<Option<Vec<u8>>> {
        if self.done {
            return Ok(None);
        }
        if self.sealed.is_none() {
            self.fill(CHUNK)?;
            if self.pending.is_empty() {
                self.done = true;
                return Ok(None);
            }
            return Ok(Some(std::mem::take(&mut self.pending)));
        }
        // One byte past a full chunk tells whether this chunk is the last.
        let full = CHUNK + TAG;
        self.fill(full + 1)?;
        let last = self.pending.len() <= full;
        let chunk = if last {
            self.done = true;
            std::mem::take(&mut self.pending)
        } else {
            let rest = self.pending.split_off(full);
            std::mem::replace(&mut self.pending, rest)
        };
        match self.sealed.as_mut() {
            Some(sealed) => sealed.open(&chunk, last).map(Some),
            None => Ok(Some(chunk)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store(dir: &Path, key: u8) -> FileStore {
        FileStore::new(dir.to_path_buf(), &Secret::new(vec![key; 32]))
    }

    fn tempfile_dir() -> PathBuf {
        std::env::temp_dir().join(format!("juxian-store-{}", uuid::Uuid::new_v4()))
    }

    fn stored_path(s: &FileStore, sha: &str) -> PathBuf {
        s.path(sha).expect("path")
    }

    #[test]
    fn round_trip_of_every_size_without_the_plain_bytes_on_disk() {
        let dir = tempfile_dir();
        let s = store(&dir, 1);
        for len in [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 3 * CHUNK + 7] {
            let plain: Vec<u8> = (0..len).map(|i| b"MARKER-"[i % 7]).collect();
            let sha = s.put(&plain).expect("put");
            let on_disk = std::fs::read(stored_path(&s, &sha)).expect("read");
            assert_eq!(
                hex::encode(Sha256::digest(&on_disk)),
                sha,
                "named by the ciphertext hash"
            );
            assert!(on_disk.starts_with(MAGIC));
            assert!(
                !on_disk.windows(7).any(|w| w == b"MARKER-"),
                "len {len}: no plaintext on disk"
            );
            assert_eq!(s.read_all(&sha).expect("read back"), plain, "len {len}");
            assert_ne!(s.put(&plain).expect("again"), sha, "a fresh salt on every upload");
        }
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn cut_reordered_altered_or_foreign_files_do_not_read() {
        let dir = tempfile_dir();
        let s = store(&dir, 1);
        let plain = vec![7u8; 2 * CHUNK + 10];
        let sha = s.put(&plain).expect("put");
        let path = stored_path(&s, &sha);
        let original = std::fs::read(&path).expect("read");
        let full = CHUNK + TAG;
        let chunk = |i: usize| &original[HEADER_LEN + i * full..(HEADER_LEN + (i + 1) * full).min(original.len())];
        let cases: Vec<(&str, Vec<u8>)> = vec![
            ("cut at a chunk boundary", original[..HEADER_LEN + 2 * full].to_vec()),
            ("cut inside a chunk", original[..original.len() - 3].to_vec()),
            (
                "chunks swapped",
                [&original[..HEADER_LEN], chunk(1), chunk(0), chunk(2)].concat(),
            ),
            ("a bit flipped", {
                let mut v = original.clone();
                v[HEADER_LEN + 5] ^= 1;
                v
            }),
            ("salt changed", {
                let mut v = original.clone();
                v[6] ^= 1;
                v
            }),
        ];
        for (what, bytes) in cases {
            std::fs::write(&path, &bytes).expect("write");
            assert!(s.read_all(&sha).is_err(), "{what} must not read");
        }
        std::fs::write(&path, &original).expect("restore");
        assert!(store(&dir, 2).read_all(&sha).is_err(), "another key");
        assert_eq!(s.read_all(&sha).expect("intact"), plain);
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn plain_files_from_before_still_read_and_are_sealed_in_place() {
        let dir = tempfile_dir();
        let s = store(&dir, 1);
        let plain = b"%PDF-1.4 MARKER-legacy".repeat(5000);
        let sha = hex::encode(Sha256::digest(&plain));
        std::fs::create_dir_all(dir.join(&sha[..2])).expect("dir");
        std::fs::write(stored_path(&s, &sha), &plain).expect("legacy file");
        assert_eq!(s.read_all(&sha).expect("legacy reads"), plain);
        assert_eq!(s.encrypt_legacy().expect("seal"), 1);
        assert_eq!(s.encrypt_legacy().expect("again"), 0, "idempotent");
        let on_disk = std::fs::read(stored_path(&s, &sha)).expect("read");
        assert!(on_disk.starts_with(MAGIC));
        assert!(!on_disk.windows(13).any(|w| w == b"MARKER-legacy"));
        assert_eq!(s.read_all(&sha).expect("sealed reads"), plain);
        let _ = std::fs::remove_dir_all(dir);
    }

    #[cfg(unix)]
    #[test]
    fn files_and_directories_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile_dir();
        let s = store(&dir, 1);
        let sha = s.put(b"%PDF-1.4 x").expect("put");
        let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
        let path = stored_path(&s, &sha);
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(path.parent().expect("dir")), 0o700);
        assert_eq!(mode(&dir), 0o700);
        s.remove(&sha).expect("remove");
        s.remove(&sha).expect("idempotent");
        assert!(s.open(&sha).is_err());
        assert!(s.open("../../etc/passwd").is_err());
        let _ = std::fs::remove_dir_all(dir);
    }
}
