//! Public-institution open recruitment (事业单位公开招聘): HR announces a recruitment with posts
//! whose requirements the machine checks; applicants sign up for one post per recruitment with
//! their diploma, ID scan and photo; HR reviews each sign-up (approve, reject, return for missing
//! material), cuts or reduces under-subscribed posts, and issues admission tickets (准考证) that
//! are scanned at the exam room. Scores, interview and hiring follow in later work.

pub mod models;
pub mod notify;
pub mod ops;
pub mod personal_data;
pub mod queries;
pub mod routes;
pub mod rules;
pub mod scores;
pub mod views;
