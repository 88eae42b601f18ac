//! The county's administrative divisions as reference data: townships (乡镇) and their villages and
//! communities (村/社区), each village with its poverty flag (贫困村) and the year that flag took
//! effect. Admin imports them from a spreadsheet (whole or not at all) and edits single records;
//! village mergers (行政村布局调整) keep history, so counts for a year see the villages of that year
//! ([`rules::villages_in_year`]).

pub mod models;
pub mod ops;
pub mod queries;
pub mod routes;
pub mod rules;
pub mod views;
