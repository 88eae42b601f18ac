//! Skills training for enterprises' technical staff (企业技能人才培训): HR's courses with partner
//! enterprises and sessions; partner enterprises nominate their staff and applicants sign up
//! (capacity, one place per person); each session checks tickets in like a fair's door; completing
//! the course decides every trainee against the share of hours and issues certificates anyone can
//! verify at a public URL.

pub mod models;
pub mod ops;
pub mod personal_data;
pub mod queries;
pub mod routes;
pub mod rules;
