//! HR runs fairs: create, edit, publish, close, finish, cancel; everyone lists published ones.

use crate::audit::{self, Actor, Event};
use crate::auth::{AuthUser, ClientIp, Role};
use crate::db::{new_id, now};
use crate::error::{AppError, AppResult, ErrorCode, Problem};
use crate::fairs::models::{
    CancelInput, FairFilter, FairInput, FairPatch, FairRow, FairStatus, FairView, JobFairPage, RegistrationStatus,
};
use crate::fairs::notify::{self, Recipient};
use crate::fairs::queries;
use crate::fairs::rules::{self, FairAction};
use crate::pagination::Paging;
use crate::state::AppState;
use crate::validation::text;
use actix_web::{web, HttpResponse};
use chrono::Utc;
use serde_json::json;

/// Who runs fairs.
pub const ORGANISERS: &[Role] = &[Role::Hr, Role::Admin];

fn is_organiser(auth: &Option<AuthUser>) -> bool {
    auth.as_ref().is_some_and(|a| ORGANISERS.contains(&a.role))
}

/// A fair the caller may see: drafts only for organisers (404 for everyone else).
pub async fn visible(state: &AppState, auth: &Option<AuthUser>, id: String) -> AppResult<FairRow> {
    let fair = state
        .db
        .run(move |conn| queries::find(conn, &id))
        .await?
        .ok_or_else(AppError::not_found)?;
    if fair.status == FairStatus::Draft.as_str() && !is_organiser(auth) {
        return Err(AppError::not_found());
    }
    Ok(fair)
}

/// The fair with its approved booths and their positions.
fn with_booths(conn: &mut crate::db::DbConn, fair: &FairRow) -> AppResult<FairView> {
    let mut view = FairView::from(fair);
    view.booths = crate::fairs::booths::of_fair(conn, &fair.id, Some(crate::fairs::booths::BoothStatus::Approved))?;
    Ok(view)
}

/// Create a fair (as a draft).
#[utoipa::path(post, path = "/api/v1/job-fairs", operation_id = "create_job_fair", tag = "job-fairs", description = "Roles: hr, admin.",
    request_body = FairInput, security(("bearer" = [])),
    responses((status = 201, body = FairView), (status = 400, body = Problem), (status = 403, body = Problem)))]
pub async fn create(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    body: web::Json<FairInput>,
) -> AppResult<HttpResponse> {
    auth.require(ORGANISERS)?;
    let valid = rules::validate_fair(&body, Utc::now()).map_err(AppError::validation)?;
    let key = state.audit_key.clone();
    let row = state
        .db
        .write(move |conn| {
            let now = now();
            let row = FairRow {
                id: new_id(),
                title: valid.title,
                description: valid.description,
                venue: valid.venue,
                starts_at: valid.starts_at,
                ends_at: valid.ends_at,
                signup_deadline: valid.signup_deadline,
                capacity: valid.capacity,
                booth_capacity: valid.booth_capacity,
                registered_count: 0,
                approved_booths: 0,
                status: FairStatus::Draft.as_str().into(),
                cancel_reason: None,
                created_by: auth.id.clone(),
                created_at: now,
                updated_at: now,
            };
            queries::insert(conn, &row)?;
            audit::record(
                conn,
                &key,
                &Actor::of(&auth, ip),
                Event {
                    action: "fair.created",
                    entity: "job_fair",
                    entity_id: Some(&row.id),
                    before: None,
                    after: Some(
                        json!({"title": row.title, "capacity": row.capacity, "booth_capacity": row.booth_capacity}),
                    ),
                },
            )?;
            Ok(row)
        })
        .await?;
    Ok(HttpResponse::Created().json(FairView::from(&row)))
}

/// List fairs: published ones, upcoming first, for everyone; organisers may filter by any status.
#[utoipa::path(get, path = "/api/v1/job-fairs", operation_id = "list_job_fairs", tag = "job-fairs",
    description = "Roles: anyone (no login): published fairs. hr/admin: any status with `status`.", params(FairFilter),
    responses((status = 200, body = JobFairPage)))]
pub async fn list(
    state: web::Data<AppState>,
    auth: Option<AuthUser>,
    filter: web::Query<FairFilter>,
) -> AppResult<web::Json<JobFairPage>> {
    let filter = filter.into_inner();
    let paging = Paging::new(filter.page, filter.per_page);
    let staff = is_organiser(&auth);
    let (rows, total) = state
        .db
        .run(move |conn| queries::list(conn, &filter, staff, paging))
        .await?;
    Ok(web::Json(JobFairPage::new(
        rows.iter().map(FairView::from).collect(),
        total,
        paging,
    )))
}

