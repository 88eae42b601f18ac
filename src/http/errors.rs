//! Turn every framework-level failure (bad JSON, wrong content type, unknown route, wrong method)
//! into the same problem+json answer as our own errors.

use crate::error::{AppError, ErrorCode, FieldError};
use actix_web::dev::ServiceResponse;
use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::http::{header, Method};
use actix_web::middleware::ErrorHandlerResponse;
use actix_web::{web, HttpRequest, ResponseError};

/// Largest JSON body accepted.
pub const JSON_LIMIT: usize = 64 * 1024;

/// Pull the field name out of serde's "unknown field `x`" / "missing field `x`" messages.
fn backticked(message: &str) -> Option<&str> {
    let start = message.find('`')? + 1;
    let len = message[start..].find('`')?;
    Some(&message[start..start + len])
}

/// Map a serde error message to a field-level problem.
pub fn serde_problem(message: &str) -> AppError {
    if message.starts_with("unknown field") {
        let field = backticked(message).unwrap_or("?");
        return AppError::validation(vec![FieldError::new(
            field,
            "unknown_field",
            format!("`{field}` is not an accepted field."),
        )]);
    }
    if message.starts_with("missing field") {
        let field = backticked(message).unwrap_or("?");
        return AppError::validation(vec![FieldError::new(
            field,
            "required",
            format!("`{field}` is required."),
        )]);
    }
    if message.starts_with("out of range") {
        // Written by validators such as `validation::query_year`: "out of range `field`: why".
        let field = backticked(message).unwrap_or("?");
        let why = message.split_once(": ").map_or(message, |(_, why)| why);
        return AppError::validation(vec![FieldError::new(field, "out_of_range", why)]);
    }
    if message.starts_with("unknown variant") {
        let value = backticked(message).unwrap_or("?");
        return AppError::new(
            ErrorCode::MalformedJson,
            format!("`{value}` is not one of the accepted values."),
        );
    }
    // serde's other messages describe types ("invalid type: integer, expected a string at line 1").
    let first = message.split(" at line").next().unwrap_or(message);
    AppError::new(
        ErrorCode::MalformedJson,
        format!("The request body has the wrong shape: {first}."),
    )
}

/// The problem a JSON body that could not be read earns (size, content type, syntax, shape).
pub fn json_problem(err: &JsonPayloadError) -> AppError {
    match err {
        JsonPayloadError::Overflow { .. } | JsonPayloadError::OverflowKnownLength { .. } => AppError::new(
            ErrorCode::PayloadTooLarge,
            format!("JSON bodies are limited to {JSON_LIMIT} bytes."),
        ),
        JsonPayloadError::ContentType => {
            AppError::new(ErrorCode::UnsupportedMediaType, "Send the body as application/json.")
        }
        JsonPayloadError::Deserialize(e) if e.is_data() => serde_problem(&e.to_string()),
        JsonPayloadError::Deserialize(_) => {
            AppError::new(ErrorCode::MalformedJson, "The request body is not valid JSON.")
        }
        _ => AppError::new(ErrorCode::MalformedJson, "The request body could not be read."),
    }
}

/// JSON extractor settings: 64 KiB, problem answers (for `web::Json` uses outside handlers'
/// bodies; handlers take [`crate::http::json::Json`]).
pub fn json_config() -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(JSON_LIMIT)
        .error_handler(|err, _req| json_problem(&err).into())
}

/// Query-string extractor settings.
pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|err, _req| {
        let QueryPayloadError::Deserialize(e) = &err else {
            return AppError::new(ErrorCode::MalformedJson, "The query string could not be read.").into();
        };
        let mut app = serde_problem(&e.to_string());
        if app.code == ErrorCode::MalformedJson {
            app.detail = format!("Invalid query parameter: {e}");
        }
        app.into()
    })
}

/// Path-parameter extractor settings.
pub fn path_config() -> web::PathConfig {
    web::PathConfig::default()
        .error_handler(|err: PathError, _req| AppError::new(ErrorCode::NotFound, format!("Invalid path: {err}")).into())
}

/// Default service: nothing is mounted here.
pub async fn not_found(req: HttpRequest) -> Result<actix_web::HttpResponse, AppError> {
    Err(AppError::new(
        ErrorCode::NotFound,
        format!("No resource at {}.", req.path()),
    ))
}

/// Replace any error response that is not problem+json (e.g. actix's own 405) with one.
pub fn problem_fallback<B>(res: ServiceResponse<B>) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let is_problem = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/problem+json"));
    if is_problem {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let status = res.status();
    let code = ErrorCode::for_status(status);
    let detail = match code {
        ErrorCode::MethodNotAllowed => {
            format!("{} is not allowed on {}.", res.request().method(), res.request().path())
        }
        ErrorCode::NotFound => format!("No resource at {}.", res.request().path()),
        _ => status.canonical_reason().unwrap_or("Error").to_string(),
    };
    let mut problem = AppError::new(code, detail).error_response();
    // Keep the exact status actix chose (a code may cover several).
    *problem.status_mut() = status;
    let (req, _) = res.into_parts();
    Ok(ErrorHandlerResponse::Response(
        ServiceResponse::new(req, problem).map_into_right_body(),
    ))
}

/// The 405 answer for a known path: a problem naming the method, and the `Allow` header RFC 9110
/// requires, listing what the path accepts.
fn method_not_allowed(req: &HttpRequest, allowed: &str) -> actix_web::HttpResponse {
    let mut res = AppError::new(
        ErrorCode::MethodNotAllowed,
        format!("{} is not allowed on {}.", req.method(), req.path()),
    )
    .error_response();
    if let Ok(value) = header::HeaderValue::from_str(allowed) {
        res.headers_mut().insert(header::ALLOW, value);
    }
    res
}

/// A resource whose other methods answer 405 with `Allow: <allowed>` (instead of falling through
/// to the 404 default). Called once every method of the path is known.
pub fn resource(res: actix_web::Resource, allowed: &[Method]) -> actix_web::Resource {
    let allowed = allowed.iter().map(Method::as_str).collect::<Vec<_>>().join(", ");
    res.default_service(web::to(move |req: HttpRequest| {
        let allowed = allowed.clone();
        async move { method_not_allowed(&req, &allowed) }
    }))
}

/// A resource answering GET only (the operational endpoints outside `/api/v1`).
pub fn get_only<F, Args>(path: &str, handler: F) -> actix_web::Resource
where
    F: actix_web::Handler<Args>,
    Args: actix_web::FromRequest + 'static,
    F::Output: actix_web::Responder + 'static,
{
    resource(web::resource(path).route(web::get().to(handler)), &[Method::GET])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_messages_become_field_errors() {
        let e = serde_problem("unknown field `role`, expected one of `email`, `password` at line 1 column 10");
        assert_eq!(e.errors[0].field, "role");
        assert_eq!(e.errors[0].code, "unknown_field");
        let e = serde_problem("missing field `email` at line 1 column 2");
        assert_eq!(
            (e.errors[0].field.as_str(), e.errors[0].code.as_str()),
            ("email", "required")
        );
        let e = serde_problem("invalid type: integer `5`, expected a string at line 1 column 12");
        assert_eq!(e.code, ErrorCode::MalformedJson);
        assert!(!e.detail.contains("line 1"));
    }
}
