//! Passwords: `POST /auth/password-reset`, `/auth/password-reset/confirm` and `POST /me/password`.
//! Every change ends all sessions of the account and tells its owner by e-mail.

use crate::accounts::email_tokens::{self, Purpose};
use crate::accounts::models::{ChangePasswordInput, EmailInput, ResetConfirmInput, UserRow};
use crate::accounts::routes::session::clear_cookie;
use crate::accounts::{ops, queries, rules};
use crate::auth::password::check_new;
use crate::auth::{AuthUser, ClientIp};
use crate::error::{AppError, AppResult, ErrorCode, Problem};
use crate::state::AppState;
use actix_web::{web, HttpResponse};

/// Ask for a reset link; always 202 so nobody can probe which addresses are registered.
#[utoipa::path(post, path = "/api/v1/auth/password-reset", tag = "auth",
    description = "Roles: anonymous. Always 202; a link valid for one hour is mailed if the account exists.",
    request_body = EmailInput,
    responses((status = 202), (status = 400, body = Problem), (status = 429, body = Problem)))]
pub async fn request_reset(
    state: web::Data<AppState>,
    ip: ClientIp,
    body: crate::http::json::Json<EmailInput>,
) -> AppResult<HttpResponse> {
    let body = body.accept()?;
    state.limiter.check("mail", &ip.0)?;
    let email = rules::normalize_email("email", &body.email).map_err(|e| AppError::validation(vec![e]))?;
    state
        .operate_anonymous(ip, move |conn, ctx| ops::request_reset(conn, ctx, &email))
        .await?;
    Ok(HttpResponse::Accepted().finish())
}

/// Set a new password with the token from a reset (or staff invitation) link.
#[utoipa::path(post, path = "/api/v1/auth/password-reset/confirm", tag = "auth",
    description = "Roles: anonymous (holder of the link). Ends every session of the account.",
    request_body = ResetConfirmInput,
    responses((status = 204), (status = 400, body = Problem)))]
pub async fn confirm_reset(
    state: web::Data<AppState>,
    ip: ClientIp,
    body: crate::http::json::Json<ResetConfirmInput>,
) -> AppResult<HttpResponse> {
    let body = body.accept()?;
    state.limiter.check("verify", &ip.0)?;
    let input = body.into_inner();
    let (token, now) = (input.token.trim().to_string(), state.clock.now());
    let lookup = token.clone();
    let email = state
        .db
        .run(move |conn| email_tokens::holder_email(conn, &lookup, Purpose::PasswordReset, now))
        .await?;
    let errors = check_new("new_password", &input.new_password, email.as_deref());
    if !errors.is_empty() {
        return Err(AppError::validation(errors));
    }
    let hash = state.hasher.hash(input.new_password).await?;
    state
        .operate_anonymous(ip, move |conn, ctx| ops::confirm_reset(conn, ctx, &token, &hash))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The caller's account, once `password` is proven to be its current password.
async fn with_current_password(state: &AppState, auth: &AuthUser, password: String) -> AppResult<UserRow> {
    let id = auth.id.clone();
    let user = state
        .db
        .run(move |conn| queries::find_by_id(conn, &id))
        .await?
        .ok_or_else(AppError::not_found)?;
    if !state.hasher.verify(password, Some(user.password_hash.clone())).await? {
        return Err(AppError::new(
            ErrorCode::WrongPassword,
            "The current password is wrong.",
        ));
    }
    Ok(user)
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
    body: crate::http::json::Json<ChangePasswordInput>,
) -> AppResult<HttpResponse> {
    let body = body.accept()?;
    state.limiter.check("login", &ip.0)?;
    let input = body.into_inner();
    let errors = check_new("new_password", &input.new_password, Some(&auth.email));
    if !errors.is_empty() {
        return Err(AppError::validation(errors));
    }
    let user = with_current_password(&state, &auth, input.current_password).await?;
    let hash = state.hasher.hash(input.new_password).await?;
    state
        .operate_as(&auth, ip, move |conn, ctx| {
            ops::change_password(conn, ctx, &user, &hash)
        })
        .await?;
    Ok(clear_cookie(&state, HttpResponse::NoContent().finish()))
}
