//! Internship positions: a verified enterprise offers one of its internship positions in a
//! published programme; HR approves or rejects it.

use crate::auth::{AuthUser, ClientIp, Role};
use crate::error::{AppError, AppResult, Problem};
use crate::internships::models::{OfferInput, OfferView, ReasonInput};
use crate::internships::ops::{self, ORGANISERS};
use crate::internships::queries;
use crate::state::AppState;
use crate::validation::text;
use actix_web::{web, HttpResponse};

/// Offer an internship position in a programme.
#[utoipa::path(post, path = "/api/v1/internship-positions", operation_id = "offer_internship_position", tag = "internships",
    description = "Roles: employer of a verified enterprise; the position must be its own, open, of kind internship.",
    request_body = OfferInput, security(("bearer" = [])),
    responses((status = 201, body = OfferView), (status = 400, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn create(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    body: crate::http::json::Json<OfferInput>,
) -> AppResult<HttpResponse> {
    auth.require(&[Role::Employer])?;
    let body = body.accept()?;
    let (input, actor) = (body.into_inner(), auth.clone());
    let view = state
        .operate_as(&auth, ip, move |conn, ctx| {
            ops::offer_position(conn, ctx, &actor, &input)
        })
        .await?;
    Ok(HttpResponse::Created().json(view))
}

/// Decide an offer as HR.
async fn decide(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    id: String,
    reason: Option<String>,
) -> AppResult<web::Json<OfferView>> {
    auth.require(ORGANISERS)?;
    let view = state
        .operate_as(&auth, ip, move |conn, ctx| {
            ops::decide_offer(conn, ctx, &id, reason.as_deref())
        })
        .await?;
    Ok(web::Json(view))
}

/// Approve an offered internship position.
#[utoipa::path(post, path = "/api/v1/internship-positions/{id}/approve", operation_id = "approve_internship_position", tag = "internships", description = "Roles: hr, admin.",
    params(("id" = String, Path, description = "Internship position id")), security(("bearer" = [])),
    responses((status = 200, body = OfferView), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn approve(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
) -> AppResult<web::Json<OfferView>> {
    decide(state, auth, ip, path.into_inner(), None).await
}

/// Reject an offered internship position with a reason.
#[utoipa::path(post, path = "/api/v1/internship-positions/{id}/reject", operation_id = "reject_internship_position", tag = "internships", description = "Roles: hr, admin.",
    params(("id" = String, Path, description = "Internship position id")), request_body = ReasonInput, security(("bearer" = [])),
    responses((status = 200, body = OfferView), (status = 400, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn reject(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: crate::http::json::Json<ReasonInput>,
) -> AppResult<web::Json<OfferView>> {
    auth.require(ORGANISERS)?;
    let body = body.accept()?;
    let reason = text("reason", &body.reason, 500).map_err(|e| AppError::validation(vec![e]))?;
    decide(state, auth, ip, path.into_inner(), Some(reason)).await
}

/// My enterprise's internship positions in every programme and status.
#[utoipa::path(get, path = "/api/v1/me/internship-positions", operation_id = "my_internship_positions", tag = "internships",
    description = "Roles: employer.", security(("bearer" = [])), responses((status = 200, body = Vec<OfferView>)))]
pub async fn mine(state: web::Data<AppState>, auth: AuthUser) -> AppResult<web::Json<Vec<OfferView>>> {
    auth.require(&[Role::Employer])?;
    Ok(web::Json(
        state
            .db
            .run(move |conn| queries::offers_of_owner(conn, &auth.id))
            .await?,
    ))
}
