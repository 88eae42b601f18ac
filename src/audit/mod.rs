//! The append-only audit log, hash-chained with a key so that an edited, inserted or deleted
//! row is detected by `juxian audit-verify`. Every domain records through [`record`].

pub mod chain;
pub mod models;
pub mod queries;
pub mod routes;

pub use chain::AuditKey;
pub use queries::{record, verify, Actor, Event};

/// Mask an e-mail address for before/after snapshots: `z***@example.com`.
pub fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "***".into(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn masks() {
        assert_eq!(super::mask_email("zhangsan@example.com"), "z***@example.com");
        assert_eq!(super::mask_email("bad"), "***");
    }
}
