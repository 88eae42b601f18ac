//! Roster batches: HR creates, imports and submits; finance approves or refuses.

use crate::auth::{AuthUser, ClientIp, Role};
use crate::error::{AppError, AppResult, Problem};
use crate::http::idempotency::{fingerprint, once, IdempotencyKey};
use crate::http::upload::read_file;
use crate::pagination::Paging;
use crate::rosters::models::{
    ImportOutcome, RecipientFilter, RecipientPage, RosterFilter, RosterInput, RosterPage, RosterReject, RosterView,
};
use crate::rosters::ops::{self, Imported};
use crate::rosters::{queries, views, workbook};
use crate::state::AppState;
use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};

/// Who reads rosters.
const READERS: &[Role] = &[Role::Hr, Role::Finance, Role::Admin];
/// Largest roster file accepted.
const MAX_FILE: usize = 16 << 20;
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn xlsx(name: &str, bytes: Vec<u8>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(XLSX)
        .insert_header(("Content-Disposition", format!("attachment; filename=\"{name}.xlsx\"")))
        .insert_header(("Cache-Control", "no-store"))
        .body(bytes)
}

/// The empty roster template (ID and account columns as text, an example row).
#[utoipa::path(get, path = "/api/v1/allowance-batches/template.xlsx", operation_id = "allowance_template", tag = "rosters",
    description = "Roles: hr, finance, admin.", security(("bearer" = [])),
    responses((status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")))]
pub async fn template(auth: AuthUser) -> AppResult<HttpResponse> {
    auth.require(READERS)?;
    Ok(xlsx("allowance-roster-template", workbook::template()?))
}

/// Roster batches by policy and number (第1批…).
#[utoipa::path(get, path = "/api/v1/allowance-batches", operation_id = "list_allowance_batches", tag = "rosters",
    description = "Roles: hr, finance, admin.", params(RosterFilter), security(("bearer" = [])), responses((status = 200, body = RosterPage)))]
pub async fn list(
    state: web::Data<AppState>,
    auth: AuthUser,
    filter: web::Query<RosterFilter>,
) -> AppResult<web::Json<RosterPage>> {
    auth.require(READERS)?;
    let filter = filter.into_inner();
    let paging = Paging::new(filter.page, filter.per_page);
    let page = state
        .db
        .run(move |conn| {
            let (rows, total) = queries::rosters(conn, &filter, paging)?;
            let items = rows
                .iter()
                .map(|r| views::roster(conn, r, &auth, false))
                .collect::<AppResult<_>>()?;
            Ok(RosterPage::new(items, total, paging))
        })
        .await?;
    Ok(web::Json(page))
}

/// Create a draft batch under a roster policy.
#[utoipa::path(post, path = "/api/v1/allowance-batches", operation_id = "create_allowance_batch", tag = "rosters",
    description = "Roles: hr. `batch_no` is unique per policy; `period` is `YYYY-MM` or `YYYY-MM~YYYY-MM`.",
    request_body = RosterInput, security(("bearer" = [])), responses((status = 201, body = RosterView), (status = 400, body = Problem)))]
pub async fn create(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    body: crate::http::json::Json<RosterInput>,
) -> AppResult<HttpResponse> {
    auth.require(&[Role::Hr])?;
    let body = body.accept()?;
    let hr = auth.clone();
    let view = state
        .operate_as(&auth, ip, move |conn, ctx| {
            let row = ops::create(conn, ctx, &hr, &body)?;
            views::roster(conn, &row, &hr, true)
        })
        .await?;
    Ok(HttpResponse::Created().json(view))
}

/// One batch with its sums by 工作单位 and 岗位 and the budget left.
#[utoipa::path(get, path = "/api/v1/allowance-batches/{id}", operation_id = "get_allowance_batch", tag = "rosters",
    description = "Roles: hr, finance, admin.", params(("id" = String, Path, description = "Batch id")), security(("bearer" = [])),
    responses((status = 200, body = RosterView), (status = 404, body = Problem)))]
pub async fn get(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
) -> AppResult<web::Json<RosterView>> {
    auth.require(READERS)?;
    let id = path.into_inner();
    let view = state
        .db
        .run(move |conn| {
            let row = queries::roster_or_404(conn, &id)?;
            views::roster(conn, &row, &auth, true)
        })
        .await?;
    Ok(web::Json(view))
}

/// The rows of a batch, masked (`format=xlsx` downloads them all).
#[utoipa::path(get, path = "/api/v1/allowance-batches/{id}/rows", operation_id = "allowance_batch_rows", tag = "rosters",
    description = "Roles: hr, finance, admin.", params(("id" = String, Path, description = "Batch id"), RecipientFilter),
    security(("bearer" = [])), responses((status = 200, body = RecipientPage), (status = 404, body = Problem)))]
pub async fn rows(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
    filter: web::Query<RecipientFilter>,
) -> AppResult<HttpResponse> {
    auth.require(READERS)?;
    let (id, filter) = (path.into_inner(), filter.into_inner());
    let all = filter.format.as_deref() == Some("xlsx");
    let paging = if all {
        Paging {
            page: 1,
            per_page: 100_000,
        }
    } else {
        Paging::new(filter.page, filter.per_page)
    };
    let (batch, items, total) = state
        .db
        .run(move |conn| {
            let batch = queries::roster_or_404(conn, &id)?;
            let (rows, total) = queries::rows_page(conn, &id, filter.q.as_deref(), paging)?;
            Ok((batch, rows.iter().map(views::recipient).collect::<Vec<_>>(), total))
        })
        .await?;
    if all {
        let title = format!("{}（第{}批，{}）", batch.title, batch.batch_no, batch.period);
        return Ok(xlsx(
            &format!("allowance-batch-{}", batch.batch_no),
            workbook::rows(&title, &items)?,
        ));
    }
    Ok(HttpResponse::Ok().json(RecipientPage::new(items, total, paging)))
}

