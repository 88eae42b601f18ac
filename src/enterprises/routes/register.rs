//! The owner's writes: `POST /enterprises` (register) and `PATCH /enterprises/{id}` (fix and
//! resubmit).

use crate::audit::record_change;
use crate::audit::Actor;
use crate::auth::{AuthUser, ClientIp, Role};
use crate::db::{new_id, now, DbConn};
use crate::enterprises::models::{EnterpriseInput, EnterpriseRow, EnterpriseUpdate, EnterpriseView};
use crate::enterprises::{queries, rules};
use crate::error::{AppError, AppResult, ErrorCode, Problem};
use crate::state::AppState;
use actix_web::{web, HttpResponse};

/// Refuse a credit code that another enterprise holds (the unique index backs this up under races).
fn ensure_credit_code_free(conn: &mut DbConn, code: &str, except_id: &str) -> AppResult<()> {
    if queries::credit_code_holder(conn, code, except_id)?.is_some() {
        let mut e = AppError::new(
            ErrorCode::Conflict,
            "An enterprise with this unified social credit code is already registered.",
        );
        e.errors = vec![crate::error::FieldError::new(
            "credit_code",
            "taken",
            "Already registered; contact the talent office if this is your enterprise.",
        )];
        return Err(e);
    }
    Ok(())
}

/// Register the signed-in employer's enterprise; it waits for HR's review.
#[utoipa::path(post, path = "/api/v1/enterprises", tag = "enterprises",
    description = "Roles: employer. One enterprise per employer account and per credit code (409 otherwise). \
        The enterprise starts `pending`; HR verifies or rejects it.",
    request_body = EnterpriseInput, security(("bearer" = [])),
    responses((status = 201, body = EnterpriseView), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 409, body = Problem)))]
pub async fn register_enterprise(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    body: web::Json<EnterpriseInput>,
) -> AppResult<HttpResponse> {
    auth.require(&[Role::Employer])?;
    let valid = rules::validate_enterprise(&body).map_err(AppError::validation)?;
    let key = state.audit_key.clone();
    let row = state
        .db
        .write(move |conn| {
            if queries::find_by_owner(conn, &auth.id)?.is_some() {
                return Err(AppError::new(
                    ErrorCode::Conflict,
                    "This account already registered an enterprise; edit that one instead.",
                ));
            }
            ensure_credit_code_free(conn, &valid.credit_code, "")?;
            let now = now();
            let row = EnterpriseRow {
                id: new_id(),
                owner_id: auth.id.clone(),
                name: valid.name,
                credit_code: valid.credit_code,
                industry: valid.industry.into(),
                address: valid.address,
                contact_name: valid.contact_name,
                contact_phone: valid.contact_phone,
                size: valid.size.into(),
                status: "pending".into(),
                rejection_reason: None,
                verified_at: None,
                reviewed_by: None,
                created_at: now,
                updated_at: now,
            };
            queries::insert(conn, &row)?;
            record_change(conn, &key, &Actor::of(&auth, ip), "enterprise.registered", None, &row)?;
            Ok(row)
        })
        .await?;
    Ok(HttpResponse::Created().json(EnterpriseView::from(&row)))
}

/// Change the enterprise while it is pending or rejected. Saving a rejected enterprise resubmits
/// it: it becomes `pending` again and the rejection reason is cleared (there is no separate
/// resubmit action; an empty `{}` resubmits unchanged).
#[utoipa::path(patch, path = "/api/v1/enterprises/{id}", tag = "enterprises",
    description = "Roles: employer (the owner only; other accounts get 404). A verified enterprise cannot be changed \
        (409). Saving a rejected enterprise resubmits it for review (status back to `pending`).",
    params(("id" = String, Path, description = "Enterprise id")),
    request_body = EnterpriseUpdate, security(("bearer" = [])),
    responses((status = 200, body = EnterpriseView), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn update_enterprise(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: web::Json<EnterpriseUpdate>,
) -> AppResult<web::Json<EnterpriseView>> {
    auth.require(&[Role::Employer])?;
    let id = path.into_inner();
    let update = body.into_inner();
    let key = state.audit_key.clone();
    let row = state
        .db
        .write(move |conn| {
            let before = queries::find(conn, &id)?
                .filter(|e| e.owner_id == auth.id)
                .ok_or_else(AppError::not_found)?;
            rules::ensure_editable(&before.status)?;
            let input = update.apply_to(&EnterpriseView::from(&before));
            let valid = rules::validate_enterprise(&input).map_err(AppError::validation)?;
            ensure_credit_code_free(conn, &valid.credit_code, &before.id)?;
            queries::update_fields(conn, &before.id, &valid, now())?;
            let after = queries::find(conn, &before.id)?.ok_or_else(AppError::not_found)?;
            let action = if before.status == "rejected" {
                "enterprise.resubmitted"
            } else {
                "enterprise.updated"
            };
            record_change(conn, &key, &Actor::of(&auth, ip), action, Some(&before), &after)?;
            Ok(after)
        })
        .await?;
    Ok(web::Json(EnterpriseView::from(&row)))
}
