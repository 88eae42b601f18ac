//! `POST/GET /me/attachments`, `GET/PUT/DELETE /attachments/{id}`.

use crate::attachments::form::{self, CheckedFile};
use crate::attachments::models::{AttachmentRow, AttachmentView, UploadForm};
use crate::attachments::{ops, queries};
use crate::auth::{AuthUser, ClientIp, Role};
use crate::error::{AppError, AppResult, Problem};
use crate::http::routing::Routes;
use crate::state::AppState;
use actix_multipart::Multipart;
use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType, ExtendedValue};
use actix_web::{web, HttpResponse};

pub use crate::attachments::form::MAX_BYTES;
/// Who may own attachments.
const OWNERS: &[Role] = &[Role::Applicant, Role::Employer];
/// Who may read anybody's attachments.
const READERS: &[Role] = &[Role::Hr, Role::Admin];

/// Store the bytes by content hash (off the async workers); the caller holds the store's guard.
async fn store(state: &AppState, file: &CheckedFile) -> AppResult<String> {
    let (files, bytes) = (state.files.clone(), file.bytes.clone());
    web::block(move || files.put(&bytes)).await?
}

/// Remove bytes no attachment uses any more.
async fn remove_unused(state: &AppState, sha: String, orphaned: bool) -> AppResult<()> {
    if orphaned {
        let files = state.files.clone();
        web::block(move || files.remove(&sha)).await??;
    }
    Ok(())
}

/// Upload an attachment.
#[utoipa::path(post, path = "/api/v1/me/attachments", tag = "attachments",
    description = "Roles: applicant, employer (their own files). PDF, JPEG or PNG, recognised by content; 10 MiB at most.",
    request_body(content = UploadForm, content_type = "multipart/form-data"), security(("bearer" = [])),
    responses((status = 201, body = AttachmentView), (status = 400, body = Problem), (status = 413, body = Problem)))]
pub async fn upload(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    payload: Multipart,
) -> AppResult<HttpResponse> {
    auth.require(OWNERS)?;
    let upload = form::read_upload(payload).await?;
    let kind = form::kind(&upload)?;
    let file = form::checked_file(upload)?;
    // The guard keeps a concurrent delete from removing these bytes before the row exists.
    let _guard = state.files.guard.lock().await;
    let sha = store(&state, &file).await?;
    let owner = auth.clone();
    let row = state
        .operate_as(&auth, ip, move |conn, ctx| {
            ops::upload(conn, ctx, &owner, kind, &file, sha)
        })
        .await?;
    Ok(HttpResponse::Created().json(AttachmentView::from(&row)))
}

/// List my attachments.
#[utoipa::path(get, path = "/api/v1/me/attachments", tag = "attachments",
    description = "Roles: applicant, employer.", security(("bearer" = [])),
    responses((status = 200, body = Vec<AttachmentView>), (status = 401, body = Problem)))]
pub async fn list_mine(state: web::Data<AppState>, auth: AuthUser) -> AppResult<web::Json<Vec<AttachmentView>>> {
    auth.require(OWNERS)?;
    let rows = state.db.run(move |conn| queries::list_for(conn, &auth.id)).await?;
    Ok(web::Json(rows.iter().map(AttachmentView::from).collect()))
}

/// Load an attachment the user may read; anything else is a 404 (never 403, so ids reveal nothing).
async fn readable(state: &AppState, auth: &AuthUser, id: String) -> AppResult<AttachmentRow> {
    let row = state
        .db
        .run(move |conn| queries::find(conn, &id))
        .await?
        .ok_or_else(AppError::not_found)?;
    if row.owner_id == auth.id || READERS.contains(&auth.role) {
        Ok(row)
    } else {
        Err(AppError::not_found())
    }
}

