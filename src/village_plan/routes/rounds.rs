//! Village-plan rounds: HR creates, edits, opens and closes them; everyone sees the opened ones;
//! staff read the coverage table and the yearly figures.

use crate::auth::{AuthUser, ClientIp, Role};
use crate::error::{AppError, AppResult, Problem};
use crate::pagination::Paging;
use crate::state::AppState;
use crate::transitions::Stored;
use crate::village_plan::models::{
    Coverage, FiguresQuery, RoundAction, RoundFilter, RoundInput, RoundPage, RoundStatus, RoundView, YearFigures,
};
use crate::village_plan::{ops, queries};
use actix_web::{web, HttpResponse};

/// Who reads drafts, candidates, coverage and figures.
pub const STAFF: &[Role] = &[Role::Hr, Role::Admin];

fn is_staff(auth: &Option<AuthUser>) -> bool {
    auth.as_ref().is_some_and(|a| STAFF.contains(&a.role))
}

/// Rounds, newest year first (drafts for staff only).
#[utoipa::path(get, path = "/api/v1/village-plan/rounds", operation_id = "list_village_plan_rounds", tag = "village_plan",
    description = "Public (opened and closed rounds); hr and admin also see drafts.", params(RoundFilter),
    responses((status = 200, body = RoundPage)))]
pub async fn list(
    state: web::Data<AppState>,
    auth: Option<AuthUser>,
    filter: web::Query<RoundFilter>,
) -> AppResult<web::Json<RoundPage>> {
    let (filter, staff) = (filter.into_inner(), is_staff(&auth));
    let paging = Paging::new(filter.page, filter.per_page);
    let page = state
        .db
        .run(move |conn| {
            let (rows, total) = queries::rounds(conn, &filter, staff, paging)?;
            Ok(RoundPage::new(
                rows.iter().map(RoundView::from).collect(),
                total,
                paging,
            ))
        })
        .await?;
    Ok(web::Json(page))
}

/// Create a round (one per year) as a draft.
#[utoipa::path(post, path = "/api/v1/village-plan/rounds", operation_id = "create_village_plan_round", tag = "village_plan",
    description = "Roles: hr. 409 conflict when the year has a round.", request_body = RoundInput, security(("bearer" = [])),
    responses((status = 201, body = RoundView), (status = 400, body = Problem), (status = 409, body = Problem)))]
pub async fn create(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    body: crate::http::json::Json<RoundInput>,
) -> AppResult<HttpResponse> {
    auth.require(&[Role::Hr])?;
    let body = body.accept()?;
    let hr = auth.clone();
    let row = state
        .operate_as(&auth, ip, move |conn, ctx| ops::create_round(conn, ctx, &hr, &body))
        .await?;
    Ok(HttpResponse::Created().json(RoundView::from(&row)))
}

/// One round.
#[utoipa::path(get, path = "/api/v1/village-plan/rounds/{id}", operation_id = "get_village_plan_round", tag = "village_plan",
    description = "Public unless a draft (hr, admin).", params(("id" = String, Path, description = "Round id")),
    responses((status = 200, body = RoundView), (status = 404, body = Problem)))]
pub async fn get(
    state: web::Data<AppState>,
    auth: Option<AuthUser>,
    path: web::Path<String>,
) -> AppResult<web::Json<RoundView>> {
    let (id, staff) = (path.into_inner(), is_staff(&auth));
    let row = state.db.run(move |conn| queries::round_or_404(conn, &id)).await?;
    if !staff && row.status == RoundStatus::Draft.as_str() {
        return Err(AppError::not_found());
    }
    Ok(web::Json(RoundView::from(&row)))
}

