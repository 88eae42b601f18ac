//! The symposium operations, each one transaction's rules, state checks, audit event and mail.
//! Every operation that changes a symposium or its invitations first takes
//! `Aggregate::Symposium`, so status, capacity and "one invitation per person" are decided alone.

use crate::audit::Event;
use crate::auth::{AuthUser, Role};
use crate::db::{self, new_id, Aggregate, DbConn};
use crate::error::{AppError, AppResult, ErrorCode, FieldError};
use crate::notifications::{mails, Mail};
use crate::operation::Ctx;
use crate::symposiums::models::{
    AttendanceInput, InvitationRow, InviteFilter, InvitePreview, InviteResult, Rsvp, SymposiumAction, SymposiumInput,
    SymposiumRow, SymposiumStatus, SymposiumView,
};
use crate::symposiums::{queries, rules};
use crate::talents::queries as talents;
use crate::time::local_minute;
use crate::transitions::Stored;
use serde_json::json;

/// Who runs symposiums.
pub const ORGANISERS: &[Role] = &[Role::Hr, Role::Admin];

/// Most people one invitation round may reach (a filter that matches more is refused).
pub const MAX_ROUND: usize = 2000;

/// The symposium, read under its lock.
fn locked(conn: &mut DbConn, id: &str) -> AppResult<SymposiumRow> {
    db::lock(conn, Aggregate::Symposium(id))?;
    queries::symposium(conn, id)?.ok_or_else(AppError::not_found)
}

/// The view of a symposium with its counts.
pub fn view(conn: &mut DbConn, row: &SymposiumRow) -> AppResult<SymposiumView> {
    Ok(SymposiumView::of(row, queries::counts_of(conn, &row.id)?))
}

/// Create a symposium as a draft (hr, admin).
pub fn create(conn: &mut DbConn, ctx: &mut Ctx, actor: &AuthUser, input: SymposiumInput) -> AppResult<SymposiumView> {
    let (title, venue, agenda) = rules::validate(&input).map_err(AppError::validation)?;
    let row = SymposiumRow {
        id: new_id(),
        kind: input.kind.as_str().into(),
        title,
        starts_at: input.starts_at.naive_utc(),
        venue,
        capacity: input.capacity,
        agenda,
        status: SymposiumStatus::Draft.as_str().into(),
        summary: None,
        created_by: actor.id.clone(),
        created_at: ctx.now,
        updated_at: ctx.now,
    };
    queries::insert(conn, &row)?;
    ctx.record(
        conn,
        Event {
            action: "symposium.created",
            entity: "symposium",
            entity_id: Some(&row.id),
            before: None,
            after: Some(json!({"kind": row.kind, "title": row.title, "starts_at": row.starts_at, "venue": row.venue, "capacity": row.capacity})),
        },
    )?;
    view(conn, &row)
}

/// Change a draft or invited symposium's details (hr, admin); the capacity may not drop below
/// the invitations already sent.
pub fn edit(conn: &mut DbConn, ctx: &mut Ctx, id: &str, input: SymposiumInput) -> AppResult<SymposiumView> {
    let (title, venue, agenda) = rules::validate(&input).map_err(AppError::validation)?;
    let old = locked(conn, id)?;
    let status = SymposiumStatus::parse_stored(&old.status)?;
    rules::SYMPOSIUM.apply(status, SymposiumAction::Edit)?;
    let (invited, _, _) = queries::counts_of(conn, id)?;
    if !rules::fits(input.capacity, invited, 0) {
        return Err(AppError::validation(vec![FieldError::new(
            "capacity",
            "below_invited",
            format!("{invited} people are already invited; the capacity cannot be lower."),
        )]));
    }
    let row = SymposiumRow {
        kind: input.kind.as_str().into(),
        title,
        starts_at: input.starts_at.naive_utc(),
        venue,
        capacity: input.capacity,
        agenda,
        updated_at: ctx.now,
        ..old.clone()
    };
    if !queries::update_details(conn, &row, status)? {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            "The symposium changed meanwhile; reload.",
        ));
    }
    ctx.record(
        conn,
        Event {
            action: "symposium.updated",
            entity: "symposium",
            entity_id: Some(id),
            before: Some(json!({"kind": old.kind, "title": old.title, "starts_at": old.starts_at, "venue": old.venue, "capacity": old.capacity})),
            after: Some(json!({"kind": row.kind, "title": row.title, "starts_at": row.starts_at, "venue": row.venue, "capacity": row.capacity})),
        },
    )?;
    view(conn, &row)
}

