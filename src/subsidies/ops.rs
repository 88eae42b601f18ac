//! The subsidy operations: each function is one transaction's rules, state checks, history,
//! audit event and mail. Handlers call them through `AppState::operate`.

use crate::attachments::models::AttachmentKind;
use crate::attachments::queries as attachment_queries;
use crate::audit::Event;
use crate::auth::{AuthUser, Role};
use crate::db::{new_id, DbConn};
use crate::error::{AppError, AppResult, ErrorCode, FieldError};
use crate::money::Fen;
use crate::operation::Ctx;
use crate::subsidies::eligibility::{self, CriterionResult, Facts};
use crate::subsidies::models::{
    AmountRule, ApplicationAction, ApplicationFileRow, ApplicationRow, ApproveInput, EventRow, NoticeInput, NoticeRow,
    NoticeStatus, ObjectionInput, ObjectionRow, ObjectionStatus, PolicyAction, PolicyInput, PolicyKind, PolicyRow,
    PolicyStatus, SubsidyApplicationInput, SubsidyApplicationStatus,
};
use crate::subsidies::notify::{self, Tell};
use crate::subsidies::queries::{self, Changes};
use crate::subsidies::{budget, rules};
use crate::talents::queries::FullProfile;
use crate::talents::PersonalDataCipher;
use crate::transitions::Stored;
use crate::validation::text;
use serde_json::json;

fn policy_row(v: rules::ValidPolicy, id: String, version: i32, created_by: String, ctx: &Ctx) -> AppResult<PolicyRow> {
    Ok(PolicyRow {
        id,
        code: v.code,
        version,
        name: v.name,
        description: v.description,
        document_no: v.document_no,
        kind: v.kind.as_str().into(),
        amount_rule: v.amount_rule.as_str().into(),
        amount_fen: v.amount.get(),
        exclusive_group: v.exclusive_group,
        required_attachments: serde_json::to_string(&v.required_attachments).map_err(AppError::internal)?,
        eligibility: serde_json::to_string(&v.eligibility).map_err(AppError::internal)?,
        opens_at: v.opens_at,
        closes_at: v.closes_at,
        notice_days: v.notice_days,
        status: PolicyStatus::Draft.as_str().into(),
        created_by,
        activated_at: None,
        created_at: ctx.now,
        updated_at: ctx.now,
    })
}

fn policy_audit(conn: &mut DbConn, ctx: &Ctx, action: &str, row: &PolicyRow) -> AppResult<()> {
    ctx.record(
        conn,
        Event {
            action,
            entity: "subsidy_policy",
            entity_id: Some(&row.id),
            before: None,
            after: Some(
                json!({"code": row.code, "version": row.version, "status": row.status, "amount_fen": row.amount_fen}),
            ),
        },
    )
}

/// Create a draft policy (admin), with its budgets.
pub fn create_policy(conn: &mut DbConn, ctx: &mut Ctx, admin: &AuthUser, input: &PolicyInput) -> AppResult<PolicyRow> {
    let valid = rules::validate_policy(input).map_err(AppError::validation)?;
    if queries::latest_version(conn, &valid.code)?.is_some() {
        return Err(AppError::validation(vec![FieldError::new(
            "code",
            "taken",
            "This code exists; create a new version of that policy instead.",
        )]));
    }
    let budgets = valid.budgets.clone();
    let row = policy_row(valid, new_id(), 1, admin.id.clone(), ctx)?;
    queries::insert_policy(conn, &row)?;
    for (year, amount) in budgets {
        budget::set(conn, &row.id, year, amount, ctx.now)?;
    }
    policy_audit(conn, ctx, "subsidy_policy.created", &row)?;
    Ok(row)
}

/// Rewrite a draft policy (admin). An active policy's rules never change.
pub fn update_policy(conn: &mut DbConn, ctx: &mut Ctx, id: &str, input: &PolicyInput) -> AppResult<PolicyRow> {
    let old = queries::policy_or_404(conn, id)?;
    if PolicyStatus::parse_stored(&old.status)? != PolicyStatus::Draft {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            "Only a draft policy can be changed; create a new version instead.",
        ));
    }
    let valid = rules::validate_policy(input).map_err(AppError::validation)?;
    if valid.code != old.code {
        return Err(AppError::validation(vec![FieldError::new(
            "code",
            "immutable",
            "The code of a policy cannot change.",
        )]));
    }
    let budgets = valid.budgets.clone();
    let mut row = policy_row(valid, old.id.clone(), old.version, old.created_by.clone(), ctx)?;
    row.created_at = old.created_at;
    queries::update_policy(conn, &row)?;
    for (year, amount) in budgets {
        budget::set(conn, &row.id, year, amount, ctx.now)?;
    }
    policy_audit(conn, ctx, "subsidy_policy.updated", &row)?;
    Ok(row)
}

