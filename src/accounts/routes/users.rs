//! Administrators manage accounts: `GET/POST /users`, `PATCH /users/{id}`.

use crate::accounts::links::{self, Link};
use crate::accounts::models::{CreateUserInput, UpdateUserInput, UserFilter, UserRow, UserView};
use crate::accounts::{queries, rules, sessions};
use crate::audit::{self, Actor, Event};
use crate::auth::{AuthUser, ClientIp, Role};
use crate::db::{new_id, now};
use crate::error::{AppError, AppResult, ErrorCode, FieldError, Problem};
use crate::masking;
use crate::pagination::Paging;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use serde_json::json;

crate::page_of!(UserPage, UserView);

/// A stored hash no password can match: invited staff sign in only after setting one.
const NO_PASSWORD: &str = "!invited";

/// List accounts with search, filters and pagination.
#[utoipa::path(get, path = "/api/v1/users", tag = "users",
    description = "Roles: admin.", params(UserFilter), security(("bearer" = [])),
    responses((status = 200, body = UserPage), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn list_users(
    state: web::Data<AppState>,
    auth: AuthUser,
    filter: web::Query<UserFilter>,
) -> AppResult<web::Json<UserPage>> {
    auth.require(&[Role::Admin])?;
    let filter = filter.into_inner();
    let paging = Paging::new(filter.page, filter.per_page);
    let (rows, total) = state.db.run(move |conn| queries::list(conn, &filter, paging)).await?;
    Ok(web::Json(UserPage::new(
        rows.iter().map(UserView::from).collect(),
        total,
        paging,
    )))
}

/// Create a staff account (hr, finance or admin); the person receives a link to set a password.
#[utoipa::path(post, path = "/api/v1/users", tag = "users",
    description = "Roles: admin. The new account is active; an invitation with a 72-hour link to set the password is e-mailed.",
    request_body = CreateUserInput, security(("bearer" = [])),
    responses((status = 201, body = UserView), (status = 400, body = Problem), (status = 403, body = Problem), (status = 409, body = Problem)))]
pub async fn create_user(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    body: web::Json<CreateUserInput>,
) -> AppResult<HttpResponse> {
    auth.require(&[Role::Admin])?;
    let input = body.into_inner();
    let mut errors = Vec::new();
    let email = rules::normalize_email("email", &input.email)
        .map_err(|e| errors.push(e))
        .ok();
    let name = rules::check_display_name("display_name", &input.display_name)
        .map_err(|e| errors.push(e))
        .ok();
    if input.role.self_registrable() {
        errors.push(FieldError::new(
            "role",
            "invalid_choice",
            "Staff accounts are hr, finance or admin; applicants and employers register themselves.",
        ));
    }
    let (Some(email), Some(display_name), true) = (email, name, errors.is_empty()) else {
        return Err(AppError::validation(errors));
    };
    let locale = input.locale.unwrap_or_default().as_str().to_string();
    let role = input.role;
    let public_url = state.config.public_url.clone();
    let key = state.audit_key.clone();
    let user = state
        .db
        .write(move |conn| {
            if queries::find_by_email(conn, &email)?.is_some() {
                return Err(AppError::new(
                    ErrorCode::EmailTaken,
                    "This e-mail address is already registered.",
                ));
            }
            let now = now();
            let row = UserRow {
                id: new_id(),
                email,
                display_name,
                password_hash: NO_PASSWORD.into(),
                role: role.as_str().into(),
                status: "active".into(),
                locale,
                failed_logins: 0,
                locked_until: None,
                token_version: 0,
                email_verified_at: None,
                last_login_at: None,
                created_at: now,
                updated_at: now,
            };
            queries::insert(conn, &row)?;
            links::send(conn, &row, Link::StaffInvite, &public_url, now)?;
            audit::record(
                conn,
                &key,
                &Actor {
                    id: Some(auth.id.clone()),
                    email: Some(auth.email.clone()),
                    ip: Some(ip.0),
                },
                Event {
                    action: "account.created_by_admin",
                    entity: "user",
                    entity_id: Some(&row.id),
                    before: None,
                    after: Some(json!({"email": masking::email(&row.email), "role": row.role})),
                },
            )?;
            Ok(row)
        })
        .await?;
    state.mail_queued();
    Ok(HttpResponse::Created().json(UserView::from(&user)))
}

/// The status an account gets when (re-)enabled.
fn enabled_status(user: &UserRow) -> &'static str {
    let staff = Role::parse(&user.role).is_some_and(|r| !r.self_registrable());
    if user.email_verified_at.is_some() || staff {
        "active"
    } else {
        "pending"
    }
}

/// Change an account's role, name, or disable / re-enable it. Role changes and disabling end
/// every session of that account.
#[utoipa::path(patch, path = "/api/v1/users/{id}", tag = "users",
    description = "Roles: admin. The last active administrator cannot be disabled or demoted.",
    params(("id" = String, Path, description = "User id")),
    request_body = UpdateUserInput, security(("bearer" = [])),
    responses((status = 200, body = UserView), (status = 400, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn update_user(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: web::Json<UpdateUserInput>,
) -> AppResult<web::Json<UserView>> {
    auth.require(&[Role::Admin])?;
    let id = path.into_inner();
    let input = body.into_inner();
    let display_name = match &input.display_name {
        Some(n) => Some(rules::check_display_name("display_name", n).map_err(|e| AppError::validation(vec![e]))?),
        None => None,
    };
    let key = state.audit_key.clone();
    let user = state
        .db
        .write(move |conn| {
            let before = queries::find_by_id(conn, &id)?.ok_or_else(AppError::not_found)?;
            let role = input.role.map(Role::as_str).unwrap_or(&before.role).to_string();
            let status = match input.disabled {
                Some(true) => "disabled",
                Some(false) if before.status == "disabled" => enabled_status(&before),
                _ => before.status.as_str(),
            }
            .to_string();
            let loses_admin =
                before.role == "admin" && before.status == "active" && (role != "admin" || status != "active");
            if loses_admin && before.id == auth.id {
                return Err(AppError::new(
                    ErrorCode::Conflict,
                    "You cannot disable or demote your own administrator account.",
                ));
            }
            if loses_admin && queries::count_active_admins(conn)? <= 1 {
                return Err(AppError::new(
                    ErrorCode::Conflict,
                    "This is the last active administrator.",
                ));
            }
            let revoke = role != before.role || (status == "disabled" && before.status != "disabled");
            let now = now();
            let name = display_name.unwrap_or_else(|| before.display_name.clone());
            queries::update_admin_fields(conn, &before.id, &role, &status, &name, revoke, now)?;
            if revoke {
                sessions::revoke_all(conn, &before.id, now)?;
            }
            audit::record(
                conn,
                &key,
                &Actor {
                    id: Some(auth.id.clone()),
                    email: Some(auth.email.clone()),
                    ip: Some(ip.0),
                },
                Event {
                    action: "account.updated_by_admin",
                    entity: "user",
                    entity_id: Some(&before.id),
                    before: Some(
                        json!({"role": before.role, "status": before.status, "display_name": before.display_name}),
                    ),
                    after: Some(json!({"role": role, "status": status, "display_name": name})),
                },
            )?;
            queries::find_by_id(conn, &before.id)?.ok_or_else(AppError::not_found)
        })
        .await?;
    Ok(web::Json(UserView::from(&user)))
}