/// Load an attachment the user owns (404 otherwise).
async fn owned(state: &AppState, auth: &AuthUser, id: String) -> AppResult<AttachmentRow> {
    let row = state
        .db
        .run(move |conn| queries::find(conn, &id))
        .await?
        .ok_or_else(AppError::not_found)?;
    if row.owner_id == auth.id {
        Ok(row)
    } else {
        Err(AppError::not_found())
    }
}

fn disposition(file_name: &str) -> ContentDisposition {
    let ascii: String = file_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    ContentDisposition {
        disposition: DispositionType::Attachment,
        parameters: vec![
            DispositionParam::Filename(ascii),
            DispositionParam::FilenameExt(ExtendedValue {
                charset: header::Charset::Ext("UTF-8".into()),
                language_tag: None,
                value: file_name.as_bytes().to_vec(),
            }),
        ],
    }
}

/// Download an attachment.
#[utoipa::path(get, path = "/api/v1/attachments/{id}", tag = "attachments",
    description = "Roles: the owner; hr and admin (their reads are audited). Others get 404.",
    params(("id" = String, Path, description = "Attachment id")), security(("bearer" = [])),
    responses((status = 200, description = "The file, as an attachment"), (status = 404, body = Problem)))]
pub async fn download(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let row = readable(&state, &auth, path.into_inner()).await?;
    if row.owner_id != auth.id {
        let read = row.clone();
        state
            .operate_as(&auth, ip, move |conn, ctx| ops::record_download(conn, ctx, &read))
            .await?;
    }
    let files = state.files.clone();
    let sha = row.sha256.clone();
    let bytes = web::block(move || {
        files
            .locate(&sha)
            .and_then(|p| std::fs::read(p).map_err(AppError::internal))
    })
    .await??;
    Ok(HttpResponse::Ok()
        .content_type(row.content_type.as_str())
        .insert_header(disposition(&row.file_name))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(bytes))
}

/// Replace the content of one of my attachments (same id and kind).
#[utoipa::path(put, path = "/api/v1/attachments/{id}", tag = "attachments",
    description = "Roles: the owner.", params(("id" = String, Path, description = "Attachment id")),
    request_body(content = UploadForm, content_type = "multipart/form-data"), security(("bearer" = [])),
    responses((status = 200, body = AttachmentView), (status = 400, body = Problem), (status = 404, body = Problem), (status = 413, body = Problem)))]
pub async fn replace(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    payload: Multipart,
) -> AppResult<web::Json<AttachmentView>> {
    let row = owned(&state, &auth, path.into_inner()).await?;
    let file = form::checked_file(form::read_upload(payload).await?)?;
    let _guard = state.files.guard.lock().await;
    let sha = store(&state, &file).await?;
    let old_sha = row.sha256.clone();
    let (updated, orphaned) = state
        .operate_as(&auth, ip, move |conn, ctx| ops::replace(conn, ctx, &row, &file, &sha))
        .await?;
    remove_unused(&state, old_sha, orphaned).await?;
    Ok(web::Json(AttachmentView::from(&updated)))
}

/// Delete one of my attachments; the bytes go too when no other attachment uses them.
#[utoipa::path(delete, path = "/api/v1/attachments/{id}", tag = "attachments",
    description = "Roles: the owner.", params(("id" = String, Path, description = "Attachment id")), security(("bearer" = [])),
    responses((status = 204), (status = 404, body = Problem)))]
pub async fn delete(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let row = owned(&state, &auth, path.into_inner()).await?;
    let _guard = state.files.guard.lock().await;
    let sha = row.sha256.clone();
    let orphaned = state
        .operate_as(&auth, ip, move |conn, ctx| ops::delete(conn, ctx, &row))
        .await?;
    remove_unused(&state, sha, orphaned).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Mount and document this domain's routes (each path and method comes from the handler's annotation).
pub fn routes(r: &mut Routes) {
    r.add(__path_list_mine, list_mine);
    r.add(__path_upload, upload);
    r.add(__path_download, download);
    r.add(__path_replace, replace);
    r.add(__path_delete, delete);
}
