//! HTTP plumbing shared by every domain: error shaping, security headers, metrics, health checks
//! and serving the built frontend.

pub mod edge;
pub mod errors;
pub mod frontend;
pub mod headers;
pub mod health;
pub mod idempotency;
pub mod json;
pub mod logging;
pub mod metrics;
pub mod routing;
pub mod upload;
