//! Sign-ups: the applicant signs up, withdraws, resubmits and reads the ticket; HR reviews each
//! in the queue of its post. Every action is its own POST.

use crate::auth::{AuthUser, ClientIp, Role};
use crate::db::DbConn;
use crate::error::{AppError, AppResult, Problem};
use crate::operation::Ctx;
use crate::pagination::Paging;
use crate::recruitments::models::{
    ApplicationFilter, ApplicationRow, RecruitmentApplicationPage, RecruitmentApplicationView, RecruitmentHistoryEntry,
    RecruitmentSignupInput, ReviewReasonInput, TicketView,
};
use crate::recruitments::ops::{self, is_staff, Decision, HR, STAFF};
use crate::recruitments::{queries, views};
use crate::state::AppState;
use actix_web::{web, HttpResponse};

type Op = dyn FnOnce(&mut DbConn, &mut Ctx, &AuthUser) -> AppResult<ApplicationRow> + Send;

/// Run one operation on a sign-up as the caller and answer with the sign-up.
async fn run(
    state: &AppState,
    auth: AuthUser,
    ip: ClientIp,
    roles: &[Role],
    op: Box<Op>,
) -> AppResult<web::Json<RecruitmentApplicationView>> {
    auth.require(roles)?;
    let (actor, now) = (auth.clone(), state.clock.now());
    let view = state
        .operate_as(&auth, ip, move |conn, ctx| {
            let row = op(conn, ctx, &actor)?;
            views::application(conn, &row, &actor, now)
        })
        .await?;
    Ok(web::Json(view))
}

/// A sign-up the caller may see: their own, or any for staff.
fn readable(conn: &mut DbConn, auth: &AuthUser, id: &str) -> AppResult<ApplicationRow> {
    queries::application(conn, id)?
        .filter(|a| is_staff(Some(auth)) || a.applicant_id == auth.id)
        .ok_or_else(AppError::not_found)
}

/// Sign up for a post.
#[utoipa::path(post, path = "/api/v1/recruitments/{id}/posts/{post_id}/applications", operation_id = "sign_up_recruitment_post", tag = "recruitments",
    description = "Roles: applicant. One live sign-up per recruitment (409 duplicate_application); a complete profile (409 profile_incomplete); every requirement met (409 not_eligible lists each unmet one); files naming a diploma, an ID scan (id_card) and a photo among the applicant's attachments (400).",
    params(("id" = String, Path, description = "Recruitment id"), ("post_id" = String, Path, description = "Post id")),
    request_body = RecruitmentSignupInput, security(("bearer" = [])),
    responses((status = 201, body = RecruitmentApplicationView), (status = 400, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn sign_up(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<(String, String)>,
    body: crate::http::json::Json<RecruitmentSignupInput>,
) -> AppResult<HttpResponse> {
    auth.require(&[Role::Applicant])?;
    let body = body.accept()?;
    let ((rid, pid), input, cipher) = (path.into_inner(), body.into_inner(), state.cipher.clone());
    let view = run(
        &state,
        auth,
        ip,
        &[Role::Applicant],
        Box::new(move |c, x, a| ops::sign_up(c, x, a, &cipher, &rid, &pid, &input)),
    )
    .await?;
    Ok(HttpResponse::Created().json(view.into_inner()))
}

/// My sign-ups, newest first.
#[utoipa::path(get, path = "/api/v1/me/recruitment-applications", operation_id = "my_recruitment_applications", tag = "recruitments",
    description = "Roles: applicant.", params(ApplicationFilter), security(("bearer" = [])),
    responses((status = 200, body = RecruitmentApplicationPage), (status = 403, body = Problem)))]
