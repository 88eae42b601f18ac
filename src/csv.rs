//! CSV files people open in Excel: UTF-8 with a byte-order mark, CRLF lines, quoted where needed,
//! and cells that would start a formula neutralised.

/// Quote one field when needed; a leading `=`, `+`, `-` or `@` gets an apostrophe so that a
/// spreadsheet never runs it as a formula.
pub fn field(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// One CSV line (CRLF-terminated).
pub fn line<S: AsRef<str>>(fields: &[S]) -> String {
    let mut out = fields.iter().map(|f| field(f.as_ref())).collect::<Vec<_>>().join(",");
    out.push_str("\r\n");
    out
}

/// The byte-order mark and the header line.
pub fn head<S: AsRef<str>>(headers: &[S]) -> String {
    format!("\u{feff}{}", line(headers))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_and_formula_neutralising() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(line(&["a", "b"]), "a,b\r\n");
        assert!(head(&["姓名"]).starts_with('\u{feff}'));
    }
}
