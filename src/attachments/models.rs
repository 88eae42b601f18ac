//! Attachment rows and their API shapes.

use crate::db::schema::attachments;
use crate::db::to_utc;
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A row of `attachments`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = attachments)]
pub struct AttachmentRow {
    pub id: String,
    pub owner_id: String,
    pub kind: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// What a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AttachmentKind {
    Resume,
    Diploma,
    IdCard,
    Certificate,
    Other,
}

impl AttachmentKind {
    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            AttachmentKind::Resume => "resume",
            AttachmentKind::Diploma => "diploma",
            AttachmentKind::IdCard => "id_card",
            AttachmentKind::Certificate => "certificate",
            AttachmentKind::Other => "other",
        }
    }

    /// Parse a form value.
    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::Resume,
            Self::Diploma,
            Self::IdCard,
            Self::Certificate,
            Self::Other,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// An attachment as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = Attachment)]
pub struct AttachmentView {
    pub id: String,
    pub kind: AttachmentKind,
    /// A cleaned display name whose extension matches the content.
    pub file_name: String,
    /// Detected from the bytes: application/pdf, image/jpeg or image/png.
    pub content_type: String,
    pub size_bytes: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<&AttachmentRow> for AttachmentView {
    fn from(r: &AttachmentRow) -> Self {
        AttachmentView {
            id: r.id.clone(),
            kind: AttachmentKind::parse(&r.kind).unwrap_or(AttachmentKind::Other),
            file_name: r.file_name.clone(),
            content_type: r.content_type.clone(),
            size_bytes: r.size_bytes,
            created_at: to_utc(r.created_at),
            updated_at: to_utc(r.updated_at),
        }
    }
}

/// The multipart form of an upload (documentation only; parsed by hand to enforce the size cap).
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct UploadForm {
    /// resume, diploma, id_card, certificate or other (not needed when replacing).
    kind: Option<AttachmentKind>,
    /// PDF, JPEG or PNG, at most 10 MiB.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}
