//! Roster rules: the batch machine, the period, and checking every cell of an uploaded roster.
//! The whole file is checked before anything is stored; every bad cell is reported.

use crate::error::{FieldError, RowError};
use crate::money::Fen;
use crate::rosters::models::{RosterAction as A, RosterStatus as S};
use crate::sheets::{self, Cell};
use crate::subsidies::models::AmountRule;
use crate::talents::id_number::{self, IdNumber};
use crate::transitions::{Machine, Move};
use chrono::NaiveDate;

/// The most rows one roster file may carry.
pub const MAX_ROWS: usize = 20_000;

/// Roster lifecycle.
pub const ROSTER: Machine<S, A> = Machine {
    entity: "roster batch",
    moves: &[
        Move {
            action: A::Import,
            from: &[S::Draft],
            to: S::Draft,
        },
        Move {
            action: A::Submit,
            from: &[S::Draft],
            to: S::Submitted,
        },
        Move {
            action: A::Approve,
            from: &[S::Submitted],
            to: S::Approved,
        },
        Move {
            action: A::Reject,
            from: &[S::Submitted],
            to: S::Draft,
        },
        Move {
            action: A::Settle,
            from: &[S::Approved],
            to: S::Paid,
        },
    ],
};

/// The columns of a roster, with the header names accepted for each (Chinese and English).
pub const COLUMNS: [(&str, &[&str]); 8] = [
    ("姓名", &["姓名", "name", "full_name"]),
    (
        "身份证号",
        &["身份证号", "身份证号码", "公民身份号码", "id_number", "id"],
    ),
    ("工作单位", &["工作单位", "单位", "employer", "hospital"]),
    ("岗位", &["岗位", "职务", "role", "position"]),
    (
        "金额（元）",
        &["金额（元）", "金额(元)", "金额", "amount", "amount_yuan"],
    ),
    ("开户银行", &["开户银行", "开户行", "bank", "bank_name"]),
    ("银行账号", &["银行账号", "银行卡号", "账号", "bank_account", "account"]),
    ("备注", &["备注", "note", "remark"]),
];

/// Check a period: `YYYY-MM` or `YYYY-MM~YYYY-MM` (start not after end); returns its first year.
pub fn period(raw: &str) -> Result<(String, i32), FieldError> {
    let bad = || {
        FieldError::new(
            "period",
            "invalid_value",
            "A month such as 2020-02, or a range such as 2020-01~2020-03.",
        )
    };
    let month = |s: &str| NaiveDate::parse_from_str(&format!("{}-01", s.trim()), "%Y-%m-%d").ok();
    let text = raw.trim().replace(['～', '至'], "~");
    let (from, to) = match text.split_once('~') {
        Some((a, b)) => (month(a).ok_or_else(bad)?, month(b).ok_or_else(bad)?),
        None => {
            let m = month(&text).ok_or_else(bad)?;
            (m, m)
        }
    };
    if from > to {
        return Err(bad());
    }
    use chrono::Datelike;
    let norm = if from == to {
        from.format("%Y-%m").to_string()
    } else {
        format!("{}~{}", from.format("%Y-%m"), to.format("%Y-%m"))
    };
    Ok((norm, from.year()))
}

/// One valid roster row.
#[derive(Debug, Clone)]
pub struct ValidRow {
    /// 1-based row in the file.
    pub row: usize,
    pub name: String,
    pub id: IdNumber,
    pub employer: String,
    pub role: String,
    pub amount: Fen,
    pub bank: String,
    pub account: String,
    pub note: Option<String>,
}

/// The header found in a file and the rows under it, as text, for the annotated workbook.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Sheet {
    pub header: Vec<String>,
    pub rows: Vec<(usize, Vec<String>)>,
}

