//! Talent profiles: the applicant's own profile, personal data encrypted at rest and shown masked,
//! and HR's talent pool with search, detail, reveal and export.

pub mod crypto;
pub mod export;
pub mod id_number;
pub mod models;
pub mod ops;
pub mod personal_data;
pub mod queries;
pub mod routes;
pub mod rules;
pub mod views;

pub use crypto::PersonalDataCipher;
