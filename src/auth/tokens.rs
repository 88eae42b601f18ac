//! Access tokens (short-lived JWT) and opaque random tokens (refresh cookies, e-mail links), which
//! are stored only as hashes.

use crate::auth::Role;
use crate::config::Secret;
use crate::crypto::derive_key;
use crate::error::{AppError, AppResult};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Access tokens live 15 minutes.
pub const ACCESS_TTL_SECONDS: i64 = 15 * 60;
const ISSUER: &str = "juxian";
const AUDIENCE: &str = "juxian-api";
const ACCESS_TYPE: &str = "access";
/// Clock skew we tolerate between processes.
const LEEWAY_SECONDS: u64 = 30;

/// The claims of an access token.
#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    /// Issuer.
    pub iss: String,
    /// Audience.
    pub aud: String,
    /// The user id.
    pub sub: String,
    /// Expiry (seconds since the epoch).
    pub exp: i64,
    /// Not before.
    pub nbf: i64,
    /// Issued at.
    pub iat: i64,
    /// Unique token id.
    pub jti: String,
    /// Token type; only `access` is accepted as an access token.
    pub typ: String,
    /// The role at issue time (the database is checked again on every request).
    pub role: String,
    /// The user's token version at issue time; a bump revokes the token.
    pub ver: i32,
    /// The sign-in session (refresh-token family) the token belongs to; once it ends, so does the token.
    pub sid: String,
}

/// Signs and checks access tokens with the service's secret key (HS256, algorithm pinned).
#[derive(Clone)]
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    successor: Vec<u8>,
}

impl TokenKeys {
    /// Derive the JWT keys from the secret key.
    pub fn new(secret: &Secret) -> Self {
        crate::auth::jwt_hs256::install();
        let key = derive_key(secret, b"juxian/jwt/v1");
        TokenKeys {
            encoding: EncodingKey::from_secret(&key),
            decoding: DecodingKey::from_secret(&key),
            successor: derive_key(secret, b"juxian/refresh-successor/v1"),
        }
    }

    /// The refresh token that replaces `token` when it is rotated. Derived rather than random so
    /// that a client whose answer was lost (or a second tab) can be given the same successor again
    /// during the grace period, without the plain successor ever being stored.
    pub fn successor(&self, token: &str) -> String {
        use hmac::{Hmac, Mac};
        let mac = Hmac::<Sha256>::new_from_slice(&self.successor).map(|mut m| {
            m.update(token.as_bytes());
            m.finalize().into_bytes().to_vec()
        });
        // HMAC takes keys of any length, so the error arm cannot happen; a fresh random token
        // would still be safe (only the grace period would not find it).
        mac.map(|bytes| URL_SAFE_NO_PAD.encode(bytes))
            .unwrap_or_else(|_| random_token())
    }

    /// Issue an access token for this user's sign-in session.
    pub fn issue_access(&self, user_id: &str, role: Role, token_version: i32, session_id: &str) -> AppResult<String> {
        let now = chrono::Utc::now().timestamp();
        let claims = Claims {
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            sub: user_id.into(),
            exp: now + ACCESS_TTL_SECONDS,
            nbf: now,
            iat: now,
            jti: uuid::Uuid::new_v4().to_string(),
            typ: ACCESS_TYPE.into(),
            role: role.as_str().into(),
            ver: token_version,
            sid: session_id.into(),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|e| AppError::internal(format!("jwt encode: {e}")))
    }

    /// Check an access token's signature, algorithm, issuer, audience, times and type.
    pub fn verify_access(&self, token: &str) -> AppResult<Claims> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "nbf", "iat", "iss", "aud", "sub"]);
        validation.validate_nbf = true;
        validation.leeway = LEEWAY_SECONDS;
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &validation)
            .map_err(|_| AppError::unauthorized("The access token is invalid or expired."))?;
        if data.claims.typ != ACCESS_TYPE {
            return Err(AppError::unauthorized("This token is not an access token."));
        }
        Ok(data.claims)
    }
}

/// A new random opaque token (256 bits, URL-safe).
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The hash under which an opaque token is stored; the token itself is never stored.
pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> TokenKeys {
        TokenKeys::new(&Secret::new(vec![7u8; 32]))
    }

    #[test]
    fn access_roundtrip() {
        let k = keys();
        let t = k.issue_access("u1", Role::Hr, 3, "s1").expect("issue");
        let c = k.verify_access(&t).expect("verify");
        assert_eq!(
            (c.sub.as_str(), c.role.as_str(), c.ver, c.sid.as_str()),
            ("u1", "hr", 3, "s1")
        );
    }

    #[test]
    fn successors_are_stable_keyed_and_look_like_random_tokens() {
        let k = keys();
        let s = k.successor("first");
        assert_eq!(s, k.successor("first"));
        assert_ne!(s, k.successor("second"));
        assert_ne!(s, TokenKeys::new(&Secret::new(vec![8u8; 32])).successor("first"));
        assert_eq!(s.len(), random_token().len());
    }

    /// CVE-2026-25537: a time claim of the wrong type must not pass as "absent" or as valid.
    #[test]
    fn time_claims_of_the_wrong_type_are_refused() {
        let k = keys();
        let now = chrono::Utc::now().timestamp();
        for (exp, nbf) in [
            (serde_json::json!((now + 600).to_string()), serde_json::json!(now)),
            (serde_json::json!(now + 600), serde_json::json!(now.to_string())),
            (serde_json::json!("never"), serde_json::json!(now)),
        ] {
            let claims = serde_json::json!({"iss": ISSUER, "aud": AUDIENCE, "sub": "u1", "exp": exp, "nbf": nbf,
                "iat": now, "jti": "j", "typ": ACCESS_TYPE, "role": "admin", "ver": 0, "sid": "s1"});
            let t = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &k.encoding).expect("encode");
            assert!(k.verify_access(&t).is_err(), "exp {exp}, nbf {nbf}");
        }
    }

    #[test]
    fn other_key_and_alg_none_are_refused() {
        let t = keys().issue_access("u1", Role::Admin, 0, "s1").expect("issue");
        let other = TokenKeys::new(&Secret::new(vec![8u8; 32]));
        assert!(other.verify_access(&t).is_err());
        let parts: Vec<&str> = t.split('.').collect();
        let none_header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
        assert!(keys().verify_access(&format!("{none_header}.{}.", parts[1])).is_err());
    }

    #[test]
    fn random_tokens_differ_and_hash_stably() {
        let (a, b) = (random_token(), random_token());
        assert_ne!(a, b);
        assert_eq!(hash_token(&a), hash_token(&a));
        assert_eq!(a.len(), 43);
    }
}
