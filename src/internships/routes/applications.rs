//! Applications and placements: applicants apply (at most three per programme); the enterprise or
//! HR accepts (filling a slot, never more than its slots) or rejects; accepting withdraws the
//! person's other pending applications; then start, complete or terminate. Every decision is mailed.

use crate::audit::{self, Actor, Event};
use crate::auth::{AuthUser, ClientIp, Role};
use crate::db::{new_id, now, DbConn};
use crate::enterprises::queries as enterprises;
use crate::error::{AppError, AppResult, ErrorCode, FieldError, Problem};
use crate::internships::models::{
    ApplicationFilter, ApplicationInput, ApplicationPage, ApplicationRow, ApplicationView, CompleteInput,
    ProgramStatus, ReasonInput,
};
use crate::internships::queries::{self, Scope};
use crate::internships::rules::{self, ApplicationAction};
use crate::notifications::{enqueue, mails, Mail};
use crate::pagination::Paging;
use crate::state::AppState;
use crate::talents::{queries as talents, views as talent_views};
use crate::validation::text;
use actix_web::{web, HttpResponse};
use chrono::NaiveDateTime;
use serde_json::json;

/// Tell the applicant what happened to an application.
fn tell(
    conn: &mut DbConn,
    app: &ApplicationRow,
    status: &str,
    reason: Option<&str>,
    now: NaiveDateTime,
) -> AppResult<()> {
    let Some((email, locale, display)) = queries::contact(conn, &app.applicant_id)? else {
        return Ok(());
    };
    let view = queries::application_view_of(conn, app.clone())?;
    let name = view.applicant_name.clone().unwrap_or(display);
    enqueue(
        conn,
        &Mail::new(
            email,
            locale,
            &mails::InternshipUpdate {
                name,
                program: view.program_title,
                position: view.position_title,
                enterprise: view.enterprise_name,
                status: status.into(),
                reason: reason.map(str::to_string),
            },
            format!("internship_update:{}:{status}", app.id),
        ),
        now,
    )?;
    Ok(())
}