pub async fn mine(
    state: web::Data<AppState>,
    auth: AuthUser,
    filter: web::Query<ApplicationFilter>,
) -> AppResult<web::Json<RecruitmentApplicationPage>> {
    auth.require(&[Role::Applicant])?;
    let filter = filter.into_inner();
    let paging = Paging::new(filter.page, filter.per_page);
    let now = state.clock.now();
    let page = state
        .db
        .run(move |conn| {
            let (rows, total) = queries::mine(conn, &auth.id, filter.status, paging)?;
            let items = rows
                .iter()
                .map(|r| views::application(conn, r, &auth, now))
                .collect::<AppResult<_>>()?;
            Ok(RecruitmentApplicationPage::new(items, total, paging))
        })
        .await?;
    Ok(web::Json(page))
}

/// The review queue of a post, oldest first.
#[utoipa::path(get, path = "/api/v1/recruitment-posts/{id}/applications", operation_id = "recruitment_post_queue", tag = "recruitments",
    description = "Roles: hr, admin.", params(("id" = String, Path, description = "Post id"), ApplicationFilter), security(("bearer" = [])),
    responses((status = 200, body = RecruitmentApplicationPage), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn queue(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
    filter: web::Query<ApplicationFilter>,
) -> AppResult<web::Json<RecruitmentApplicationPage>> {
    auth.require(STAFF)?;
    let (id, filter, now) = (path.into_inner(), filter.into_inner(), state.clock.now());
    let paging = Paging::new(filter.page, filter.per_page);
    let page = state
        .db
        .run(move |conn| {
            let post = queries::post_or_404(conn, &id)?;
            let (rows, total) = queries::queue(conn, &post.id, filter.status, paging)?;
            let items = rows
                .iter()
                .map(|r| views::application(conn, r, &auth, now))
                .collect::<AppResult<_>>()?;
            Ok(RecruitmentApplicationPage::new(items, total, paging))
        })
        .await?;
    Ok(web::Json(page))
}

/// One sign-up.
#[utoipa::path(get, path = "/api/v1/recruitment-applications/{id}", operation_id = "get_recruitment_application", tag = "recruitments",
    description = "Roles: its applicant; hr, admin.", params(("id" = String, Path, description = "Sign-up id")), security(("bearer" = [])),
    responses((status = 200, body = RecruitmentApplicationView), (status = 404, body = Problem)))]
pub async fn get(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
) -> AppResult<web::Json<RecruitmentApplicationView>> {
    let (id, now) = (path.into_inner(), state.clock.now());
    let view = state
        .db
        .run(move |conn| {
            let row = readable(conn, &auth, &id)?;
            views::application(conn, &row, &auth, now)
        })
        .await?;
    Ok(web::Json(view))
}

/// Every step of a sign-up.
#[utoipa::path(get, path = "/api/v1/recruitment-applications/{id}/history", operation_id = "recruitment_application_history", tag = "recruitments",
    description = "Roles: its applicant; hr, admin (with who acted).", params(("id" = String, Path, description = "Sign-up id")), security(("bearer" = [])),
    responses((status = 200, body = Vec<RecruitmentHistoryEntry>), (status = 404, body = Problem)))]
pub async fn history(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
) -> AppResult<web::Json<Vec<RecruitmentHistoryEntry>>> {
    let id = path.into_inner();
    let entries = state
        .db
        .run(move |conn| {
            let row = readable(conn, &auth, &id)?;
            let staff = is_staff(Some(&auth));
            queries::events(conn, &row.id)?
                .iter()
                .map(|e| views::history_entry(e, staff))
                .collect()
        })
        .await?;
    Ok(web::Json(entries))
}

/// The admission ticket (准考证) of a sign-up, for printing.
#[utoipa::path(get, path = "/api/v1/recruitment-applications/{id}/ticket", operation_id = "recruitment_ticket", tag = "recruitments",
    description = "Roles: its applicant; hr, admin. 404 until a ticket is issued.", params(("id" = String, Path, description = "Sign-up id")),
    security(("bearer" = [])), responses((status = 200, body = TicketView), (status = 404, body = Problem)))]
pub async fn ticket(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
) -> AppResult<web::Json<TicketView>> {
    let id = path.into_inner();
    let view = state
        .db
        .run(move |conn| {
            let row = readable(conn, &auth, &id)?;
            views::ticket(conn, &row)
        })
        .await?;
    Ok(web::Json(view))
}

