//! The internship operations: programmes, offers and applications, each function one transaction's
//! rules, state checks, audit event and mail. Handlers call them through `AppState::operate`.

use crate::audit::Event;
use crate::auth::{AuthUser, Role};
use crate::db::{self, new_id, Aggregate, DbConn};
use crate::enterprises::{queries as enterprises, rules as enterprise_rules};
use crate::error::{AppError, AppResult, ErrorCode, FieldError};
use crate::internships::models::{
    ApplicationAction, ApplicationRow, ApplicationStatus, ApplicationView, OfferAction, OfferInput, OfferRow,
    OfferStatus, OfferView, ProgramAction, ProgramInput, ProgramRow, ProgramStatus,
};
use crate::internships::{queries, rules};
use crate::notifications::{mails, Mail};
use crate::operation::Ctx;
use crate::positions::models::{PositionKind, PositionStatus};
use crate::positions::queries as positions;
use crate::talents::{queries as talents, views as talent_views};
use crate::transitions::Stored;
use serde_json::json;

/// Who runs programmes.
pub const ORGANISERS: &[Role] = &[Role::Hr, Role::Admin];

/// Create a programme as a draft (hr, admin).
pub fn create_program(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    actor: &AuthUser,
    input: ProgramInput,
) -> AppResult<ProgramRow> {
    rules::validate_program(&input).map_err(AppError::validation)?;
    let row = ProgramRow {
        id: new_id(),
        title: input.title.trim().into(),
        description: input
            .description
            .map(|d| d.trim().to_string())
            .filter(|d| !d.is_empty()),
        season: input.season.trim().into(),
        application_opens_at: input.application_opens_at.naive_utc(),
        application_closes_at: input.application_closes_at.naive_utc(),
        starts_on: input.starts_on,
        ends_on: input.ends_on,
        status: ProgramStatus::Draft.as_str().into(),
        created_by: actor.id.clone(),
        created_at: ctx.now,
        updated_at: ctx.now,
    };
    queries::insert_program(conn, &row)?;
    ctx.record(
        conn,
        Event {
            action: "internship.program_created",
            entity: "internship_program",
            entity_id: Some(&row.id),
            before: None,
            after: Some(json!({"title": row.title, "season": row.season})),
        },
    )?;
    Ok(row)
}

/// Publish or close a programme (hr, admin).
pub fn move_program(conn: &mut DbConn, ctx: &mut Ctx, id: &str, action: ProgramAction) -> AppResult<ProgramRow> {
    let program = queries::program(conn, id)?.ok_or_else(AppError::not_found)?;
    let from = ProgramStatus::parse_stored(&program.status)?;
    let to = rules::PROGRAM.apply(from, action)?;
    if !queries::set_program_status(conn, id, from, to, ctx.now)? {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            "The programme changed meanwhile; reload.",
        ));
    }
    ctx.record(
        conn,
        Event {
            action: &format!("internship.program_{}", to.as_str()),
            entity: "internship_program",
            entity_id: Some(id),
            before: Some(json!({"status": from.as_str()})),
            after: Some(json!({"status": to.as_str()})),
        },
    )?;
    queries::program(conn, id)?.ok_or_else(AppError::not_found)
}

/// Offer one of my enterprise's open internship positions in a published programme.
pub fn offer_position(conn: &mut DbConn, ctx: &mut Ctx, actor: &AuthUser, input: &OfferInput) -> AppResult<OfferView> {
    let mentor = rules::validate_offer(input).map_err(AppError::validation)?;
    let program = queries::program(conn, &input.program_id)?
        .filter(|p| p.status != ProgramStatus::Draft.as_str())
        .ok_or_else(AppError::not_found)?;
    if ProgramStatus::parse_stored(&program.status)? != ProgramStatus::Published {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            "This programme no longer takes offers.",
        ));
    }
    let (position, company) = positions::find(conn, &input.position_id)?
        .filter(|(_, e)| e.owner_id == actor.id)
        .ok_or_else(AppError::not_found)?;
    enterprise_rules::ensure_verified(&company.status)?;
    if position.kind != PositionKind::Internship.as_str() || position.status != PositionStatus::Open.as_str() {
        return Err(AppError::validation(vec![FieldError::new(
            "position_id",
            "invalid_value",
            "Choose an open position of kind internship.",
        )]));
    }
    if queries::offer_of_position(conn, &program.id, &position.id)?.is_some() {
        return Err(AppError::new(
            ErrorCode::AlreadyRegistered,
            "This position is already offered in the programme.",
        ));
    }
    let row = OfferRow {
        id: new_id(),
        program_id: program.id.clone(),
        position_id: position.id.clone(),
        enterprise_id: company.id.clone(),
        slots: input.slots,
        filled: 0,
        mentor,
        stipend_fen: input.stipend_fen,
        status: OfferStatus::Pending.as_str().into(),
        reject_reason: None,
        created_by: actor.id.clone(),
        created_at: ctx.now,
        updated_at: ctx.now,
    };
    queries::insert_offer(conn, &row)?;
    ctx.record(
        conn,
        Event {
            action: "internship.position_offered",
            entity: "internship_position",
            entity_id: Some(&row.id),
            before: None,
            after: Some(json!({"program_id": row.program_id, "position_id": row.position_id, "slots": row.slots, "stipend_fen": row.stipend_fen})),
        },
    )?;
    queries::offer_view_of(conn, row)
}

