//! The public notice (公示): HR publishes finance-approved awards; anyone reads the notice and
//! may object during the period; HR upholds or dismisses each objection.

use crate::audit::Actor;
use crate::auth::{AuthUser, ClientIp, Role};
use crate::error::{AppError, AppResult, Problem};
use crate::pagination::Paging;
use crate::state::AppState;
use crate::subsidies::models::{
    NoticeFilter, NoticeInput, NoticePage, NoticeView, ObjectionInput, ObjectionReceipt, ObjectionView, ResolutionInput,
};
use crate::subsidies::{ops, queries, views};
use actix_web::{web, HttpResponse};

/// Notices, newest first.
#[utoipa::path(get, path = "/api/v1/subsidy-notices", operation_id = "list_subsidy_notices", tag = "subsidies",
    description = "Roles: anyone (public page). Names are masked; nothing else personal is shown.",
    params(NoticeFilter), responses((status = 200, body = NoticePage)))]
pub async fn list(state: web::Data<AppState>, filter: web::Query<NoticeFilter>) -> AppResult<web::Json<NoticePage>> {
    let filter = filter.into_inner();
    let paging = Paging::new(filter.page, filter.per_page);
    let now = state.clock.now();
    let page = state
        .db
        .run(move |conn| {
            let (rows, total) = queries::notices(conn, filter.status, paging)?;
            let items = rows
                .iter()
                .map(|r| views::notice(conn, r, now))
                .collect::<AppResult<_>>()?;
            Ok(NoticePage::new(items, total, paging))
        })
        .await?;
    Ok(web::Json(page))
}

/// Publish a notice for finance-approved applications of one policy.
#[utoipa::path(post, path = "/api/v1/subsidy-notices", operation_id = "publish_subsidy_notice", tag = "subsidies",
    description = "Roles: hr. The notice runs the policy's notice_days full calendar days after today (Asia/Shanghai).",
    request_body = NoticeInput, security(("bearer" = [])),
    responses((status = 201, body = NoticeView), (status = 400, body = Problem), (status = 409, body = Problem)))]
pub async fn publish(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    body: crate::http::json::Json<NoticeInput>,
) -> AppResult<HttpResponse> {
    auth.require(&[Role::Hr])?;
    let body = body.accept()?;
    let hr = auth.clone();
    let view = state
        .operate_as(&auth, ip, move |conn, ctx| {
            let row = ops::publish_notice(conn, ctx, &hr, &body)?;
            views::notice(conn, &row, ctx.now)
        })
        .await?;
    Ok(HttpResponse::Created().json(view))
}

/// One notice (public).
#[utoipa::path(get, path = "/api/v1/subsidy-notices/{id}", operation_id = "get_subsidy_notice", tag = "subsidies",
    description = "Roles: anyone.", params(("id" = String, Path, description = "Notice id")),
    responses((status = 200, body = NoticeView), (status = 404, body = Problem)))]
pub async fn get(state: web::Data<AppState>, path: web::Path<String>) -> AppResult<web::Json<NoticeView>> {
    let (id, now) = (path.into_inner(), state.clock.now());
    let view = state
        .db
        .run(move |conn| {
            let row = queries::notice(conn, &id)?.ok_or_else(AppError::not_found)?;
            views::notice(conn, &row, now)
        })
        .await?;
    Ok(web::Json(view))
}

/// Object to an award during the notice period (anyone; rate limited per client).
#[utoipa::path(post, path = "/api/v1/subsidy-notices/{id}/objections", operation_id = "object_to_subsidy_notice", tag = "subsidies",
    description = "Roles: anyone, no sign-in. Rate limited per client (429).", params(("id" = String, Path, description = "Notice id")),
    request_body = ObjectionInput,
    responses((status = 201, body = ObjectionReceipt), (status = 400, body = Problem), (status = 409, body = Problem), (status = 429, body = Problem)))]
pub async fn object(
    state: web::Data<AppState>,
    ip: ClientIp,
    path: web::Path<String>,
    body: crate::http::json::Json<ObjectionInput>,
) -> AppResult<HttpResponse> {
    let body = body.accept()?;
    state.limiter.check("objection", &ip.0)?;
    let id = path.into_inner();
    let actor = Actor {
        ip: Some(ip.0.clone()),
        ..Actor::default()
    };
    let row = state
        .operate(actor, move |conn, ctx| {
            ops::raise_objection(conn, ctx, &id, &body, &ip.0)
        })
        .await?;
    Ok(HttpResponse::Created().json(ObjectionReceipt {
        id: row.id,
        message:
            "异议已收到，人才办将在公示期内核实处理。Your objection was received; the talent office will look into it."
                .into(),
    }))
}

/// The objections of a notice.
#[utoipa::path(get, path = "/api/v1/subsidy-notices/{id}/objections", operation_id = "list_subsidy_objections", tag = "subsidies",
    description = "Roles: hr, admin.", params(("id" = String, Path, description = "Notice id")), security(("bearer" = [])),
    responses((status = 200, body = Vec<ObjectionView>), (status = 404, body = Problem)))]
pub async fn objections(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
) -> AppResult<web::Json<Vec<ObjectionView>>> {
    auth.require(&[Role::Hr, Role::Admin])?;
    let id = path.into_inner();
    let list = state
        .db
        .run(move |conn| {
            queries::notice(conn, &id)?.ok_or_else(AppError::not_found)?;
            queries::objections(conn, &id)?
                .iter()
                .map(|o| views::objection(conn, o))
                .collect()
        })
        .await?;
    Ok(web::Json(list))
}

async fn resolve(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    id: String,
    uphold: bool,
    note: String,
) -> AppResult<web::Json<ObjectionView>> {
    auth.require(&[Role::Hr])?;
    let hr = auth.clone();
    let view = state
        .operate_as(&auth, ip, move |conn, ctx| {
            let row = ops::resolve_objection(conn, ctx, &hr, &id, uphold, &note)?;
            views::objection(conn, &row)
        })
        .await?;
    Ok(web::Json(view))
}

/// Uphold an objection: the application leaves the notice and its reservation is released.
#[utoipa::path(post, path = "/api/v1/subsidy-objections/{id}/uphold", operation_id = "uphold_subsidy_objection", tag = "subsidies",
    description = "Roles: hr.", params(("id" = String, Path, description = "Objection id")), request_body = ResolutionInput,
    security(("bearer" = [])), responses((status = 200, body = ObjectionView), (status = 409, body = Problem)))]
pub async fn uphold(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: crate::http::json::Json<ResolutionInput>,
) -> AppResult<web::Json<ObjectionView>> {
    auth.require(&[Role::Hr])?;
    let body = body.accept()?;
    resolve(state, auth, ip, path.into_inner(), true, body.into_inner().note).await
}

/// Dismiss an objection with a note.
#[utoipa::path(post, path = "/api/v1/subsidy-objections/{id}/dismiss", operation_id = "dismiss_subsidy_objection", tag = "subsidies",
    description = "Roles: hr.", params(("id" = String, Path, description = "Objection id")), request_body = ResolutionInput,
    security(("bearer" = [])), responses((status = 200, body = ObjectionView), (status = 409, body = Problem)))]
pub async fn dismiss(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: crate::http::json::Json<ResolutionInput>,
) -> AppResult<web::Json<ObjectionView>> {
    auth.require(&[Role::Hr])?;
    let body = body.accept()?;
    resolve(state, auth, ip, path.into_inner(), false, body.into_inner().note).await
}
