//! Subsidy applications: the applicant drafts and submits; HR returns, rejects or approves;
//! finance approves (reserving the budget) or refuses. Every action is its own POST.

use crate::auth::{AuthUser, ClientIp, Role};
use crate::db::DbConn;
use crate::error::{AppError, AppResult, Problem};
use crate::http::idempotency::{fingerprint, once, IdempotencyKey};
use crate::operation::Ctx;
use crate::pagination::Paging;
use crate::state::AppState;
use crate::subsidies::models::{
    ApplicationFilter, ApplicationRow, ApplicationView, ApproveInput, HistoryEntry, SubsidyApplicationInput,
    SubsidyApplicationPage, SubsidyReasonInput,
};
use crate::subsidies::ops::{self, HrDecision};
use crate::subsidies::queries;
use crate::subsidies::views::{self, is_staff};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};

type Op = dyn FnOnce(&mut DbConn, &mut Ctx, &AuthUser) -> AppResult<ApplicationRow> + Send;

/// Run one operation on an application as the caller and answer with the application.
async fn run(
    state: &AppState,
    auth: AuthUser,
    ip: ClientIp,
    roles: &[Role],
    op: Box<Op>,
) -> AppResult<web::Json<ApplicationView>> {
    auth.require(roles)?;
    let actor = auth.clone();
    let view = state
        .operate_as(&auth, ip, move |conn, ctx| {
            let row = op(conn, ctx, &actor)?;
            views::application(conn, &row, &actor)
        })
        .await?;
    Ok(web::Json(view))
}

/// An application the caller may see: their own, or any for staff.
fn readable(conn: &mut DbConn, auth: &AuthUser, id: &str) -> AppResult<ApplicationRow> {
    queries::application(conn, id)?
        .filter(|a| is_staff(auth) || a.applicant_id == auth.id)
        .ok_or_else(AppError::not_found)
}

/// My applications (applicant) or the review queue (staff).
#[utoipa::path(get, path = "/api/v1/subsidy-applications", operation_id = "list_subsidy_applications", tag = "subsidies",
    description = "Roles: applicant (own only), hr, finance, admin (all, filter by status for a queue).",
    params(ApplicationFilter), security(("bearer" = [])), responses((status = 200, body = SubsidyApplicationPage), (status = 403, body = Problem)))]
pub async fn list(
    state: web::Data<AppState>,
    auth: AuthUser,
    filter: web::Query<ApplicationFilter>,
) -> AppResult<web::Json<SubsidyApplicationPage>> {
    auth.require(&[Role::Applicant, Role::Hr, Role::Finance, Role::Admin])?;
    let mut filter = filter.into_inner();
    let paging = Paging::new(filter.page, filter.per_page);
    let own = (!is_staff(&auth)).then(|| auth.id.clone());
    if own.is_some() {
        filter.status = None;
    }
    let page = state
        .db
        .run(move |conn| {
            let (rows, total) = queries::applications(conn, &filter, own.as_deref(), paging)?;
            let items = rows
                .iter()
                .map(|r| views::application(conn, r, &auth))
                .collect::<AppResult<_>>()?;
            Ok(SubsidyApplicationPage::new(items, total, paging))
        })
        .await?;
    Ok(web::Json(page))
}

/// Start a draft.
#[utoipa::path(post, path = "/api/v1/subsidy-applications", operation_id = "create_subsidy_application", tag = "subsidies",
    description = "Roles: applicant. The policy must be active and inside its window.", request_body = SubsidyApplicationInput,
    security(("bearer" = [])), responses((status = 201, body = ApplicationView), (status = 400, body = Problem), (status = 409, body = Problem)))]
pub async fn create(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    body: crate::http::json::Json<SubsidyApplicationInput>,
) -> AppResult<HttpResponse> {
    auth.require(&[Role::Applicant])?;
    let body = body.accept()?;
    let input = body.into_inner();
    let view = run(
        &state,
        auth,
        ip,
        &[Role::Applicant],
        Box::new(move |c, x, a| ops::create_application(c, x, a, &input)),
    )
    .await?;
    Ok(HttpResponse::Created().json(view.into_inner()))
}

/// One application.
#[utoipa::path(get, path = "/api/v1/subsidy-applications/{id}", operation_id = "get_subsidy_application", tag = "subsidies",
    description = "Roles: its applicant; hr, finance, admin.", params(("id" = String, Path, description = "Application id")),
    security(("bearer" = [])), responses((status = 200, body = ApplicationView), (status = 404, body = Problem)))]