/// Approve (`reason: None`) or reject a pending offer (hr, admin).
pub fn decide_offer(conn: &mut DbConn, ctx: &mut Ctx, id: &str, reason: Option<&str>) -> AppResult<OfferView> {
    let offer = queries::offer(conn, id)?.ok_or_else(AppError::not_found)?;
    let action = if reason.is_some() {
        OfferAction::Reject
    } else {
        OfferAction::Approve
    };
    let refused = || {
        AppError::new(
            ErrorCode::InvalidTransition,
            format!("This offer is already {}.", offer.status),
        )
    };
    let to = rules::OFFER
        .next(OfferStatus::parse_stored(&offer.status)?, action)
        .ok_or_else(refused)?;
    if !queries::decide_offer(conn, id, to, reason, ctx.now)? {
        return Err(refused());
    }
    ctx.record(
        conn,
        Event {
            action: &format!("internship.position_{}", to.as_str()),
            entity: "internship_position",
            entity_id: Some(id),
            before: Some(json!({"status": offer.status})),
            after: Some(json!({"status": to.as_str(), "reason": reason})),
        },
    )?;
    let row = queries::offer(conn, id)?.ok_or_else(AppError::not_found)?;
    queries::offer_view_of(conn, row)
}

/// Tell the applicant what happened to an application.
fn tell(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    app: &ApplicationRow,
    status: ApplicationStatus,
    reason: Option<&str>,
) -> AppResult<()> {
    let Some((email, locale, display)) = queries::contact(conn, &app.applicant_id)? else {
        return Ok(());
    };
    let view = queries::application_view_of(conn, app.clone())?;
    let name = view.applicant_name.clone().unwrap_or(display);
    let status = status.as_str();
    let params = mails::InternshipUpdate {
        name,
        program: view.program_title,
        position: view.position_title,
        enterprise: view.enterprise_name,
        status: status.into(),
        reason: reason.map(str::to_string),
    };
    let key = format!("internship_update:{}:{status}", app.id);
    ctx.mail(conn, &Mail::new(email, locale, &params, key))?;
    Ok(())
}

/// Apply for an approved internship position while its programme's window is open.
pub fn apply(conn: &mut DbConn, ctx: &mut Ctx, actor: &AuthUser, offer_id: &str) -> AppResult<ApplicationView> {
    let offer = queries::offer(conn, offer_id)?
        .filter(|o| o.status == OfferStatus::Approved.as_str())
        .ok_or_else(AppError::not_found)?;
    // The three-applications count below is read under the lock on this person's applications.
    db::lock(
        conn,
        Aggregate::InternshipApplicant {
            program: &offer.program_id,
            applicant: &actor.id,
        },
    )?;
    let program = queries::program(conn, &offer.program_id)?.ok_or_else(AppError::not_found)?;
    let open = ProgramStatus::parse_stored(&program.status)? == ProgramStatus::Published
        && program.application_opens_at <= ctx.now
        && ctx.now < program.application_closes_at;
    if !open {
        return Err(AppError::new(
            ErrorCode::SignupClosed,
            "Applications for this programme are not open.",
        ));
    }
    if !talents::find(conn, &actor.id)?.is_some_and(|p| talent_views::is_complete(&p)) {
        return Err(AppError::new(
            ErrorCode::ProfileIncomplete,
            "Fill in your name, ID number, phone and education first.",
        ));
    }
    if queries::application_of(conn, &offer.id, &actor.id)?.is_some() {
        return Err(AppError::new(
            ErrorCode::AlreadyRegistered,
            "You have already applied for this position.",
        ));
    }
    if queries::active_count(conn, &program.id, &actor.id)? >= rules::MAX_APPLICATIONS {
        return Err(AppError::new(
            ErrorCode::CapacityFull,
            "At most three active applications per programme.",
        ));
    }
    let row = ApplicationRow {
        id: new_id(),
        offer_id: offer.id.clone(),
        program_id: program.id.clone(),
        applicant_id: actor.id.clone(),
        status: ApplicationStatus::Submitted.as_str().into(),
        reason: None,
        evaluation: None,
        hours: None,
        decided_by: None,
        created_at: ctx.now,
        updated_at: ctx.now,
    };
    queries::insert_application(conn, &row)?;
    ctx.record(
        conn,
        Event {
            action: "internship.applied",
            entity: "internship_application",
            entity_id: Some(&row.id),
            before: None,
            after: Some(json!({"internship_position_id": row.offer_id})),
        },
    )?;
    queries::application_view_of(conn, row)
}

