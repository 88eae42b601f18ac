//! Integration tests: the real app over HTTP on a real database, with a real SMTP server.

mod helpers;
mod internships;
mod smtp;

mod accounts;
mod admin;
mod attachments;
mod backup;
mod cli;
mod concurrency;
mod edge;
mod enterprises;
mod errors;
mod fairs;
mod faults;
mod kills;
mod mail;
mod many;
mod payouts;
mod positions;
mod privacy;
mod process;
mod recruitment_scores;
mod recruitments;
mod reports;
mod rosters;
mod security;
mod subsidies;
mod symposiums;
mod talents;
mod trainings;
mod villages;
