//! Written-exam scores as plain functions: reading a score as text into hundredths (never through
//! a float), checking an uploaded score sheet row by row, and ranking within a post.

use crate::error::RowError;
use crate::sheets::{self, Cell};
use std::collections::{HashMap, HashSet};

/// The highest score, in hundredths (100.00).
pub const MAX_SCORE_X100: i32 = 10_000;
/// The most rows one score file may carry.
pub const MAX_ROWS: usize = 20_000;

/// The columns of a score sheet, with the header names accepted for each (Chinese and English).
pub const COLUMNS: [(&str, &[&str]); 3] = [
    (
        "准考证号",
        &["准考证号", "考号", "exam_no", "exam number", "examnumber"],
    ),
    ("成绩", &["成绩", "笔试成绩", "分数", "score", "written_score"]),
    ("缺考", &["缺考", "是否缺考", "absent"]),
];

/// Why a score text was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScoreError {
    /// Not a number with at most two decimals.
    Format,
    /// Outside 0–100.00.
    Range,
}

/// Read a score such as `87.5`, `87.50` or `100` into hundredths (8750, 10000): digits, at most
/// two decimals, 0–100.00. Digit by digit, so 0.1 + 0.2 problems cannot arise.
pub fn parse_score(raw: &str) -> Result<i32, ScoreError> {
    let s = raw.trim();
    let (whole, frac) = match s.split_once('.') {
        Some((w, f)) => (w, f),
        None => (s, ""),
    };
    if whole.is_empty()
        || whole.len() > 3
        || frac.len() > 2
        || (s.contains('.') && frac.is_empty())
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(ScoreError::Format);
    }
    let digits = |t: &str| t.bytes().fold(0i32, |n, b| n * 10 + i32::from(b - b'0'));
    let mut hundredths = digits(frac);
    if frac.len() == 1 {
        hundredths *= 10;
    }
    let x100 = digits(whole) * 100 + hundredths;
    if x100 > MAX_SCORE_X100 {
        return Err(ScoreError::Range);
    }
    Ok(x100)
}

/// True when a score in hundredths is inside 0–100.00.
pub fn in_range(x100: i32) -> bool {
    (0..=MAX_SCORE_X100).contains(&x100)
}

/// Hundredths as text with two decimals (8750 → "87.50").
pub fn format_x100(x100: i32) -> String {
    format!("{}.{:02}", x100 / 100, x100 % 100)
}

/// Read an "absent" cell: empty, 否, N, no, 0, false are present; 是, 缺考, Y, yes, 1, true, √ are
/// absent; anything else is refused (`None`).
pub fn parse_absent(raw: &str) -> Option<bool> {
    match raw.trim().to_lowercase().as_str() {
        "" | "否" | "n" | "no" | "0" | "false" | "×" => Some(false),
        "是" | "缺考" | "y" | "yes" | "1" | "true" | "√" | "x" => Some(true),
        _ => None,
    }
}

/// Rank candidates of one post by score, highest first. Equal scores share a rank and the next
/// rank skips (87, 85, 85, 80 → 1, 2, 2, 4); the absent (`None`) are unranked. Returns one rank
/// per input, in input order.
pub fn rank(scores: &[Option<i32>]) -> Vec<Option<i32>> {
    scores
        .iter()
        .map(|s| s.map(|mine| 1 + scores.iter().filter(|o| o.is_some_and(|x| x > mine)).count() as i32))
        .collect()
}

/// One accepted row: the exam number and the score in hundredths, or `None` when absent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScoreRow {
    pub line: usize,
    pub exam_no: String,
    pub written_x100: Option<i32>,
}

fn row_error(row: usize, column: Option<&str>, code: &str, zh: &str, en: &str) -> RowError {
    RowError {
        row,
        column: column.map(Into::into),
        code: code.into(),
        message: format!("{zh} / {en}"),
    }
}