/// Details an action on an application carries.
#[derive(Debug, Default)]
pub struct Details {
    /// Why (reject, terminate).
    pub reason: Option<String>,
    /// The evaluation (complete).
    pub evaluation: Option<String>,
    /// Hours served (complete).
    pub hours: Option<i32>,
}

/// Apply an action to an application, with its permission, slot and mail rules.
pub fn act(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    actor: &AuthUser,
    id: &str,
    action: ApplicationAction,
    details: &Details,
) -> AppResult<ApplicationView> {
    let found = queries::application(conn, id)?.ok_or_else(AppError::not_found)?;
    // Programme and applicant never change; the status and the person's other applications are
    // read again under the lock, so that two enterprises accepting one person at once place them once.
    db::lock(
        conn,
        Aggregate::InternshipApplicant {
            program: &found.program_id,
            applicant: &found.applicant_id,
        },
    )?;
    let app = queries::application(conn, &found.id)?.ok_or_else(AppError::not_found)?;
    let offer = queries::offer(conn, &app.offer_id)?.ok_or_else(AppError::not_found)?;
    let owner = enterprises::find(conn, &offer.enterprise_id)?.map(|e| e.owner_id);
    let may = match action {
        ApplicationAction::Withdraw => actor.id == app.applicant_id,
        _ => matches!(actor.role, Role::Hr | Role::Admin) || owner.as_deref() == Some(actor.id.as_str()),
    };
    if !may {
        return Err(AppError::not_found());
    }
    let from = ApplicationStatus::parse_stored(&app.status)?;
    let Some(to) = rules::APPLICATION.next(from, action) else {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            format!("A {} application cannot {}.", app.status, action.as_str()),
        ));
    };
    if action == ApplicationAction::Accept && queries::placed(conn, &app.program_id, &app.applicant_id)? {
        return Err(AppError::new(
            ErrorCode::AlreadyPlaced,
            "This person already has a placement in this programme.",
        ));
    }
    if action == ApplicationAction::Accept && !queries::take_slot(conn, &offer.id)? {
        return Err(AppError::new(
            ErrorCode::CapacityFull,
            "Every slot of this internship position is filled.",
        ));
    }
    let moved = queries::move_application(
        conn,
        &app.id,
        from,
        to,
        details.reason.as_deref(),
        details.evaluation.as_deref(),
        details.hours,
        &actor.id,
        ctx.now,
    )?;
    if !moved {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            "The application changed meanwhile; reload.",
        ));
    }
    if action == ApplicationAction::Withdraw && from == ApplicationStatus::Accepted {
        queries::release_slot(conn, &offer.id)?;
    }
    if action == ApplicationAction::Accept {
        withdraw_others(conn, ctx, actor, &app)?;
    }
    if action != ApplicationAction::Withdraw {
        tell(conn, ctx, &app, to, details.reason.as_deref())?;
    }
    ctx.record(
        conn,
        Event {
            action: &format!("internship.application_{}", to.as_str()),
            entity: "internship_application",
            entity_id: Some(&app.id),
            before: Some(json!({"status": app.status})),
            after: Some(json!({"status": to.as_str(), "reason": details.reason, "hours": details.hours})),
        },
    )?;
    let row = queries::application(conn, &app.id)?.ok_or_else(AppError::not_found)?;
    queries::application_view_of(conn, row)
}

/// An accepted person's other pending applications in the programme are withdrawn (and mailed).
fn withdraw_others(conn: &mut DbConn, ctx: &mut Ctx, actor: &AuthUser, app: &ApplicationRow) -> AppResult<()> {
    let note = "Accepted elsewhere in this programme.";
    let (from, action) = (ApplicationStatus::Submitted, ApplicationAction::Withdraw);
    let to = rules::APPLICATION.apply(from, action)?;
    for other in queries::other_submitted(conn, &app.program_id, &app.applicant_id, &app.id)? {
        if queries::move_application(conn, &other.id, from, to, Some(note), None, None, &actor.id, ctx.now)? {
            tell(conn, ctx, &other, to, Some(note))?;
        }
    }
    Ok(())
}
