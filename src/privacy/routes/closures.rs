//! Account closure: the person asks, HR or an administrator approves or rejects.

use crate::auth::{AuthUser, ClientIp};
use crate::error::{AppResult, Problem};
use crate::pagination::Paging;
use crate::privacy::models::{ClosureFilter, ClosureInput, ClosurePage, ClosureView, RejectClosureInput};
use crate::privacy::rules::{CLOSABLE, DECIDERS};
use crate::privacy::{ops, queries};
use crate::state::AppState;
use actix_web::{web, HttpResponse};

/// Ask for my account to be closed.
#[utoipa::path(post, path = "/api/v1/me/closure-requests", operation_id = "request_account_closure", tag = "privacy",
    description = "Roles: applicant, employer. One open request at a time (409 closure_already_requested).",
    request_body = ClosureInput, security(("bearer" = [])),
    responses((status = 201, body = ClosureView), (status = 400, body = Problem), (status = 403, body = Problem), (status = 409, body = Problem)))]
pub async fn request(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    body: crate::http::json::Json<ClosureInput>,
) -> AppResult<HttpResponse> {
    auth.require(CLOSABLE)?;
    let (input, me) = (body.accept()?.into_inner(), auth.clone());
    let view = state
        .operate_as(&auth, ip, move |conn, ctx| {
            ops::request(conn, ctx, &me, input.reason.as_deref())
        })
        .await?;
    Ok(HttpResponse::Created().json(view))
}

/// My closure requests, newest first.
#[utoipa::path(get, path = "/api/v1/me/closure-requests", operation_id = "my_closure_requests", tag = "privacy",
    description = "Roles: applicant, employer.", security(("bearer" = [])),
    responses((status = 200, body = Vec<ClosureView>), (status = 403, body = Problem)))]
pub async fn mine(state: web::Data<AppState>, auth: AuthUser) -> AppResult<web::Json<Vec<ClosureView>>> {
    auth.require(CLOSABLE)?;
    let rows = state.db.run(move |conn| queries::closures_of(conn, &auth.id)).await?;
    Ok(web::Json(rows.iter().map(|r| ops::view(r, None)).collect()))
}

/// Closure requests, oldest first (filter `status=requested` for the queue).
#[utoipa::path(get, path = "/api/v1/account-closures", operation_id = "list_account_closures", tag = "privacy",
    description = "Roles: hr, admin.", params(ClosureFilter), security(("bearer" = [])),
    responses((status = 200, body = ClosurePage), (status = 403, body = Problem)))]
pub async fn list(
    state: web::Data<AppState>,
    auth: AuthUser,
    filter: web::Query<ClosureFilter>,
) -> AppResult<web::Json<ClosurePage>> {
    auth.require(DECIDERS)?;
    let filter = filter.into_inner();
    let paging = Paging::new(filter.page, filter.per_page);
    let (rows, total) = state
        .db
        .run(move |conn| queries::page(conn, filter.status, paging))
        .await?;
    let items = rows.iter().map(|(r, u)| ops::view(r, Some(u))).collect();
    Ok(web::Json(ClosurePage::new(items, total, paging)))
}

/// Approve: erase or anonymise what the law does not require to keep, close the account.
#[utoipa::path(post, path = "/api/v1/account-closures/{id}/approve", operation_id = "approve_account_closure", tag = "privacy",
    description = "Roles: hr, admin. Payouts, awarded subsidies and the audit log are kept; the account is anonymised and signed out.",
    params(("id" = String, Path, description = "Request id")), security(("bearer" = [])),
    responses((status = 200, body = ClosureView), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn approve(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
) -> AppResult<web::Json<ClosureView>> {
    auth.require(DECIDERS)?;
    let (id, actor) = (path.into_inner(), auth.clone());
    let (view, orphaned) = state
        .operate_as(&auth, ip, move |conn, ctx| {
            ops::approve(conn, ctx, crate::PERSONAL_DATA, &actor, &id)
        })
        .await?;
    // Only after the commit: a rolled-back approval must still find its files.
    for sha in orphaned {
        let files = state.files.clone();
        if let Err(e) = web::block(move || files.remove(&sha)).await? {
            tracing::warn!(error = %e.detail, "a closed account's file could not be removed");
        }
    }
    Ok(web::Json(view))
}

/// Reject with a reason told to the person.
#[utoipa::path(post, path = "/api/v1/account-closures/{id}/reject", operation_id = "reject_account_closure", tag = "privacy",
    description = "Roles: hr, admin.", params(("id" = String, Path, description = "Request id")),
    request_body = RejectClosureInput, security(("bearer" = [])),
    responses((status = 200, body = ClosureView), (status = 400, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn reject(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: crate::http::json::Json<RejectClosureInput>,
) -> AppResult<web::Json<ClosureView>> {
    auth.require(DECIDERS)?;
    let (id, input, actor) = (path.into_inner(), body.accept()?.into_inner(), auth.clone());
    let view = state
        .operate_as(&auth, ip, move |conn, ctx| {
            ops::reject(conn, ctx, &actor, &id, &input.reason)
        })
        .await?;
    Ok(web::Json(view))
}