/// Activate or close a policy (admin).
pub fn move_policy(conn: &mut DbConn, ctx: &mut Ctx, id: &str, action: PolicyAction) -> AppResult<PolicyRow> {
    let row = queries::policy_or_404(conn, id)?;
    let from = PolicyStatus::parse_stored(&row.status)?;
    let to = rules::POLICY.apply(from, action)?;
    queries::move_policy(conn, id, from, to, ctx.now)?;
    let row = queries::policy_or_404(conn, id)?;
    policy_audit(conn, ctx, &format!("subsidy_policy.{}", action.as_str()), &row)?;
    Ok(row)
}

/// A new draft version of a policy, copied from it (admin). The old one keeps its rules.
pub fn new_version(conn: &mut DbConn, ctx: &mut Ctx, admin: &AuthUser, id: &str) -> AppResult<PolicyRow> {
    let old = queries::policy_or_404(conn, id)?;
    let version = queries::latest_version(conn, &old.code)?.unwrap_or(old.version) + 1;
    let row = PolicyRow {
        id: new_id(),
        version,
        status: PolicyStatus::Draft.as_str().into(),
        created_by: admin.id.clone(),
        activated_at: None,
        created_at: ctx.now,
        updated_at: ctx.now,
        ..old
    };
    queries::insert_policy(conn, &row)?;
    policy_audit(conn, ctx, "subsidy_policy.new_version", &row)?;
    Ok(row)
}

/// Set a year's budget of a policy (admin); any status, never below what is used.
pub fn set_budget(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    id: &str,
    year: i32,
    amount: Fen,
) -> AppResult<crate::subsidies::models::BudgetView> {
    let row = queries::policy_or_404(conn, id)?;
    if !rules::YEARS.contains(&year) {
        return Err(AppError::validation(vec![FieldError::new(
            "year",
            "out_of_range",
            "A year between 2000 and 2100.",
        )]));
    }
    if amount.get() < 0 {
        return Err(AppError::validation(vec![FieldError::new(
            "budget_fen",
            "out_of_range",
            "Not negative.",
        )]));
    }
    let before = budget::find(conn, id, year)?.map(|b| b.budget_fen);
    let view = budget::set(conn, id, year, amount, ctx.now)?;
    ctx.record(
        conn,
        Event {
            action: "subsidy_policy.budget_set",
            entity: "subsidy_policy",
            entity_id: Some(&row.id),
            before: Some(json!({"year": year, "budget_fen": before})),
            after: Some(json!({"year": year, "budget_fen": amount.get()})),
        },
    )?;
    Ok(view)
}

/// What the machine knows about a person, or `None` without a complete profile.
pub fn facts(conn: &mut DbConn, cipher: &PersonalDataCipher, user_id: &str) -> AppResult<Option<(FullProfile, Facts)>> {
    let Some(profile) = crate::talents::queries::find(conn, user_id)?.filter(crate::talents::views::is_complete) else {
        return Ok(None);
    };
    let id_number = cipher.decrypt(
        crate::talents::routes::profile::ID_FIELD,
        user_id,
        &profile.row.id_number_enc,
    )?;
    let highest = crate::talents::queries::highest_record(&profile.education);
    let facts = Facts {
        categories: profile.categories.clone(),
        highest_education: highest.and_then(|e| crate::catalog::EducationLevel::parse(&e.level)),
        birth_date: profile.row.birth_date,
        latest_graduation_year: profile.education.iter().map(|e| e.graduation_year).max(),
        id_region: id_number.chars().take(6).collect(),
        owns_verified_enterprise: queries::runs_verified_enterprise(conn, &profile.row.full_name, &profile.row.phone)?,
        signed_intents: queries::signed_intents(conn, user_id)?,
    };
    Ok(Some((profile, facts)))
}

/// The eligibility check of a policy for a person on `today`.
pub fn check(
    conn: &mut DbConn,
    cipher: &PersonalDataCipher,
    policy: &PolicyRow,
    user_id: &str,
    today: chrono::NaiveDate,
) -> AppResult<Option<(FullProfile, Facts, Vec<CriterionResult>)>> {
    let criteria: Vec<eligibility::Criterion> =
        serde_json::from_str(&policy.eligibility).map_err(AppError::internal)?;
    Ok(facts(conn, cipher, user_id)?.map(|(profile, facts)| {
        let results = eligibility::evaluate(&criteria, &facts, today);
        (profile, facts, results)
    }))
}

