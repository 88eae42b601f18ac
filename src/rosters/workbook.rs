//! The roster workbooks: the empty template (ID and account columns formatted as text, the amount
//! validated), a refused upload annotated with its errors, and the rows of a batch (masked).

use crate::error::{AppError, AppResult, RowError};
use crate::rosters::models::RecipientView;
use crate::rosters::rules::{Sheet, COLUMNS};
use rust_xlsxwriter::{DataValidation, DataValidationRule, Format, Workbook, XlsxError};

fn err(e: XlsxError) -> AppError {
    AppError::internal(format!("xlsx: {e}"))
}

/// The template HR fills in.
pub fn template() -> AppResult<Vec<u8>> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("名单").map_err(err)?;
    let text = Format::new().set_num_format("@");
    let bold = Format::new().set_bold();
    for (c, (name, _)) in COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *name, &bold).map_err(err)?;
    }
    // Typed as numbers, 18-digit IDs and long accounts lose their last digits in Excel.
    for c in [1u16, 6] {
        sheet.set_column_format(c, &text).map_err(err)?;
        sheet.set_column_width(c, 24).map_err(err)?;
    }
    sheet.set_column_width(2, 20).map_err(err)?;
    let amount = DataValidation::new()
        .allow_decimal_number(DataValidationRule::GreaterThan(0.0))
        .set_error_title("金额")
        .map_err(err)?
        .set_error_message("请输入大于0的金额（元），最多两位小数")
        .map_err(err)?;
    sheet.add_data_validation(1, 4, 20_000, 4, &amount).map_err(err)?;
    let example = [
        "张三",
        "430623198501010017",
        "县人民医院",
        "护士",
        "1500.00",
        "中国农业银行",
        "6228480402564890018",
        "示例行，导入前请删除",
    ];
    for (c, v) in example.iter().enumerate() {
        sheet.write_string_with_format(1, c as u16, *v, &text).map_err(err)?;
    }
    book.save_to_buffer().map_err(err)
}

/// The uploaded rows with an error column, so HR fixes the file and uploads it again.
pub fn annotated(sheet: &Sheet, errors: &[RowError]) -> AppResult<Vec<u8>> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("错误报告").map_err(err)?;
    let text = Format::new().set_num_format("@");
    let bold = Format::new().set_bold();
    let red = Format::new().set_font_color(rust_xlsxwriter::Color::Red);
    ws.write_string_with_format(0, 0, "行号", &bold).map_err(err)?;
    for (c, h) in sheet.header.iter().enumerate() {
        ws.write_string_with_format(0, (c + 1) as u16, h, &bold).map_err(err)?;
    }
    let last = (sheet.header.len() + 1) as u16;
    ws.write_string_with_format(0, last, "错误说明", &bold).map_err(err)?;
    ws.set_column_width(last, 60).map_err(err)?;
    let general: Vec<&RowError> = errors
        .iter()
        .filter(|e| !sheet.rows.iter().any(|(r, _)| *r == e.row))
        .collect();
    let mut r = 1u32;
    for e in general {
        ws.write_string_with_format(r, last, &e.message, &red).map_err(err)?;
        r += 1;
    }
    for (line, cells) in &sheet.rows {
        ws.write_number(r, 0, *line as f64).map_err(err)?;
        for (c, v) in cells.iter().enumerate() {
            ws.write_string_with_format(r, (c + 1) as u16, v, &text).map_err(err)?;
        }
        let notes: Vec<String> = errors
            .iter()
            .filter(|e| e.row == *line)
            .map(|e| match &e.column {
                Some(col) => format!("{col}：{}", e.message),
                None => e.message.clone(),
            })
            .collect();
        if !notes.is_empty() {
            ws.write_string_with_format(r, last, notes.join("；"), &red)
                .map_err(err)?;
        }
        r += 1;
    }
    book.save_to_buffer().map_err(err)
}

/// The rows of a batch, masked, for HR and finance.
pub fn rows(title: &str, rows: &[RecipientView]) -> AppResult<Vec<u8>> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("名单").map_err(err)?;
    let bold = Format::new().set_bold();
    ws.write_string_with_format(0, 0, title, &bold).map_err(err)?;
    let headers = [
        "序号",
        "姓名",
        "身份证号",
        "工作单位",
        "岗位",
        "金额（元）",
        "开户银行",
        "银行账号",
        "备注",
    ];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(1, c as u16, *h, &bold).map_err(err)?;
    }
    for (i, v) in rows.iter().enumerate() {
        let r = (i + 2) as u32;
        ws.write_number(r, 0, f64::from(v.row_no)).map_err(err)?;
        ws.write_string(r, 1, &v.full_name).map_err(err)?;
        ws.write_string(r, 2, &v.id_number_masked).map_err(err)?;
        ws.write_string(r, 3, &v.employer).map_err(err)?;
        ws.write_string(r, 4, &v.role).map_err(err)?;
        ws.write_string(r, 5, v.amount_fen.to_string()).map_err(err)?;
        ws.write_string(r, 6, &v.bank_name).map_err(err)?;
        ws.write_string(r, 7, &v.bank_account_masked).map_err(err)?;
        ws.write_string(r, 8, v.note.clone().unwrap_or_default()).map_err(err)?;
    }
    book.save_to_buffer().map_err(err)
}
