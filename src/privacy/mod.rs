//! Personal information (PIPL): consent to the privacy notice at registration (its version and
//! time kept per account), the download of everything the portal holds about a person, and account
//! closure: the person asks, HR or an administrator approves (what the law requires is kept, the
//! rest erased or anonymised) or rejects with a reason.
//!
//! What a domain holds about a person is that domain's business: each one that holds personal data
//! offers a [`Holder`] (in its own `personal_data` module), and `lib.rs` lists them in
//! `PERSONAL_DATA`. The export and the erasure walk that list; neither knows any other table.

pub mod models;
pub mod notice;
pub mod ops;
pub mod personal_data;
pub mod queries;
pub mod routes;
pub mod rules;

use crate::auth::AuthUser;
use crate::db::DbConn;
use crate::error::AppResult;
use chrono::NaiveDateTime;
use serde_json::{Map, Value};

/// What one domain holds about a person, and how it is exported and erased.
#[derive(Clone, Copy)]
pub struct Holder {
    /// The section of the export (`profile`, `fair_registrations`), also the key in an erasure's outcome.
    pub name: &'static str,
    /// What the domain holds about `person`, as the person's own screens show it.
    pub export: fn(&mut DbConn, &AuthUser, NaiveDateTime) -> AppResult<Value>,
    /// Whether the domain holds records about the person that the law requires to keep (payments,
    /// awarded subsidies): then the person's identity on their profile is kept beside them.
    pub keeps: fn(&mut DbConn, &str) -> AppResult<bool>,
    /// Erase or anonymise what need not be kept; says what it did in `erasure`.
    pub erase: fn(&mut DbConn, &mut Erasure) -> AppResult<()>,
}

/// One account's erasure in progress: the account, whether identity is kept, and what was done.
#[derive(Debug)]
pub struct Erasure {
    /// The account being closed.
    pub user_id: String,
    /// A holder keeps records the law requires, so the identity they name stays on the profile.
    pub keep_identity: bool,
    /// When (the operation's clock).
    pub now: NaiveDateTime,
    /// Per holder: what was erased or kept (counts and notes, never personal data).
    pub outcome: Map<String, Value>,
    /// Stored files no row refers to any more, removed after the transaction commits.
    pub orphaned_files: Vec<String>,
}

impl Erasure {
    /// Note what holder `name` did.
    pub fn note(&mut self, name: &str, what: Value) {
        self.outcome.insert(name.to_string(), what);
    }
}

/// A domain's view as a section of the export.
pub fn section<T: serde::Serialize>(view: &T) -> AppResult<Value> {
    serde_json::to_value(view).map_err(crate::error::AppError::internal)
}

/// Every row of a paged list, page by page (an export holds them all).
pub fn all_pages<T>(mut page: impl FnMut(crate::pagination::Paging) -> AppResult<(Vec<T>, i64)>) -> AppResult<Vec<T>> {
    let mut out = Vec::new();
    let per_page = crate::pagination::MAX_PER_PAGE;
    for n in 1.. {
        let (rows, total) = page(crate::pagination::Paging::new(Some(n), Some(per_page)))?;
        let last = rows.len() < usize::try_from(per_page).unwrap_or(usize::MAX);
        out.extend(rows);
        if last || i64::try_from(out.len()).unwrap_or(i64::MAX) >= total {
            break;
        }
    }
    Ok(out)
}

/// A holder that keeps nothing the law requires.
pub fn keeps_nothing(_: &mut DbConn, _: &str) -> AppResult<bool> {
    Ok(false)
}
