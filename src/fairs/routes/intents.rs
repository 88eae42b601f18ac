//! `/employment-intents`: recorded by the employer at its own booth (or by HR) for an applicant who
//! checked in; applicants see theirs; later signed or withdrawn.

use crate::auth::{AuthUser, ClientIp, Role};
use crate::error::{AppResult, Problem};
use crate::fairs::intents::{self, IntentAction, IntentFilter, IntentInput, IntentPage, IntentScope, IntentView};
use crate::fairs::ops;
use crate::pagination::Paging;
use crate::state::AppState;
use actix_web::{web, HttpResponse};

/// Record an employment intent.
#[utoipa::path(post, path = "/api/v1/employment-intents", operation_id = "create_intent", tag = "employment-intents",
    description = "Roles: employer (for a position at its own approved booth), hr, admin. The applicant (by ticket_code or applicant_id) must have checked in at the fair.",
    request_body = IntentInput, security(("bearer" = [])),
    responses((status = 201, body = IntentView), (status = 400, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn create(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    body: crate::http::json::Json<IntentInput>,
) -> AppResult<HttpResponse> {
    auth.require(&[Role::Employer, Role::Hr, Role::Admin])?;
    let body = body.accept()?;
    let (input, actor) = (body.into_inner(), auth.clone());
    let view = state
        .operate_as(&auth, ip, move |conn, ctx| {
            ops::record_intent(conn, ctx, &actor, &input)
        })
        .await?;
    Ok(HttpResponse::Created().json(view))
}

/// List intents: applicants see theirs, employers their enterprise's, hr/admin all.
#[utoipa::path(get, path = "/api/v1/employment-intents", operation_id = "list_intents", tag = "employment-intents",
    description = "Roles: applicant (own), employer (own enterprise), hr, admin (all).", params(IntentFilter), security(("bearer" = [])),
    responses((status = 200, body = IntentPage), (status = 403, body = Problem)))]
pub async fn list(
    state: web::Data<AppState>,
    auth: AuthUser,
    filter: web::Query<IntentFilter>,
) -> AppResult<web::Json<IntentPage>> {
    auth.require(&[Role::Applicant, Role::Employer, Role::Hr, Role::Admin])?;
    let filter = filter.into_inner();
    let paging = Paging::new(filter.page, filter.per_page);
    let (items, total) = state
        .db
        .run(move |conn| {
            let scope = match auth.role {
                Role::Applicant => IntentScope::Applicant(&auth.id),
                Role::Employer => IntentScope::Owner(&auth.id),
                _ => IntentScope::All,
            };
            intents::list(conn, scope, &filter, paging)
        })
        .await?;
    Ok(web::Json(IntentPage::new(items, total, paging)))
}

/// Sign or withdraw an intent as the caller.
async fn settle(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    id: String,
    action: IntentAction,
) -> AppResult<web::Json<IntentView>> {
    auth.require(&[Role::Employer, Role::Hr, Role::Admin])?;
    let actor = auth.clone();
    let view = state
        .operate_as(&auth, ip, move |conn, ctx| {
            ops::settle_intent(conn, ctx, &actor, &id, action)
        })
        .await?;
    Ok(web::Json(view))
}

/// Confirm that the applicant was hired.
#[utoipa::path(post, path = "/api/v1/employment-intents/{id}/sign", tag = "employment-intents",
    description = "Roles: employer (own enterprise), hr, admin. intended → signed.",
    params(("id" = String, Path, description = "Intent id")), security(("bearer" = [])),
    responses((status = 200, body = IntentView), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn sign(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
) -> AppResult<web::Json<IntentView>> {
    settle(state, auth, ip, path.into_inner(), IntentAction::Sign).await
}

/// Record that the intent came to nothing.
#[utoipa::path(post, path = "/api/v1/employment-intents/{id}/withdraw", operation_id = "withdraw_intent", tag = "employment-intents",
    description = "Roles: employer (own enterprise), hr, admin. intended → withdrawn.",
    params(("id" = String, Path, description = "Intent id")), security(("bearer" = [])),
    responses((status = 200, body = IntentView), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn withdraw(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
) -> AppResult<web::Json<IntentView>> {
    settle(state, auth, ip, path.into_inner(), IntentAction::Withdraw).await
}
