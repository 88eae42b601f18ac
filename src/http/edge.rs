//! Input no field may hold is refused once, at the edge, before any extractor or database sees it:
//! a NUL byte in the path or the query string. PostgreSQL cannot store NUL in text and fails the
//! query with a 500; SQLite would store it. JSON strings are checked by [`crate::http::json`].

use crate::error::{AppError, ErrorCode};
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;

/// True when percent-decoding `raw` once (as the path and query extractors do) yields a NUL.
///
/// A single decode produces NUL only from a literal `%00` (a `%` always starts a new escape, so
/// `%2500` decodes to the text `%00`, not NUL) or from a raw NUL byte.
pub fn decodes_to_nul(raw: &str) -> bool {
    raw.contains("%00") || raw.contains('\0')
}

/// The answer for a request that carries a NUL.
pub fn nul_refused(where_: &str) -> AppError {
    AppError::new(
        ErrorCode::InvalidCharacters,
        format!("The {where_} contains a NUL character, which no field accepts."),
    )
}

/// Refuse a request whose path or query string decodes to a NUL byte.
pub async fn refuse_nul(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let uri = req.uri();
    let refused = if decodes_to_nul(uri.path()) {
        Some("path")
    } else if uri.query().is_some_and(decodes_to_nul) {
        Some("query string")
    } else {
        None
    };
    if let Some(where_) = refused {
        let res = actix_web::ResponseError::error_response(&nul_refused(where_));
        return Ok(req.into_response(res).map_into_right_body());
    }
    Ok(next.call(req).await?.map_into_left_body())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_decoded_nul_counts() {
        for raw in ["/api/v1/job-fairs/%00", "q=%00", "q=a%00b", "q=%%00", "a\0b"] {
            assert!(decodes_to_nul(raw), "{raw}");
        }
        for raw in ["q=%2500", "q=100", "q=%20%30%30", "/api/v1/x/00", "q=%0"] {
            assert!(!decodes_to_nul(raw), "{raw}");
        }
    }
}
