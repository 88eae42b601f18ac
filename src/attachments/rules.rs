//! The storage quota of an account, as plain functions over what it already holds.

use crate::error::{AppError, AppResult, ErrorCode};

/// How much one account may store (`JUXIAN_ATTACHMENT_QUOTA_BYTES`, `…_FILES`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quota {
    /// Bytes of all the account's attachments together.
    pub bytes: i64,
    /// Number of attachments.
    pub files: i64,
}

/// What an account holds now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Usage {
    /// Number of attachments.
    pub files: i64,
    /// Their bytes together.
    pub bytes: i64,
}

impl Usage {
    /// Usage from the sizes of the account's attachments.
    pub fn of(sizes: &[i64]) -> Self {
        Usage {
            files: sizes.len() as i64,
            bytes: sizes.iter().sum(),
        }
    }
}

fn mib(bytes: i64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

fn too_large(usage: Usage, quota: Quota, size: i64) -> AppError {
    AppError::new(
        ErrorCode::StorageQuotaExceeded,
        format!(
            "Your files take {} of {}; this file ({}) does not fit. Delete a file you no longer need first.",
            mib(usage.bytes),
            mib(quota.bytes),
            mib(size)
        ),
    )
}

/// May the account add a file of `size` bytes? A full file count answers 409, too many bytes 413.
pub fn check_upload(usage: Usage, quota: Quota, size: i64) -> AppResult<()> {
    if usage.files >= quota.files {
        return Err(AppError::new(
            ErrorCode::AttachmentLimitReached,
            format!(
                "You already keep {} files, the most allowed; delete one you no longer need first.",
                usage.files
            ),
        ));
    }
    if usage.bytes.saturating_add(size) > quota.bytes {
        return Err(too_large(usage, quota, size));
    }
    Ok(())
}

/// May one of the account's files of `old_size` bytes be replaced by `new_size` bytes?
pub fn check_replace(usage: Usage, quota: Quota, old_size: i64, new_size: i64) -> AppResult<()> {
    let without = Usage {
        files: usage.files,
        bytes: usage.bytes - old_size,
    };
    if new_size > old_size && without.bytes.saturating_add(new_size) > quota.bytes {
        return Err(too_large(without, quota, new_size));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const QUOTA: Quota = Quota { bytes: 100, files: 3 };

    fn code(r: AppResult<()>) -> Option<ErrorCode> {
        r.err().map(|e| e.code)
    }

    #[test]
    fn uploads_fit_by_count_then_by_bytes() {
        assert_eq!(code(check_upload(Usage::of(&[]), QUOTA, 100)), None);
        assert_eq!(
            code(check_upload(Usage::of(&[40, 40]), QUOTA, 20)),
            None,
            "exactly full is fine"
        );
        assert_eq!(
            code(check_upload(Usage::of(&[40, 40]), QUOTA, 21)),
            Some(ErrorCode::StorageQuotaExceeded)
        );
        assert_eq!(
            code(check_upload(Usage::of(&[1, 1, 1]), QUOTA, 1)),
            Some(ErrorCode::AttachmentLimitReached)
        );
        assert_eq!(ErrorCode::StorageQuotaExceeded.status().as_u16(), 413);
        assert_eq!(ErrorCode::AttachmentLimitReached.status().as_u16(), 409);
    }

    #[test]
    fn a_replacement_counts_only_the_difference() {
        let full = Usage::of(&[50, 50, 0]);
        assert_eq!(code(check_replace(full, QUOTA, 50, 50)), None);
        assert_eq!(code(check_replace(full, QUOTA, 50, 10)), None);
        assert_eq!(
            code(check_replace(full, QUOTA, 50, 51)),
            Some(ErrorCode::StorageQuotaExceeded)
        );
        assert_eq!(
            code(check_replace(Usage::of(&[200]), QUOTA, 200, 150)),
            None,
            "shrinking is always allowed"
        );
    }
}
