//! Payout batches: finance user A builds one, finance user B approves it (four eyes), the bank
//! file is downloaded, and the bank's result file is uploaded.

use crate::auth::{AuthUser, ClientIp, Role};
use crate::error::{AppResult, Problem};
use crate::http::idempotency::{fingerprint, fingerprint_of, once, IdempotencyKey};
use crate::http::upload::read_file;
use crate::pagination::Paging;
use crate::payouts::bankfile::BankFormat;
use crate::payouts::models::{
    BankFileQuery, BatchFilter, BatchInput, BatchPage, BatchView, Reconciliation, ResultsOutcome,
};
use crate::payouts::routes::payouts::READERS;
use crate::payouts::{ops, queries, views};
use crate::state::AppState;
use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};

/// Largest result file accepted.
const MAX_RESULTS: usize = 10 << 20;

/// Batches, newest first.
#[utoipa::path(get, path = "/api/v1/payout-batches", operation_id = "list_payout_batches", tag = "payouts",
    description = "Roles: finance, admin, hr.", params(BatchFilter), security(("bearer" = [])), responses((status = 200, body = BatchPage)))]
pub async fn list(
    state: web::Data<AppState>,
    auth: AuthUser,
    filter: web::Query<BatchFilter>,
) -> AppResult<web::Json<BatchPage>> {
    auth.require(READERS)?;
    let filter = filter.into_inner();
    let paging = Paging::new(filter.page, filter.per_page);
    let page = state
        .db
        .run(move |conn| {
            let (rows, total) = queries::batches(conn, &filter, paging)?;
            let items = rows
                .iter()
                .map(|r| views::batch(conn, r, &auth))
                .collect::<AppResult<_>>()?;
            Ok(BatchPage::new(items, total, paging))
        })
        .await?;
    Ok(web::Json(page))
}

/// Build a draft batch from pending payouts.
#[utoipa::path(post, path = "/api/v1/payout-batches", operation_id = "create_payout_batch", tag = "payouts",
    description = "Roles: finance. `{payout_ids}` or `{policy_id}` (every ready payout of it). A payout taken by another batch meanwhile is left out; none left is 409. Accepts Idempotency-Key.",
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes the request safe to retry")),
    request_body = BatchInput, security(("bearer" = [])),
    responses((status = 201, body = BatchView), (status = 400, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn create(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    req: HttpRequest,
    key: IdempotencyKey,
    body: crate::http::json::Json<BatchInput>,
) -> AppResult<HttpResponse> {
    auth.require(&[Role::Finance])?;
    let body = body.accept()?;
    let input = body.into_inner();
    let print = fingerprint_of(&req, &input);
    let actor = auth.clone();
    once(&state, &auth.id, key, print, StatusCode::CREATED, || async {
        state
            .operate_as(&auth, ip, move |conn, ctx| {
                let row = ops::build_batch(conn, ctx, &actor, &input)?;
                views::batch(conn, &row, &actor)
            })
            .await
    })
    .await
}

/// One batch.
#[utoipa::path(get, path = "/api/v1/payout-batches/{id}", operation_id = "get_payout_batch", tag = "payouts",
    description = "Roles: finance, admin, hr. Its payouts: `GET /payouts?batch_id=`.", params(("id" = String, Path, description = "Batch id")),
    security(("bearer" = [])), responses((status = 200, body = BatchView), (status = 404, body = Problem)))]
pub async fn get(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
) -> AppResult<web::Json<BatchView>> {
    auth.require(READERS)?;
    let id = path.into_inner();
    let view = state
        .db
        .run(move |conn| {
            let row = queries::batch_or_404(conn, &id)?;
            views::batch(conn, &row, &auth)
        })
        .await?;
    Ok(web::Json(view))
}

/// Approve a draft batch: a second finance user, never its builder (409 same_person).
#[utoipa::path(post, path = "/api/v1/payout-batches/{id}/approve", operation_id = "approve_payout_batch", tag = "payouts",
    description = "Roles: finance other than the builder. Accepts Idempotency-Key.",
    params(("id" = String, Path, description = "Batch id"), ("Idempotency-Key" = Option<String>, Header, description = "Makes the request safe to retry")),
    security(("bearer" = [])), responses((status = 200, body = BatchView), (status = 409, body = Problem)))]
pub async fn approve(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    req: HttpRequest,
    key: IdempotencyKey,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    auth.require(&[Role::Finance])?;
    let (id, actor) = (path.into_inner(), auth.clone());
    once(
        &state,
        &auth.id,
        key,
        fingerprint(&req, b""),
        StatusCode::OK,
        || async {
            state
                .operate_as(&auth, ip, move |conn, ctx| {
                    let row = ops::approve_batch(conn, ctx, &actor, &id)?;
                    views::batch(conn, &row, &actor)
                })
                .await
        },
    )
    .await
}

