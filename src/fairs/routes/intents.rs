//! `/employment-intents`: recorded by the employer at its own booth (or by HR) for an applicant who
//! checked in; applicants see theirs; later signed or withdrawn.

use crate::audit::{self, Actor, Event};
use crate::auth::{AuthUser, ClientIp, Role};
use crate::db::{new_id, now};
use crate::enterprises::queries as enterprises;
use crate::error::{AppError, AppResult, ErrorCode, FieldError, Problem};
use crate::fairs::booths;
use crate::fairs::intents::{
    self, IntentFilter, IntentInput, IntentPage, IntentRow, IntentScope, IntentStatus, IntentView,
};
use crate::fairs::models::RegistrationStatus;
use crate::fairs::{queries, rules};
use crate::pagination::Paging;
use crate::positions::queries as positions;
use crate::state::AppState;
use crate::validation::optional_text;
use actix_web::{web, HttpResponse};
use serde_json::json;

/// Record an employment intent.
#[utoipa::path(post, path = "/api/v1/employment-intents", operation_id = "create_intent", tag = "employment-intents",
    description = "Roles: employer (for a position at its own approved booth), hr, admin. The applicant (by ticket_code or applicant_id) must have checked in at the fair.",
    request_body = IntentInput, security(("bearer" = [])),
    responses((status = 201, body = IntentView), (status = 400, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn create(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    body: web::Json<IntentInput>,
) -> AppResult<HttpResponse> {
    auth.require(&[Role::Employer, Role::Hr, Role::Admin])?;
    let input = body.into_inner();
    let note =
        optional_text("note", input.note.as_deref().unwrap_or(""), 500).map_err(|e| AppError::validation(vec![e]))?;
    if input.applicant_id.is_none() && input.ticket_code.is_none() {
        return Err(AppError::validation(vec![FieldError::new(
            "ticket_code",
            "required",
            "Scan or type the applicant's ticket.",
        )]));
    }
    let key = state.audit_key.clone();
    let view = state
        .db
        .write(move |conn| {
            let now = now();
            let fair = queries::find(conn, &input.job_fair_id)?.ok_or_else(AppError::not_found)?;
            let (position, company) = positions::find(conn, &input.position_id)?.ok_or_else(AppError::not_found)?;
            if auth.role == Role::Employer && company.owner_id != auth.id {
                return Err(AppError::not_found());
            }
            let booth = booths::position_at_fair(conn, &fair.id, &position.id)?.ok_or_else(|| {
                AppError::new(ErrorCode::Conflict, "This position is not shown at an approved booth of this fair.")
            })?;
            let registration = match (&input.ticket_code, &input.applicant_id) {
                (Some(code), _) => queries::by_ticket(conn, &rules::normalize_ticket(code))?,
                (None, Some(applicant)) => queries::registration_of(conn, &fair.id, applicant)?,
                (None, None) => None,
            }
            .filter(|r| r.fair_id == fair.id)
            .ok_or_else(|| AppError::new(ErrorCode::NotFound, "No sign-up for this fair matches that ticket."))?;
            if registration.status != RegistrationStatus::CheckedIn.as_str() {
                return Err(AppError::new(ErrorCode::Conflict, "The applicant has not checked in at this fair."));
            }
            if intents::existing(conn, &fair.id, &registration.user_id, &position.id)?.is_some() {
                return Err(AppError::new(ErrorCode::AlreadyRegistered, "This intent has already been recorded."));
            }
            let row = IntentRow {
                id: new_id(),
                fair_id: fair.id.clone(),
                booth_id: booth.id,
                applicant_id: registration.user_id.clone(),
                enterprise_id: company.id.clone(),
                position_id: position.id.clone(),
                status: IntentStatus::Intended.as_str().into(),
                note,
                recorded_by: auth.id.clone(),
                created_at: now,
                updated_at: now,
            };
            intents::insert(conn, &row)?;
            audit::record(conn, &key, &Actor::of(&auth, ip), Event {
                action: "fair.intent_recorded", entity: "employment_intent", entity_id: Some(&row.id), before: None,
                after: Some(json!({"job_fair_id": row.fair_id, "applicant_id": row.applicant_id, "position_id": row.position_id})),
            })?;
            intents::view_of(conn, row)
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

async fn settle(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    id: String,
    to: IntentStatus,
) -> AppResult<web::Json<IntentView>> {
    auth.require(&[Role::Employer, Role::Hr, Role::Admin])?;
    let key = state.audit_key.clone();
    let view = state
        .db
        .write(move |conn| {
            let intent = intents::find(conn, &id)?.ok_or_else(AppError::not_found)?;
            if auth.role == Role::Employer {
                let owner = enterprises::find(conn, &intent.enterprise_id)?.map(|e| e.owner_id);
                if owner.as_deref() != Some(auth.id.as_str()) {
                    return Err(AppError::not_found());
                }
            }
            if !intents::settle(conn, &id, to, now())? {
                return Err(AppError::new(
                    ErrorCode::InvalidTransition,
                    format!("A {} intent cannot change any more.", intent.status),
                ));
            }
            audit::record(
                conn,
                &key,
                &Actor::of(&auth, ip),
                Event {
                    action: if to == IntentStatus::Signed {
                        "fair.intent_signed"
                    } else {
                        "fair.intent_withdrawn"
                    },
                    entity: "employment_intent",
                    entity_id: Some(&id),
                    before: Some(json!({"status": intent.status})),
                    after: Some(json!({"status": to.as_str()})),
                },
            )?;
            let row = intents::find(conn, &id)?.ok_or_else(AppError::not_found)?;
            intents::view_of(conn, row)
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
    settle(state, auth, ip, path.into_inner(), IntentStatus::Signed).await
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
    settle(state, auth, ip, path.into_inner(), IntentStatus::Withdrawn).await
}
