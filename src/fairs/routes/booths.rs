//! Booths: employers ask for one with their positions, HR approves within the booth capacity.

use crate::auth::{AuthUser, ClientIp, Role};
use crate::error::{AppError, AppResult, Problem};
use crate::fairs::booths::{self, BoothFilter, BoothInput, BoothStatus, BoothView};
use crate::fairs::ops::{self, ORGANISERS};
use crate::fairs::routes::fairs::visible;
use crate::state::AppState;
use crate::validation::text;
use actix_web::{web, HttpResponse};

/// Ask for a booth at a published fair with some of my open positions.
#[utoipa::path(post, path = "/api/v1/job-fairs/{id}/booths", tag = "job-fairs",
    description = "Roles: employer of a verified enterprise. One booth per enterprise and fair; a rejected request may be made again.",
    params(("id" = String, Path, description = "Fair id")), request_body = BoothInput, security(("bearer" = [])),
    responses((status = 201, body = BoothView), (status = 400, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn request(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: crate::http::json::Json<BoothInput>,
) -> AppResult<HttpResponse> {
    auth.require(&[Role::Employer])?;
    let body = body.accept()?;
    let (fair_id, ids, actor) = (path.into_inner(), body.into_inner().position_ids, auth.clone());
    let view = state
        .operate_as(&auth, ip, move |conn, ctx| {
            ops::request_booth(conn, ctx, &actor, &fair_id, ids)
        })
        .await?;
    Ok(HttpResponse::Created().json(view))
}

/// Booths of a fair: approved ones for everyone, any status for hr/admin.
#[utoipa::path(get, path = "/api/v1/job-fairs/{id}/booths", operation_id = "list_booths", tag = "job-fairs",
    description = "Roles: anyone (approved booths); hr/admin may filter by status.",
    params(("id" = String, Path, description = "Fair id"), BoothFilter), responses((status = 200, body = Vec<BoothView>), (status = 404, body = Problem)))]
pub async fn list(
    state: web::Data<AppState>,
    auth: Option<AuthUser>,
    path: web::Path<String>,
    filter: web::Query<BoothFilter>,
) -> AppResult<web::Json<Vec<BoothView>>> {
    let fair = visible(&state, &auth, path.into_inner()).await?;
    let organiser = auth.as_ref().is_some_and(|a| ORGANISERS.contains(&a.role));
    let status = if organiser {
        filter.status
    } else {
        Some(BoothStatus::Approved)
    };
    Ok(web::Json(
        state
            .db
            .run(move |conn| booths::of_fair(conn, &fair.id, status))
            .await?,
    ))
}

/// My enterprise's booth requests.
#[utoipa::path(get, path = "/api/v1/me/booths", operation_id = "my_booths", tag = "job-fairs", description = "Roles: employer.",
    security(("bearer" = [])), responses((status = 200, body = Vec<BoothView>)))]
pub async fn mine(state: web::Data<AppState>, auth: AuthUser) -> AppResult<web::Json<Vec<BoothView>>> {
    auth.require(&[Role::Employer])?;
    Ok(web::Json(
        state.db.run(move |conn| booths::of_owner(conn, &auth.id)).await?,
    ))
}

/// Decide a pending booth and mail the employer who asked.
async fn decide(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    fair_id: String,
    booth_id: String,
    reason: Option<String>,
) -> AppResult<web::Json<BoothView>> {
    auth.require(ORGANISERS)?;
    let view = state
        .operate_as(&auth, ip, move |conn, ctx| {
            ops::decide_booth(conn, ctx, &fair_id, &booth_id, reason.as_deref())
        })
        .await?;
    Ok(web::Json(view))
}

/// Approve a booth (within the fair's booth capacity).
#[utoipa::path(post, path = "/api/v1/job-fairs/{id}/booths/{booth_id}/approve", operation_id = "approve_booth", tag = "job-fairs",
    description = "Roles: hr, admin. 409 capacity_full when every booth is taken.",
    params(("id" = String, Path, description = "Fair id"), ("booth_id" = String, Path, description = "Booth id")), security(("bearer" = [])),
    responses((status = 200, body = BoothView), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn approve(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<(String, String)>,
) -> AppResult<web::Json<BoothView>> {
    let (fair_id, booth_id) = path.into_inner();
    decide(state, auth, ip, fair_id, booth_id, None).await
}

/// `POST …/reject`
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BoothRejectInput {
    /// Shown and mailed to the employer.
    pub reason: String,
}

/// Reject a booth request with a reason.
#[utoipa::path(post, path = "/api/v1/job-fairs/{id}/booths/{booth_id}/reject", operation_id = "reject_booth", tag = "job-fairs", description = "Roles: hr, admin.",
    params(("id" = String, Path, description = "Fair id"), ("booth_id" = String, Path, description = "Booth id")),
    request_body = BoothRejectInput, security(("bearer" = [])),
    responses((status = 200, body = BoothView), (status = 400, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn reject(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<(String, String)>,
    body: crate::http::json::Json<BoothRejectInput>,
) -> AppResult<web::Json<BoothView>> {
    auth.require(ORGANISERS)?;
    let body = body.accept()?;
    let reason = text("reason", &body.reason, 500).map_err(|e| AppError::validation(vec![e]))?;
    let (fair_id, booth_id) = path.into_inner();
    decide(state, auth, ip, fair_id, booth_id, Some(reason)).await
}