/// True when the digits pass the Luhn check most bank cards use.
pub fn luhn(digits: &str) -> bool {
    let mut sum = 0;
    for (i, c) in digits.chars().rev().enumerate() {
        let Some(mut d) = c.to_digit(10) else { return false };
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    sum % 10 == 0
}

fn row_error(row: usize, column: &str, code: &str, zh: &str, en: &str) -> RowError {
    RowError {
        row,
        column: Some(column.into()),
        code: code.into(),
        message: format!("{zh} / {en}"),
    }
}

/// Check a roster: every cell of every row. Returns the valid rows, the errors, the warnings
/// (Luhn), and the sheet as text; the file is accepted only when there is no error.
pub fn check(
    cells: &[Vec<Cell>],
    rule: AmountRule,
    amount: Fen,
    today: NaiveDate,
) -> (Vec<ValidRow>, Vec<RowError>, Vec<RowError>, Sheet) {
    let accepted: Vec<&[&str]> = COLUMNS.iter().map(|(_, names)| *names).collect();
    let Some((at, cols)) = sheets::header(cells, &accepted) else {
        let e = RowError {
            row: 1,
            column: None,
            code: "no_header".into(),
            message: "找不到表头（姓名、身份证号、金额（元）…）/ no header row (姓名, 身份证号, 金额（元）…) was found"
                .into(),
        };
        return (Vec::new(), vec![e], Vec::new(), Sheet::default());
    };
    let mut errors = Vec::new();
    for (i, (name, _)) in COLUMNS.iter().enumerate().take(7) {
        if cols[i].is_none() {
            errors.push(row_error(
                at + 1,
                name,
                "missing_column",
                &format!("缺少“{name}”列"),
                "a required column is missing",
            ));
        }
    }
    let sheet = Sheet {
        header: cells[at].iter().map(Cell::text).collect(),
        rows: cells
            .iter()
            .enumerate()
            .skip(at + 1)
            .filter(|(_, r)| !r.iter().all(Cell::is_empty))
            .map(|(i, r)| (i + 1, r.iter().map(Cell::text).collect()))
            .collect(),
    };
    if !errors.is_empty() {
        return (Vec::new(), errors, Vec::new(), sheet);
    }
    let col = |i: usize| cols[i].unwrap_or(usize::MAX);
    let mut valid = Vec::new();
    let mut warnings = Vec::new();
    let mut seen: Vec<(String, usize)> = Vec::new();
    let data: Vec<(usize, &Vec<Cell>)> = cells
        .iter()
        .enumerate()
        .skip(at + 1)
        .filter(|(_, r)| !r.iter().all(Cell::is_empty))
        .map(|(i, r)| (i + 1, r))
        .collect();
    if data.is_empty() {
        errors.push(RowError {
            row: at + 1,
            column: None,
            code: "empty".into(),
            message: "表中没有数据行 / the file has no rows".into(),
        });
    }
    if data.len() > MAX_ROWS {
        errors.push(RowError {
            row: at + 1,
            column: None,
            code: "too_many_rows".into(),
            message: format!("一次最多导入{MAX_ROWS}行 / at most {MAX_ROWS} rows"),
        });
        return (Vec::new(), errors, Vec::new(), sheet);
    }
    for (line, r) in data {
        let get = |i: usize| r.get(col(i)).cloned().unwrap_or(Cell::Empty);
        let before = errors.len();
        let name = get(0).text();
        if name.is_empty() || name.chars().count() > 50 {
            errors.push(row_error(
                line,
                "姓名",
                "required",
                "姓名不能为空（最多50字）",
                "name is required (at most 50 characters)",
            ));
        }
        let id = match get(1) {
            Cell::Number(_) => {
                errors.push(row_error(line, "身份证号", "number_cell", "身份证号被存成了数字，末位已丢失；请把该列设为“文本”格式后重新填写", "the ID number is stored as a number and has lost digits; format the column as text and type it again"));
                None
            }
            c => match id_number::parse(&c.text(), today) {
                Ok(id) => Some(id),
                Err(_) => {
                    errors.push(row_error(
                        line,
                        "身份证号",
                        "invalid_id_number",
                        "身份证号不正确（18位，校验位须正确）",
                        "not a valid resident ID number (GB 11643)",
                    ));
                    None
                }
            },
        };
        let amount_cell = get(4).text();
        let fen = match Fen::parse_yuan(&amount_cell) {
            Ok(f) if f.get() > 0 => match rule {
                AmountRule::UpTo if f > amount => {
                    errors.push(row_error(
                        line,
                        "金额（元）",
                        "over_cap",
                        &format!("金额超过政策上限{amount}元"),
                        "the amount is above the policy's cap",
                    ));
                    None
                }
                AmountRule::Fixed if f != amount => {
                    errors.push(row_error(
                        line,
                        "金额（元）",
                        "not_fixed_amount",
                        &format!("本政策为定额{amount}元"),
                        "this policy pays a fixed amount",
                    ));
                    None
                }
                _ => Some(f),
            },
            Ok(_) | Err(crate::money::YuanError::NotANumber) | Err(crate::money::YuanError::TooLarge) => {
                errors.push(row_error(
                    line,
                    "金额（元）",
                    "invalid_amount",
                    "金额须为正数（元）",
                    "the amount must be a positive number of yuan",
                ));
                None
            }
            Err(crate::money::YuanError::TooPrecise) => {
                errors.push(row_error(
                    line,
                    "金额（元）",
                    "too_precise",
                    "金额最多两位小数",
                    "at most two decimals",
                ));
                None
            }
        };
        let bank = get(5).text();
        if bank.is_empty() {
            errors.push(row_error(
                line,
                "开户银行",
                "required",
                "开户银行不能为空",
                "the bank is required",
            ));
        }
        let account = match get(6) {
            Cell::Number(_) => {
                errors.push(row_error(
                    line,
                    "银行账号",
                    "number_cell",
                    "银行账号被存成了数字，末位已丢失；请把该列设为“文本”格式后重新填写",
                    "the account is stored as a number and has lost digits; format the column as text",
                ));
                None
            }
            c => {
                let digits: String = c
                    .text()
                    .chars()
                    .filter(|ch| !ch.is_whitespace() && *ch != '-')
                    .collect();
                if (12..=30).contains(&digits.len()) && digits.chars().all(|ch| ch.is_ascii_digit()) {
                    Some(digits)
                } else {
                    errors.push(row_error(
                        line,
                        "银行账号",
                        "invalid_account",
                        "银行账号须为12至30位数字",
                        "a bank account has 12 to 30 digits",
                    ));
                    None
                }
            }
        };
        if let Some(id) = &id {
            if let Some((_, first)) = seen.iter().find(|(n, _)| *n == id.normalized) {
                errors.push(row_error(
                    line,
                    "身份证号",
                    "duplicate_in_file",
                    &format!("与第{first}行是同一人"),
                    "the same person is listed twice in this file",
                ));
            } else {
                seen.push((id.normalized.clone(), line));
            }
        }
        if errors.len() > before {
            continue;
        }
        let (Some(id), Some(amount), Some(account)) = (id, fen, account) else {
            continue;
        };
        if !luhn(&account) {
            warnings.push(row_error(
                line,
                "银行账号",
                "luhn",
                "银行账号校验位不符，请核对",
                "the account fails the card check digit; please check it",
            ));
        }
        let note = get(7).text();
        valid.push(ValidRow {
            row: line,
            name,
            id,
            employer: get(2).text(),
            role: get(3).text(),
            amount,
            bank,
            account,
            note: (!note.is_empty()).then_some(note),
        });
    }
    (valid, errors, warnings, sheet)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(seq: u32) -> String {
        let body = format!("43062319850101{:03}", seq);
        const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        let sum: u32 = body.chars().zip(W).map(|(c, w)| c.to_digit(10).unwrap() * w).sum();
        format!("{body}{}", b"10X98765432"[(sum % 11) as usize] as char)
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
    }

    #[test]
    fn periods_are_months_or_ranges() {
        assert_eq!(period("2020-02"), Ok(("2020-02".into(), 2020)));
        assert_eq!(period(" 2020-01 ～ 2020-03 "), Ok(("2020-01~2020-03".into(), 2020)));
        assert!(period("2020-13").is_err());
        assert!(period("2020-03~2020-01").is_err());
        assert!(period("二月").is_err());
    }

    #[test]
    fn every_bad_cell_is_reported_and_a_title_row_is_allowed() {
        let t = |s: &str| Cell::Text(s.into());
        let header: Vec<Cell> = [
            "姓名",
            "身份证号",
            "工作单位",
            "岗位",
            "金额（元）",
            "开户银行",
            "银行账号",
            "备注",
        ]
        .iter()
        .map(|s| t(s))
        .collect();
        let good = |n: u32| {
            vec![
                t("王医生"),
                t(&id(n)),
                t("县人民医院"),
                t("医生"),
                t("1500.00"),
                t("中国银行"),
                t("6228480402564890018"),
                Cell::Empty,
            ]
        };
        let mut numeric = good(3);
        numeric[1] = Cell::Number(4.306231985e17);
        let mut bad_amount = good(4);
        bad_amount[4] = t("12.345");
        let mut capped = good(5);
        capped[4] = t("3000");
        let rows = vec![
            vec![t("2020年第1批一线医务人员临时工作补助")],
            header,
            good(1),
            good(2),
            numeric,
            bad_amount,
            capped,
            good(1),
        ];
        let (valid, errors, _, sheet) = check(&rows, AmountRule::UpTo, Fen(200_000), today());
        assert_eq!(valid.len(), 2);
        let got: Vec<(usize, &str)> = errors.iter().map(|e| (e.row, e.code.as_str())).collect();
        assert_eq!(
            got,
            [
                (5, "number_cell"),
                (6, "too_precise"),
                (7, "over_cap"),
                (8, "duplicate_in_file")
            ]
        );
        assert_eq!(sheet.header[0], "姓名");
        assert_eq!(sheet.rows.len(), 6);
    }

    #[test]
    fn luhn_is_a_warning_and_english_headers_work() {
        let t = |s: &str| Cell::Text(s.into());
        let header: Vec<Cell> = [
            "name",
            "id_number",
            "employer",
            "role",
            "amount",
            "bank",
            "bank_account",
        ]
        .iter()
        .map(|s| t(s))
        .collect();
        let row = vec![
            t("Li"),
            t(&id(9)),
            t("Clinic"),
            t("Nurse"),
            t("800"),
            t("ICBC"),
            t("622848040256489001"),
        ];
        let (valid, errors, warnings, _) = check(&[header, row], AmountRule::Fixed, Fen(80_000), today());
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!((valid.len(), warnings.len()), (1, 1));
        assert!(luhn("6228480402564890018"));
    }
}
