//! `POST/GET /me/attachments`, `GET/PUT/DELETE /attachments/{id}`.

use crate::attachments::models::{AttachmentKind, AttachmentRow, AttachmentView, UploadForm};
use crate::attachments::queries;
use crate::attachments::sniff::{display_name, sniff};
use crate::audit::{self, Actor, Event};
use crate::auth::{AuthUser, ClientIp, Role};
use crate::db::{new_id, now};
use crate::error::{AppError, AppResult, ErrorCode, FieldError, Problem};
use crate::http::routing::Routes;
use crate::state::AppState;
use actix_multipart::Multipart;
use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType, ExtendedValue};
use actix_web::{web, HttpResponse};
use futures_util::StreamExt;
use serde_json::json;

/// Largest file accepted.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;
/// Who may own attachments.
const OWNERS: &[Role] = &[Role::Applicant, Role::Employer];
/// Who may read anybody's attachments.
const READERS: &[Role] = &[Role::Hr, Role::Admin];

struct Upload {
    kind: Option<String>,
    file_name: Option<String>,
    bytes: Option<Vec<u8>>,
}

fn bad_form(detail: impl Into<String>) -> AppError {
    AppError::new(ErrorCode::MalformedJson, detail)
}

/// Read the multipart form, refusing more than [`MAX_BYTES`] of file as soon as it is exceeded.
async fn read_upload(mut payload: Multipart) -> AppResult<Upload> {
    let mut upload = Upload {
        kind: None,
        file_name: None,
        bytes: None,
    };
    while let Some(item) = payload.next().await {
        let mut field = item.map_err(|e| bad_form(format!("The multipart form could not be read: {e}")))?;
        let name = field.name().unwrap_or_default().to_string();
        let limit = match name.as_str() {
            "file" => MAX_BYTES,
            "kind" => 64,
            other => {
                return Err(AppError::validation(vec![FieldError::new(
                    other,
                    "unknown_field",
                    format!("`{other}` is not an accepted field."),
                )]))
            }
        };
        if name == "file" {
            upload.file_name = field
                .content_disposition()
                .and_then(|cd| cd.get_filename())
                .map(str::to_string);
        }
        let mut data = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|e| bad_form(format!("The upload was interrupted: {e}")))?;
            if data.len() + chunk.len() > limit {
                return Err(if name == "file" {
                    AppError::new(ErrorCode::PayloadTooLarge, "Files are limited to 10 MiB.")
                } else {
                    AppError::validation(vec![FieldError::new(&name, "too_long", "Value too long.")])
                });
            }
            data.extend_from_slice(&chunk);
        }
        if name == "file" {
            upload.bytes = Some(data);
        } else {
            upload.kind = Some(String::from_utf8_lossy(&data).trim().to_string());
        }
    }
    Ok(upload)
}

