//! The privacy operations: consent at registration, the personal-data export, and a closure
//! request's life. Requests and decisions of one account take `Aggregate::AccountClosure`; the
//! approval also takes `Aggregate::AccountFiles` first (enum order), since it deletes files.

use crate::accounts::models::UserRow;
use crate::accounts::queries as accounts;
use crate::accounts::sessions;
use crate::audit::Event;
use crate::auth::{AuthUser, Role};
use crate::db::{self, new_id, Aggregate, DbConn};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::notifications::{mails, Mail};
use crate::operation::Ctx;
use crate::privacy::models::{ClosureAction, ClosureRow, ClosureStatus, ClosureView, ConsentRow, PersonalDataExport};
use crate::privacy::{queries, rules, Erasure, Holder};
use crate::transitions::Stored;
use chrono::NaiveDateTime;
use serde_json::{json, Map};

/// Record that `user_id` consented to notice `version` (registration does, in its transaction).
pub fn record_consent(conn: &mut DbConn, user_id: &str, version: &str, now: NaiveDateTime) -> AppResult<()> {
    queries::insert_consent(
        conn,
        &ConsentRow {
            user_id: user_id.into(),
            notice_version: version.into(),
            consented_at: now,
        },
    )
}

/// Everything `holders` keep about the caller, one section each.
pub fn export(
    conn: &mut DbConn,
    holders: &[Holder],
    me: &AuthUser,
    now: NaiveDateTime,
) -> AppResult<PersonalDataExport> {
    let mut sections = Map::new();
    for holder in holders {
        sections.insert(holder.name.into(), (holder.export)(conn, me, now)?);
    }
    Ok(PersonalDataExport {
        generated_at: db::to_utc(now),
        sections,
    })
}

/// A request as the API shows it, with its account when `user` is given.
pub fn view(row: &ClosureRow, user: Option<&UserRow>) -> ClosureView {
    ClosureView {
        id: row.id.clone(),
        status: ClosureStatus::parse_stored(&row.status).unwrap_or(ClosureStatus::Requested),
        reason: row.reason.clone(),
        requested_at: db::to_utc(row.requested_at),
        decided_at: row.decided_at.map(db::to_utc),
        decision_reason: row.decision_reason.clone(),
        outcome: row.outcome.as_deref().and_then(|o| serde_json::from_str(o).ok()),
        user_id: row.user_id.clone(),
        email: user.map(|u| u.email.clone()),
        display_name: user.map(|u| u.display_name.clone()),
        role: user.and_then(|u| Role::parse(&u.role)),
    }
}

/// Mail the person where their request stands.
fn tell(conn: &mut DbConn, ctx: &mut Ctx, user: &UserRow, row: &ClosureRow, step: ClosureStatus) -> AppResult<()> {
    let params = mails::AccountClosure {
        name: user.display_name.clone(),
        step: step.as_str().into(),
        reason: row.decision_reason.clone(),
        link: ctx.link(if step == ClosureStatus::Approved {
            "/"
        } else {
            "/my/data"
        }),
    };
    let key = format!("account_closure:{}:{}", row.id, step.as_str());
    ctx.mail(conn, &Mail::new(user.email.clone(), user.locale.clone(), &params, key))?;
    Ok(())
}

/// The caller asks for their account to be closed (applicant, employer): one open request at a time.
pub fn request(conn: &mut DbConn, ctx: &mut Ctx, me: &AuthUser, reason: Option<&str>) -> AppResult<ClosureView> {
    let reason = rules::closure_reason(reason).map_err(AppError::validation)?;
    db::lock(conn, Aggregate::AccountClosure(&me.id))?;
    if queries::has_open(conn, &me.id)? {
        return Err(AppError::new(
            ErrorCode::ClosureAlreadyRequested,
            "Your closure request is already with the talent office.",
        ));
    }
    let user = accounts::find_by_id(conn, &me.id)?.ok_or_else(AppError::not_found)?;
    let row = ClosureRow {
        id: new_id(),
        user_id: me.id.clone(),
        status: ClosureStatus::Requested.as_str().into(),
        reason,
        requested_at: ctx.now,
        decided_by: None,
        decided_at: None,
        decision_reason: None,
        outcome: None,
    };
    queries::insert_closure(conn, &row)?;
    ctx.record(
        conn,
        Event {
            action: "account.closure_requested",
            entity: "account_closure",
            entity_id: Some(&row.id),
            before: None,
            after: Some(json!({"user_id": row.user_id, "status": row.status})),
        },
    )?;
    tell(conn, ctx, &user, &row, ClosureStatus::Requested)?;
    Ok(view(&row, None))
}

