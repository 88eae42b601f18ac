//! Posts of a recruitment: HR writes them while the recruitment is a draft, cuts or reduces them
//! during the review; everyone reads them with their requirements; applicants pre-check them.

use crate::auth::{AuthUser, ClientIp, Role};
use crate::error::{AppError, AppResult, Problem};
use crate::recruitments::models::{CutInput, HeadcountInput, PostInput, PostView, PrecheckView};
use crate::recruitments::ops::{self, is_staff, HR};
use crate::recruitments::{queries, views};
use crate::state::AppState;
use actix_web::{web, HttpResponse};

/// The posts of a recruitment, by post code; staff also see the review counts (报名比例).
#[utoipa::path(get, path = "/api/v1/recruitments/{id}/posts", operation_id = "list_recruitment_posts", tag = "recruitments",
    description = "Roles: anyone for published and later recruitments; hr/admin for drafts and the counts.",
    params(("id" = String, Path, description = "Recruitment id")), responses((status = 200, body = Vec<PostView>), (status = 404, body = Problem)))]
pub async fn list(
    state: web::Data<AppState>,
    auth: Option<AuthUser>,
    path: web::Path<String>,
) -> AppResult<web::Json<Vec<PostView>>> {
    let id = path.into_inner();
    let views = state
        .db
        .run(move |conn| {
            let r = ops::visible(conn, auth.as_ref(), &id)?;
            let staff = is_staff(auth.as_ref());
            queries::posts(conn, &r.id)?
                .iter()
                .map(|p| views::post(conn, p, staff))
                .collect::<AppResult<Vec<_>>>()
        })
        .await?;
    Ok(web::Json(views))
}

/// Add a post to a draft recruitment.
#[utoipa::path(post, path = "/api/v1/recruitments/{id}/posts", operation_id = "create_recruitment_post", tag = "recruitments",
    description = "Roles: hr. Draft recruitments only; post codes are unique in the recruitment.",
    params(("id" = String, Path, description = "Recruitment id")), request_body = PostInput, security(("bearer" = [])),
    responses((status = 201, body = PostView), (status = 400, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn create(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: crate::http::json::Json<PostInput>,
) -> AppResult<HttpResponse> {
    auth.require(HR)?;
    let body = body.accept()?;
    let (id, input) = (path.into_inner(), body.into_inner());
    let view = state
        .operate_as(&auth, ip, move |conn, ctx| {
            let row = ops::create_post(conn, ctx, &id, &input)?;
            views::post(conn, &row, true)
        })
        .await?;
    Ok(HttpResponse::Created().json(view))
}

/// Rewrite a post of a draft recruitment.
#[utoipa::path(patch, path = "/api/v1/recruitment-posts/{id}", operation_id = "update_recruitment_post", tag = "recruitments",
    description = "Roles: hr. Draft recruitments only (the whole post).", params(("id" = String, Path, description = "Post id")),
    request_body = PostInput, security(("bearer" = [])),
    responses((status = 200, body = PostView), (status = 400, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn update(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: crate::http::json::Json<PostInput>,
) -> AppResult<web::Json<PostView>> {
    auth.require(HR)?;
    let body = body.accept()?;
    let (id, input) = (path.into_inner(), body.into_inner());
    let view = state
        .operate_as(&auth, ip, move |conn, ctx| {
            let row = ops::update_post(conn, ctx, &id, &input)?;
            views::post(conn, &row, true)
        })
        .await?;
    Ok(web::Json(view))
}

/// Remove a post of a draft recruitment.
#[utoipa::path(delete, path = "/api/v1/recruitment-posts/{id}", operation_id = "delete_recruitment_post", tag = "recruitments",
    description = "Roles: hr. Draft recruitments only.", params(("id" = String, Path, description = "Post id")), security(("bearer" = [])),
    responses((status = 204), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn delete(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    auth.require(HR)?;
    let id = path.into_inner();
    state
        .operate_as(&auth, ip, move |conn, ctx| ops::delete_post(conn, ctx, &id))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Cut a post: its sign-ups end and each applicant is e-mailed.
#[utoipa::path(post, path = "/api/v1/recruitment-posts/{id}/cut", operation_id = "cut_recruitment_post", tag = "recruitments",
    description = "Roles: hr. During sign-up and review, before tickets.", params(("id" = String, Path, description = "Post id")),
    request_body = CutInput, security(("bearer" = [])),
    responses((status = 200, body = PostView), (status = 400, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn cut(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: crate::http::json::Json<CutInput>,
) -> AppResult<web::Json<PostView>> {
    auth.require(HR)?;
    let body = body.accept()?;
    let (id, reason, actor) = (path.into_inner(), body.into_inner().reason, auth.clone());
    let view = state
        .operate_as(&auth, ip, move |conn, ctx| {
            let row = ops::cut_post(conn, ctx, &actor, &id, &reason)?;
            views::post(conn, &row, true)
        })
        .await?;
    Ok(web::Json(view))
}

/// Lower a post's headcount; its applicants are e-mailed.
#[utoipa::path(post, path = "/api/v1/recruitment-posts/{id}/headcount", operation_id = "reduce_recruitment_post", tag = "recruitments",
    description = "Roles: hr. During sign-up and review, before tickets; only lower.", params(("id" = String, Path, description = "Post id")),
    request_body = HeadcountInput, security(("bearer" = [])),
    responses((status = 200, body = PostView), (status = 400, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn reduce(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: crate::http::json::Json<HeadcountInput>,
) -> AppResult<web::Json<PostView>> {
    auth.require(HR)?;
    let body = body.accept()?;
    let (id, input, actor) = (path.into_inner(), body.into_inner(), auth.clone());
    let view = state
        .operate_as(&auth, ip, move |conn, ctx| {
            let row = ops::reduce_headcount(conn, ctx, &actor, &id, input.headcount, &input.reason)?;
            views::post(conn, &row, true)
        })
        .await?;
    Ok(web::Json(view))
}

/// Which of a post's requirements I meet, one by one.
#[utoipa::path(get, path = "/api/v1/recruitments/{id}/posts/{post_id}/precheck", operation_id = "precheck_recruitment_post", tag = "recruitments",
    description = "Roles: applicant.", params(("id" = String, Path, description = "Recruitment id"), ("post_id" = String, Path, description = "Post id")),
    security(("bearer" = [])), responses((status = 200, body = PrecheckView), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn precheck(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<(String, String)>,
) -> AppResult<web::Json<PrecheckView>> {
    auth.require(&[Role::Applicant])?;
    let ((rid, pid), cipher) = (path.into_inner(), state.cipher.clone());
    let today = crate::time::local_date(state.clock.now());
    let view = state
        .db
        .run(move |conn| {
            let r = ops::visible(conn, Some(&auth), &rid)?;
            let post = queries::post(conn, &pid)?
                .filter(|p| p.recruitment_id == r.id)
                .ok_or_else(AppError::not_found)?;
            ops::precheck(conn, &cipher, &post, &auth.id, today)
        })
        .await?;
    Ok(web::Json(view))
}
