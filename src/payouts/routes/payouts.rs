//! The payout ledger: finance and admin read it (hr too), finance marks single payouts paid or
//! failed, cancels or corrects them; recipients see their own.

use crate::auth::{AuthUser, ClientIp, Role};
use crate::error::{AppResult, Problem};
use crate::http::idempotency::{fingerprint_of, once, IdempotencyKey};
use crate::money::Fen;
use crate::pagination::Paging;
use crate::payouts::models::{
    FailureInput, MarkPaidInput, MyPayoutView, PayoutFilter, PayoutPage, PayoutView, PolicySummary, SummaryQuery,
};
use crate::payouts::ops::{self, Outcome};
use crate::payouts::{queries, views};
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};

/// Who reads the ledger.
pub const READERS: &[Role] = &[Role::Finance, Role::Admin, Role::Hr];

/// The ledger, filtered, with the total amount of all matching payouts.
#[utoipa::path(get, path = "/api/v1/payouts", operation_id = "list_payouts", tag = "payouts",
    description = "Roles: finance, admin, hr. Newly awarded applications are handed to the ledger before the list is read.",
    params(PayoutFilter), security(("bearer" = [])), responses((status = 200, body = PayoutPage), (status = 403, body = Problem)))]
pub async fn list(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    filter: web::Query<PayoutFilter>,
) -> AppResult<web::Json<PayoutPage>> {
    auth.require(READERS)?;
    let filter = filter.into_inner();
    let paging = Paging::new(filter.page, filter.per_page);
    let page = state
        .operate_as(&auth, ip, move |conn, ctx| {
            ops::collect_awards(conn, ctx)?;
            let (rows, total, sum) = queries::payouts(conn, &filter, None, paging)?;
            let items = rows.iter().map(|r| views::payout(conn, r)).collect::<AppResult<_>>()?;
            Ok(PayoutPage {
                items,
                total,
                page: paging.page,
                per_page: paging.per_page,
                total_fen: Fen(sum),
            })
        })
        .await?;
    Ok(web::Json(page))
}

/// Counts and sums per policy for a year, with the budget: they add up to the ledger exactly.
#[utoipa::path(get, path = "/api/v1/payouts/summary", operation_id = "payouts_summary", tag = "payouts",
    description = "Roles: finance, admin, hr.", params(SummaryQuery), security(("bearer" = [])),
    responses((status = 200, body = Vec<PolicySummary>)))]
pub async fn summary(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<SummaryQuery>,
) -> AppResult<web::Json<Vec<PolicySummary>>> {
    auth.require(READERS)?;
    let year = query.year.unwrap_or_else(|| crate::time::local_year(state.clock.now()));
    Ok(web::Json(state.db.run(move |conn| views::summary(conn, year)).await?))
}

/// My payouts (amount, policy, status).
#[utoipa::path(get, path = "/api/v1/me/payouts", operation_id = "my_payouts", tag = "payouts",
    description = "Roles: applicant.", security(("bearer" = [])), responses((status = 200, body = Vec<MyPayoutView>)))]
pub async fn mine(state: web::Data<AppState>, auth: AuthUser) -> AppResult<web::Json<Vec<MyPayoutView>>> {
    auth.require(&[Role::Applicant])?;
    let filter = PayoutFilter {
        status: None,
        policy_id: None,
        source_kind: None,
        year: None,
        flagged: None,
        batch_id: None,
        page: None,
        per_page: None,
    };
    let list = state
        .db
        .run(move |conn| {
            let (rows, _, _) = queries::payouts(conn, &filter, Some(&auth.id), Paging::new(Some(1), Some(100)))?;
            rows.iter().map(|r| views::mine(conn, r)).collect()
        })
        .await?;
    Ok(web::Json(list))
}

/// One payout with its attempts.
#[utoipa::path(get, path = "/api/v1/payouts/{id}", operation_id = "get_payout", tag = "payouts",
    description = "Roles: finance, admin, hr.", params(("id" = String, Path, description = "Payout id")), security(("bearer" = [])),
    responses((status = 200, body = PayoutView), (status = 404, body = Problem)))]
pub async fn get(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
) -> AppResult<web::Json<PayoutView>> {
    auth.require(READERS)?;
    let id = path.into_inner();
    let view = state
        .db
        .run(move |conn| {
            let row = queries::payout_or_404(conn, &id)?;
            views::payout(conn, &row)
        })
        .await?;
    Ok(web::Json(view))
}

