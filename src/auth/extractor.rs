//! The `AuthUser` extractor (a valid access token of an active account) and the client IP.

use crate::auth::{queries, Role};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use actix_web::dev::Payload;
use actix_web::{http::header, web, FromRequest, HttpRequest};
use futures_util::future::{ready, LocalBoxFuture, Ready};

/// The signed-in user behind a request. The token is checked and the account re-read on every
/// request, so disabling an account or bumping its token version takes effect at once.
#[derive(Debug, Clone)]
pub struct AuthUser {
    /// User id.
    pub id: String,
    /// Normalised e-mail.
    pub email: String,
    /// Current role.
    pub role: Role,
    /// Preferred language for mail.
    pub locale: String,
}

impl AuthUser {
    /// Refuse with 403 unless the user has one of `roles`.
    pub fn require(&self, roles: &[Role]) -> AppResult<()> {
        if roles.contains(&self.role) {
            Ok(())
        } else {
            Err(AppError::forbidden())
        }
    }
}

fn bearer(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim().to_string())
}

impl FromRequest for AuthUser {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let token = bearer(req);
        Box::pin(async move {
            let state = state.ok_or_else(|| AppError::internal("AppState missing"))?;
            let token = token.ok_or_else(|| AppError::unauthorized("Sign in first (Bearer token missing)."))?;
            let claims = state.keys.verify_access(&token)?;
            let user_id = claims.sub.clone();
            let user = state
                .db
                .run(move |conn| queries::account(conn, &user_id))
                .await?
                .ok_or_else(|| AppError::unauthorized("The account no longer exists."))?;
            if user.status != queries::ACTIVE || user.token_version != claims.ver {
                return Err(AppError::unauthorized("The session has ended; sign in again."));
            }
            let role = Role::parse(&user.role).ok_or_else(|| AppError::internal("unknown role in database"))?;
            Ok(AuthUser {
                id: user.id,
                email: user.email,
                role,
                locale: user.locale,
            })
        })
    }
}

/// The client's IP address: the peer address, or the first `X-Forwarded-For` hop when
/// `JUXIAN_TRUST_PROXY` says a reverse proxy sets it.
#[derive(Debug, Clone)]
pub struct ClientIp(pub String);

impl ClientIp {
    /// Work out the client IP of a request.
    pub fn of(req: &HttpRequest) -> ClientIp {
        let trust = req
            .app_data::<web::Data<AppState>>()
            .is_some_and(|s| s.config.trust_proxy);
        let info = req.connection_info();
        let ip = if trust {
            info.realip_remote_addr()
        } else {
            info.peer_addr()
        };
        let ip = ip.unwrap_or("unknown");
        // peer_addr has no port in actix 4, but a forwarded value might.
        let ip = ip
            .parse::<std::net::SocketAddr>()
            .map(|a| a.ip().to_string())
            .unwrap_or_else(|_| ip.to_string());
        ClientIp(ip)
    }
}

impl FromRequest for ClientIp {
    type Error = AppError;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(ClientIp::of(req)))
    }
}
