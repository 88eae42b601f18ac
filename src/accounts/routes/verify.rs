//! `POST /auth/verify-email` and `POST /auth/resend-verification`.

use crate::accounts::models::{EmailInput, TokenInput, UserView};
use crate::accounts::{ops, rules};
use crate::auth::ClientIp;
use crate::error::{AppError, AppResult, Problem};
use crate::state::AppState;
use actix_web::{web, HttpResponse};

/// Confirm an e-mail address with the token from the verification link.
#[utoipa::path(post, path = "/api/v1/auth/verify-email", tag = "auth",
    description = "Roles: anonymous. Tokens are single-use and expire after 24 hours.",
    request_body = TokenInput,
    responses((status = 200, body = UserView), (status = 400, body = Problem)))]
pub async fn verify_email(
    state: web::Data<AppState>,
    ip: ClientIp,
    body: crate::http::json::Json<TokenInput>,
) -> AppResult<HttpResponse> {
    let body = body.accept()?;
    state.limiter.check("verify", &ip.0)?;
    let token = body.into_inner().token;
    let user = state
        .operate_anonymous(ip, move |conn, ctx| ops::verify_email(conn, ctx, &token))
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
    body: crate::http::json::Json<EmailInput>,
) -> AppResult<HttpResponse> {
    let body = body.accept()?;
    state.limiter.check("mail", &ip.0)?;
    let email = rules::normalize_email("email", &body.email).map_err(|e| AppError::validation(vec![e]))?;
    state
        .operate_anonymous(ip, move |conn, ctx| ops::resend_verification(conn, ctx, &email))
        .await?;
    Ok(HttpResponse::Accepted().finish())
}
