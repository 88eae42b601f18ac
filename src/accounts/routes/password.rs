//! Passwords: `POST /auth/password-reset`, `/auth/password-reset/confirm` and `POST /me/password`.
//! Every change ends all sessions of the account and tells its owner by e-mail.

use crate::accounts::email_tokens::{self, Purpose};
use crate::accounts::links::{self, Link};
use crate::accounts::models::{ChangePasswordInput, EmailInput, ResetConfirmInput, UserRow};
use crate::accounts::routes::session::clear_cookie;
use crate::accounts::{queries, rules, sessions};
use crate::audit::{self, Actor, Event};
use crate::auth::password::check_new;
use crate::auth::{AuthUser, ClientIp};
use crate::db::{now, DbConn};
use crate::error::{AppError, AppResult, ErrorCode, Problem};
use crate::notifications::{enqueue, mails, Mail};
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use chrono::NaiveDateTime;

/// Ask for a reset link; always 202 so nobody can probe which addresses are registered.
#[utoipa::path(post, path = "/api/v1/auth/password-reset", tag = "auth",
    description = "Roles: anonymous. Always 202; a link valid for one hour is mailed if the account exists.",
    request_body = EmailInput,
    responses((status = 202), (status = 400, body = Problem), (status = 429, body = Problem)))]
pub async fn request_reset(
    state: web::Data<AppState>,
    ip: ClientIp,
    body: web::Json<EmailInput>,
) -> AppResult<HttpResponse> {
    state.limiter.check("mail", &ip.0)?;
    let email = rules::normalize_email("email", &body.email).map_err(|e| AppError::validation(vec![e]))?;
    let public_url = state.config.public_url.clone();
    let key = state.audit_key.clone();
    let queued = state
        .db
        .write(move |conn| {
            let Some(user) = queries::find_by_email(conn, &email)? else {
                return Ok(false);
            };
            if user.status == "disabled" {
                return Ok(false);
            }
            let now = now();
            links::send(conn, &user, Link::PasswordReset, &public_url, now)?;
            audit::record(
                conn,
                &key,
                &Actor {
                    id: Some(user.id.clone()),
                    email: Some(user.email.clone()),
                    ip: Some(ip.0),
                },
                Event {
                    action: "account.password_reset_requested",
                    entity: "user",
                    entity_id: Some(&user.id),
                    before: None,
                    after: None,
                },
            )?;
            Ok(true)
        })
        .await?;
    if queued {
        state.mail_queued();
    }
    Ok(HttpResponse::Accepted().finish())
}

/// Store a new password, end every session, and tell the owner. Runs inside a write transaction.
fn replace_password(conn: &mut DbConn, user: &UserRow, hash: &str, now: NaiveDateTime) -> AppResult<()> {
    queries::set_password(conn, &user.id, hash, now)?;
    sessions::revoke_all(conn, &user.id, now)?;
    enqueue(
        conn,
        &Mail::new(
            user.email.clone(),
            user.locale.clone(),
            &mails::PasswordChanged {
                name: user.display_name.clone(),
            },
            format!("password_changed:{}:{}", user.id, user.token_version + 1),
        ),
        now,
    )?;
    Ok(())
}

/// Set a new password with the token from a reset (or staff invitation) link.
#[utoipa::path(post, path = "/api/v1/auth/password-reset/confirm", tag = "auth",
    description = "Roles: anonymous (holder of the link). Ends every session of the account.",
    request_body = ResetConfirmInput,
    responses((status = 204), (status = 400, body = Problem)))]
pub async fn confirm_reset(
    state: web::Data<AppState>,
    ip: ClientIp,
    body: web::Json<ResetConfirmInput>,
) -> AppResult<HttpResponse> {
    state.limiter.check("verify", &ip.0)?;
    let input = body.into_inner();
    let errors = check_new("new_password", &input.new_password, None);
    if !errors.is_empty() {
        return Err(AppError::validation(errors));
    }
    let hash = state.hasher.hash(input.new_password).await?;
    let key = state.audit_key.clone();
    let token = input.token;
    state
        .db
        .write(move |conn| {
            let now = now();
            let user_id = email_tokens::consume(conn, token.trim(), Purpose::PasswordReset, now)?.ok_or_else(|| {
                AppError::new(
                    ErrorCode::InvalidToken,
                    "This link is invalid, used or expired; ask for a new one.",
                )
            })?;
            let user = queries::find_by_id(conn, &user_id)?.ok_or_else(AppError::not_found)?;
            if user.status == "disabled" {
                return Err(AppError::new(
                    ErrorCode::AccountDisabled,
                    "This account has been disabled.",
                ));
            }
            replace_password(conn, &user, &hash, now)?;
            // Following a link mailed to the address proves the address works.
            queries::mark_verified(conn, &user.id, now)?;
            audit::record(
                conn,
                &key,
                &Actor {
                    id: Some(user.id.clone()),
                    email: Some(user.email.clone()),
                    ip: Some(ip.0),
                },
                Event {
                    action: "account.password_reset",
                    entity: "user",
                    entity_id: Some(&user.id),
                    before: None,
                    after: None,
                },
            )?;
            Ok(())
        })
        .await?;
    state.mail_queued();
    Ok(HttpResponse::NoContent().finish())
}

/// Change the signed-in user's password (the current one is required).
#[utoipa::path(post, path = "/api/v1/me/password", tag = "me",
    description = "Roles: any signed-in user. Ends every session, including this one.",
    request_body = ChangePasswordInput, security(("bearer" = [])),
    responses((status = 204), (status = 400, body = Problem), (status = 401, body = Problem)))]
pub async fn change_password(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    body: web::Json<ChangePasswordInput>,
) -> AppResult<HttpResponse> {
    state.limiter.check("login", &ip.0)?;
    let input = body.into_inner();
    let errors = check_new("new_password", &input.new_password, Some(&auth.email));
    if !errors.is_empty() {
        return Err(AppError::validation(errors));
    }
    let id = auth.id.clone();
    let user = state
        .db
        .run(move |conn| queries::find_by_id(conn, &id))
        .await?
        .ok_or_else(AppError::not_found)?;
    if !state
        .hasher
        .verify(input.current_password, Some(user.password_hash.clone()))
        .await?
    {
        return Err(AppError::new(
            ErrorCode::WrongPassword,
            "The current password is wrong.",
        ));
    }
    let hash = state.hasher.hash(input.new_password).await?;
    let key = state.audit_key.clone();
    state
        .db
        .write(move |conn| {
            let now = now();
            replace_password(conn, &user, &hash, now)?;
            audit::record(
                conn,
                &key,
                &Actor {
                    id: Some(user.id.clone()),
                    email: Some(user.email.clone()),
                    ip: Some(ip.0),
                },
                Event {
                    action: "account.password_changed",
                    entity: "user",
                    entity_id: Some(&user.id),
                    before: None,
                    after: None,
                },
            )?;
            Ok(())
        })
        .await?;
    state.mail_queued();
    Ok(clear_cookie(&state, HttpResponse::NoContent().finish()))
}
