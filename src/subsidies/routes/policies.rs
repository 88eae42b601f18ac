//! Subsidy policies: the administrator writes them; everyone reads the active ones; applicants
//! check their eligibility; staff read the budget.

use crate::auth::{AuthUser, ClientIp, Role};
use crate::error::{AppError, AppResult, Problem};
use crate::pagination::Paging;
use crate::state::AppState;
use crate::subsidies::models::{
    BudgetAmount, BudgetQuery, BudgetView, EligibilityView, PolicyAction, PolicyFilter, PolicyInput, PolicyPage,
    PolicyStatus, PolicyView,
};
use crate::subsidies::views::{self, is_staff, STAFF};
use crate::subsidies::{budget as budgets, eligibility, ops, queries};
use crate::transitions::Stored;
use actix_web::{web, HttpResponse};

/// A policy the caller may see: anyone sees active and closed ones, staff also drafts.
async fn visible(state: &AppState, auth: &Option<AuthUser>, id: String) -> AppResult<PolicyView> {
    let staff = auth.as_ref().is_some_and(is_staff);
    let now = state.clock.now();
    state
        .db
        .run(move |conn| {
            let row = queries::policy_or_404(conn, &id)?;
            if !staff && PolicyStatus::parse_stored(&row.status)? == PolicyStatus::Draft {
                return Err(AppError::not_found());
            }
            views::policy(conn, &row, staff, now)
        })
        .await
}

/// List policies.
#[utoipa::path(get, path = "/api/v1/subsidy-policies", operation_id = "list_subsidy_policies", tag = "subsidies",
    description = "Roles: anyone (active policies); hr, finance, admin see every status and the budgets.",
    params(PolicyFilter), responses((status = 200, body = PolicyPage)))]
pub async fn list(
    state: web::Data<AppState>,
    auth: Option<AuthUser>,
    filter: web::Query<PolicyFilter>,
) -> AppResult<web::Json<PolicyPage>> {
    let filter = filter.into_inner();
    let paging = Paging::new(filter.page, filter.per_page);
    let staff = auth.as_ref().is_some_and(is_staff);
    let statuses = match (staff, filter.status) {
        (true, Some(s)) => vec![s],
        (true, None) => vec![PolicyStatus::Draft, PolicyStatus::Active, PolicyStatus::Closed],
        (false, _) => vec![PolicyStatus::Active],
    };
    let now = state.clock.now();
    let page = state
        .db
        .run(move |conn| {
            let (rows, total) = queries::policies(conn, &filter, &statuses, paging)?;
            let items = rows
                .iter()
                .map(|r| views::policy(conn, r, staff, now))
                .collect::<AppResult<_>>()?;
            Ok(PolicyPage::new(items, total, paging))
        })
        .await?;
    Ok(web::Json(page))
}

/// Write a new draft policy.
#[utoipa::path(post, path = "/api/v1/subsidy-policies", operation_id = "create_subsidy_policy", tag = "subsidies",
    description = "Roles: admin.", request_body = PolicyInput, security(("bearer" = [])),
    responses((status = 201, body = PolicyView), (status = 400, body = Problem), (status = 403, body = Problem)))]
pub async fn create(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    body: crate::http::json::Json<PolicyInput>,
) -> AppResult<HttpResponse> {
    auth.require(&[Role::Admin])?;
    let body = body.accept()?;
    let now = state.clock.now();
    let admin = auth.clone();
    let view = state
        .operate_as(&auth, ip, move |conn, ctx| {
            let row = ops::create_policy(conn, ctx, &admin, &body)?;
            views::policy(conn, &row, true, now)
        })
        .await?;
    Ok(HttpResponse::Created().json(view))
}

/// One policy.
#[utoipa::path(get, path = "/api/v1/subsidy-policies/{id}", operation_id = "get_subsidy_policy", tag = "subsidies",
    description = "Roles: anyone for active and closed policies; hr, finance, admin also drafts and budgets.",
    params(("id" = String, Path, description = "Policy id")), responses((status = 200, body = PolicyView), (status = 404, body = Problem)))]
pub async fn get(
    state: web::Data<AppState>,
    auth: Option<AuthUser>,
    path: web::Path<String>,
) -> AppResult<web::Json<PolicyView>> {
    Ok(web::Json(visible(&state, &auth, path.into_inner()).await?))
}

/// Rewrite a draft policy.
#[utoipa::path(patch, path = "/api/v1/subsidy-policies/{id}", operation_id = "update_subsidy_policy", tag = "subsidies",
    description = "Roles: admin. Drafts only: an active policy's rules never change (create a new version).",
    params(("id" = String, Path, description = "Policy id")), request_body = PolicyInput, security(("bearer" = [])),
    responses((status = 200, body = PolicyView), (status = 400, body = Problem), (status = 409, body = Problem)))]
pub async fn update(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: crate::http::json::Json<PolicyInput>,
) -> AppResult<web::Json<PolicyView>> {
    auth.require(&[Role::Admin])?;
    let body = body.accept()?;
    let now = state.clock.now();
    let id = path.into_inner();
    let view = state
        .operate_as(&auth, ip, move |conn, ctx| {
            let row = ops::update_policy(conn, ctx, &id, &body)?;
            views::policy(conn, &row, true, now)
        })
        .await?;
    Ok(web::Json(view))
}

