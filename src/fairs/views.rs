//! How job-fair rows are shown: the registration view and the HR download of a fair's sign-ups.

use crate::db::{to_utc, DbConn};
use crate::error::{AppError, AppResult};
use crate::fairs::models::{FairRow, RegistrationRow, RegistrationStatus, RegistrationView};
use crate::fairs::queries;
use crate::labels::{self, Lang};
use crate::pagination::Paging;
use crate::time::local_minute;

/// Build the API view of a registration.
pub fn registration(conn: &mut DbConn, row: &RegistrationRow, fair: Option<&FairRow>) -> AppResult<RegistrationView> {
    let status = RegistrationStatus::parse(&row.status);
    Ok(RegistrationView {
        id: row.id.clone(),
        job_fair_id: row.fair_id.clone(),
        user_id: row.user_id.clone(),
        status,
        ticket_code: if matches!(status, RegistrationStatus::Registered | RegistrationStatus::CheckedIn) {
            row.ticket_code.clone()
        } else {
            None
        },
        waitlist_position: queries::waitlist_position(conn, row)?,
        checked_in_at: row.checked_in_at.map(to_utc),
        created_at: to_utc(row.created_at),
        fair_title: fair.map(|f| f.title.clone()),
        fair_starts_at: fair.map(|f| to_utc(f.starts_at)),
        fair_venue: fair.map(|f| f.venue.clone()),
        full_name: None,
        email: None,
    })
}

/// A fair's sign-ups as a CSV file for HR: Chinese headers and statuses, times in Shanghai time.
pub fn registrations_csv(views: &[RegistrationView]) -> String {
    let mut out = crate::csv::head(&["姓名", "邮箱", "状态", "入场券", "候补序号", "签到时间", "报名时间"]);
    for v in views {
        out.push_str(&crate::csv::line(&[
            v.full_name.clone().unwrap_or_default(),
            v.email.clone().unwrap_or_default(),
            labels::registration_status(v.status, Lang::Zh).to_string(),
            v.ticket_code.clone().unwrap_or_default(),
            v.waitlist_position.map(|p| p.to_string()).unwrap_or_default(),
            v.checked_in_at.map(|t| local_minute(t.naive_utc())).unwrap_or_default(),
            local_minute(v.created_at.naive_utc()),
        ]));
    }
    out
}

/// One page of a fair's sign-ups with names and e-mails, for HR (404 for an unknown fair).
pub fn registrations_for_hr(
    conn: &mut DbConn,
    fair_id: &str,
    status: Option<RegistrationStatus>,
    paging: Paging,
) -> AppResult<(FairRow, Vec<RegistrationView>, i64)> {
    let fair = queries::find(conn, fair_id)?.ok_or_else(AppError::not_found)?;
    let (rows, total) = queries::registrations_page(conn, fair_id, status, paging)?;
    let mut items = Vec::new();
    for (row, email, name) in rows {
        let mut v = registration(conn, &row, None)?;
        v.email = Some(email);
        v.full_name = name;
        items.push(v);
    }
    Ok((fair, items, total))
}
