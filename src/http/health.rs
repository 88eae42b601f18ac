//! `/healthz` (the process answers), `/readyz` (database reachable, migrations applied) and
//! `/metrics` (Prometheus text).

use crate::db::{self, migrations};
use crate::error::{AppError, ErrorCode};
use crate::notifications::outbox;
use crate::state::AppState;
use actix_web::{web, HttpResponse};

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

/// Prometheus metrics.
#[utoipa::path(get, path = "/metrics", tag = "ops", description = "Roles: anonymous (expose only to the monitoring network).",
    responses((status = 200, body = String)))]
pub async fn metrics(state: web::Data<AppState>) -> HttpResponse {
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
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(body)
}