/// Apply for an internship position.
#[utoipa::path(post, path = "/api/v1/internship-applications", tag = "internships",
    description = "Roles: applicant with a complete profile, while the programme's application window is open; at most 3 active applications per programme.",
    request_body = ApplicationInput, security(("bearer" = [])),
    responses((status = 201, body = ApplicationView), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn apply(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    body: web::Json<ApplicationInput>,
) -> AppResult<HttpResponse> {
    auth.require(&[Role::Applicant])?;
    let offer_id = body.into_inner().internship_position_id;
    let key = state.audit_key.clone();
    let view = state
        .db
        .write(move |conn| {
            let now = now();
            let offer = queries::offer(conn, &offer_id)?
                .filter(|o| o.status == "approved")
                .ok_or_else(AppError::not_found)?;
            let program = queries::program(conn, &offer.program_id)?.ok_or_else(AppError::not_found)?;
            let open = program.status == ProgramStatus::Published.as_str()
                && program.application_opens_at <= now
                && now < program.application_closes_at;
            if !open {
                return Err(AppError::new(
                    ErrorCode::SignupClosed,
                    "Applications for this programme are not open.",
                ));
            }
            if !talents::find(conn, &auth.id)?.is_some_and(|p| talent_views::is_complete(&p)) {
                return Err(AppError::new(
                    ErrorCode::ProfileIncomplete,
                    "Fill in your name, ID number, phone and education first.",
                ));
            }
            if queries::application_of(conn, &offer.id, &auth.id)?.is_some() {
                return Err(AppError::new(
                    ErrorCode::AlreadyRegistered,
                    "You have already applied for this position.",
                ));
            }
            if queries::active_count(conn, &program.id, &auth.id)? >= rules::MAX_APPLICATIONS {
                return Err(AppError::new(
                    ErrorCode::CapacityFull,
                    "At most three active applications per programme.",
                ));
            }
            let row = ApplicationRow {
                id: new_id(),
                offer_id: offer.id.clone(),
                program_id: program.id.clone(),
                applicant_id: auth.id.clone(),
                status: "submitted".into(),
                reason: None,
                evaluation: None,
                hours: None,
                decided_by: None,
                created_at: now,
                updated_at: now,
            };
            queries::insert_application(conn, &row)?;
            audit::record(
                conn,
                &key,
                &Actor::of(&auth, ip),
                Event {
                    action: "internship.applied",
                    entity: "internship_application",
                    entity_id: Some(&row.id),
                    before: None,
                    after: Some(json!({"internship_position_id": row.offer_id})),
                },
            )?;
            queries::application_view_of(conn, row)
        })
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

/// Details an action carries.
#[derive(Default)]
struct Details {
    reason: Option<String>,
    evaluation: Option<String>,
    hours: Option<i32>,
}

/// Apply an action to an application, with its permission, slot and mail rules.
async fn act(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    id: String,
    action: ApplicationAction,
    details: Details,
) -> AppResult<web::Json<ApplicationView>> {
    let key = state.audit_key.clone();
    let view = state
        .db
        .write(move |conn| {
            let now = now();
            let app = queries::application(conn, &id)?.ok_or_else(AppError::not_found)?;
            let offer = queries::offer(conn, &app.offer_id)?.ok_or_else(AppError::not_found)?;
            let owner = enterprises::find(conn, &offer.enterprise_id)?.map(|e| e.owner_id);
            let may = match action {
                ApplicationAction::Withdraw => auth.id == app.applicant_id,
                _ => matches!(auth.role, Role::Hr | Role::Admin) || owner.as_deref() == Some(auth.id.as_str()),
            };
            if !may {
                return Err(AppError::not_found());
            }
            if !rules::allowed(&app.status, action) {
                return Err(AppError::new(
                    ErrorCode::InvalidTransition,
                    format!("A {} application cannot be {}.", app.status, action.target()),
                ));
            }
            if action == ApplicationAction::Accept && !queries::take_slot(conn, &offer.id)? {
                return Err(AppError::new(
                    ErrorCode::CapacityFull,
                    "Every slot of this internship position is filled.",
                ));
            }
            let moved = queries::move_application(
                conn,
                &app.id,
                &app.status,
                action.target(),
                details.reason.as_deref(),
                details.evaluation.as_deref(),
                details.hours,
                &auth.id,
                now,
            )?;
            if !moved {
                return Err(AppError::new(
                    ErrorCode::InvalidTransition,
                    "The application changed meanwhile; reload.",
                ));
            }
            if action == ApplicationAction::Withdraw && app.status == "accepted" {
                queries::release_slot(conn, &offer.id)?;
            }
            if action == ApplicationAction::Accept {
                for other in queries::other_submitted(conn, &app.program_id, &app.applicant_id, &app.id)? {
                    let note = "Accepted elsewhere in this programme.";
                    if queries::move_application(
                        conn,
                        &other.id,
                        "submitted",
                        "withdrawn",
                        Some(note),
                        None,
                        None,
                        &auth.id,
                        now,
                    )? {
                        tell(conn, &other, "withdrawn", Some(note), now)?;
                    }
                }
            }
            if action != ApplicationAction::Withdraw {
                tell(conn, &app, action.target(), details.reason.as_deref(), now)?;
            }
            audit::record(
                conn,
                &key,
                &Actor::of(&auth, ip),
                Event {
                    action: &format!("internship.application_{}", action.target()),
                    entity: "internship_application",
                    entity_id: Some(&app.id),
                    before: Some(json!({"status": app.status})),
                    after: Some(json!({"status": action.target(), "reason": details.reason, "hours": details.hours})),
                },
            )?;
            let row = queries::application(conn, &app.id)?.ok_or_else(AppError::not_found)?;
            queries::application_view_of(conn, row)
        })
        .await?;
    state.mail_queued();
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
    body: web::Json<ReasonInput>,
) -> AppResult<web::Json<ApplicationView>> {
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
    body: web::Json<ReasonInput>,
) -> AppResult<web::Json<ApplicationView>> {
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
    body: web::Json<CompleteInput>,
) -> AppResult<web::Json<ApplicationView>> {
    let mut errors = Vec::new();
    let evaluation = text("evaluation", &body.evaluation, 2000)
        .map_err(|e| errors.push(e))
        .ok();
    if !(1..=5000).contains(&body.hours) {
        errors.push(FieldError::new("hours", "out_of_range", "Between 1 and 5000 hours."));
    }
    let (Some(evaluation), true) = (evaluation, errors.is_empty()) else {
        return Err(AppError::validation(errors));
    };
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
