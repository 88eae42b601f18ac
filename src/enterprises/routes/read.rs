//! Reading enterprises: HR's list and review queue, one enterprise, and the employer's own.

use crate::auth::{AuthUser, Role};
use crate::enterprises::models::{EnterpriseFilter, EnterpriseView};
use crate::enterprises::queries;
use crate::error::{AppError, AppResult, Problem};
use crate::pagination::Paging;
use crate::state::AppState;
use actix_web::web;

crate::page_of!(EnterprisePage, EnterpriseView);

/// List enterprises with filters; `status=pending` is the review queue (oldest first).
#[utoipa::path(get, path = "/api/v1/enterprises", tag = "enterprises",
    description = "Roles: hr, admin. Oldest first, so the review queue (`status=pending`) is worked in order.",
    params(EnterpriseFilter), security(("bearer" = [])),
    responses((status = 200, body = EnterprisePage), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem)))]
pub async fn list_enterprises(
    state: web::Data<AppState>,
    auth: AuthUser,
    filter: web::Query<EnterpriseFilter>,
) -> AppResult<web::Json<EnterprisePage>> {
    auth.require(&[Role::Hr, Role::Admin])?;
    let filter = filter.into_inner();
    let paging = Paging::new(filter.page, filter.per_page);
    let (rows, total) = state.db.run(move |conn| queries::list(conn, &filter, paging)).await?;
    Ok(web::Json(EnterprisePage::new(
        rows.iter().map(EnterpriseView::from).collect(),
        total,
        paging,
    )))
}

/// One enterprise.
#[utoipa::path(get, path = "/api/v1/enterprises/{id}", tag = "enterprises",
    description = "Roles: the owning employer, hr, admin. Everyone else gets 404, as if it did not exist.",
    params(("id" = String, Path, description = "Enterprise id")), security(("bearer" = [])),
    responses((status = 200, body = EnterpriseView), (status = 401, body = Problem), (status = 404, body = Problem)))]
pub async fn get_enterprise(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
) -> AppResult<web::Json<EnterpriseView>> {
    let id = path.into_inner();
    let row = state
        .db
        .run(move |conn| queries::find(conn, &id))
        .await?
        .filter(|e| e.owner_id == auth.id || matches!(auth.role, Role::Hr | Role::Admin))
        .ok_or_else(AppError::not_found)?;
    Ok(web::Json(EnterpriseView::from(&row)))
}

/// The signed-in employer's enterprise, or 404 when none is registered yet.
#[utoipa::path(get, path = "/api/v1/me/enterprise", tag = "me",
    description = "Roles: employer. 404 until the employer registers an enterprise.", security(("bearer" = [])),
    responses((status = 200, body = EnterpriseView), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem)))]
pub async fn my_enterprise(state: web::Data<AppState>, auth: AuthUser) -> AppResult<web::Json<EnterpriseView>> {
    auth.require(&[Role::Employer])?;
    let row = state
        .db
        .run(move |conn| queries::find_by_owner(conn, &auth.id))
        .await?
        .ok_or_else(AppError::not_found)?;
    Ok(web::Json(EnterpriseView::from(&row)))
}
