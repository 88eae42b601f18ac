//! Queries on symposiums and their invitations (diesel only). Statuses move only through
//! conditional updates on the expected status.

use crate::db::conn::Backend;
use crate::db::schema::{symposium_invitations as inv, symposiums, talent_profiles, users};
use crate::db::{to_utc, DbConn};
use crate::error::AppResult;
use crate::pagination::Paging;
use crate::symposiums::models::{
    Counts, InvitationRow, InvitationView, MySymposium, Rsvp, SymposiumKind, SymposiumQuery, SymposiumRow,
    SymposiumStatus, YearFigures,
};
use crate::transitions::Stored;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use std::collections::{HashMap, HashSet};

/// A symposium by id.
pub fn symposium(conn: &mut DbConn, id: &str) -> AppResult<Option<SymposiumRow>> {
    Ok(symposiums::table
        .find(id)
        .select(SymposiumRow::as_select())
        .first(conn)
        .optional()?)
}

/// Insert a symposium.
pub fn insert(conn: &mut DbConn, row: &SymposiumRow) -> AppResult<()> {
    diesel::insert_into(symposiums::table).values(row).execute(conn)?;
    Ok(())
}

/// Replace a symposium's details while it is in `status`; false when it no longer was.
pub fn update_details(conn: &mut DbConn, row: &SymposiumRow, status: SymposiumStatus) -> AppResult<bool> {
    let n = diesel::update(
        symposiums::table
            .find(&row.id)
            .filter(symposiums::status.eq(status.as_str())),
    )
    .set((
        symposiums::kind.eq(&row.kind),
        symposiums::title.eq(&row.title),
        symposiums::starts_at.eq(row.starts_at),
        symposiums::venue.eq(&row.venue),
        symposiums::capacity.eq(row.capacity),
        symposiums::agenda.eq(&row.agenda),
        symposiums::updated_at.eq(row.updated_at),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Move a symposium from one status to another (setting the summary when given); false when it
/// was not in `from`.
pub fn set_status(
    conn: &mut DbConn,
    id: &str,
    from: SymposiumStatus,
    to: SymposiumStatus,
    now: NaiveDateTime,
) -> AppResult<bool> {
    let n = diesel::update(symposiums::table.find(id).filter(symposiums::status.eq(from.as_str())))
        .set((symposiums::status.eq(to.as_str()), symposiums::updated_at.eq(now)))
        .execute(conn)?;
    Ok(n == 1)
}

/// Set the summary of a held symposium; false when it is not held.
pub fn set_summary(conn: &mut DbConn, id: &str, summary: &str, now: NaiveDateTime) -> AppResult<bool> {
    let n = diesel::update(
        symposiums::table
            .find(id)
            .filter(symposiums::status.eq(SymposiumStatus::Held.as_str())),
    )
    .set((symposiums::summary.eq(summary), symposiums::updated_at.eq(now)))
    .execute(conn)?;
    Ok(n == 1)
}

/// Symposiums, newest first, by status and kind.
pub fn list(conn: &mut DbConn, filter: &SymposiumQuery, paging: Paging) -> AppResult<(Vec<SymposiumRow>, i64)> {
    let build = || {
        let mut q = symposiums::table.into_boxed::<Backend>();
        if let Some(s) = filter.status {
            q = q.filter(symposiums::status.eq(s.as_str()));
        }
        if let Some(k) = filter.kind {
            q = q.filter(symposiums::kind.eq(k.as_str()));
        }
        q
    };
    let total = build().count().get_result::<i64>(conn)?;
    let rows = build()
        .order((symposiums::starts_at.desc(), symposiums::id))
        .limit(paging.per_page)
        .offset(paging.offset())
        .select(SymposiumRow::as_select())
        .load(conn)?;
    Ok((rows, total))
}

/// (invited, accepted, attended) per symposium id.
pub fn counts(conn: &mut DbConn, ids: &[String]) -> AppResult<HashMap<String, Counts>> {
    let rows: Vec<(String, String, Option<bool>)> = inv::table
        .filter(inv::symposium_id.eq_any(ids))
        .select((inv::symposium_id, inv::response, inv::attended))
        .load(conn)?;
    let mut out: HashMap<String, Counts> = HashMap::new();
    for (id, response, attended) in rows {
        let c = out.entry(id).or_default();
        c.0 += 1;
        c.1 += i64::from(response == Rsvp::Accepted.as_str());
        c.2 += i64::from(attended == Some(true));
    }
    Ok(out)
}

/// The counts of one symposium.
pub fn counts_of(conn: &mut DbConn, id: &str) -> AppResult<Counts> {
    Ok(counts(conn, &[id.to_string()])?.remove(id).unwrap_or_default())
}

/// The people already invited to a symposium.
pub fn invited_people(conn: &mut DbConn, symposium_id: &str) -> AppResult<HashSet<String>> {
    Ok(inv::table
        .filter(inv::symposium_id.eq(symposium_id))
        .select(inv::user_id)
        .load::<String>(conn)?
        .into_iter()
        .collect())
}

/// Of `ids`, the accounts that are active (a disabled or unverified account is not invited).
pub fn active_accounts(conn: &mut DbConn, ids: &[String]) -> AppResult<HashSet<String>> {
    let mut out = HashSet::new();
    for chunk in ids.chunks(500) {
        out.extend(
            users::table
                .filter(users::id.eq_any(chunk))
                .filter(users::status.eq("active"))
                .select(users::id)
                .load::<String>(conn)?,
        );
    }
    Ok(out)
}

/// Insert invitations.
pub fn insert_invitations(conn: &mut DbConn, rows: &[InvitationRow]) -> AppResult<()> {
    // One statement per row: the two-backend connection has no batch insert.
    for row in rows {
        diesel::insert_into(inv::table).values(row).execute(conn)?;
    }
    Ok(())
}

/// An invitation by id.
pub fn invitation(conn: &mut DbConn, id: &str) -> AppResult<Option<InvitationRow>> {
    Ok(inv::table
        .find(id)
        .select(InvitationRow::as_select())
        .first(conn)
        .optional()?)
}

/// Record an answer.
pub fn set_rsvp(conn: &mut DbConn, id: &str, response: Rsvp, now: NaiveDateTime) -> AppResult<()> {
    diesel::update(inv::table.find(id))
        .set((
            inv::response.eq(response.as_str()),
            inv::responded_at.eq(Some(now)),
            inv::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Record whether an invitee of `symposium_id` attended; false when no such invitation.
pub fn set_attended(
    conn: &mut DbConn,
    symposium_id: &str,
    invitation_id: &str,
    attended: bool,
    now: NaiveDateTime,
) -> AppResult<bool> {
    let n = diesel::update(
        inv::table
            .find(invitation_id)
            .filter(inv::symposium_id.eq(symposium_id)),
    )
    .set((inv::attended.eq(Some(attended)), inv::updated_at.eq(now)))
    .execute(conn)?;
    Ok(n == 1)
}

/// A page of a symposium's invitations with the invitees' names, by name.
pub fn invitations(conn: &mut DbConn, symposium_id: &str, paging: Paging) -> AppResult<(Vec<InvitationView>, i64)> {
    let total = inv::table
        .filter(inv::symposium_id.eq(symposium_id))
        .count()
        .get_result::<i64>(conn)?;
    let rows: Vec<(InvitationRow, String, Option<String>)> = inv::table
        .inner_join(users::table.on(users::id.eq(inv::user_id)))
        .left_join(talent_profiles::table.on(talent_profiles::user_id.eq(inv::user_id)))
        .filter(inv::symposium_id.eq(symposium_id))
        .order((inv::created_at, inv::id))
        .limit(paging.per_page)
        .offset(paging.offset())
        .select((
            InvitationRow::as_select(),
            users::display_name,
            talent_profiles::full_name.nullable(),
        ))
        .load(conn)?;
    let views = rows
        .into_iter()
        .map(|(r, display, full)| InvitationView {
            name: full.filter(|n| !n.is_empty()).unwrap_or(display),
            id: r.id,
            symposium_id: r.symposium_id,
            user_id: r.user_id,
            response: r.response.parse().unwrap_or(Rsvp::Pending),
            responded_at: r.responded_at.map(to_utc),
            attended: r.attended,
            created_at: to_utc(r.created_at),
        })
        .collect();
    Ok((views, total))
}

/// A person's invitations with their symposiums, latest symposium first.
pub fn mine(conn: &mut DbConn, user_id: &str, paging: Paging) -> AppResult<(Vec<MySymposium>, i64)> {
    let total = inv::table
        .filter(inv::user_id.eq(user_id))
        .count()
        .get_result::<i64>(conn)?;
    let rows: Vec<(InvitationRow, SymposiumRow)> = inv::table
        .inner_join(symposiums::table)
        .filter(inv::user_id.eq(user_id))
        .order((symposiums::starts_at.desc(), inv::id))
        .limit(paging.per_page)
        .offset(paging.offset())
        .select((InvitationRow::as_select(), SymposiumRow::as_select()))
        .load(conn)?;
    Ok((
        rows.into_iter()
            .map(|(i, s)| {
                let status = s.status.parse().unwrap_or(SymposiumStatus::Draft);
                MySymposium {
                    invitation_id: i.id,
                    symposium_id: s.id,
                    kind: s.kind.parse().unwrap_or(SymposiumKind::Other),
                    title: s.title,
                    starts_at: to_utc(s.starts_at),
                    venue: s.venue,
                    agenda: s.agenda,
                    status,
                    response: i.response.parse().unwrap_or(Rsvp::Pending),
                    attended: i.attended,
                    // The record of the meeting is for those who were there.
                    summary: s
                        .summary
                        .filter(|_| status == SymposiumStatus::Held && i.attended == Some(true)),
                }
            })
            .collect(),
        total,
    ))
}

/// E-mail, locale and greeting name of each person: (user id, email, locale, name).
pub fn contacts(conn: &mut DbConn, ids: &[String]) -> AppResult<Vec<(String, String, String, String)>> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        let rows: Vec<(String, String, String, String, Option<String>)> = users::table
            .left_join(talent_profiles::table.on(talent_profiles::user_id.eq(users::id)))
            .filter(users::id.eq_any(chunk))
            .select((
                users::id,
                users::email,
                users::locale,
                users::display_name,
                talent_profiles::full_name.nullable(),
            ))
            .load(conn)?;
        out.extend(rows.into_iter().map(|(id, email, locale, display, full)| {
            (id, email, locale, full.filter(|n| !n.is_empty()).unwrap_or(display))
        }));
    }
    Ok(out)
}

/// Symposiums held that started in `[from, to)` and the attendances recorded at them.
pub fn year_figures(conn: &mut DbConn, from: NaiveDateTime, to: NaiveDateTime) -> AppResult<YearFigures> {
    let held_in = || {
        symposiums::table
            .filter(symposiums::status.eq(SymposiumStatus::Held.as_str()))
            .filter(symposiums::starts_at.ge(from))
            .filter(symposiums::starts_at.lt(to))
    };
    let held = held_in().count().get_result::<i64>(conn)?;
    let attendance = inv::table
        .filter(inv::symposium_id.eq_any(held_in().select(symposiums::id)))
        .filter(inv::attended.eq(Some(true)))
        .count()
        .get_result::<i64>(conn)?;
    Ok(YearFigures { held, attendance })
}

/// Every invitation of a symposium.
pub fn invitations_of(conn: &mut DbConn, symposium_id: &str) -> AppResult<Vec<InvitationRow>> {
    Ok(inv::table
        .filter(inv::symposium_id.eq(symposium_id))
        .order(inv::id)
        .select(InvitationRow::as_select())
        .load(conn)?)
}
