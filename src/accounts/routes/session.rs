//! Sign-in sessions: `POST /auth/login`, `/auth/refresh`, `/auth/logout`, and the refresh cookie.

use crate::accounts::models::{LoginInput, TokenResponse, TokenType, UserRow, UserView};
use crate::accounts::sessions::{self, Rotation};
use crate::accounts::{queries, rules};
use crate::audit::{self, Actor, Event};
use crate::auth::tokens::ACCESS_TTL_SECONDS;
use crate::auth::{ClientIp, Role};
use crate::db::now;
use crate::error::{AppError, AppResult, ErrorCode, Problem};
use crate::state::AppState;
use actix_web::cookie::{time::Duration as CookieDuration, Cookie, SameSite};
use actix_web::{web, HttpRequest, HttpResponse};
use serde_json::json;

/// Name of the refresh cookie.
pub const REFRESH_COOKIE: &str = "juxian_refresh";
/// The cookie is only ever sent to the auth endpoints.
const COOKIE_PATH: &str = "/api/v1/auth";

fn refresh_cookie(state: &AppState, value: String, max_age: CookieDuration) -> Cookie<'static> {
    Cookie::build(REFRESH_COOKIE, value)
        .path(COOKIE_PATH)
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(state.config.public_url.starts_with("https://"))
        .max_age(max_age)
        .finish()
}

/// The answer to a successful log-in or refresh: an access token and a new refresh cookie.
pub fn session_response(state: &AppState, user: &UserRow, refresh_token: String) -> AppResult<HttpResponse> {
    let role = Role::parse(&user.role).ok_or_else(|| AppError::internal("unknown role"))?;
    let access_token = state.keys.issue_access(&user.id, role, user.token_version)?;
    let max_age = CookieDuration::seconds(rules::REFRESH_TTL.num_seconds());
    Ok(HttpResponse::Ok()
        .cookie(refresh_cookie(state, refresh_token, max_age))
        .json(TokenResponse {
            access_token,
            token_type: TokenType::Bearer,
            expires_in: ACCESS_TTL_SECONDS,
            user: UserView::from(user),
        }))
}

/// A response that deletes the refresh cookie.
pub fn clear_cookie(state: &AppState, mut response: HttpResponse) -> HttpResponse {
    let _ = response.add_cookie(&refresh_cookie(state, String::new(), CookieDuration::ZERO));
    response
}

fn require_csrf_header(req: &HttpRequest) -> AppResult<()> {
    let present = req
        .headers()
        .get("x-requested-with")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| !v.trim().is_empty());
    if present {
        Ok(())
    } else {
        Err(AppError::new(
            ErrorCode::CsrfHeaderMissing,
            "Send the X-Requested-With header with this request.",
        ))
    }
}

enum LoginOutcome {
    Success(Box<UserRow>, String),
    Refused(AppError),
}

/// Sign in with e-mail and password.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth",
    description = "Roles: anonymous. Sets the HttpOnly refresh cookie. Five failures in a row lock the account for 15 minutes.",
    request_body = LoginInput,
    responses((status = 200, body = TokenResponse), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 423, body = Problem), (status = 429, body = Problem)))]
pub async fn login(state: web::Data<AppState>, ip: ClientIp, body: web::Json<LoginInput>) -> AppResult<HttpResponse> {
    state.limiter.check("login", &ip.0)?;
    let input = body.into_inner();
    let email = input.email.trim().to_lowercase();
    let lookup = email.clone();
    let user = state.db.run(move |conn| queries::find_by_email(conn, &lookup)).await?;
    if let Some(remaining) = user.as_ref().and_then(|u| rules::lock_remaining(u, now())) {
        return Err(locked(remaining));
    }
    let password_ok = state
        .hasher
        .verify(input.password, user.as_ref().map(|u| u.password_hash.clone()))
        .await?;
    let Some(user) = user else {
        return Err(invalid_credentials());
    };
    let key = state.audit_key.clone();
    let outcome = state
        .db
        .write(move |conn| {
            let now = now();
            let actor = Actor { id: Some(user.id.clone()), email: Some(user.email.clone()), ip: Some(ip.0) };
            let event = |action| Event { action, entity: "user", entity_id: Some(&user.id), before: None, after: None };
            if !password_ok {
                let failed = queries::count_failed_login(conn, &user.id, now)?;
                let (_, lock_until) = rules::after_failed_login(failed - 1, now);
                audit::record(conn, &key, &actor, event("account.login_failed"))?;
                if let Some(until) = lock_until {
                    queries::lock(conn, &user.id, until, now)?;
                    audit::record(conn, &key, &actor, Event { after: Some(json!({"locked_minutes": rules::LOCK_MINUTES})), ..event("account.locked") })?;
                }
                return Ok(LoginOutcome::Refused(invalid_credentials()));
            }
            match user.status.as_str() {
                "disabled" => {
                    audit::record(conn, &key, &actor, event("account.login_refused_disabled"))?;
                    Ok(LoginOutcome::Refused(AppError::new(ErrorCode::AccountDisabled, "This account has been disabled; contact the talent office.")))
                }
                "pending" => Ok(LoginOutcome::Refused(AppError::new(
                    ErrorCode::EmailNotVerified,
                    "Confirm your e-mail address first; you can ask for a new link at /api/v1/auth/resend-verification.",
                ))),
                _ => {
                    queries::record_login(conn, &user.id, now)?;
                    let token = sessions::start(conn, &user, now)?;
                    audit::record(conn, &key, &actor, event("account.login"))?;
                    Ok(LoginOutcome::Success(Box::new(user), token))
                }
            }
        })
        .await?;
    match outcome {
        LoginOutcome::Success(user, token) => session_response(&state, &user, token),
        // Failures are committed (counter, audit) before the refusal is answered.
        LoginOutcome::Refused(error) => Err(error),
    }
}

