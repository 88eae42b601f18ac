//! One middleware for what every response carries: security headers, cache rules, the request id,
//! and the request counters.

use crate::state::AppState;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage};
use std::time::Instant;
use tracing_actix_web::RequestId;

/// The page may load only its own scripts; Element Plus needs inline styles.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; \
font-src 'self' data:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

fn set_if_absent(headers: &mut header::HeaderMap, name: HeaderName, value: &'static str) {
    if !headers.contains_key(&name) {
        headers.insert(name, HeaderValue::from_static(value));
    }
}

/// Add the headers and count the request.
pub async fn standard_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let request_id = req.extensions().get::<RequestId>().map(|id| id.to_string());
    let mut res = next.call(req).await?;
    let path = res.request().path().to_string();
    let method = res.request().method().to_string();
    let route = res
        .request()
        .match_pattern()
        .unwrap_or_else(|| crate::http::metrics::UNMATCHED.into());
    let production = state.as_ref().is_some_and(|s| s.config.production);
    let status = res.status();
    let headers = res.headers_mut();
    set_if_absent(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set_if_absent(headers, header::REFERRER_POLICY, "no-referrer");
    set_if_absent(headers, header::X_FRAME_OPTIONS, "DENY");
    set_if_absent(headers, header::CONTENT_SECURITY_POLICY, CSP);
    if production {
        // Production is served over https only (config refuses an http public URL).
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    if path.starts_with("/api/") {
        // API answers may carry personal data: never store them in any cache.
        if !path.starts_with("/api/docs") {
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        }
    } else if path.starts_with("/assets/") && status.is_success() {
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        );
    } else {
        set_if_absent(headers, header::CACHE_CONTROL, "no-cache");
    }
    if let Some(id) = request_id.and_then(|id| HeaderValue::from_str(&id).ok()) {
        headers.insert(HeaderName::from_static("x-request-id"), id);
    }
    if let Some(state) = state {
        state
            .metrics
            .observe(&method, &route, status.as_u16(), started.elapsed());
    }
    Ok(res)
}
