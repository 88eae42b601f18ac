//! The village-plan operations: rounds (create, edit, open, close), candidacies applied for or
//! entered by HR (one live candidacy per person and round, under the person's lock), and HR's
//! recommendation and admission result; each with its audit event and mail.

use crate::accounts::rules::normalize_email;
use crate::audit::Event;
use crate::auth::AuthUser;
use crate::db::{self, new_id, Aggregate, DbConn};
use crate::error::{AppError, AppResult, ErrorCode, FieldError};
use crate::masking;
use crate::notifications::{mails, Mail};
use crate::operation::Ctx;
use crate::talents::{queries as talents, PersonalDataCipher};
use crate::transitions::Stored;
use crate::validation::{mainland_mobile, optional_text, text};
use crate::village_plan::models::{
    AdmitInput, ApplyInput, CandidateAction, CandidateInput, CandidateRow, CandidateStatus, CandidateView, RoundAction,
    RoundInput, RoundRow, RoundStatus,
};
use crate::village_plan::{queries, rules};
use crate::villages::{queries as villages, rules as village_rules};
use serde_json::json;

fn record(
    conn: &mut DbConn,
    ctx: &Ctx,
    action: &str,
    entity: &str,
    id: &str,
    before: Option<serde_json::Value>,
    after: serde_json::Value,
) -> AppResult<()> {
    ctx.record(
        conn,
        Event {
            action,
            entity,
            entity_id: Some(id),
            before,
            after: Some(after),
        },
    )
}

fn year_taken() -> AppError {
    let mut e = AppError::new(ErrorCode::ValueTaken, "There is already a round for this year.");
    e.errors = vec![FieldError::new(
        "year",
        "taken",
        "There is already a round for this year.",
    )];
    e
}

/// Create a round as a draft (HR); one round per year.
pub fn create_round(conn: &mut DbConn, ctx: &mut Ctx, hr: &AuthUser, input: &RoundInput) -> AppResult<RoundRow> {
    let (title, description) = rules::round(input).map_err(AppError::validation)?;
    if queries::round_of_year(conn, input.year)?.is_some() {
        return Err(year_taken());
    }
    let row = RoundRow {
        id: new_id(),
        year: input.year,
        title,
        description,
        status: RoundStatus::Draft.as_str().into(),
        created_by: hr.id.clone(),
        created_at: ctx.now,
        updated_at: ctx.now,
    };
    queries::insert_round(conn, &row)?;
    record(
        conn,
        ctx,
        "village_plan.round_created",
        "village_plan_round",
        &row.id,
        None,
        json!({"year": row.year, "title": row.title}),
    )?;
    Ok(row)
}

/// Edit a round's title and description; its year only while it is a draft (HR).
pub fn update_round(conn: &mut DbConn, ctx: &mut Ctx, id: &str, input: &RoundInput) -> AppResult<RoundRow> {
    let (title, description) = rules::round(input).map_err(AppError::validation)?;
    let old = queries::round_or_404(conn, id)?;
    if input.year != old.year {
        if RoundStatus::parse_stored(&old.status)? != RoundStatus::Draft {
            return Err(AppError::new(
                ErrorCode::InvalidTransition,
                "The year of an opened round no longer changes.",
            ));
        }
        if queries::round_of_year(conn, input.year)?.is_some() {
            return Err(year_taken());
        }
    }
    let row = RoundRow {
        year: input.year,
        title,
        description,
        updated_at: ctx.now,
        ..old.clone()
    };
    queries::update_round(conn, &row)?;
    record(
        conn,
        ctx,
        "village_plan.round_updated",
        "village_plan_round",
        id,
        Some(json!({"year": old.year, "title": old.title})),
        json!({"year": row.year, "title": row.title}),
    )?;
    queries::round_or_404(conn, id)
}

/// Open or close a round (HR).
pub fn move_round(conn: &mut DbConn, ctx: &mut Ctx, id: &str, action: RoundAction) -> AppResult<RoundRow> {
    let round = queries::round_or_404(conn, id)?;
    let from = RoundStatus::parse_stored(&round.status)?;
    let to = rules::ROUND.apply(from, action)?;
    if !queries::move_round(conn, id, from, to, ctx.now)? {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            "The round changed meanwhile; reload.",
        ));
    }
    record(
        conn,
        ctx,
        &format!("village_plan.round_{}", to.as_str()),
        "village_plan_round",
        id,
        Some(json!({"status": from.as_str()})),
        json!({"status": to.as_str()}),
    )?;
    queries::round_or_404(conn, id)
}

