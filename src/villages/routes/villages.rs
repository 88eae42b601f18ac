//! Villages and communities (村/社区): anyone reads them (public administrative divisions, and the
//! poverty list was published too); admin imports, edits and records mergers.

use crate::auth::{AuthUser, ClientIp, Role};
use crate::error::{AppError, AppResult, Problem};
use crate::http::upload::read_file;
use crate::pagination::Paging;
use crate::state::AppState;
use crate::villages::models::{
    MergeInput, VillageFilter, VillageImportOutcome, VillageInput, VillagePage, VillageView,
};
use crate::villages::ops::{self, Imported};
use crate::villages::{queries, views};
use actix_multipart::Multipart;
use actix_web::{web, HttpResponse};

/// Largest village file accepted.
const MAX_FILE: usize = 8 << 20;

/// Villages by township and code; `year` keeps those that exist in that year and says which are poor then.
#[utoipa::path(get, path = "/api/v1/villages", operation_id = "list_villages", tag = "villages",
    description = "Public: the county's administrative divisions are published reference data.", params(VillageFilter),
    responses((status = 200, body = VillagePage), (status = 400, body = Problem)))]
pub async fn list(state: web::Data<AppState>, filter: web::Query<VillageFilter>) -> AppResult<web::Json<VillagePage>> {
    let filter = filter.into_inner();
    let paging = Paging::new(filter.page, filter.per_page);
    let page = state
        .db
        .run(move |conn| {
            let (rows, total) = queries::villages_page(conn, &filter, paging)?;
            let items = views::villages(conn, &rows, filter.year)?;
            Ok(VillagePage::new(items, total, paging))
        })
        .await?;
    Ok(web::Json(page))
}

/// One village.
#[utoipa::path(get, path = "/api/v1/villages/{id}", operation_id = "get_village", tag = "villages",
    description = "Public.", params(("id" = String, Path, description = "Village id")),
    responses((status = 200, body = VillageView), (status = 404, body = Problem)))]
pub async fn get(state: web::Data<AppState>, path: web::Path<String>) -> AppResult<web::Json<VillageView>> {
    let id = path.into_inner();
    let view = state
        .db
        .run(move |conn| {
            let row = queries::village_or_404(conn, &id)?;
            views::village(conn, &row)
        })
        .await?;
    Ok(web::Json(view))
}

/// Import townships and villages (XLSX, or CSV in UTF-8 or GBK): all rows or none (422
/// file_rejected with every bad cell). Columns: 乡镇代码, 乡镇, 村社区代码, 村社区名称, 类型 (村/社区),
/// 贫困村 (是/否), 贫困状态变更年份, 设立年份. A known village code updates that village.
#[utoipa::path(post, path = "/api/v1/villages/import", operation_id = "import_villages", tag = "villages",
    description = "Roles: admin. multipart/form-data with `file` (at most 8 MiB).",
    request_body(content = crate::http::upload::FileForm, content_type = "multipart/form-data"), security(("bearer" = [])),
    responses((status = 200, body = VillageImportOutcome), (status = 413, body = Problem), (status = 422, body = Problem)))]
pub async fn import(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    payload: Multipart,
) -> AppResult<web::Json<VillageImportOutcome>> {
    auth.require(&[Role::Admin])?;
    let bytes = read_file(payload, MAX_FILE).await?;
    match state
        .operate_as(&auth, ip, move |conn, ctx| ops::import(conn, ctx, &bytes))
        .await?
    {
        Imported::Accepted(outcome) => Ok(web::Json(outcome)),
        Imported::Refused(rows) => Err(AppError::file_rejected(rows)),
    }
}

/// Add a village or community.
#[utoipa::path(post, path = "/api/v1/villages", operation_id = "create_village", tag = "villages",
    description = "Roles: admin. 409 conflict when the code is taken.", request_body = VillageInput, security(("bearer" = [])),
    responses((status = 201, body = VillageView), (status = 400, body = Problem), (status = 409, body = Problem)))]
pub async fn create(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    body: crate::http::json::Json<VillageInput>,
) -> AppResult<HttpResponse> {
    auth.require(&[Role::Admin])?;
    let body = body.accept()?;
    let view = state
        .operate_as(&auth, ip, move |conn, ctx| {
            let row = ops::create_village(conn, ctx, &body)?;
            views::village(conn, &row)
        })
        .await?;
    Ok(HttpResponse::Created().json(view))
}

/// Edit a village's own fields (name, code, township, kind, poverty flag and its year).
#[utoipa::path(put, path = "/api/v1/villages/{id}", operation_id = "update_village", tag = "villages",
    description = "Roles: admin.", params(("id" = String, Path, description = "Village id")), request_body = VillageInput,
    security(("bearer" = [])), responses((status = 200, body = VillageView), (status = 400, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn update(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: crate::http::json::Json<VillageInput>,
) -> AppResult<web::Json<VillageView>> {
    auth.require(&[Role::Admin])?;
    let body = body.accept()?;
    let id = path.into_inner();
    let view = state
        .operate_as(&auth, ip, move |conn, ctx| {
            let row = ops::update_village(conn, ctx, &id, &body)?;
            views::village(conn, &row)
        })
        .await?;
    Ok(web::Json(view))
}

/// Record a merger (行政村布局调整): from `year` on this village is part of `into_village_id`.
#[utoipa::path(post, path = "/api/v1/villages/{id}/merge", operation_id = "merge_village", tag = "villages",
    description = "Roles: admin. 409 invalid_transition when either village is already merged.",
    params(("id" = String, Path, description = "Village id")), request_body = MergeInput, security(("bearer" = [])),
    responses((status = 200, body = VillageView), (status = 400, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn merge(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: crate::http::json::Json<MergeInput>,
) -> AppResult<web::Json<VillageView>> {
    auth.require(&[Role::Admin])?;
    let body = body.accept()?;
    let id = path.into_inner();
    let view = state
        .operate_as(&auth, ip, move |conn, ctx| {
            let row = ops::merge(conn, ctx, &id, &body)?;
            views::village(conn, &row)
        })
        .await?;
    Ok(web::Json(view))
}

/// Undo a merger recorded by mistake.
#[utoipa::path(post, path = "/api/v1/villages/{id}/unmerge", operation_id = "unmerge_village", tag = "villages",
    description = "Roles: admin. 409 invalid_transition when it is not merged.",
    params(("id" = String, Path, description = "Village id")), security(("bearer" = [])),
    responses((status = 200, body = VillageView), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn unmerge(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
) -> AppResult<web::Json<VillageView>> {
    auth.require(&[Role::Admin])?;
    let id = path.into_inner();
    let view = state
        .operate_as(&auth, ip, move |conn, ctx| {
            let row = ops::unmerge(conn, ctx, &id)?;
            views::village(conn, &row)
        })
        .await?;
    Ok(web::Json(view))
}
