//! Building the API views of policies, applications and notices from their rows.

use crate::attachments::models::AttachmentKind;
use crate::auth::{AuthUser, Role};
use crate::db::{to_utc, DbConn};
use crate::error::{AppError, AppResult};
use crate::masking;
use crate::money::Fen;
use crate::subsidies::eligibility::{Criterion, CriterionResult};
use crate::subsidies::models::{
    AmountRule, ApplicationAction, ApplicationFileView, ApplicationRow, ApplicationView, EventRow, HistoryEntry,
    NoticeEntry, NoticeRow, NoticeStatus, NoticeView, ObjectionRow, ObjectionStatus, ObjectionView, PolicyKind,
    PolicyRow, PolicyStatus, PolicyView, SubsidyApplicationStatus,
};
use crate::subsidies::{budget, ops, queries, rules};
use crate::transitions::Stored;
use chrono::NaiveDateTime;

/// Roles that see every state, name and figure.
pub const STAFF: &[Role] = &[Role::Hr, Role::Finance, Role::Admin];

/// True for hr, finance and admin.
pub fn is_staff(auth: &AuthUser) -> bool {
    STAFF.contains(&auth.role)
}

/// A policy as the API shows it; budgets only for staff.
pub fn policy(conn: &mut DbConn, row: &PolicyRow, with_budgets: bool, now: NaiveDateTime) -> AppResult<PolicyView> {
    let status = PolicyStatus::parse_stored(&row.status)?;
    let budgets = if with_budgets {
        Some(
            budget::of_policy(conn, &row.id)?
                .iter()
                .map(|b| budget::view(Some(b), b.year))
                .collect(),
        )
    } else {
        None
    };
    Ok(PolicyView {
        id: row.id.clone(),
        code: row.code.clone(),
        version: row.version,
        name: row.name.clone(),
        description: row.description.clone(),
        document_no: row.document_no.clone(),
        kind: PolicyKind::parse_stored(&row.kind)?,
        amount_rule: AmountRule::parse_stored(&row.amount_rule)?,
        amount_fen: Fen(row.amount_fen),
        exclusive_group: row.exclusive_group.clone(),
        required_attachments: serde_json::from_str::<Vec<AttachmentKind>>(&row.required_attachments)
            .map_err(AppError::internal)?,
        eligibility: serde_json::from_str::<Vec<Criterion>>(&row.eligibility).map_err(AppError::internal)?,
        opens_at: to_utc(row.opens_at),
        closes_at: to_utc(row.closes_at),
        notice_days: row.notice_days,
        status,
        open_now: rules::window_open(status, row.opens_at, row.closes_at, now),
        budgets,
        created_at: to_utc(row.created_at),
        updated_at: to_utc(row.updated_at),
    })
}

fn action_name(a: ApplicationAction) -> &'static str {
    match a {
        // The API has one `submit` for both first submission and resubmission.
        ApplicationAction::Resubmit => ApplicationAction::Submit.as_str(),
        other => other.as_str(),
    }
}

/// An application as `viewer` may see it.
pub fn application(conn: &mut DbConn, row: &ApplicationRow, viewer: &AuthUser) -> AppResult<ApplicationView> {
    let status = SubsidyApplicationStatus::parse_stored(&row.status)?;
    let policy = queries::policy_or_404(conn, &row.policy_id)?;
    let staff = is_staff(viewer);
    let mut actions: Vec<String> = rules::APPLICATION
        .actions_from(status)
        .into_iter()
        .filter(|a| ops::role_may(viewer.role, *a))
        .filter(|a| *a != ApplicationAction::Publish)
        .map(|a| action_name(a).to_string())
        .collect();
    if viewer.id == row.applicant_id && rules::editable(status) {
        actions.insert(0, "edit".into());
    }
    if viewer.id == row.applicant_id && staff {
        actions.clear();
    }
    let files = queries::files(conn, &row.id)?
        .into_iter()
        .map(|f| ApplicationFileView {
            attachment_id: f.attachment_id,
            kind: AttachmentKind::parse(&f.kind).unwrap_or(AttachmentKind::Other),
            file_name: f.file_name,
        })
        .collect();
    let (email, name) = if staff {
        let person = queries::person(conn, &row.applicant_id)?;
        (person.as_ref().map(|p| p.email.clone()), person.and_then(|p| p.name))
    } else {
        (None, None)
    };
    let eligibility = if staff {
        row.profile_snapshot
            .as_deref()
            .and_then(|s| serde_json::from_str::<serde_json::Value>(s).ok())
            .and_then(|v| serde_json::from_value::<Vec<CriterionResult>>(v.get("eligibility")?.clone()).ok())
    } else {
        None
    };
    let notice = match &row.notice_id {
        Some(id) => queries::notice(conn, id)?,
        None => None,
    };
    Ok(ApplicationView {
        id: row.id.clone(),
        policy_id: row.policy_id.clone(),
        policy_code: policy.code.clone(),
        policy_name: policy.name.clone(),
        amount_rule: AmountRule::parse_stored(&policy.amount_rule)?,
        year: row.year,
        requested_fen: Fen(row.requested_fen),
        granted_fen: row.granted_fen.map(Fen),
        statement: row.statement.clone(),
        status: staff.then_some(status),
        applicant_status: rules::applicant_status(status),
        actions,
        files,
        reason: queries::latest_reason(conn, &row.id)?,
        applicant_name: name,
        applicant_email: email,
        applicant_id: staff.then(|| row.applicant_id.clone()),
        eligibility,
        notice_id: row.notice_id.clone(),
        notice_ends_at: notice.map(|n| to_utc(n.ends_at)),
        submitted_at: row.submitted_at.map(to_utc),
        awarded_at: row.awarded_at.map(to_utc),
        created_at: to_utc(row.created_at),
        updated_at: to_utc(row.updated_at),
    })
}

