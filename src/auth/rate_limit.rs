//! A per-client fixed-window limit for the authentication endpoints, kept in memory: it slows
//! password guessing and mail bombing from one address; the account lock-out covers the rest.

use crate::error::{AppError, AppResult, ErrorCode};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const WINDOW: Duration = Duration::from_secs(60);

/// Counts requests per (endpoint group, client) in one-minute windows.
pub struct RateLimiter {
    per_window: u32,
    windows: Mutex<HashMap<(String, String), (Instant, u32)>>,
}

impl RateLimiter {
    /// Allow `per_minute` requests per client per group.
    pub fn new(per_minute: u32) -> Self {
        RateLimiter {
            per_window: per_minute.max(1),
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// Count one request; refuse with 429 and `Retry-After` when the client is over the limit.
    pub fn check(&self, group: &str, client: &str) -> AppResult<()> {
        let now = Instant::now();
        let mut windows = self
            .windows
            .lock()
            .map_err(|_| AppError::internal("rate limiter poisoned"))?;
        if windows.len() > 50_000 {
            windows.retain(|_, (start, _)| now.duration_since(*start) < WINDOW);
        }
        let entry = windows
            .entry((group.to_string(), client.to_string()))
            .or_insert((now, 0));
        if now.duration_since(entry.0) >= WINDOW {
            *entry = (now, 0);
        }
        entry.1 += 1;
        if entry.1 > self.per_window {
            let wait = WINDOW.saturating_sub(now.duration_since(entry.0)).as_secs() + 1;
            return Err(AppError::new(
                ErrorCode::RateLimited,
                "Too many requests from your address; wait a moment.",
            )
            .with_retry_after(wait));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_per_client_and_group() {
        let l = RateLimiter::new(2);
        assert!(l.check("login", "1.1.1.1").is_ok());
        assert!(l.check("login", "1.1.1.1").is_ok());
        let e = l.check("login", "1.1.1.1").expect_err("third is refused");
        assert_eq!(e.code, ErrorCode::RateLimited);
        assert!(e.retry_after.is_some());
        assert!(l.check("login", "2.2.2.2").is_ok());
        assert!(l.check("register", "1.1.1.1").is_ok());
    }
}
