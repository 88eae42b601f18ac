//! The job-fair operations: each function is one transaction's rules, state checks, audit event
//! and mail. Handlers call them through `AppState::operate`.

use crate::accounts::queries as accounts;
use crate::audit::Event;
use crate::auth::{AuthUser, Role};
use crate::db::{self, new_id, Aggregate, DbConn};
use crate::enterprises::{queries as enterprises, rules as enterprise_rules};
use crate::error::{AppError, AppResult, ErrorCode, FieldError};
use crate::fairs::booths::{self, BoothAction, BoothRow, BoothStatus, BoothView};
use crate::fairs::intents::{self, IntentAction, IntentInput, IntentRow, IntentStatus, IntentView};
use crate::fairs::models::{
    CheckInResult, FairAction, FairInput, FairPatch, FairRow, FairStatus, RegistrationAction, RegistrationRow,
    RegistrationStatus, RegistrationView, SignupInput,
};
use crate::fairs::notify::{self, Recipient};
use crate::fairs::{queries, rules, views};
use crate::operation::Ctx;
use crate::positions::models::PositionStatus;
use crate::positions::queries as positions;
use crate::talents::{queries as talent_queries, views as talent_views};
use crate::time::local_minute;
use crate::transitions::Stored;
use serde_json::json;

/// Who runs fairs.
pub const ORGANISERS: &[Role] = &[Role::Hr, Role::Admin];

/// Most positions one booth may bring.
pub const MAX_POSITIONS: usize = 20;

/// Whether the caller runs fairs (and so sees drafts).
pub fn is_organiser(auth: Option<&AuthUser>) -> bool {
    auth.is_some_and(|a| ORGANISERS.contains(&a.role))
}

/// A fair the caller may see: drafts only for organisers (404 for everyone else).
pub fn visible(conn: &mut DbConn, auth: Option<&AuthUser>, id: &str) -> AppResult<FairRow> {
    queries::find(conn, id)?
        .filter(|f| f.status != FairStatus::Draft.as_str() || is_organiser(auth))
        .ok_or_else(AppError::not_found)
}

fn fair_or_404(conn: &mut DbConn, id: &str) -> AppResult<FairRow> {
    queries::find(conn, id)?.ok_or_else(AppError::not_found)
}

/// Create a fair as a draft (hr, admin).
pub fn create_fair(conn: &mut DbConn, ctx: &mut Ctx, actor: &AuthUser, input: &FairInput) -> AppResult<FairRow> {
    let valid = rules::validate_fair(input, ctx.now.and_utc()).map_err(AppError::validation)?;
    let row = FairRow {
        id: new_id(),
        title: valid.title,
        description: valid.description,
        venue: valid.venue,
        starts_at: valid.starts_at,
        ends_at: valid.ends_at,
        signup_deadline: valid.signup_deadline,
        capacity: valid.capacity,
        booth_capacity: valid.booth_capacity,
        registered_count: 0,
        approved_booths: 0,
        status: FairStatus::Draft.as_str().into(),
        cancel_reason: None,
        created_by: actor.id.clone(),
        created_at: ctx.now,
        updated_at: ctx.now,
    };
    queries::insert(conn, &row)?;
    ctx.record(
        conn,
        Event {
            action: "fair.created",
            entity: "job_fair",
            entity_id: Some(&row.id),
            before: None,
            after: Some(json!({"title": row.title, "capacity": row.capacity, "booth_capacity": row.booth_capacity})),
        },
    )?;
    Ok(row)
}

