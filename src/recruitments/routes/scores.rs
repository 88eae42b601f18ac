//! Written scores: HR enters one or imports a file (all or nothing), then publishes; candidates
//! read their score and rank once published.

use crate::auth::{AuthUser, ClientIp};
use crate::error::{AppResult, Problem};
use crate::http::upload::read_file;
use crate::recruitments::models::{
    RecruitmentView, WrittenImportOutcome, WrittenResultView, WrittenScoreInput, WrittenScoreView,
};
use crate::recruitments::ops::{self, is_staff, HR};
use crate::recruitments::{queries, views};
use crate::state::AppState;
use actix_multipart::Multipart;
use actix_web::web;

/// Largest score file accepted.
const MAX_FILE: usize = 16 << 20;

/// Enter one candidate's written score (or mark them absent), replacing what was recorded.
#[utoipa::path(post, path = "/api/v1/recruitments/{id}/written-scores", operation_id = "enter_recruitment_written_score", tag = "recruitments",
    description = "Roles: hr. After tickets are issued, until the scores are published (409). `written_x100` 0–10000, or `absent: true` without it (400). 404 for an exam number no ticketed candidate holds.",
    params(("id" = String, Path, description = "Recruitment id")), request_body = WrittenScoreInput, security(("bearer" = [])),
    responses((status = 200, body = WrittenScoreView), (status = 400, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn enter(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: crate::http::json::Json<WrittenScoreInput>,
) -> AppResult<web::Json<WrittenScoreView>> {
    auth.require(HR)?;
    let body = body.accept()?;
    let (id, input) = (path.into_inner(), body.into_inner());
    let out = state
        .operate_as(&auth, ip, move |conn, ctx| ops::enter_written(conn, ctx, &id, &input))
        .await?;
    Ok(web::Json(out))
}

/// Import written scores (XLSX, or CSV in UTF-8 or GBK; columns 准考证号, 成绩, 缺考): all or none.
#[utoipa::path(post, path = "/api/v1/recruitments/{id}/written-scores/import", operation_id = "import_recruitment_written_scores", tag = "recruitments",
    description = "Roles: hr. multipart/form-data with `file` (at most 16 MiB). One bad row refuses the file: 422 file_rejected lists every bad row and nothing is written. Same window as entering a score (409).",
    params(("id" = String, Path, description = "Recruitment id")),
    request_body(content = crate::http::upload::FileForm, content_type = "multipart/form-data"), security(("bearer" = [])),
    responses((status = 200, body = WrittenImportOutcome), (status = 404, body = Problem), (status = 409, body = Problem), (status = 413, body = Problem), (status = 422, body = Problem)))]
pub async fn import(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    payload: Multipart,
) -> AppResult<web::Json<WrittenImportOutcome>> {
    auth.require(HR)?;
    let bytes = read_file(payload, MAX_FILE).await?;
    let id = path.into_inner();
    let out = state
        .operate_as(&auth, ip, move |conn, ctx| ops::import_written(conn, ctx, &id, &bytes))
        .await?;
    Ok(web::Json(out))
}

/// Publish the written scores: ranks within each post, mail to every candidate.
#[utoipa::path(post, path = "/api/v1/recruitments/{id}/publish-written", operation_id = "publish_recruitment_written", tag = "recruitments",
    description = "Roles: hr. Every ticketed candidate needs a score or the absent mark (409). signup_closed → written_done (a recruitment already written_done stays); once only (409).",
    params(("id" = String, Path, description = "Recruitment id")), security(("bearer" = [])),
    responses((status = 200, body = RecruitmentView), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn publish(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
) -> AppResult<web::Json<RecruitmentView>> {
    auth.require(HR)?;
    let (id, hr, now) = (path.into_inner(), auth.clone(), state.clock.now());
    let view = state
        .operate_as(&auth, ip, move |conn, ctx| {
            let row = ops::publish_written(conn, ctx, &hr, &id)?;
            views::recruitment(&row, true, now)
        })
        .await?;
    Ok(web::Json(view))
}

/// The written result of a sign-up: score and rank in the post once HR has published them.
#[utoipa::path(get, path = "/api/v1/recruitment-applications/{id}/result", operation_id = "recruitment_written_result", tag = "recruitments",
    description = "Roles: its applicant (empty with published: false until HR publishes); hr, admin (always).",
    params(("id" = String, Path, description = "Sign-up id")), security(("bearer" = [])),
    responses((status = 200, body = WrittenResultView), (status = 404, body = Problem)))]
pub async fn result(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
) -> AppResult<web::Json<WrittenResultView>> {
    let id = path.into_inner();
    let view = state
        .db
        .run(move |conn| {
            let row = queries::application(conn, &id)?
                .filter(|a| is_staff(Some(&auth)) || a.applicant_id == auth.id)
                .ok_or_else(crate::error::AppError::not_found)?;
            views::written_result(conn, &row, &auth)
        })
        .await?;
    Ok(web::Json(view))
}
