//! The annual summary (年度工作总结, talent section): a template of Chinese sentences with figure
//! placeholders such as `{fairs.enterprises}`, filled in from the year's figures.
//!
//! The template is line-based: `# ` is the title, `## ` a section heading, any other line one
//! sentence; lines without a blank line between them form one paragraph. A sentence is cut into
//! clauses at `，` and `；`: a clause whose figure is zero (or that this portal does not count yet)
//! is left out, and so is a sentence with none of its figures left, so the text never says
//! "0人". A heading whose sentences all went is left out too.

use crate::error::FieldError;
use crate::reports::labels;
use crate::reports::models::Figure;
use crate::reports::models::Unit;
use crate::reports::numbers::{self, CountStyle, MoneyStyle};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// The template shipped with the portal, used until the administrator saves another.
pub const DEFAULT_TEMPLATE: &str = include_str!("../../templates/reports/annual_summary/zh-CN.md");

/// Placeholders that are not figures.
pub const META_KEYS: [&str; 3] = ["county", "department", "year"];

/// Longest template accepted (characters).
pub const MAX_TEMPLATE_CHARS: usize = 20_000;

crate::stored_enum! {
    /// What a block of the summary is.
    pub enum BlockKind {
        /// The document's title.
        Title,
        /// A section heading.
        Heading,
        /// A paragraph of sentences.
        Paragraph,
    }
}

/// One block of the written summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SummaryBlock {
    pub kind: BlockKind,
    pub text: String,
}

/// The values the text is written from.
#[derive(Debug, Clone)]
pub struct Filling<'a> {
    pub year: i32,
    pub county: &'a str,
    pub department: &'a str,
    pub figures: &'a BTreeMap<String, Figure>,
    pub count_style: CountStyle,
    pub money_style: MoneyStyle,
}

/// The placeholders of one text, in order; an unclosed `{` is an error (its byte offset).
fn placeholders(text: &str) -> Result<Vec<(usize, usize, &str)>, usize> {
    let mut found = Vec::new();
    let mut rest = 0;
    while let Some(open) = text[rest..].find('{').map(|i| i + rest) {
        let close = text[open..].find('}').map(|i| i + open).ok_or(open)?;
        found.push((open, close + 1, text[open + 1..close].trim()));
        rest = close + 1;
    }
    Ok(found)
}

