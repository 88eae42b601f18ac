//! `GET /audit-events`: administrators read the audit log.

use crate::audit::models::{AuditEventPage, AuditFilter, AuditView};
use crate::audit::{names, queries};
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
    let (rows, total, names) = state
        .db
        .run(move |conn| {
            let (rows, total) = queries::list(conn, &filter, paging)?;
            let names = names::names(
                conn,
                rows.iter()
                    .filter_map(|(r, _)| Some((r.entity.as_str(), r.entity_id.as_deref()?))),
            )?;
            Ok((rows, total, names))
        })
        .await?;
    Ok(web::Json(AuditEventPage::new(
        rows.into_iter()
            .map(|(row, email)| {
                let name = row
                    .entity_id
                    .as_ref()
                    .and_then(|id| names.get(&(row.entity.clone(), id.clone())).cloned());
                AuditView {
                    entity_name: name,
                    ..AuditView::new(row, email)
                }
            })
            .collect(),
        total,
        paging,
    )))
}

/// Mount and document this domain's routes (each path and method comes from the handler's annotation).
pub fn routes(r: &mut Routes) {
    r.add(__path_list_events, list_events);
}
