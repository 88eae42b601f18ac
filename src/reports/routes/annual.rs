//! The year in numbers, for the talent office, the finance bureau and the administrator.

use crate::auth::{AuthUser, ClientIp, Role};
use crate::error::{AppError, AppResult, Problem};
use crate::reports::models::{AnnualQuery, AnnualReport, FrozenView};
use crate::reports::{figures, freeze, period::Period};
use crate::state::AppState;
use actix_web::{web, HttpResponse};

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

/// The same figures as a workbook (概览, 现场招聘会, 补贴政策, 补助发放批次, 月度).
#[utoipa::path(get, path = "/api/v1/reports/annual.xlsx", operation_id = "annual_report_workbook", tag = "reports",
    description = "Roles: hr, finance, admin. The figures of `GET /reports/annual` with Chinese headers and totals; money in yuan.",
    params(AnnualQuery), security(("bearer" = [])),
    responses((status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn workbook(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<AnnualQuery>,
) -> AppResult<HttpResponse> {
    auth.require(READERS)?;
    let period = Period::new(query.year, query.quarter)?;
    let now = state.clock.now();
    let report = state.db.run(move |conn| figures::annual(conn, &period, now)).await?;
    let bytes = crate::reports::workbook::build(&report)?;
    let name = match report.quarter {
        Some(q) => format!("annual-report-{}-q{q}.xlsx", report.year),
        None => format!("annual-report-{}.xlsx", report.year),
    };
    Ok(HttpResponse::Ok()
        .content_type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .insert_header(("Content-Disposition", format!("attachment; filename=\"{name}\"")))
        .body(bytes))
}

/// Freeze a year's figures as reported upward.
#[utoipa::path(post, path = "/api/v1/reports/annual/{year}/freeze", operation_id = "freeze_annual_report", tag = "reports",
    description = "Roles: admin. Stores the whole year's report, read in one snapshot, with its SHA-256; afterwards \
        `GET /reports/annual?year=` shows it under `frozen` with every difference from the live figures. Once per year (409 already_frozen).",
    params(("year" = i32, Path, description = "The Shanghai calendar year (1949–2100)")), security(("bearer" = [])),
    responses((status = 201, body = FrozenView), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 409, body = Problem)))]
pub async fn freeze(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<i32>,
) -> AppResult<HttpResponse> {
    auth.require(&[Role::Admin])?;
    let year = crate::validation::year("year", path.into_inner()).map_err(|e| AppError::validation(vec![e]))?;
    let period = Period::new(year, None)?;
    let now = state.clock.now();
    // Read in one snapshot first; the write transaction only stores what that read saw.
    let report = state.db.run(move |conn| figures::annual(conn, &period, now)).await?;
    let view = state
        .operate_as(&auth, ip, move |conn, ctx| {
            let row = freeze::store(conn, ctx, &report)?;
            freeze::view(conn, &row, &report)
        })
        .await?;
    Ok(HttpResponse::Created().json(view))
}