/// Check a score sheet: every row against the exam numbers of this recruitment's ticketed
/// candidates (`known`). The file is accepted only when the error list is empty.
pub fn check(cells: &[Vec<Cell>], known: &HashSet<String>) -> (Vec<ScoreRow>, Vec<RowError>) {
    let accepted: Vec<&[&str]> = COLUMNS.iter().map(|(_, names)| *names).collect();
    let found = sheets::header(cells, &accepted).filter(|(_, cols)| cols[0].is_some());
    let Some((at, cols)) = found else {
        return (
            Vec::new(),
            vec![row_error(
                1,
                None,
                "no_header",
                "找不到表头（准考证号、成绩、缺考）",
                "no header row (准考证号, 成绩, 缺考) was found",
            )],
        );
    };
    let mut errors = Vec::new();
    if cols[1].is_none() {
        errors.push(row_error(
            at + 1,
            Some("成绩"),
            "missing_column",
            "缺少“成绩”列",
            "the score column is missing",
        ));
        return (Vec::new(), errors);
    }
    let data: Vec<(usize, &Vec<Cell>)> = cells
        .iter()
        .enumerate()
        .skip(at + 1)
        .filter(|(_, r)| !r.iter().all(Cell::is_empty))
        .map(|(i, r)| (i + 1, r))
        .collect();
    if data.is_empty() {
        errors.push(row_error(
            at + 1,
            None,
            "empty",
            "表中没有数据行",
            "the file has no rows",
        ));
    }
    if data.len() > MAX_ROWS {
        errors.push(row_error(
            at + 1,
            None,
            "too_many_rows",
            &format!("一次最多导入{MAX_ROWS}行"),
            &format!("at most {MAX_ROWS} rows"),
        ));
        return (Vec::new(), errors);
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut rows = Vec::new();
    for (line, r) in data {
        let get = |i: usize| cols[i].and_then(|c| r.get(c)).map(Cell::text).unwrap_or_default();
        let before = errors.len();
        let exam_no = get(0).to_uppercase();
        if exam_no.is_empty() {
            errors.push(row_error(
                line,
                Some("准考证号"),
                "required",
                "准考证号不能为空",
                "the exam number is required",
            ));
        } else if !known.contains(&exam_no) {
            errors.push(row_error(
                line,
                Some("准考证号"),
                "unknown_reference",
                "本次招聘没有持此准考证号的考生",
                "no ticketed candidate of this recruitment has this exam number",
            ));
        } else if let Some(first) = seen.get(&exam_no) {
            errors.push(row_error(
                line,
                Some("准考证号"),
                "duplicate",
                &format!("准考证号与第{first}行重复"),
                &format!("the exam number repeats row {first}"),
            ));
        } else {
            seen.insert(exam_no.clone(), line);
        }
        let absent = match parse_absent(&get(2)) {
            Some(a) => a,
            None => {
                errors.push(row_error(
                    line,
                    Some("缺考"),
                    "invalid_value",
                    "缺考列请填“是”或留空",
                    "write 是/yes or leave it empty",
                ));
                false
            }
        };
        let score_text = get(1);
        let score = if absent {
            if !score_text.is_empty() {
                errors.push(row_error(
                    line,
                    Some("成绩"),
                    "conflict",
                    "缺考考生不能有成绩",
                    "an absent candidate has no score",
                ));
            }
            None
        } else if score_text.is_empty() {
            errors.push(row_error(
                line,
                Some("成绩"),
                "required",
                "请填写成绩或标记缺考",
                "give a score or mark the candidate absent",
            ));
            None
        } else {
            match parse_score(&score_text) {
                Ok(x) => Some(x),
                Err(ScoreError::Format) => {
                    errors.push(row_error(
                        line,
                        Some("成绩"),
                        "invalid_score",
                        "成绩须为数字，最多两位小数",
                        "a number with at most two decimals",
                    ));
                    None
                }
                Err(ScoreError::Range) => {
                    errors.push(row_error(
                        line,
                        Some("成绩"),
                        "out_of_range",
                        "成绩须在0至100.00之间",
                        "between 0 and 100.00",
                    ));
                    None
                }
            }
        };
        if errors.len() == before {
            rows.push(ScoreRow {
                line,
                exam_no,
                written_x100: score,
            });
        }
    }
    (rows, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_are_read_to_hundredths_without_floats() {
        assert_eq!(parse_score("87.5"), Ok(8750));
        assert_eq!(parse_score("87.50"), Ok(8750));
        assert_eq!(parse_score(" 100 "), Ok(10_000));
        assert_eq!(parse_score("100.00"), Ok(10_000));
        assert_eq!(parse_score("0"), Ok(0));
        assert_eq!(parse_score("0.07"), Ok(7));
        assert_eq!(parse_score("59.99"), Ok(5999));
        assert_eq!(parse_score("100.01"), Err(ScoreError::Range));
        assert_eq!(parse_score("101"), Err(ScoreError::Range));
        for bad in ["", "87.555", "-1", "87.", ".5", "8a", "1e2", "87,5", "1000"] {
            assert_eq!(parse_score(bad), Err(ScoreError::Format), "{bad}");
        }
        assert_eq!(format_x100(8750), "87.50");
        assert_eq!(format_x100(7), "0.07");
    }

    #[test]
    fn equal_scores_share_a_rank_and_the_absent_are_unranked() {
        assert_eq!(
            rank(&[Some(8000), Some(8700), None, Some(8500), Some(8500)]),
            vec![Some(4), Some(1), None, Some(2), Some(2)]
        );
        assert_eq!(rank(&[None, None]), vec![None, None]);
        assert_eq!(rank(&[Some(0), Some(0)]), vec![Some(1), Some(1)]);
        assert!(rank(&[]).is_empty());
    }

    fn t(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    #[test]
    fn a_sheet_is_checked_row_by_row() {
        let known: HashSet<String> = ["2026A01001", "2026A01002", "2026A01003"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let cells = vec![
            vec![t("笔试成绩表")],
            vec![t("准考证号"), t("成绩"), t("缺考")],
            vec![t("2026a01001"), Cell::Number(87.5), Cell::Empty],
            vec![t("2026A01002"), Cell::Empty, t("是")],
            vec![t("2026A01003"), t("90"), Cell::Empty],
        ];
        let (rows, errors) = check(&cells, &known);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(
            rows.iter()
                .map(|r| (r.line, r.exam_no.as_str(), r.written_x100))
                .collect::<Vec<_>>(),
            vec![
                (3, "2026A01001", Some(8750)),
                (4, "2026A01002", None),
                (5, "2026A01003", Some(9000))
            ]
        );
        let bad = vec![
            vec![t("准考证号"), t("成绩"), t("缺考")],
            vec![t("2026A01001"), t("87.555"), Cell::Empty],
            vec![t("2026A01001"), t("80"), Cell::Empty],
            vec![t("2026X"), t("80"), Cell::Empty],
            vec![t("2026A01002"), t("80"), t("是")],
            vec![t("2026A01003"), Cell::Empty, t("maybe")],
        ];
        let (_, errors) = check(&bad, &known);
        let codes: Vec<(usize, &str)> = errors.iter().map(|e| (e.row, e.code.as_str())).collect();
        assert_eq!(
            codes,
            vec![
                (2, "invalid_score"),
                (3, "duplicate"),
                (4, "unknown_reference"),
                (5, "conflict"),
                (6, "invalid_value"),
                (6, "required")
            ]
        );
        let (_, errors) = check(&[vec![t("姓名"), t("年龄")]], &known);
        assert_eq!(errors[0].code, "no_header");
    }
}
