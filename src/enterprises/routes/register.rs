//! The owner's writes: `POST /enterprises` (register) and `PATCH /enterprises/{id}` (fix and
//! resubmit).

use crate::auth::{AuthUser, ClientIp, Role};
use crate::enterprises::models::{EnterpriseInput, EnterpriseUpdate, EnterpriseView};
use crate::enterprises::ops;
use crate::error::{AppResult, Problem};
use crate::state::AppState;
use actix_web::{web, HttpResponse};

/// Register the signed-in employer's enterprise; it waits for HR's review.
#[utoipa::path(post, path = "/api/v1/enterprises", tag = "enterprises",
    description = "Roles: employer. One enterprise per employer account and per credit code (409 otherwise). \
        The enterprise starts `pending`; HR verifies or rejects it.",
    request_body = EnterpriseInput, security(("bearer" = [])),
    responses((status = 201, body = EnterpriseView), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 409, body = Problem)))]
pub async fn register_enterprise(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    body: crate::http::json::Json<EnterpriseInput>,
) -> AppResult<HttpResponse> {
    auth.require(&[Role::Employer])?;
    let body = body.accept()?;
    let (input, owner) = (body.into_inner(), auth.clone());
    let row = state
        .operate_as(&auth, ip, move |conn, ctx| ops::register(conn, ctx, &owner, &input))
        .await?;
    Ok(HttpResponse::Created().json(EnterpriseView::from(&row)))
}

/// Change the enterprise while it is pending or rejected. Saving a rejected enterprise resubmits
/// it: it becomes `pending` again and the rejection reason is cleared (there is no separate
/// resubmit action; an empty `{}` resubmits unchanged).
#[utoipa::path(patch, path = "/api/v1/enterprises/{id}", tag = "enterprises",
    description = "Roles: employer (the owner only; other accounts get 404). A verified enterprise cannot be changed \
        (409). Saving a rejected enterprise resubmits it for review (status back to `pending`).",
    params(("id" = String, Path, description = "Enterprise id")),
    request_body = EnterpriseUpdate, security(("bearer" = [])),
    responses((status = 200, body = EnterpriseView), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn update_enterprise(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: crate::http::json::Json<EnterpriseUpdate>,
) -> AppResult<web::Json<EnterpriseView>> {
    auth.require(&[Role::Employer])?;
    let body = body.accept()?;
    let (id, update, owner) = (path.into_inner(), body.into_inner(), auth.clone());
    let row = state
        .operate_as(&auth, ip, move |conn, ctx| ops::update(conn, ctx, &owner, &id, update))
        .await?;
    Ok(web::Json(EnterpriseView::from(&row)))
}
