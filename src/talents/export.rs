//! The talent pool as a file: an XLSX workbook or a UTF-8 CSV with a byte-order mark, both with
//! Chinese headers, the screens' words for codes ([`crate::labels`]) and masked personal data.

use crate::db::{Db, DbConn};
use crate::error::{AppError, AppResult};
use crate::labels::{self, Lang};
use crate::talents::models::{GenderView, TalentFilter, TalentSummary};
use crate::talents::{queries, views};
use actix_web::web::Bytes;
use futures_util::Stream;

/// The most rows one export may carry.
pub const EXPORT_LIMIT: i64 = 100_000;
/// Rows fetched per database round while exporting.
const EXPORT_BATCH: i64 = 500;

/// Every row of the filter (up to [`EXPORT_LIMIT`]), for the workbook that is built in memory.
pub fn all_rows(conn: &mut DbConn, filter: &TalentFilter) -> AppResult<Vec<TalentSummary>> {
    let mut all = Vec::new();
    while (all.len() as i64) < EXPORT_LIMIT {
        let batch = queries::page(conn, filter, all.len() as i64, EXPORT_BATCH)?;
        let done = (batch.len() as i64) < EXPORT_BATCH;
        all.extend(batch.iter().map(views::summary));
        if done {
            break;
        }
    }
    Ok(all)
}

/// The CSV file as a stream of chunks, one database page each, so a large export never sits in memory.
pub fn csv_stream(db: Db, filter: TalentFilter) -> impl Stream<Item = Result<Bytes, actix_web::Error>> {
    futures_util::stream::unfold(Some(0i64), move |offset| {
        let db = db.clone();
        let filter = filter.clone();
        async move {
            let offset = offset?;
            if offset >= EXPORT_LIMIT {
                return None;
            }
            let page = db
                .run(move |conn| queries::page(conn, &filter, offset, EXPORT_BATCH))
                .await;
            match page {
                Ok(batch) => {
                    let mut chunk = if offset == 0 { csv_head() } else { String::new() };
                    for p in &batch {
                        chunk.push_str(&crate::csv::line(&cells(&views::summary(p))));
                    }
                    let next = ((batch.len() as i64) == EXPORT_BATCH).then_some(offset + EXPORT_BATCH);
                    if chunk.is_empty() {
                        None
                    } else {
                        Some((Ok(Bytes::from(chunk)), next))
                    }
                }
                Err(e) => Some((Err(e.into()), None)),
            }
        }
    })
}

/// Column headers, in order.
pub const HEADERS: [&str; 14] = [
    "姓名",
    "性别",
    "出生日期",
    "身份证号",
    "手机号",
    "邮箱",
    "最高学历",
    "毕业院校",
    "专业",
    "毕业年份",
    "人才类别",
    "技能",
    "现工作单位",
    "更新时间",
];

/// The cells of one talent, in header order.
pub fn cells(t: &TalentSummary) -> [String; 14] {
    [
        t.full_name.clone(),
        labels::gender(t.gender == GenderView::Female, Lang::Zh).into(),
        t.birth_date.format("%Y-%m-%d").to_string(),
        t.id_number_masked.clone(),
        t.phone_masked.clone(),
        t.email.clone(),
        t.highest_education
            .map(|l| labels::education(l, Lang::Zh).to_string())
            .unwrap_or_default(),
        t.school.clone().unwrap_or_default(),
        t.major.clone().unwrap_or_default(),
        t.graduation_year.map(|y| y.to_string()).unwrap_or_default(),
        t.categories
            .iter()
            .map(|c| labels::category(*c, Lang::Zh))
            .collect::<Vec<_>>()
            .join("、"),
        t.skills.join("、"),
        t.current_employer.clone().unwrap_or_default(),
        crate::time::local_minute(t.updated_at.naive_utc()),
    ]
}

/// The CSV preamble: byte-order mark and header line.
pub fn csv_head() -> String {
    crate::csv::head(&HEADERS)
}

/// A whole workbook with one sheet.
pub fn xlsx(rows: &[TalentSummary]) -> AppResult<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let xlsx_err = |e: rust_xlsxwriter::XlsxError| AppError::internal(format!("xlsx: {e}"));
    sheet.set_name("人才库").map_err(xlsx_err)?;
    let bold = Format::new().set_bold();
    for (col, header) in HEADERS.iter().enumerate() {
        sheet
            .write_string_with_format(0, col as u16, *header, &bold)
            .map_err(xlsx_err)?;
    }
    for (i, t) in rows.iter().enumerate() {
        let row = u32::try_from(i + 1).map_err(|_| AppError::internal("too many rows"))?;
        for (col, value) in cells(t).iter().enumerate() {
            sheet.write_string(row, col as u16, value).map_err(xlsx_err)?;
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(xlsx_err)?;
    workbook.save_to_buffer().map_err(xlsx_err)
}
