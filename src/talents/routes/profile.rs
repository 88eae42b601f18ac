//! `GET/PUT /me/profile`: the applicant's own talent profile.

use crate::audit::{self, Actor, Event};
use crate::auth::{AuthUser, ClientIp, Role};
use crate::error::{AppError, AppResult, ErrorCode, FieldError, Problem};
use crate::masking;
use crate::state::AppState;
use crate::talents::models::{ProfileInput, ProfileRow, ProfileView};
use crate::talents::rules::{self, BankAccountChange};
use crate::talents::{queries, views};
use actix_web::{web, HttpResponse};
use serde_json::json;

/// Field names used to bind ciphertexts (changing them makes stored values unreadable).
pub const ID_FIELD: &str = "talent_profiles.id_number";
/// See [`ID_FIELD`].
pub const BANK_FIELD: &str = "talent_profiles.bank_account";

/// My profile.
#[utoipa::path(get, path = "/api/v1/me/profile", tag = "talents",
    description = "Roles: applicant. 404 until the profile is first saved.", security(("bearer" = [])),
    responses((status = 200, body = ProfileView), (status = 404, body = Problem)))]
pub async fn get_mine(state: web::Data<AppState>, auth: AuthUser) -> AppResult<web::Json<ProfileView>> {
    auth.require(&[Role::Applicant])?;
    let profile = state
        .db
        .run(move |conn| queries::find(conn, &auth.id))
        .await?
        .ok_or_else(AppError::not_found)?;
    Ok(web::Json(views::profile(&profile)))
}

/// Create or replace my profile (201 the first time, 200 after).
#[utoipa::path(put, path = "/api/v1/me/profile", tag = "talents",
    description = "Roles: applicant. id_number and bank_account may be omitted to keep the stored values; an empty bank_account removes it. The same ID number on another account is refused with 409.",
    request_body = ProfileInput, security(("bearer" = [])),
    responses((status = 200, body = ProfileView), (status = 201, body = ProfileView), (status = 400, body = Problem), (status = 409, body = Problem)))]
pub async fn put_mine(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    body: web::Json<ProfileInput>,
) -> AppResult<HttpResponse> {
    auth.require(&[Role::Applicant])?;
    let input = body.into_inner();
    let cipher = state.cipher.clone();
    let key = state.audit_key.clone();
    let public_url = state.config.public_url.clone();
    let clock = state.clock.clone();
    let (profile, created, mailed) = state
        .db
        .write(move |conn| {
            let existing = queries::find(conn, &auth.id)?;
            let now = clock.now();
            let valid = rules::validate_profile(&input, existing.is_some(), crate::time::local_date(now)).map_err(AppError::validation)?;
            let old = existing.as_ref().map(|p| &p.row);
            let (id_enc, id_hash, id_masked, birth_date, gender) = match (&valid.id_number, old) {
                (Some(id), _) => (
                    cipher.encrypt(ID_FIELD, &auth.id, &id.normalized)?,
                    cipher.keyed_hash(ID_FIELD, &id.normalized),
                    masking::id_number(&id.normalized),
                    id.birth_date,
                    id.gender.as_str().to_string(),
                ),
                (None, Some(o)) => {
                    (o.id_number_enc.clone(), o.id_number_hash.clone(), o.id_number_masked.clone(), o.birth_date, o.gender.clone())
                }
                (None, None) => return Err(AppError::internal("validated profile without ID number")),
            };
            if queries::id_hash_taken_by_other(conn, &id_hash, &auth.id)? {
                let mut e = AppError::new(ErrorCode::Conflict, "This ID number is already registered to another account.");
                e.errors = vec![FieldError::new("id_number", "taken", "Already registered to another account; contact the talent office.")];
                return Err(e);
            }
            let (bank_enc, bank_masked) = match (&valid.bank_account, old) {
                (BankAccountChange::Set(acct), _) => (Some(cipher.encrypt(BANK_FIELD, &auth.id, acct)?), Some(masking::tail(acct))),
                (BankAccountChange::Keep, Some(o)) => (o.bank_account_enc.clone(), o.bank_account_masked.clone()),
                (BankAccountChange::Keep, None) | (BankAccountChange::Clear, _) => (None, None),
            };
            if bank_enc.is_some() && valid.bank_name.is_none() {
                return Err(AppError::validation(vec![FieldError::new("bank_name", "required", "Name the bank of this account.")]));
            }
            let row = ProfileRow {
                user_id: auth.id.clone(),
                full_name: valid.full_name.clone(),
                id_number_enc: id_enc,
                id_number_hash: id_hash,
                id_number_masked: id_masked,
                birth_date,
                gender,
                phone: valid.phone.clone(),
                highest_education: rules::highest_education(&valid.education).map(|l| l.as_str().to_string()),
                current_employer: valid.current_employer.clone(),
                bank_name: valid.bank_name.clone(),
                bank_account_enc: bank_enc,
                bank_account_masked: bank_masked,
                created_at: old.map(|o| o.created_at).unwrap_or(now),
                updated_at: now,
            };
            queries::save(conn, &row, existing.is_some(), &valid.education, &valid.categories, &valid.skills)?;
            let changed = changed_fields(existing.as_ref(), &row, &valid);
            audit::record(
                conn,
                &key,
                &Actor { id: Some(auth.id.clone()), email: Some(auth.email.clone()), ip: Some(ip.0) },
                Event {
                    action: if existing.is_some() { "talent.profile_updated" } else { "talent.profile_created" },
                    entity: "talent_profile",
                    entity_id: Some(&auth.id),
                    before: None,
                    after: Some(json!({"changed": changed, "id_number": row.id_number_masked, "bank_account": row.bank_account_masked})),
                },
            )?;
            let mailed = if existing.is_some() && changed.iter().any(|c| matches!(*c, "bank_account" | "bank_name")) {
                account_changed(conn, &auth, &row, &public_url, now)?
            } else {
                false
            };
            let saved = queries::find(conn, &auth.id)?.ok_or_else(AppError::not_found)?;
            Ok((saved, existing.is_none(), mailed))
        })
        .await?;
    if mailed {
        state.mail_queued();
    }
    let view = views::profile(&profile);
    Ok(if created {
        HttpResponse::Created().json(view)
    } else {
        HttpResponse::Ok().json(view)
    })
}