/// The village must exist in the round's year (not merged away, already set up).
fn village_of_year(conn: &mut DbConn, village_id: &str, year: i32) -> AppResult<()> {
    let found = villages::village(conn, village_id)?;
    match found {
        Some(v) if village_rules::exists_in(&villages::facts(&v), year) => Ok(()),
        Some(_) => Err(AppError::validation(vec![FieldError::new(
            "village_id",
            "not_in_year",
            "This village does not exist in the round's year (merged or not yet set up).",
        )])),
        None => Err(AppError::validation(vec![FieldError::new(
            "village_id",
            "not_found",
            "No village with this id.",
        )])),
    }
}

/// Lock the person's candidacies in the round and refuse a second live one.
fn only_one(conn: &mut DbConn, round_id: &str, person: &str) -> AppResult<()> {
    db::lock(
        conn,
        Aggregate::VillagePlanPerson {
            round: round_id,
            person,
        },
    )?;
    if queries::live_candidacy(conn, round_id, person)?.is_some() {
        return Err(AppError::new(
            ErrorCode::AlreadyRegistered,
            "This person already has a candidacy in this round.",
        ));
    }
    Ok(())
}

/// Tell the candidate what happened (their account's address, or the one HR entered).
fn tell(conn: &mut DbConn, ctx: &mut Ctx, row: &CandidateRow) -> AppResult<()> {
    let contact = match &row.user_id {
        Some(u) => queries::contact(conn, u)?.map(|(email, locale, _)| (email, locale)),
        None => None,
    };
    let Some((email, locale)) = contact.or_else(|| row.email.clone().map(|e| (e, "zh-CN".to_string()))) else {
        return Ok(());
    };
    let view = queries::view(conn, row.clone())?;
    let params = mails::VillagePlanUpdate {
        name: view.full_name.clone(),
        round: view.round_title.clone(),
        village: format!("{}{}", view.township_name, view.village_name),
        status: row.status.clone(),
        institution: row.institution.clone(),
        programme: row.programme.clone(),
        reason: row.reason.clone(),
    };
    let key = format!("village_plan_update:{}:{}", row.id, row.status);
    ctx.mail(conn, &Mail::new(email, locale, &params, key))?;
    Ok(())
}

/// The applicant applies to an open round with their village (name, ID and phone from their profile).
pub fn apply(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    me: &AuthUser,
    round_id: &str,
    input: &ApplyInput,
) -> AppResult<CandidateView> {
    let round = queries::round(conn, round_id)?
        .filter(|r| r.status != RoundStatus::Draft.as_str())
        .ok_or_else(AppError::not_found)?;
    if RoundStatus::parse_stored(&round.status)? != RoundStatus::Open {
        return Err(AppError::new(
            ErrorCode::SignupClosed,
            "This round does not take applications now.",
        ));
    }
    let occupation = optional_text("occupation", input.occupation.as_deref().unwrap_or(""), 50)
        .map_err(|e| AppError::validation(vec![e]))?;
    let Some(profile) = talents::find(conn, &me.id)? else {
        return Err(AppError::new(
            ErrorCode::ProfileIncomplete,
            "Fill in your name, ID number and phone in your profile first.",
        ));
    };
    village_of_year(conn, &input.village_id, round.year)?;
    only_one(conn, &round.id, &profile.row.id_number_hash)?;
    let row = CandidateRow {
        id: new_id(),
        round_id: round.id.clone(),
        user_id: Some(me.id.clone()),
        full_name: profile.row.full_name.clone(),
        id_number_hash: profile.row.id_number_hash.clone(),
        id_number_masked: profile.row.id_number_masked.clone(),
        phone: profile.row.phone.clone(),
        email: Some(me.email.clone()),
        village_id: input.village_id.clone(),
        occupation,
        status: CandidateStatus::Applied.as_str().into(),
        institution: None,
        programme: None,
        reason: None,
        entered_by: None,
        decided_by: None,
        created_at: ctx.now,
        updated_at: ctx.now,
    };
    queries::insert_candidate(conn, &row)?;
    record(
        conn,
        ctx,
        "village_plan.applied",
        "village_plan_candidate",
        &row.id,
        None,
        json!({"round_id": row.round_id, "village_id": row.village_id, "id_number": row.id_number_masked}),
    )?;
    tell(conn, ctx, &row)?;
    queries::view(conn, row)
}

