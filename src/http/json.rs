//! The house JSON body extractor. actix's `web::Json` fails before the handler runs, so a caller
//! without the role would learn from the 400 which fields an endpoint takes. [`Json`] never fails
//! extraction: it keeps the outcome, and the handler calls [`Json::accept`] after its role check.
//! It also refuses NUL in any string (key or value) of the decoded body.

use crate::error::AppResult;
use crate::http::edge::nul_refused;
use crate::http::errors::{json_problem, serde_problem, JSON_LIMIT};
use actix_web::dev::{JsonBody, Payload};
use actix_web::{web, FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// A JSON request body, read and checked but handed over only by [`Json::accept`].
pub struct Json<T>(AppResult<T>);

impl<T> Json<T> {
    /// The body, or the 400/413/415 problem it earned; call it after the role check.
    pub fn accept(self) -> AppResult<web::Json<T>> {
        self.0.map(web::Json)
    }
}

/// True when any string or key in `value` holds a NUL (the decoded text, so an escaped
/// backslash followed by `u0000` is not one).
pub fn holds_nul(value: &Value) -> bool {
    match value {
        Value::String(s) => s.contains('\0'),
        Value::Array(items) => items.iter().any(holds_nul),
        Value::Object(map) => map.iter().any(|(k, v)| k.contains('\0') || holds_nul(v)),
        Value::Null | Value::Bool(_) | Value::Number(_) => false,
    }
}

/// Decode a body already parsed as JSON into `T`, refusing NUL first.
pub fn decode<T: DeserializeOwned>(value: Value) -> AppResult<T> {
    if holds_nul(&value) {
        return Err(nul_refused("request body"));
    }
    serde_json::from_value(value).map_err(|e| serde_problem(&e.to_string()))
}

/// Decode raw bytes (an optional body read as `Bytes`) like [`Json`] does.
pub fn decode_bytes<T: DeserializeOwned>(bytes: &[u8]) -> AppResult<T> {
    let value: Value = serde_json::from_slice(bytes).map_err(|e| {
        if e.is_data() {
            serde_problem(&e.to_string())
        } else {
            crate::error::AppError::new(
                crate::error::ErrorCode::MalformedJson,
                "The request body is not valid JSON.",
            )
        }
    })?;
    decode(value)
}

impl<T: DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = actix_web::Error;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let body = JsonBody::<Value>::new(req, payload, None, true).limit(JSON_LIMIT);
        Box::pin(async move {
            let outcome = match body.await {
                Ok(value) => decode(value),
                Err(e) => Err(json_problem(&e)),
            };
            Ok(Json(outcome))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;
    use serde_json::json;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Login {
        #[allow(dead_code)]
        email: String,
    }

    #[test]
    fn nul_is_refused_anywhere_but_an_escaped_backslash_is_text() {
        let nul: Value = serde_json::from_str(r#"{"email":"a\u0000@b.c"}"#).expect("json");
        assert_eq!(
            decode::<Login>(nul).map(|_| ()).unwrap_err().code,
            ErrorCode::InvalidCharacters
        );
        let nested = json!({"a": [{"b": "x\u{0}"}]});
        assert!(holds_nul(&nested));
        assert!(holds_nul(&json!({"k\u{0}": 1})));
        let escaped: Value = serde_json::from_str(r#"{"email":"a\\u0000@b.c"}"#).expect("json");
        assert!(!holds_nul(&escaped));
        assert!(decode::<Login>(escaped).is_ok());
    }

    #[test]
    fn shape_errors_keep_the_field_messages() {
        let e = decode::<Login>(json!({"email": "a", "role": "admin"})).unwrap_err();
        assert_eq!(
            (e.code, e.errors[0].field.as_str()),
            (ErrorCode::ValidationFailed, "role")
        );
        let e = decode::<Login>(json!({})).unwrap_err();
        assert_eq!(e.errors[0].code, "required");
        let e = decode::<Login>(json!({"email": 5})).unwrap_err();
        assert_eq!(e.code, ErrorCode::MalformedJson);
    }
}
