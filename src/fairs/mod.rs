//! Job fairs (现场招聘会): HR runs them, applicants sign up for tickets (with a waiting list),
//! tickets are checked in at the door, enterprises take booths, and employment intents are recorded.

pub mod booths;
pub mod intents;
pub mod models;
pub mod notify;
pub mod ops;
pub mod personal_data;
pub mod queries;
pub mod reminders;
pub mod routes;
pub mod rules;
pub mod stats;
pub mod views;