/// Cancel a draft batch; its payouts wait for another.
#[utoipa::path(post, path = "/api/v1/payout-batches/{id}/cancel", operation_id = "cancel_payout_batch", tag = "payouts",
    description = "Roles: finance.", params(("id" = String, Path, description = "Batch id")), security(("bearer" = [])),
    responses((status = 200, body = BatchView), (status = 409, body = Problem)))]
pub async fn cancel(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
) -> AppResult<web::Json<BatchView>> {
    auth.require(&[Role::Finance])?;
    let (id, actor) = (path.into_inner(), auth.clone());
    let view = state
        .operate_as(&auth, ip, move |conn, ctx| {
            let row = ops::cancel_batch(conn, ctx, &id)?;
            views::batch(conn, &row, &actor)
        })
        .await?;
    Ok(web::Json(view))
}

/// The bank transfer file; the first download marks the batch exported.
#[utoipa::path(get, path = "/api/v1/payout-batches/{id}/bank-file", operation_id = "payout_bank_file", tag = "payouts",
    description = "Roles: finance. XLSX (accounts as text) or CSV/TXT in GBK with a 合计 footer; audited with the file's SHA-256.",
    params(("id" = String, Path, description = "Batch id"), BankFileQuery), security(("bearer" = [])),
    responses((status = 200, description = "The file", content_type = "application/octet-stream"), (status = 409, body = Problem)))]
pub async fn bank_file(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    query: web::Query<BankFileQuery>,
) -> AppResult<HttpResponse> {
    auth.require(&[Role::Finance])?;
    let format = BankFormat::parse(query.format.as_deref())?;
    let (id, cipher) = (path.into_inner(), state.cipher.clone());
    let (batch, bytes) = state
        .operate_as(&auth, ip, move |conn, ctx| ops::export(conn, ctx, &cipher, &id, format))
        .await?;
    let (media, ext) = format.media();
    Ok(HttpResponse::Ok()
        .content_type(media)
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{}.{ext}\"", batch.batch_no),
        ))
        .insert_header(("Cache-Control", "no-store"))
        .body(bytes))
}

/// Upload the bank's result file (XLSX or CSV: 备注 reference, 结果 成功/失败, 失败原因, 银行流水号,
/// optional 金额); all rows or none are applied (422 file_rejected with a row report).
#[utoipa::path(post, path = "/api/v1/payout-batches/{id}/results", operation_id = "upload_payout_results", tag = "payouts",
    description = "Roles: finance. multipart/form-data with `file`. Accepts Idempotency-Key.",
    params(("id" = String, Path, description = "Batch id"), ("Idempotency-Key" = Option<String>, Header, description = "Makes the request safe to retry")),
    request_body(content = crate::http::upload::FileForm, content_type = "multipart/form-data"),
    security(("bearer" = [])),
    responses((status = 200, body = ResultsOutcome), (status = 409, body = Problem), (status = 413, body = Problem), (status = 422, body = Problem)))]
pub async fn results(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    req: HttpRequest,
    key: IdempotencyKey,
    path: web::Path<String>,
    payload: Multipart,
) -> AppResult<HttpResponse> {
    auth.require(&[Role::Finance])?;
    let bytes = read_file(payload, MAX_RESULTS).await?;
    let id = path.into_inner();
    once(
        &state,
        &auth.id,
        key,
        fingerprint(&req, &bytes),
        StatusCode::OK,
        || async {
            state
                .operate_as(&auth, ip, move |conn, ctx| ops::apply_results(conn, ctx, &id, &bytes))
                .await
        },
    )
    .await
}

/// Counts and sums exported, paid, failed and still pending in a batch.
#[utoipa::path(get, path = "/api/v1/payout-batches/{id}/reconciliation", operation_id = "payout_batch_reconciliation", tag = "payouts",
    description = "Roles: finance, admin, hr.", params(("id" = String, Path, description = "Batch id")), security(("bearer" = [])),
    responses((status = 200, body = Reconciliation), (status = 404, body = Problem)))]
pub async fn reconciliation(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
) -> AppResult<web::Json<Reconciliation>> {
    auth.require(READERS)?;
    let id = path.into_inner();
    Ok(web::Json(
        state
            .db
            .run(move |conn| {
                queries::batch_or_404(conn, &id)?;
                views::reconciliation(conn, &id)
            })
            .await?,
    ))
}
