//! `POST /auth/register`: self-registration of applicants and employers.

use crate::accounts::links::{self, Link};
use crate::accounts::models::{RegisterInput, UserRow, UserView};
use crate::accounts::{queries, rules};
use crate::audit::{self, Actor, Event};
use crate::auth::ClientIp;
use crate::db::{new_id, now};
use crate::error::{AppError, AppResult, ErrorCode, Problem};
use crate::masking;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use serde_json::json;

/// Register an applicant or employer account and send the verification e-mail.
#[utoipa::path(post, path = "/api/v1/auth/register", tag = "auth",
    description = "Roles: anonymous. Creates a pending account and e-mails a verification link.",
    request_body = RegisterInput,
    responses((status = 201, body = UserView), (status = 400, body = Problem), (status = 409, body = Problem), (status = 429, body = Problem)))]
pub async fn register(
    state: web::Data<AppState>,
    ip: ClientIp,
    body: web::Json<RegisterInput>,
) -> AppResult<HttpResponse> {
    state.limiter.check("register", &ip.0)?;
    let input = body.into_inner();
    let valid = rules::validate_registration(
        &input.email,
        &input.password,
        &input.display_name,
        input.role.self_registrable(),
    )
    .map_err(AppError::validation)?;
    let password_hash = state.hasher.hash(input.password).await?;
    let locale = input.locale.unwrap_or_default().as_str().to_string();
    let public_url = state.config.public_url.clone();
    let key = state.audit_key.clone();
    let role = input.role;
    let user = state
        .db
        .write(move |conn| {
            if queries::find_by_email(conn, &valid.email)?.is_some() {
                return Err(AppError::new(
                    ErrorCode::EmailTaken,
                    "This e-mail address is already registered.",
                ));
            }
            let now = now();
            let row = UserRow {
                id: new_id(),
                email: valid.email,
                display_name: valid.display_name,
                password_hash,
                role: role.as_str().into(),
                status: "pending".into(),
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
            links::send(conn, &row, Link::VerifyEmail, &public_url, now)?;
            audit::record(
                conn,
                &key,
                &Actor {
                    id: Some(row.id.clone()),
                    email: Some(row.email.clone()),
                    ip: Some(ip.0),
                },
                Event {
                    action: "account.registered",
                    entity: "user",
                    entity_id: Some(&row.id),
                    before: None,
                    after: Some(json!({"email": masking::email(&row.email), "role": row.role, "status": row.status})),
                },
            )?;
            Ok(row)
        })
        .await?;
    state.mail_queued();
    Ok(HttpResponse::Created().json(UserView::from(&user)))
}
