//! Queries on talent profiles and their education, categories and skills.

use crate::accounts::queries::like_pattern;
use crate::catalog::{EducationLevel, TalentCategory};
use crate::db::conn::{lower, Backend};
use crate::db::schema::{audit_events, talent_categories, talent_education, talent_profiles, talent_skills, users};
use crate::db::{new_id, DbConn};
use crate::error::{AppError, AppResult};
use crate::pagination::Paging;
use crate::talents::models::{EducationRecord, EducationRow, ProfileRow, TalentFilter, TalentSort};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use std::collections::HashMap;

/// A profile with everything that hangs off it.
#[derive(Debug, Clone)]
pub struct FullProfile {
    pub row: ProfileRow,
    pub email: String,
    pub education: Vec<EducationRow>,
    pub categories: Vec<TalentCategory>,
    pub skills: Vec<String>,
}

/// The profile of a user, if they have one.
pub fn find(conn: &mut DbConn, user_id: &str) -> AppResult<Option<FullProfile>> {
    let found = talent_profiles::table
        .inner_join(users::table)
        .filter(talent_profiles::user_id.eq(user_id))
        .select((ProfileRow::as_select(), users::email))
        .first::<(ProfileRow, String)>(conn)
        .optional()?;
    let Some((row, email)) = found else { return Ok(None) };
    let mut children = load_children(conn, std::slice::from_ref(&row.user_id))?;
    let (education, categories, skills) = children.remove(&row.user_id).unwrap_or_default();
    Ok(Some(FullProfile {
        row,
        email,
        education,
        categories,
        skills,
    }))
}

type Children = (Vec<EducationRow>, Vec<TalentCategory>, Vec<String>);

/// (time, action, entity, entity id) of one audit event.
pub type TimelineRow = (NaiveDateTime, String, String, Option<String>);

/// Education, categories and skills of several profiles in three queries.
fn load_children(conn: &mut DbConn, ids: &[String]) -> AppResult<HashMap<String, Children>> {
    let mut out: HashMap<String, Children> = HashMap::new();
    let education = talent_education::table
        .filter(talent_education::user_id.eq_any(ids))
        .order((talent_education::user_id, talent_education::position))
        .select(EducationRow::as_select())
        .load(conn)?;
    for e in education {
        out.entry(e.user_id.clone()).or_default().0.push(e);
    }
    let categories: Vec<(String, String)> = talent_categories::table
        .filter(talent_categories::user_id.eq_any(ids))
        .order((talent_categories::user_id, talent_categories::category))
        .select((talent_categories::user_id, talent_categories::category))
        .load(conn)?;
    for (user, c) in categories {
        if let Some(c) = TalentCategory::parse(&c) {
            out.entry(user).or_default().1.push(c);
        }
    }
    let skills: Vec<(String, String)> = talent_skills::table
        .filter(talent_skills::user_id.eq_any(ids))
        .order((talent_skills::user_id, talent_skills::skill))
        .select((talent_skills::user_id, talent_skills::skill))
        .load(conn)?;
    for (user, s) in skills {
        out.entry(user).or_default().2.push(s);
    }
    Ok(out)
}

/// Whether another user's profile already holds this ID-number hash.
pub fn id_hash_taken_by_other(conn: &mut DbConn, hash: &str, user_id: &str) -> AppResult<bool> {
    let other = talent_profiles::table
        .filter(talent_profiles::id_number_hash.eq(hash))
        .filter(talent_profiles::user_id.ne(user_id))
        .select(talent_profiles::user_id)
        .first::<String>(conn)
        .optional()?;
    Ok(other.is_some())
}

/// Insert or replace a profile and its children (inside a write transaction).
pub fn save(
    conn: &mut DbConn,
    row: &ProfileRow,
    exists: bool,
    education: &[EducationRecord],
    categories: &[TalentCategory],
    skills: &[String],
) -> AppResult<()> {
    if exists {
        diesel::update(talent_profiles::table.find(&row.user_id))
            .set(row)
            .execute(conn)?;
    } else {
        diesel::insert_into(talent_profiles::table).values(row).execute(conn)?;
    }
    diesel::delete(talent_education::table.filter(talent_education::user_id.eq(&row.user_id))).execute(conn)?;
    for (i, e) in education.iter().enumerate() {
        diesel::insert_into(talent_education::table)
            .values(EducationRow {
                id: new_id(),
                user_id: row.user_id.clone(),
                position: i32::try_from(i).unwrap_or(i32::MAX),
                level: e.level.as_str().into(),
                school: e.school.clone(),
                major: e.major.clone(),
                graduation_year: e.graduation_year,
            })
            .execute(conn)?;
    }
    diesel::delete(talent_categories::table.filter(talent_categories::user_id.eq(&row.user_id))).execute(conn)?;
    for c in categories {
        diesel::insert_into(talent_categories::table)
            .values((
                talent_categories::user_id.eq(&row.user_id),
                talent_categories::category.eq(c.as_str()),
            ))
            .execute(conn)?;
    }
    diesel::delete(talent_skills::table.filter(talent_skills::user_id.eq(&row.user_id))).execute(conn)?;
    for s in skills {
        diesel::insert_into(talent_skills::table)
            .values((talent_skills::user_id.eq(&row.user_id), talent_skills::skill.eq(s)))
            .execute(conn)?;
    }
    Ok(())
}

