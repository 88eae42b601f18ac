//! Turning stored profiles into what the API shows (masked).

use crate::audit::names::Names;
use crate::catalog::EducationLevel;
use crate::db::to_utc;
use crate::masking;
use crate::talents::models::{EducationRecord, GenderView, ProfileView, TalentSummary, TimelineEntry};
use crate::talents::queries::{highest_record, FullProfile};

/// The profile as its owner and HR see it.
pub fn profile(p: &FullProfile) -> ProfileView {
    let education: Vec<EducationRecord> = p.education.iter().map(EducationRecord::from).collect();
    ProfileView {
        user_id: p.row.user_id.clone(),
        email: p.email.clone(),
        full_name: p.row.full_name.clone(),
        id_number_masked: p.row.id_number_masked.clone(),
        birth_date: p.row.birth_date,
        gender: GenderView::parse(&p.row.gender),
        phone: p.row.phone.clone(),
        complete: is_complete(p),
        education,
        categories: p.categories.clone(),
        skills: p.skills.clone(),
        current_employer: p.row.current_employer.clone(),
        bank_name: p.row.bank_name.clone(),
        bank_account_masked: p.row.bank_account_masked.clone(),
        home_village_id: p.row.home_village_id.clone(),
        created_at: to_utc(p.row.created_at),
        updated_at: to_utc(p.row.updated_at),
    }
}

/// Name, ID number, phone and at least one education record: enough to sign up for a fair.
pub fn is_complete(p: &FullProfile) -> bool {
    !p.row.full_name.is_empty() && !p.row.id_number_enc.is_empty() && !p.row.phone.is_empty() && !p.education.is_empty()
}

/// One row of the talent pool.
pub fn summary(p: &FullProfile) -> TalentSummary {
    let top = highest_record(&p.education);
    TalentSummary {
        user_id: p.row.user_id.clone(),
        email: p.email.clone(),
        full_name: p.row.full_name.clone(),
        gender: GenderView::parse(&p.row.gender),
        birth_date: p.row.birth_date,
        id_number_masked: p.row.id_number_masked.clone(),
        phone_masked: masking::phone(&p.row.phone),
        highest_education: p.row.highest_education.as_deref().and_then(EducationLevel::parse),
        school: top.map(|e| e.school.clone()),
        major: top.and_then(|e| e.major.clone()),
        graduation_year: top.map(|e| e.graduation_year),
        categories: p.categories.clone(),
        skills: p.skills.clone(),
        current_employer: p.row.current_employer.clone(),
        updated_at: to_utc(p.row.updated_at),
    }
}

/// Actions so routine that a run of them reads as one line of the timeline.
const FOLDED: &[&str] = &["account.login", "account.logout"];

/// The timeline from its events (newest first): subjects named, and each run of routine events of
/// one action folded into one line that says how many there were and since when.
pub fn timeline(rows: Vec<crate::talents::queries::TimelineRow>, names: &Names) -> Vec<TimelineEntry> {
    let mut out: Vec<TimelineEntry> = Vec::new();
    for (at, action, entity, entity_id) in rows {
        let at = to_utc(at);
        if let Some(last) = out.last_mut() {
            if last.action == action && FOLDED.contains(&action.as_str()) {
                last.count += 1;
                last.since = at;
                continue;
            }
        }
        let subject = entity_id
            .as_ref()
            .and_then(|id| names.get(&(entity.clone(), id.clone())).cloned());
        out.push(TimelineEntry {
            at,
            since: at,
            count: 1,
            action,
            entity,
            entity_id,
            subject,
        });
    }
    out
}

/// A reveal from the audit log as the person's page shows it.
pub fn reveal_record(row: crate::talents::queries::RevealRow) -> crate::talents::models::RevealRecord {
    let (at, actor_id, account_email, logged_email, after) = row;
    let after: serde_json::Value = after.and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default();
    let fields = after["fields"]
        .as_array()
        .map(|a| a.iter().filter_map(|f| f.as_str().map(str::to_string)).collect())
        .unwrap_or_default();
    crate::talents::models::RevealRecord {
        at: to_utc(at),
        actor_id,
        actor_email: account_email.or(logged_email),
        fields,
        reason: after["reason"].as_str().unwrap_or_default().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(h: u32) -> chrono::NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 12, 2)
            .and_then(|d| d.and_hms_opt(h, 0, 0))
            .expect("valid time")
    }

    #[test]
    fn runs_of_log_ins_fold_and_subjects_are_named() {
        let fair = || Some("f1".to_string());
        let rows = vec![
            (at(9), "account.login".into(), "user".into(), None),
            (at(8), "account.login".into(), "user".into(), None),
            (at(7), "account.login".into(), "user".into(), None),
            (at(6), "fair.signed_up".into(), "job_fair".into(), fair()),
            (at(5), "account.login".into(), "user".into(), None),
            (at(4), "fair.signed_up".into(), "job_fair".into(), fair()),
        ];
        let mut names = Names::new();
        names.insert(("job_fair".into(), "f1".into()), "春季招聘会".into());
        let lines = timeline(rows, &names);
        let shape: Vec<(&str, i64, Option<&str>)> = lines
            .iter()
            .map(|l| (l.action.as_str(), l.count, l.subject.as_deref()))
            .collect();
        assert_eq!(
            shape,
            [
                ("account.login", 3, None),
                ("fair.signed_up", 1, Some("春季招聘会")),
                ("account.login", 1, None),
                // Not routine: two sign-ups stay two lines.
                ("fair.signed_up", 1, Some("春季招聘会")),
            ]
        );
        assert_eq!((lines[0].at, lines[0].since), (to_utc(at(9)), to_utc(at(7))));
    }
}