fn amount_rule(policy: &PolicyRow) -> AppResult<AmountRule> {
    AmountRule::parse_stored(&policy.amount_rule)
}

/// Check and store the files named by the applicant: their own, and known kinds.
fn attach(conn: &mut DbConn, owner: &str, app_id: &str, ids: &[String]) -> AppResult<Vec<ApplicationFileRow>> {
    let mut files = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        let Some(a) = attachment_queries::find(conn, id)?.filter(|a| a.owner_id == owner) else {
            return Err(AppError::validation(vec![FieldError::new(
                &format!("attachment_ids.{i}"),
                "not_found",
                "No such attachment of yours.",
            )]));
        };
        if files.iter().any(|f: &ApplicationFileRow| f.attachment_id == a.id) {
            continue;
        }
        files.push(ApplicationFileRow {
            application_id: app_id.into(),
            attachment_id: a.id,
            kind: a.kind,
            file_name: a.file_name,
            sha256: a.sha256,
        });
    }
    queries::replace_files(conn, app_id, &files)?;
    Ok(files)
}

fn statement(raw: &str) -> AppResult<String> {
    text("statement", raw, rules::MAX_STATEMENT).map_err(|e| AppError::validation(vec![e]))
}

/// Start a draft application (applicant) for an active policy inside its window.
pub fn create_application(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    auth: &AuthUser,
    input: &SubsidyApplicationInput,
) -> AppResult<ApplicationRow> {
    let policy_id = input
        .policy_id
        .as_deref()
        .ok_or_else(|| AppError::validation(vec![FieldError::new("policy_id", "required", "Name the policy.")]))?;
    let policy = queries::policy(conn, policy_id)?
        .ok_or_else(|| AppError::validation(vec![FieldError::new("policy_id", "not_found", "No such policy.")]))?;
    let status = PolicyStatus::parse_stored(&policy.status)?;
    if PolicyKind::parse_stored(&policy.kind)? != PolicyKind::Application
        || !rules::window_open(status, policy.opens_at, policy.closes_at, ctx.now)
    {
        return Err(AppError::new(
            ErrorCode::SignupClosed,
            "This subsidy is not taking applications now.",
        ));
    }
    let requested = rules::requested_amount(amount_rule(&policy)?, Fen(policy.amount_fen), input.requested_fen)
        .map_err(|e| AppError::validation(vec![e]))?;
    let statement = statement(&input.statement)?;
    let year = crate::time::local_year(ctx.now);
    if queries::open_for_policy(conn, &auth.id, &policy.id, year, "")? > 0 {
        return Err(AppError::new(
            ErrorCode::DuplicateApplication,
            "You already have an open or awarded application of this subsidy this year.",
        ));
    }
    let row = ApplicationRow {
        id: new_id(),
        policy_id: policy.id.clone(),
        applicant_id: auth.id.clone(),
        year,
        exclusive_group: policy.exclusive_group.clone(),
        requested_fen: requested.get(),
        granted_fen: None,
        statement,
        status: SubsidyApplicationStatus::Draft.as_str().into(),
        hr_decided_by: None,
        finance_decided_by: None,
        notice_id: None,
        policy_snapshot: None,
        profile_snapshot: None,
        submitted_at: None,
        decided_at: None,
        awarded_at: None,
        created_at: ctx.now,
        updated_at: ctx.now,
    };
    queries::insert_application(conn, &row)?;
    attach(conn, &auth.id, &row.id, &input.attachment_ids)?;
    ctx.record(
        conn,
        Event {
            action: "subsidy_application.created",
            entity: "subsidy_application",
            entity_id: Some(&row.id),
            before: None,
            after: Some(json!({"policy_id": row.policy_id, "requested_fen": row.requested_fen})),
        },
    )?;
    Ok(row)
}

/// The applicant's own application, or 404 (someone else's is never revealed).
fn own(conn: &mut DbConn, auth: &AuthUser, id: &str) -> AppResult<ApplicationRow> {
    queries::application(conn, id)?
        .filter(|a| a.applicant_id == auth.id)
        .ok_or_else(AppError::not_found)
}