/// One finance action on a payout, at most once per Idempotency-Key.
async fn money_move(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    key: IdempotencyKey,
    print: String,
    op: impl FnOnce(&mut crate::db::DbConn, &mut crate::operation::Ctx) -> AppResult<crate::payouts::models::PayoutRow>
        + Send
        + 'static,
) -> AppResult<HttpResponse> {
    auth.require(&[Role::Finance])?;
    let actor = auth.id.clone();
    once(&state, &actor, key, print, StatusCode::OK, || async {
        state
            .operate_as(&auth, ip, move |conn, ctx| {
                let row = op(conn, ctx)?;
                views::payout(conn, &row)
            })
            .await
    })
    .await
}

/// Mark a payout of an exported batch paid, with the bank's reference.
#[utoipa::path(post, path = "/api/v1/payouts/{id}/mark-paid", operation_id = "mark_payout_paid", tag = "payouts",
    description = "Roles: finance. Accepts Idempotency-Key: the same key and body replay the first answer; another body is 422; a key in flight is 409.",
    params(("id" = String, Path, description = "Payout id"), ("Idempotency-Key" = Option<String>, Header, description = "Makes the request safe to retry")),
    request_body = MarkPaidInput, security(("bearer" = [])), responses((status = 200, body = PayoutView), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn mark_paid(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    req: HttpRequest,
    key: IdempotencyKey,
    path: web::Path<String>,
    body: crate::http::json::Json<MarkPaidInput>,
) -> AppResult<HttpResponse> {
    auth.require(&[Role::Finance])?;
    let body = body.accept()?;
    let (id, input) = (path.into_inner(), body.into_inner());
    let print = fingerprint_of(&req, &input);
    money_move(state, auth, ip, key, print, move |c, x| {
        ops::mark(c, x, &id, Outcome::Paid(input.bank_reference))
    })
    .await
}

/// Mark a payout of an exported batch failed: it waits for a later batch; the recipient is told.
#[utoipa::path(post, path = "/api/v1/payouts/{id}/mark-failed", operation_id = "mark_payout_failed", tag = "payouts",
    description = "Roles: finance. Accepts Idempotency-Key.",
    params(("id" = String, Path, description = "Payout id"), ("Idempotency-Key" = Option<String>, Header, description = "Makes the request safe to retry")),
    request_body = FailureInput, security(("bearer" = [])), responses((status = 200, body = PayoutView), (status = 409, body = Problem)))]
pub async fn mark_failed(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    req: HttpRequest,
    key: IdempotencyKey,
    path: web::Path<String>,
    body: crate::http::json::Json<FailureInput>,
) -> AppResult<HttpResponse> {
    auth.require(&[Role::Finance])?;
    let body = body.accept()?;
    let (id, input) = (path.into_inner(), body.into_inner());
    let print = fingerprint_of(&req, &input);
    money_move(state, auth, ip, key, print, move |c, x| {
        ops::mark(c, x, &id, Outcome::Failed(input.reason))
    })
    .await
}

/// Give up on a pending payout for good: its budget reservation is released.
#[utoipa::path(post, path = "/api/v1/payouts/{id}/cancel", operation_id = "cancel_payout", tag = "payouts",
    description = "Roles: finance. Accepts Idempotency-Key.",
    params(("id" = String, Path, description = "Payout id"), ("Idempotency-Key" = Option<String>, Header, description = "Makes the request safe to retry")),
    request_body = FailureInput, security(("bearer" = [])), responses((status = 200, body = PayoutView), (status = 409, body = Problem)))]
pub async fn cancel(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    req: HttpRequest,
    key: IdempotencyKey,
    path: web::Path<String>,
    body: crate::http::json::Json<FailureInput>,
) -> AppResult<HttpResponse> {
    auth.require(&[Role::Finance])?;
    let body = body.accept()?;
    let (id, input) = (path.into_inner(), body.into_inner());
    let print = fingerprint_of(&req, &input);
    money_move(state, auth, ip, key, print, move |c, x| {
        ops::cancel(c, x, &id, &input.reason)
    })
    .await
}

/// Take a pending payout's account from the recipient's current profile (after a failure).
#[utoipa::path(post, path = "/api/v1/payouts/{id}/refresh-account", operation_id = "refresh_payout_account", tag = "payouts",
    description = "Roles: finance. Audited with the old and new masked numbers.", params(("id" = String, Path, description = "Payout id")),
    security(("bearer" = [])), responses((status = 200, body = PayoutView), (status = 409, body = Problem)))]
pub async fn refresh_account(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let id = path.into_inner();
    money_move(state, auth, ip, IdempotencyKey(None), String::new(), move |c, x| {
        ops::refresh_account(c, x, &id)
    })
    .await
}