async fn act(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    id: String,
    action: PolicyAction,
) -> AppResult<web::Json<PolicyView>> {
    auth.require(&[Role::Admin])?;
    let now = state.clock.now();
    let view = state
        .operate_as(&auth, ip, move |conn, ctx| {
            let row = ops::move_policy(conn, ctx, &id, action)?;
            views::policy(conn, &row, true, now)
        })
        .await?;
    Ok(web::Json(view))
}

/// Activate a draft policy: from now on its rules never change.
#[utoipa::path(post, path = "/api/v1/subsidy-policies/{id}/activate", operation_id = "activate_subsidy_policy", tag = "subsidies",
    description = "Roles: admin.", params(("id" = String, Path, description = "Policy id")), security(("bearer" = [])),
    responses((status = 200, body = PolicyView), (status = 409, body = Problem)))]
pub async fn activate(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
) -> AppResult<web::Json<PolicyView>> {
    act(state, auth, ip, path.into_inner(), PolicyAction::Activate).await
}

/// Close an active policy (no new applications).
#[utoipa::path(post, path = "/api/v1/subsidy-policies/{id}/close", operation_id = "close_subsidy_policy", tag = "subsidies",
    description = "Roles: admin.", params(("id" = String, Path, description = "Policy id")), security(("bearer" = [])),
    responses((status = 200, body = PolicyView), (status = 409, body = Problem)))]
pub async fn close(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
) -> AppResult<web::Json<PolicyView>> {
    act(state, auth, ip, path.into_inner(), PolicyAction::Close).await
}

/// Copy a policy into a new draft version (the old one keeps its rules and awards).
#[utoipa::path(post, path = "/api/v1/subsidy-policies/{id}/new-version", operation_id = "new_subsidy_policy_version", tag = "subsidies",
    description = "Roles: admin.", params(("id" = String, Path, description = "Policy id")), security(("bearer" = [])),
    responses((status = 201, body = PolicyView), (status = 404, body = Problem)))]
pub async fn new_version(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    auth.require(&[Role::Admin])?;
    let now = state.clock.now();
    let (id, admin) = (path.into_inner(), auth.clone());
    let view = state
        .operate_as(&auth, ip, move |conn, ctx| {
            let row = ops::new_version(conn, ctx, &admin, &id)?;
            views::policy(conn, &row, true, now)
        })
        .await?;
    Ok(HttpResponse::Created().json(view))
}

/// Set a year's budget.
#[utoipa::path(put, path = "/api/v1/subsidy-policies/{id}/budgets/{year}", operation_id = "set_subsidy_budget", tag = "subsidies",
    description = "Roles: admin. Never below what is already reserved and paid that year.",
    params(("id" = String, Path, description = "Policy id"), ("year" = i32, Path, description = "Year")), request_body = BudgetAmount,
    security(("bearer" = [])), responses((status = 200, body = BudgetView), (status = 400, body = Problem)))]
pub async fn set_budget(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<(String, i32)>,
    body: crate::http::json::Json<BudgetAmount>,
) -> AppResult<web::Json<BudgetView>> {
    auth.require(&[Role::Admin])?;
    let body = body.accept()?;
    let (id, year) = path.into_inner();
    let view = state
        .operate_as(&auth, ip, move |conn, ctx| {
            ops::set_budget(conn, ctx, &id, year, body.budget_fen)
        })
        .await?;
    Ok(web::Json(view))
}

/// How much of a year's budget is left.
#[utoipa::path(get, path = "/api/v1/subsidy-policies/{id}/budget", operation_id = "get_subsidy_budget", tag = "subsidies",
    description = "Roles: hr, finance, admin.", params(("id" = String, Path, description = "Policy id"), BudgetQuery),
    security(("bearer" = [])), responses((status = 200, body = BudgetView), (status = 404, body = Problem)))]
pub async fn budget(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
    query: web::Query<BudgetQuery>,
) -> AppResult<web::Json<BudgetView>> {
    auth.require(STAFF)?;
    let year = query.year.unwrap_or_else(|| crate::time::local_year(state.clock.now()));
    let id = path.into_inner();
    let view = state
        .db
        .run(move |conn| {
            queries::policy_or_404(conn, &id)?;
            Ok(budgets::view(budgets::find(conn, &id, year)?.as_ref(), year))
        })
        .await?;
    Ok(web::Json(view))
}

/// Do I meet the criteria? Each criterion with its reason, before anyone applies.
#[utoipa::path(get, path = "/api/v1/subsidy-policies/{id}/eligibility", operation_id = "check_subsidy_eligibility", tag = "subsidies",
    description = "Roles: applicant.", params(("id" = String, Path, description = "Policy id")), security(("bearer" = [])),
    responses((status = 200, body = EligibilityView), (status = 404, body = Problem)))]
pub async fn eligibility(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
) -> AppResult<web::Json<EligibilityView>> {
    auth.require(&[Role::Applicant])?;
    let policy = visible(&state, &Some(auth.clone()), path.into_inner()).await?;
    let (cipher, today) = (state.cipher.clone(), crate::time::local_date(state.clock.now()));
    let view = state
        .db
        .run(move |conn| {
            let row = queries::policy_or_404(conn, &policy.id)?;
            Ok(match ops::check(conn, &cipher, &row, &auth.id, today)? {
                Some((_, _, criteria)) => EligibilityView {
                    eligible: eligibility::all_met(&criteria),
                    criteria,
                    profile_complete: true,
                },
                None => EligibilityView {
                    eligible: false,
                    criteria: Vec::new(),
                    profile_complete: false,
                },
            })
        })
        .await?;
    Ok(web::Json(view))
}
