//! The `AuthUser` extractor (a valid access token of an active account) and the client IP.

use crate::auth::{queries, Role};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use actix_web::dev::Payload;
use actix_web::{http::header, web, FromRequest, HttpRequest};
use futures_util::future::{ready, LocalBoxFuture, Ready};

/// The signed-in user behind a request. The token is checked, and the account and the token's
/// session re-read from the database, on every request: logging out, disabling an account or
/// bumping its token version takes effect at once, in every process.
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
            let (user_id, session_id) = (claims.sub.clone(), claims.sid.clone());
            let (user, session_live) = state
                .db
                .run(move |conn| {
                    let user = queries::account(conn, &user_id)?;
                    Ok((user, queries::session_live(conn, &session_id, &user_id)?))
                })
                .await?;
            let user = user.ok_or_else(|| AppError::unauthorized("The account no longer exists."))?;
            if user.status != queries::ACTIVE || user.token_version != claims.ver || !session_live {
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

/// The client's IP address: the peer address, or, behind `JUXIAN_TRUST_PROXY` = N reverse
/// proxies of the operator, the address the outermost of them appended to `X-Forwarded-For`
/// (the N-th from the right; everything left of it the client may have written itself).
#[derive(Debug, Clone)]
pub struct ClientIp(pub String);

impl ClientIp {
    /// Work out the client IP of a request.
    pub fn of(req: &HttpRequest) -> ClientIp {
        let hops = req
            .app_data::<web::Data<AppState>>()
            .map_or(0, |s| s.config.trust_proxy_hops);
        let forwarded = req.headers().get_all("x-forwarded-for").filter_map(|v| v.to_str().ok());
        let ip = forwarded_client(forwarded, hops)
            .or_else(|| req.peer_addr().map(|a| a.ip().to_string()))
            .unwrap_or_else(|| "unknown".into());
        ClientIp(ip)
    }
}

/// The client address in `X-Forwarded-For` values (in header order) behind `hops` trusted
/// proxies, each of which appended the address it was connected from; `None` without proxies or
/// when that entry is not an IP address.
pub fn forwarded_client<'a>(values: impl Iterator<Item = &'a str>, hops: usize) -> Option<String> {
    if hops == 0 {
        return None;
    }
    let entries: Vec<&str> = values.flat_map(|v| v.split(',')).map(str::trim).collect();
    // Fewer entries than proxies: every entry was added by one of ours.
    let entry = entries.get(entries.len().saturating_sub(hops))?;
    parse_ip(entry).map(|ip| ip.to_string())
}

/// An address as proxies write it: bare, with a port, or bracketed IPv6 with a port.
fn parse_ip(entry: &str) -> Option<std::net::IpAddr> {
    entry
        .parse()
        .ok()
        .or_else(|| entry.parse::<std::net::SocketAddr>().ok().map(|a| a.ip()))
        .or_else(|| entry.trim_start_matches('[').trim_end_matches(']').parse().ok())
}

impl FromRequest for ClientIp {
    type Error = AppError;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(ClientIp::of(req)))
    }
}

#[cfg(test)]
mod tests {
    use super::forwarded_client;

    fn client(values: &[&str], hops: usize) -> Option<String> {
        forwarded_client(values.iter().copied(), hops)
    }

    #[test]
    fn the_client_is_counted_from_the_right() {
        // The client forged a left-most value; our one proxy appended the real address.
        assert_eq!(client(&["6.6.6.6, 203.0.113.7"], 1).as_deref(), Some("203.0.113.7"));
        assert_eq!(client(&["6.6.6.6", "203.0.113.7"], 1).as_deref(), Some("203.0.113.7"));
        // Two proxies: the outer one appended the client, the inner one the outer proxy.
        assert_eq!(
            client(&["6.6.6.6, 203.0.113.7, 10.0.0.2"], 2).as_deref(),
            Some("203.0.113.7")
        );
        assert_eq!(client(&["203.0.113.7"], 2).as_deref(), Some("203.0.113.7"));
        assert_eq!(client(&["[2001:db8::1]:4711"], 1).as_deref(), Some("2001:db8::1"));
        assert_eq!(client(&["198.51.100.1:80"], 1).as_deref(), Some("198.51.100.1"));
    }

    #[test]
    fn without_trusted_proxies_or_a_real_address_the_header_is_ignored() {
        assert_eq!(client(&["203.0.113.7"], 0), None);
        assert_eq!(client(&["evil, not-an-ip"], 1), None);
        assert_eq!(client(&[], 1), None);
    }
}
