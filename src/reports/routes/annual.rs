//! The year in numbers, for the talent office, the finance bureau and the administrator.

use crate::auth::{AuthUser, Role};
use crate::error::{AppResult, Problem};
use crate::reports::models::{AnnualQuery, AnnualReport};
use crate::reports::{figures, period::Period};
use crate::state::AppState;
use actix_web::web;

/// Who reads the reports.
pub const READERS: &[Role] = &[Role::Hr, Role::Finance, Role::Admin];

/// The figures of one year or quarter, from one consistent read.
#[utoipa::path(get, path = "/api/v1/reports/annual", operation_id = "annual_report", tag = "reports",
    description = "Roles: hr, finance, admin. Every figure has a stable key and a unit; money is in fen. \
        Periods are Asia/Shanghai calendar years or quarters; fairs count when held (finished) in the period, \
        internship programmes when they start in it, awards and payouts when they happened in it; budgets are the year's.",
    params(AnnualQuery), security(("bearer" = [])),
    responses((status = 200, body = AnnualReport), (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn annual(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<AnnualQuery>,
) -> AppResult<web::Json<AnnualReport>> {
    auth.require(READERS)?;
    let period = Period::new(query.year, query.quarter)?;
    let now = state.clock.now();
    let report = state.db.run(move |conn| figures::annual(conn, &period, now)).await?;
    Ok(web::Json(report))
}
