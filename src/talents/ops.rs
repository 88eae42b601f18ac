//! The talent operations: saving my profile (personal data encrypted, the same ID number never on
//! two accounts), revealing personal data and recording an export, each with its audit event.

use crate::audit::Event;
use crate::auth::AuthUser;
use crate::db::DbConn;
use crate::error::{AppError, AppResult, ErrorCode, FieldError};
use crate::masking;
use crate::operation::Ctx;
use crate::talents::models::{ProfileInput, ProfileRow, RevealedPersonalData};
use crate::talents::queries::{self, FullProfile};
use crate::talents::rules::{self, BankAccountChange};
use crate::talents::PersonalDataCipher;
use crate::time::local_date;
use serde_json::{json, Value};

/// Field names used to bind ciphertexts (changing them makes stored values unreadable).
pub const ID_FIELD: &str = "talent_profiles.id_number";
/// See [`ID_FIELD`].
pub const BANK_FIELD: &str = "talent_profiles.bank_account";

/// The audit action of a reveal (the reveal history reads it back).
pub const REVEAL_ACTION: &str = "talent.personal_data_revealed";

/// Create or replace the applicant's profile; returns it and whether it was created.
pub fn save_profile(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    me: &AuthUser,
    cipher: &PersonalDataCipher,
    input: &ProfileInput,
) -> AppResult<(FullProfile, bool)> {
    let existing = queries::find(conn, &me.id)?;
    let valid =
        rules::validate_profile(input, existing.is_some(), local_date(ctx.now)).map_err(AppError::validation)?;
    let old = existing.as_ref().map(|p| &p.row);
    let (id_enc, id_hash, id_masked, birth_date, gender) = match (&valid.id_number, old) {
        (Some(id), _) => (
            cipher.encrypt(ID_FIELD, &me.id, &id.normalized)?,
            cipher.keyed_hash(ID_FIELD, &id.normalized),
            masking::id_number(&id.normalized),
            id.birth_date,
            id.gender.as_str().to_string(),
        ),
        (None, Some(o)) => (
            o.id_number_enc.clone(),
            o.id_number_hash.clone(),
            o.id_number_masked.clone(),
            o.birth_date,
            o.gender.clone(),
        ),
        (None, None) => return Err(AppError::internal("validated profile without ID number")),
    };
    if queries::id_hash_taken_by_other(conn, &id_hash, &me.id)? {
        let mut e = AppError::new(
            ErrorCode::ValueTaken,
            "This ID number is already registered to another account.",
        );
        e.errors = vec![FieldError::new(
            "id_number",
            "taken",
            "Already registered to another account; contact the talent office.",
        )];
        return Err(e);
    }
    let (bank_enc, bank_masked) = match (&valid.bank_account, old) {
        (BankAccountChange::Set(acct), _) => (
            Some(cipher.encrypt(BANK_FIELD, &me.id, acct)?),
            Some(masking::tail(acct)),
        ),
        (BankAccountChange::Keep, Some(o)) => (o.bank_account_enc.clone(), o.bank_account_masked.clone()),
        (BankAccountChange::Keep, None) | (BankAccountChange::Clear, _) => (None, None),
    };
    if bank_enc.is_some() && valid.bank_name.is_none() {
        return Err(AppError::validation(vec![FieldError::new(
            "bank_name",
            "required",
            "Name the bank of this account.",
        )]));
    }
    let home_village_id = input
        .home_village_id
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string);
    if let Some(v) = &home_village_id {
        if crate::villages::queries::village(conn, v)?.is_none() {
            return Err(AppError::validation(vec![FieldError::new(
                "home_village_id",
                "not_found",
                "No village with this id.",
            )]));
        }
    }
    let row = ProfileRow {
        home_village_id,
        user_id: me.id.clone(),
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
        created_at: old.map(|o| o.created_at).unwrap_or(ctx.now),
        updated_at: ctx.now,
    };
    queries::save(
        conn,
        &row,
        existing.is_some(),
        &valid.education,
        &valid.categories,
        &valid.skills,
    )?;
    let changed = changed_fields(existing.as_ref(), &row, &valid);
    ctx.record(
        conn,
        Event {
            action: if existing.is_some() {
                "talent.profile_updated"
            } else {
                "talent.profile_created"
            },
            entity: "talent_profile",
            entity_id: Some(&me.id),
            before: None,
            after: Some(
                json!({"changed": changed, "id_number": row.id_number_masked, "bank_account": row.bank_account_masked}),
            ),
        },
    )?;
    if existing.is_some() && changed.iter().any(|c| matches!(*c, "bank_account" | "bank_name")) {
        account_changed(conn, ctx, me, &row)?;
    }
    let saved = queries::find(conn, &me.id)?.ok_or_else(AppError::not_found)?;
    Ok((saved, existing.is_none()))
}

