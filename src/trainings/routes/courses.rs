//! Courses as HR runs them (create, edit, publish, close, cancel, complete) and as everyone
//! signed in browses them.

use crate::auth::{AuthUser, ClientIp};
use crate::error::{AppResult, Problem};
use crate::pagination::Paging;
use crate::state::AppState;
use crate::trainings::models::{CompletionResult, CourseAction, CourseInput, CoursePage, CourseQuery, CourseView};
use crate::trainings::ops::{self, ORGANISERS};
use crate::trainings::queries;
use actix_web::{web, HttpResponse};

/// Create a course (draft) with its sessions and partner enterprises.
#[utoipa::path(post, path = "/api/v1/trainings", operation_id = "create_training", tag = "trainings", description = "Roles: hr, admin.",
    request_body = CourseInput, security(("bearer" = [])),
    responses((status = 201, body = CourseView), (status = 400, body = Problem), (status = 403, body = Problem)))]
pub async fn create(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    body: crate::http::json::Json<CourseInput>,
) -> AppResult<HttpResponse> {
    auth.require(ORGANISERS)?;
    let (input, actor) = (body.accept()?.into_inner(), auth.clone());
    let view = state
        .operate_as(&auth, ip, move |conn, ctx| ops::create(conn, ctx, &actor, &input))
        .await?;
    Ok(HttpResponse::Created().json(view))
}

/// List courses, newest first (drafts only for hr and admin).
#[utoipa::path(get, path = "/api/v1/trainings", operation_id = "list_trainings", tag = "trainings", description = "Roles: any signed-in; applicants and employers see no drafts.",
    params(CourseQuery), security(("bearer" = [])),
    responses((status = 200, body = CoursePage), (status = 401, body = Problem)))]
pub async fn list(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<CourseQuery>,
) -> AppResult<web::Json<CoursePage>> {
    let query = query.into_inner();
    let paging = Paging::new(query.page, query.per_page);
    let visible_only = !ORGANISERS.contains(&auth.role);
    let page = state
        .db
        .run(move |conn| {
            let (rows, total) = queries::list(conn, query.status, visible_only, paging)?;
            let items = rows.iter().map(|r| ops::view(conn, r)).collect::<AppResult<Vec<_>>>()?;
            Ok(CoursePage::new(items, total, paging))
        })
        .await?;
    Ok(web::Json(page))
}

/// One course with its sessions and partners.
#[utoipa::path(get, path = "/api/v1/trainings/{id}", operation_id = "get_training", tag = "trainings", description = "Roles: any signed-in; a draft is 404 except for hr and admin.",
    params(("id" = String, Path, description = "Course id")), security(("bearer" = [])),
    responses((status = 200, body = CourseView), (status = 404, body = Problem)))]
pub async fn get(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
) -> AppResult<web::Json<CourseView>> {
    let id = path.into_inner();
    let view = state
        .db
        .run(move |conn| {
            let row = ops::visible(conn, &auth, &id)?;
            ops::view(conn, &row)
        })
        .await?;
    Ok(web::Json(view))
}

/// Change a draft or published course (sessions only while nobody is checked in).
#[utoipa::path(put, path = "/api/v1/trainings/{id}", operation_id = "update_training", tag = "trainings", description = "Roles: hr, admin. Only while draft or published.",
    params(("id" = String, Path, description = "Course id")), request_body = CourseInput, security(("bearer" = [])),
    responses((status = 200, body = CourseView), (status = 400, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn update(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: crate::http::json::Json<CourseInput>,
) -> AppResult<web::Json<CourseView>> {
    auth.require(ORGANISERS)?;
    let (id, input) = (path.into_inner(), body.accept()?.into_inner());
    let view = state
        .operate_as(&auth, ip, move |conn, ctx| ops::edit(conn, ctx, &id, &input))
        .await?;
    Ok(web::Json(view))
}

async fn advance(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    id: String,
    action: CourseAction,
) -> AppResult<web::Json<CourseView>> {
    auth.require(ORGANISERS)?;
    let view = state
        .operate_as(&auth, ip, move |conn, ctx| ops::advance(conn, ctx, &id, action))
        .await?;
    Ok(web::Json(view))
}

/// Publish a draft course: nominations and sign-ups open.
#[utoipa::path(post, path = "/api/v1/trainings/{id}/publish", operation_id = "publish_training", tag = "trainings", description = "Roles: hr, admin. draft → published.",
    params(("id" = String, Path, description = "Course id")), security(("bearer" = [])),
    responses((status = 200, body = CourseView), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn publish(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
) -> AppResult<web::Json<CourseView>> {
    advance(state, auth, ip, path.into_inner(), CourseAction::Publish).await
}

/// Close a published course to new trainees (sessions still check in).
#[utoipa::path(post, path = "/api/v1/trainings/{id}/close", operation_id = "close_training", tag = "trainings", description = "Roles: hr, admin. published → closed.",
    params(("id" = String, Path, description = "Course id")), security(("bearer" = [])),
    responses((status = 200, body = CourseView), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn close(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
) -> AppResult<web::Json<CourseView>> {
    advance(state, auth, ip, path.into_inner(), CourseAction::Close).await
}

/// Call a course off.
#[utoipa::path(post, path = "/api/v1/trainings/{id}/cancel", operation_id = "cancel_training", tag = "trainings", description = "Roles: hr, admin. draft|published|closed → cancelled.",
    params(("id" = String, Path, description = "Course id")), security(("bearer" = [])),
    responses((status = 200, body = CourseView), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn cancel(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
) -> AppResult<web::Json<CourseView>> {
    advance(state, auth, ip, path.into_inner(), CourseAction::Cancel).await
}

/// Complete a course: decide every trainee on the hours checked in and issue certificates.
#[utoipa::path(post, path = "/api/v1/trainings/{id}/complete", operation_id = "complete_training", tag = "trainings",
    description = "Roles: hr, admin. published|closed → completed; attended hours ≥ threshold × total hours completes.",
    params(("id" = String, Path, description = "Course id")), security(("bearer" = [])),
    responses((status = 200, body = CompletionResult), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn complete(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
) -> AppResult<web::Json<CompletionResult>> {
    auth.require(ORGANISERS)?;
    let id = path.into_inner();
    let result = state
        .operate_as(&auth, ip, move |conn, ctx| ops::complete(conn, ctx, &id))
        .await?;
    Ok(web::Json(result))
}