fn filtered<'a>(filter: &'a TalentFilter) -> talent_profiles::BoxedQuery<'a, Backend> {
    let mut query = talent_profiles::table.into_boxed::<Backend>();
    if let Some(q) = filter.q.as_deref().filter(|q| !q.trim().is_empty()) {
        let pattern = like_pattern(q);
        let by_email = users::table
            .filter(users::email.like(pattern.clone()).escape('\\'))
            .select(users::id);
        let by_school = talent_education::table
            .filter(
                lower(talent_education::school)
                    .like(pattern.clone())
                    .escape('\\')
                    .or(lower(talent_education::major.assume_not_null())
                        .like(pattern.clone())
                        .escape('\\')),
            )
            .select(talent_education::user_id);
        let by_skill = talent_skills::table
            .filter(lower(talent_skills::skill).like(pattern.clone()).escape('\\'))
            .select(talent_skills::user_id);
        query = query.filter(
            lower(talent_profiles::full_name)
                .like(pattern.clone())
                .escape('\\')
                .or(lower(talent_profiles::current_employer.assume_not_null())
                    .like(pattern)
                    .escape('\\'))
                .or(talent_profiles::user_id.eq_any(by_email))
                .or(talent_profiles::user_id.eq_any(by_school))
                .or(talent_profiles::user_id.eq_any(by_skill)),
        );
    }
    if let Some(category) = filter.category {
        let ids = talent_categories::table
            .filter(talent_categories::category.eq(category.as_str()))
            .select(talent_categories::user_id);
        query = query.filter(talent_profiles::user_id.eq_any(ids));
    }
    if let Some(level) = filter.education {
        query = query.filter(talent_profiles::highest_education.eq(level.as_str()));
    }
    if let Some(major) = filter.major.as_deref().filter(|m| !m.trim().is_empty()) {
        let ids = talent_education::table
            .filter(
                lower(talent_education::major.assume_not_null())
                    .like(like_pattern(major))
                    .escape('\\'),
            )
            .select(talent_education::user_id);
        query = query.filter(talent_profiles::user_id.eq_any(ids));
    }
    if let Some(year) = filter.graduation_year {
        let ids = talent_education::table
            .filter(talent_education::graduation_year.eq(year))
            .select(talent_education::user_id);
        query = query.filter(talent_profiles::user_id.eq_any(ids));
    }
    if let Some(skill) = filter.skill.as_deref().filter(|s| !s.trim().is_empty()) {
        let ids = talent_skills::table
            .filter(lower(talent_skills::skill).eq(skill.trim().to_lowercase()))
            .select(talent_skills::user_id);
        query = query.filter(talent_profiles::user_id.eq_any(ids));
    }
    query
}

fn ordered<'a>(filter: &'a TalentFilter) -> talent_profiles::BoxedQuery<'a, Backend> {
    let query = filtered(filter);
    match filter.sort.unwrap_or_default() {
        TalentSort::UpdatedDesc => query.order((talent_profiles::updated_at.desc(), talent_profiles::user_id)),
        TalentSort::UpdatedAsc => query.order((talent_profiles::updated_at.asc(), talent_profiles::user_id)),
        TalentSort::NameAsc => query.order((talent_profiles::full_name.asc(), talent_profiles::user_id)),
        TalentSort::NameDesc => query.order((talent_profiles::full_name.desc(), talent_profiles::user_id)),
        TalentSort::BirthDesc => query.order((talent_profiles::birth_date.desc(), talent_profiles::user_id)),
        TalentSort::BirthAsc => query.order((talent_profiles::birth_date.asc(), talent_profiles::user_id)),
    }
}