/// One fair (drafts only for hr/admin).
#[utoipa::path(get, path = "/api/v1/job-fairs/{id}", operation_id = "get_job_fair", tag = "job-fairs",
    description = "Roles: anyone for published, closed, finished and cancelled fairs; hr/admin also for drafts.",
    params(("id" = String, Path, description = "Fair id")), responses((status = 200, body = FairView), (status = 404, body = Problem)))]
pub async fn get(
    state: web::Data<AppState>,
    auth: Option<AuthUser>,
    path: web::Path<String>,
) -> AppResult<web::Json<FairView>> {
    let fair = visible(&state, &auth, path.into_inner()).await?;
    Ok(web::Json(state.db.run(move |conn| with_booths(conn, &fair)).await?))
}

/// Edit a draft or published fair.
#[utoipa::path(patch, path = "/api/v1/job-fairs/{id}", tag = "job-fairs",
    description = "Roles: hr, admin. Only draft and published fairs; capacity cannot drop below the places taken.",
    params(("id" = String, Path, description = "Fair id")), request_body = FairPatch, security(("bearer" = [])),
    responses((status = 200, body = FairView), (status = 400, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn update(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: web::Json<FairPatch>,
) -> AppResult<web::Json<FairView>> {
    auth.require(ORGANISERS)?;
    let id = path.into_inner();
    let patch = body.into_inner();
    let key = state.audit_key.clone();
    let row = state
        .db
        .write(move |conn| {
            let before = queries::find(conn, &id)?.ok_or_else(AppError::not_found)?;
            let status = FairStatus::parse(&before.status).unwrap_or(FairStatus::Draft);
            if !rules::editable(status) {
                return Err(AppError::new(ErrorCode::InvalidTransition, format!("A {} fair can no longer be edited.", before.status)));
            }
            let merged = FairInput {
                title: patch.title.clone().unwrap_or_else(|| before.title.clone()),
                description: patch.description.clone().or_else(|| before.description.clone()),
                venue: patch.venue.clone().unwrap_or_else(|| before.venue.clone()),
                starts_at: patch.starts_at.unwrap_or_else(|| before.starts_at.and_utc()),
                ends_at: patch.ends_at.unwrap_or_else(|| before.ends_at.and_utc()),
                signup_deadline: patch.signup_deadline.unwrap_or_else(|| before.signup_deadline.and_utc()),
                capacity: patch.capacity.unwrap_or(before.capacity),
                booth_capacity: patch.booth_capacity.unwrap_or(before.booth_capacity),
            };
            let valid = rules::validate_fair(&merged, Utc::now()).map_err(AppError::validation)?;
            if valid.capacity < before.registered_count || valid.booth_capacity < before.approved_booths {
                return Err(AppError::new(ErrorCode::Conflict, "Capacity cannot drop below the places or booths already given."));
            }
            let row = FairRow {
                title: valid.title,
                description: valid.description,
                venue: valid.venue,
                starts_at: valid.starts_at,
                ends_at: valid.ends_at,
                signup_deadline: valid.signup_deadline,
                capacity: valid.capacity,
                booth_capacity: valid.booth_capacity,
                updated_at: now(),
                ..before.clone()
            };
            queries::update_fields(conn, &row)?;
            audit::record(conn, &key, &Actor::of(&auth, ip), Event {
                action: "fair.updated", entity: "job_fair", entity_id: Some(&row.id),
                before: Some(json!({"title": before.title, "capacity": before.capacity, "starts_at": before.starts_at.and_utc()})),
                after: Some(json!({"title": row.title, "capacity": row.capacity, "starts_at": row.starts_at.and_utc()})),
            })?;
            Ok(row)
        })
        .await?;
    Ok(web::Json(FairView::from(&row)))
}

/// Apply a status action, mailing everyone signed up when the fair is cancelled.
async fn act(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    id: String,
    action: FairAction,
    reason: Option<String>,
) -> AppResult<web::Json<FairView>> {
    auth.require(ORGANISERS)?;
    let key = state.audit_key.clone();
    let (row, mailed) = state
        .db
        .write(move |conn| {
            let now = now();
            let fair = queries::find(conn, &id)?.ok_or_else(AppError::not_found)?;
            let from = FairStatus::parse(&fair.status).unwrap_or(FairStatus::Draft);
            let to = rules::transition(from, action).ok_or_else(|| {
                AppError::new(
                    ErrorCode::InvalidTransition,
                    format!("`{}` is not possible for a {} fair.", action.as_str(), fair.status),
                )
            })?;
            if action == FairAction::Publish && fair.starts_at <= now {
                return Err(AppError::new(
                    ErrorCode::InvalidTransition,
                    "A fair that has already started cannot be published.",
                ));
            }
            if !queries::set_status(conn, &id, from, to, reason.as_deref(), now)? {
                return Err(AppError::new(
                    ErrorCode::InvalidTransition,
                    "The fair changed meanwhile; reload and try again.",
                ));
            }
            let mut mailed = false;
            if to == FairStatus::Cancelled {
                let people = queries::people(
                    conn,
                    &id,
                    &[RegistrationStatus::Registered, RegistrationStatus::Waitlisted],
                )?;
                for (reg, email, locale, name) in people {
                    queries::move_registration(
                        conn,
                        &reg.id,
                        RegistrationStatus::parse(&reg.status),
                        RegistrationStatus::Cancelled,
                        None,
                        now,
                    )?;
                    let who = Recipient {
                        email: &email,
                        locale: &locale,
                        name: name.as_deref().unwrap_or(&email),
                    };
                    mailed |= notify::cancelled(conn, &who, &fair, &reg, reason.as_deref().unwrap_or_default(), now)?;
                }
            }
            audit::record(
                conn,
                &key,
                &Actor::of(&auth, ip),
                Event {
                    action: &format!("fair.{}", to.as_str()),
                    entity: "job_fair",
                    entity_id: Some(&id),
                    before: Some(json!({"status": from.as_str()})),
                    after: Some(json!({"status": to.as_str(), "reason": reason})),
                },
            )?;
            Ok((queries::find(conn, &id)?.ok_or_else(AppError::not_found)?, mailed))
        })
        .await?;
    if mailed {
        state.mail_queued();
    }
    Ok(web::Json(FairView::from(&row)))
}

/// Publish a draft fair.
#[utoipa::path(post, path = "/api/v1/job-fairs/{id}/publish", operation_id = "publish_job_fair", tag = "job-fairs", description = "Roles: hr, admin. draft → published.",
    params(("id" = String, Path, description = "Fair id")), security(("bearer" = [])),
    responses((status = 200, body = FairView), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn publish(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
) -> AppResult<web::Json<FairView>> {
    act(state, auth, ip, path.into_inner(), FairAction::Publish, None).await
}

/// Close sign-up.
#[utoipa::path(post, path = "/api/v1/job-fairs/{id}/close", operation_id = "close_job_fair", tag = "job-fairs", description = "Roles: hr, admin. published → closed.",
    params(("id" = String, Path, description = "Fair id")), security(("bearer" = [])),
    responses((status = 200, body = FairView), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn close(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
) -> AppResult<web::Json<FairView>> {
    act(state, auth, ip, path.into_inner(), FairAction::Close, None).await
}

/// Mark the fair held.
#[utoipa::path(post, path = "/api/v1/job-fairs/{id}/finish", tag = "job-fairs", description = "Roles: hr, admin. closed → finished.",
    params(("id" = String, Path, description = "Fair id")), security(("bearer" = [])),
    responses((status = 200, body = FairView), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn finish(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
) -> AppResult<web::Json<FairView>> {
    act(state, auth, ip, path.into_inner(), FairAction::Finish, None).await
}

/// Call the fair off; everyone signed up or waiting is e-mailed.
#[utoipa::path(post, path = "/api/v1/job-fairs/{id}/cancel", operation_id = "cancel_job_fair", tag = "job-fairs",
    description = "Roles: hr, admin. draft/published/closed → cancelled, with a reason.",
    params(("id" = String, Path, description = "Fair id")), request_body = CancelInput, security(("bearer" = [])),
    responses((status = 200, body = FairView), (status = 400, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn cancel(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: web::Json<CancelInput>,
) -> AppResult<web::Json<FairView>> {
    let reason = text("reason", &body.reason, 500).map_err(|e| AppError::validation(vec![e]))?;
    act(state, auth, ip, path.into_inner(), FairAction::Cancel, Some(reason)).await
}
