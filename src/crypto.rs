//! Key derivation: every purpose-bound key (JWT signing, the audit chain, personal-data hashing)
//! comes from a secret through this one function, so labels cannot collide by accident.

use crate::config::Secret;
use sha2::{Digest, Sha256};

/// Derive a purpose-bound key from the secret (HMAC-SHA256 of the label).
pub fn derive_key(secret: &Secret, label: &[u8]) -> Vec<u8> {
    use hmac::{Hmac, Mac};
    let mut mac = match Hmac::<Sha256>::new_from_slice(secret.expose()) {
        Ok(m) => m,
        Err(_) => return Sha256::digest(label).to_vec(),
    };
    mac.update(label);
    mac.finalize().into_bytes().to_vec()
}
