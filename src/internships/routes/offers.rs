//! Internship positions: a verified enterprise offers one of its internship positions in a
//! published programme; HR approves or rejects it.

use crate::audit::{self, Actor, Event};
use crate::auth::{AuthUser, ClientIp, Role};
use crate::db::{new_id, now};
use crate::enterprises::rules as enterprise_rules;
use crate::error::{AppError, AppResult, ErrorCode, FieldError, Problem};
use crate::internships::models::{OfferInput, OfferRow, OfferView, ProgramStatus, ReasonInput};
use crate::internships::queries;
use crate::internships::routes::programs::ORGANISERS;
use crate::positions::models::{PositionKind, PositionStatus};
use crate::positions::queries as positions;
use crate::state::AppState;
use crate::validation::text;
use actix_web::{web, HttpResponse};
use serde_json::json;

/// Offer an internship position in a programme.
#[utoipa::path(post, path = "/api/v1/internship-positions", operation_id = "offer_internship_position", tag = "internships",
    description = "Roles: employer of a verified enterprise; the position must be its own, open, of kind internship.",
    request_body = OfferInput, security(("bearer" = [])),
    responses((status = 201, body = OfferView), (status = 400, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn create(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    body: web::Json<OfferInput>,
) -> AppResult<HttpResponse> {
    auth.require(&[Role::Employer])?;
    let input = body.into_inner();
    let mut errors = Vec::new();
    let mentor = text("mentor", &input.mentor, 50).map_err(|e| errors.push(e)).ok();
    if !(1..=1000).contains(&input.slots) {
        errors.push(FieldError::new("slots", "out_of_range", "Between 1 and 1000."));
    }
    if !(0..=10_000_000).contains(&input.stipend_fen) {
        errors.push(FieldError::new(
            "stipend_fen",
            "out_of_range",
            "Between 0 and 100000 yuan (in fen).",
        ));
    }
    let (Some(mentor), true) = (mentor, errors.is_empty()) else {
        return Err(AppError::validation(errors));
    };
    let key = state.audit_key.clone();
    let view = state
        .db
        .write(move |conn| {
            let program = queries::program(conn, &input.program_id)?
                .filter(|p| p.status != ProgramStatus::Draft.as_str())
                .ok_or_else(AppError::not_found)?;
            if program.status != ProgramStatus::Published.as_str() {
                return Err(AppError::new(ErrorCode::InvalidTransition, "This programme no longer takes offers."));
            }
            let (position, company) = positions::find(conn, &input.position_id)?
                .filter(|(_, e)| e.owner_id == auth.id)
                .ok_or_else(AppError::not_found)?;
            enterprise_rules::ensure_verified(&company.status)?;
            if position.kind != PositionKind::Internship.as_str() || position.status != PositionStatus::Open.as_str() {
                return Err(AppError::validation(vec![FieldError::new("position_id", "invalid_value", "Choose an open position of kind internship.")]));
            }
            if queries::offer_of_position(conn, &program.id, &position.id)?.is_some() {
                return Err(AppError::new(ErrorCode::AlreadyRegistered, "This position is already offered in the programme."));
            }
            let now = now();
            let row = OfferRow {
                id: new_id(),
                program_id: program.id.clone(),
                position_id: position.id.clone(),
                enterprise_id: company.id.clone(),
                slots: input.slots,
                filled: 0,
                mentor,
                stipend_fen: input.stipend_fen,
                status: "pending".into(),
                reject_reason: None,
                created_by: auth.id.clone(),
                created_at: now,
                updated_at: now,
            };
            queries::insert_offer(conn, &row)?;
            audit::record(conn, &key, &Actor::of(&auth, ip), Event {
                action: "internship.position_offered", entity: "internship_position", entity_id: Some(&row.id), before: None,
                after: Some(json!({"program_id": row.program_id, "position_id": row.position_id, "slots": row.slots, "stipend_fen": row.stipend_fen})),
            })?;
            queries::offer_view_of(conn, row)
        })
        .await?;
    Ok(HttpResponse::Created().json(view))
}

async fn decide(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    id: String,
    reason: Option<String>,
) -> AppResult<web::Json<OfferView>> {
    auth.require(ORGANISERS)?;
    let key = state.audit_key.clone();
    let view = state
        .db
        .write(move |conn| {
            let offer = queries::offer(conn, &id)?.ok_or_else(AppError::not_found)?;
            let to = if reason.is_some() { "rejected" } else { "approved" };
            if !queries::decide_offer(conn, &id, to, reason.as_deref(), now())? {
                return Err(AppError::new(
                    ErrorCode::InvalidTransition,
                    format!("This offer is already {}.", offer.status),
                ));
            }
            audit::record(
                conn,
                &key,
                &Actor::of(&auth, ip),
                Event {
                    action: &format!("internship.position_{to}"),
                    entity: "internship_position",
                    entity_id: Some(&id),
                    before: Some(json!({"status": offer.status})),
                    after: Some(json!({"status": to, "reason": reason})),
                },
            )?;
            let row = queries::offer(conn, &id)?.ok_or_else(AppError::not_found)?;
            queries::offer_view_of(conn, row)
        })
        .await?;
    Ok(web::Json(view))
}

/// Approve an offered internship position.
#[utoipa::path(post, path = "/api/v1/internship-positions/{id}/approve", operation_id = "approve_internship_position", tag = "internships", description = "Roles: hr, admin.",
    params(("id" = String, Path, description = "Internship position id")), security(("bearer" = [])),
    responses((status = 200, body = OfferView), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn approve(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
) -> AppResult<web::Json<OfferView>> {
    decide(state, auth, ip, path.into_inner(), None).await
}

/// Reject an offered internship position with a reason.
#[utoipa::path(post, path = "/api/v1/internship-positions/{id}/reject", operation_id = "reject_internship_position", tag = "internships", description = "Roles: hr, admin.",
    params(("id" = String, Path, description = "Internship position id")), request_body = ReasonInput, security(("bearer" = [])),
    responses((status = 200, body = OfferView), (status = 400, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn reject(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: web::Json<ReasonInput>,
) -> AppResult<web::Json<OfferView>> {
    let reason = text("reason", &body.reason, 500).map_err(|e| AppError::validation(vec![e]))?;
    decide(state, auth, ip, path.into_inner(), Some(reason)).await
}

/// My enterprise's internship positions in every programme and status.
#[utoipa::path(get, path = "/api/v1/me/internship-positions", operation_id = "my_internship_positions", tag = "internships",
    description = "Roles: employer.", security(("bearer" = [])), responses((status = 200, body = Vec<OfferView>)))]
pub async fn mine(state: web::Data<AppState>, auth: AuthUser) -> AppResult<web::Json<Vec<OfferView>>> {
    auth.require(&[Role::Employer])?;
    Ok(web::Json(
        state
            .db
            .run(move |conn| queries::offers_of_owner(conn, &auth.id))
            .await?,
    ))
}
