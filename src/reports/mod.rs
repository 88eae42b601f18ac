//! Reports (年度工作总结的数字): the year's figures of every line of the office's work, computed in
//! SQL from one consistent read, for the dashboard, the workbook and the annual summary.

pub mod figures;
pub mod freeze;
pub mod labels;
pub mod models;
pub mod numbers;
pub mod period;
pub mod queries;
pub mod routes;
pub mod settings;
pub mod summary;
pub mod workbook;
