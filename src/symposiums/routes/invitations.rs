//! Invitations: HR invites from the pool by filter (with a count preview), lists the invitees and
//! records attendance; the invitee answers and sees their symposiums.

use crate::auth::{AuthUser, ClientIp, Role};
use crate::error::{AppError, AppResult, Problem};
use crate::pagination::Paging;
use crate::state::AppState;
use crate::symposiums::models::{
    AttendanceInput, InvitationPage, InviteFilter, InvitePreview, InviteResult, MySymposiumPage, PageQuery, RsvpInput,
    SymposiumView,
};
use crate::symposiums::ops::{self, ORGANISERS};
use crate::symposiums::queries;
use actix_web::{web, HttpResponse};

/// The invitations of a symposium, in the order sent.
#[utoipa::path(get, path = "/api/v1/symposiums/{id}/invitations", operation_id = "list_symposium_invitations", tag = "symposiums", description = "Roles: hr, admin.",
    params(("id" = String, Path, description = "Symposium id"), PageQuery), security(("bearer" = [])),
    responses((status = 200, body = InvitationPage), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn list(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
    query: web::Query<PageQuery>,
) -> AppResult<web::Json<InvitationPage>> {
    auth.require(ORGANISERS)?;
    let id = path.into_inner();
    let paging = Paging::new(query.page, query.per_page);
    let page = state
        .db
        .run(move |conn| {
            queries::symposium(conn, &id)?.ok_or_else(AppError::not_found)?;
            let (items, total) = queries::invitations(conn, &id, paging)?;
            Ok(InvitationPage::new(items, total, paging))
        })
        .await?;
    Ok(web::Json(page))
}

/// How many people an invitation round with this talent-pool filter would reach.
#[utoipa::path(get, path = "/api/v1/symposiums/{id}/invite-preview", operation_id = "preview_symposium_invitations", tag = "symposiums", description = "Roles: hr, admin.",
    params(("id" = String, Path, description = "Symposium id"), InviteFilter), security(("bearer" = [])),
    responses((status = 200, body = InvitePreview), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn preview(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
    filter: web::Query<InviteFilter>,
) -> AppResult<web::Json<InvitePreview>> {
    auth.require(ORGANISERS)?;
    let (id, filter) = (path.into_inner(), filter.into_inner());
    let preview = state.db.run(move |conn| ops::preview(conn, &id, &filter)).await?;
    Ok(web::Json(preview))
}

/// Invite everyone matching the talent-pool filter who is not invited yet, and mail them.
#[utoipa::path(post, path = "/api/v1/symposiums/{id}/invitations", operation_id = "invite_to_symposium", tag = "symposiums",
    description = "Roles: hr, admin. draft|invited; the first round moves a draft to invited. All or nothing within the capacity.",
    params(("id" = String, Path, description = "Symposium id")), request_body = InviteFilter, security(("bearer" = [])),
    responses((status = 201, body = InviteResult), (status = 400, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn invite(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: crate::http::json::Json<InviteFilter>,
) -> AppResult<HttpResponse> {
    auth.require(ORGANISERS)?;
    let (id, filter, actor) = (path.into_inner(), body.accept()?.into_inner(), auth.clone());
    let result = state
        .operate_as(&auth, ip, move |conn, ctx| ops::invite(conn, ctx, &actor, &id, &filter))
        .await?;
    Ok(HttpResponse::Created().json(result))
}

/// Record who attended a held symposium.
#[utoipa::path(put, path = "/api/v1/symposiums/{id}/attendance", operation_id = "record_symposium_attendance", tag = "symposiums", description = "Roles: hr, admin. Only when held; all entries or none.",
    params(("id" = String, Path, description = "Symposium id")), request_body = AttendanceInput, security(("bearer" = [])),
    responses((status = 200, body = SymposiumView), (status = 400, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn attendance(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: crate::http::json::Json<AttendanceInput>,
) -> AppResult<web::Json<SymposiumView>> {
    auth.require(ORGANISERS)?;
    let (id, input) = (path.into_inner(), body.accept()?.into_inner());
    let view = state
        .operate_as(&auth, ip, move |conn, ctx| {
            ops::record_attendance(conn, ctx, &id, &input)
        })
        .await?;
    Ok(web::Json(view))
}

/// Answer my invitation (accepted or declined) while the symposium is open for answers.
#[utoipa::path(post, path = "/api/v1/symposium-invitations/{id}/rsvp", operation_id = "rsvp_symposium_invitation", tag = "symposiums",
    description = "Roles: applicant (the invitee only; anyone else gets 404).",
    params(("id" = String, Path, description = "Invitation id")), request_body = RsvpInput, security(("bearer" = [])),
    responses((status = 204), (status = 400, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn rsvp(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: crate::http::json::Json<RsvpInput>,
) -> AppResult<HttpResponse> {
    auth.require(&[Role::Applicant])?;
    let (id, input, actor) = (path.into_inner(), body.accept()?.into_inner(), auth.clone());
    state
        .operate_as(&auth, ip, move |conn, ctx| {
            ops::rsvp(conn, ctx, &actor, &id, input.response)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// My symposium invitations, latest symposium first, with attendance and (if I attended) the summary.
#[utoipa::path(get, path = "/api/v1/me/symposiums", operation_id = "my_symposiums", tag = "symposiums", description = "Roles: applicant.",
    params(PageQuery), security(("bearer" = [])),
    responses((status = 200, body = MySymposiumPage), (status = 403, body = Problem)))]
pub async fn mine(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<PageQuery>,
) -> AppResult<web::Json<MySymposiumPage>> {
    auth.require(&[Role::Applicant])?;
    let paging = Paging::new(query.page, query.per_page);
    let page = state
        .db
        .run(move |conn| {
            let (items, total) = queries::mine(conn, &auth.id, paging)?;
            Ok(MySymposiumPage::new(items, total, paging))
        })
        .await?;
    Ok(web::Json(page))
}
