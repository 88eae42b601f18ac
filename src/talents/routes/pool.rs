//! HR's talent pool: `GET /talents`, `/talents/export`, `/talents/{user_id}`, `POST …/reveal`.

use crate::attachments::models::AttachmentView;
use crate::attachments::queries as attachment_queries;
use crate::auth::{AuthUser, ClientIp, Role};
use crate::error::{AppError, AppResult, Problem};
use crate::pagination::Paging;
use crate::state::AppState;
use crate::talents::export;
use crate::talents::models::{
    ExportFormat, RevealInput, RevealRecord, RevealedPersonalData, TalentDetail, TalentFilter, TalentPage,
};
use crate::talents::{ops, queries, views};
use actix_web::http::header;
use actix_web::web;
use actix_web::HttpResponse;
use serde_json::json;

/// Who may search the pool.
const POOL_READERS: &[Role] = &[Role::Hr, Role::Admin];
pub use crate::talents::export::EXPORT_LIMIT;
/// The media type of an XLSX workbook.
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Search the talent pool.
#[utoipa::path(get, path = "/api/v1/talents", operation_id = "list_talents", tag = "talents",
    description = "Roles: hr, admin. ID numbers and phones are masked.", params(TalentFilter), security(("bearer" = [])),
    responses((status = 200, body = TalentPage), (status = 403, body = Problem)))]
pub async fn list(
    state: web::Data<AppState>,
    auth: AuthUser,
    filter: web::Query<TalentFilter>,
) -> AppResult<web::Json<TalentPage>> {
    auth.require(POOL_READERS)?;
    let filter = filter.into_inner();
    let paging = Paging::new(filter.page, filter.per_page);
    let (rows, total) = state.db.run(move |conn| queries::search(conn, &filter, paging)).await?;
    Ok(web::Json(TalentPage::new(
        rows.iter().map(views::summary).collect(),
        total,
        paging,
    )))
}

/// One person: profile (masked), files and timeline.
#[utoipa::path(get, path = "/api/v1/talents/{user_id}", tag = "talents",
    description = "Roles: hr, admin.", params(("user_id" = String, Path, description = "The applicant's user id")),
    security(("bearer" = [])), responses((status = 200, body = TalentDetail), (status = 404, body = Problem)))]
pub async fn detail(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
) -> AppResult<web::Json<TalentDetail>> {
    auth.require(POOL_READERS)?;
    let user_id = path.into_inner();
    let detail = state
        .db
        .run(move |conn| {
            let profile = queries::find(conn, &user_id)?.ok_or_else(AppError::not_found)?;
            let files = attachment_queries::list_for(conn, &user_id)?;
            let events = queries::timeline(conn, &user_id, 200)?;
            let names = crate::audit::names::names(
                conn,
                events
                    .iter()
                    .filter_map(|(_, _, entity, id)| Some((entity.as_str(), id.as_deref()?))),
            )?;
            Ok(TalentDetail {
                profile: views::profile(&profile),
                attachments: files.iter().map(AttachmentView::from).collect(),
                timeline: views::timeline(events, &names),
            })
        })
        .await?;
    Ok(web::Json(detail))
}

/// Who may reveal full personal data.
const REVEALERS: &[Role] = &[Role::Hr, Role::Finance];

/// The full ID number and bank account, for hr and finance; every reveal is audited with its reason.
#[utoipa::path(post, path = "/api/v1/talents/{user_id}/reveal", tag = "talents",
    description = "Roles: hr, finance. A reason is required; the reveal and its reason are written to the audit log.",
    params(("user_id" = String, Path, description = "The applicant's user id")), request_body = RevealInput,
    security(("bearer" = [])), responses((status = 200, body = RevealedPersonalData), (status = 400, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn reveal(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: crate::http::json::Json<RevealInput>,
) -> AppResult<web::Json<RevealedPersonalData>> {
    auth.require(REVEALERS)?;
    let body = body.accept()?;
    let (user_id, cipher, input) = (path.into_inner(), state.cipher.clone(), body.into_inner());
    let revealed = state
        .operate_as(&auth, ip, move |conn, ctx| {
            ops::reveal(conn, ctx, &cipher, &user_id, &input.reason)
        })
        .await?;
    Ok(web::Json(revealed))
}

/// Who revealed this person's full personal data, when and why, newest first.
#[utoipa::path(get, path = "/api/v1/talents/{user_id}/reveals", operation_id = "list_reveals", tag = "talents",
    description = "Roles: hr, finance, admin. The last 200 reveals.", params(("user_id" = String, Path, description = "The applicant's user id")),
    security(("bearer" = [])), responses((status = 200, body = Vec<RevealRecord>), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn reveals(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
) -> AppResult<web::Json<Vec<RevealRecord>>> {
    auth.require(&[Role::Hr, Role::Finance, Role::Admin])?;
    let user_id = path.into_inner();
    let rows = state.db.run(move |conn| queries::reveals(conn, &user_id)).await?;
    Ok(web::Json(rows.into_iter().map(views::reveal_record).collect()))
}

/// Export exactly the current filter, masked, as XLSX or CSV (CSV is streamed page by page).
#[utoipa::path(get, path = "/api/v1/talents/export", tag = "talents",
    description = "Roles: hr, admin. format=xlsx (default) or csv; same filters as the list; at most 100000 rows. Audited.",
    params(TalentFilter), security(("bearer" = [])),
    responses((status = 200, description = "The file"), (status = 403, body = Problem)))]
pub async fn export(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    filter: web::Query<TalentFilter>,
) -> AppResult<HttpResponse> {
    auth.require(POOL_READERS)?;
    let filter = filter.into_inner();
    let format = filter.format.unwrap_or(ExportFormat::Xlsx);
    let described = json!({
        "format": if format == ExportFormat::Csv { "csv" } else { "xlsx" },
        "q": filter.q, "category": filter.category, "education": filter.education, "major": filter.major,
        "graduation_year": filter.graduation_year, "skill": filter.skill,
    });
    state
        .operate_as(&auth, ip, move |conn, ctx| ops::record_export(conn, ctx, described))
        .await?;
    let stamp = crate::time::file_stamp(state.clock.now());
    let response = |mime: &str, ext: &str| {
        let mut r = HttpResponse::Ok();
        r.content_type(mime.to_string()).insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"talents-{stamp}.{ext}\""),
        ));
        r
    };
    Ok(match format {
        ExportFormat::Xlsx => {
            let rows = state.db.run(move |conn| export::all_rows(conn, &filter)).await?;
            let bytes = web::block(move || export::xlsx(&rows)).await??;
            response(XLSX, "xlsx").body(bytes)
        }
        ExportFormat::Csv => {
            response("text/csv; charset=utf-8", "csv").streaming(export::csv_stream(state.db.clone(), filter))
        }
    })
}
