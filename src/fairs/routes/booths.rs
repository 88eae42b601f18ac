//! Booths: employers ask for one with their positions, HR approves within the booth capacity.

use crate::accounts::queries as accounts;
use crate::audit::{self, Actor, Event};
use crate::auth::{AuthUser, ClientIp, Role};
use crate::db::{new_id, now};
use crate::enterprises::{queries as enterprises, rules as enterprise_rules};
use crate::error::{AppError, AppResult, ErrorCode, FieldError, Problem};
use crate::fairs::booths::{self, BoothFilter, BoothInput, BoothRow, BoothStatus, BoothView};
use crate::fairs::models::FairStatus;
use crate::fairs::notify::{self, Recipient};
use crate::fairs::queries;
use crate::fairs::routes::fairs::{visible, ORGANISERS};
use crate::positions::models::PositionStatus;
use crate::positions::queries as positions;
use crate::state::AppState;
use crate::validation::text;
use actix_web::{web, HttpResponse};
use serde_json::json;

/// Most positions one booth may bring.
const MAX_POSITIONS: usize = 20;

/// Ask for a booth at a published fair with some of my open positions.
#[utoipa::path(post, path = "/api/v1/job-fairs/{id}/booths", tag = "job-fairs",
    description = "Roles: employer of a verified enterprise. One booth per enterprise and fair; a rejected request may be made again.",
    params(("id" = String, Path, description = "Fair id")), request_body = BoothInput, security(("bearer" = [])),
    responses((status = 201, body = BoothView), (status = 400, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn request(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: web::Json<BoothInput>,
) -> AppResult<HttpResponse> {
    auth.require(&[Role::Employer])?;
    let fair = visible(&state, &Some(auth.clone()), path.into_inner()).await?;
    let mut ids = body.into_inner().position_ids;
    ids.sort();
    ids.dedup();
    if ids.is_empty() || ids.len() > MAX_POSITIONS {
        return Err(AppError::validation(vec![FieldError::new(
            "position_ids",
            if ids.is_empty() { "required" } else { "too_long" },
            format!("Choose 1 to {MAX_POSITIONS} of your open positions."),
        )]));
    }
    let key = state.audit_key.clone();
    let view = state
        .db
        .write(move |conn| {
            let now = now();
            if fair.status != FairStatus::Published.as_str() {
                return Err(AppError::new(
                    ErrorCode::InvalidTransition,
                    "Booths can be requested only while the fair is published.",
                ));
            }
            let company = enterprises::find_by_owner(conn, &auth.id)?
                .ok_or_else(|| AppError::new(ErrorCode::EnterpriseNotVerified, "Register your enterprise first."))?;
            enterprise_rules::ensure_verified(&company.status)?;
            for id in &ids {
                let ok = positions::find(conn, id)?
                    .is_some_and(|(p, e)| e.id == company.id && p.status == PositionStatus::Open.as_str());
                if !ok {
                    return Err(AppError::validation(vec![FieldError::new(
                        "position_ids",
                        "invalid_value",
                        "Only open positions of your own enterprise can be brought to a booth.",
                    )]));
                }
            }
            let existing = booths::of_enterprise(conn, &fair.id, &company.id)?;
            if existing
                .as_ref()
                .is_some_and(|b| b.status != BoothStatus::Rejected.as_str())
            {
                return Err(AppError::new(
                    ErrorCode::AlreadyRegistered,
                    "Your enterprise has already asked for a booth at this fair.",
                ));
            }
            let row = BoothRow {
                id: existing.as_ref().map(|b| b.id.clone()).unwrap_or_else(new_id),
                fair_id: fair.id.clone(),
                enterprise_id: company.id.clone(),
                status: BoothStatus::Pending.as_str().into(),
                reject_reason: None,
                requested_by: auth.id.clone(),
                created_at: existing.as_ref().map(|b| b.created_at).unwrap_or(now),
                updated_at: now,
            };
            booths::save(conn, &row, existing.is_some(), &ids)?;
            audit::record(
                conn,
                &key,
                &Actor::of(&auth, ip),
                Event {
                    action: "fair.booth_requested",
                    entity: "fair_booth",
                    entity_id: Some(&row.id),
                    before: None,
                    after: Some(json!({"job_fair_id": fair.id, "enterprise_id": company.id, "position_ids": ids})),
                },
            )?;
            booths::view(conn, row)
        })
        .await?;
    Ok(HttpResponse::Created().json(view))
}

/// Booths of a fair: approved ones for everyone, any status for hr/admin.
#[utoipa::path(get, path = "/api/v1/job-fairs/{id}/booths", operation_id = "list_booths", tag = "job-fairs",
    description = "Roles: anyone (approved booths); hr/admin may filter by status.",
    params(("id" = String, Path, description = "Fair id"), BoothFilter), responses((status = 200, body = Vec<BoothView>), (status = 404, body = Problem)))]
pub async fn list(
    state: web::Data<AppState>,
    auth: Option<AuthUser>,
    path: web::Path<String>,
    filter: web::Query<BoothFilter>,
) -> AppResult<web::Json<Vec<BoothView>>> {
    let fair = visible(&state, &auth, path.into_inner()).await?;
    let organiser = auth.as_ref().is_some_and(|a| ORGANISERS.contains(&a.role));
    let status = if organiser {
        filter.status
    } else {
        Some(BoothStatus::Approved)
    };
    Ok(web::Json(
        state
            .db
            .run(move |conn| booths::of_fair(conn, &fair.id, status))
            .await?,
    ))
}

