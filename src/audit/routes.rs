//! `GET /audit-events`: administrators read the audit log.

use crate::audit::models::{AuditEventPage, AuditFilter, AuditView};
use crate::audit::queries;
use crate::auth::{AuthUser, Role};
use crate::error::{AppResult, Problem};
use crate::http::routing::Routes;
use crate::pagination::Paging;
use crate::state::AppState;
use actix_web::web;

/// Read the audit log, newest first, with filters.
#[utoipa::path(get, path = "/api/v1/audit-events", tag = "audit",
    description = "Roles: admin.", params(AuditFilter), security(("bearer" = [])),
    responses((status = 200, body = AuditEventPage), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn list_events(
    state: web::Data<AppState>,
    auth: AuthUser,
    filter: web::Query<AuditFilter>,
) -> AppResult<web::Json<AuditEventPage>> {
    auth.require(&[Role::Admin])?;
    let filter = filter.into_inner();
    let paging = Paging::new(filter.page, filter.per_page);
    let (rows, total) = state.db.run(move |conn| queries::list(conn, &filter, paging)).await?;
    Ok(web::Json(AuditEventPage::new(
        rows.into_iter()
            .map(|(row, email)| AuditView::new(row, email))
            .collect(),
        total,
        paging,
    )))
}

/// Mount and document this domain's routes (each path and method comes from the handler's annotation).
pub fn routes(r: &mut Routes) {
    r.add(__path_list_events, list_events);
}
