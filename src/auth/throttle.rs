//! Failed sign-ins are slowed down per (e-mail address, source address) with growing delays,
//! never by locking the account: a stranger guessing HR's password from their own address only
//! slows themselves down, while HR still signs in from the office. Unknown addresses are counted
//! the same way, so the answers say nothing about which addresses have accounts.
//!
//! Kept in memory like the rate limit: with several API processes each one counts on its own,
//! which multiplies an attacker's budget by the number of processes but never locks anyone out.

use crate::error::{AppError, AppResult, ErrorCode};
use chrono::{Duration, NaiveDateTime};
use std::collections::HashMap;
use std::sync::Mutex;

/// Failures in a row from one source after which it must wait before the next try.
pub const FREE_FAILURES: u32 = 5;
/// The wait after the [`FREE_FAILURES`]-th failure; it doubles with every further one.
pub const FIRST_DELAY: Duration = Duration::seconds(30);
/// The longest delay.
pub const MAX_DELAY: Duration = Duration::hours(1);
/// A source's failures are forgotten this long after its last one.
pub const FORGET_AFTER: Duration = Duration::hours(24);
/// Entries kept before old ones are swept out.
const MAX_ENTRIES: usize = 100_000;

/// How long a source must wait after its `failures`-th failure in a row (none for the first four).
pub fn delay_after(failures: u32) -> Option<Duration> {
    let doublings = failures.checked_sub(FREE_FAILURES)?.min(16);
    Some((FIRST_DELAY * (1i32 << doublings)).min(MAX_DELAY))
}

/// The source a failure is counted for: the IPv4 address, or the /64 network of an IPv6 address
/// (one subscriber usually holds a whole /64, so single addresses would cost an attacker nothing).
pub fn source_of(ip: &str) -> String {
    crate::masking::ip_network(ip, 32, 64).unwrap_or_else(|| ip.to_string())
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    failures: u32,
    last_failure: NaiveDateTime,
    blocked_until: Option<NaiveDateTime>,
}

/// Failed sign-ins per (normalised e-mail, source).
#[derive(Default)]
pub struct LoginThrottle {
    entries: Mutex<HashMap<(String, String), Entry>>,
}

impl LoginThrottle {
    /// Refuse with 429 and `Retry-After` while this source must wait before trying this address again.
    pub fn check(&self, email: &str, ip: &str, now: NaiveDateTime) -> AppResult<()> {
        let entries = self.lock()?;
        let until = entries
            .get(&(email.to_string(), source_of(ip)))
            .and_then(|e| e.blocked_until)
            .filter(|until| *until > now);
        match until {
            Some(until) => {
                // Whole seconds, rounded up, so that waiting that long is always enough.
                let wait = u64::try_from(((until - now).num_milliseconds() + 999) / 1000).unwrap_or(1);
                Err(AppError::new(
                    ErrorCode::RateLimited,
                    "Too many failed sign-ins from your address; wait before trying again.",
                )
                .with_retry_after(wait))
            }
            None => Ok(()),
        }
    }

    /// Count a failed sign-in; returns the delay it imposes, if any.
    pub fn failed(&self, email: &str, ip: &str, now: NaiveDateTime) -> AppResult<Option<Duration>> {
        let mut entries = self.lock()?;
        if entries.len() >= MAX_ENTRIES {
            entries.retain(|_, e| now - e.last_failure < FORGET_AFTER || e.blocked_until.is_some_and(|u| u > now));
        }
        let entry = entries.entry((email.to_string(), source_of(ip))).or_insert(Entry {
            failures: 0,
            last_failure: now,
            blocked_until: None,
        });
        if now - entry.last_failure >= FORGET_AFTER {
            entry.failures = 0;
        }
        entry.failures = entry.failures.saturating_add(1);
        entry.last_failure = now;
        let delay = delay_after(entry.failures);
        entry.blocked_until = delay.map(|d| now + d);
        Ok(delay)
    }

    /// A successful sign-in from this source starts its count afresh.
    pub fn succeeded(&self, email: &str, ip: &str) -> AppResult<()> {
        self.lock()?.remove(&(email.to_string(), source_of(ip)));
        Ok(())
    }

    fn lock(&self) -> AppResult<std::sync::MutexGuard<'_, HashMap<(String, String), Entry>>> {
        self.entries
            .lock()
            .map_err(|_| AppError::internal("login throttle poisoned"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_start_after_five_failures_and_double_up_to_an_hour() {
        for n in 0..=4 {
            assert_eq!(delay_after(n), None);
        }
        assert_eq!(delay_after(5), Some(Duration::seconds(30)));
        assert_eq!(delay_after(6), Some(Duration::seconds(60)));
        assert_eq!(delay_after(7), Some(Duration::seconds(120)));
        assert_eq!(delay_after(11), Some(Duration::seconds(1920)));
        assert_eq!(delay_after(12), Some(MAX_DELAY));
        assert_eq!(delay_after(u32::MAX), Some(MAX_DELAY));
    }

    #[test]
    fn sources_are_addresses_or_ipv6_networks() {
        assert_eq!(source_of("203.0.113.9"), "203.0.113.9");
        assert_eq!(source_of("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
        assert_eq!(source_of("2001:db8:1:2:bbbb::9"), source_of("2001:db8:1:2::5"));
        assert_eq!(source_of("::ffff:198.51.100.7"), "198.51.100.7");
    }

    #[test]
    fn only_the_guessing_source_waits() {
        let t = LoginThrottle::default();
        let now = chrono::Utc::now().naive_utc();
        for _ in 0..4 {
            assert!(t.check("hr@x.cn", "1.1.1.1", now).is_ok());
            assert_eq!(t.failed("hr@x.cn", "1.1.1.1", now).expect("count"), None);
        }
        assert!(
            t.check("hr@x.cn", "1.1.1.1", now).is_ok(),
            "four failures cost nothing yet"
        );
        assert_eq!(
            t.failed("hr@x.cn", "1.1.1.1", now).expect("count"),
            Some(Duration::seconds(30))
        );
        let e = t.check("hr@x.cn", "1.1.1.1", now).expect_err("waits");
        assert_eq!((e.code, e.retry_after), (ErrorCode::RateLimited, Some(30)));
        assert!(t.check("hr@x.cn", "2.2.2.2", now).is_ok(), "another source");
        assert!(t.check("other@x.cn", "1.1.1.1", now).is_ok(), "another address");
        assert!(t.check("hr@x.cn", "1.1.1.1", now + Duration::seconds(30)).is_ok());
        t.succeeded("hr@x.cn", "1.1.1.1").expect("reset");
        assert_eq!(t.failed("hr@x.cn", "1.1.1.1", now).expect("count"), None);
    }
}
