//! Sign-in sessions: `POST /auth/login`, `/auth/refresh`, `/auth/logout`, and the refresh cookie.

use crate::accounts::models::{LoginInput, TokenResponse, TokenType, UserRow, UserView};
use crate::accounts::ops::{self, invalid_credentials, LoginOutcome};
use crate::accounts::queries;
use crate::accounts::sessions::{Rotation, Session};
use crate::auth::tokens::ACCESS_TTL_SECONDS;
use crate::auth::{ClientIp, Role};
use crate::error::{AppError, AppResult, ErrorCode, Problem};
use crate::state::AppState;
use actix_web::cookie::{time::Duration as CookieDuration, Cookie, SameSite};
use actix_web::{web, HttpRequest, HttpResponse};

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

/// The answer to a successful log-in or refresh: an access token of the session and its newest
/// refresh cookie, which the browser keeps no longer than the refresh token lives.
pub fn session_response(state: &AppState, user: &UserRow, session: Session) -> AppResult<HttpResponse> {
    let role = Role::parse(&user.role).ok_or_else(|| AppError::internal("unknown role"))?;
    let access_token = state
        .keys
        .issue_access(&user.id, role, user.token_version, &session.id)?;
    let max_age = CookieDuration::seconds((session.refresh_expires_at - state.clock.now()).num_seconds().max(0));
    Ok(HttpResponse::Ok()
        .cookie(refresh_cookie(state, session.refresh_token, max_age))
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

/// Sign in with e-mail and password.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth",
    description = "Roles: anonymous. Sets the HttpOnly refresh cookie. After five failures in a row for one address from one source, that source waits before its next try (30 s, doubling up to an hour; 429 with Retry-After); the account itself is never locked.",
    request_body = LoginInput,
    responses((status = 200, body = TokenResponse), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 429, body = Problem)))]
pub async fn login(
    state: web::Data<AppState>,
    ip: ClientIp,
    body: crate::http::json::Json<LoginInput>,
) -> AppResult<HttpResponse> {
    state.limiter.check("login", &ip.0)?;
    let body = body.accept()?;
    let input = body.into_inner();
    let email = input.email.trim().to_lowercase();
    state.throttle.check(&email, &ip.0, state.clock.now())?;
    let lookup = email.clone();
    let user = state.db.run(move |conn| queries::find_by_email(conn, &lookup)).await?;
    let password_ok = state
        .hasher
        .verify(input.password, user.as_ref().map(|u| u.password_hash.clone()))
        .await?;
    if password_ok {
        state.throttle.succeeded(&email, &ip.0)?;
    } else {
        // Unknown addresses are slowed down alike, so a 429 says nothing about who has an account.
        state.throttle.failed(&email, &ip.0, state.clock.now())?;
    }
    let Some(user) = user else {
        return Err(invalid_credentials());
    };
    let outcome = state
        .operate_anonymous(ip, move |conn, ctx| ops::login(conn, ctx, user, password_ok))
        .await?;
    match outcome {
        LoginOutcome::Success(user, session) => session_response(&state, &user, session),
        // Failures are committed (audit) before the refusal is answered.
        LoginOutcome::Refused(error) => Err(error),
    }
}

/// Exchange the refresh cookie for a new access token and a new refresh cookie.
#[utoipa::path(post, path = "/api/v1/auth/refresh", tag = "auth",
    description = "Roles: anyone holding a refresh cookie. Requires the X-Requested-With header. A token presented again within 30 s of its rotation (a second tab, a lost answer) gets the same successor; later, reusing an old refresh token ends the whole session. Sessions end 30 days (applicants, employers) or 12 hours (staff) after sign-in however often they refresh.",
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
    let keys = state.keys.clone();
    let rotation = state
        .operate_anonymous(ip, move |conn, ctx| ops::refresh(conn, ctx, &keys, &token))
        .await?;
    match rotation {
        Rotation::Rotated { user, session } => session_response(&state, &user, session),
        Rotation::ReuseDetected { .. } | Rotation::Invalid => {
            let error = AppError::unauthorized("The session has ended; sign in again.");
            Ok(clear_cookie(&state, actix_web::ResponseError::error_response(&error)))
        }
    }
}

/// Sign out: end this session (its access tokens stop working at once) and clear the cookie.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth",
    description = "Roles: anyone. Requires the X-Requested-With header. Ends the session of the refresh cookie: its access tokens are refused from now on.",
    responses((status = 204), (status = 403, body = Problem)))]
pub async fn logout(state: web::Data<AppState>, req: HttpRequest, ip: ClientIp) -> AppResult<HttpResponse> {
    require_csrf_header(&req)?;
    if let Some(token) = req
        .cookie(REFRESH_COOKIE)
        .map(|c| c.value().to_string())
        .filter(|v| !v.is_empty())
    {
        state
            .operate_anonymous(ip, move |conn, ctx| ops::logout(conn, ctx, &token))
            .await?;
    }
    Ok(clear_cookie(&state, HttpResponse::NoContent().finish()))
}
