//! The 'several college students per village' plan (一村多名大学生计划): a yearly round in which
//! villagers (usually village cadres or young farmers) apply, or are entered by township staff (HR),
//! with their village; HR recommends (推荐) and records the admission result (录取) with institution
//! and programme. The coverage table shows every poor village of the round's year with its admitted
//! count (the goal: 实现贫困村全覆盖); [`queries::year_figures`] gives the report's counts.

pub mod models;
pub mod ops;
pub mod queries;
pub mod routes;
pub mod rules;
