//! Password rules and Argon2id hashing on the blocking pool, with a cap on concurrent hashes.

use crate::error::{AppError, AppResult, FieldError};
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::{Arc, OnceLock};
use tokio::sync::Semaphore;

/// Minimum and maximum password length in characters (no silent truncation).
pub const MIN_LEN: usize = 8;
/// See [`MIN_LEN`].
pub const MAX_LEN: usize = 128;

/// Passwords so common that guessing them is the first thing an attacker tries.
const COMMON: &[&str] = &[
    "password",
    "password1",
    "password123",
    "passw0rd",
    "p@ssw0rd",
    "12345678",
    "123456789",
    "1234567890",
    "123123123",
    "11111111",
    "00000000",
    "88888888",
    "66666666",
    "12344321",
    "87654321",
    "qwerty123",
    "qwertyuiop",
    "1qaz2wsx",
    "1q2w3e4r",
    "1q2w3e4r5t",
    "abc12345",
    "abcd1234",
    "a1234567",
    "a12345678",
    "aa123456",
    "qq123456",
    "iloveyou",
    "admin123",
    "administrator",
    "welcome1",
    "letmein1",
    "woaini1314",
    "woaini520",
    "5201314520",
    "asdfghjkl",
    "zxcvbnm123",
    "baseball",
    "football",
    "sunshine",
    "princess",
    "dragon123",
    "monkey123",
    "changeme",
    "juxian123",
    "juxian2026",
    "12341234",
    "147258369",
    "123qweasd",
    "qweasdzxc",
];

/// Check a new password against the rules; returns field errors for `field`.
pub fn check_new(field: &str, password: &str, email: Option<&str>) -> Vec<FieldError> {
    let len = password.chars().count();
    if len < MIN_LEN {
        return vec![FieldError::new(
            field,
            "too_short",
            format!("At least {MIN_LEN} characters."),
        )];
    }
    if len > MAX_LEN {
        return vec![FieldError::new(
            field,
            "too_long",
            format!("At most {MAX_LEN} characters."),
        )];
    }
    let lower = password.to_lowercase();
    let same_as_email = email.is_some_and(|e| e.eq_ignore_ascii_case(password) || e.split('@').next() == Some(&lower));
    if COMMON.contains(&lower.as_str()) || same_as_email {
        return vec![FieldError::new(
            field,
            "common_password",
            "This password is too common or too easy to guess.",
        )];
    }
    Vec::new()
}

/// Argon2id with the OWASP minimum (m = 19 MiB, t = 2, p = 1).
fn argon2() -> Argon2<'static> {
    let params = Params::new(19_456, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hash synchronously (CLI and blocking contexts).
pub fn hash_sync(password: &str) -> AppResult<String> {
    let salt = SaltString::generate(&mut OsRng);
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::internal(format!("argon2 hash: {e}")))
}

/// Verify synchronously; a malformed stored hash counts as a mismatch.
pub fn verify_sync(password: &str, hash: &str) -> bool {
    match PasswordHash::new(hash) {
        Ok(parsed) => argon2().verify_password(password.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    }
}

/// A hash of a random password, verified against when the e-mail is unknown so that unknown
/// accounts take as long to refuse as wrong passwords.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash_sync(&uuid::Uuid::new_v4().to_string()).unwrap_or_default())
}

/// Hashes and verifies on the blocking pool, at most `permits` at a time, so a burst of log-ins
/// cannot take all memory (each hash uses 19 MiB) or starve the database calls.
#[derive(Clone)]
pub struct Hasher {
    permits: Arc<Semaphore>,
}

impl Hasher {
    /// A hasher allowing `concurrency` hashes at once.
    pub fn new(concurrency: usize) -> Self {
        Hasher {
            permits: Arc::new(Semaphore::new(concurrency.max(1))),
        }
    }

    /// Hash a password.
    pub async fn hash(&self, password: String) -> AppResult<String> {
        let _permit = self.permits.acquire().await.map_err(AppError::internal)?;
        actix_web::web::block(move || hash_sync(&password)).await?
    }

    /// Verify a password against a stored hash, or against the dummy hash when there is none.
    pub async fn verify(&self, password: String, hash: Option<String>) -> AppResult<bool> {
        let _permit = self.permits.acquire().await.map_err(AppError::internal)?;
        actix_web::web::block(move || match hash {
            Some(h) => verify_sync(&password, &h),
            None => {
                verify_sync(&password, dummy_hash());
                false
            }
        })
        .await
        .map_err(AppError::from)
    }

    /// Compute the dummy hash now rather than on the first unknown-e-mail log-in.
    pub fn warm_up(&self) {
        let _ = dummy_hash();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules() {
        assert_eq!(check_new("password", "short", None)[0].code, "too_short");
        assert_eq!(check_new("password", &"x".repeat(129), None)[0].code, "too_long");
        assert!(
            check_new("password", &"x1".repeat(64), None).is_empty(),
            "128 characters is allowed"
        );
        assert_eq!(check_new("password", "Password123", None)[0].code, "common_password");
        assert!(
            check_new("password", "长城长城长城长城", None).is_empty(),
            "counts characters, not bytes"
        );
        assert!(check_new("password", "correct horse battery", None).is_empty());
    }

    #[test]
    fn hash_roundtrip_and_no_truncation() {
        let long = "a".repeat(100) + "tail-1";
        let h = hash_sync(&long).expect("hash");
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify_sync(&long, &h));
        assert!(!verify_sync(&("a".repeat(100) + "tail-2"), &h));
        assert!(!verify_sync("anything", "not a hash"));
    }
}
