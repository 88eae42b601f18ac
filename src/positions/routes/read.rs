//! Reading positions: the public listing, one position, and the employer's own.

use crate::auth::{AuthUser, Role};
use crate::enterprises::models::EnterpriseStatus;
use crate::error::{AppError, AppResult, Problem};
use crate::pagination::Paging;
use crate::positions::models::{MyPositionFilter, PositionFilter, PositionStatus, PositionView};
use crate::positions::queries::{self, Listed, Scope};
use crate::state::AppState;
use crate::transitions::Stored;
use actix_web::http::header;
use actix_web::{web, HttpRequest};

crate::page_of!(PositionPage, PositionView);

fn page(rows: Vec<Listed>, total: i64, paging: Paging) -> PositionPage {
    let items = rows
        .into_iter()
        .map(|(p, name, industry)| PositionView::new(p, name, &industry))
        .collect();
    PositionPage::new(items, total, paging)
}

/// Open positions of verified enterprises; no sign-in needed.
#[utoipa::path(get, path = "/api/v1/positions", tag = "positions",
    description = "Roles: anyone, signed in or not. Only open positions of verified enterprises, newest first.",
    params(PositionFilter),
    responses((status = 200, body = PositionPage), (status = 400, body = Problem)))]
pub async fn list_positions(
    state: web::Data<AppState>,
    filter: web::Query<PositionFilter>,
) -> AppResult<web::Json<PositionPage>> {
    let filter = filter.into_inner();
    let paging = Paging::new(filter.page, filter.per_page);
    let (rows, total) = state
        .db
        .run(move |conn| queries::list(conn, Scope::Public(&filter), paging))
        .await?;
    Ok(web::Json(page(rows, total, paging)))
}

/// One position: public while open at a verified enterprise, otherwise only for its owner, hr and admin.
#[utoipa::path(get, path = "/api/v1/positions/{id}", tag = "positions",
    description = "Roles: anyone for an open position of a verified enterprise; otherwise the owning employer, hr and \
        admin (everyone else gets 404). A bearer token, when sent, must be valid.",
    params(("id" = String, Path, description = "Position id")), security((), ("bearer" = [])),
    responses((status = 200, body = PositionView), (status = 401, body = Problem), (status = 404, body = Problem)))]
pub async fn get_position(
    state: web::Data<AppState>,
    req: HttpRequest,
    auth: Option<AuthUser>,
    path: web::Path<String>,
) -> AppResult<web::Json<PositionView>> {
    if auth.is_none() && req.headers().contains_key(header::AUTHORIZATION) {
        return Err(AppError::unauthorized(
            "The access token is invalid or expired; sign in again.",
        ));
    }
    let id = path.into_inner();
    let (position, enterprise) = state
        .db
        .run(move |conn| queries::find(conn, &id))
        .await?
        .ok_or_else(AppError::not_found)?;
    let public =
        position.status == PositionStatus::Open.as_str() && enterprise.status == EnterpriseStatus::Verified.as_str();
    let privileged = auth
        .as_ref()
        .is_some_and(|a| a.id == enterprise.owner_id || matches!(a.role, Role::Hr | Role::Admin));
    if !public && !privileged {
        return Err(AppError::not_found());
    }
    Ok(web::Json(PositionView::new(
        position,
        enterprise.name,
        &enterprise.industry,
    )))
}

/// The signed-in employer's positions, in every status.
#[utoipa::path(get, path = "/api/v1/me/positions", tag = "me",
    description = "Roles: employer. Newest first; an employer without an enterprise gets an empty list.",
    params(MyPositionFilter), security(("bearer" = [])),
    responses((status = 200, body = PositionPage), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem)))]
pub async fn my_positions(
    state: web::Data<AppState>,
    auth: AuthUser,
    filter: web::Query<MyPositionFilter>,
) -> AppResult<web::Json<PositionPage>> {
    auth.require(&[Role::Employer])?;
    let filter = filter.into_inner();
    let paging = Paging::new(filter.page, filter.per_page);
    let (rows, total) = state
        .db
        .run(move |conn| queries::list(conn, Scope::Owner(&auth.id, &filter), paging))
        .await?;
    Ok(web::Json(page(rows, total, paging)))
}
