//! The enterprise operations: registration, the owner's changes (resubmitting a rejected record)
//! and HR's review, each one transaction with its audit change and the owner's mail.

use crate::accounts::queries as accounts;
use crate::auth::AuthUser;
use crate::db::{new_id, DbConn};
use crate::enterprises::models::{
    EnterpriseAction, EnterpriseInput, EnterpriseRow, EnterpriseStatus, EnterpriseUpdate, EnterpriseView,
};
use crate::enterprises::{queries, rules};
use crate::error::{AppError, AppResult, ErrorCode, FieldError};
use crate::notifications::{mails, Mail, Template};
use crate::operation::Ctx;
use crate::transitions::Stored;

/// Refuse a credit code that another enterprise holds (the unique index backs this up under races).
fn ensure_credit_code_free(conn: &mut DbConn, code: &str, except_id: &str) -> AppResult<()> {
    if queries::credit_code_holder(conn, code, except_id)?.is_some() {
        let mut e = AppError::new(
            ErrorCode::ValueTaken,
            "An enterprise with this unified social credit code is already registered.",
        );
        e.errors = vec![FieldError::new(
            "credit_code",
            "taken",
            "Already registered; contact the talent office if this is your enterprise.",
        )];
        return Err(e);
    }
    Ok(())
}

/// Register the employer's enterprise (one per account); it waits for HR's review.
pub fn register(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    owner: &AuthUser,
    input: &EnterpriseInput,
) -> AppResult<EnterpriseRow> {
    let valid = rules::validate_enterprise(input).map_err(AppError::validation)?;
    if queries::find_by_owner(conn, &owner.id)?.is_some() {
        return Err(AppError::new(
            ErrorCode::EnterpriseExists,
            "This account already registered an enterprise; edit that one instead.",
        ));
    }
    ensure_credit_code_free(conn, &valid.credit_code, "")?;
    let row = EnterpriseRow {
        id: new_id(),
        owner_id: owner.id.clone(),
        name: valid.name,
        credit_code: valid.credit_code,
        industry: valid.industry.into(),
        address: valid.address,
        contact_name: valid.contact_name,
        contact_phone: valid.contact_phone,
        size: valid.size.into(),
        kind: valid.kind.into(),
        status: EnterpriseStatus::Pending.as_str().into(),
        rejection_reason: None,
        verified_at: None,
        reviewed_by: None,
        created_at: ctx.now,
        updated_at: ctx.now,
    };
    queries::insert(conn, &row)?;
    ctx.record_change(conn, "enterprise.registered", None, &row)?;
    Ok(row)
}

/// The owner's changes to a pending or rejected enterprise; saving a rejected one resubmits it.
pub fn update(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    owner: &AuthUser,
    id: &str,
    update: EnterpriseUpdate,
) -> AppResult<EnterpriseRow> {
    let before = queries::find(conn, id)?
        .filter(|e| e.owner_id == owner.id)
        .ok_or_else(AppError::not_found)?;
    let from = EnterpriseStatus::parse_stored(&before.status)?;
    rules::next(from, EnterpriseAction::Edit)?;
    let input = update.apply_to(&EnterpriseView::from(&before));
    let valid = rules::validate_enterprise(&input).map_err(AppError::validation)?;
    ensure_credit_code_free(conn, &valid.credit_code, &before.id)?;
    if !queries::update_fields(conn, &before.id, from, &valid, ctx.now)? {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            "The enterprise was reviewed meanwhile; reload it.",
        ));
    }
    let after = queries::find(conn, &before.id)?.ok_or_else(AppError::not_found)?;
    let action = if from == EnterpriseStatus::Rejected {
        "enterprise.resubmitted"
    } else {
        "enterprise.updated"
    };
    ctx.record_change(conn, action, Some(&before), &after)?;
    Ok(after)
}

/// Verify (`reason: None`) or reject a pending enterprise (hr, admin) and mail the owner in their language.
pub fn review(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    reviewer: &AuthUser,
    id: &str,
    reason: Option<String>,
) -> AppResult<EnterpriseRow> {
    let before = queries::find(conn, id)?.ok_or_else(AppError::not_found)?;
    let action = if reason.is_some() {
        EnterpriseAction::Reject
    } else {
        EnterpriseAction::Verify
    };
    let to = rules::next(EnterpriseStatus::parse_stored(&before.status)?, action)?;
    if !queries::decide(conn, &before.id, &reviewer.id, to, reason.as_deref(), ctx.now)? {
        return Err(AppError::new(
            ErrorCode::Conflict,
            "The enterprise was reviewed meanwhile.",
        ));
    }
    let after = queries::find(conn, &before.id)?.ok_or_else(AppError::not_found)?;
    let owner =
        accounts::find_by_id(conn, &after.owner_id)?.ok_or_else(|| AppError::internal("enterprise owner missing"))?;
    let template = match reason {
        None => Template::EnterpriseVerified,
        Some(_) => Template::EnterpriseRejected,
    };
    let dedupe_key = format!("{}:{}:{}", template.name(), after.id, after.updated_at);
    let (name, enterprise, link) = (owner.display_name, after.name.clone(), ctx.link("/workspace"));
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
    ctx.mail(conn, &mail)?;
    ctx.record_change(conn, &format!("enterprise.{}", to.as_str()), Some(&before), &after)?;
    Ok(after)
}
