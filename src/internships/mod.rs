//! Internship and practical-training programmes (实习实训): HR's programmes, internship positions
//! verified enterprises offer in them, and applications through placement to completion.

pub mod models;
pub mod ops;
pub mod personal_data;
pub mod queries;
pub mod routes;
pub mod rules;