fn invalid_credentials() -> AppError {
    AppError::new(
        ErrorCode::InvalidCredentials,
        "The e-mail address or the password is wrong.",
    )
}

fn locked(remaining: u64) -> AppError {
    AppError::new(
        ErrorCode::AccountLocked,
        "Too many failed sign-ins; the account is locked for a while.",
    )
    .with_retry_after(remaining)
}

/// Exchange the refresh cookie for a new access token and a new refresh cookie.
#[utoipa::path(post, path = "/api/v1/auth/refresh", tag = "auth",
    description = "Roles: anyone holding a refresh cookie. Requires the X-Requested-With header. Reusing an old refresh token revokes the whole session.",
    responses((status = 200, body = TokenResponse), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn refresh(state: web::Data<AppState>, req: HttpRequest, ip: ClientIp) -> AppResult<HttpResponse> {
    // No per-IP limit here: the token is 256 random bits, and a whole office behind one address
    // reloading pages must not be locked out.
    require_csrf_header(&req)?;
    let token = req
        .cookie(REFRESH_COOKIE)
        .map(|c| c.value().to_string())
        .filter(|v| !v.is_empty());
    let Some(token) = token else {
        return Err(AppError::unauthorized("No session to refresh; sign in."));
    };
    let key = state.audit_key.clone();
    let rotation = state
        .db
        .write(move |conn| {
            let rotation = sessions::rotate(conn, &token, now())?;
            if let Rotation::ReuseDetected { user_id } = &rotation {
                audit::record(
                    conn,
                    &key,
                    &Actor {
                        id: Some(user_id.clone()),
                        email: None,
                        ip: Some(ip.0),
                    },
                    Event {
                        action: "account.refresh_reuse_detected",
                        entity: "user",
                        entity_id: Some(user_id),
                        before: None,
                        after: None,
                    },
                )?;
            }
            Ok(rotation)
        })
        .await?;
    match rotation {
        Rotation::Rotated { user, token } => session_response(&state, &user, token),
        Rotation::ReuseDetected { .. } | Rotation::Invalid => {
            let error = AppError::unauthorized("The session has ended; sign in again.");
            Ok(clear_cookie(&state, actix_web::ResponseError::error_response(&error)))
        }
    }
}

/// Sign out: revoke this session's refresh tokens and clear the cookie.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth",
    description = "Roles: anyone. Requires the X-Requested-With header.",
    responses((status = 204), (status = 403, body = Problem)))]
pub async fn logout(state: web::Data<AppState>, req: HttpRequest, ip: ClientIp) -> AppResult<HttpResponse> {
    require_csrf_header(&req)?;
    if let Some(token) = req
        .cookie(REFRESH_COOKIE)
        .map(|c| c.value().to_string())
        .filter(|v| !v.is_empty())
    {
        let key = state.audit_key.clone();
        state
            .db
            .write(move |conn| {
                if let Some(user_id) = sessions::revoke_by_token(conn, &token, now())? {
                    audit::record(
                        conn,
                        &key,
                        &Actor {
                            id: Some(user_id.clone()),
                            email: None,
                            ip: Some(ip.0),
                        },
                        Event {
                            action: "account.logout",
                            entity: "user",
                            entity_id: Some(&user_id),
                            before: None,
                            after: None,
                        },
                    )?;
                }
                Ok(())
            })
            .await?;
    }
    Ok(clear_cookie(&state, HttpResponse::NoContent().finish()))
}