/// HR enters a villager as a candidate of a round that is not a draft; an account whose profile
/// holds the same ID number sees the candidacy as theirs.
pub fn enter(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    cipher: &PersonalDataCipher,
    hr: &AuthUser,
    round_id: &str,
    input: &CandidateInput,
) -> AppResult<CandidateView> {
    let round = queries::round_or_404(conn, round_id)?;
    if RoundStatus::parse_stored(&round.status)? == RoundStatus::Draft {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            "Open the round before entering candidates.",
        ));
    }
    let mut errors = Vec::new();
    let name = text("full_name", &input.full_name, 50).map_err(|e| errors.push(e)).ok();
    let id = crate::talents::rules::check_id_number("id_number", &input.id_number, crate::time::local_date(ctx.now))
        .map_err(|e| errors.push(e))
        .ok();
    let phone = mainland_mobile("phone", &input.phone).map_err(|e| errors.push(e)).ok();
    let email = match input.email.as_deref().map(str::trim).filter(|e| !e.is_empty()) {
        Some(e) => normalize_email("email", e).map_err(|e| errors.push(e)).ok(),
        None => None,
    };
    let occupation = optional_text("occupation", input.occupation.as_deref().unwrap_or(""), 50)
        .map_err(|e| errors.push(e))
        .ok()
        .flatten();
    let (Some(name), Some(id), Some(phone), true) = (name, id, phone, errors.is_empty()) else {
        return Err(AppError::validation(errors));
    };
    village_of_year(conn, &input.village_id, round.year)?;
    let hash = cipher.keyed_hash(crate::talents::ops::ID_FIELD, &id.normalized);
    only_one(conn, &round.id, &hash)?;
    let row = CandidateRow {
        id: new_id(),
        round_id: round.id.clone(),
        user_id: queries::user_of_person(conn, &hash)?,
        full_name: name,
        id_number_hash: hash,
        id_number_masked: masking::id_number(&id.normalized),
        phone,
        email,
        village_id: input.village_id.clone(),
        occupation,
        status: CandidateStatus::Applied.as_str().into(),
        institution: None,
        programme: None,
        reason: None,
        entered_by: Some(hr.id.clone()),
        decided_by: None,
        created_at: ctx.now,
        updated_at: ctx.now,
    };
    queries::insert_candidate(conn, &row)?;
    record(
        conn,
        ctx,
        "village_plan.entered",
        "village_plan_candidate",
        &row.id,
        None,
        json!({"round_id": row.round_id, "village_id": row.village_id, "id_number": row.id_number_masked}),
    )?;
    tell(conn, ctx, &row)?;
    queries::view(conn, row)
}

/// What an action on a candidacy carries.
#[derive(Debug, Default)]
pub struct Details {
    /// Admission: the institution and programme.
    pub admission: Option<AdmitInput>,
    /// Decline, not admitted: why.
    pub reason: Option<String>,
}

/// Apply an action to a candidacy: the applicant withdraws their own; HR does the rest (the
/// handler checks the role). 409 invalid_transition for a move the table does not allow.
pub fn act(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    actor: &AuthUser,
    id: &str,
    action: CandidateAction,
    details: &Details,
) -> AppResult<CandidateView> {
    let found = queries::candidate(conn, id)?.ok_or_else(AppError::not_found)?;
    if action == CandidateAction::Withdraw && found.user_id.as_deref() != Some(actor.id.as_str()) {
        return Err(AppError::not_found());
    }
    let (institution, programme) = match (&details.admission, action) {
        (Some(a), CandidateAction::Admit) => {
            let (i, p) = rules::admission(a).map_err(AppError::validation)?;
            (Some(i), Some(p))
        }
        _ => (None, None),
    };
    let reason = optional_text("reason", details.reason.as_deref().unwrap_or(""), 500)
        .map_err(|e| AppError::validation(vec![e]))?;
    let from = CandidateStatus::parse_stored(&found.status)?;
    let Some(to) = rules::CANDIDATE.next(from, action) else {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            format!("A candidacy that is {} cannot {}.", found.status, action.as_str()),
        ));
    };
    let moved = queries::move_candidate(
        conn,
        &found.id,
        from,
        to,
        institution.as_deref(),
        programme.as_deref(),
        reason.as_deref(),
        &actor.id,
        ctx.now,
    )?;
    if !moved {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            "The candidacy changed meanwhile; reload.",
        ));
    }
    record(
        conn,
        ctx,
        &format!("village_plan.candidate_{}", to.as_str()),
        "village_plan_candidate",
        &found.id,
        Some(json!({"status": from.as_str()})),
        json!({"status": to.as_str(), "institution": institution, "programme": programme, "reason": reason}),
    )?;
    let row = queries::candidate(conn, &found.id)?.ok_or_else(AppError::not_found)?;
    if action != CandidateAction::Withdraw {
        tell(conn, ctx, &row)?;
    }
    queries::view(conn, row)
}