/// Change a draft or returned application (applicant).
pub fn update_application(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    auth: &AuthUser,
    id: &str,
    input: &SubsidyApplicationInput,
) -> AppResult<ApplicationRow> {
    let app = own(conn, auth, id)?;
    let status = SubsidyApplicationStatus::parse_stored(&app.status)?;
    if !rules::editable(status) {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            "This application can no longer be changed.",
        ));
    }
    if input.policy_id.as_deref().is_some_and(|p| p != app.policy_id) {
        return Err(AppError::validation(vec![FieldError::new(
            "policy_id",
            "immutable",
            "Start a new application for another policy.",
        )]));
    }
    let policy = queries::policy_or_404(conn, &app.policy_id)?;
    let requested = rules::requested_amount(amount_rule(&policy)?, Fen(policy.amount_fen), input.requested_fen)
        .map_err(|e| AppError::validation(vec![e]))?;
    let statement = statement(&input.statement)?;
    queries::update_draft(conn, &app.id, requested.get(), &statement, ctx.now)?;
    attach(conn, &auth.id, &app.id, &input.attachment_ids)?;
    ctx.record(
        conn,
        Event {
            action: "subsidy_application.edited",
            entity: "subsidy_application",
            entity_id: Some(&app.id),
            before: Some(json!({"requested_fen": app.requested_fen})),
            after: Some(json!({"requested_fen": requested.get()})),
        },
    )?;
    queries::application_or_404(conn, &app.id)
}

/// One transition, as the history keeps it.
struct Step<'a> {
    action: ApplicationAction,
    to: SubsidyApplicationStatus,
    reason: Option<&'a str>,
    amount: Option<Fen>,
}

/// Record a transition in the history and the audit chain.
fn log(conn: &mut DbConn, ctx: &Ctx, actor: Option<&AuthUser>, app: &ApplicationRow, step: Step<'_>) -> AppResult<()> {
    let Step {
        action,
        to,
        reason,
        amount,
    } = step;
    queries::insert_event(
        conn,
        &EventRow {
            id: new_id(),
            application_id: app.id.clone(),
            action: action.as_str().into(),
            from_status: Some(app.status.clone()),
            to_status: to.as_str().into(),
            actor_id: actor.map(|a| a.id.clone()),
            actor_role: actor.map(|a| a.role.as_str().to_string()),
            reason: reason.map(Into::into),
            amount_fen: amount.map(Fen::get),
            created_at: ctx.now,
        },
    )?;
    ctx.record(
        conn,
        Event {
            action: &format!("subsidy_application.{}", action.as_str()),
            entity: "subsidy_application",
            entity_id: Some(&app.id),
            before: Some(json!({"status": app.status})),
            after: Some(json!({"status": to.as_str(), "amount_fen": amount.map(Fen::get), "reason": reason})),
        },
    )
}

