//! Building the API views of roster batches and their rows.

use crate::auth::{AuthUser, Role};
use crate::db::{to_utc, DbConn};
use crate::error::AppResult;
use crate::money::Fen;
use crate::rosters::models::{Group, RecipientRow, RecipientView, RosterAction, RosterRow, RosterStatus, RosterView};
use crate::rosters::{queries, rules};
use crate::transitions::Stored;

fn groups(rows: &[RecipientRow], key: impl Fn(&RecipientRow) -> &str) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::new();
    for r in rows {
        let name = key(r).to_string();
        match out.iter_mut().find(|g| g.name == name) {
            Some(g) => {
                g.count += 1;
                g.total_fen = Fen(g.total_fen.get() + r.amount_fen);
            }
            None => out.push(Group {
                name,
                count: 1,
                total_fen: Fen(r.amount_fen),
            }),
        }
    }
    out.sort_by(|a, b| b.total_fen.cmp(&a.total_fen).then(a.name.cmp(&b.name)));
    out
}

/// A batch; `detail` adds the sums by 工作单位 and 岗位 and the budget left.
pub fn roster(conn: &mut DbConn, row: &RosterRow, viewer: &AuthUser, detail: bool) -> AppResult<RosterView> {
    let status = RosterStatus::parse_stored(&row.status)?;
    let actions = rules::ROSTER
        .actions_from(status)
        .into_iter()
        .filter(|a| {
            matches!(
                (viewer.role, a),
                (Role::Hr, RosterAction::Import | RosterAction::Submit)
                    | (Role::Finance, RosterAction::Approve | RosterAction::Reject)
            )
        })
        .map(|a| a.as_str().to_string())
        .collect();
    let (by_employer, by_role, remaining) = if detail {
        let rows = queries::rows_of(conn, &row.id)?;
        let b = crate::subsidies::budget::view(
            crate::subsidies::budget::find(conn, &row.policy_id, row.year)?.as_ref(),
            row.year,
        );
        (
            Some(groups(&rows, |r| &r.employer)),
            Some(groups(&rows, |r| &r.role)),
            Some(b.remaining_fen),
        )
    } else {
        (None, None, None)
    };
    Ok(RosterView {
        id: row.id.clone(),
        policy_id: row.policy_id.clone(),
        policy_name: crate::payouts::queries::policy_name(conn, &row.policy_id)?,
        batch_no: row.batch_no,
        period: row.period.clone(),
        title: row.title.clone(),
        year: row.year,
        status,
        row_count: row.row_count,
        total_fen: Fen(row.total_fen),
        reject_reason: row.reject_reason.clone(),
        actions,
        by_employer,
        by_role,
        remaining_fen: remaining,
        has_import_errors: queries::import_errors(conn, &row.id)?.is_some(),
        created_at: to_utc(row.created_at),
        updated_at: to_utc(row.updated_at),
    })
}

/// One recipient, masked.
pub fn recipient(r: &RecipientRow) -> RecipientView {
    RecipientView {
        id: r.id.clone(),
        row_no: r.row_no,
        full_name: r.full_name.clone(),
        id_number_masked: r.id_number_masked.clone(),
        employer: r.employer.clone(),
        role: r.role.clone(),
        amount_fen: Fen(r.amount_fen),
        bank_name: r.bank_name.clone(),
        bank_account_masked: r.bank_account_masked.clone(),
        note: r.note.clone(),
        linked: r.talent_user_id.is_some(),
    }
}