/// Check the bytes: present, not empty, PDF/JPEG/PNG.
fn checked_file(upload: &Upload) -> AppResult<(&[u8], crate::attachments::sniff::FileType)> {
    let bytes = upload
        .bytes
        .as_deref()
        .ok_or_else(|| AppError::validation(vec![FieldError::new("file", "required", "Choose a file to upload.")]))?;
    if bytes.is_empty() {
        return Err(AppError::validation(vec![FieldError::new(
            "file",
            "empty_file",
            "The file is empty.",
        )]));
    }
    let kind = sniff(bytes).ok_or_else(|| {
        AppError::validation(vec![FieldError::new(
            "file",
            "unsupported_type",
            "Only PDF, JPEG and PNG files are accepted.",
        )])
    })?;
    Ok((bytes, kind))
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
    let upload = read_upload(payload).await?;
    let kind = match upload.kind.as_deref() {
        None | Some("") => {
            return Err(AppError::validation(vec![FieldError::new(
                "kind",
                "required",
                "Say what the file is.",
            )]))
        }
        Some(k) => AttachmentKind::parse(k).ok_or_else(|| {
            AppError::validation(vec![FieldError::new(
                "kind",
                "invalid_choice",
                "resume, diploma, id_card, certificate or other.",
            )])
        })?,
    };
    let (bytes, file_type) = checked_file(&upload)?;
    let file_name = display_name(upload.file_name.as_deref(), file_type);
    let size = i64::try_from(bytes.len()).unwrap_or(i64::MAX);
    let files = state.files.clone();
    let _guard = state.files.guard.lock().await;
    let owned = bytes.to_vec();
    let store = files.clone();
    let sha = web::block(move || store.put(&owned)).await??;
    let key = state.audit_key.clone();
    let row = state
        .db
        .write(move |conn| {
            let now = now();
            let row = AttachmentRow {
                id: new_id(),
                owner_id: auth.id.clone(),
                kind: kind.as_str().into(),
                file_name,
                content_type: file_type.mime().into(),
                size_bytes: size,
                sha256: sha,
                created_at: now,
                updated_at: now,
            };
            queries::insert(conn, &row)?;
            audit::record(
                conn,
                &key,
                &Actor::of(&auth, ip),
                Event {
                    action: "attachment.uploaded",
                    entity: "attachment",
                    entity_id: Some(&row.id),
                    before: None,
                    after: Some(
                        json!({"kind": row.kind, "content_type": row.content_type, "size_bytes": row.size_bytes}),
                    ),
                },
            )?;
            Ok(row)
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
        let key = state.audit_key.clone();
        let (id, owner) = (row.id.clone(), row.owner_id.clone());
        state
            .db
            .write(move |conn| {
                audit::record(
                    conn,
                    &key,
                    &Actor::of(&auth, ip),
                    Event {
                        action: "attachment.downloaded",
                        entity: "attachment",
                        entity_id: Some(&id),
                        before: None,
                        after: Some(json!({"owner_id": owner})),
                    },
                )
            })
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
    let upload = read_upload(payload).await?;
    let (bytes, file_type) = checked_file(&upload)?;
    let file_name = display_name(upload.file_name.as_deref(), file_type);
    let size = i64::try_from(bytes.len()).unwrap_or(i64::MAX);
    let files = state.files.clone();
    let _guard = state.files.guard.lock().await;
    let owned_bytes = bytes.to_vec();
    let store = files.clone();
    let sha = web::block(move || store.put(&owned_bytes)).await??;
    let key = state.audit_key.clone();
    let old_sha = row.sha256.clone();
    let check_sha = old_sha.clone();
    let (updated, orphaned) = state
        .db
        .write(move |conn| {
            queries::replace_content(conn, &row.id, &file_name, file_type.mime(), size, &sha, now())?;
            audit::record(
                conn,
                &key,
                &Actor::of(&auth, ip),
                Event {
                    action: "attachment.replaced",
                    entity: "attachment",
                    entity_id: Some(&row.id),
                    before: Some(json!({"content_type": row.content_type, "size_bytes": row.size_bytes})),
                    after: Some(json!({"content_type": file_type.mime(), "size_bytes": size})),
                },
            )?;
            let orphaned = queries::references(conn, &check_sha)? == 0;
            Ok((queries::find(conn, &row.id)?.ok_or_else(AppError::not_found)?, orphaned))
        })
        .await?;
    if orphaned {
        web::block(move || files.remove(&old_sha)).await??;
    }
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
    let files = state.files.clone();
    let _guard = state.files.guard.lock().await;
    let key = state.audit_key.clone();
    let sha = row.sha256.clone();
    let orphaned = state
        .db
        .write(move |conn| {
            queries::delete(conn, &row.id)?;
            audit::record(
                conn,
                &key,
                &Actor::of(&auth, ip),
                Event {
                    action: "attachment.deleted",
                    entity: "attachment",
                    entity_id: Some(&row.id),
                    before: Some(json!({"kind": row.kind, "content_type": row.content_type})),
                    after: None,
                },
            )?;
            Ok(queries::references(conn, &row.sha256)? == 0)
        })
        .await?;
    if orphaned {
        web::block(move || files.remove(&sha)).await??;
    }
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