/// Submit a draft, or resubmit a returned application (applicant): eligibility, attachments,
/// amount and the one-per-person rules are checked again, and the decision's basis is kept.
pub fn submit(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    auth: &AuthUser,
    cipher: &PersonalDataCipher,
    id: &str,
) -> AppResult<ApplicationRow> {
    let app = own(conn, auth, id)?;
    let from = SubsidyApplicationStatus::parse_stored(&app.status)?;
    let action = if from == SubsidyApplicationStatus::Returned {
        ApplicationAction::Resubmit
    } else {
        ApplicationAction::Submit
    };
    let to = rules::APPLICATION.apply(from, action)?;
    let policy = queries::policy_or_404(conn, &app.policy_id)?;
    let status = PolicyStatus::parse_stored(&policy.status)?;
    // A returned application may be completed after the window closed; a new one may not.
    if action == ApplicationAction::Submit && !rules::window_open(status, policy.opens_at, policy.closes_at, ctx.now) {
        return Err(AppError::new(
            ErrorCode::SignupClosed,
            "This subsidy is not taking applications now.",
        ));
    }
    let today = crate::time::local_date(ctx.now);
    let Some((profile, facts, results)) = check(conn, cipher, &policy, &auth.id, today)? else {
        return Err(AppError::new(
            ErrorCode::ProfileIncomplete,
            "Fill in your name, ID number, phone and education first.",
        ));
    };
    if !eligibility::all_met(&results) {
        let mut e = AppError::new(
            ErrorCode::NotEligible,
            "You do not meet every criterion of this subsidy.",
        );
        e.errors = results
            .iter()
            .filter(|r| !r.met)
            .map(|r| FieldError::new(&format!("eligibility.{}", r.criterion), "not_met", r.message_en.clone()))
            .collect();
        return Err(e);
    }
    let required: Vec<AttachmentKind> =
        serde_json::from_str(&policy.required_attachments).map_err(AppError::internal)?;
    let files = queries::files(conn, &app.id)?;
    let missing: Vec<FieldError> = required
        .iter()
        .filter(|k| !files.iter().any(|f| f.kind == k.as_str()))
        .map(|k| {
            FieldError::new(
                "attachment_ids",
                "missing_attachment",
                format!("Attach a file of kind {}.", k.as_str()),
            )
        })
        .collect();
    if !missing.is_empty() {
        return Err(AppError::validation(missing));
    }
    // Every attached file must still exist unchanged (it may have been deleted or replaced).
    for f in &files {
        let current = attachment_queries::find(conn, &f.attachment_id)?;
        if current.is_none_or(|a| a.sha256 != f.sha256) {
            return Err(AppError::validation(vec![FieldError::new(
                "attachment_ids",
                "attachment_changed",
                format!(
                    "{} was changed or deleted since it was attached; attach it again.",
                    f.file_name
                ),
            )]));
        }
    }
    rules::requested_amount(
        amount_rule(&policy)?,
        Fen(policy.amount_fen),
        Some(Fen(app.requested_fen)),
    )
    .map_err(|e| AppError::validation(vec![e]))?;
    if queries::open_for_policy(conn, &auth.id, &policy.id, app.year, &app.id)? > 0 {
        return Err(AppError::new(
            ErrorCode::DuplicateApplication,
            "You already have an open or awarded application of this subsidy this year.",
        ));
    }
    if let Some(group) = &app.exclusive_group {
        if queries::open_in_group(conn, &auth.id, group, app.year, &app.id)? > 0 {
            return Err(AppError::new(
                ErrorCode::DuplicateApplication,
                "You already applied for a subsidy of the same group this year (就高不重复: one award per group).",
            ));
        }
    }
    let policy_snapshot = json!({
        "code": policy.code, "version": policy.version, "name": policy.name, "document_no": policy.document_no,
        "amount_rule": policy.amount_rule, "amount_fen": policy.amount_fen,
        "eligibility": serde_json::from_str::<serde_json::Value>(&policy.eligibility).map_err(AppError::internal)?,
        "required_attachments": serde_json::from_str::<serde_json::Value>(&policy.required_attachments).map_err(AppError::internal)?,
    });
    let profile_snapshot = json!({
        "full_name": profile.row.full_name, "id_number_masked": profile.row.id_number_masked,
        "current_employer": profile.row.current_employer, "facts": facts, "eligibility": results,
    });
    queries::move_application(
        conn,
        &app.id,
        from,
        to,
        Changes {
            policy_snapshot: Some(policy_snapshot.to_string()),
            profile_snapshot: Some(profile_snapshot.to_string()),
            submitted: true,
            ..Changes::default()
        },
        ctx.now,
    )?;
    let step = Step {
        action,
        to,
        reason: None,
        amount: Some(Fen(app.requested_fen)),
    };
    log(conn, ctx, Some(auth), &app, step)?;
    notify::tell(conn, ctx, &app, &policy, Tell::Submitted)?;
    queries::application_or_404(conn, &app.id)
}

/// Withdraw (applicant), before HR approved.
pub fn withdraw(conn: &mut DbConn, ctx: &mut Ctx, auth: &AuthUser, id: &str) -> AppResult<ApplicationRow> {
    let app = own(conn, auth, id)?;
    let from = SubsidyApplicationStatus::parse_stored(&app.status)?;
    let to = rules::APPLICATION.apply(from, ApplicationAction::Withdraw)?;
    queries::move_application(conn, &app.id, from, to, Changes::default(), ctx.now)?;
    log(
        conn,
        ctx,
        Some(auth),
        &app,
        Step {
            action: ApplicationAction::Withdraw,
            to,
            reason: None,
            amount: None,
        },
    )?;
    queries::application_or_404(conn, &app.id)
}

/// Nobody acts on their own application (an account whose role changed keeps its history).
fn not_own(app: &ApplicationRow, actor: &AuthUser) -> AppResult<()> {
    if app.applicant_id == actor.id {
        return Err(AppError::new(
            ErrorCode::SamePerson,
            "Nobody may decide on their own application.",
        ));
    }
    Ok(())
}

/// What HR decides.
#[derive(Debug, Clone)]
pub enum HrDecision {
    /// Ask for more (reason shown to the applicant).
    Return(String),
    /// Refuse (reason shown to the applicant).
    Reject(String),
    /// Approve an amount.
    Approve(ApproveInput),
}