/// Edit a draft or published fair; capacity never drops below the places or booths given, and
/// places added by raising it go first to the people waiting, in waiting order, each with the mail
/// a freed place sends.
pub fn update_fair(conn: &mut DbConn, ctx: &mut Ctx, id: &str, patch: &FairPatch) -> AppResult<FairRow> {
    // The counts checked below are the ones sign-ups change: read them under the fair's lock.
    db::lock(conn, Aggregate::Fair(id))?;
    let before = fair_or_404(conn, id)?;
    if !rules::editable(FairStatus::parse_stored(&before.status)?) {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            format!("A {} fair can no longer be edited.", before.status),
        ));
    }
    let merged = FairInput {
        title: patch.title.clone().unwrap_or_else(|| before.title.clone()),
        description: patch.description.clone().or_else(|| before.description.clone()),
        venue: patch.venue.clone().unwrap_or_else(|| before.venue.clone()),
        starts_at: patch.starts_at.unwrap_or_else(|| before.starts_at.and_utc()),
        ends_at: patch.ends_at.unwrap_or_else(|| before.ends_at.and_utc()),
        signup_deadline: patch
            .signup_deadline
            .unwrap_or_else(|| before.signup_deadline.and_utc()),
        capacity: patch.capacity.unwrap_or(before.capacity),
        booth_capacity: patch.booth_capacity.unwrap_or(before.booth_capacity),
    };
    let valid = rules::validate_fair(&merged, ctx.now.and_utc()).map_err(AppError::validation)?;
    if valid.capacity < before.registered_count || valid.booth_capacity < before.approved_booths {
        return Err(AppError::new(
            ErrorCode::CapacityBelowTaken,
            "Capacity cannot drop below the places or booths already given.",
        ));
    }
    let row = FairRow {
        title: valid.title,
        description: valid.description,
        venue: valid.venue,
        starts_at: valid.starts_at,
        ends_at: valid.ends_at,
        signup_deadline: valid.signup_deadline,
        capacity: valid.capacity,
        booth_capacity: valid.booth_capacity,
        updated_at: ctx.now,
        ..before.clone()
    };
    queries::update_fields(conn, &row)?;
    // Before any newcomer: the lock is held until this transaction commits.
    let mut promoted = 0;
    while queries::take_place(conn, &row.id)? && pass_on_place(conn, ctx, &row)? {
        promoted += 1;
    }
    let row = fair_or_404(conn, id)?;
    ctx.record(
        conn,
        Event {
            action: "fair.updated",
            entity: "job_fair",
            entity_id: Some(&row.id),
            before: Some(
                json!({"title": before.title, "capacity": before.capacity, "starts_at": before.starts_at.and_utc()}),
            ),
            after: Some(
                json!({"title": row.title, "capacity": row.capacity, "starts_at": row.starts_at.and_utc(), "promoted": promoted}),
            ),
        },
    )?;
    Ok(row)
}

/// Apply a status action; cancelling the fair cancels every sign-up and mails each person.
pub fn move_fair(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    id: &str,
    action: FairAction,
    reason: Option<&str>,
) -> AppResult<FairRow> {
    db::lock(conn, Aggregate::Fair(id))?;
    let fair = fair_or_404(conn, id)?;
    let from = FairStatus::parse_stored(&fair.status)?;
    let to = rules::FAIR.apply(from, action)?;
    if action == FairAction::Publish && fair.starts_at <= ctx.now {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            "A fair that has already started cannot be published.",
        ));
    }
    if !queries::set_status(conn, id, from, to, reason, ctx.now)? {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            "The fair changed meanwhile; reload and try again.",
        ));
    }
    if to == FairStatus::Cancelled {
        let people = queries::people(
            conn,
            id,
            &[RegistrationStatus::Registered, RegistrationStatus::Waitlisted],
        )?;
        for (reg, email, locale, name) in people {
            let status = RegistrationStatus::parse(&reg.status);
            let cancelled = rules::REGISTRATION.apply(status, RegistrationAction::Cancel)?;
            queries::move_registration(conn, &reg.id, status, cancelled, None, ctx.now)?;
            let who = Recipient {
                email: &email,
                locale: &locale,
                name: name.as_deref().unwrap_or(&email),
            };
            notify::cancelled(conn, ctx, &who, &fair, &reg, reason.unwrap_or_default())?;
        }
    }
    ctx.record(
        conn,
        Event {
            action: &format!("fair.{}", to.as_str()),
            entity: "job_fair",
            entity_id: Some(id),
            before: Some(json!({"status": from.as_str()})),
            after: Some(json!({"status": to.as_str(), "reason": reason})),
        },
    )?;
    fair_or_404(conn, id)
}

/// Give a freed place to the first person waiting (with a new ticket and an e-mail), or back to the fair.
fn pass_on_place(conn: &mut DbConn, ctx: &mut Ctx, fair: &FairRow) -> AppResult<bool> {
    let Some(next) = queries::first_waiting(conn, &fair.id)? else {
        queries::release_place(conn, &fair.id)?;
        return Ok(false);
    };
    let from = RegistrationStatus::parse(&next.status);
    let to = rules::REGISTRATION.apply(from, RegistrationAction::Promote)?;
    let ticket = rules::new_ticket_code();
    if !queries::move_registration(conn, &next.id, from, to, Some(&ticket), ctx.now)? {
        queries::release_place(conn, &fair.id)?;
        return Ok(false);
    }
    if let Some((promoted, email, locale, name)) = queries::person(conn, &next.id)? {
        let who = Recipient {
            email: &email,
            locale: &locale,
            name: name.as_deref().unwrap_or(&email),
        };
        notify::ticket(conn, ctx, &who, fair, &promoted, true)?;
    }
    Ok(true)
}