/// Import a roster (XLSX, or CSV in UTF-8 or GBK) into a draft batch, replacing its rows: all or
/// none (422 file_rejected with every bad cell; the annotated upload at `…/import-errors.xlsx`).
#[utoipa::path(post, path = "/api/v1/allowance-batches/{id}/import", operation_id = "import_allowance_batch", tag = "rosters",
    description = "Roles: hr. multipart/form-data with `file` (at most 16 MiB).", params(("id" = String, Path, description = "Batch id")),
    request_body(content = crate::http::upload::FileForm, content_type = "multipart/form-data"),
    security(("bearer" = [])),
    responses((status = 200, body = ImportOutcome), (status = 409, body = Problem), (status = 413, body = Problem), (status = 422, body = Problem)))]
pub async fn import(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    payload: Multipart,
) -> AppResult<web::Json<ImportOutcome>> {
    auth.require(&[Role::Hr])?;
    let bytes = read_file(payload, MAX_FILE).await?;
    let (id, hr, cipher) = (path.into_inner(), auth.clone(), state.cipher.clone());
    match state
        .operate_as(&auth, ip, move |conn, ctx| {
            ops::import(conn, ctx, &cipher, &hr, &id, &bytes)
        })
        .await?
    {
        Imported::Accepted(outcome) => Ok(web::Json(outcome)),
        Imported::Refused(rows) => Err(AppError::file_rejected(rows)),
    }
}

/// The last refused upload with an error column.
#[utoipa::path(get, path = "/api/v1/allowance-batches/{id}/import-errors.xlsx", operation_id = "allowance_import_errors", tag = "rosters",
    description = "Roles: hr, admin.", params(("id" = String, Path, description = "Batch id")), security(("bearer" = [])),
    responses((status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), (status = 404, body = Problem)))]
pub async fn import_errors(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    auth.require(&[Role::Hr, Role::Admin])?;
    let (id, cipher) = (path.into_inner(), state.cipher.clone());
    let (sheet, errors) = state
        .db
        .run(move |conn| ops::refused_upload(conn, &cipher, &id))
        .await?;
    Ok(xlsx("allowance-import-errors", workbook::annotated(&sheet, &errors)?))
}

/// Submit a draft batch to finance; the year's budget must fit it.
#[utoipa::path(post, path = "/api/v1/allowance-batches/{id}/submit", operation_id = "submit_allowance_batch", tag = "rosters",
    description = "Roles: hr. 409 budget_exceeded when the total does not fit.", params(("id" = String, Path, description = "Batch id")),
    security(("bearer" = [])), responses((status = 200, body = RosterView), (status = 409, body = Problem)))]
pub async fn submit(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
) -> AppResult<web::Json<RosterView>> {
    auth.require(&[Role::Hr])?;
    let (id, hr) = (path.into_inner(), auth.clone());
    let view = state
        .operate_as(&auth, ip, move |conn, ctx| {
            let row = ops::submit(conn, ctx, &hr, &id)?;
            views::roster(conn, &row, &hr, true)
        })
        .await?;
    Ok(web::Json(view))
}

/// Approve a submitted batch: the budget is reserved and every row becomes a pending payout.
#[utoipa::path(post, path = "/api/v1/allowance-batches/{id}/approve", operation_id = "approve_allowance_batch", tag = "rosters",
    description = "Roles: finance, never someone who created, imported or submitted it (409 same_person). 409 budget_exceeded. Accepts Idempotency-Key.",
    params(("id" = String, Path, description = "Batch id"), ("Idempotency-Key" = Option<String>, Header, description = "Makes the request safe to retry")),
    security(("bearer" = [])), responses((status = 200, body = RosterView), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn approve(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    req: HttpRequest,
    key: IdempotencyKey,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    auth.require(&[Role::Finance])?;
    let (id, finance) = (path.into_inner(), auth.clone());
    once(
        &state,
        &auth.id,
        key,
        fingerprint(&req, b""),
        StatusCode::OK,
        || async {
            state
                .operate_as(&auth, ip, move |conn, ctx| {
                    let row = ops::approve(conn, ctx, &finance, &id)?;
                    views::roster(conn, &row, &finance, true)
                })
                .await
        },
    )
    .await
}

/// Send a submitted batch back to HR with a reason.
#[utoipa::path(post, path = "/api/v1/allowance-batches/{id}/reject", operation_id = "reject_allowance_batch", tag = "rosters",
    description = "Roles: finance.", params(("id" = String, Path, description = "Batch id")), request_body = RosterReject,
    security(("bearer" = [])), responses((status = 200, body = RosterView), (status = 409, body = Problem)))]
pub async fn reject(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: crate::http::json::Json<RosterReject>,
) -> AppResult<web::Json<RosterView>> {
    auth.require(&[Role::Finance])?;
    let body = body.accept()?;
    let (id, finance, reason) = (path.into_inner(), auth.clone(), body.into_inner().reason);
    let view = state
        .operate_as(&auth, ip, move |conn, ctx| {
            let row = ops::reject(conn, ctx, &id, &reason)?;
            views::roster(conn, &row, &finance, true)
        })
        .await?;
    Ok(web::Json(view))
}
