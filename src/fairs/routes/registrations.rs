//! Applicants sign up (or join the waiting list), cancel, and see their tickets; HR lists sign-ups
//! and checks tickets in at the door.

use crate::audit::{self, Actor, Event};
use crate::auth::{AuthUser, ClientIp, Role};
use crate::db::{new_id, now, to_utc, DbConn};
use crate::error::{AppError, AppResult, ErrorCode, Problem};
use crate::fairs::models::{
    CheckInInput, CheckInResult, FairRow, FairStatus, RegistrationFilter, RegistrationPage, RegistrationRow,
    RegistrationStatus, RegistrationView, SignupInput,
};
use crate::fairs::notify::{self, Recipient};
use crate::fairs::queries;
use crate::fairs::routes::fairs::{visible, ORGANISERS};
use crate::fairs::rules;
use crate::http::errors::serde_problem;
use crate::pagination::Paging;
use crate::state::AppState;
use crate::talents::{queries as talent_queries, views as talent_views};
use crate::time::local_minute;
use actix_web::web::{self, Bytes};
use actix_web::HttpResponse;
use chrono::NaiveDateTime;
use serde_json::json;

/// Build the API view of a registration.
pub fn view(conn: &mut DbConn, row: &RegistrationRow, fair: Option<&FairRow>) -> AppResult<RegistrationView> {
    let status = RegistrationStatus::parse(&row.status);
    Ok(RegistrationView {
        id: row.id.clone(),
        job_fair_id: row.fair_id.clone(),
        user_id: row.user_id.clone(),
        status,
        ticket_code: if matches!(status, RegistrationStatus::Registered | RegistrationStatus::CheckedIn) {
            row.ticket_code.clone()
        } else {
            None
        },
        waitlist_position: queries::waitlist_position(conn, row)?,
        checked_in_at: row.checked_in_at.map(to_utc),
        created_at: to_utc(row.created_at),
        fair_title: fair.map(|f| f.title.clone()),
        fair_starts_at: fair.map(|f| to_utc(f.starts_at)),
        fair_venue: fair.map(|f| f.venue.clone()),
        full_name: None,
        email: None,
    })
}

/// Give a freed place to the first person waiting (with a new ticket and an e-mail), or back to the fair.
fn pass_on_place(conn: &mut DbConn, fair: &FairRow, public_url: &str, now: NaiveDateTime) -> AppResult<bool> {
    let Some(next) = queries::first_waiting(conn, &fair.id)? else {
        queries::release_place(conn, &fair.id)?;
        return Ok(false);
    };
    let ticket = rules::new_ticket_code();
    if !queries::move_registration(
        conn,
        &next.id,
        RegistrationStatus::Waitlisted,
        RegistrationStatus::Registered,
        Some(&ticket),
        now,
    )? {
        queries::release_place(conn, &fair.id)?;
        return Ok(false);
    }
    if let Some((promoted, email, locale, name)) = queries::person(conn, &next.id)? {
        let who = Recipient {
            email: &email,
            locale: &locale,
            name: name.as_deref().unwrap_or(&email),
        };
        notify::ticket(conn, &who, fair, &promoted, true, public_url, now)?;
    }
    Ok(true)
}

