//! The bound of S3: raw argon2id verifications per second on all cores, with the portal's
//! parameters (m = 19 MiB, t = 2, p = 1; src/auth/password.rs).

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

fn argon2() -> Argon2<'static> {
    let params = Params::new(19_456, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

fn main() {
    let usage = "argon <seconds>";
    let seconds = juxian_bench_tools::num(1, usage);
    let salt = SaltString::encode_b64(b"bench-salt-16byt").unwrap_or_else(|_| std::process::exit(1));
    let hash = match argon2().hash_password(b"Correct-Horse-42", &salt) {
        Ok(h) => h.to_string(),
        Err(e) => {
            eprintln!("hash: {e}");
            std::process::exit(1)
        }
    };
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let done = Arc::new(AtomicU64::new(0));
    let until = Instant::now() + juxian_bench_tools::secs(seconds);
    let start = Instant::now();
    let workers: Vec<_> = (0..threads)
        .map(|_| {
            let (hash, done) = (hash.clone(), done.clone());
            std::thread::spawn(move || {
                let parsed = PasswordHash::new(&hash).ok();
                while Instant::now() < until {
                    let ok = parsed
                        .as_ref()
                        .is_some_and(|p| argon2().verify_password(b"Correct-Horse-42", p).is_ok());
                    if ok {
                        done.fetch_add(1, Ordering::Relaxed);
                    }
                }
            })
        })
        .collect();
    for w in workers {
        let _ = w.join();
    }
    let n = done.load(Ordering::Relaxed) as f64;
    juxian_bench_tools::report("rate", n / start.elapsed().as_secs_f64(), &format!(", \"threads\": {threads}"));
}