/// Withdraw while sign-up is open (then another post may be chosen).
#[utoipa::path(post, path = "/api/v1/recruitment-applications/{id}/withdraw", operation_id = "withdraw_recruitment_application", tag = "recruitments",
    description = "Roles: its applicant; before HR approves, while sign-up is open.", params(("id" = String, Path, description = "Sign-up id")),
    security(("bearer" = [])), responses((status = 200, body = RecruitmentApplicationView), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn withdraw(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
) -> AppResult<web::Json<RecruitmentApplicationView>> {
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

/// Resubmit a returned sign-up with the missing material.
#[utoipa::path(post, path = "/api/v1/recruitment-applications/{id}/resubmit", operation_id = "resubmit_recruitment_application", tag = "recruitments",
    description = "Roles: its applicant; before the review ends. Empty files keeps the files attached.",
    params(("id" = String, Path, description = "Sign-up id")), request_body = RecruitmentSignupInput, security(("bearer" = [])),
    responses((status = 200, body = RecruitmentApplicationView), (status = 400, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn resubmit(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: crate::http::json::Json<RecruitmentSignupInput>,
) -> AppResult<web::Json<RecruitmentApplicationView>> {
    auth.require(&[Role::Applicant])?;
    let body = body.accept()?;
    let (id, input, cipher) = (path.into_inner(), body.into_inner(), state.cipher.clone());
    run(
        &state,
        auth,
        ip,
        &[Role::Applicant],
        Box::new(move |c, x, a| ops::resubmit(c, x, a, &cipher, &id, &input)),
    )
    .await
}

/// Approve: qualified.
#[utoipa::path(post, path = "/api/v1/recruitment-applications/{id}/approve", operation_id = "approve_recruitment_application", tag = "recruitments",
    description = "Roles: hr. Submitted or resubmitted sign-ups, before tickets.", params(("id" = String, Path, description = "Sign-up id")),
    security(("bearer" = [])), responses((status = 200, body = RecruitmentApplicationView), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn approve(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
) -> AppResult<web::Json<RecruitmentApplicationView>> {
    let id = path.into_inner();
    run(
        &state,
        auth,
        ip,
        HR,
        Box::new(move |c, x, a| ops::review(c, x, a, &id, Decision::Approve)),
    )
    .await
}

/// Reject: not qualified, with the reason.
#[utoipa::path(post, path = "/api/v1/recruitment-applications/{id}/reject", operation_id = "reject_recruitment_application", tag = "recruitments",
    description = "Roles: hr.", params(("id" = String, Path, description = "Sign-up id")), request_body = ReviewReasonInput, security(("bearer" = [])),
    responses((status = 200, body = RecruitmentApplicationView), (status = 400, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn reject(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: crate::http::json::Json<ReviewReasonInput>,
) -> AppResult<web::Json<RecruitmentApplicationView>> {
    auth.require(HR)?;
    let body = body.accept()?;
    let (id, reason) = (path.into_inner(), body.into_inner().reason);
    run(
        &state,
        auth,
        ip,
        HR,
        Box::new(move |c, x, a| ops::review(c, x, a, &id, Decision::Reject(reason))),
    )
    .await
}

/// Return for missing material, with the reason.
#[utoipa::path(post, path = "/api/v1/recruitment-applications/{id}/return", operation_id = "return_recruitment_application", tag = "recruitments",
    description = "Roles: hr.", params(("id" = String, Path, description = "Sign-up id")), request_body = ReviewReasonInput, security(("bearer" = [])),
    responses((status = 200, body = RecruitmentApplicationView), (status = 400, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn return_for_more(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: crate::http::json::Json<ReviewReasonInput>,
) -> AppResult<web::Json<RecruitmentApplicationView>> {
    auth.require(HR)?;
    let body = body.accept()?;
    let (id, reason) = (path.into_inner(), body.into_inner().reason);
    run(
        &state,
        auth,
        ip,
        HR,
        Box::new(move |c, x, a| ops::review(c, x, a, &id, Decision::Return(reason))),
    )
    .await
}