/// Sign up for a fair: a ticket while places last, then the waiting list (unless `waitlist: false`).
#[utoipa::path(post, path = "/api/v1/job-fairs/{id}/registrations", tag = "job-fairs",
    description = "Roles: applicant with a complete profile. Body optional: {\"waitlist\": false} refuses the waiting list (409 when full).",
    params(("id" = String, Path, description = "Fair id")), request_body(content = Option<SignupInput>), security(("bearer" = [])),
    responses((status = 201, body = RegistrationView), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn sign_up(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: Bytes,
) -> AppResult<HttpResponse> {
    auth.require(&[Role::Applicant])?;
    let input: SignupInput = if body.iter().all(u8::is_ascii_whitespace) {
        SignupInput::default()
    } else {
        serde_json::from_slice(&body).map_err(|e| serde_problem(&e.to_string()))?
    };
    let fair = visible(&state, &Some(auth.clone()), path.into_inner()).await?;
    let key = state.audit_key.clone();
    let public_url = state.config.public_url.clone();
    let view = state
        .db
        .write(move |conn| {
            queries::lock(conn, &fair.id)?;
            let now = now();
            let fair = queries::find(conn, &fair.id)?.ok_or_else(AppError::not_found)?;
            let status = FairStatus::parse(&fair.status).unwrap_or(FairStatus::Draft);
            if !rules::signup_open(status, fair.signup_deadline, now) {
                return Err(AppError::new(
                    ErrorCode::SignupClosed,
                    "Sign-up for this fair is not open.",
                ));
            }
            let profile = talent_queries::find(conn, &auth.id)?;
            let Some(profile) = profile.filter(talent_views::is_complete) else {
                return Err(AppError::new(
                    ErrorCode::ProfileIncomplete,
                    "Fill in your name, ID number, phone and education first.",
                ));
            };
            let existing = queries::registration_of(conn, &fair.id, &auth.id)?;
            if existing
                .as_ref()
                .is_some_and(|r| r.status != RegistrationStatus::Cancelled.as_str())
            {
                return Err(AppError::new(
                    ErrorCode::AlreadyRegistered,
                    "You have already signed up for this fair.",
                ));
            }
            let got_place = queries::take_place(conn, &fair.id)?;
            if !got_place && input.waitlist == Some(false) {
                return Err(AppError::new(ErrorCode::CapacityFull, "The fair is full."));
            }
            let row = RegistrationRow {
                id: existing.as_ref().map(|r| r.id.clone()).unwrap_or_else(new_id),
                fair_id: fair.id.clone(),
                user_id: auth.id.clone(),
                status: if got_place {
                    RegistrationStatus::Registered
                } else {
                    RegistrationStatus::Waitlisted
                }
                .as_str()
                .into(),
                ticket_code: got_place.then(rules::new_ticket_code),
                waitlisted_at: (!got_place).then_some(now),
                checked_in_at: None,
                checked_in_by: None,
                reminded_at: None,
                created_at: existing.as_ref().map(|r| r.created_at).unwrap_or(now),
                updated_at: now,
            };
            queries::save_registration(conn, &row, existing.is_some())?;
            let view = view(conn, &row, Some(&fair))?;
            let who = Recipient {
                email: &auth.email,
                locale: &auth.locale,
                name: &profile.row.full_name,
            };
            if got_place {
                notify::ticket(conn, &who, &fair, &row, false, &public_url, now)?;
            } else {
                notify::waitlisted(conn, &who, &fair, &row, view.waitlist_position.unwrap_or(1), now)?;
            }
            audit::record(
                conn,
                &key,
                &Actor::of(&auth, ip),
                Event {
                    action: if got_place { "fair.signed_up" } else { "fair.waitlisted" },
                    entity: "job_fair",
                    entity_id: Some(&fair.id),
                    before: None,
                    after: Some(json!({"registration_id": row.id})),
                },
            )?;
            Ok(view)
        })
        .await?;
    state.mail_queued();
    Ok(HttpResponse::Created().json(view))
}

/// Cancel my sign-up (until the deadline); the first person waiting gets the place.
#[utoipa::path(delete, path = "/api/v1/job-fairs/{id}/registrations/{registration_id}", operation_id = "cancel_registration", tag = "job-fairs",
    description = "Roles: the applicant who signed up, until the sign-up deadline.",
    params(("id" = String, Path, description = "Fair id"), ("registration_id" = String, Path, description = "Registration id")),
    security(("bearer" = [])), responses((status = 204), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn cancel(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<(String, String)>,
) -> AppResult<HttpResponse> {
    auth.require(&[Role::Applicant])?;
    let (fair_id, registration_id) = path.into_inner();
    let key = state.audit_key.clone();
    let public_url = state.config.public_url.clone();
    let promoted = state
        .db
        .write(move |conn| {
            queries::lock(conn, &fair_id)?;
            let now = now();
            let reg = queries::registration(conn, &registration_id)?
                .filter(|r| r.fair_id == fair_id && r.user_id == auth.id)
                .ok_or_else(AppError::not_found)?;
            let fair = queries::find(conn, &fair_id)?.ok_or_else(AppError::not_found)?;
            let status = RegistrationStatus::parse(&reg.status);
            if !matches!(status, RegistrationStatus::Registered | RegistrationStatus::Waitlisted) {
                return Err(AppError::new(
                    ErrorCode::InvalidTransition,
                    format!("A {} sign-up cannot be cancelled.", reg.status),
                ));
            }
            if !rules::signup_open(
                FairStatus::parse(&fair.status).unwrap_or(FairStatus::Draft),
                fair.signup_deadline,
                now,
            ) {
                return Err(AppError::new(
                    ErrorCode::SignupClosed,
                    "The sign-up deadline has passed.",
                ));
            }
            if !queries::move_registration(conn, &reg.id, status, RegistrationStatus::Cancelled, None, now)? {
                return Err(AppError::new(
                    ErrorCode::InvalidTransition,
                    "The sign-up changed meanwhile; reload.",
                ));
            }
            let promoted = status == RegistrationStatus::Registered && pass_on_place(conn, &fair, &public_url, now)?;
            audit::record(
                conn,
                &key,
                &Actor::of(&auth, ip),
                Event {
                    action: "fair.signup_cancelled",
                    entity: "job_fair",
                    entity_id: Some(&fair.id),
                    before: Some(json!({"registration_id": reg.id, "status": reg.status})),
                    after: Some(json!({"promoted_next": promoted})),
                },
            )?;
            Ok(promoted)
        })
        .await?;
    if promoted {
        state.mail_queued();
    }
    Ok(HttpResponse::NoContent().finish())
}

/// My sign-ups with their fairs.
#[utoipa::path(get, path = "/api/v1/me/registrations", operation_id = "my_registrations", tag = "job-fairs", description = "Roles: applicant.",
    security(("bearer" = [])), responses((status = 200, body = Vec<RegistrationView>)))]