/// HR returns, rejects or approves a submitted application.
pub fn hr_decide(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    hr: &AuthUser,
    id: &str,
    decision: HrDecision,
) -> AppResult<ApplicationRow> {
    let app = queries::application_or_404(conn, id)?;
    not_own(&app, hr)?;
    let from = SubsidyApplicationStatus::parse_stored(&app.status)?;
    let policy = queries::policy_or_404(conn, &app.policy_id)?;
    let (action, reason, granted) = match &decision {
        HrDecision::Return(r) => (
            ApplicationAction::Return,
            Some(rules::reason("reason", r).map_err(|e| AppError::validation(vec![e]))?),
            None,
        ),
        HrDecision::Reject(r) => (
            ApplicationAction::Reject,
            Some(rules::reason("reason", r).map_err(|e| AppError::validation(vec![e]))?),
            None,
        ),
        HrDecision::Approve(input) => {
            let g = rules::granted_amount(
                amount_rule(&policy)?,
                Fen(policy.amount_fen),
                Fen(app.requested_fen),
                input.granted_fen,
            )
            .map_err(|e| AppError::validation(vec![e]))?;
            let note = match input.note.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
                Some(n) => Some(rules::reason("note", n).map_err(|e| AppError::validation(vec![e]))?),
                None => None,
            };
            (ApplicationAction::Approve, note, Some(g))
        }
    };
    let to = rules::APPLICATION.apply(from, action)?;
    queries::move_application(
        conn,
        &app.id,
        from,
        to,
        Changes {
            granted_fen: granted.map(Fen::get),
            hr_decided_by: (action == ApplicationAction::Approve).then(|| hr.id.clone()),
            decided: action == ApplicationAction::Reject,
            ..Changes::default()
        },
        ctx.now,
    )?;
    log(
        conn,
        ctx,
        Some(hr),
        &app,
        Step {
            action,
            to,
            reason: reason.as_deref(),
            amount: granted,
        },
    )?;
    match (&decision, reason) {
        (HrDecision::Return(_), Some(r)) => notify::tell(conn, ctx, &app, &policy, Tell::Returned(r))?,
        (HrDecision::Reject(_), Some(r)) => notify::tell(conn, ctx, &app, &policy, Tell::Rejected(r))?,
        _ => {}
    }
    queries::application_or_404(conn, &app.id)
}

/// Finance approves (reserving the budget of the application's year) or refuses. The finance
/// approver is never the HR approver, nor the applicant.
pub fn finance_decide(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    finance: &AuthUser,
    id: &str,
    refusal: Option<&str>,
) -> AppResult<ApplicationRow> {
    let app = queries::application_or_404(conn, id)?;
    not_own(&app, finance)?;
    if app.hr_decided_by.as_deref() == Some(finance.id.as_str()) {
        return Err(AppError::new(
            ErrorCode::SamePerson,
            "The HR approver cannot also approve as finance.",
        ));
    }
    let from = SubsidyApplicationStatus::parse_stored(&app.status)?;
    let policy = queries::policy_or_404(conn, &app.policy_id)?;
    let action = if refusal.is_some() {
        ApplicationAction::FinanceReject
    } else {
        ApplicationAction::FinanceApprove
    };
    let to = rules::APPLICATION.apply(from, action)?;
    let reason = refusal
        .map(|r| rules::reason("reason", r).map_err(|e| AppError::validation(vec![e])))
        .transpose()?;
    let granted = Fen(app.granted_fen.unwrap_or(app.requested_fen));
    queries::move_application(
        conn,
        &app.id,
        from,
        to,
        Changes {
            finance_decided_by: Some(finance.id.clone()),
            decided: true,
            ..Changes::default()
        },
        ctx.now,
    )?;
    if action == ApplicationAction::FinanceApprove {
        budget::reserve(conn, &app.policy_id, app.year, granted, ctx.now)?;
    }
    log(
        conn,
        ctx,
        Some(finance),
        &app,
        Step {
            action,
            to,
            reason: reason.as_deref(),
            amount: Some(granted),
        },
    )?;
    let tell = match reason {
        Some(r) => Tell::FinanceRejected(r),
        None => Tell::FinanceApproved(granted),
    };
    notify::tell(conn, ctx, &app, &policy, tell)?;
    queries::application_or_404(conn, &app.id)
}

