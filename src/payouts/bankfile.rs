//! The bank transfer file (代发文件) of a batch: XLSX with the account column as text, or CSV/TXT
//! in GBK as Chinese bank portals take them, with the row count and total in a footer line.
//! The 备注 column is the payout's unique reference, which the bank's result file quotes back.

use crate::error::{AppError, AppResult, ErrorCode};
use crate::money::Fen;
use rust_xlsxwriter::{Format, Workbook};

/// One transfer.
#[derive(Debug, Clone)]
pub struct Line {
    pub account: String,
    pub name: String,
    pub bank: String,
    pub amount: Fen,
    pub purpose: String,
    pub reference: String,
}

/// The file formats banks take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BankFormat {
    /// Excel workbook.
    Xlsx,
    /// Comma-separated, GBK.
    Csv,
    /// `|`-separated text, GBK.
    Txt,
}

impl BankFormat {
    /// Parse the `format` query value (default xlsx).
    pub fn parse(s: Option<&str>) -> AppResult<Self> {
        match s.unwrap_or("xlsx") {
            "xlsx" => Ok(BankFormat::Xlsx),
            "csv" => Ok(BankFormat::Csv),
            "txt" => Ok(BankFormat::Txt),
            _ => Err(AppError::validation(vec![crate::error::FieldError::new(
                "format",
                "invalid_choice",
                "xlsx, csv or txt.",
            )])),
        }
    }

    /// Content type and file extension.
    pub fn media(self) -> (&'static str, &'static str) {
        match self {
            BankFormat::Xlsx => (
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "xlsx",
            ),
            BankFormat::Csv => ("text/csv; charset=GBK", "csv"),
            BankFormat::Txt => ("text/plain; charset=GBK", "txt"),
        }
    }
}

/// The column headers, in order.
pub const HEADERS: [&str; 7] = [
    "序号",
    "收款人账号",
    "收款人户名",
    "开户银行",
    "金额（元）",
    "用途",
    "备注",
];

/// Build the file of a batch.
pub fn build(format: BankFormat, batch_no: &str, lines: &[Line]) -> AppResult<Vec<u8>> {
    let total: Fen = lines.iter().map(|l| l.amount).sum();
    match format {
        BankFormat::Xlsx => xlsx(batch_no, lines, total),
        BankFormat::Csv => gbk(&delimited(lines, total, ',', batch_no)),
        BankFormat::Txt => gbk(&delimited(lines, total, '|', batch_no)),
    }
}

fn xlsx(batch_no: &str, lines: &[Line], total: Fen) -> AppResult<Vec<u8>> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let text = Format::new().set_num_format("@");
    let bold = Format::new().set_bold();
    let err = |e: rust_xlsxwriter::XlsxError| AppError::internal(format!("xlsx: {e}"));
    sheet.set_name("代发").map_err(err)?;
    for (c, h) in HEADERS.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *h, &bold).map_err(err)?;
    }
    sheet.set_column_format(1, &text).map_err(err)?;
    sheet.set_column_width(1, 24).map_err(err)?;
    sheet.set_column_width(6, 20).map_err(err)?;
    for (i, l) in lines.iter().enumerate() {
        let r = (i + 1) as u32;
        sheet.write_number(r, 0, (i + 1) as f64).map_err(err)?;
        // The account is text: as a number Excel would round it to 15 digits.
        sheet.write_string_with_format(r, 1, &l.account, &text).map_err(err)?;
        sheet.write_string(r, 2, &l.name).map_err(err)?;
        sheet.write_string(r, 3, &l.bank).map_err(err)?;
        sheet
            .write_string_with_format(r, 4, l.amount.to_string(), &text)
            .map_err(err)?;
        sheet.write_string(r, 5, &l.purpose).map_err(err)?;
        sheet.write_string(r, 6, &l.reference).map_err(err)?;
    }
    let foot = (lines.len() + 1) as u32;
    sheet.write_string_with_format(foot, 0, "合计", &bold).map_err(err)?;
    sheet.write_string(foot, 2, format!("{}笔", lines.len())).map_err(err)?;
    sheet
        .write_string_with_format(foot, 4, total.to_string(), &text)
        .map_err(err)?;
    sheet.write_string(foot, 6, batch_no).map_err(err)?;
    book.save_to_buffer().map_err(err)
}

fn clean(s: &str, sep: char) -> String {
    // A separator, quote or line break inside a field would shift the bank's columns.
    s.chars()
        .map(|c| {
            if c == sep || c == '"' || c == '\r' || c == '\n' {
                ' '
            } else {
                c
            }
        })
        .collect()
}

fn delimited(lines: &[Line], total: Fen, sep: char, batch_no: &str) -> String {
    let s = sep.to_string();
    let mut out = HEADERS.join(&s);
    out.push_str("\r\n");
    for (i, l) in lines.iter().enumerate() {
        let fields = [
            (i + 1).to_string(),
            clean(&l.account, sep),
            clean(&l.name, sep),
            clean(&l.bank, sep),
            l.amount.to_string(),
            clean(&l.purpose, sep),
            clean(&l.reference, sep),
        ];
        out.push_str(&fields.join(&s));
        out.push_str("\r\n");
    }
    out.push_str(
        &[
            "合计".to_string(),
            format!("{}笔", lines.len()),
            String::new(),
            String::new(),
            total.to_string(),
            String::new(),
            clean(batch_no, sep),
        ]
        .join(&s),
    );
    out.push_str("\r\n");
    out
}

fn gbk(text: &str) -> AppResult<Vec<u8>> {
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(text);
    if unmappable {
        // encoding_rs would write an HTML entity the bank cannot read: refuse, naming the line.
        let line = text
            .lines()
            .position(|l| encoding_rs::GBK.encode(l).2)
            .map(|i| i + 1)
            .unwrap_or(0);
        return Err(AppError::new(
            ErrorCode::NotGbk,
            format!("Line {line} has a character GBK cannot hold; download the XLSX file instead."),
        ));
    }
    Ok(bytes.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(n: i64) -> Line {
        Line {
            account: "6228480402564890018".into(),
            name: "张小三".into(),
            bank: "中国农业银行".into(),
            amount: Fen(n),
            purpose: "高校毕业生创业补贴".into(),
            reference: "JX0001".into(),
        }
    }

    #[test]
    fn csv_is_gbk_with_a_total_footer_and_exact_yuan() {
        let bytes = build(BankFormat::Csv, "PB1", &[line(300_000), line(5)]).unwrap();
        let (text, _, bad) = encoding_rs::GBK.decode(&bytes);
        assert!(!bad);
        let rows: Vec<&str> = text.lines().collect();
        assert_eq!(rows[0], HEADERS.join(","));
        assert_eq!(
            rows[1],
            "1,6228480402564890018,张小三,中国农业银行,3000.00,高校毕业生创业补贴,JX0001"
        );
        assert_eq!(rows[3], "合计,2笔,,,3000.05,,PB1");
        assert!(std::str::from_utf8(&bytes).is_err(), "not UTF-8");
    }

    #[test]
    fn separators_in_names_do_not_shift_columns_and_unmappable_text_is_refused() {
        let mut l = line(1);
        l.name = "李,四|".into();
        let text = delimited(&[l.clone()], Fen(1), '|', "PB");
        assert_eq!(text.lines().nth(1).unwrap().split('|').count(), 7);
        l.name = "😀".into();
        assert!(build(BankFormat::Txt, "PB", &[l]).is_err());
    }
}