pub async fn get(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
) -> AppResult<web::Json<ApplicationView>> {
    let id = path.into_inner();
    let view = state
        .db
        .run(move |conn| {
            let row = readable(conn, &auth, &id)?;
            views::application(conn, &row, &auth)
        })
        .await?;
    Ok(web::Json(view))
}

/// Change a draft or returned application.
#[utoipa::path(patch, path = "/api/v1/subsidy-applications/{id}", operation_id = "update_subsidy_application", tag = "subsidies",
    description = "Roles: its applicant, while draft or returned.", params(("id" = String, Path, description = "Application id")),
    request_body = SubsidyApplicationInput, security(("bearer" = [])),
    responses((status = 200, body = ApplicationView), (status = 400, body = Problem), (status = 409, body = Problem)))]
pub async fn update(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: crate::http::json::Json<SubsidyApplicationInput>,
) -> AppResult<web::Json<ApplicationView>> {
    auth.require(&[Role::Applicant])?;
    let body = body.accept()?;
    let (id, input) = (path.into_inner(), body.into_inner());
    run(
        &state,
        auth,
        ip,
        &[Role::Applicant],
        Box::new(move |c, x, a| ops::update_application(c, x, a, &id, &input)),
    )
    .await
}

/// Every transition: who (staff only), when, why, the state before and after.
#[utoipa::path(get, path = "/api/v1/subsidy-applications/{id}/history", operation_id = "subsidy_application_history", tag = "subsidies",
    description = "Roles: its applicant (worded for them); hr, finance, admin (full states).", params(("id" = String, Path, description = "Application id")),
    security(("bearer" = [])), responses((status = 200, body = Vec<HistoryEntry>), (status = 404, body = Problem)))]
pub async fn history(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
) -> AppResult<web::Json<Vec<HistoryEntry>>> {
    let id = path.into_inner();
    let entries = state
        .db
        .run(move |conn| {
            let row = readable(conn, &auth, &id)?;
            let staff = is_staff(&auth);
            queries::events(conn, &row.id)?
                .iter()
                .map(|e| views::history_entry(e, staff))
                .collect()
        })
        .await?;
    Ok(web::Json(entries))
}

/// Submit a draft, or resubmit a returned application.
#[utoipa::path(post, path = "/api/v1/subsidy-applications/{id}/submit", operation_id = "submit_subsidy_application", tag = "subsidies",
    description = "Roles: its applicant. Checks eligibility (409 not_eligible lists each unmet criterion), required attachments, the amount and one application per person, policy (and exclusive group) and year.",
    params(("id" = String, Path, description = "Application id")), security(("bearer" = [])),
    responses((status = 200, body = ApplicationView), (status = 400, body = Problem), (status = 409, body = Problem)))]
pub async fn submit(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
) -> AppResult<web::Json<ApplicationView>> {
    let (id, cipher) = (path.into_inner(), state.cipher.clone());
    run(
        &state,
        auth,
        ip,
        &[Role::Applicant],
        Box::new(move |c, x, a| ops::submit(c, x, a, &cipher, &id)),
    )
    .await
}

/// Withdraw before HR approved.
#[utoipa::path(post, path = "/api/v1/subsidy-applications/{id}/withdraw", operation_id = "withdraw_subsidy_application", tag = "subsidies",
    description = "Roles: its applicant.", params(("id" = String, Path, description = "Application id")), security(("bearer" = [])),
    responses((status = 200, body = ApplicationView), (status = 409, body = Problem)))]
pub async fn withdraw(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
) -> AppResult<web::Json<ApplicationView>> {
    let id = path.into_inner();
    run(
        &state,
        auth,
        ip,
        &[Role::Applicant],
        Box::new(move |c, x, a| ops::withdraw(c, x, a, &id)),
    )
    .await
}

/// One HR decision on an application.
async fn hr(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    id: String,
    decision: HrDecision,
) -> AppResult<web::Json<ApplicationView>> {
    let op = Box::new(move |c: &mut DbConn, x: &mut Ctx, a: &AuthUser| ops::hr_decide(c, x, a, &id, decision));
    run(&state, auth, ip, &[Role::Hr], op).await
}