/// Who a filter reaches: matching profiles of active accounts, those already invited, and the new
/// ones (sorted).
fn reach(conn: &mut DbConn, id: &str, filter: &InviteFilter) -> AppResult<(usize, usize, Vec<String>)> {
    let mut matching = talents::matching_ids(conn, &filter.talent_filter())?;
    let active = queries::active_accounts(conn, &matching)?;
    matching.retain(|u| active.contains(u));
    let invited = queries::invited_people(conn, id)?;
    let new: Vec<String> = matching.iter().filter(|u| !invited.contains(*u)).cloned().collect();
    Ok((matching.len(), matching.len() - new.len(), new))
}

/// How many people an invitation round with this filter would reach (hr, admin; a read).
pub fn preview(conn: &mut DbConn, id: &str, filter: &InviteFilter) -> AppResult<InvitePreview> {
    queries::symposium(conn, id)?.ok_or_else(AppError::not_found)?;
    let (matching, already, new) = reach(conn, id, filter)?;
    Ok(InvitePreview {
        matching: matching as i64,
        already_invited: already as i64,
        new: new.len() as i64,
    })
}

/// Invite everyone in the pool matching the filter who is not invited yet, one invitation each,
/// and mail them; the first round moves a draft to invited. All or nothing: a round that would
/// pass the capacity invites nobody.
pub fn invite(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    actor: &AuthUser,
    id: &str,
    filter: &InviteFilter,
) -> AppResult<InviteResult> {
    let sym = locked(conn, id)?;
    let from = SymposiumStatus::parse_stored(&sym.status)?;
    let to = rules::SYMPOSIUM.apply(from, SymposiumAction::Invite)?;
    let (_, skipped, new) = reach(conn, id, filter)?;
    if new.is_empty() {
        return Err(AppError::validation(vec![FieldError::new(
            "filter",
            "no_match",
            "Nobody new matches this filter.",
        )]));
    }
    if new.len() > MAX_ROUND {
        return Err(AppError::validation(vec![FieldError::new(
            "filter",
            "too_many",
            format!("At most {MAX_ROUND} people per round; narrow the filter."),
        )]));
    }
    let existing = queries::counts_of(conn, id)?.0;
    if !rules::fits(sym.capacity, existing, new.len() as i64) {
        return Err(AppError::new(
            ErrorCode::CapacityFull,
            format!(
                "{} more invitations would pass the capacity of {}.",
                new.len(),
                sym.capacity.unwrap_or_default()
            ),
        ));
    }
    let rows: Vec<InvitationRow> = new
        .iter()
        .map(|user_id| InvitationRow {
            id: new_id(),
            symposium_id: id.into(),
            user_id: user_id.clone(),
            response: Rsvp::Pending.as_str().into(),
            responded_at: None,
            attended: None,
            invited_by: actor.id.clone(),
            created_at: ctx.now,
            updated_at: ctx.now,
        })
        .collect();
    queries::insert_invitations(conn, &rows)?;
    if from != to && !queries::set_status(conn, id, from, to, ctx.now)? {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            "The symposium changed meanwhile; reload.",
        ));
    }
    let by_user: std::collections::HashMap<&str, &str> =
        rows.iter().map(|r| (r.user_id.as_str(), r.id.as_str())).collect();
    for (user_id, email, locale, name) in queries::contacts(conn, &new)? {
        let Some(inv_id) = by_user.get(user_id.as_str()) else {
            continue;
        };
        tell(conn, ctx, &sym, inv_id, "invited", email, locale, name)?;
    }
    ctx.record(
        conn,
        Event {
            action: "symposium.invited",
            entity: "symposium",
            entity_id: Some(id),
            before: Some(json!({"status": from.as_str()})),
            after: Some(
                json!({"status": to.as_str(), "invited": rows.len(), "skipped": skipped, "filter": {
                "q": filter.q, "category": filter.category, "education": filter.education,
                "major": filter.major, "graduation_year": filter.graduation_year, "skill": filter.skill}}),
            ),
        },
    )?;
    let sym = queries::symposium(conn, id)?.ok_or_else(AppError::not_found)?;
    Ok(InviteResult {
        invited: rows.len() as i64,
        skipped: skipped as i64,
        symposium: view(conn, &sym)?,
    })
}

