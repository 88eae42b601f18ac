//! `POST/GET /me/attachments`, `GET/PUT/DELETE /attachments/{id}`.

use crate::attachments::form::{self, CheckedFile};
use crate::attachments::models::{AttachmentRow, AttachmentView, UploadForm};
use crate::attachments::rules::Quota;
use crate::attachments::storage::FileReader;
use crate::attachments::{ops, queries};
use crate::auth::{AuthUser, ClientIp, Role};
use crate::error::{AppError, AppResult, Problem};
use crate::http::routing::Routes;
use crate::state::AppState;
use actix_multipart::Multipart;
use actix_web::body::SizedStream;
use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType, ExtendedValue};
use actix_web::web::Bytes;
use actix_web::{web, HttpResponse};

pub use crate::attachments::form::MAX_BYTES;
/// Who may own attachments.
const OWNERS: &[Role] = &[Role::Applicant, Role::Employer];
/// Who may read anybody's attachments.
const READERS: &[Role] = &[Role::Hr, Role::Admin];

/// Encrypt and store the bytes (off the async workers); returns the name they are stored under.
async fn store(state: &AppState, file: &CheckedFile) -> AppResult<String> {
    let (files, bytes) = (state.files.clone(), file.bytes.clone());
    web::block(move || files.put(&bytes)).await?
}

/// Remove bytes no attachment uses (any more, or yet: an upload the quota refused).
async fn remove_unused(state: &AppState, sha: Option<String>) -> AppResult<()> {
    if let Some(sha) = sha {
        let files = state.files.clone();
        web::block(move || files.remove(&sha)).await??;
    }
    Ok(())
}

/// Run an operation on freshly stored bytes; if it fails (quota, a vanished row), the bytes go.
async fn keep_if<T>(state: &AppState, sha: &str, result: AppResult<T>) -> AppResult<T> {
    if result.is_err() {
        remove_unused(state, Some(sha.to_string())).await?;
    }
    result
}

fn quota_of(state: &AppState) -> Quota {
    Quota {
        bytes: state.config.attachment_quota_bytes,
        files: state.config.attachment_quota_files,
    }
}

/// Upload an attachment.
#[utoipa::path(post, path = "/api/v1/me/attachments", tag = "attachments",
    description = "Roles: applicant, employer (their own files). PDF, JPEG or PNG, recognised by content; 10 MiB at most. \
        Each account keeps at most 20 files and 50 MiB (configurable): 409 attachment_limit_reached, 413 storage_quota_exceeded.",
    request_body(content = UploadForm, content_type = "multipart/form-data"), security(("bearer" = [])),
    responses((status = 201, body = AttachmentView), (status = 400, body = Problem), (status = 409, body = Problem), (status = 413, body = Problem),
        (status = 507, description = "storage_unavailable: the disk is full or not writable; nothing was saved", body = Problem)))]
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
    let sha = store(&state, &file).await?;
    let (owner, quota, stored) = (auth.clone(), quota_of(&state), sha.clone());
    let result = state
        .operate_as(&auth, ip, move |conn, ctx| {
            ops::upload(conn, ctx, &owner, quota, kind, &file, stored)
        })
        .await;
    let row = keep_if(&state, &sha, result).await?;
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
    let (files, sha) = (state.files.clone(), row.sha256.clone());
    // The first chunk is read before the answer starts, so a missing file or a wrong key is a
    // problem answer; a chunk failing later cuts the body short of its Content-Length.
    let (reader, first) = web::block(move || {
        let mut reader = files.open(&sha)?;
        let first = reader.next_chunk()?;
        Ok::<_, AppError>((reader, first))
    })
    .await??;
    let size = u64::try_from(row.size_bytes).map_err(AppError::internal)?;
    Ok(HttpResponse::Ok()
        .content_type(row.content_type.as_str())
        .insert_header(disposition(&row.file_name))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(SizedStream::new(size, decrypted(reader, first))))
}

/// The rest of a file, decrypted chunk by chunk off the async workers.
fn decrypted(
    reader: FileReader,
    first: Option<Vec<u8>>,
) -> impl futures_util::Stream<Item = Result<Bytes, actix_web::Error>> {
    let head = futures_util::stream::iter(first.map(|c| Ok(Bytes::from(c))));
    let rest = futures_util::stream::try_unfold(reader, |mut reader| async move {
        let (reader, chunk) = web::block(move || {
            let chunk = reader.next_chunk();
            (reader, chunk)
        })
        .await?;
        let chunk = chunk.map_err(|e| {
            tracing::error!(error = %e, "attachment download cut short");
            actix_web::Error::from(e)
        })?;
        Ok::<_, actix_web::Error>(chunk.map(|c| (Bytes::from(c), reader)))
    });
    futures_util::StreamExt::chain(head, rest)
}

/// Replace the content of one of my attachments (same id and kind).
#[utoipa::path(put, path = "/api/v1/attachments/{id}", tag = "attachments",
    description = "Roles: the owner.", params(("id" = String, Path, description = "Attachment id")),
    request_body(content = UploadForm, content_type = "multipart/form-data"), security(("bearer" = [])),
    responses((status = 200, body = AttachmentView), (status = 400, body = Problem), (status = 404, body = Problem), (status = 413, body = Problem),
        (status = 507, description = "storage_unavailable: the disk is full or not writable; nothing was saved", body = Problem)))]
pub async fn replace(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    payload: Multipart,
) -> AppResult<web::Json<AttachmentView>> {
    let row = owned(&state, &auth, path.into_inner()).await?;
    let file = form::checked_file(form::read_upload(payload).await?)?;
    let sha = store(&state, &file).await?;
    let (quota, stored) = (quota_of(&state), sha.clone());
    let result = state
        .operate_as(&auth, ip, move |conn, ctx| {
            ops::replace(conn, ctx, quota, &row, &file, &stored)
        })
        .await;
    let (updated, orphaned) = keep_if(&state, &sha, result).await?;
    remove_unused(&state, orphaned).await?;
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
    let sha = row.sha256.clone();
    let orphaned = state
        .operate_as(&auth, ip, move |conn, ctx| ops::delete(conn, ctx, &row))
        .await?;
    remove_unused(&state, orphaned.then_some(sha)).await?;
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
