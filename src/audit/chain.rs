//! The keyed hash that links each audit event to the one before it.

use crate::config::Secret;
use crate::crypto::derive_key;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::sync::Arc;

/// The hash every chain starts from.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The key of the chain, derived from the service secret: without it a forged row cannot be
/// given a valid hash.
#[derive(Clone)]
pub struct AuditKey(Arc<Vec<u8>>);

impl AuditKey {
    /// Derive from the service secret.
    pub fn new(secret: &Secret) -> Self {
        AuditKey(Arc::new(derive_key(secret, b"juxian/audit-chain/v1")))
    }
}

/// A keyed hash of a client address: what the chain covers instead of the address itself, so the
/// readable address can be masked after the retention period without breaking the chain.
pub fn ip_digest(key: &AuditKey, ip: &str) -> String {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&key.0) else {
        return String::new();
    };
    mac.update(b"juxian/audit-ip/v1\0");
    mac.update(ip.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// The fields covered by the hash, in a fixed order.
pub struct ChainFields<'a> {
    /// Position in the chain.
    pub seq: i64,
    /// Event id.
    pub id: &'a str,
    /// Actor id.
    pub actor_id: Option<&'a str>,
    /// Actor e-mail (only in version-1 rows; later rows keep the id and read the e-mail from the account).
    pub actor_email: Option<&'a str>,
    /// Action name.
    pub action: &'a str,
    /// Entity kind.
    pub entity: &'a str,
    /// Entity id.
    pub entity_id: Option<&'a str>,
    /// Snapshot before.
    pub before_json: Option<&'a str>,
    /// Snapshot after.
    pub after_json: Option<&'a str>,
    /// Client IP (version 1), or its keyed hash and masked form (version 2).
    pub ip: Option<&'a str>,
    /// Time, as stored.
    pub created_at: &'a str,
}

/// HMAC-SHA256 over the previous hash and the fields, each length-prefixed so that moving text
/// from one field into the next changes the hash.
pub fn link_hash(key: &AuditKey, prev_hash: &str, f: &ChainFields<'_>) -> String {
    let mut mac = match Hmac::<Sha256>::new_from_slice(&key.0) {
        Ok(m) => m,
        Err(_) => return String::new(),
    };
    let seq = f.seq.to_string();
    let parts: [Option<&str>; 12] = [
        Some(prev_hash),
        Some(&seq),
        Some(f.id),
        f.actor_id,
        f.actor_email,
        Some(f.action),
        Some(f.entity),
        f.entity_id,
        f.before_json,
        f.after_json,
        f.ip,
        Some(f.created_at),
    ];
    for part in parts {
        match part {
            Some(text) => {
                mac.update(&(text.len() as u64).to_be_bytes());
                mac.update(text.as_bytes());
            }
            None => mac.update(&u64::MAX.to_be_bytes()),
        }
    }
    hex::encode(mac.finalize().into_bytes())
}
