//! Allowance rosters (e.g. the five batches of temporary work allowances for front-line medical
//! staff): HR imports a numbered batch from a spreadsheet, whole or not at all; finance approves it,
//! reserving the budget and handing one payout per row to the ledger.

pub mod jobs;
pub mod models;
pub mod ops;
pub mod queries;
pub mod routes;
pub mod rules;
pub mod views;
pub mod workbook;