/// Put finance-approved applications of one policy on public notice (HR).
pub fn publish_notice(conn: &mut DbConn, ctx: &mut Ctx, hr: &AuthUser, input: &NoticeInput) -> AppResult<NoticeRow> {
    let policy = queries::policy(conn, &input.policy_id)?
        .ok_or_else(|| AppError::validation(vec![FieldError::new("policy_id", "not_found", "No such policy.")]))?;
    if input.application_ids.is_empty() || input.application_ids.len() > 1000 {
        return Err(AppError::validation(vec![FieldError::new(
            "application_ids",
            "required",
            "Between 1 and 1000 applications.",
        )]));
    }
    let notice = NoticeRow {
        id: new_id(),
        policy_id: policy.id.clone(),
        status: NoticeStatus::Open.as_str().into(),
        published_by: hr.id.clone(),
        published_at: ctx.now,
        ends_at: rules::notice_ends(ctx.now, policy.notice_days),
        closed_at: None,
    };
    queries::insert_notice(conn, &notice)?;
    let mut seen = Vec::new();
    for (i, id) in input.application_ids.iter().enumerate() {
        if seen.contains(id) {
            continue;
        }
        seen.push(id.clone());
        let app = queries::application(conn, id)?
            .filter(|a| a.policy_id == policy.id)
            .ok_or_else(|| {
                AppError::validation(vec![FieldError::new(
                    &format!("application_ids.{i}"),
                    "not_found",
                    "Not an application of this policy.",
                )])
            })?;
        not_own(&app, hr)?;
        let from = SubsidyApplicationStatus::parse_stored(&app.status)?;
        let to = rules::APPLICATION.apply(from, ApplicationAction::Publish)?;
        queries::move_application(
            conn,
            &app.id,
            from,
            to,
            Changes {
                notice_id: Some(notice.id.clone()),
                ..Changes::default()
            },
            ctx.now,
        )?;
        let granted = Fen(app.granted_fen.unwrap_or(app.requested_fen));
        log(
            conn,
            ctx,
            Some(hr),
            &app,
            Step {
                action: ApplicationAction::Publish,
                to,
                reason: None,
                amount: Some(granted),
            },
        )?;
        notify::tell(conn, ctx, &app, &policy, Tell::NoticeStarted(granted, notice.ends_at))?;
    }
    ctx.record(
        conn,
        Event {
            action: "subsidy_notice.published",
            entity: "subsidy_notice",
            entity_id: Some(&notice.id),
            before: None,
            after: Some(
                json!({"policy_id": policy.id, "applications": seen.len(), "ends_at": notice.ends_at.to_string()}),
            ),
        },
    )?;
    Ok(notice)
}

/// Anyone raises an objection against an application on a running notice.
pub fn raise_objection(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    notice_id: &str,
    input: &ObjectionInput,
    ip: &str,
) -> AppResult<ObjectionRow> {
    let notice = queries::notice(conn, notice_id)?.ok_or_else(AppError::not_found)?;
    if NoticeStatus::parse_stored(&notice.status)? != NoticeStatus::Open || ctx.now >= notice.ends_at {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            "The notice period is over; objections are closed.",
        ));
    }
    let mut errors = Vec::new();
    let reason = rules::reason("reason", &input.reason).map_err(|e| errors.push(e)).ok();
    let contact = text("contact", &input.contact, 100).map_err(|e| errors.push(e)).ok();
    let on_notice = queries::application(conn, &input.application_id)?.filter(|a| {
        a.notice_id.as_deref() == Some(notice_id) && a.status == SubsidyApplicationStatus::InNotice.as_str()
    });
    if on_notice.is_none() {
        errors.push(FieldError::new(
            "application_id",
            "not_found",
            "Not an awardee on this notice.",
        ));
    }
    let (Some(reason), Some(contact), true) = (reason, contact, errors.is_empty()) else {
        return Err(AppError::validation(errors));
    };
    let row = ObjectionRow {
        id: new_id(),
        notice_id: notice.id.clone(),
        application_id: input.application_id.clone(),
        reason,
        contact,
        ip: Some(ip.into()),
        status: ObjectionStatus::Open.as_str().into(),
        resolution_note: None,
        resolved_by: None,
        resolved_at: None,
        created_at: ctx.now,
    };
    queries::insert_objection(conn, &row)?;
    ctx.record(
        conn,
        Event {
            action: "subsidy_notice.objection_raised",
            entity: "subsidy_notice",
            entity_id: Some(&notice.id),
            before: None,
            after: Some(json!({"objection_id": row.id, "application_id": row.application_id})),
        },
    )?;
    Ok(row)
}

