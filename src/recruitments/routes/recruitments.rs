//! HR runs recruitments: create, edit the draft, move it through its steps, issue tickets, check
//! candidates in at the exam room; everyone reads the published ones.

use crate::auth::{AuthUser, ClientIp};
use crate::error::{AppResult, Problem};
use crate::pagination::Paging;
use crate::recruitments::models::{
    RecruitmentAction, RecruitmentCheckIn, RecruitmentCheckInInput, RecruitmentFilter, RecruitmentInput,
    RecruitmentPage, RecruitmentReasonInput, RecruitmentView, TicketsIssued,
};
use crate::recruitments::ops::{self, is_staff, HR, STAFF};
use crate::recruitments::{queries, views};
use crate::state::AppState;
use actix_web::{web, HttpResponse};

/// List recruitments: every one but drafts for everyone; staff may filter by any status.
#[utoipa::path(get, path = "/api/v1/recruitments", operation_id = "list_recruitments", tag = "recruitments",
    description = "Roles: anyone (no login): published and later recruitments. hr/admin: drafts too.", params(RecruitmentFilter),
    responses((status = 200, body = RecruitmentPage)))]
pub async fn list(
    state: web::Data<AppState>,
    auth: Option<AuthUser>,
    filter: web::Query<RecruitmentFilter>,
) -> AppResult<web::Json<RecruitmentPage>> {
    let filter = filter.into_inner();
    let paging = Paging::new(filter.page, filter.per_page);
    let staff = is_staff(auth.as_ref());
    let now = state.clock.now();
    let page = state
        .db
        .run(move |conn| {
            let (rows, total) = queries::recruitments(conn, &filter, staff, paging)?;
            let items = rows
                .iter()
                .map(|r| views::recruitment(r, staff, now))
                .collect::<AppResult<_>>()?;
            Ok(RecruitmentPage::new(items, total, paging))
        })
        .await?;
    Ok(web::Json(page))
}

/// Create a draft recruitment.
#[utoipa::path(post, path = "/api/v1/recruitments", operation_id = "create_recruitment", tag = "recruitments", description = "Roles: hr.",
    request_body = RecruitmentInput, security(("bearer" = [])),
    responses((status = 201, body = RecruitmentView), (status = 400, body = Problem), (status = 403, body = Problem)))]
pub async fn create(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    body: crate::http::json::Json<RecruitmentInput>,
) -> AppResult<HttpResponse> {
    auth.require(HR)?;
    let body = body.accept()?;
    let (input, actor, now) = (body.into_inner(), auth.clone(), state.clock.now());
    let view = state
        .operate_as(&auth, ip, move |conn, ctx| {
            let row = ops::create_recruitment(conn, ctx, &actor, &input)?;
            views::recruitment(&row, true, now)
        })
        .await?;
    Ok(HttpResponse::Created().json(view))
}

/// One recruitment (drafts only for staff).
#[utoipa::path(get, path = "/api/v1/recruitments/{id}", operation_id = "get_recruitment", tag = "recruitments",
    description = "Roles: anyone for published and later; hr/admin for drafts.", params(("id" = String, Path, description = "Recruitment id")),
    responses((status = 200, body = RecruitmentView), (status = 404, body = Problem)))]
pub async fn get(
    state: web::Data<AppState>,
    auth: Option<AuthUser>,
    path: web::Path<String>,
) -> AppResult<web::Json<RecruitmentView>> {
    let (id, now) = (path.into_inner(), state.clock.now());
    let view = state
        .db
        .run(move |conn| {
            let row = ops::visible(conn, auth.as_ref(), &id)?;
            views::recruitment(&row, is_staff(auth.as_ref()), now)
        })
        .await?;
    Ok(web::Json(view))
}

