//! Subsidies (创新创业补贴 and the like): policies with typed eligibility and a budget per year,
//! applications from draft through HR and finance to the public notice (公示) and award.
//! Allowance rosters and payouts draw on the same policies and budgets.

pub mod budget;
pub mod eligibility;
pub mod jobs;
pub mod models;
pub mod notify;
pub mod ops;
pub mod personal_data;
pub mod queries;
pub mod routes;
pub mod rules;
pub mod views;
