//! Applicants sign up (or join the waiting list), cancel, and see their tickets; HR lists sign-ups
//! and checks tickets in at the door.

use crate::auth::{AuthUser, ClientIp, Role};
use crate::error::{AppResult, Problem};
use crate::fairs::models::{
    CheckInInput, CheckInResult, RegistrationFilter, RegistrationPage, RegistrationView, SignupInput,
};
use crate::fairs::ops::{self, ORGANISERS};
use crate::fairs::{queries, views};
use crate::pagination::Paging;
use crate::state::AppState;
use actix_web::web::{self, Bytes};
use actix_web::HttpResponse;

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
        crate::http::json::decode_bytes(&body)?
    };
    let (fair_id, actor) = (path.into_inner(), auth.clone());
    let view = state
        .operate_as(&auth, ip, move |conn, ctx| {
            ops::sign_up(conn, ctx, &actor, &fair_id, &input)
        })
        .await?;
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
    let ((fair_id, registration_id), actor) = (path.into_inner(), auth.clone());
    state
        .operate_as(&auth, ip, move |conn, ctx| {
            ops::cancel_sign_up(conn, ctx, &actor, &fair_id, &registration_id)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// My sign-ups with their fairs.
#[utoipa::path(get, path = "/api/v1/me/registrations", operation_id = "my_registrations", tag = "job-fairs", description = "Roles: applicant. Each ticket carries the holder's full name (from the profile) for the ID check at the door.",
    security(("bearer" = [])), responses((status = 200, body = Vec<RegistrationView>)))]
pub async fn mine(state: web::Data<AppState>, auth: AuthUser) -> AppResult<web::Json<Vec<RegistrationView>>> {
    auth.require(&[Role::Applicant])?;
    let views = state
        .db
        .run(move |conn| {
            let rows = queries::of_user(conn, &auth.id)?;
            rows.iter()
                .map(|(r, f)| {
                    // The holder's name on the ticket, for the ID check at the door.
                    let mut view = views::registration(conn, r, Some(f))?;
                    if let Some((_, _, _, name)) = queries::person(conn, &r.id)? {
                        view.full_name = name;
                    }
                    Ok(view)
                })
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
    ip: ClientIp,
    path: web::Path<String>,
    filter: web::Query<RegistrationFilter>,
) -> AppResult<HttpResponse> {
    auth.require(ORGANISERS)?;
    let fair_id = path.into_inner();
    let filter = filter.into_inner();
    let csv = filter.format.as_deref() == Some("csv");
    let status = filter.status;
    let paging = if csv {
        Paging {
            page: 1,
            per_page: 100_000,
        }
    } else {
        Paging::new(filter.page, filter.per_page)
    };
    let (fair, items, total) = state
        .db
        .run(move |conn| views::registrations_for_hr(conn, &fair_id, filter.status, paging))
        .await?;
    if csv {
        // Names and e-mails leave the portal: audited like the talent-pool export.
        let (id, rows) = (fair.id.clone(), items.len());
        state
            .operate_as(&auth, ip, move |conn, ctx| record_export(conn, ctx, &id, status, rows))
            .await?;
        let disposition = format!("attachment; filename=\"registrations-{}.csv\"", fair.id);
        return Ok(HttpResponse::Ok()
            .content_type("text/csv; charset=utf-8")
            .insert_header(("Content-Disposition", disposition))
            .body(views::registrations_csv(&items)));
    }
    Ok(HttpResponse::Ok().json(RegistrationPage::new(items, total, paging)))
}

/// Record that a fair's sign-ups were downloaded, with the filter and how many rows left.
fn record_export(
    conn: &mut crate::db::DbConn,
    ctx: &mut crate::operation::Ctx,
    fair_id: &str,
    status: Option<crate::fairs::models::RegistrationStatus>,
    rows: usize,
) -> AppResult<()> {
    ctx.record(
        conn,
        crate::audit::Event {
            action: "job_fair.registrations_exported",
            entity: "job_fair",
            entity_id: Some(fair_id),
            before: None,
            after: Some(serde_json::json!({"format": "csv", "status": status, "rows": rows})),
        },
    )
}

/// Check a ticket in at the door. A second scan answers 200 and changes nothing.
#[utoipa::path(post, path = "/api/v1/job-fairs/{id}/check-in", tag = "job-fairs",
    description = "Roles: hr, admin. Refuses tickets of other fairs and cancelled tickets with a clear code, and any scan outside the door window (from JUXIAN_CHECKIN_OPENS_MINUTES before the start until the end) with 409 check_in_not_open.",
    params(("id" = String, Path, description = "Fair id")), request_body = CheckInInput, security(("bearer" = [])),
    responses((status = 200, body = CheckInResult), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn check_in(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: crate::http::json::Json<CheckInInput>,
) -> AppResult<web::Json<CheckInResult>> {
    auth.require(ORGANISERS)?;
    let body = body.accept()?;
    let (fair_id, code, actor) = (path.into_inner(), body.into_inner().ticket_code, auth.clone());
    let opens = state.config.checkin_opens_minutes;
    let result = state
        .operate_as(&auth, ip, move |conn, ctx| {
            ops::check_in(conn, ctx, &actor, &fair_id, &code, opens)
        })
        .await?;
    Ok(web::Json(result))
}
