//! The employer's writes: `POST /positions` and `PATCH /positions/{id}`.

use crate::audit::record_change;
use crate::audit::Actor;
use crate::auth::{AuthUser, ClientIp, Role};
use crate::db::{new_id, now};
use crate::enterprises::queries as enterprises;
use crate::enterprises::rules as enterprise_rules;
use crate::error::{AppError, AppResult, Problem};
use crate::positions::models::{PositionInput, PositionRow, PositionUpdate, PositionView};
use crate::positions::{queries, rules};
use crate::state::AppState;
use actix_web::{web, HttpResponse};

/// Publish a position of the employer's own verified enterprise.
#[utoipa::path(post, path = "/api/v1/positions", tag = "positions",
    description = "Roles: employer, for the enterprise it owns (another enterprise answers 404). The enterprise must be \
        verified (409 `enterprise_not_verified`). `salary_min` ≤ `salary_max`, in yuan per month.",
    request_body = PositionInput, security(("bearer" = [])),
    responses((status = 201, body = PositionView), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn create_position(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    body: crate::http::json::Json<PositionInput>,
) -> AppResult<HttpResponse> {
    auth.require(&[Role::Employer])?;
    let body = body.accept()?;
    let input = body.into_inner();
    let valid = rules::validate_position(&input).map_err(AppError::validation)?;
    let key = state.audit_key.clone();
    let view = state
        .db
        .write(move |conn| {
            let enterprise = enterprises::find(conn, &input.enterprise_id)?
                .filter(|e| e.owner_id == auth.id)
                .ok_or_else(AppError::not_found)?;
            enterprise_rules::ensure_verified(&enterprise.status)?;
            let now = now();
            let row = PositionRow {
                id: new_id(),
                enterprise_id: enterprise.id,
                title: valid.title,
                description: valid.description,
                headcount: valid.headcount,
                salary_min: valid.salary_min,
                salary_max: valid.salary_max,
                education_requirement: valid.education_requirement.into(),
                location: valid.location,
                kind: valid.kind.into(),
                status: valid.status.into(),
                created_at: now,
                updated_at: now,
            };
            queries::insert(conn, &row)?;
            record_change(conn, &key, &Actor::of(&auth, ip), "position.created", None, &row)?;
            Ok(PositionView::new(row, enterprise.name, &enterprise.industry))
        })
        .await?;
    Ok(HttpResponse::Created().json(view))
}

/// Change a position, or open / close it with `status`.
#[utoipa::path(patch, path = "/api/v1/positions/{id}", tag = "positions",
    description = "Roles: employer owning the position's enterprise (others get 404); the enterprise must be verified \
        (409 `enterprise_not_verified`).",
    params(("id" = String, Path, description = "Position id")),
    request_body = PositionUpdate, security(("bearer" = [])),
    responses((status = 200, body = PositionView), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn update_position(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: crate::http::json::Json<PositionUpdate>,
) -> AppResult<web::Json<PositionView>> {
    auth.require(&[Role::Employer])?;
    let body = body.accept()?;
    let id = path.into_inner();
    let update = body.into_inner();
    let key = state.audit_key.clone();
    let view = state
        .db
        .write(move |conn| {
            let (before, enterprise) = queries::find(conn, &id)?
                .filter(|(_, e)| e.owner_id == auth.id)
                .ok_or_else(AppError::not_found)?;
            enterprise_rules::ensure_verified(&enterprise.status)?;
            let current = PositionView::new(before.clone(), enterprise.name.clone(), &enterprise.industry);
            let valid = rules::validate_position(&update.apply_to(&current)).map_err(AppError::validation)?;
            queries::update(conn, &before.id, &valid, now())?;
            let (after, _) = queries::find(conn, &before.id)?.ok_or_else(AppError::not_found)?;
            record_change(
                conn,
                &key,
                &Actor::of(&auth, ip),
                "position.updated",
                Some(&before),
                &after,
            )?;
            Ok(PositionView::new(after, enterprise.name, &enterprise.industry))
        })
        .await?;
    Ok(web::Json(view))
}