/// My enterprise's booth requests.
#[utoipa::path(get, path = "/api/v1/me/booths", operation_id = "my_booths", tag = "job-fairs", description = "Roles: employer.",
    security(("bearer" = [])), responses((status = 200, body = Vec<BoothView>)))]
pub async fn mine(state: web::Data<AppState>, auth: AuthUser) -> AppResult<web::Json<Vec<BoothView>>> {
    auth.require(&[Role::Employer])?;
    Ok(web::Json(
        state.db.run(move |conn| booths::of_owner(conn, &auth.id)).await?,
    ))
}

/// Decide a pending booth and mail the employer who asked.
async fn decide(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    fair_id: String,
    booth_id: String,
    reason: Option<String>,
) -> AppResult<web::Json<BoothView>> {
    auth.require(ORGANISERS)?;
    let key = state.audit_key.clone();
    let view = state
        .db
        .write(move |conn| {
            let now = now();
            let fair = queries::find(conn, &fair_id)?.ok_or_else(AppError::not_found)?;
            let booth = booths::find(conn, &booth_id)?
                .filter(|b| b.fair_id == fair.id)
                .ok_or_else(AppError::not_found)?;
            if booth.status != BoothStatus::Pending.as_str() {
                return Err(AppError::new(
                    ErrorCode::InvalidTransition,
                    format!("This booth request is already {}.", booth.status),
                ));
            }
            if !matches!(
                FairStatus::parse(&fair.status),
                Some(FairStatus::Published | FairStatus::Closed)
            ) {
                return Err(AppError::new(
                    ErrorCode::InvalidTransition,
                    format!("Booths cannot be decided at a {} fair.", fair.status),
                ));
            }
            let to = if reason.is_some() {
                BoothStatus::Rejected
            } else {
                BoothStatus::Approved
            };
            if to == BoothStatus::Approved && !booths::take_booth_place(conn, &fair.id)? {
                return Err(AppError::new(
                    ErrorCode::CapacityFull,
                    "Every booth of this fair is taken.",
                ));
            }
            if !booths::decide(conn, &booth.id, to, reason.as_deref(), now)? {
                return Err(AppError::new(
                    ErrorCode::InvalidTransition,
                    "The booth request changed meanwhile; reload.",
                ));
            }
            let company = enterprises::find(conn, &booth.enterprise_id)?.ok_or_else(AppError::not_found)?;
            if let Some(owner) = accounts::find_by_id(conn, &booth.requested_by)? {
                let who = Recipient {
                    email: &owner.email,
                    locale: &owner.locale,
                    name: &owner.display_name,
                };
                notify::booth_decision(conn, &who, &fair, &booth.id, &company.name, reason.as_deref(), now)?;
            }
            audit::record(
                conn,
                &key,
                &Actor::of(&auth, ip),
                Event {
                    action: if reason.is_some() {
                        "fair.booth_rejected"
                    } else {
                        "fair.booth_approved"
                    },
                    entity: "fair_booth",
                    entity_id: Some(&booth.id),
                    before: Some(json!({"status": booth.status})),
                    after: Some(json!({"status": to.as_str(), "reason": reason})),
                },
            )?;
            let decided = booths::find(conn, &booth.id)?.ok_or_else(AppError::not_found)?;
            booths::view(conn, decided)
        })
        .await?;
    state.mail_queued();
    Ok(web::Json(view))
}

/// Approve a booth (within the fair's booth capacity).
#[utoipa::path(post, path = "/api/v1/job-fairs/{id}/booths/{booth_id}/approve", operation_id = "approve_booth", tag = "job-fairs",
    description = "Roles: hr, admin. 409 capacity_full when every booth is taken.",
    params(("id" = String, Path, description = "Fair id"), ("booth_id" = String, Path, description = "Booth id")), security(("bearer" = [])),
    responses((status = 200, body = BoothView), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn approve(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<(String, String)>,
) -> AppResult<web::Json<BoothView>> {
    let (fair_id, booth_id) = path.into_inner();
    decide(state, auth, ip, fair_id, booth_id, None).await
}

/// `POST …/reject`
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BoothRejectInput {
    /// Shown and mailed to the employer.
    pub reason: String,
}

/// Reject a booth request with a reason.
#[utoipa::path(post, path = "/api/v1/job-fairs/{id}/booths/{booth_id}/reject", operation_id = "reject_booth", tag = "job-fairs", description = "Roles: hr, admin.",
    params(("id" = String, Path, description = "Fair id"), ("booth_id" = String, Path, description = "Booth id")),
    request_body = BoothRejectInput, security(("bearer" = [])),
    responses((status = 200, body = BoothView), (status = 400, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn reject(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<(String, String)>,
    body: web::Json<BoothRejectInput>,
) -> AppResult<web::Json<BoothView>> {
    let reason = text("reason", &body.reason, 500).map_err(|e| AppError::validation(vec![e]))?;
    let (fair_id, booth_id) = path.into_inner();
    decide(state, auth, ip, fair_id, booth_id, Some(reason)).await
}
