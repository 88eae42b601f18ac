//! Symposiums as HR runs them: create, edit, list, hold, cancel, summary.

use crate::auth::{AuthUser, ClientIp};
use crate::error::{AppError, AppResult, Problem};
use crate::pagination::Paging;
use crate::state::AppState;
use crate::symposiums::models::{
    SummaryInput, SymposiumAction, SymposiumInput, SymposiumPage, SymposiumQuery, SymposiumView,
};
use crate::symposiums::ops::{self, ORGANISERS};
use crate::symposiums::queries;
use actix_web::{web, HttpResponse};

/// Create a symposium (draft).
#[utoipa::path(post, path = "/api/v1/symposiums", operation_id = "create_symposium", tag = "symposiums", description = "Roles: hr, admin.",
    request_body = SymposiumInput, security(("bearer" = [])),
    responses((status = 201, body = SymposiumView), (status = 400, body = Problem), (status = 403, body = Problem)))]
pub async fn create(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    body: crate::http::json::Json<SymposiumInput>,
) -> AppResult<HttpResponse> {
    auth.require(ORGANISERS)?;
    let (input, actor) = (body.accept()?.into_inner(), auth.clone());
    let view = state
        .operate_as(&auth, ip, move |conn, ctx| ops::create(conn, ctx, &actor, input))
        .await?;
    Ok(HttpResponse::Created().json(view))
}

/// List symposiums, latest first.
#[utoipa::path(get, path = "/api/v1/symposiums", operation_id = "list_symposiums", tag = "symposiums", description = "Roles: hr, admin.",
    params(SymposiumQuery), security(("bearer" = [])),
    responses((status = 200, body = SymposiumPage), (status = 403, body = Problem)))]
pub async fn list(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<SymposiumQuery>,
) -> AppResult<web::Json<SymposiumPage>> {
    auth.require(ORGANISERS)?;
    let query = query.into_inner();
    let paging = Paging::new(query.page, query.per_page);
    let page = state
        .db
        .run(move |conn| {
            let (rows, total) = queries::list(conn, &query, paging)?;
            let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
            let mut counts = queries::counts(conn, &ids)?;
            let items = rows
                .iter()
                .map(|r| SymposiumView::of(r, counts.remove(&r.id).unwrap_or_default()))
                .collect();
            Ok(SymposiumPage::new(items, total, paging))
        })
        .await?;
    Ok(web::Json(page))
}

/// One symposium.
#[utoipa::path(get, path = "/api/v1/symposiums/{id}", operation_id = "get_symposium", tag = "symposiums", description = "Roles: hr, admin.",
    params(("id" = String, Path, description = "Symposium id")), security(("bearer" = [])),
    responses((status = 200, body = SymposiumView), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn get(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
) -> AppResult<web::Json<SymposiumView>> {
    auth.require(ORGANISERS)?;
    let id = path.into_inner();
    let view = state
        .db
        .run(move |conn| {
            let row = queries::symposium(conn, &id)?.ok_or_else(AppError::not_found)?;
            ops::view(conn, &row)
        })
        .await?;
    Ok(web::Json(view))
}

/// Change a draft or invited symposium.
#[utoipa::path(put, path = "/api/v1/symposiums/{id}", operation_id = "update_symposium", tag = "symposiums", description = "Roles: hr, admin. Only while draft or invited.",
    params(("id" = String, Path, description = "Symposium id")), request_body = SymposiumInput, security(("bearer" = [])),
    responses((status = 200, body = SymposiumView), (status = 400, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn update(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: crate::http::json::Json<SymposiumInput>,
) -> AppResult<web::Json<SymposiumView>> {
    auth.require(ORGANISERS)?;
    let (id, input) = (path.into_inner(), body.accept()?.into_inner());
    let view = state
        .operate_as(&auth, ip, move |conn, ctx| ops::edit(conn, ctx, &id, input))
        .await?;
    Ok(web::Json(view))
}

/// Mark an invited symposium as held, with the summary if given.
#[utoipa::path(post, path = "/api/v1/symposiums/{id}/hold", operation_id = "hold_symposium", tag = "symposiums", description = "Roles: hr, admin. invited → held.",
    params(("id" = String, Path, description = "Symposium id")), request_body = SummaryInput, security(("bearer" = [])),
    responses((status = 200, body = SymposiumView), (status = 400, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn hold(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: crate::http::json::Json<SummaryInput>,
) -> AppResult<web::Json<SymposiumView>> {
    auth.require(ORGANISERS)?;
    let (id, input) = (path.into_inner(), body.accept()?.into_inner());
    let view = state
        .operate_as(&auth, ip, move |conn, ctx| {
            ops::hold(conn, ctx, &id, input.summary.as_deref())
        })
        .await?;
    Ok(web::Json(view))
}

/// Call a symposium off; invitees who have not declined are mailed.
#[utoipa::path(post, path = "/api/v1/symposiums/{id}/cancel", operation_id = "cancel_symposium", tag = "symposiums", description = "Roles: hr, admin. draft|invited → cancelled.",
    params(("id" = String, Path, description = "Symposium id")), security(("bearer" = [])),
    responses((status = 200, body = SymposiumView), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn cancel(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
) -> AppResult<web::Json<SymposiumView>> {
    auth.require(ORGANISERS)?;
    let id = path.into_inner();
    let view = state
        .operate_as(&auth, ip, move |conn, ctx| {
            ops::advance(conn, ctx, &id, SymposiumAction::Cancel)
        })
        .await?;
    Ok(web::Json(view))
}

/// Record or replace the summary of a held symposium.
#[utoipa::path(put, path = "/api/v1/symposiums/{id}/summary", operation_id = "record_symposium_summary", tag = "symposiums", description = "Roles: hr, admin. Only when held.",
    params(("id" = String, Path, description = "Symposium id")), request_body = SummaryInput, security(("bearer" = [])),
    responses((status = 200, body = SymposiumView), (status = 400, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn summary(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: crate::http::json::Json<SummaryInput>,
) -> AppResult<web::Json<SymposiumView>> {
    auth.require(ORGANISERS)?;
    let (id, input) = (path.into_inner(), body.accept()?.into_inner());
    let view = state
        .operate_as(&auth, ip, move |conn, ctx| {
            ops::record_summary(conn, ctx, &id, input.summary.as_deref())
        })
        .await?;
    Ok(web::Json(view))
}
