//! HR's talent pool: `GET /talents`, `/talents/export`, `/talents/{user_id}`, `POST …/reveal`.

use crate::attachments::models::AttachmentView;
use crate::attachments::queries as attachment_queries;
use crate::audit::{self, Actor, Event};
use crate::auth::{AuthUser, ClientIp, Role};
use crate::db::to_utc;
use crate::error::{AppError, AppResult, Problem};
use crate::pagination::Paging;
use crate::state::AppState;
use crate::talents::export;
use crate::talents::models::{
    ExportFormat, RevealedPersonalData, TalentDetail, TalentFilter, TalentPage, TimelineEntry,
};
use crate::talents::routes::profile::{BANK_FIELD, ID_FIELD};
use crate::talents::{queries, views};
use actix_web::http::header;
use actix_web::web::{self, Bytes};
use actix_web::HttpResponse;
use serde_json::json;

/// Who may search the pool.
const POOL_READERS: &[Role] = &[Role::Hr, Role::Admin];
/// The most rows one export may carry.
pub const EXPORT_LIMIT: i64 = 100_000;
/// Rows fetched per database round while exporting.
const EXPORT_BATCH: i64 = 500;

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
            Ok(TalentDetail {
                profile: views::profile(&profile),
                attachments: files.iter().map(AttachmentView::from).collect(),
                timeline: events
                    .into_iter()
                    .map(|(at, action, entity, entity_id)| TimelineEntry {
                        at: to_utc(at),
                        action,
                        entity,
                        entity_id,
                    })
                    .collect(),
            })
        })
        .await?;
    Ok(web::Json(detail))
}

/// The full ID number and bank account, for hr and finance; every reveal is audited.
#[utoipa::path(post, path = "/api/v1/talents/{user_id}/reveal", tag = "talents",
    description = "Roles: hr, finance. Writes an audit event.", params(("user_id" = String, Path, description = "The applicant's user id")),
    security(("bearer" = [])), responses((status = 200, body = RevealedPersonalData), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn reveal(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
) -> AppResult<web::Json<RevealedPersonalData>> {
    auth.require(&[Role::Hr, Role::Finance])?;
    let user_id = path.into_inner();
    let cipher = state.cipher.clone();
    let key = state.audit_key.clone();
    let revealed = state
        .db
        .write(move |conn| {
            let profile = queries::find(conn, &user_id)?.ok_or_else(AppError::not_found)?;
            let row = &profile.row;
            let id_number = cipher.decrypt(ID_FIELD, &row.user_id, &row.id_number_enc)?;
            let bank_account = match &row.bank_account_enc {
                Some(enc) => Some(cipher.decrypt(BANK_FIELD, &row.user_id, enc)?),
                None => None,
            };
            audit::record(
                conn,
                &key,
                &Actor { id: Some(auth.id.clone()), email: Some(auth.email.clone()), ip: Some(ip.0) },
                Event {
                    action: "talent.personal_data_revealed",
                    entity: "talent_profile",
                    entity_id: Some(&row.user_id),
                    before: None,
                    after: Some(json!({"fields": if bank_account.is_some() { vec!["id_number", "bank_account"] } else { vec!["id_number"] }})),
                },
            )?;
            Ok(RevealedPersonalData { user_id: row.user_id.clone(), id_number, bank_name: row.bank_name.clone(), bank_account })
        })
        .await?;
    Ok(web::Json(revealed))
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
    let key = state.audit_key.clone();
    let described = json!({
        "format": if format == ExportFormat::Csv { "csv" } else { "xlsx" },
        "q": filter.q, "category": filter.category, "education": filter.education, "major": filter.major,
        "graduation_year": filter.graduation_year, "skill": filter.skill,
    });
    state
        .db
        .write(move |conn| {
            audit::record(
                conn,
                &key,
                &Actor {
                    id: Some(auth.id.clone()),
                    email: Some(auth.email.clone()),
                    ip: Some(ip.0),
                },
                Event {
                    action: "talent.exported",
                    entity: "talent_profile",
                    entity_id: None,
                    before: None,
                    after: Some(described),
                },
            )
        })
        .await?;
    let stamp = crate::time::file_stamp(state.clock.now());
    match format {
        ExportFormat::Xlsx => {
            let rows = state
                .db
                .run(move |conn| {
                    let mut all = Vec::new();
                    while (all.len() as i64) < EXPORT_LIMIT {
                        let batch = queries::page(conn, &filter, all.len() as i64, EXPORT_BATCH)?;
                        let done = (batch.len() as i64) < EXPORT_BATCH;
                        all.extend(batch.iter().map(views::summary));
                        if done {
                            break;
                        }
                    }
                    Ok(all)
                })
                .await?;
            let bytes = web::block(move || export::xlsx(&rows)).await??;
            Ok(HttpResponse::Ok()
                .content_type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                .insert_header((
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"talents-{stamp}.xlsx\""),
                ))
                .body(bytes))
        }
        ExportFormat::Csv => {
            let db = state.db.clone();
            let stream = futures_util::stream::unfold(Some(0i64), move |offset| {
                let db = db.clone();
                let filter = filter.clone();
                async move {
                    let offset = offset?;
                    if offset >= EXPORT_LIMIT {
                        return None;
                    }
                    let page = db
                        .run(move |conn| queries::page(conn, &filter, offset, EXPORT_BATCH))
                        .await;
                    match page {
                        Ok(batch) => {
                            let mut chunk = if offset == 0 { export::csv_head() } else { String::new() };
                            for p in &batch {
                                chunk.push_str(&crate::csv::line(&export::cells(&views::summary(p))));
                            }
                            let next = ((batch.len() as i64) == EXPORT_BATCH).then_some(offset + EXPORT_BATCH);
                            if chunk.is_empty() {
                                None
                            } else {
                                Some((Ok::<Bytes, actix_web::Error>(Bytes::from(chunk)), next))
                            }
                        }
                        Err(e) => Some((Err(e.into()), None)),
                    }
                }
            });
            Ok(HttpResponse::Ok()
                .content_type("text/csv; charset=utf-8")
                .insert_header((
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"talents-{stamp}.csv\""),
                ))
                .streaming(stream))
        }
    }
}
