//! Applications and placements: applicants apply (at most three per programme); the enterprise or
//! HR accepts (filling a slot, never more than its slots) or rejects; accepting withdraws the
//! person's other pending applications; then start, complete or terminate. Every decision is mailed.

use crate::auth::{AuthUser, ClientIp, Role};
use crate::error::{AppError, AppResult, Problem};
use crate::internships::models::{
    ApplicationAction, ApplicationFilter, ApplicationInput, ApplicationPage, ApplicationView, CompleteInput,
    ReasonInput,
};
use crate::internships::ops::{self, Details};
use crate::internships::queries::{self, Scope};
use crate::internships::rules;
use crate::pagination::Paging;
use crate::state::AppState;
use crate::validation::text;
use actix_web::{web, HttpResponse};

/// Apply for an internship position.
#[utoipa::path(post, path = "/api/v1/internship-applications", tag = "internships",
    description = "Roles: applicant with a complete profile, while the programme's application window is open; at most 3 active applications per programme.",
    request_body = ApplicationInput, security(("bearer" = [])),
    responses((status = 201, body = ApplicationView), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn apply(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    body: crate::http::json::Json<ApplicationInput>,
) -> AppResult<HttpResponse> {
    auth.require(&[Role::Applicant])?;
    let body = body.accept()?;
    let (offer_id, actor) = (body.into_inner().internship_position_id, auth.clone());
    let view = state
        .operate_as(&auth, ip, move |conn, ctx| ops::apply(conn, ctx, &actor, &offer_id))
        .await?;
    Ok(HttpResponse::Created().json(view))
}

/// List applications: applicants see theirs, employers those to their enterprise, hr/admin all.
#[utoipa::path(get, path = "/api/v1/internship-applications", operation_id = "list_internship_applications", tag = "internships",
    description = "Roles: applicant (own), employer (own enterprise's offers), hr, admin.", params(ApplicationFilter), security(("bearer" = [])),
    responses((status = 200, body = ApplicationPage)))]
pub async fn list(
    state: web::Data<AppState>,
    auth: AuthUser,
    filter: web::Query<ApplicationFilter>,
) -> AppResult<web::Json<ApplicationPage>> {
    auth.require(&[Role::Applicant, Role::Employer, Role::Hr, Role::Admin])?;
    let filter = filter.into_inner();
    let paging = Paging::new(filter.page, filter.per_page);
    let (items, total) = state
        .db
        .run(move |conn| {
            let scope = match auth.role {
                Role::Applicant => Scope::Applicant(&auth.id),
                Role::Employer => Scope::Owner(&auth.id),
                _ => Scope::All,
            };
            queries::applications(conn, scope, &filter, paging)
        })
        .await?;
    Ok(web::Json(ApplicationPage::new(items, total, paging)))
}

/// Apply an action to an application as the caller.
async fn act(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    id: String,
    action: ApplicationAction,
    details: Details,
) -> AppResult<web::Json<ApplicationView>> {
    let actor = auth.clone();
    let view = state
        .operate_as(&auth, ip, move |conn, ctx| {
            ops::act(conn, ctx, &actor, &id, action, &details)
        })
        .await?;
    Ok(web::Json(view))
}

macro_rules! simple_action {
    ($name:ident, $action:expr, $path:literal, $doc:literal, $roles:literal) => {
        #[doc = $doc]
        #[utoipa::path(post, path = $path, tag = "internships", description = $roles,
            params(("id" = String, Path, description = "Application id")), security(("bearer" = [])),
            responses((status = 200, body = ApplicationView), (status = 404, body = Problem), (status = 409, body = Problem)))]
        pub async fn $name(state: web::Data<AppState>, auth: AuthUser, ip: ClientIp, path: web::Path<String>) -> AppResult<web::Json<ApplicationView>> {
            act(state, auth, ip, path.into_inner(), $action, Details::default()).await
        }
    };
}

simple_action!(
    accept,
    ApplicationAction::Accept,
    "/api/v1/internship-applications/{id}/accept",
    "Accept an application (fills a slot; withdraws the applicant's other pending applications in the programme).",
    "Roles: the offering enterprise's employer, hr, admin. 409 capacity_full when every slot is filled."
);
simple_action!(
    withdraw,
    ApplicationAction::Withdraw,
    "/api/v1/internship-applications/{id}/withdraw",
    "Withdraw my application (an accepted one frees its slot).",
    "Roles: the applicant."
);
simple_action!(
    start,
    ApplicationAction::Start,
    "/api/v1/internship-applications/{id}/start",
    "The internship begins: accepted → in_progress.",
    "Roles: the offering enterprise's employer, hr, admin."
);

/// Reject an application with a reason.
#[utoipa::path(post, path = "/api/v1/internship-applications/{id}/reject", operation_id = "reject_internship_application", tag = "internships",
    description = "Roles: the offering enterprise's employer, hr, admin.", params(("id" = String, Path, description = "Application id")),
    request_body = ReasonInput, security(("bearer" = [])),
    responses((status = 200, body = ApplicationView), (status = 400, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn reject(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: crate::http::json::Json<ReasonInput>,
) -> AppResult<web::Json<ApplicationView>> {
    auth.require(&[Role::Employer, Role::Hr, Role::Admin])?;
    let body = body.accept()?;
    let reason = text("reason", &body.reason, 500).map_err(|e| AppError::validation(vec![e]))?;
    act(
        state,
        auth,
        ip,
        path.into_inner(),
        ApplicationAction::Reject,
        Details {
            reason: Some(reason),
            ..Details::default()
        },
    )
    .await
}

/// End an internship early with a reason.
#[utoipa::path(post, path = "/api/v1/internship-applications/{id}/terminate", tag = "internships",
    description = "Roles: the offering enterprise's employer, hr, admin. in_progress → terminated.", params(("id" = String, Path, description = "Application id")),
    request_body = ReasonInput, security(("bearer" = [])),
    responses((status = 200, body = ApplicationView), (status = 400, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn terminate(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: crate::http::json::Json<ReasonInput>,
) -> AppResult<web::Json<ApplicationView>> {
    auth.require(&[Role::Employer, Role::Hr, Role::Admin])?;
    let body = body.accept()?;
    let reason = text("reason", &body.reason, 500).map_err(|e| AppError::validation(vec![e]))?;
    act(
        state,
        auth,
        ip,
        path.into_inner(),
        ApplicationAction::Terminate,
        Details {
            reason: Some(reason),
            ..Details::default()
        },
    )
    .await
}

/// Complete an internship with an evaluation and the hours served.
#[utoipa::path(post, path = "/api/v1/internship-applications/{id}/complete", tag = "internships",
    description = "Roles: the offering enterprise's employer, hr, admin. in_progress → completed (what the annual report counts).",
    params(("id" = String, Path, description = "Application id")), request_body = CompleteInput, security(("bearer" = [])),
    responses((status = 200, body = ApplicationView), (status = 400, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn complete(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: crate::http::json::Json<CompleteInput>,
) -> AppResult<web::Json<ApplicationView>> {
    auth.require(&[Role::Employer, Role::Hr, Role::Admin])?;
    let body = body.accept()?;
    let evaluation = rules::validate_completion(&body).map_err(AppError::validation)?;
    act(
        state,
        auth,
        ip,
        path.into_inner(),
        ApplicationAction::Complete,
        Details {
            evaluation: Some(evaluation),
            hours: Some(body.hours),
            reason: None,
        },
    )
    .await
}
