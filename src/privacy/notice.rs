//! The privacy notice shown at registration: text files with one version for both languages
//! (`templates/privacy/`), embedded in the binary. A new text gets a new `VERSION`, so what each
//! person consented to stays known.

use crate::accounts::models::Locale;

const VERSION: &str = include_str!("../../templates/privacy/VERSION");
const ZH_CN: &str = include_str!("../../templates/privacy/zh-CN.md");
const EN: &str = include_str!("../../templates/privacy/en.md");

/// The version of the notice in force.
pub fn version() -> &'static str {
    VERSION.trim()
}

/// The notice's text (Markdown) in `locale`.
pub fn text(locale: Locale) -> &'static str {
    match locale {
        Locale::ZhCn => ZH_CN,
        Locale::En => EN,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_notice_has_a_version_and_a_text_in_both_languages() {
        assert!(!version().is_empty() && !version().contains(char::is_whitespace));
        assert!(text(Locale::ZhCn).contains("个人信息保护法"));
        assert!(text(Locale::En).contains("Personal Information Protection Law"));
    }
}