pub async fn mine(state: web::Data<AppState>, auth: AuthUser) -> AppResult<web::Json<Vec<RegistrationView>>> {
    auth.require(&[Role::Applicant])?;
    let views = state
        .db
        .run(move |conn| {
            let rows = queries::of_user(conn, &auth.id)?;
            rows.iter()
                .map(|(r, f)| view(conn, r, Some(f)))
                .collect::<AppResult<Vec<_>>>()
        })
        .await?;
    Ok(web::Json(views))
}

/// A fair's sign-ups for HR (`format=csv` downloads them).
#[utoipa::path(get, path = "/api/v1/job-fairs/{id}/registrations", operation_id = "list_registrations", tag = "job-fairs", description = "Roles: hr, admin.",
    params(("id" = String, Path, description = "Fair id"), RegistrationFilter), security(("bearer" = [])),
    responses((status = 200, body = RegistrationPage), (status = 404, body = Problem)))]
pub async fn list(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
    filter: web::Query<RegistrationFilter>,
) -> AppResult<HttpResponse> {
    auth.require(ORGANISERS)?;
    let fair_id = path.into_inner();
    let filter = filter.into_inner();
    let csv = filter.format.as_deref() == Some("csv");
    let paging = if csv {
        Paging {
            page: 1,
            per_page: 100_000,
        }
    } else {
        Paging::new(filter.page, filter.per_page)
    };
    let (fair, views, total) = state
        .db
        .run(move |conn| {
            let fair = queries::find(conn, &fair_id)?.ok_or_else(AppError::not_found)?;
            let (rows, total) = queries::registrations_page(conn, &fair_id, filter.status, paging)?;
            let mut views = Vec::new();
            for (row, email, name) in rows {
                let mut v = view(conn, &row, None)?;
                v.email = Some(email);
                v.full_name = name;
                views.push(v);
            }
            Ok((fair, views, total))
        })
        .await?;
    if csv {
        let mut out = crate::csv::head(&["姓名", "邮箱", "状态", "入场券", "候补序号", "签到时间", "报名时间"]);
        for v in &views {
            out.push_str(&crate::csv::line(&[
                v.full_name.clone().unwrap_or_default(),
                v.email.clone().unwrap_or_default(),
                v.status.as_str().to_string(),
                v.ticket_code.clone().unwrap_or_default(),
                v.waitlist_position.map(|p| p.to_string()).unwrap_or_default(),
                v.checked_in_at.map(|t| local_minute(t.naive_utc())).unwrap_or_default(),
                local_minute(v.created_at.naive_utc()),
            ]));
        }
        return Ok(HttpResponse::Ok()
            .content_type("text/csv; charset=utf-8")
            .insert_header((
                "Content-Disposition",
                format!("attachment; filename=\"registrations-{}.csv\"", fair.id),
            ))
            .body(out));
    }
    Ok(HttpResponse::Ok().json(RegistrationPage::new(views, total, paging)))
}