/// Edit a round's title and description (and its year while a draft).
#[utoipa::path(put, path = "/api/v1/village-plan/rounds/{id}", operation_id = "update_village_plan_round", tag = "village_plan",
    description = "Roles: hr.", params(("id" = String, Path, description = "Round id")), request_body = RoundInput,
    security(("bearer" = [])), responses((status = 200, body = RoundView), (status = 400, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn update(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: crate::http::json::Json<RoundInput>,
) -> AppResult<web::Json<RoundView>> {
    auth.require(&[Role::Hr])?;
    let body = body.accept()?;
    let id = path.into_inner();
    let row = state
        .operate_as(&auth, ip, move |conn, ctx| ops::update_round(conn, ctx, &id, &body))
        .await?;
    Ok(web::Json(RoundView::from(&row)))
}

async fn moved(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    id: String,
    action: RoundAction,
) -> AppResult<web::Json<RoundView>> {
    auth.require(&[Role::Hr])?;
    let row = state
        .operate_as(&auth, ip, move |conn, ctx| ops::move_round(conn, ctx, &id, action))
        .await?;
    Ok(web::Json(RoundView::from(&row)))
}

/// Open a draft or closed round for applications.
#[utoipa::path(post, path = "/api/v1/village-plan/rounds/{id}/open", operation_id = "open_village_plan_round", tag = "village_plan",
    description = "Roles: hr. 409 invalid_transition when already open.", params(("id" = String, Path, description = "Round id")),
    security(("bearer" = [])), responses((status = 200, body = RoundView), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn open(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
) -> AppResult<web::Json<RoundView>> {
    moved(state, auth, ip, path.into_inner(), RoundAction::Open).await
}

/// Close an open round (results may still be recorded).
#[utoipa::path(post, path = "/api/v1/village-plan/rounds/{id}/close", operation_id = "close_village_plan_round", tag = "village_plan",
    description = "Roles: hr. 409 invalid_transition unless open.", params(("id" = String, Path, description = "Round id")),
    security(("bearer" = [])), responses((status = 200, body = RoundView), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn close(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
) -> AppResult<web::Json<RoundView>> {
    moved(state, auth, ip, path.into_inner(), RoundAction::Close).await
}

/// The coverage table: every poor village of the round's year with its admitted count, uncovered first.
#[utoipa::path(get, path = "/api/v1/village-plan/rounds/{id}/coverage", operation_id = "village_plan_coverage", tag = "village_plan",
    description = "Roles: hr, admin.", params(("id" = String, Path, description = "Round id")), security(("bearer" = [])),
    responses((status = 200, body = Coverage), (status = 404, body = Problem)))]
pub async fn coverage(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
) -> AppResult<web::Json<Coverage>> {
    auth.require(STAFF)?;
    let id = path.into_inner();
    let out = state
        .db
        .run(move |conn| {
            crate::db::read_snapshot(conn, |conn| {
                let round = queries::round_or_404(conn, &id)?;
                queries::coverage(conn, &round)
            })
        })
        .await?;
    Ok(web::Json(out))
}

/// The plan's counts per year (applicants, recommended, admitted, poor villages covered / total).
#[utoipa::path(get, path = "/api/v1/village-plan/figures", operation_id = "village_plan_figures", tag = "village_plan",
    description = "Roles: hr, finance, admin. At most 50 years.", params(FiguresQuery), security(("bearer" = [])),
    responses((status = 200, body = Vec<YearFigures>), (status = 400, body = Problem)))]
pub async fn figures(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<FiguresQuery>,
) -> AppResult<web::Json<Vec<YearFigures>>> {
    auth.require(&[Role::Hr, Role::Finance, Role::Admin])?;
    let FiguresQuery { from, to } = query.into_inner();
    if to < from || to - from >= 50 {
        return Err(AppError::validation(vec![crate::error::FieldError::new(
            "to",
            "out_of_range",
            "`to` is from `from` to 49 years after it.",
        )]));
    }
    let out = state
        .db
        .run(move |conn| crate::db::read_snapshot(conn, |conn| queries::year_figures(conn, from, to)))
        .await?;
    Ok(web::Json(out))
}