/// HR upholds (the application is out, its reservation released) or dismisses an objection.
pub fn resolve_objection(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    hr: &AuthUser,
    id: &str,
    uphold: bool,
    note: &str,
) -> AppResult<ObjectionRow> {
    let objection = queries::objection(conn, id)?.ok_or_else(AppError::not_found)?;
    let note = rules::reason("note", note).map_err(|e| AppError::validation(vec![e]))?;
    let to = if uphold {
        ObjectionStatus::Upheld
    } else {
        ObjectionStatus::Dismissed
    };
    if ObjectionStatus::parse_stored(&objection.status)? != ObjectionStatus::Open {
        return Err(AppError::new(
            ErrorCode::InvalidTransition,
            "This objection was already resolved.",
        ));
    }
    let app = queries::application_or_404(conn, &objection.application_id)?;
    not_own(&app, hr)?;
    queries::resolve_objection(conn, id, to, &note, &hr.id, ctx.now)?;
    if uphold {
        let from = SubsidyApplicationStatus::parse_stored(&app.status)?;
        // A second objection upheld against the same person changes nothing more.
        if from == SubsidyApplicationStatus::InNotice {
            let next = rules::APPLICATION.apply(from, ApplicationAction::UpholdObjection)?;
            queries::move_application(
                conn,
                &app.id,
                from,
                next,
                Changes {
                    decided: true,
                    ..Changes::default()
                },
                ctx.now,
            )?;
            let granted = Fen(app.granted_fen.unwrap_or(app.requested_fen));
            budget::release(conn, &app.policy_id, app.year, granted, ctx.now)?;
            log(
                conn,
                ctx,
                Some(hr),
                &app,
                Step {
                    action: ApplicationAction::UpholdObjection,
                    to: next,
                    reason: Some(&note),
                    amount: Some(granted),
                },
            )?;
            let policy = queries::policy_or_404(conn, &app.policy_id)?;
            notify::tell(conn, ctx, &app, &policy, Tell::ObjectionUpheld(note.clone()))?;
        }
    }
    ctx.record(
        conn,
        Event {
            action: if uphold {
                "subsidy_notice.objection_upheld"
            } else {
                "subsidy_notice.objection_dismissed"
            },
            entity: "subsidy_notice",
            entity_id: Some(&objection.notice_id),
            before: Some(json!({"objection_id": objection.id, "status": objection.status})),
            after: Some(json!({"status": to.as_str(), "note": note})),
        },
    )?;
    close_notice_if_due(conn, ctx, &objection.notice_id)?;
    queries::objection(conn, id)?.ok_or_else(AppError::not_found)
}

/// Close a notice whose period is over and has no open objection: its applications are awarded
/// (handed to payouts). At most once, whoever gets there first (the job or an HR decision).
pub fn close_notice_if_due(conn: &mut DbConn, ctx: &mut Ctx, notice_id: &str) -> AppResult<bool> {
    let Some(notice) = queries::notice(conn, notice_id)? else {
        return Ok(false);
    };
    if notice.status != NoticeStatus::Open.as_str()
        || ctx.now < notice.ends_at
        || queries::open_objections(conn, notice_id)? > 0
    {
        return Ok(false);
    }
    if !queries::close_notice(conn, notice_id, ctx.now)? {
        return Ok(false);
    }
    let policy = queries::policy_or_404(conn, &notice.policy_id)?;
    for app in queries::notice_applications(conn, notice_id)? {
        if app.status != SubsidyApplicationStatus::InNotice.as_str() {
            continue;
        }
        let to = rules::APPLICATION.apply(SubsidyApplicationStatus::InNotice, ApplicationAction::Award)?;
        queries::move_application(
            conn,
            &app.id,
            SubsidyApplicationStatus::InNotice,
            to,
            Changes {
                awarded: true,
                ..Changes::default()
            },
            ctx.now,
        )?;
        let granted = Fen(app.granted_fen.unwrap_or(app.requested_fen));
        log(
            conn,
            ctx,
            None,
            &app,
            Step {
                action: ApplicationAction::Award,
                to,
                reason: None,
                amount: Some(granted),
            },
        )?;
        notify::tell(conn, ctx, &app, &policy, Tell::Awarded(granted))?;
    }
    ctx.record(
        conn,
        Event {
            action: "subsidy_notice.closed",
            entity: "subsidy_notice",
            entity_id: Some(notice_id),
            before: None,
            after: Some(json!({"status": NoticeStatus::Closed.as_str()})),
        },
    )?;
    Ok(true)
}

/// Role names for whoever may take an action in the API's `actions` list.
pub fn role_may(role: Role, action: ApplicationAction) -> bool {
    use ApplicationAction as A;
    match role {
        Role::Applicant => matches!(action, A::Submit | A::Resubmit | A::Withdraw),
        Role::Hr => matches!(action, A::Return | A::Reject | A::Approve | A::Publish),
        Role::Finance => matches!(action, A::FinanceApprove | A::FinanceReject),
        Role::Employer | Role::Admin => false,
    }
}
