//! Candidacies: the applicant applies and withdraws; HR enters villagers, recommends and records
//! the admission result.

use crate::auth::{AuthUser, ClientIp, Role};
use crate::error::{AppResult, Problem};
use crate::pagination::Paging;
use crate::state::AppState;
use crate::village_plan::models::{
    AdmitInput, ApplyInput, CandidateAction, CandidateFilter, CandidateInput, CandidatePage, CandidateView, ReasonInput,
};
use crate::village_plan::ops::{self, Details};
use crate::village_plan::queries;
use crate::village_plan::routes::rounds::STAFF;
use actix_web::{web, HttpResponse};

/// A round's candidacies, newest first.
#[utoipa::path(get, path = "/api/v1/village-plan/rounds/{id}/candidates", operation_id = "list_village_plan_candidates", tag = "village_plan",
    description = "Roles: hr, admin.", params(("id" = String, Path, description = "Round id"), CandidateFilter), security(("bearer" = [])),
    responses((status = 200, body = CandidatePage), (status = 404, body = Problem)))]
pub async fn list(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
    filter: web::Query<CandidateFilter>,
) -> AppResult<web::Json<CandidatePage>> {
    auth.require(STAFF)?;
    let (id, filter) = (path.into_inner(), filter.into_inner());
    let paging = Paging::new(filter.page, filter.per_page);
    let page = state
        .db
        .run(move |conn| {
            queries::round_or_404(conn, &id)?;
            let (rows, total) = queries::candidates(conn, &id, &filter, paging)?;
            Ok(CandidatePage::new(queries::views(conn, rows)?, total, paging))
        })
        .await?;
    Ok(web::Json(page))
}