/// Queue the invitation (or cancellation) mail of one invitee.
#[allow(clippy::too_many_arguments)]
fn tell(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    sym: &SymposiumRow,
    invitation_id: &str,
    step: &str,
    email: String,
    locale: String,
    name: String,
) -> AppResult<()> {
    let link = |answer: &str| ctx.link(&format!("/my/symposiums?invitation={invitation_id}&rsvp={answer}"));
    let params = mails::SymposiumInvitation {
        name,
        step: step.into(),
        title: sym.title.clone(),
        kind: sym.kind.clone(),
        starts_at: local_minute(sym.starts_at),
        venue: sym.venue.clone(),
        agenda: sym.agenda.clone(),
        accept_link: link("accepted"),
        decline_link: link("declined"),
    };
    let key = format!("symposium_invitation:{invitation_id}:{step}");
    ctx.mail(conn, &Mail::new(email, locale, &params, key))?;
    Ok(())
}

/// Hold (invited → held) or cancel (draft|invited → cancelled) a symposium; cancelling mails the
/// invitees who have not declined.
pub fn advance(conn: &mut DbConn, ctx: &mut Ctx, id: &str, action: SymposiumAction) -> AppResult<SymposiumView> {
    let sym = locked(conn, id)?;
    let from = SymposiumStatus::parse_stored(&sym.status)?;
    let to = rules::SYMPOSIUM.apply(from, action)?;
    if !queries::set_status(conn, id, from, to, ctx.now)? {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            "The symposium changed meanwhile; reload.",
        ));
    }
    if to == SymposiumStatus::Cancelled {
        let invitations = queries::invitations_of(conn, id)?;
        let ids: Vec<String> = invitations
            .iter()
            .filter(|i| i.response != Rsvp::Declined.as_str())
            .map(|i| i.user_id.clone())
            .collect();
        let by_user: std::collections::HashMap<&str, &str> = invitations
            .iter()
            .map(|r| (r.user_id.as_str(), r.id.as_str()))
            .collect();
        for (user_id, email, locale, name) in queries::contacts(conn, &ids)? {
            if let Some(inv_id) = by_user.get(user_id.as_str()) {
                tell(conn, ctx, &sym, inv_id, "cancelled", email, locale, name)?;
            }
        }
    }
    ctx.record(
        conn,
        Event {
            action: &format!("symposium.{}", to.as_str()),
            entity: "symposium",
            entity_id: Some(id),
            before: Some(json!({"status": from.as_str()})),
            after: Some(json!({"status": to.as_str()})),
        },
    )?;
    let sym = queries::symposium(conn, id)?.ok_or_else(AppError::not_found)?;
    view(conn, &sym)
}

/// Hold an invited symposium (hr, admin), recording the summary too when one is given.
pub fn hold(conn: &mut DbConn, ctx: &mut Ctx, id: &str, summary: Option<&str>) -> AppResult<SymposiumView> {
    let summary = summary
        .filter(|s| !s.trim().is_empty())
        .map(|s| rules::validate_summary(Some(s)).map_err(AppError::validation))
        .transpose()?;
    let view = advance(conn, ctx, id, SymposiumAction::Hold)?;
    match summary {
        Some(s) => record_summary(conn, ctx, id, Some(&s)),
        None => Ok(view),
    }
}

/// Record the summary of a held symposium (hr, admin).
pub fn record_summary(conn: &mut DbConn, ctx: &mut Ctx, id: &str, summary: Option<&str>) -> AppResult<SymposiumView> {
    let summary = rules::validate_summary(summary).map_err(AppError::validation)?;
    let sym = locked(conn, id)?;
    rules::SYMPOSIUM.apply(SymposiumStatus::parse_stored(&sym.status)?, SymposiumAction::Record)?;
    if !queries::set_summary(conn, id, &summary, ctx.now)? {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            "The symposium changed meanwhile; reload.",
        ));
    }
    ctx.record(
        conn,
        Event {
            action: "symposium.summary_recorded",
            entity: "symposium",
            entity_id: Some(id),
            before: Some(json!({"summary": sym.summary})),
            after: Some(json!({"summary": summary})),
        },
    )?;
    let sym = queries::symposium(conn, id)?.ok_or_else(AppError::not_found)?;
    view(conn, &sym)
}

