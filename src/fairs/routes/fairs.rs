//! HR runs fairs: create, edit, publish, close, finish, cancel; everyone lists published ones.

use crate::auth::{AuthUser, ClientIp};
use crate::error::{AppError, AppResult, Problem};
use crate::fairs::models::{CancelInput, FairAction, FairFilter, FairInput, FairPatch, FairRow, FairView, JobFairPage};
use crate::fairs::ops;
pub use crate::fairs::ops::ORGANISERS;
use crate::fairs::queries;
use crate::pagination::Paging;
use crate::state::AppState;
use crate::validation::text;
use actix_web::{web, HttpResponse};

/// A fair the caller may see: drafts only for organisers (404 for everyone else).
pub async fn visible(state: &AppState, auth: &Option<AuthUser>, id: String) -> AppResult<FairRow> {
    let auth = auth.clone();
    state.db.run(move |conn| ops::visible(conn, auth.as_ref(), &id)).await
}

/// The fair with its approved booths and their positions.
fn with_booths(conn: &mut crate::db::DbConn, fair: &FairRow) -> AppResult<FairView> {
    let mut view = FairView::from(fair);
    view.booths = crate::fairs::booths::of_fair(conn, &fair.id, Some(crate::fairs::booths::BoothStatus::Approved))?;
    Ok(view)
}

/// Create a fair (as a draft).
#[utoipa::path(post, path = "/api/v1/job-fairs", operation_id = "create_job_fair", tag = "job-fairs", description = "Roles: hr, admin.",
    request_body = FairInput, security(("bearer" = [])),
    responses((status = 201, body = FairView), (status = 400, body = Problem), (status = 403, body = Problem)))]
pub async fn create(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    body: crate::http::json::Json<FairInput>,
) -> AppResult<HttpResponse> {
    auth.require(ORGANISERS)?;
    let body = body.accept()?;
    let (input, actor) = (body.into_inner(), auth.clone());
    let row = state
        .operate_as(&auth, ip, move |conn, ctx| ops::create_fair(conn, ctx, &actor, &input))
        .await?;
    Ok(HttpResponse::Created().json(FairView::from(&row)))
}

/// List fairs: published ones, upcoming first, for everyone; organisers may filter by any status.
#[utoipa::path(get, path = "/api/v1/job-fairs", operation_id = "list_job_fairs", tag = "job-fairs",
    description = "Roles: anyone (no login): published fairs. hr/admin: any status with `status`.", params(FairFilter),
    responses((status = 200, body = JobFairPage)))]
pub async fn list(
    state: web::Data<AppState>,
    auth: Option<AuthUser>,
    filter: web::Query<FairFilter>,
) -> AppResult<web::Json<JobFairPage>> {
    let filter = filter.into_inner();
    let paging = Paging::new(filter.page, filter.per_page);
    let staff = ops::is_organiser(auth.as_ref());
    let (rows, total) = state
        .db
        .run(move |conn| queries::list(conn, &filter, staff, paging))
        .await?;
    Ok(web::Json(JobFairPage::new(
        rows.iter().map(FairView::from).collect(),
        total,
        paging,
    )))
}

/// One fair (drafts only for hr/admin).
#[utoipa::path(get, path = "/api/v1/job-fairs/{id}", operation_id = "get_job_fair", tag = "job-fairs",
    description = "Roles: anyone for published, closed, finished and cancelled fairs; hr/admin also for drafts.",
    params(("id" = String, Path, description = "Fair id")), responses((status = 200, body = FairView), (status = 404, body = Problem)))]
pub async fn get(
    state: web::Data<AppState>,
    auth: Option<AuthUser>,
    path: web::Path<String>,
) -> AppResult<web::Json<FairView>> {
    let fair = visible(&state, &auth, path.into_inner()).await?;
    Ok(web::Json(state.db.run(move |conn| with_booths(conn, &fair)).await?))
}

/// Edit a draft or published fair.
#[utoipa::path(patch, path = "/api/v1/job-fairs/{id}", tag = "job-fairs",
    description = "Roles: hr, admin. Only draft and published fairs; capacity cannot drop below the places taken.",
    params(("id" = String, Path, description = "Fair id")), request_body = FairPatch, security(("bearer" = [])),
    responses((status = 200, body = FairView), (status = 400, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn update(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: crate::http::json::Json<FairPatch>,
) -> AppResult<web::Json<FairView>> {
    auth.require(ORGANISERS)?;
    let body = body.accept()?;
    let (id, patch) = (path.into_inner(), body.into_inner());
    let row = state
        .operate_as(&auth, ip, move |conn, ctx| ops::update_fair(conn, ctx, &id, &patch))
        .await?;
    Ok(web::Json(FairView::from(&row)))
}

/// Apply a status action (cancelling mails everyone signed up).
async fn act(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    id: String,
    action: FairAction,
    reason: Option<String>,
) -> AppResult<web::Json<FairView>> {
    auth.require(ORGANISERS)?;
    let row = state
        .operate_as(&auth, ip, move |conn, ctx| {
            ops::move_fair(conn, ctx, &id, action, reason.as_deref())
        })
        .await?;
    Ok(web::Json(FairView::from(&row)))
}

/// Publish a draft fair.
#[utoipa::path(post, path = "/api/v1/job-fairs/{id}/publish", operation_id = "publish_job_fair", tag = "job-fairs", description = "Roles: hr, admin. draft → published.",
    params(("id" = String, Path, description = "Fair id")), security(("bearer" = [])),
    responses((status = 200, body = FairView), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn publish(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
) -> AppResult<web::Json<FairView>> {
    act(state, auth, ip, path.into_inner(), FairAction::Publish, None).await
}

/// Close sign-up.
#[utoipa::path(post, path = "/api/v1/job-fairs/{id}/close", operation_id = "close_job_fair", tag = "job-fairs", description = "Roles: hr, admin. published → closed.",
    params(("id" = String, Path, description = "Fair id")), security(("bearer" = [])),
    responses((status = 200, body = FairView), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn close(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
) -> AppResult<web::Json<FairView>> {
    act(state, auth, ip, path.into_inner(), FairAction::Close, None).await
}

/// Mark the fair held.
#[utoipa::path(post, path = "/api/v1/job-fairs/{id}/finish", tag = "job-fairs", description = "Roles: hr, admin. closed → finished.",
    params(("id" = String, Path, description = "Fair id")), security(("bearer" = [])),
    responses((status = 200, body = FairView), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn finish(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
) -> AppResult<web::Json<FairView>> {
    act(state, auth, ip, path.into_inner(), FairAction::Finish, None).await
}

/// Call the fair off; everyone signed up or waiting is e-mailed.
#[utoipa::path(post, path = "/api/v1/job-fairs/{id}/cancel", operation_id = "cancel_job_fair", tag = "job-fairs",
    description = "Roles: hr, admin. draft/published/closed → cancelled, with a reason.",
    params(("id" = String, Path, description = "Fair id")), request_body = CancelInput, security(("bearer" = [])),
    responses((status = 200, body = FairView), (status = 400, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn cancel(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: crate::http::json::Json<CancelInput>,
) -> AppResult<web::Json<FairView>> {
    auth.require(ORGANISERS)?;
    let body = body.accept()?;
    let reason = text("reason", &body.reason, 500).map_err(|e| AppError::validation(vec![e]))?;
    act(state, auth, ip, path.into_inner(), FairAction::Cancel, Some(reason)).await
}