/// Remember that the payout account changed (payouts made within a day are flagged for finance)
/// and tell the owner, who may not have been the one who changed it.
fn account_changed(
    conn: &mut crate::db::DbConn,
    auth: &AuthUser,
    row: &ProfileRow,
    public_url: &str,
    now: chrono::NaiveDateTime,
) -> AppResult<bool> {
    queries::record_bank_change(conn, &auth.id, now)?;
    let zh = auth.locale != "en";
    let account = match (&row.bank_name, &row.bank_account_masked) {
        (Some(bank), Some(masked)) => format!("{bank} {masked}"),
        _ if zh => "（已删除，暂无收款账户）".into(),
        _ => "(removed: no payout account)".into(),
    };
    let params = crate::notifications::mails::BankAccountChanged {
        name: row.full_name.clone(),
        account,
        when: crate::time::local_minute(now),
        link: format!("{public_url}/applicant/profile"),
    };
    let mail = crate::notifications::Mail::new(
        auth.email.clone(),
        auth.locale.clone(),
        &params,
        format!("bank_account_changed:{}:{now}", auth.id),
    );
    crate::notifications::enqueue(conn, &mail, now)
}

/// Names of the fields that differ from the stored profile (what the audit log records).
fn changed_fields(
    old: Option<&queries::FullProfile>,
    new: &ProfileRow,
    valid: &rules::ValidProfile,
) -> Vec<&'static str> {
    let Some(old) = old else { return vec!["created"] };
    let mut changed = Vec::new();
    let education: Vec<_> = old
        .education
        .iter()
        .map(crate::talents::models::EducationRecord::from)
        .collect();
    let checks = [
        ("full_name", old.row.full_name != new.full_name),
        ("id_number", old.row.id_number_hash != new.id_number_hash),
        ("phone", old.row.phone != new.phone),
        ("education", education != valid.education),
        ("categories", old.categories != valid.categories),
        (
            "skills",
            old.skills.iter().collect::<std::collections::BTreeSet<_>>() != valid.skills.iter().collect(),
        ),
        ("current_employer", old.row.current_employer != new.current_employer),
        ("bank_name", old.row.bank_name != new.bank_name),
        ("bank_account", old.row.bank_account_enc != new.bank_account_enc),
    ];
    for (name, differs) in checks {
        if differs {
            changed.push(name);
        }
    }
    changed
}