/// Check a template: every placeholder must be a known figure or one of [`META_KEYS`]; the
/// errors name the line and list the known placeholders.
pub fn validate(field: &str, template: &str) -> Result<(), Vec<FieldError>> {
    if template.chars().count() > MAX_TEMPLATE_CHARS {
        return Err(vec![FieldError::new(
            field,
            "too_long",
            format!("At most {MAX_TEMPLATE_CHARS} characters."),
        )]);
    }
    if template
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(vec![FieldError::new(
            field,
            "invalid_value",
            "Control characters are not allowed.",
        )]);
    }
    let known = labels::known_keys();
    let mut errors = Vec::new();
    for (n, line) in template.lines().enumerate() {
        match placeholders(line) {
            Err(_) => errors.push(FieldError::new(
                field,
                "invalid_value",
                format!("Line {}: a placeholder opened with {{ is not closed with }}.", n + 1),
            )),
            Ok(found) => {
                for (_, _, key) in found {
                    if !META_KEYS.contains(&key) && !known.iter().any(|k| k == key) {
                        errors.push(FieldError::new(
                            field,
                            "unknown_placeholder",
                            format!(
                                "Line {}: {{{key}}} is not a known placeholder. Known: {{{}}}, {{{}}}.",
                                n + 1,
                                META_KEYS.join("}, {"),
                                known.join("}, {")
                            ),
                        ))
                    }
                }
            }
        }
    }
    if template.lines().all(|l| l.trim().is_empty()) {
        errors.push(FieldError::new(field, "required", "The template is empty."));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// The text of one placeholder, or none when it is a figure that is zero or not counted.
fn value(key: &str, f: &Filling) -> Option<String> {
    match key {
        "county" => return Some(f.county.to_string()),
        "department" => return Some(f.department.to_string()),
        "year" => return Some(f.year.to_string()),
        _ => {}
    }
    let figure = f.figures.get(key)?;
    if figure.value == 0 {
        return None;
    }
    Some(match figure.unit {
        Unit::Fen => numbers::money(crate::money::Fen(figure.value), f.money_style),
        _ => numbers::count(figure.value, f.count_style),
    })
}

/// One sentence filled in; none when none of its figures is left.
fn sentence(line: &str, f: &Filling) -> Option<String> {
    let (body, end) = match line.strip_suffix('。') {
        Some(body) => (body, "。"),
        None => (line, ""),
    };
    // Clauses with the separator that came before each.
    let mut clauses: Vec<(&str, &str)> = Vec::new();
    let mut start = 0;
    let mut sep = "";
    for (i, c) in body.char_indices() {
        if c == '，' || c == '；' {
            clauses.push((sep, &body[start..i]));
            sep = &body[i..i + c.len_utf8()];
            start = i + c.len_utf8();
        }
    }
    clauses.push((sep, &body[start..]));
    let mut out = String::new();
    let mut had_figures = false;
    let mut kept_figures = false;
    for (sep, clause) in clauses {
        let found = placeholders(clause).unwrap_or_default();
        let figures = found.iter().filter(|(_, _, k)| !META_KEYS.contains(k)).count();
        let mut text = String::new();
        let mut last = 0;
        let mut complete = true;
        for (open, close, key) in &found {
            text.push_str(&clause[last..*open]);
            match value(key, f) {
                Some(v) => text.push_str(&v),
                None => complete = false,
            }
            last = *close;
        }
        text.push_str(&clause[last..]);
        had_figures |= figures > 0;
        if !complete {
            continue;
        }
        kept_figures |= figures > 0;
        if !out.is_empty() {
            out.push_str(sep);
        }
        out.push_str(&text);
    }
    if (had_figures && !kept_figures) || out.trim().is_empty() {
        return None;
    }
    Some(format!("{out}{end}"))
}

/// Whether a line names any figure (not only county, department or year).
fn names_figures(line: &str) -> bool {
    placeholders(line)
        .unwrap_or_default()
        .iter()
        .any(|(_, _, k)| !META_KEYS.contains(k))
}

/// The summary written from `template` (validated before it was stored).
pub fn render(template: &str, f: &Filling) -> Vec<SummaryBlock> {
    // Each block with whether it carries figures: a heading is kept only when a paragraph with
    // figures follows it, so a closing line such as the department's name keeps no section alive.
    let mut blocks: Vec<(SummaryBlock, bool)> = Vec::new();
    let mut paragraph = (String::new(), false);
    let flush = |paragraph: &mut (String, bool), blocks: &mut Vec<(SummaryBlock, bool)>| {
        if !paragraph.0.is_empty() {
            let (text, figures) = std::mem::take(paragraph);
            blocks.push((
                SummaryBlock {
                    kind: BlockKind::Paragraph,
                    text,
                },
                figures,
            ));
        }
    };
    for line in template.lines().map(str::trim) {
        if line.is_empty() {
            flush(&mut paragraph, &mut blocks);
        } else if let Some(title) = line.strip_prefix("# ") {
            flush(&mut paragraph, &mut blocks);
            if let Some(text) = sentence(title.trim(), f) {
                blocks.push((
                    SummaryBlock {
                        kind: BlockKind::Title,
                        text,
                    },
                    false,
                ));
            }
        } else if let Some(heading) = line.strip_prefix("## ") {
            flush(&mut paragraph, &mut blocks);
            if let Some(text) = sentence(heading.trim(), f) {
                blocks.push((
                    SummaryBlock {
                        kind: BlockKind::Heading,
                        text,
                    },
                    false,
                ));
            }
        } else if let Some(text) = sentence(line, f) {
            paragraph.0.push_str(&text);
            paragraph.1 |= names_figures(line);
        }
    }
    flush(&mut paragraph, &mut blocks);
    let mut kept: Vec<SummaryBlock> = Vec::with_capacity(blocks.len());
    for (i, (b, _)) in blocks.iter().enumerate() {
        let said = blocks[i + 1..]
            .iter()
            .take_while(|(next, _)| next.kind == BlockKind::Paragraph)
            .any(|(_, figures)| *figures);
        if b.kind != BlockKind::Heading || said {
            kept.push(b.clone());
        }
    }
    kept
}

/// The summary as Markdown.
pub fn markdown(blocks: &[SummaryBlock]) -> String {
    let mut out = String::new();
    for b in blocks {
        match b.kind {
            BlockKind::Title => out.push_str(&format!("# {}\n\n", b.text)),
            BlockKind::Heading => out.push_str(&format!("## {}\n\n", b.text)),
            BlockKind::Paragraph => out.push_str(&format!("{}\n\n", b.text)),
        }
    }
    out
}

/// The summary as a Word document in the usual official style: 小标宋 title, 黑体 headings, 仿宋
/// body in 三号 with a two-character first-line indent.
pub fn docx(blocks: &[SummaryBlock]) -> Result<Vec<u8>, crate::error::AppError> {
    use docx_rs::{AlignmentType, Docx, Paragraph, Run, RunFonts, SpecialIndentType};
    let run = |text: &str, font: &str, size: usize| {
        Run::new()
            .add_text(text)
            .size(size)
            .fonts(RunFonts::new().east_asia(font).ascii("Times New Roman"))
    };
    let mut doc = Docx::new();
    for b in blocks {
        let p = match b.kind {
            BlockKind::Title => Paragraph::new()
                .add_run(run(&b.text, "方正小标宋简体", 44))
                .align(AlignmentType::Center),
            BlockKind::Heading => Paragraph::new().add_run(run(&b.text, "黑体", 32)).indent(
                None,
                Some(SpecialIndentType::FirstLine(640)),
                None,
                None,
            ),
            BlockKind::Paragraph => Paragraph::new().add_run(run(&b.text, "仿宋_GB2312", 32)).indent(
                None,
                Some(SpecialIndentType::FirstLine(640)),
                None,
                None,
            ),
        };
        doc = doc.add_paragraph(p);
    }
    let mut out = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut out).map_err(crate::error::AppError::internal)?;
    Ok(out.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(values: &[(&str, i64, Unit)]) -> BTreeMap<String, Figure> {
        values
            .iter()
            .map(|(k, v, unit)| {
                (
                    (*k).to_string(),
                    Figure {
                        value: *v,
                        unit: *unit,
                        label_zh: String::new(),
                        label_en: String::new(),
                    },
                )
            })
            .collect()
    }

    fn fill(figures: &BTreeMap<String, Figure>) -> Filling<'_> {
        Filling {
            year: 2026,
            county: "青川县",
            department: "县委人才办",
            figures,
            count_style: CountStyle::MoreThan,
            money_style: MoneyStyle::Wan,
        }
    }

    #[test]
    fn zero_clauses_and_empty_sections_are_left_out() {
        let f = figures(&[
            ("fairs.held", 3, Unit::Fair),
            ("fairs.enterprises", 237, Unit::Enterprise),
            ("fairs.intents", 0, Unit::Person),
            ("subsidies.awarded", 0, Unit::Person),
            ("subsidies.paid_fen", 0, Unit::Fen),
            ("allowances.batches", 5, Unit::Batch),
            ("allowances.paid_fen", 1_268_400, Unit::Fen),
        ]);
        let template = "# {county}{year}年度人才工作总结\n\n## 一、招引\n举办招聘会{fairs.held}场，{fairs.enterprises}家企业参会，{fairs.intents}人达成意向。\n\n## 二、补贴\n为{subsidies.awarded}名人才兑现补贴{subsidies.paid_fen}。\n\n## 三、补助\n分{allowances.batches}批次发放{allowances.paid_fen}。\n\n{department}\n";
        let blocks = render(template, &fill(&f));
        let texts: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "青川县2026年度人才工作总结",
                "一、招引",
                "举办招聘会3场，230余家企业参会。",
                "三、补助",
                "分5批次发放1.26万余元。",
                "县委人才办",
            ]
        );
        assert!(markdown(&blocks).starts_with("# 青川县2026年度人才工作总结\n\n## 一、招引\n\n"));
    }

    #[test]
    fn figures_not_counted_yet_are_absent_not_zero() {
        let f = figures(&[("fairs.held", 2, Unit::Fair)]);
        let blocks = render(
            "招引事业单位人才{recruitment.hired}人；举办招聘会{fairs.held}场。",
            &fill(&f),
        );
        assert_eq!(blocks[0].text, "举办招聘会2场。");
    }

    #[test]
    fn unknown_and_unclosed_placeholders_are_refused() {
        assert!(validate("t", DEFAULT_TEMPLATE).is_ok());
        let errors = validate("t", "共{fairs.held}场，{fairs.nonsense}人").unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].code, "unknown_placeholder");
        assert!(
            errors[0].message.contains("{fairs.enterprises}"),
            "lists the known ones"
        );
        assert_eq!(validate("t", "共{fairs.held场").unwrap_err()[0].code, "invalid_value");
        assert_eq!(validate("t", "  \n").unwrap_err()[0].code, "required");
    }

    #[test]
    fn the_docx_reads_back() {
        let blocks = vec![
            SummaryBlock {
                kind: BlockKind::Title,
                text: "总结".into(),
            },
            SummaryBlock {
                kind: BlockKind::Paragraph,
                text: "举办招聘会3场。".into(),
            },
        ];
        let bytes = docx(&blocks).unwrap();
        let doc = docx_rs::read_docx(&bytes).unwrap();
        let text: Vec<String> = doc
            .document
            .children
            .iter()
            .filter_map(|c| match c {
                docx_rs::DocumentChild::Paragraph(p) => Some(p.raw_text()),
                _ => None,
            })
            .collect();
        assert_eq!(text, vec!["总结".to_string(), "举办招聘会3场。".to_string()]);
    }
}