/// The user ids of every profile matching the filter (what the pool list would show, unpaged),
/// for domains that act on a filtered pool (symposium invitations).
pub fn matching_ids(conn: &mut DbConn, filter: &TalentFilter) -> AppResult<Vec<String>> {
    Ok(filtered(filter)
        .order(talent_profiles::user_id)
        .select(talent_profiles::user_id)
        .load(conn)?)
}

/// One page of profiles matching the filter, and the total.
pub fn search(conn: &mut DbConn, filter: &TalentFilter, paging: Paging) -> AppResult<(Vec<FullProfile>, i64)> {
    let total = filtered(filter).count().get_result::<i64>(conn)?;
    let rows = page(conn, filter, paging.offset(), paging.per_page)?;
    Ok((rows, total))
}

/// Profiles matching the filter from `offset`, at most `limit`, with their children.
pub fn page(conn: &mut DbConn, filter: &TalentFilter, offset: i64, limit: i64) -> AppResult<Vec<FullProfile>> {
    let rows: Vec<ProfileRow> = ordered(filter)
        .limit(limit)
        .offset(offset)
        .select(ProfileRow::as_select())
        .load(conn)?;
    let ids: Vec<String> = rows.iter().map(|r| r.user_id.clone()).collect();
    let emails: HashMap<String, String> = users::table
        .filter(users::id.eq_any(&ids))
        .select((users::id, users::email))
        .load(conn)?
        .into_iter()
        .collect();
    let mut children = load_children(conn, &ids)?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let (education, categories, skills) = children.remove(&row.user_id).unwrap_or_default();
            let email = emails.get(&row.user_id).cloned().unwrap_or_default();
            FullProfile {
                row,
                email,
                education,
                categories,
                skills,
            }
        })
        .collect())
}

/// What the person did in the portal, newest first: events they caused or that concern them.
pub fn timeline(conn: &mut DbConn, user_id: &str, limit: i64) -> AppResult<Vec<TimelineRow>> {
    Ok(audit_events::table
        .filter(
            audit_events::actor_id
                .eq(user_id)
                .or(audit_events::entity_id.eq(user_id)),
        )
        .order(audit_events::seq.desc())
        .limit(limit)
        .select((
            audit_events::created_at,
            audit_events::action,
            audit_events::entity,
            audit_events::entity_id,
        ))
        .load(conn)?)
}

/// One reveal as the audit log holds it: time, actor id, the actor's e-mail (from the account, or
/// as logged before e-mails were dropped from the log), and the event's `after` snapshot.
pub type RevealRow = (
    NaiveDateTime,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// The last 200 reveals of a person's full personal data, newest first; 404 without a profile.
pub fn reveals(conn: &mut DbConn, user_id: &str) -> AppResult<Vec<RevealRow>> {
    let exists = talent_profiles::table
        .find(user_id)
        .select(talent_profiles::user_id)
        .first::<String>(conn)
        .optional()?;
    if exists.is_none() {
        return Err(AppError::not_found());
    }
    Ok(audit_events::table
        .left_join(users::table.on(audit_events::actor_id.eq(users::id.nullable())))
        .filter(audit_events::action.eq(crate::talents::ops::REVEAL_ACTION))
        .filter(audit_events::entity_id.eq(user_id))
        .order(audit_events::seq.desc())
        .limit(200)
        .select((
            audit_events::created_at,
            audit_events::actor_id,
            users::email.nullable(),
            audit_events::actor_email,
            audit_events::after_json,
        ))
        .load(conn)?)
}

/// The highest education record (what the pool shows as school / major / year).
pub fn highest_record(education: &[EducationRow]) -> Option<&EducationRow> {
    education
        .iter()
        .max_by_key(|e| (EducationLevel::parse(&e.level), e.graduation_year))
}

/// Record that a person's payout account changed.
pub fn record_bank_change(conn: &mut DbConn, user_id: &str, at: NaiveDateTime) -> AppResult<()> {
    use crate::db::schema::bank_account_changes;
    diesel::insert_into(bank_account_changes::table)
        .values((
            bank_account_changes::id.eq(crate::db::new_id()),
            bank_account_changes::user_id.eq(user_id),
            bank_account_changes::changed_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

/// True when a person's payout account changed after `since`.
pub fn bank_changed_since(conn: &mut DbConn, user_id: &str, since: NaiveDateTime) -> AppResult<bool> {
    use crate::db::schema::bank_account_changes;
    let n: i64 = bank_account_changes::table
        .filter(bank_account_changes::user_id.eq(user_id))
        .filter(bank_account_changes::changed_at.gt(since))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}