/// An open request and its account, read under the account's locks.
fn locked(conn: &mut DbConn, id: &str, files_too: bool) -> AppResult<(ClosureRow, UserRow)> {
    let user_id = queries::closure(conn, id)?.ok_or_else(AppError::not_found)?.user_id;
    if files_too {
        db::lock(conn, Aggregate::AccountFiles(&user_id))?;
    }
    db::lock(conn, Aggregate::AccountClosure(&user_id))?;
    let row = queries::closure(conn, id)?.ok_or_else(AppError::not_found)?;
    let user = accounts::find_by_id(conn, &user_id)?.ok_or_else(AppError::not_found)?;
    Ok((row, user))
}

/// Approve (hr, admin): every holder erases or anonymises what the law does not require to keep,
/// the account is anonymised and signed out everywhere, and the person is told at the address they
/// had. Returns the decided request and the stored files to remove once committed.
pub fn approve(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    holders: &[Holder],
    actor: &AuthUser,
    id: &str,
) -> AppResult<(ClosureView, Vec<String>)> {
    let (row, user) = locked(conn, id, true)?;
    rules::CLOSURE.apply(ClosureStatus::parse_stored(&row.status)?, ClosureAction::Approve)?;
    let mut keep_identity = false;
    for holder in holders {
        keep_identity |= (holder.keeps)(conn, &user.id)?;
    }
    let mut erasure = Erasure {
        user_id: user.id.clone(),
        keep_identity,
        now: ctx.now,
        outcome: Map::new(),
        orphaned_files: Vec::new(),
    };
    for holder in holders {
        (holder.erase)(conn, &mut erasure)?;
    }
    let outcome = serde_json::Value::Object(erasure.outcome.clone()).to_string();
    if !queries::decide(
        conn,
        &row.id,
        ClosureStatus::Approved,
        &actor.id,
        None,
        Some(&outcome),
        ctx.now,
    )? {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            "The request was decided meanwhile; reload.",
        ));
    }
    // Told before the address goes: the mail keeps it only until it is delivered and forgotten.
    let decided = queries::closure(conn, &row.id)?.ok_or_else(AppError::not_found)?;
    tell(conn, ctx, &user, &decided, ClosureStatus::Approved)?;
    queries::anonymise_user(
        conn,
        &user.id,
        &rules::closed_email(&user.id),
        rules::CLOSED_NAME,
        ctx.now,
    )?;
    sessions::revoke_all(conn, &user.id, ctx.now)?;
    ctx.record(
        conn,
        Event {
            action: "account.closure_approved",
            entity: "account_closure",
            entity_id: Some(&row.id),
            before: Some(json!({"status": row.status})),
            after: Some(json!({"status": decided.status, "user_id": user.id, "kept_identity": keep_identity, "outcome": erasure.outcome})),
        },
    )?;
    let updated = accounts::find_by_id(conn, &user.id)?;
    Ok((view(&decided, updated.as_ref()), erasure.orphaned_files))
}

/// Reject with a reason told to the person (hr, admin); the account stays as it was.
pub fn reject(conn: &mut DbConn, ctx: &mut Ctx, actor: &AuthUser, id: &str, reason: &str) -> AppResult<ClosureView> {
    let reason = rules::rejection_reason(reason).map_err(AppError::validation)?;
    let (row, user) = locked(conn, id, false)?;
    rules::CLOSURE.apply(ClosureStatus::parse_stored(&row.status)?, ClosureAction::Reject)?;
    if !queries::decide(
        conn,
        &row.id,
        ClosureStatus::Rejected,
        &actor.id,
        Some(&reason),
        None,
        ctx.now,
    )? {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            "The request was decided meanwhile; reload.",
        ));
    }
    let decided = queries::closure(conn, &row.id)?.ok_or_else(AppError::not_found)?;
    ctx.record(
        conn,
        Event {
            action: "account.closure_rejected",
            entity: "account_closure",
            entity_id: Some(&row.id),
            before: Some(json!({"status": row.status})),
            after: Some(json!({"status": decided.status, "reason": reason})),
        },
    )?;
    tell(conn, ctx, &user, &decided, ClosureStatus::Rejected)?;
    Ok(view(&decided, Some(&user)))
}
