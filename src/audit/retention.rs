//! Client addresses in the audit log are kept in full only for the retention period
//! (`JUXIAN_AUDIT_IP_RETENTION_DAYS`); after it the readable address is cut to its network
//! (an IPv4 /24, an IPv6 /48). Rows of hash version 2 are hashed over a keyed hash of the full
//! address and its masked form, so masking keeps the chain verifiable (see `queries::row_hash`).

use crate::db::schema::audit_events;
use crate::db::{write_tx, Db};
use crate::error::AppResult;
use crate::notifications::worker::JobEnv;
use diesel::prelude::*;

/// Rows masked per transaction, so a first run over a large log never holds the chain for long.
const BATCH: i64 = 500;

/// The network an address belongs to: `203.0.113.7` → `203.0.113.0/24`, IPv6 → its /48; anything
/// that is not an address (the CLI's `cli`) becomes `unknown`.
pub fn mask_ip(ip: &str) -> String {
    crate::masking::ip_network(ip, 24, 48).unwrap_or_else(|| "unknown".into())
}

/// The job that masks the addresses of version-2 events older than the retention period.
pub fn mask_old_ips(db: &Db, env: &JobEnv) -> AppResult<usize> {
    let cutoff = env.now - chrono::Duration::days(env.audit_ip_retention_days);
    let mut total = 0;
    loop {
        let done = db.run_sync(|conn| {
            write_tx(conn, |conn| {
                let due: Vec<(String, Option<String>)> = audit_events::table
                    .filter(audit_events::hash_version.eq(2))
                    .filter(audit_events::ip_masked_at.is_null())
                    .filter(audit_events::created_at.lt(cutoff))
                    .order(audit_events::created_at.asc())
                    .limit(BATCH)
                    .select((audit_events::id, audit_events::ip))
                    .load(conn)?;
                for (id, ip) in &due {
                    diesel::update(audit_events::table.find(id))
                        .filter(audit_events::ip_masked_at.is_null())
                        .set((
                            audit_events::ip.eq(ip.as_deref().map(mask_ip)),
                            audit_events::ip_masked_at.eq(Some(env.now)),
                        ))
                        .execute(conn)?;
                }
                Ok(due.len())
            })
        })?;
        total += done;
        if done < BATCH as usize {
            return Ok(total);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::mask_ip;

    #[test]
    fn masks_to_the_network() {
        assert_eq!(mask_ip("203.0.113.77"), "203.0.113.0/24");
        assert_eq!(mask_ip("2001:db8:1234:5678::1"), "2001:db8:1234::/48");
        assert_eq!(mask_ip("::ffff:198.51.100.9"), "198.51.100.0/24");
        assert_eq!(mask_ip("cli"), "unknown");
        assert_eq!(
            mask_ip(&mask_ip("203.0.113.77")),
            "unknown",
            "a masked value is not an address"
        );
    }
}