/// Remember that the payout account changed (payouts made within a day are flagged for finance)
/// and tell the owner, who may not have been the one who changed it.
fn account_changed(conn: &mut DbConn, ctx: &mut Ctx, me: &AuthUser, row: &ProfileRow) -> AppResult<()> {
    queries::record_bank_change(conn, &me.id, ctx.now)?;
    let account = match (&row.bank_name, &row.bank_account_masked) {
        (Some(bank), Some(masked)) => format!("{bank} {masked}"),
        _ if me.locale != "en" => "（已删除，暂无收款账户）".into(),
        _ => "(removed: no payout account)".into(),
    };
    let params = crate::notifications::mails::BankAccountChanged {
        name: row.full_name.clone(),
        account,
        when: crate::time::local_minute(ctx.now),
        link: ctx.link("/applicant/profile"),
    };
    let key = format!("bank_account_changed:{}:{}", me.id, ctx.now);
    ctx.mail(
        conn,
        &crate::notifications::Mail::new(me.email.clone(), me.locale.clone(), &params, key),
    )?;
    Ok(())
}

/// Names of the fields that differ from the stored profile (what the audit log records).
fn changed_fields(old: Option<&FullProfile>, new: &ProfileRow, valid: &rules::ValidProfile) -> Vec<&'static str> {
    let Some(old) = old else { return vec!["created"] };
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
        ("home_village", old.row.home_village_id != new.home_village_id),
    ];
    checks
        .into_iter()
        .filter(|(_, differs)| *differs)
        .map(|(name, _)| name)
        .collect()
}

/// The full ID number and bank account of a person (hr, finance); every reveal is audited.
pub fn reveal(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    cipher: &PersonalDataCipher,
    user_id: &str,
    reason: &str,
) -> AppResult<RevealedPersonalData> {
    let reason = rules::reveal_reason(reason).map_err(|e| AppError::validation(vec![e]))?;
    let profile = queries::find(conn, user_id)?.ok_or_else(AppError::not_found)?;
    let row = &profile.row;
    let id_number = cipher.decrypt(ID_FIELD, &row.user_id, &row.id_number_enc)?;
    let bank_account = match &row.bank_account_enc {
        Some(enc) => Some(cipher.decrypt(BANK_FIELD, &row.user_id, enc)?),
        None => None,
    };
    let fields = if bank_account.is_some() {
        vec!["id_number", "bank_account"]
    } else {
        vec!["id_number"]
    };
    ctx.record(
        conn,
        Event {
            action: REVEAL_ACTION,
            entity: "talent_profile",
            entity_id: Some(&row.user_id),
            before: None,
            after: Some(json!({ "fields": fields, "reason": reason })),
        },
    )?;
    Ok(RevealedPersonalData {
        user_id: row.user_id.clone(),
        id_number,
        bank_name: row.bank_name.clone(),
        bank_account,
    })
}

/// Record that the pool was exported with this filter (before any row leaves).
pub fn record_export(conn: &mut DbConn, ctx: &mut Ctx, described: Value) -> AppResult<()> {
    ctx.record(
        conn,
        Event {
            action: "talent.exported",
            entity: "talent_profile",
            entity_id: None,
            before: None,
            after: Some(described),
        },
    )
}
