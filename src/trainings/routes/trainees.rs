//! Trainees: HR's list (an employer sees its own nominees), sign-up by applicants, nomination by
//! partner enterprises, check-in at a session, my trainings and the public certificate check.

use crate::auth::{AuthUser, ClientIp, Role};
use crate::error::{AppResult, Problem};
use crate::pagination::Paging;
use crate::state::AppState;
use crate::trainings::models::{
    CertificateView, MyTrainingPage, NominationInput, TraineePage, TraineeQuery, TraineeView, TrainingCheckInInput,
    TrainingCheckInResult,
};
use crate::trainings::ops::{self, ORGANISERS};
use crate::trainings::queries;
use actix_web::{web, HttpResponse};

/// The trainees of a course in the order taken; an employer sees only those it nominated.
#[utoipa::path(get, path = "/api/v1/trainings/{id}/trainees", operation_id = "list_training_trainees", tag = "trainings", description = "Roles: hr, admin, employer (own nominees).",
    params(("id" = String, Path, description = "Course id"), TraineeQuery), security(("bearer" = [])),
    responses((status = 200, body = TraineePage), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn list(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
    query: web::Query<TraineeQuery>,
) -> AppResult<web::Json<TraineePage>> {
    auth.require(&[Role::Hr, Role::Admin, Role::Employer])?;
    let id = path.into_inner();
    let paging = Paging::new(query.page, query.per_page);
    let page = state
        .db
        .run(move |conn| {
            ops::visible(conn, &auth, &id)?;
            let own = match auth.role {
                Role::Employer => Some(queries::enterprises_of(conn, &auth.id)?),
                _ => None,
            };
            let (rows, total) = queries::trainees_of(conn, &id, own.as_deref(), paging)?;
            Ok(TraineePage::new(ops::trainee_views(conn, rows)?, total, paging))
        })
        .await?;
    Ok(web::Json(page))
}

/// Sign up for a published course with my profile's name and ID.
#[utoipa::path(post, path = "/api/v1/trainings/{id}/sign-up", operation_id = "sign_up_for_training", tag = "trainings",
    description = "Roles: applicant. 409 capacity_full, already_registered, signup_closed, profile_incomplete.",
    params(("id" = String, Path, description = "Course id")), security(("bearer" = [])),
    responses((status = 201, body = TraineeView), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn sign_up(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    auth.require(&[Role::Applicant])?;
    let (id, me) = (path.into_inner(), auth.clone());
    let view = state
        .operate_as(&auth, ip, move |conn, ctx| ops::sign_up(conn, ctx, &me, &id))
        .await?;
    Ok(HttpResponse::Created().json(view))
}

/// Nominate a staff member of my partner enterprise: an applicant account by e-mail, or name and ID.
#[utoipa::path(post, path = "/api/v1/trainings/{id}/nominations", operation_id = "nominate_for_training", tag = "trainings",
    description = "Roles: employer (of a partner enterprise of the course). 409 capacity_full, already_registered, signup_closed.",
    params(("id" = String, Path, description = "Course id")), request_body = NominationInput, security(("bearer" = [])),
    responses((status = 201, body = TraineeView), (status = 400, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn nominate(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: crate::http::json::Json<NominationInput>,
) -> AppResult<HttpResponse> {
    auth.require(&[Role::Employer])?;
    let body = body.accept()?.into_inner();
    let (id, me, cipher) = (path.into_inner(), auth.clone(), state.cipher.clone());
    let view = state
        .operate_as(&auth, ip, move |conn, ctx| {
            ops::nominate(conn, ctx, &cipher, &me, &id, &body)
        })
        .await?;
    Ok(HttpResponse::Created().json(view))
}

/// Check a trainee's ticket in at a session; a second scan changes nothing and says so.
#[utoipa::path(post, path = "/api/v1/trainings/{id}/sessions/{session_id}/check-in", operation_id = "check_in_training", tag = "trainings",
    description = "Roles: hr, admin. While published or closed.",
    params(("id" = String, Path, description = "Course id"), ("session_id" = String, Path, description = "Session id")),
    request_body = TrainingCheckInInput, security(("bearer" = [])),
    responses((status = 200, body = TrainingCheckInResult), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn check_in(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<(String, String)>,
    body: crate::http::json::Json<TrainingCheckInInput>,
) -> AppResult<web::Json<TrainingCheckInResult>> {
    auth.require(ORGANISERS)?;
    let code = body.accept()?.into_inner().code;
    let ((id, session), actor) = (path.into_inner(), auth.clone());
    let result = state
        .operate_as(&auth, ip, move |conn, ctx| {
            ops::check_in(conn, ctx, &actor, &id, &session, &code)
        })
        .await?;
    Ok(web::Json(result))
}

/// My trainings with tickets, hours and certificates, newest first.
#[utoipa::path(get, path = "/api/v1/me/trainings", operation_id = "my_trainings", tag = "trainings", description = "Roles: applicant.",
    params(TraineeQuery), security(("bearer" = [])),
    responses((status = 200, body = MyTrainingPage), (status = 403, body = Problem)))]
pub async fn mine(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<TraineeQuery>,
) -> AppResult<web::Json<MyTrainingPage>> {
    auth.require(&[Role::Applicant])?;
    let paging = Paging::new(query.page, query.per_page);
    let page = state
        .db
        .run(move |conn| {
            let (items, total) = ops::mine(conn, &auth.id, paging)?;
            Ok(MyTrainingPage::new(items, total, paging))
        })
        .await?;
    Ok(web::Json(page))
}

/// Check a completion certificate by its verification code (public; the holder's name masked).
#[utoipa::path(get, path = "/api/v1/training-certificates/{code}", operation_id = "verify_training_certificate", tag = "trainings",
    description = "Public. 404 for an unknown code.",
    params(("code" = String, Path, description = "Verification code")),
    responses((status = 200, body = CertificateView), (status = 404, body = Problem)))]
pub async fn certificate(state: web::Data<AppState>, path: web::Path<String>) -> AppResult<web::Json<CertificateView>> {
    let code = path.into_inner();
    let view = state.db.run(move |conn| ops::certificate(conn, &code)).await?;
    Ok(web::Json(view))
}
