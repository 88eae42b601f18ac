//! Programmes: HR creates, publishes and closes them; everyone sees published ones with their
//! approved internship positions; HR reads the statistics.

use crate::auth::{AuthUser, ClientIp};
use crate::error::{AppError, AppResult, Problem};
use crate::internships::models::{
    ApplicationStatus, OfferView, ProgramAction, ProgramInput, ProgramPage, ProgramRow, ProgramStats, ProgramStatus,
    ProgramView,
};
use crate::internships::ops;
pub use crate::internships::ops::ORGANISERS;
use crate::internships::queries;
use crate::pagination::Paging;
use crate::state::AppState;
use crate::transitions::Stored;
use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A programme with its internship positions.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProgramDetail {
    pub program: ProgramView,
    /// Approved offers for everyone; all offers for hr/admin.
    pub positions: Vec<OfferView>,
}

fn organiser(auth: &Option<AuthUser>) -> bool {
    auth.as_ref().is_some_and(|a| ORGANISERS.contains(&a.role))
}

/// A programme the caller may see (drafts only for organisers).
pub async fn visible(state: &AppState, auth: &Option<AuthUser>, id: String) -> AppResult<ProgramRow> {
    let row = state
        .db
        .run(move |conn| queries::program(conn, &id))
        .await?
        .ok_or_else(AppError::not_found)?;
    if row.status == ProgramStatus::Draft.as_str() && !organiser(auth) {
        return Err(AppError::not_found());
    }
    Ok(row)
}

/// Create a programme (draft).
#[utoipa::path(post, path = "/api/v1/internship-programs", operation_id = "create_internship_program", tag = "internships", description = "Roles: hr, admin.",
    request_body = ProgramInput, security(("bearer" = [])),
    responses((status = 201, body = ProgramView), (status = 400, body = Problem), (status = 403, body = Problem)))]
pub async fn create(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    body: crate::http::json::Json<ProgramInput>,
) -> AppResult<HttpResponse> {
    auth.require(ORGANISERS)?;
    let body = body.accept()?;
    let (input, actor) = (body.into_inner(), auth.clone());
    let row = state
        .operate_as(&auth, ip, move |conn, ctx| {
            ops::create_program(conn, ctx, &actor, input)
        })
        .await?;
    Ok(HttpResponse::Created().json(ProgramView::from(&row)))
}

/// `?page=&per_page=`
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PageQuery {
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// List programmes (published and closed for everyone; drafts too for hr/admin).
#[utoipa::path(get, path = "/api/v1/internship-programs", operation_id = "list_internship_programs", tag = "internships", description = "Roles: anyone.",
    params(PageQuery), responses((status = 200, body = ProgramPage)))]
pub async fn list(
    state: web::Data<AppState>,
    auth: Option<AuthUser>,
    query: web::Query<PageQuery>,
) -> AppResult<web::Json<ProgramPage>> {
    let paging = Paging::new(query.page, query.per_page);
    let staff = organiser(&auth);
    let (rows, total) = state.db.run(move |conn| queries::programs(conn, staff, paging)).await?;
    Ok(web::Json(ProgramPage::new(
        rows.iter().map(ProgramView::from).collect(),
        total,
        paging,
    )))
}

/// One programme with its internship positions.
#[utoipa::path(get, path = "/api/v1/internship-programs/{id}", operation_id = "get_internship_program", tag = "internships", description = "Roles: anyone (drafts: hr, admin).",
    params(("id" = String, Path, description = "Programme id")), responses((status = 200, body = ProgramDetail), (status = 404, body = Problem)))]
pub async fn get(
    state: web::Data<AppState>,
    auth: Option<AuthUser>,
    path: web::Path<String>,
) -> AppResult<web::Json<ProgramDetail>> {
    let row = visible(&state, &auth, path.into_inner()).await?;
    let all = organiser(&auth);
    let id = row.id.clone();
    let positions = state.db.run(move |conn| queries::offers(conn, &id, !all)).await?;
    Ok(web::Json(ProgramDetail {
        program: ProgramView::from(&row),
        positions,
    }))
}

/// Publish or close a programme as HR.
async fn transition(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    id: String,
    action: ProgramAction,
) -> AppResult<web::Json<ProgramView>> {
    auth.require(ORGANISERS)?;
    let row = state
        .operate_as(&auth, ip, move |conn, ctx| ops::move_program(conn, ctx, &id, action))
        .await?;
    Ok(web::Json(ProgramView::from(&row)))
}

/// Publish a draft programme.
#[utoipa::path(post, path = "/api/v1/internship-programs/{id}/publish", operation_id = "publish_internship_program", tag = "internships", description = "Roles: hr, admin. draft → published.",
    params(("id" = String, Path, description = "Programme id")), security(("bearer" = [])),
    responses((status = 200, body = ProgramView), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn publish(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
) -> AppResult<web::Json<ProgramView>> {
    transition(state, auth, ip, path.into_inner(), ProgramAction::Publish).await
}

/// Close a programme to new offers and applications.
#[utoipa::path(post, path = "/api/v1/internship-programs/{id}/close", operation_id = "close_internship_program", tag = "internships", description = "Roles: hr, admin. published → closed.",
    params(("id" = String, Path, description = "Programme id")), security(("bearer" = [])),
    responses((status = 200, body = ProgramView), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn close(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
) -> AppResult<web::Json<ProgramView>> {
    transition(state, auth, ip, path.into_inner(), ProgramAction::Close).await
}

/// Statistics of a programme: applications, acceptances, completions by school and major.
#[utoipa::path(get, path = "/api/v1/internship-programs/{id}/stats", tag = "internships", description = "Roles: hr, admin.",
    params(("id" = String, Path, description = "Programme id")), security(("bearer" = [])),
    responses((status = 200, body = ProgramStats), (status = 404, body = Problem)))]
pub async fn stats(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
) -> AppResult<web::Json<ProgramStats>> {
    auth.require(ORGANISERS)?;
    use ApplicationStatus::*;
    let id = path.into_inner();
    let stats = state
        .db
        .run(move |conn| {
            queries::program(conn, &id)?.ok_or_else(AppError::not_found)?;
            let counts = queries::status_counts(conn, &id)?;
            let get = |k: ApplicationStatus| counts.get(k.as_str()).copied().unwrap_or(0);
            let (by_school, by_major) = queries::completed_by_school_and_major(conn, &id)?;
            Ok(ProgramStats {
                program_id: id.clone(),
                applications: counts.values().sum(),
                accepted: get(Accepted) + get(InProgress) + get(Completed) + get(Terminated),
                in_progress: get(InProgress),
                completed: get(Completed),
                by_school,
                by_major,
            })
        })
        .await?;
    Ok(web::Json(stats))
}