/// Check a ticket in at the door. A second scan answers 200 and changes nothing.
#[utoipa::path(post, path = "/api/v1/job-fairs/{id}/check-in", tag = "job-fairs",
    description = "Roles: hr, admin. Refuses tickets of other fairs and cancelled tickets with a clear code.",
    params(("id" = String, Path, description = "Fair id")), request_body = CheckInInput, security(("bearer" = [])),
    responses((status = 200, body = CheckInResult), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn check_in(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: web::Json<CheckInInput>,
) -> AppResult<web::Json<CheckInResult>> {
    auth.require(ORGANISERS)?;
    let fair_id = path.into_inner();
    let code = rules::normalize_ticket(&body.ticket_code);
    let key = state.audit_key.clone();
    let result = state
        .db
        .write(move |conn| {
            let now = now();
            let fair = queries::find(conn, &fair_id)?.ok_or_else(AppError::not_found)?;
            if !matches!(
                FairStatus::parse(&fair.status),
                Some(FairStatus::Published | FairStatus::Closed)
            ) {
                return Err(AppError::new(
                    ErrorCode::InvalidTransition,
                    format!("Check-in is not possible at a {} fair.", fair.status),
                ));
            }
            let reg = queries::by_ticket(conn, &code)?
                .ok_or_else(|| AppError::new(ErrorCode::NotFound, "No ticket has this code; check the spelling."))?;
            if reg.fair_id != fair.id {
                return Err(AppError::new(
                    ErrorCode::TicketOtherFair,
                    "This ticket is for a different fair.",
                ));
            }
            let first_scan = match RegistrationStatus::parse(&reg.status) {
                RegistrationStatus::Cancelled | RegistrationStatus::Waitlisted => {
                    return Err(AppError::new(
                        ErrorCode::TicketCancelled,
                        "This ticket was cancelled and is no longer valid.",
                    ));
                }
                RegistrationStatus::CheckedIn => false,
                RegistrationStatus::Registered => queries::check_in(conn, &reg.id, &auth.id, now)?,
            };
            let reg = queries::registration(conn, &reg.id)?.ok_or_else(AppError::not_found)?;
            if first_scan {
                audit::record(
                    conn,
                    &key,
                    &Actor::of(&auth, ip),
                    Event {
                        action: "fair.checked_in",
                        entity: "job_fair",
                        entity_id: Some(&fair.id),
                        before: None,
                        after: Some(json!({"registration_id": reg.id})),
                    },
                )?;
            }
            let at = reg.checked_in_at.map(local_minute).unwrap_or_default();
            let mut registration = view(conn, &reg, Some(&fair))?;
            if let Some((_, email, _, name)) = queries::person(conn, &reg.id)? {
                registration.email = Some(email);
                registration.full_name = name;
            }
            Ok(CheckInResult {
                first_scan,
                message: if first_scan {
                    format!("Checked in at {at}.")
                } else {
                    format!("Already checked in at {at}.")
                },
                registration,
            })
        })
        .await?;
    Ok(web::Json(result))
}
