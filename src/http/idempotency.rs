//! `Idempotency-Key` for money-moving POSTs: the same key and request replay the first answer,
//! the same key with another request is 422, a key still in flight is 409. Keys are kept per
//! account for at least 24 hours (a worker job removes them after 48).

use crate::db::schema::idempotency_keys;
use crate::db::{write_tx, Db, DbConn};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::notifications::worker::JobEnv;
use crate::state::AppState;
use actix_web::dev::Payload;
use actix_web::http::{header, StatusCode};
use actix_web::{FromRequest, HttpRequest, HttpResponse};
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use futures_util::future::{ready, Ready};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The header's name.
pub const HEADER: &str = "Idempotency-Key";
/// How long a key is remembered.
pub const KEEP: Duration = Duration::hours(48);
/// A request in flight this long is taken to have died with its process.
const ABANDONED: Duration = Duration::minutes(5);

/// The `Idempotency-Key` header of a request, if any (1–200 visible ASCII characters).
#[derive(Debug, Clone)]
pub struct IdempotencyKey(pub Option<String>);

impl FromRequest for IdempotencyKey {
    type Error = AppError;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let value = req.headers().get(HEADER).map(|v| v.to_str().map(str::trim));
        ready(match value {
            None => Ok(IdempotencyKey(None)),
            Some(Ok(k)) if (1..=200).contains(&k.len()) && k.chars().all(|c| c.is_ascii_graphic()) => {
                Ok(IdempotencyKey(Some(k.to_string())))
            }
            Some(_) => Err(AppError::validation(vec![crate::error::FieldError::new(
                HEADER,
                "invalid_value",
                "1 to 200 visible ASCII characters.",
            )])),
        })
    }
}

/// What identifies a request for replay: method, path and body.
pub fn fingerprint(req: &HttpRequest, body: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(req.method().as_str().as_bytes());
    h.update(b" ");
    h.update(req.path().as_bytes());
    h.update(b"\n");
    h.update(body);
    hex::encode(h.finalize())
}

/// The fingerprint of a request whose body was parsed into `input`.
pub fn fingerprint_of<T: Serialize>(req: &HttpRequest, input: &T) -> String {
    fingerprint(req, &serde_json::to_vec(input).unwrap_or_default())
}

#[derive(Queryable)]
struct Stored {
    fingerprint: String,
    status: String,
    response_status: Option<i32>,
    response_body: Option<String>,
    created_at: NaiveDateTime,
}

enum Claim {
    New,
    Replay(u16, String),
}

fn claim(conn: &mut DbConn, actor: &str, key: &str, print: &str, now: NaiveDateTime) -> AppResult<Claim> {
    let found = idempotency_keys::table
        .find((actor, key))
        .select((
            idempotency_keys::fingerprint,
            idempotency_keys::status,
            idempotency_keys::response_status,
            idempotency_keys::response_body,
            idempotency_keys::created_at,
        ))
        .first::<Stored>(conn)
        .optional()?;
    match found {
        Some(s) if s.fingerprint != print => Err(AppError::new(
            ErrorCode::IdempotencyKeyReused,
            "This Idempotency-Key was used for a different request; use a new key.",
        )),
        Some(s) if s.status == "done" => Ok(Claim::Replay(
            u16::try_from(s.response_status.unwrap_or(200)).unwrap_or(200),
            s.response_body.unwrap_or_default(),
        )),
        Some(s) if s.created_at > now - ABANDONED => Err(AppError::new(
            ErrorCode::IdempotencyInFlight,
            "The same request is still being processed; retry in a moment.",
        )
        .with_retry_after(2)),
        Some(_) => {
            diesel::update(idempotency_keys::table.find((actor, key)))
                .set(idempotency_keys::created_at.eq(now))
                .execute(conn)?;
            Ok(Claim::New)
        }
        None => {
            diesel::insert_into(idempotency_keys::table)
                .values((
                    idempotency_keys::actor_id.eq(actor),
                    idempotency_keys::key.eq(key),
                    idempotency_keys::fingerprint.eq(print),
                    idempotency_keys::status.eq("in_flight"),
                    idempotency_keys::created_at.eq(now),
                ))
                .execute(conn)
                .map_err(|e| match e {
                    // Another request with the key got there first.
                    diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _) => {
                        AppError::new(
                            ErrorCode::IdempotencyInFlight,
                            "The same request is still being processed.",
                        )
                        .with_retry_after(2)
                    }
                    other => other.into(),
                })?;
            Ok(Claim::New)
        }
    }
}

fn respond(status: u16, body: String, replayed: bool) -> HttpResponse {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    let mut res = HttpResponse::build(status);
    res.insert_header((
        header::CONTENT_TYPE,
        if status.is_client_error() {
            "application/problem+json"
        } else {
            "application/json"
        },
    ));
    if replayed {
        res.insert_header(("Idempotency-Replayed", "true"));
    }
    res.body(body)
}

/// Run `op` at most once per (account, key); without a key it simply runs. A success or a 4xx
/// refusal is remembered and replayed; a 5xx is forgotten so the client may retry.
pub async fn once<T, F, Fut>(
    state: &AppState,
    actor: &str,
    key: IdempotencyKey,
    print: String,
    success: StatusCode,
    op: F,
) -> AppResult<HttpResponse>
where
    T: Serialize,
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = AppResult<T>>,
{
    let Some(key) = key.0 else {
        let value = op().await?;
        return Ok(respond(
            success.as_u16(),
            serde_json::to_string(&value).map_err(AppError::internal)?,
            false,
        ));
    };
    let (actor, now) = (actor.to_string(), state.clock.now());
    let (a, k, p) = (actor.clone(), key.clone(), print);
    if let Claim::Replay(status, body) = state.db.write(move |conn| claim(conn, &a, &k, &p, now)).await? {
        return Ok(respond(status, body, true));
    }
    let outcome = op().await;
    let remembered = match &outcome {
        Ok(value) => Some((
            success.as_u16(),
            serde_json::to_string(value).map_err(AppError::internal)?,
        )),
        Err(e) if e.code.status().is_client_error() => Some((
            e.code.status().as_u16(),
            serde_json::to_string(&e.problem()).map_err(AppError::internal)?,
        )),
        Err(_) => None,
    };
    let stored = remembered.clone();
    state
        .db
        .write(move |conn| {
            let row = idempotency_keys::table.find((&actor, &key));
            match stored {
                Some((status, body)) => diesel::update(row)
                    .set((
                        idempotency_keys::status.eq("done"),
                        idempotency_keys::response_status.eq(Some(i32::from(status))),
                        idempotency_keys::response_body.eq(Some(body)),
                    ))
                    .execute(conn)?,
                None => diesel::delete(row).execute(conn)?,
            };
            Ok(())
        })
        .await?;
    match (outcome, remembered) {
        (Ok(_), Some((status, body))) => Ok(respond(status, body, false)),
        (Err(e), _) => Err(e),
        (Ok(_), None) => Err(AppError::internal("idempotent answer lost")),
    }
}

/// The job that forgets keys older than [`KEEP`].
pub fn forget_old_keys(db: &Db, env: &JobEnv) -> AppResult<usize> {
    db.run_sync(|conn| {
        write_tx(conn, |conn| {
            Ok(
                diesel::delete(idempotency_keys::table.filter(idempotency_keys::created_at.lt(env.now - KEEP)))
                    .execute(conn)?,
            )
        })
    })
}
