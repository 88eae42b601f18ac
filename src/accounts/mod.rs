//! Accounts: registration, e-mail verification, sign-in sessions, password reset, and the
//! administrator's user management.

pub mod email_tokens;
pub mod jobs;
pub mod links;
pub mod models;
pub mod ops;
pub mod personal_data;
pub mod queries;
pub mod routes;
pub mod rules;
pub mod sessions;
