//! Personal data at rest: AES-256-GCM with a random nonce, bound to the field and the owner (so a
//! ciphertext copied to another row does not decrypt), and a keyed hash for uniqueness checks.

use crate::config::Secret;
use crate::crypto::derive_key;
use crate::error::{AppError, AppResult};
use aes_gcm::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::sync::Arc;

const VERSION: &str = "v1:";

/// Encrypts, decrypts and hashes personal data with the data key.
#[derive(Clone)]
pub struct PersonalDataCipher {
    cipher: Arc<Aes256Gcm>,
    hash_key: Arc<Vec<u8>>,
}

impl PersonalDataCipher {
    /// Build from the 32-byte data key.
    pub fn new(data_key: &Secret) -> Self {
        let key = Key::<Aes256Gcm>::from_slice(data_key.expose());
        PersonalDataCipher {
            cipher: Arc::new(Aes256Gcm::new(key)),
            hash_key: Arc::new(derive_key(data_key, b"juxian/personal-data-hash/v1")),
        }
    }

    fn aad(field: &str, owner: &str) -> Vec<u8> {
        format!("{field}\u{0}{owner}").into_bytes()
    }

    /// Encrypt `plain` for `field` of `owner`: `v1:` + base64(nonce ‖ ciphertext ‖ tag).
    pub fn encrypt(&self, field: &str, owner: &str, plain: &str) -> AppResult<String> {
        let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
        let aad = Self::aad(field, owner);
        let sealed = self
            .cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: plain.as_bytes(),
                    aad: &aad,
                },
            )
            .map_err(|_| AppError::internal("encryption failed"))?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        Ok(format!("{VERSION}{}", STANDARD.encode(out)))
    }

    /// Decrypt a value written by [`encrypt`](Self::encrypt) for the same field and owner.
    pub fn decrypt(&self, field: &str, owner: &str, stored: &str) -> AppResult<String> {
        let bad = || AppError::internal(format!("cannot decrypt {field} of {owner}: wrong key or damaged value"));
        let raw = STANDARD
            .decode(stored.strip_prefix(VERSION).ok_or_else(bad)?)
            .map_err(|_| bad())?;
        if raw.len() < 12 + 16 {
            return Err(bad());
        }
        let (nonce, sealed) = raw.split_at(12);
        let aad = Self::aad(field, owner);
        let plain = self
            .cipher
            .decrypt(Nonce::from_slice(nonce), Payload { msg: sealed, aad: &aad })
            .map_err(|_| bad())?;
        String::from_utf8(plain).map_err(|_| bad())
    }

    /// A keyed hash (HMAC-SHA256) for finding equal values without storing them in the clear.
    pub fn keyed_hash(&self, field: &str, value: &str) -> String {
        let Ok(mut mac) = <Hmac<Sha256> as Mac>::new_from_slice(&self.hash_key) else {
            return String::new();
        };
        mac.update(field.as_bytes());
        mac.update(&[0]);
        mac.update(value.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cipher(byte: u8) -> PersonalDataCipher {
        PersonalDataCipher::new(&Secret::new(vec![byte; 32]))
    }

    #[test]
    fn round_trip_and_binding() {
        let c = cipher(1);
        let sealed = c.encrypt("id_number", "u1", "11010519491231002X").expect("encrypt");
        assert!(!sealed.contains("1101"));
        assert_ne!(
            sealed,
            c.encrypt("id_number", "u1", "11010519491231002X").expect("encrypt"),
            "random nonce"
        );
        assert_eq!(
            c.decrypt("id_number", "u1", &sealed).expect("decrypt"),
            "11010519491231002X"
        );
        assert!(c.decrypt("id_number", "u2", &sealed).is_err(), "bound to the owner");
        assert!(c.decrypt("bank_account", "u1", &sealed).is_err(), "bound to the field");
        assert!(cipher(2).decrypt("id_number", "u1", &sealed).is_err(), "wrong key");
        assert!(c.decrypt("id_number", "u1", "v1:AAAA").is_err());
    }

    #[test]
    fn keyed_hash_is_stable_and_keyed() {
        let (a, b) = (cipher(1), cipher(2));
        assert_eq!(a.keyed_hash("id", "x"), a.keyed_hash("id", "x"));
        assert_ne!(a.keyed_hash("id", "x"), b.keyed_hash("id", "x"));
        assert_ne!(a.keyed_hash("id", "x"), a.keyed_hash("id", "y"));
    }
}
