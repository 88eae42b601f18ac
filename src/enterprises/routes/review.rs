//! HR's decision: `POST /enterprises/{id}/verify` and `/reject`; the owner is e-mailed either way.

use crate::auth::{AuthUser, ClientIp, Role};
use crate::enterprises::models::{EnterpriseView, RejectInput};
use crate::enterprises::{ops, rules};
use crate::error::{AppResult, Problem};
use crate::state::AppState;
use actix_web::web;

/// Verify (`reason` is `None`) or reject as the caller; the owner's mail is queued in the same transaction.
async fn decide(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    id: String,
    reason: Option<String>,
) -> AppResult<EnterpriseView> {
    let reviewer = auth.clone();
    let row = state
        .operate_as(&auth, ip, move |conn, ctx| {
            ops::review(conn, ctx, &reviewer, &id, reason)
        })
        .await?;
    Ok(EnterpriseView::from(&row))
}

/// Verify a pending enterprise; it may then publish positions.
#[utoipa::path(post, path = "/api/v1/enterprises/{id}/verify", tag = "enterprises",
    description = "Roles: hr, admin. Only a `pending` enterprise can be verified (409 otherwise). The owner is e-mailed.",
    params(("id" = String, Path, description = "Enterprise id")), security(("bearer" = [])),
    responses((status = 200, body = EnterpriseView), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn verify_enterprise(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
) -> AppResult<web::Json<EnterpriseView>> {
    auth.require(&[Role::Hr, Role::Admin])?;
    Ok(web::Json(decide(state, auth, ip, path.into_inner(), None).await?))
}

/// Reject a pending enterprise with a reason the owner reads in the e-mail and in the record.
#[utoipa::path(post, path = "/api/v1/enterprises/{id}/reject", tag = "enterprises",
    description = "Roles: hr, admin. Only a `pending` enterprise can be rejected (409 otherwise); `reason` is required (400). \
        The owner is e-mailed and may fix and resubmit with PATCH.",
    params(("id" = String, Path, description = "Enterprise id")),
    request_body = RejectInput, security(("bearer" = [])),
    responses((status = 200, body = EnterpriseView), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn reject_enterprise(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: crate::http::json::Json<RejectInput>,
) -> AppResult<web::Json<EnterpriseView>> {
    auth.require(&[Role::Hr, Role::Admin])?;
    let body = body.accept()?;
    let reason = rules::check_reason(&body.reason)?;
    Ok(web::Json(
        decide(state, auth, ip, path.into_inner(), Some(reason)).await?,
    ))
}