/// Sign up for a fair: a ticket while places last, then the waiting list (unless `waitlist: false`).
pub fn sign_up(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    actor: &AuthUser,
    fair_id: &str,
    input: &SignupInput,
) -> AppResult<RegistrationView> {
    // Lock first, then take the time: waiting-list places are ordered by `waitlisted_at`, so it
    // must be read after the sign-ups that held the lock before us.
    db::lock(conn, Aggregate::Fair(fair_id))?;
    ctx.retime();
    let fair = visible(conn, Some(actor), fair_id)?;
    if !rules::signup_open(FairStatus::parse_stored(&fair.status)?, fair.signup_deadline, ctx.now) {
        return Err(AppError::new(
            ErrorCode::SignupClosed,
            "Sign-up for this fair is not open.",
        ));
    }
    let Some(profile) = talent_queries::find(conn, &actor.id)?.filter(talent_views::is_complete) else {
        return Err(AppError::new(
            ErrorCode::ProfileIncomplete,
            "Fill in your name, ID number, phone and education first.",
        ));
    };
    let existing = queries::registration_of(conn, &fair.id, &actor.id)?;
    if existing
        .as_ref()
        .is_some_and(|r| RegistrationStatus::parse(&r.status) != RegistrationStatus::Cancelled)
    {
        return Err(AppError::new(
            ErrorCode::AlreadyRegistered,
            "You have already signed up for this fair.",
        ));
    }
    let got_place = queries::take_place(conn, &fair.id)?;
    if !got_place && input.waitlist == Some(false) {
        return Err(AppError::new(ErrorCode::CapacityFull, "The fair is full."));
    }
    let status = if got_place {
        RegistrationStatus::Registered
    } else {
        RegistrationStatus::Waitlisted
    };
    let row = RegistrationRow {
        id: existing.as_ref().map(|r| r.id.clone()).unwrap_or_else(new_id),
        fair_id: fair.id.clone(),
        user_id: actor.id.clone(),
        status: status.as_str().into(),
        ticket_code: got_place.then(rules::new_ticket_code),
        waitlisted_at: (!got_place).then_some(ctx.now),
        checked_in_at: None,
        checked_in_by: None,
        reminded_at: None,
        created_at: existing.as_ref().map(|r| r.created_at).unwrap_or(ctx.now),
        updated_at: ctx.now,
    };
    queries::save_registration(conn, &row, existing.is_some())?;
    let view = views::registration(conn, &row, Some(&fair))?;
    let who = Recipient {
        email: &actor.email,
        locale: &actor.locale,
        name: &profile.row.full_name,
    };
    if got_place {
        notify::ticket(conn, ctx, &who, &fair, &row, false)?;
    } else {
        notify::waitlisted(conn, ctx, &who, &fair, &row, view.waitlist_position.unwrap_or(1))?;
    }
    ctx.record(
        conn,
        Event {
            action: if got_place { "fair.signed_up" } else { "fair.waitlisted" },
            entity: "job_fair",
            entity_id: Some(&fair.id),
            before: None,
            after: Some(json!({"registration_id": row.id})),
        },
    )?;
    Ok(view)
}

/// Cancel my sign-up (until the deadline); a freed place goes to the first person waiting.
/// Returns whether someone was promoted.
pub fn cancel_sign_up(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    actor: &AuthUser,
    fair_id: &str,
    registration_id: &str,
) -> AppResult<bool> {
    db::lock(conn, Aggregate::Fair(fair_id))?;
    ctx.retime();
    let reg = queries::registration(conn, registration_id)?
        .filter(|r| r.fair_id == fair_id && r.user_id == actor.id)
        .ok_or_else(AppError::not_found)?;
    let fair = fair_or_404(conn, fair_id)?;
    let status = RegistrationStatus::parse(&reg.status);
    let Some(to) = rules::REGISTRATION.next(status, RegistrationAction::Cancel) else {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            format!("A {} sign-up cannot be cancelled.", reg.status),
        ));
    };
    if !rules::signup_open(FairStatus::parse_stored(&fair.status)?, fair.signup_deadline, ctx.now) {
        return Err(AppError::new(
            ErrorCode::SignupClosed,
            "The sign-up deadline has passed.",
        ));
    }
    if !queries::move_registration(conn, &reg.id, status, to, None, ctx.now)? {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            "The sign-up changed meanwhile; reload.",
        ));
    }
    // Only a held place is freed; leaving the waiting list frees nothing.
    let promoted = status == RegistrationStatus::Registered && pass_on_place(conn, ctx, &fair)?;
    ctx.record(
        conn,
        Event {
            action: "fair.signup_cancelled",
            entity: "job_fair",
            entity_id: Some(&fair.id),
            before: Some(json!({"registration_id": reg.id, "status": reg.status})),
            after: Some(json!({"promoted_next": promoted})),
        },
    )?;
    Ok(promoted)
}

