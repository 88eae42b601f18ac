//! `/healthz` (the process answers), `/readyz` (database reachable, migrations applied) and
//! `/metrics` (Prometheus text).

use crate::config::Secret;
use crate::db::{self, migrations};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::notifications::outbox;
use crate::state::AppState;
use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Liveness: the process is up.
#[utoipa::path(get, path = "/healthz", tag = "ops", description = "Roles: anonymous.", responses((status = 200, body = String)))]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().content_type("text/plain; charset=utf-8").body("ok")
}

/// Readiness: the database answers and every migration is applied.
#[utoipa::path(get, path = "/readyz", tag = "ops", description = "Roles: anonymous.",
    responses((status = 200, body = String), (status = 503, body = crate::error::Problem)))]
pub async fn readyz(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let ready = state
        .db
        .run(|conn| {
            db::ping(conn)?;
            Ok(migrations::all_applied(conn))
        })
        .await
        .unwrap_or(false);
    if ready {
        Ok(HttpResponse::Ok()
            .content_type("text/plain; charset=utf-8")
            .body("ready"))
    } else {
        Err(AppError::new(
            ErrorCode::ServiceUnavailable,
            "The database is not reachable or not migrated yet.",
        ))
    }
}

/// Whether the request may read `/metrics`: with `JUXIAN_METRICS_TOKEN` set, only with
/// `Authorization: Bearer <token>`; without one, open in development and refused in production.
pub fn metrics_allowed(req: &HttpRequest, token: Option<&Secret>, production: bool) -> AppResult<()> {
    let Some(token) = token else {
        if production {
            return Err(AppError::new(
                ErrorCode::Forbidden,
                "Metrics are off: set JUXIAN_METRICS_TOKEN to expose them.",
            ));
        }
        return Ok(());
    };
    let presented = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    // Compare keyed digests, in constant time, so the comparison leaks nothing about the token.
    let digest = |bytes: &[u8]| {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(b"juxian-metrics-token").map_err(AppError::internal)?;
        mac.update(bytes);
        Ok::<_, AppError>(mac)
    };
    let expected = digest(token.expose())?.finalize().into_bytes();
    if digest(presented.as_bytes())?.verify_slice(&expected).is_err() {
        return Err(AppError::unauthorized(
            "Metrics need the bearer token from JUXIAN_METRICS_TOKEN.",
        ));
    }
    Ok(())
}

/// Prometheus metrics.
#[utoipa::path(get, path = "/metrics", tag = "ops",
    description = "Roles: the monitoring system, with `Authorization: Bearer $JUXIAN_METRICS_TOKEN` (open in development when no token is set; refused in production without one).",
    responses((status = 200, body = String), (status = 401, body = crate::error::Problem), (status = 403, body = crate::error::Problem)))]
pub async fn metrics(state: web::Data<AppState>, req: HttpRequest) -> AppResult<HttpResponse> {
    metrics_allowed(&req, state.config.metrics_token.as_ref(), state.config.production)?;
    let outbox = state.db.run(outbox::counts).await.unwrap_or_default();
    let (open, idle) = state.db.pool_state();
    let body = state.metrics.render(&[
        (
            "juxian_outbox_messages",
            "Outbox mail by status.",
            outbox
                .into_iter()
                .map(|(s, n)| (format!("status=\"{s}\""), n as f64))
                .collect(),
        ),
        (
            "juxian_db_pool_connections",
            "Open database connections.",
            vec![(String::new(), f64::from(open))],
        ),
        (
            "juxian_db_pool_idle_connections",
            "Idle database connections.",
            vec![(String::new(), f64::from(idle))],
        ),
    ]);
    Ok(HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(body))
}
