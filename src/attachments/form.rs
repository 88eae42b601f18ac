//! The multipart upload form: read with a size limit, then checked (present, not empty, a PDF,
//! JPEG or PNG by its bytes) before anything is stored.

use crate::attachments::models::AttachmentKind;
use crate::attachments::sniff::{display_name, sniff, FileType};
use crate::error::{AppError, AppResult, ErrorCode, FieldError};
use actix_multipart::Multipart;
use futures_util::StreamExt;

/// Largest file accepted.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;

/// The fields of an upload form as read.
pub struct Upload {
    kind: Option<String>,
    file_name: Option<String>,
    bytes: Option<Vec<u8>>,
}

fn bad_form(detail: impl Into<String>) -> AppError {
    AppError::new(ErrorCode::MalformedJson, detail)
}

/// Read the multipart form, refusing more than [`MAX_BYTES`] of file as soon as it is exceeded.
pub async fn read_upload(mut payload: Multipart) -> AppResult<Upload> {
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

/// A checked file: its bytes, recognised type, display name and size.
pub struct CheckedFile {
    /// The content.
    pub bytes: Vec<u8>,
    /// What the bytes are.
    pub file_type: FileType,
    /// The name shown and offered on download (never used on disk).
    pub file_name: String,
    /// Size in bytes.
    pub size: i64,
}

/// Check the bytes: present, not empty, PDF/JPEG/PNG; the upload's file name becomes the display name.
pub fn checked_file(upload: Upload) -> AppResult<CheckedFile> {
    let bytes = upload
        .bytes
        .ok_or_else(|| AppError::validation(vec![FieldError::new("file", "required", "Choose a file to upload.")]))?;
    if bytes.is_empty() {
        return Err(AppError::validation(vec![FieldError::new(
            "file",
            "empty_file",
            "The file is empty.",
        )]));
    }
    let file_type = sniff(&bytes).ok_or_else(|| {
        AppError::validation(vec![FieldError::new(
            "file",
            "unsupported_type",
            "Only PDF, JPEG and PNG files are accepted.",
        )])
    })?;
    let file_name = display_name(upload.file_name.as_deref(), file_type);
    let size = i64::try_from(bytes.len()).unwrap_or(i64::MAX);
    Ok(CheckedFile {
        bytes,
        file_type,
        file_name,
        size,
    })
}

/// The attachment kind the form names (required).
pub fn kind(upload: &Upload) -> AppResult<AttachmentKind> {
    match upload.kind.as_deref() {
        None | Some("") => Err(AppError::validation(vec![FieldError::new(
            "kind",
            "required",
            "Say what the file is.",
        )])),
        Some(k) => AttachmentKind::parse(k).ok_or_else(|| {
            AppError::validation(vec![FieldError::new(
                "kind",
                "invalid_choice",
                "resume, diploma, id_card, certificate or other.",
            )])
        }),
    }
}
