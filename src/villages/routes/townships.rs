//! Townships (乡镇): anyone reads them (public administrative divisions); admin edits.

use crate::auth::{AuthUser, ClientIp, Role};
use crate::db::to_utc;
use crate::error::{AppResult, Problem};
use crate::pagination::Paging;
use crate::state::AppState;
use crate::villages::models::{TownshipFilter, TownshipInput, TownshipPage, TownshipView};
use crate::villages::{ops, queries};
use actix_web::{web, HttpResponse};

/// Townships by code, with how many villages each has now.
#[utoipa::path(get, path = "/api/v1/townships", operation_id = "list_townships", tag = "villages",
    description = "Public: the county's administrative divisions are published reference data.", params(TownshipFilter),
    responses((status = 200, body = TownshipPage)))]
pub async fn list(
    state: web::Data<AppState>,
    filter: web::Query<TownshipFilter>,
) -> AppResult<web::Json<TownshipPage>> {
    let filter = filter.into_inner();
    let paging = Paging::new(filter.page, filter.per_page);
    let page = state
        .db
        .run(move |conn| {
            let (rows, total) = queries::townships_page(conn, &filter, paging)?;
            let items = rows
                .into_iter()
                .map(|(t, villages)| TownshipView {
                    id: t.id,
                    code: t.code,
                    name: t.name,
                    villages,
                    updated_at: to_utc(t.updated_at),
                })
                .collect();
            Ok(TownshipPage::new(items, total, paging))
        })
        .await?;
    Ok(web::Json(page))
}

fn view(t: crate::villages::models::TownshipRow) -> TownshipView {
    TownshipView {
        id: t.id,
        code: t.code,
        name: t.name,
        villages: 0,
        updated_at: to_utc(t.updated_at),
    }
}

/// Add a township.
#[utoipa::path(post, path = "/api/v1/townships", operation_id = "create_township", tag = "villages",
    description = "Roles: admin. 409 conflict when the code is taken.", request_body = TownshipInput, security(("bearer" = [])),
    responses((status = 201, body = TownshipView), (status = 400, body = Problem), (status = 409, body = Problem)))]
pub async fn create(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    body: crate::http::json::Json<TownshipInput>,
) -> AppResult<HttpResponse> {
    auth.require(&[Role::Admin])?;
    let body = body.accept()?;
    let row = state
        .operate_as(&auth, ip, move |conn, ctx| ops::create_township(conn, ctx, &body))
        .await?;
    Ok(HttpResponse::Created().json(view(row)))
}

/// Change a township's code or name.
#[utoipa::path(put, path = "/api/v1/townships/{id}", operation_id = "update_township", tag = "villages",
    description = "Roles: admin.", params(("id" = String, Path, description = "Township id")), request_body = TownshipInput,
    security(("bearer" = [])), responses((status = 200, body = TownshipView), (status = 400, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn update(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: crate::http::json::Json<TownshipInput>,
) -> AppResult<web::Json<TownshipView>> {
    auth.require(&[Role::Admin])?;
    let body = body.accept()?;
    let id = path.into_inner();
    let row = state
        .operate_as(&auth, ip, move |conn, ctx| ops::update_township(conn, ctx, &id, &body))
        .await?;
    Ok(web::Json(view(row)))
}
