//! Password rules and Argon2id hashing on the blocking pool, with a cap on concurrent hashes.

use crate::error::{AppError, AppResult, FieldError};
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::collections::HashSet;
use std::sync::{Arc, OnceLock};
use tokio::sync::Semaphore;

/// Minimum and maximum password length in characters (no silent truncation).
pub const MIN_LEN: usize = 8;
/// See [`MIN_LEN`].
pub const MAX_LEN: usize = 128;

/// The most common passwords (ASVS 6.2.4), shipped in the binary; see the file's header for its source.
const COMMON_LIST: &str = include_str!("common_passwords.txt");

/// Names of the portal that people build passwords from (ASVS 6.2.11).
const PORTAL_NAMES: &[&str] = &["juxian", "聚贤"];

fn common() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        COMMON_LIST
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
}

/// A password guessing tools try early: on the common list, too few different characters
/// (`aaaaaaaaaaaa`), a short piece repeated (`abcdabcd`), or a run of consecutive characters
/// (`abcdefgh`, `98765432`).
fn guessable(lower: &str) -> bool {
    let chars: Vec<char> = lower.chars().collect();
    let distinct: HashSet<char> = chars.iter().copied().collect();
    if common().contains(lower) || distinct.len() < 4 {
        return true;
    }
    let repeated_weak_piece = (1..=chars.len() / 2).any(|unit| {
        chars.len() % unit == 0
            && chars.chunks(unit).all(|c| c == &chars[..unit])
            && (unit < MIN_LEN || common().contains(chars[..unit].iter().collect::<String>().as_str()))
    });
    let run = |step: i64| {
        chars
            .windows(2)
            .all(|w| i64::from(u32::from(w[1])) - i64::from(u32::from(w[0])) == step)
    };
    repeated_weak_piece || run(1) || run(-1)
}

/// Whether the password is the portal's name or the e-mail address (or its local part) with a
/// little added: once those are taken out, what is left must still be a password by itself.
fn built_from_names(lower: &str, email: Option<&str>) -> bool {
    let mut words: Vec<String> = PORTAL_NAMES.iter().map(|w| w.to_string()).collect();
    if let Some(email) = email.map(str::to_lowercase) {
        let local = email.split('@').next().unwrap_or_default().to_string();
        let letters: String = local.chars().filter(|c| c.is_alphanumeric()).collect();
        // A very short local part ("li") would cut pieces out of ordinary words.
        words.extend(
            [email.clone(), local, letters]
                .into_iter()
                .filter(|w| w.chars().count() >= 3),
        );
    }
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    let mut rest = lower.to_string();
    for word in &words {
        rest = rest.replace(word.as_str(), "");
    }
    rest != lower && (rest.chars().count() < MIN_LEN || guessable(&rest))
}

/// Check a new password against the rules; returns field errors for `field`. `email` is the
/// account's address when known (a password built from it is refused).
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
    if guessable(&lower) || built_from_names(&lower, email) {
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
            check_new("password", &"Correct-Horse-42".repeat(8), None).is_empty(),
            "128 characters is allowed"
        );
        assert_eq!(check_new("password", "Password123", None)[0].code, "common_password");
        assert!(
            check_new("password", "长城万里长城永在", None).is_empty(),
            "counts characters, not bytes"
        );
        assert!(check_new("password", "correct horse battery", None).is_empty());
    }

    fn refused(password: &str, email: Option<&str>) -> bool {
        check_new("password", password, email).first().map(|e| e.code.as_str()) == Some("common_password")
    }

    #[test]
    fn the_shipped_list_is_ten_thousand_long_lowercase_and_at_least_eight_characters() {
        assert_eq!(common().len(), 10_000);
        assert!(common()
            .iter()
            .all(|p| p.chars().count() >= MIN_LEN && p.to_lowercase() == *p));
        for p in [
            "password",
            "iloveyou",
            "sunshine",
            "qwertyuiop",
            "woaini1314",
            "superman",
        ] {
            assert!(refused(p, None), "{p}");
        }
        assert!(refused("IloveYou", None), "compared case-insensitively");
    }

    #[test]
    fn repetitions_and_runs_are_refused() {
        for p in [
            "aaaaaaaaaaaa",
            "abababababab",
            "abcdabcdabcd",
            "11112222",
            "abcdefghij",
            "98765432",
            "zyxwvuts",
            "一二一二一二一二",
        ] {
            assert!(refused(p, None), "{p}");
        }
        assert!(!refused("Quiet-lake-at-dawn", None));
    }

    #[test]
    fn passwords_built_from_the_portal_name_or_the_email_are_refused() {
        let email = Some("zhang.san@example.com");
        for p in [
            "juxian2026!",
            "Juxian@123",
            "juxianjuxian",
            "聚贤2026聚贤",
            "juxianpassword",
            "zhangsan1990",
            "Zhang.San@2026",
            "zhang.san@example.com",
        ] {
            assert!(refused(p, email), "{p}");
        }
        assert!(
            !refused("zhangsan1990", None),
            "without the e-mail it is just a name with digits"
        );
        assert!(
            !refused("juxian-is-where-i-found-work", email),
            "enough is left besides the name"
        );
        assert!(!refused("Quiet-lake-at-dawn", email));
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
