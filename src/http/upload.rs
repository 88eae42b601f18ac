//! Reading one uploaded file (`file` field of a multipart form) with a size cap, for imports.

use crate::error::{AppError, AppResult, ErrorCode, FieldError};
use actix_multipart::Multipart;
use futures_util::StreamExt;

/// The bytes of the form's `file` field, refusing more than `max` bytes as soon as it is exceeded.
pub async fn read_file(mut payload: Multipart, max: usize) -> AppResult<Vec<u8>> {
    let mut file = None;
    while let Some(item) = payload.next().await {
        let mut field = item.map_err(|e| {
            AppError::new(
                ErrorCode::MalformedJson,
                format!("The multipart form could not be read: {e}"),
            )
        })?;
        if field.name() != Some("file") {
            let name = field.name().unwrap_or_default().to_string();
            return Err(AppError::validation(vec![FieldError::new(
                &name,
                "unknown_field",
                format!("`{name}` is not an accepted field."),
            )]));
        }
        let mut data = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk
                .map_err(|e| AppError::new(ErrorCode::MalformedJson, format!("The upload was interrupted: {e}")))?;
            if data.len() + chunk.len() > max {
                return Err(AppError::new(
                    ErrorCode::PayloadTooLarge,
                    format!("Files are limited to {} MiB.", max >> 20),
                ));
            }
            data.extend_from_slice(&chunk);
        }
        file = Some(data);
    }
    file.ok_or_else(|| AppError::validation(vec![FieldError::new("file", "required", "Attach the file as `file`.")]))
}

/// The multipart form of an import or result upload, for the API document.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct FileForm {
    /// The XLSX or CSV file.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}
