//! Symposiums (科技人才座谈会 / 青年人才座谈会 / other): HR prepares a meeting, invites talents from the
//! pool by filter (one invitation per person, mailed with RSVP links), the invitees answer from the
//! portal, and once it is held HR records who attended and a summary the attendees then see.

pub mod models;
pub mod ops;
pub mod personal_data;
pub mod queries;
pub mod routes;
pub mod rules;
