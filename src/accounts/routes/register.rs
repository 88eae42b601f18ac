//! `POST /auth/register`: self-registration of applicants and employers.

use crate::accounts::models::{RegisterInput, UserView};
use crate::accounts::{ops, rules};
use crate::auth::ClientIp;
use crate::error::{AppError, AppResult, ErrorCode, Problem};
use crate::state::AppState;
use actix_web::{web, HttpResponse};

/// Register an applicant or employer account and send the verification e-mail.
#[utoipa::path(post, path = "/api/v1/auth/register", tag = "auth",
    description = "Roles: anonymous. Needs consent to the privacy notice in force (privacy_notice_version; 422 privacy_consent_required otherwise), recorded with its time. Creates a pending account and e-mails a verification link. An address that already has an account gets the same answer, and its owner a mail instead, so that nobody can probe which addresses are registered.",
    request_body = RegisterInput,
    responses((status = 201, body = UserView), (status = 400, body = Problem), (status = 422, body = Problem), (status = 429, body = Problem)))]
pub async fn register(
    state: web::Data<AppState>,
    ip: ClientIp,
    body: crate::http::json::Json<RegisterInput>,
) -> AppResult<HttpResponse> {
    let body = body.accept()?;
    state.limiter.check("register", &ip.0)?;
    let input = body.into_inner();
    let valid = rules::validate_registration(
        &input.email,
        &input.password,
        &input.display_name,
        input.role.self_registrable(),
    )
    .map_err(AppError::validation)?;
    let notice = crate::privacy::notice::version();
    if !crate::privacy::rules::consented(input.privacy_notice_version.as_deref(), notice) {
        return Err(AppError::new(
            ErrorCode::PrivacyConsentRequired,
            format!("Read the privacy notice and consent to it (version {notice}) to register."),
        ));
    }
    let password_hash = state.hasher.hash(input.password).await?;
    let (role, locale) = (input.role, input.locale.unwrap_or_default());
    let user = state
        .operate_anonymous(ip, move |conn, ctx| {
            ops::register(conn, ctx, valid, password_hash, role, locale)
        })
        .await?;
    Ok(HttpResponse::Created().json(UserView::from(&user)))
}
