//! Recognise a file by its first bytes, never by its name, and make a harmless display name.

/// File types we accept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileType {
    /// `%PDF-`
    Pdf,
    /// `FF D8 FF`
    Jpeg,
    /// The 8-byte PNG signature.
    Png,
}

impl FileType {
    /// MIME type served on download.
    pub fn mime(self) -> &'static str {
        match self {
            FileType::Pdf => "application/pdf",
            FileType::Jpeg => "image/jpeg",
            FileType::Png => "image/png",
        }
    }

    /// File name extension matching the content.
    pub fn extension(self) -> &'static str {
        match self {
            FileType::Pdf => "pdf",
            FileType::Jpeg => "jpg",
            FileType::Png => "png",
        }
    }
}

/// What the bytes are, if we accept them.
pub fn sniff(bytes: &[u8]) -> Option<FileType> {
    if bytes.starts_with(b"%PDF-") {
        Some(FileType::Pdf)
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(FileType::Jpeg)
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1A, b'\n']) {
        Some(FileType::Png)
    } else {
        None
    }
}

/// A display name: the last path component of what the client sent, without control or
/// path characters, at most 80 characters, with the extension that matches the content.
pub fn display_name(uploaded: Option<&str>, kind: FileType) -> String {
    let raw = uploaded.unwrap_or_default();
    let last = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '<' | '>' | ':' | '|' | '?' | '*'))
        .collect();
    let stem = match cleaned.rsplit_once('.') {
        Some((stem, _)) => stem.to_string(),
        None => cleaned,
    };
    let stem: String = stem.trim().trim_start_matches('.').chars().take(80).collect();
    let stem = if stem.trim().is_empty() {
        "attachment".to_string()
    } else {
        stem
    };
    format!("{stem}.{}", kind.extension())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_bytes_not_names() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Some(FileType::Pdf));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some(FileType::Jpeg));
        assert_eq!(
            sniff(&[0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1A, b'\n', 0]),
            Some(FileType::Png)
        );
        assert_eq!(sniff(b"MZ\x90\x00 executable"), None);
        assert_eq!(sniff(b"\x7fELF"), None);
        assert_eq!(sniff(b""), None);
    }

    #[test]
    fn harmless_names() {
        assert_eq!(display_name(Some("../../etc/passwd"), FileType::Pdf), "passwd.pdf");
        assert_eq!(display_name(Some("C:\\Users\\x\\简历.PDF"), FileType::Pdf), "简历.pdf");
        assert_eq!(display_name(Some("scan.pdf"), FileType::Png), "scan.png");
        assert_eq!(
            display_name(Some("<script>alert(1)</script>.pdf"), FileType::Pdf),
            "script.pdf"
        );
        assert_eq!(display_name(Some(".."), FileType::Jpeg), "attachment.jpg");
        assert_eq!(display_name(None, FileType::Jpeg), "attachment.jpg");
    }
}