/// One history row as `viewer` may see it.
pub fn history_entry(row: &EventRow, staff: bool) -> AppResult<HistoryEntry> {
    let to = SubsidyApplicationStatus::parse_stored(&row.to_status)?;
    let from = row
        .from_status
        .as_deref()
        .map(SubsidyApplicationStatus::parse_stored)
        .transpose()?;
    Ok(HistoryEntry {
        action: ApplicationAction::parse_stored(&row.action)?,
        from_status: if staff { from } else { None },
        to_status: staff.then_some(to),
        applicant_status: rules::applicant_status(to),
        actor_id: if staff { row.actor_id.clone() } else { None },
        actor_role: row.actor_role.clone(),
        reason: row.reason.clone(),
        amount_fen: row.amount_fen.map(Fen),
        at: to_utc(row.created_at),
    })
}

/// A public notice: masked names, employers and amounts only.
pub fn notice(conn: &mut DbConn, row: &NoticeRow, now: NaiveDateTime) -> AppResult<NoticeView> {
    let policy = queries::policy_or_404(conn, &row.policy_id)?;
    let status = NoticeStatus::parse_stored(&row.status)?;
    let mut entries = Vec::new();
    for app in queries::notice_applications(conn, &row.id)? {
        // Upheld objections take the person off the notice.
        if app.status == SubsidyApplicationStatus::ObjectionUpheld.as_str() {
            continue;
        }
        let person = queries::person(conn, &app.applicant_id)?;
        entries.push(NoticeEntry {
            application_id: app.id.clone(),
            masked_name: masking::notice_name(person.as_ref().and_then(|p| p.name.as_deref()).unwrap_or("")),
            employer: person.and_then(|p| p.employer),
            amount_fen: Fen(app.granted_fen.unwrap_or(app.requested_fen)),
        });
    }
    let total_fen = entries.iter().map(|e| e.amount_fen).sum();
    Ok(NoticeView {
        id: row.id.clone(),
        policy_id: policy.id.clone(),
        policy_name: policy.name.clone(),
        document_no: policy.document_no.clone(),
        status,
        published_at: to_utc(row.published_at),
        ends_at: to_utc(row.ends_at),
        objections_open: status == NoticeStatus::Open && now < row.ends_at,
        entries,
        total_fen,
    })
}

/// An objection as HR sees it.
pub fn objection(conn: &mut DbConn, row: &ObjectionRow) -> AppResult<ObjectionView> {
    let app = queries::application_or_404(conn, &row.application_id)?;
    let name = queries::person(conn, &app.applicant_id)?
        .and_then(|p| p.name)
        .unwrap_or_default();
    Ok(ObjectionView {
        id: row.id.clone(),
        notice_id: row.notice_id.clone(),
        application_id: row.application_id.clone(),
        masked_name: masking::notice_name(&name),
        reason: row.reason.clone(),
        contact: row.contact.clone(),
        status: ObjectionStatus::parse_stored(&row.status)?,
        resolution_note: row.resolution_note.clone(),
        resolved_at: row.resolved_at.map(to_utc),
        created_at: to_utc(row.created_at),
    })
}