/// Check a ticket in at the door (hr, admin). A second scan changes nothing and says so.
pub fn check_in(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    actor: &AuthUser,
    fair_id: &str,
    raw_code: &str,
    opens_minutes: i64,
) -> AppResult<CheckInResult> {
    let code = rules::normalize_ticket(raw_code);
    let fair = fair_or_404(conn, fair_id)?;
    if !rules::at_the_door(FairStatus::parse_stored(&fair.status)?) {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            format!("Check-in is not possible at a {} fair.", fair.status),
        ));
    }
    if !rules::door_open(fair.starts_at, fair.ends_at, opens_minutes, ctx.now) {
        let opens = fair.starts_at - chrono::Duration::minutes(opens_minutes.max(0));
        return Err(AppError::new(
            ErrorCode::CheckInNotOpen,
            format!(
                "Check-in is open from {} until the fair ends at {}.",
                local_minute(opens),
                local_minute(fair.ends_at)
            ),
        ));
    }
    let reg = queries::by_ticket(conn, &code)?
        .ok_or_else(|| AppError::new(ErrorCode::NotFound, "No ticket has this code; check the spelling."))?;
    if reg.fair_id != fair.id {
        return Err(AppError::new(
            ErrorCode::TicketOtherFair,
            "This ticket is for a different fair.",
        ));
    }
    let status = RegistrationStatus::parse(&reg.status);
    let first_scan = match rules::REGISTRATION.next(status, RegistrationAction::CheckIn) {
        Some(_) => queries::check_in(conn, &reg.id, &actor.id, ctx.now)?,
        None if status == RegistrationStatus::CheckedIn => false,
        None => {
            return Err(AppError::new(
                ErrorCode::TicketCancelled,
                "This ticket was cancelled and is no longer valid.",
            ))
        }
    };
    let reg = queries::registration(conn, &reg.id)?.ok_or_else(AppError::not_found)?;
    if first_scan {
        ctx.record(
            conn,
            Event {
                action: "fair.checked_in",
                entity: "job_fair",
                entity_id: Some(&fair.id),
                before: None,
                after: Some(json!({"registration_id": reg.id})),
            },
        )?;
    }
    let at = reg.checked_in_at.map(local_minute).unwrap_or_default();
    let mut registration = views::registration(conn, &reg, Some(&fair))?;
    if let Some((_, email, _, name)) = queries::person(conn, &reg.id)? {
        registration.email = Some(email);
        registration.full_name = name;
    }
    Ok(CheckInResult {
        first_scan,
        message: if first_scan {
            format!("Checked in at {at}.")
        } else {
            format!("Already checked in at {at}.")
        },
        registration,
    })
}

/// The position ids of a booth request: sorted, without duplicates, 1 to [`MAX_POSITIONS`].
fn booth_positions(mut ids: Vec<String>) -> AppResult<Vec<String>> {
    ids.sort();
    ids.dedup();
    if ids.is_empty() || ids.len() > MAX_POSITIONS {
        return Err(AppError::validation(vec![FieldError::new(
            "position_ids",
            if ids.is_empty() { "required" } else { "too_long" },
            format!("Choose 1 to {MAX_POSITIONS} of your open positions."),
        )]));
    }
    Ok(ids)
}

