//! `POST /auth/verify-email` and `POST /auth/resend-verification`.

use crate::accounts::email_tokens::{self, Purpose};
use crate::accounts::links::{self, Link};
use crate::accounts::models::{EmailInput, TokenInput, UserView};
use crate::accounts::{queries, rules};
use crate::audit::{self, Actor, Event};
use crate::auth::ClientIp;
use crate::db::now;
use crate::error::{AppError, AppResult, ErrorCode, Problem};
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use serde_json::json;

/// Confirm an e-mail address with the token from the verification link.
#[utoipa::path(post, path = "/api/v1/auth/verify-email", tag = "auth",
    description = "Roles: anonymous. Tokens are single-use and expire after 24 hours.",
    request_body = TokenInput,
    responses((status = 200, body = UserView), (status = 400, body = Problem)))]
pub async fn verify_email(
    state: web::Data<AppState>,
    ip: ClientIp,
    body: web::Json<TokenInput>,
) -> AppResult<HttpResponse> {
    state.limiter.check("verify", &ip.0)?;
    let token = body.into_inner().token;
    let key = state.audit_key.clone();
    let user = state
        .db
        .write(move |conn| {
            let now = now();
            let user_id = email_tokens::consume(conn, token.trim(), Purpose::VerifyEmail, now)?.ok_or_else(|| {
                AppError::new(
                    ErrorCode::InvalidToken,
                    "This verification link is invalid, used or expired.",
                )
            })?;
            queries::mark_verified(conn, &user_id, now)?;
            let user = queries::find_by_id(conn, &user_id)?.ok_or_else(AppError::not_found)?;
            audit::record(
                conn,
                &key,
                &Actor {
                    id: Some(user.id.clone()),
                    email: Some(user.email.clone()),
                    ip: Some(ip.0),
                },
                Event {
                    action: "account.email_verified",
                    entity: "user",
                    entity_id: Some(&user.id),
                    before: None,
                    after: Some(json!({"status": user.status})),
                },
            )?;
            Ok(user)
        })
        .await?;
    Ok(HttpResponse::Ok().json(UserView::from(&user)))
}

/// Send a new verification link to a pending account; always answers 202 so nobody can probe
/// which addresses are registered.
#[utoipa::path(post, path = "/api/v1/auth/resend-verification", tag = "auth",
    description = "Roles: anonymous. Always 202.",
    request_body = EmailInput,
    responses((status = 202), (status = 400, body = Problem), (status = 429, body = Problem)))]
pub async fn resend_verification(
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
            if user.status != "pending" {
                return Ok(false);
            }
            let now = now();
            links::send(conn, &user, Link::VerifyEmail, &public_url, now)?;
            audit::record(
                conn,
                &key,
                &Actor {
                    id: Some(user.id.clone()),
                    email: Some(user.email.clone()),
                    ip: Some(ip.0),
                },
                Event {
                    action: "account.verification_resent",
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