/// Apply to an open round with my village (name, ID number and phone come from my profile).
#[utoipa::path(post, path = "/api/v1/village-plan/rounds/{id}/apply", operation_id = "apply_village_plan", tag = "village_plan",
    description = "Roles: applicant. 409 already_registered (one candidacy per person and round), signup_closed, profile_incomplete.",
    params(("id" = String, Path, description = "Round id")), request_body = ApplyInput, security(("bearer" = [])),
    responses((status = 201, body = CandidateView), (status = 400, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn apply(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: crate::http::json::Json<ApplyInput>,
) -> AppResult<HttpResponse> {
    auth.require(&[Role::Applicant])?;
    let body = body.accept()?;
    let (id, me) = (path.into_inner(), auth.clone());
    let view = state
        .operate_as(&auth, ip, move |conn, ctx| ops::apply(conn, ctx, &me, &id, &body))
        .await?;
    Ok(HttpResponse::Created().json(view))
}

/// Enter a villager as a candidate (township staff).
#[utoipa::path(post, path = "/api/v1/village-plan/rounds/{id}/candidates", operation_id = "enter_village_plan_candidate", tag = "village_plan",
    description = "Roles: hr. 409 already_registered (one candidacy per person and round).",
    params(("id" = String, Path, description = "Round id")), request_body = CandidateInput, security(("bearer" = [])),
    responses((status = 201, body = CandidateView), (status = 400, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn enter(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: crate::http::json::Json<CandidateInput>,
) -> AppResult<HttpResponse> {
    auth.require(&[Role::Hr])?;
    let body = body.accept()?;
    let (id, hr, cipher) = (path.into_inner(), auth.clone(), state.cipher.clone());
    let view = state
        .operate_as(&auth, ip, move |conn, ctx| {
            ops::enter(conn, ctx, &cipher, &hr, &id, &body)
        })
        .await?;
    Ok(HttpResponse::Created().json(view))
}

/// My candidacies (applied, or entered by HR with my ID number).
#[utoipa::path(get, path = "/api/v1/village-plan/candidacies/mine", operation_id = "my_village_plan_candidacies", tag = "village_plan",
    description = "Roles: applicant.", security(("bearer" = [])), responses((status = 200, body = Vec<CandidateView>)))]
pub async fn mine(state: web::Data<AppState>, auth: AuthUser) -> AppResult<web::Json<Vec<CandidateView>>> {
    auth.require(&[Role::Applicant])?;
    let id = auth.id.clone();
    let rows = state
        .db
        .run(move |conn| {
            let rows = queries::mine(conn, &id)?;
            queries::views(conn, rows)
        })
        .await?;
    Ok(web::Json(rows))
}

async fn act(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    id: String,
    action: CandidateAction,
    details: Details,
) -> AppResult<web::Json<CandidateView>> {
    let actor = auth.clone();
    let view = state
        .operate_as(&auth, ip, move |conn, ctx| {
            ops::act(conn, ctx, &actor, &id, action, &details)
        })
        .await?;
    Ok(web::Json(view))
}

/// Recommend (推荐) an applied candidate.
#[utoipa::path(post, path = "/api/v1/village-plan/candidates/{id}/recommend", operation_id = "recommend_village_plan_candidate", tag = "village_plan",
    description = "Roles: hr. 409 invalid_transition unless applied.", params(("id" = String, Path, description = "Candidacy id")),
    security(("bearer" = [])), responses((status = 200, body = CandidateView), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn recommend(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
) -> AppResult<web::Json<CandidateView>> {
    auth.require(&[Role::Hr])?;
    act(
        state,
        auth,
        ip,
        path.into_inner(),
        CandidateAction::Recommend,
        Details::default(),
    )
    .await
}

/// Do not recommend an applied candidate (with an optional reason).
#[utoipa::path(post, path = "/api/v1/village-plan/candidates/{id}/decline", operation_id = "decline_village_plan_candidate", tag = "village_plan",
    description = "Roles: hr. 409 invalid_transition unless applied.", params(("id" = String, Path, description = "Candidacy id")),
    request_body = ReasonInput, security(("bearer" = [])),
    responses((status = 200, body = CandidateView), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn decline(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: crate::http::json::Json<ReasonInput>,
) -> AppResult<web::Json<CandidateView>> {
    auth.require(&[Role::Hr])?;
    let reason = body.accept()?.into_inner().reason;
    act(
        state,
        auth,
        ip,
        path.into_inner(),
        CandidateAction::Decline,
        Details {
            reason,
            admission: None,
        },
    )
    .await
}

/// Withdraw my candidacy while it waits for HR.
#[utoipa::path(post, path = "/api/v1/village-plan/candidates/{id}/withdraw", operation_id = "withdraw_village_plan_candidacy", tag = "village_plan",
    description = "Roles: applicant (own candidacy). 409 invalid_transition unless applied.", params(("id" = String, Path, description = "Candidacy id")),
    security(("bearer" = [])), responses((status = 200, body = CandidateView), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn withdraw(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
) -> AppResult<web::Json<CandidateView>> {
    auth.require(&[Role::Applicant])?;
    act(
        state,
        auth,
        ip,
        path.into_inner(),
        CandidateAction::Withdraw,
        Details::default(),
    )
    .await
}

/// Record the admission (录取) of a recommended candidate with institution and programme.
#[utoipa::path(post, path = "/api/v1/village-plan/candidates/{id}/admit", operation_id = "admit_village_plan_candidate", tag = "village_plan",
    description = "Roles: hr. 409 invalid_transition unless recommended.", params(("id" = String, Path, description = "Candidacy id")),
    request_body = AdmitInput, security(("bearer" = [])),
    responses((status = 200, body = CandidateView), (status = 400, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn admit(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: crate::http::json::Json<AdmitInput>,
) -> AppResult<web::Json<CandidateView>> {
    auth.require(&[Role::Hr])?;
    let admission = Some(body.accept()?.into_inner());
    act(
        state,
        auth,
        ip,
        path.into_inner(),
        CandidateAction::Admit,
        Details {
            admission,
            reason: None,
        },
    )
    .await
}

/// Record that a recommended candidate was not admitted.
#[utoipa::path(post, path = "/api/v1/village-plan/candidates/{id}/not-admit", operation_id = "not_admit_village_plan_candidate", tag = "village_plan",
    description = "Roles: hr. 409 invalid_transition unless recommended.", params(("id" = String, Path, description = "Candidacy id")),
    request_body = ReasonInput, security(("bearer" = [])),
    responses((status = 200, body = CandidateView), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn not_admit(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: crate::http::json::Json<ReasonInput>,
) -> AppResult<web::Json<CandidateView>> {
    auth.require(&[Role::Hr])?;
    let reason = body.accept()?.into_inner().reason;
    act(
        state,
        auth,
        ip,
        path.into_inner(),
        CandidateAction::NotAdmit,
        Details {
            reason,
            admission: None,
        },
    )
    .await
}