/// Ask for a booth at a published fair with some open positions of my verified enterprise.
pub fn request_booth(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    actor: &AuthUser,
    fair_id: &str,
    ids: Vec<String>,
) -> AppResult<BoothView> {
    // The fair's status is read under its lock, so a fair closed meanwhile takes no new request.
    db::lock(conn, Aggregate::Fair(fair_id))?;
    let fair = visible(conn, Some(actor), fair_id)?;
    let ids = booth_positions(ids)?;
    if FairStatus::parse_stored(&fair.status)? != FairStatus::Published {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            "Booths can be requested only while the fair is published.",
        ));
    }
    let company = enterprises::find_by_owner(conn, &actor.id)?
        .ok_or_else(|| AppError::new(ErrorCode::EnterpriseNotVerified, "Register your enterprise first."))?;
    enterprise_rules::ensure_verified(&company.status)?;
    for id in &ids {
        let ok = positions::find(conn, id)?
            .is_some_and(|(p, e)| e.id == company.id && p.status == PositionStatus::Open.as_str());
        if !ok {
            return Err(AppError::validation(vec![FieldError::new(
                "position_ids",
                "invalid_value",
                "Only open positions of your own enterprise can be brought to a booth.",
            )]));
        }
    }
    let existing = booths::of_enterprise(conn, &fair.id, &company.id)?;
    // A first request is new; an existing one may only be asked again after a rejection.
    if let Some(b) = &existing {
        let from = BoothStatus::parse_stored(&b.status)?;
        if rules::BOOTH.next(from, BoothAction::Request).is_none() {
            return Err(AppError::new(
                ErrorCode::AlreadyRegistered,
                "Your enterprise has already asked for a booth at this fair.",
            ));
        }
    }
    let row = BoothRow {
        id: existing.as_ref().map(|b| b.id.clone()).unwrap_or_else(new_id),
        fair_id: fair.id.clone(),
        enterprise_id: company.id.clone(),
        status: BoothStatus::Pending.as_str().into(),
        reject_reason: None,
        requested_by: actor.id.clone(),
        created_at: existing.as_ref().map(|b| b.created_at).unwrap_or(ctx.now),
        updated_at: ctx.now,
    };
    booths::save(conn, &row, existing.is_some(), &ids)?;
    ctx.record(
        conn,
        Event {
            action: "fair.booth_requested",
            entity: "fair_booth",
            entity_id: Some(&row.id),
            before: None,
            after: Some(json!({"job_fair_id": fair.id, "enterprise_id": company.id, "position_ids": ids})),
        },
    )?;
    booths::view(conn, row)
}

/// Approve (`reason: None`, within the booth capacity) or reject a pending booth; mail the employer.
pub fn decide_booth(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    fair_id: &str,
    booth_id: &str,
    reason: Option<&str>,
) -> AppResult<BoothView> {
    db::lock(conn, Aggregate::Fair(fair_id))?;
    let fair = fair_or_404(conn, fair_id)?;
    let booth = booths::find(conn, booth_id)?
        .filter(|b| b.fair_id == fair.id)
        .ok_or_else(AppError::not_found)?;
    let action = if reason.is_some() {
        BoothAction::Reject
    } else {
        BoothAction::Approve
    };
    let Some(to) = rules::BOOTH.next(BoothStatus::parse_stored(&booth.status)?, action) else {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            format!("This booth request is already {}.", booth.status),
        ));
    };
    if !rules::at_the_door(FairStatus::parse_stored(&fair.status)?) {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            format!("Booths cannot be decided at a {} fair.", fair.status),
        ));
    }
    if to == BoothStatus::Approved && !booths::take_booth_place(conn, &fair.id)? {
        return Err(AppError::new(
            ErrorCode::CapacityFull,
            "Every booth of this fair is taken.",
        ));
    }
    if !booths::decide(conn, &booth.id, to, reason, ctx.now)? {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            "The booth request changed meanwhile; reload.",
        ));
    }
    let company = enterprises::find(conn, &booth.enterprise_id)?.ok_or_else(AppError::not_found)?;
    if let Some(owner) = accounts::find_by_id(conn, &booth.requested_by)? {
        let who = Recipient {
            email: &owner.email,
            locale: &owner.locale,
            name: &owner.display_name,
        };
        notify::booth_decision(conn, ctx, &who, &fair, &booth.id, &company.name, reason)?;
    }
    ctx.record(
        conn,
        Event {
            action: &format!("fair.booth_{}", to.as_str()),
            entity: "fair_booth",
            entity_id: Some(&booth.id),
            before: Some(json!({"status": booth.status})),
            after: Some(json!({"status": to.as_str(), "reason": reason})),
        },
    )?;
    let decided = booths::find(conn, &booth.id)?.ok_or_else(AppError::not_found)?;
    booths::view(conn, decided)
}