/// Record who attended a held symposium (hr, admin): every entry names an invitation of this
/// symposium, or nothing is recorded. Each attendance is also an event on the person's timeline.
pub fn record_attendance(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    id: &str,
    input: &AttendanceInput,
) -> AppResult<SymposiumView> {
    if input.entries.is_empty() || input.entries.len() > 10_000 {
        return Err(AppError::validation(vec![FieldError::new(
            "entries",
            "required",
            "Name at least one invitee (at most 10000).",
        )]));
    }
    let mut seen = std::collections::HashSet::new();
    for (n, e) in input.entries.iter().enumerate() {
        if !seen.insert(e.invitation_id.as_str()) {
            return Err(AppError::validation(vec![FieldError::new(
                &format!("entries.{n}.invitation_id"),
                "invalid_value",
                "This invitee is named twice.",
            )]));
        }
    }
    let sym = locked(conn, id)?;
    rules::SYMPOSIUM.apply(SymposiumStatus::parse_stored(&sym.status)?, SymposiumAction::Record)?;
    let invitations: std::collections::HashMap<String, InvitationRow> = queries::invitations_of(conn, id)?
        .into_iter()
        .map(|i| (i.id.clone(), i))
        .collect();
    let mut errors = Vec::new();
    for (n, e) in input.entries.iter().enumerate() {
        if !invitations.contains_key(&e.invitation_id) {
            errors.push(FieldError::new(
                &format!("entries.{n}.invitation_id"),
                "invalid_value",
                "No such invitation in this symposium.",
            ));
        }
    }
    if !errors.is_empty() {
        return Err(AppError::validation(errors));
    }
    for e in &input.entries {
        let before = invitations.get(&e.invitation_id).and_then(|i| i.attended);
        if before == Some(e.attended) {
            continue;
        }
        queries::set_attended(conn, id, &e.invitation_id, e.attended, ctx.now)?;
        let user_id = invitations.get(&e.invitation_id).map(|i| i.user_id.as_str());
        // Named by the person, so that it shows on their timeline in the talent pool.
        ctx.record(
            conn,
            Event {
                action: "symposium.attendance_recorded",
                entity: "symposium_attendance",
                entity_id: user_id,
                before: Some(json!({"attended": before})),
                after: Some(json!({"attended": e.attended, "symposium_id": id, "invitation_id": e.invitation_id})),
            },
        )?;
    }
    view(conn, &sym)
}

/// The invitee answers an invitation while the symposium is invited; anyone else gets 404.
pub fn rsvp(conn: &mut DbConn, ctx: &mut Ctx, actor: &AuthUser, invitation_id: &str, response: Rsvp) -> AppResult<()> {
    if response == Rsvp::Pending {
        return Err(AppError::validation(vec![FieldError::new(
            "response",
            "invalid_choice",
            "Answer accepted or declined.",
        )]));
    }
    let found = queries::invitation(conn, invitation_id)?
        .filter(|i| i.user_id == actor.id)
        .ok_or_else(AppError::not_found)?;
    let sym = locked(conn, &found.symposium_id)?;
    if SymposiumStatus::parse_stored(&sym.status)? != SymposiumStatus::Invited {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            format!("This symposium is {}; answers are closed.", sym.status),
        ));
    }
    let inv = queries::invitation(conn, invitation_id)?.ok_or_else(AppError::not_found)?;
    queries::set_rsvp(conn, invitation_id, response, ctx.now)?;
    ctx.record(
        conn,
        Event {
            action: "symposium.rsvp",
            entity: "symposium_invitation",
            entity_id: Some(invitation_id),
            before: Some(json!({"response": inv.response})),
            after: Some(json!({"response": response.as_str(), "symposium_id": sym.id})),
        },
    )?;
    Ok(())
}
