//! `GET /admin/outbox` and `POST /admin/outbox/{id}/retry`: administrators watch mail delivery.

use crate::auth::{AuthUser, ClientIp, Role};
use crate::error::{AppResult, Problem};
use crate::http::routing::Routes;
use crate::notifications::ops;
use crate::notifications::outbox::{self, OutboxFilter, OutboxPage, OutboxView};
use crate::pagination::Paging;
use crate::state::AppState;
use actix_web::web;

/// List outbox mail (filter `status=dead` for dead letters).
#[utoipa::path(get, path = "/api/v1/admin/outbox", tag = "admin",
    description = "Roles: admin.", params(OutboxFilter), security(("bearer" = [])),
    responses((status = 200, body = OutboxPage), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn list_outbox(
    state: web::Data<AppState>,
    auth: AuthUser,
    filter: web::Query<OutboxFilter>,
) -> AppResult<web::Json<OutboxPage>> {
    auth.require(&[Role::Admin])?;
    let filter = filter.into_inner();
    let paging = Paging::new(filter.page, filter.per_page);
    let (rows, total) = state.db.run(move |conn| outbox::list(conn, &filter, paging)).await?;
    Ok(web::Json(OutboxPage::new(
        rows.into_iter().map(OutboxView::from).collect(),
        total,
        paging,
    )))
}

/// Put a dead letter back in the queue.
#[utoipa::path(post, path = "/api/v1/admin/outbox/{id}/retry", tag = "admin",
    description = "Roles: admin. Only dead mail can be retried, and not one whose one-time link or body was deleted (409).",
    params(("id" = String, Path, description = "Outbox id")), security(("bearer" = [])),
    responses((status = 200, body = OutboxView), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn retry(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
) -> AppResult<web::Json<OutboxView>> {
    auth.require(&[Role::Admin])?;
    let id = path.into_inner();
    let row = state
        .operate_as(&auth, ip, move |conn, ctx| ops::retry(conn, ctx, &id))
        .await?;
    Ok(web::Json(OutboxView::from(row)))
}

/// Mount and document this domain's routes (each path and method comes from the handler's annotation).
pub fn routes(r: &mut Routes) {
    r.add(__path_list_outbox, list_outbox);
    r.add(__path_retry, retry);
}