/// Return for more material (退回补充材料), with a reason the applicant sees.
#[utoipa::path(post, path = "/api/v1/subsidy-applications/{id}/return", operation_id = "return_subsidy_application", tag = "subsidies",
    description = "Roles: hr (never on their own application).", params(("id" = String, Path, description = "Application id")),
    request_body = SubsidyReasonInput, security(("bearer" = [])), responses((status = 200, body = ApplicationView), (status = 409, body = Problem)))]
pub async fn return_for_more(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: crate::http::json::Json<SubsidyReasonInput>,
) -> AppResult<web::Json<ApplicationView>> {
    auth.require(&[Role::Hr])?;
    let body = body.accept()?;
    hr(
        state,
        auth,
        ip,
        path.into_inner(),
        HrDecision::Return(body.into_inner().reason),
    )
    .await
}

/// Refuse, with a reason the applicant sees.
#[utoipa::path(post, path = "/api/v1/subsidy-applications/{id}/reject", operation_id = "reject_subsidy_application", tag = "subsidies",
    description = "Roles: hr.", params(("id" = String, Path, description = "Application id")), request_body = SubsidyReasonInput,
    security(("bearer" = [])), responses((status = 200, body = ApplicationView), (status = 409, body = Problem)))]
pub async fn reject(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: crate::http::json::Json<SubsidyReasonInput>,
) -> AppResult<web::Json<ApplicationView>> {
    auth.require(&[Role::Hr])?;
    let body = body.accept()?;
    hr(
        state,
        auth,
        ip,
        path.into_inner(),
        HrDecision::Reject(body.into_inner().reason),
    )
    .await
}

/// Approve an amount (≤ the cap; the fixed amount for fixed policies).
#[utoipa::path(post, path = "/api/v1/subsidy-applications/{id}/approve", operation_id = "approve_subsidy_application", tag = "subsidies",
    description = "Roles: hr.", params(("id" = String, Path, description = "Application id")), request_body = ApproveInput,
    security(("bearer" = [])), responses((status = 200, body = ApplicationView), (status = 400, body = Problem), (status = 409, body = Problem)))]
pub async fn approve(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: crate::http::json::Json<ApproveInput>,
) -> AppResult<web::Json<ApplicationView>> {
    auth.require(&[Role::Hr])?;
    let body = body.accept()?;
    hr(
        state,
        auth,
        ip,
        path.into_inner(),
        HrDecision::Approve(body.into_inner()),
    )
    .await
}

/// Approve as finance: reserves the granted amount in the year's budget.
#[utoipa::path(post, path = "/api/v1/subsidy-applications/{id}/finance-approve", operation_id = "finance_approve_subsidy_application", tag = "subsidies",
    description = "Roles: finance, never the HR approver nor the applicant (409 same_person). 409 budget_exceeded with remaining_fen when it does not fit. Accepts Idempotency-Key.",
    params(("id" = String, Path, description = "Application id"), ("Idempotency-Key" = Option<String>, Header, description = "Makes the request safe to retry")),
    security(("bearer" = [])), responses((status = 200, body = ApplicationView), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn finance_approve(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    req: HttpRequest,
    key: IdempotencyKey,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let (id, actor) = (path.into_inner(), auth.id.clone());
    let op = Box::new(move |c: &mut DbConn, x: &mut Ctx, a: &AuthUser| ops::finance_decide(c, x, a, &id, None));
    once(&state, &actor, key, fingerprint(&req, b""), StatusCode::OK, || async {
        Ok(run(&state, auth, ip, &[Role::Finance], op).await?.into_inner())
    })
    .await
}

/// Refuse as finance, with a reason the applicant sees.
#[utoipa::path(post, path = "/api/v1/subsidy-applications/{id}/finance-reject", operation_id = "finance_reject_subsidy_application", tag = "subsidies",
    description = "Roles: finance.", params(("id" = String, Path, description = "Application id")), request_body = SubsidyReasonInput,
    security(("bearer" = [])), responses((status = 200, body = ApplicationView), (status = 409, body = Problem)))]
pub async fn finance_reject(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: crate::http::json::Json<SubsidyReasonInput>,
) -> AppResult<web::Json<ApplicationView>> {
    auth.require(&[Role::Finance])?;
    let body = body.accept()?;
    let (id, reason) = (path.into_inner(), body.into_inner().reason);
    run(
        &state,
        auth,
        ip,
        &[Role::Finance],
        Box::new(move |c, x, a| ops::finance_decide(c, x, a, &id, Some(&reason))),
    )
    .await
}
