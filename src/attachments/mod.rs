//! Attachments (résumés, diplomas, ID card scans, certificates): uploaded as multipart, recognised
//! by their bytes, stored on disk encrypted with the data key (see `storage`), within a quota per
//! account, readable by the owner and by hr/admin only.

pub mod form;
pub mod models;
pub mod ops;
pub mod personal_data;
pub mod queries;
pub mod routes;
pub mod rules;
pub mod sniff;
pub mod storage;
