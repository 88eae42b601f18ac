//! Reading uploaded tables: an XLSX workbook's first sheet, or a CSV file in UTF-8 (with or without
//! BOM) or GBK, as rows of cells that remember whether Excel stored a number (an ID or account
//! number typed as a number has already lost its last digits).

use crate::error::{AppError, AppResult, FieldError};
use calamine::{Data, Reader};
use std::io::Cursor;

/// One cell as uploaded.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing.
    Empty,
    /// Text (CSV cells are always text).
    Text(String),
    /// A number stored by Excel.
    Number(f64),
}

impl Cell {
    /// The cell as trimmed text (numbers as Excel shows them).
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.trim().to_string(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
        }
    }

    /// True when nothing is in it.
    pub fn is_empty(&self) -> bool {
        self.text().is_empty()
    }
}

fn refused(message: &str) -> AppError {
    AppError::validation(vec![FieldError::new("file", "unreadable", message)])
}

/// Read an uploaded XLSX or CSV file into rows.
pub fn read(bytes: &[u8]) -> AppResult<Vec<Vec<Cell>>> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(refused("The file is empty."));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return xlsx(bytes);
    }
    if bytes.contains(&0) {
        return Err(refused("This is neither an XLSX workbook nor a CSV file."));
    }
    csv(bytes)
}

fn xlsx(bytes: &[u8]) -> AppResult<Vec<Vec<Cell>>> {
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes.to_vec()))
        .map_err(|_| refused("The workbook cannot be read; save it again as .xlsx."))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| refused("The workbook has no sheet."))?
        .map_err(|_| refused("The first sheet cannot be read."))?;
    Ok(range
        .rows()
        .map(|row| {
            row.iter()
                .map(|c| match c {
                    Data::Empty => Cell::Empty,
                    Data::Int(i) => Cell::Number(*i as f64),
                    Data::Float(f) => Cell::Number(*f),
                    Data::String(s) => Cell::Text(s.clone()),
                    other => Cell::Text(other.to_string()),
                })
                .collect()
        })
        .collect())
}

fn csv(bytes: &[u8]) -> AppResult<Vec<Vec<Cell>>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(_) => {
            let (t, _, bad) = encoding_rs::GBK.decode(bytes);
            if bad {
                return Err(refused("The CSV file is neither UTF-8 nor GBK."));
            }
            t.into_owned()
        }
    };
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|_| refused("The CSV file is malformed (check the quotes)."))?;
        rows.push(
            record
                .iter()
                .map(|c| {
                    if c.trim().is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(c.to_string())
                    }
                })
                .collect(),
        );
    }
    Ok(rows)
}

/// Find the header row (the first row holding one of `required`'s names, so a title row above it
/// is allowed) and map each wanted column to its index. `columns` lists the accepted names of
/// each column (Chinese and English); returns the header row's index and one index per column.
pub fn header(rows: &[Vec<Cell>], columns: &[&[&str]]) -> Option<(usize, Vec<Option<usize>>)> {
    let norm = |s: &str| s.trim().to_lowercase().replace([' ', '（', '）', '(', ')'], "");
    for (i, row) in rows.iter().enumerate().take(10) {
        let names: Vec<String> = row.iter().map(|c| norm(&c.text())).collect();
        let found: Vec<Option<usize>> = columns
            .iter()
            .map(|accepted| names.iter().position(|n| accepted.iter().any(|a| norm(a) == *n)))
            .collect();
        if found.iter().filter(|f| f.is_some()).count() >= 2 {
            return Some((i, found));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_utf8_and_gbk_csv_and_finds_the_header_under_a_title() {
        let text = "第1批代发结果\n备注,结果,失败原因\nJX1,成功,\n";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        for bytes in [text.as_bytes().to_vec(), gbk.into_owned()] {
            let rows = read(&bytes).unwrap();
            let (at, cols) = header(&rows, &[&["备注", "reference"], &["结果", "result"], &["银行流水号"]]).unwrap();
            assert_eq!((at, cols), (1, vec![Some(0), Some(1), None]));
            assert_eq!(rows[2][0].text(), "JX1");
        }
    }

    #[test]
    fn refuses_empty_and_binary_files() {
        assert!(read(b"  \n").is_err());
        assert!(read(b"\x00\x01\x02").is_err());
    }
}
