//! HR's decision: `POST /enterprises/{id}/verify` and `/reject`; the owner is e-mailed either way.

use crate::accounts::queries as accounts;
use crate::audit::record_change;
use crate::audit::Actor;
use crate::auth::{AuthUser, ClientIp, Role};
use crate::db::now;
use crate::enterprises::models::{EnterpriseView, RejectInput};
use crate::enterprises::{queries, rules};
use crate::error::{AppError, AppResult, ErrorCode, Problem};
use crate::notifications::{enqueue, mails, Mail, Template};
use crate::state::AppState;
use actix_web::web;

/// Move a pending enterprise to verified (`reason` is `None`) or rejected, audit it, and queue the
/// owner's mail in the owner's language, all in one transaction.
async fn decide(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    id: String,
    reason: Option<String>,
) -> AppResult<EnterpriseView> {
    let key = state.audit_key.clone();
    let link = format!("{}/workspace", state.config.public_url);
    let row = state
        .db
        .write(move |conn| {
            let before = queries::find(conn, &id)?.ok_or_else(AppError::not_found)?;
            rules::ensure_reviewable(&before.status)?;
            let now = now();
            if !queries::decide(conn, &before.id, &auth.id, reason.as_deref(), now)? {
                return Err(AppError::new(
                    ErrorCode::Conflict,
                    "The enterprise was reviewed meanwhile.",
                ));
            }
            let after = queries::find(conn, &before.id)?.ok_or_else(AppError::not_found)?;
            let owner = accounts::find_by_id(conn, &after.owner_id)?
                .ok_or_else(|| AppError::internal("enterprise owner missing"))?;
            let (template, action) = match reason {
                None => (Template::EnterpriseVerified, "enterprise.verified"),
                Some(_) => (Template::EnterpriseRejected, "enterprise.rejected"),
            };
            let dedupe_key = format!("{}:{}:{}", template.name(), after.id, after.updated_at);
            let (name, enterprise) = (owner.display_name, after.name.clone());
            let mail = match reason {
                None => Mail::new(
                    owner.email,
                    owner.locale,
                    &mails::EnterpriseVerified { name, enterprise, link },
                    dedupe_key,
                ),
                Some(reason) => Mail::new(
                    owner.email,
                    owner.locale,
                    &mails::EnterpriseRejected {
                        name,
                        enterprise,
                        reason,
                        link,
                    },
                    dedupe_key,
                ),
            };
            enqueue(conn, &mail, now)?;
            record_change(conn, &key, &Actor::of(&auth, ip), action, Some(&before), &after)?;
            Ok(after)
        })
        .await?;
    state.mail_queued();
    Ok(EnterpriseView::from(&row))
}

/// Verify a pending enterprise; it may then publish positions.
#[utoipa::path(post, path = "/api/v1/enterprises/{id}/verify", tag = "enterprises",
    description = "Roles: hr, admin. Only a `pending` enterprise can be verified (409 otherwise). The owner is e-mailed.",
    params(("id" = String, Path, description = "Enterprise id")), security(("bearer" = [])),
    responses((status = 200, body = EnterpriseView), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn verify_enterprise(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
) -> AppResult<web::Json<EnterpriseView>> {
    auth.require(&[Role::Hr, Role::Admin])?;
    Ok(web::Json(decide(state, auth, ip, path.into_inner(), None).await?))
}

/// Reject a pending enterprise with a reason the owner reads in the e-mail and in the record.
#[utoipa::path(post, path = "/api/v1/enterprises/{id}/reject", tag = "enterprises",
    description = "Roles: hr, admin. Only a `pending` enterprise can be rejected (409 otherwise); `reason` is required (400). \
        The owner is e-mailed and may fix and resubmit with PATCH.",
    params(("id" = String, Path, description = "Enterprise id")),
    request_body = RejectInput, security(("bearer" = [])),
    responses((status = 200, body = EnterpriseView), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn reject_enterprise(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: web::Json<RejectInput>,
) -> AppResult<web::Json<EnterpriseView>> {
    auth.require(&[Role::Hr, Role::Admin])?;
    let reason = rules::check_reason(&body.reason)?;
    Ok(web::Json(
        decide(state, auth, ip, path.into_inner(), Some(reason)).await?,
    ))
}