/// The note of an intent, checked before any transaction.
pub fn intent_note(input: &IntentInput) -> AppResult<Option<String>> {
    let note = crate::validation::optional_text("note", input.note.as_deref().unwrap_or(""), 500)
        .map_err(|e| AppError::validation(vec![e]))?;
    if input.applicant_id.is_none() && input.ticket_code.is_none() {
        return Err(AppError::validation(vec![FieldError::new(
            "ticket_code",
            "required",
            "Scan or type the applicant's ticket.",
        )]));
    }
    Ok(note)
}

/// Record an employment intent for a checked-in applicant and a position at an approved booth.
pub fn record_intent(conn: &mut DbConn, ctx: &mut Ctx, actor: &AuthUser, input: &IntentInput) -> AppResult<IntentView> {
    let note = intent_note(input)?;
    let fair = fair_or_404(conn, &input.job_fair_id)?;
    let (position, company) = positions::find(conn, &input.position_id)?.ok_or_else(AppError::not_found)?;
    if actor.role == Role::Employer && company.owner_id != actor.id {
        return Err(AppError::not_found());
    }
    let booth = booths::position_at_fair(conn, &fair.id, &position.id)?.ok_or_else(|| {
        AppError::new(
            ErrorCode::PositionNotAtFair,
            "This position is not shown at an approved booth of this fair.",
        )
    })?;
    let registration = match (&input.ticket_code, &input.applicant_id) {
        (Some(code), _) => queries::by_ticket(conn, &rules::normalize_ticket(code))?,
        (None, Some(applicant)) => queries::registration_of(conn, &fair.id, applicant)?,
        (None, None) => None,
    }
    .filter(|r| r.fair_id == fair.id)
    .ok_or_else(|| AppError::new(ErrorCode::NotFound, "No sign-up for this fair matches that ticket."))?;
    if RegistrationStatus::parse(&registration.status) != RegistrationStatus::CheckedIn {
        return Err(AppError::new(
            ErrorCode::NotCheckedIn,
            "The applicant has not checked in at this fair.",
        ));
    }
    if intents::existing(conn, &fair.id, &registration.user_id, &position.id)?.is_some() {
        return Err(AppError::new(
            ErrorCode::AlreadyRegistered,
            "This intent has already been recorded.",
        ));
    }
    let row = IntentRow {
        id: new_id(),
        fair_id: fair.id.clone(),
        booth_id: booth.id,
        applicant_id: registration.user_id.clone(),
        enterprise_id: company.id.clone(),
        position_id: position.id.clone(),
        status: IntentStatus::Intended.as_str().into(),
        note,
        recorded_by: actor.id.clone(),
        created_at: ctx.now,
        updated_at: ctx.now,
    };
    intents::insert(conn, &row)?;
    ctx.record(
        conn,
        Event {
            action: "fair.intent_recorded",
            entity: "employment_intent",
            entity_id: Some(&row.id),
            before: None,
            after: Some(
                json!({"job_fair_id": row.fair_id, "applicant_id": row.applicant_id, "position_id": row.position_id}),
            ),
        },
    )?;
    intents::view_of(conn, row)
}

/// Sign or withdraw an intended intent (its enterprise's employer, hr, admin).
pub fn settle_intent(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    actor: &AuthUser,
    id: &str,
    action: IntentAction,
) -> AppResult<IntentView> {
    let intent = intents::find(conn, id)?.ok_or_else(AppError::not_found)?;
    if actor.role == Role::Employer {
        let owner = enterprises::find(conn, &intent.enterprise_id)?.map(|e| e.owner_id);
        if owner.as_deref() != Some(actor.id.as_str()) {
            return Err(AppError::not_found());
        }
    }
    let refused = || {
        AppError::new(
            ErrorCode::InvalidTransition,
            format!("A {} intent cannot change any more.", intent.status),
        )
    };
    let to = rules::INTENT
        .next(IntentStatus::parse_stored(&intent.status)?, action)
        .ok_or_else(refused)?;
    if !intents::settle(conn, id, to, ctx.now)? {
        return Err(refused());
    }
    ctx.record(
        conn,
        Event {
            action: &format!("fair.intent_{}", to.as_str()),
            entity: "employment_intent",
            entity_id: Some(id),
            before: Some(json!({"status": intent.status})),
            after: Some(json!({"status": to.as_str()})),
        },
    )?;
    let row = intents::find(conn, id)?.ok_or_else(AppError::not_found)?;
    intents::view_of(conn, row)
}
