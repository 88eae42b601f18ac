//! The only cryptography `jsonwebtoken` gets: HS256 through RustCrypto's `hmac`. The crate's own
//! `rust_crypto` backend would also link RSA (RUSTSEC-2023-0071, no fixed release), elliptic
//! curves and Ed25519 that no token of ours uses; this provider has nothing but HS256, so any
//! other algorithm is refused before a key is even looked at.

use hmac::{Hmac, Mac};
use jsonwebtoken::crypto::{CryptoProvider, JwkUtils, JwtSigner, JwtVerifier};
use jsonwebtoken::errors::{ErrorKind, Result};
use jsonwebtoken::signature::{Error as SignatureError, Signer, Verifier};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// A keyed HS256 MAC that signs and verifies.
struct Hs256(HmacSha256);

impl Hs256 {
    fn new(secret: &[u8]) -> Result<Self> {
        HmacSha256::new_from_slice(secret)
            .map(Hs256)
            .map_err(|_| ErrorKind::InvalidKeyFormat.into())
    }
}

impl Signer<Vec<u8>> for Hs256 {
    fn try_sign(&self, msg: &[u8]) -> std::result::Result<Vec<u8>, SignatureError> {
        let mut mac = self.0.clone();
        mac.update(msg);
        Ok(mac.finalize().into_bytes().to_vec())
    }
}

impl JwtSigner for Hs256 {
    fn algorithm(&self) -> Algorithm {
        Algorithm::HS256
    }
}

impl Verifier<Vec<u8>> for Hs256 {
    fn verify(&self, msg: &[u8], signature: &Vec<u8>) -> std::result::Result<(), SignatureError> {
        let mut mac = self.0.clone();
        mac.update(msg);
        // Constant-time comparison.
        mac.verify_slice(signature).map_err(SignatureError::from_source)
    }
}

impl JwtVerifier for Hs256 {
    fn algorithm(&self) -> Algorithm {
        Algorithm::HS256
    }
}

fn signer(algorithm: &Algorithm, key: &EncodingKey) -> Result<Box<dyn JwtSigner>> {
    match algorithm {
        Algorithm::HS256 => Ok(Box::new(Hs256::new(key.try_get_hmac_secret()?)?)),
        _ => Err(ErrorKind::InvalidAlgorithm.into()),
    }
}

fn verifier(algorithm: &Algorithm, key: &DecodingKey) -> Result<Box<dyn JwtVerifier>> {
    match algorithm {
        Algorithm::HS256 => Ok(Box::new(Hs256::new(key.try_get_hmac_secret()?)?)),
        _ => Err(ErrorKind::InvalidAlgorithm.into()),
    }
}

/// HS256 and nothing else; JWKs are never used.
static PROVIDER: CryptoProvider = CryptoProvider {
    signer_factory: signer,
    verifier_factory: verifier,
    jwk_utils: JwkUtils::new_unimplemented(),
};

/// Make [`PROVIDER`] the process's provider (idempotent; the first call wins).
pub fn install() {
    // An error only says a provider is installed already, which can only be this one.
    let _ = PROVIDER.install_default();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_hs256_is_provided() {
        install();
        let key = EncodingKey::from_secret(b"0123456789abcdef0123456789abcdef");
        assert!(signer(&Algorithm::HS256, &key).is_ok());
        for other in [Algorithm::HS384, Algorithm::RS256, Algorithm::ES256, Algorithm::EdDSA] {
            assert!(signer(&other, &key).is_err(), "{other:?}");
        }
        let decoding = DecodingKey::from_secret(b"0123456789abcdef0123456789abcdef");
        let s = signer(&Algorithm::HS256, &key).unwrap().try_sign(b"m").unwrap();
        let v = verifier(&Algorithm::HS256, &decoding).unwrap();
        assert!(v.verify(b"m", &s).is_ok());
        assert!(v.verify(b"n", &s).is_err());
    }
}
