//! Payouts (代发): one ledger for awarded subsidies and (later) roster rows, payout batches built by
//! one finance user and approved by another, bank transfer files, results from the bank, and
//! reconciliation. Never twice: unique keys per source, per open attempt and per paid attempt.

pub mod bankfile;
pub mod jobs;
pub mod models;
pub mod ops;
pub mod personal_data;
pub mod queries;
pub mod routes;
pub mod rules;
pub mod views;