/// Rewrite a draft recruitment (the whole record).
#[utoipa::path(patch, path = "/api/v1/recruitments/{id}", operation_id = "update_recruitment", tag = "recruitments",
    description = "Roles: hr. Draft only (409 otherwise).", params(("id" = String, Path, description = "Recruitment id")),
    request_body = RecruitmentInput, security(("bearer" = [])),
    responses((status = 200, body = RecruitmentView), (status = 400, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn update(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: crate::http::json::Json<RecruitmentInput>,
) -> AppResult<web::Json<RecruitmentView>> {
    auth.require(HR)?;
    let body = body.accept()?;
    let (id, input, now) = (path.into_inner(), body.into_inner(), state.clock.now());
    let view = state
        .operate_as(&auth, ip, move |conn, ctx| {
            let row = ops::update_recruitment(conn, ctx, &id, &input)?;
            views::recruitment(&row, true, now)
        })
        .await?;
    Ok(web::Json(view))
}

async fn act(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    id: String,
    action: RecruitmentAction,
    reason: Option<String>,
) -> AppResult<web::Json<RecruitmentView>> {
    auth.require(HR)?;
    let now = state.clock.now();
    let view = state
        .operate_as(&auth, ip, move |conn, ctx| {
            let row = ops::move_recruitment(conn, ctx, &id, action, reason.as_deref())?;
            views::recruitment(&row, true, now)
        })
        .await?;
    Ok(web::Json(view))
}

/// Publish a draft (it needs at least one post).
#[utoipa::path(post, path = "/api/v1/recruitments/{id}/publish", operation_id = "publish_recruitment", tag = "recruitments",
    description = "Roles: hr. draft → published.", params(("id" = String, Path, description = "Recruitment id")), security(("bearer" = [])),
    responses((status = 200, body = RecruitmentView), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn publish(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
) -> AppResult<web::Json<RecruitmentView>> {
    act(state, auth, ip, path.into_inner(), RecruitmentAction::Publish, None).await
}

/// Close sign-up.
#[utoipa::path(post, path = "/api/v1/recruitments/{id}/close-signup", operation_id = "close_recruitment_signup", tag = "recruitments",
    description = "Roles: hr. published → signup_closed.", params(("id" = String, Path, description = "Recruitment id")), security(("bearer" = [])),
    responses((status = 200, body = RecruitmentView), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn close_signup(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
) -> AppResult<web::Json<RecruitmentView>> {
    act(state, auth, ip, path.into_inner(), RecruitmentAction::CloseSignup, None).await
}

/// Mark the written exam done.
#[utoipa::path(post, path = "/api/v1/recruitments/{id}/complete-written", operation_id = "complete_recruitment_written", tag = "recruitments",
    description = "Roles: hr. signup_closed → written_done.", params(("id" = String, Path, description = "Recruitment id")), security(("bearer" = [])),
    responses((status = 200, body = RecruitmentView), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn complete_written(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
) -> AppResult<web::Json<RecruitmentView>> {
    act(
        state,
        auth,
        ip,
        path.into_inner(),
        RecruitmentAction::CompleteWritten,
        None,
    )
    .await
}

/// Mark the interview done.
#[utoipa::path(post, path = "/api/v1/recruitments/{id}/complete-interview", operation_id = "complete_recruitment_interview", tag = "recruitments",
    description = "Roles: hr. written_done → interview_done.", params(("id" = String, Path, description = "Recruitment id")), security(("bearer" = [])),
    responses((status = 200, body = RecruitmentView), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn complete_interview(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
) -> AppResult<web::Json<RecruitmentView>> {
    act(
        state,
        auth,
        ip,
        path.into_inner(),
        RecruitmentAction::CompleteInterview,
        None,
    )
    .await
}

/// Close the recruitment.
#[utoipa::path(post, path = "/api/v1/recruitments/{id}/close", operation_id = "close_recruitment", tag = "recruitments",
    description = "Roles: hr. interview_done → closed.", params(("id" = String, Path, description = "Recruitment id")), security(("bearer" = [])),
    responses((status = 200, body = RecruitmentView), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn close(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
) -> AppResult<web::Json<RecruitmentView>> {
    act(state, auth, ip, path.into_inner(), RecruitmentAction::Close, None).await
}

/// Cancel the recruitment; everyone signed up is e-mailed the reason.
#[utoipa::path(post, path = "/api/v1/recruitments/{id}/cancel", operation_id = "cancel_recruitment", tag = "recruitments",
    description = "Roles: hr. Any status but closed/cancelled → cancelled, with a reason.", params(("id" = String, Path, description = "Recruitment id")),
    request_body = RecruitmentReasonInput, security(("bearer" = [])),
    responses((status = 200, body = RecruitmentView), (status = 400, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn cancel(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: crate::http::json::Json<RecruitmentReasonInput>,
) -> AppResult<web::Json<RecruitmentView>> {
    auth.require(HR)?;
    let body = body.accept()?;
    let reason = body.into_inner().reason;
    act(
        state,
        auth,
        ip,
        path.into_inner(),
        RecruitmentAction::Cancel,
        Some(reason),
    )
    .await
}

/// Issue admission tickets to every approved candidate who has none yet.
#[utoipa::path(post, path = "/api/v1/recruitments/{id}/tickets", operation_id = "issue_recruitment_tickets", tag = "recruitments",
    description = "Roles: hr. Sign-up closed and no sign-up waiting for review; repeatable (issues only what is missing).",
    params(("id" = String, Path, description = "Recruitment id")), security(("bearer" = [])),
    responses((status = 200, body = TicketsIssued), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn issue_tickets(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
) -> AppResult<web::Json<TicketsIssued>> {
    auth.require(HR)?;
    let (id, actor) = (path.into_inner(), auth.clone());
    let out = state
        .operate_as(&auth, ip, move |conn, ctx| ops::issue_tickets(conn, ctx, &actor, &id))
        .await?;
    Ok(web::Json(out))
}

/// Scan a ticket at the exam room.
#[utoipa::path(post, path = "/api/v1/recruitments/{id}/check-in", operation_id = "recruitment_check_in", tag = "recruitments",
    description = "Roles: hr, admin. A second scan answers first_scan: false and changes nothing.",
    params(("id" = String, Path, description = "Recruitment id")), request_body = RecruitmentCheckInInput, security(("bearer" = [])),
    responses((status = 200, body = RecruitmentCheckIn), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn check_in(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: crate::http::json::Json<RecruitmentCheckInInput>,
) -> AppResult<web::Json<RecruitmentCheckIn>> {
    auth.require(STAFF)?;
    let body = body.accept()?;
    let (id, code, actor) = (path.into_inner(), body.into_inner().ticket_code, auth.clone());
    let out = state
        .operate_as(&auth, ip, move |conn, ctx| ops::check_in(conn, ctx, &actor, &id, &code))
        .await?;
    Ok(web::Json(out))
}
