//! The annual report as a workbook: an overview of every figure, then the detail per fair, per
//! policy, per allowance batch and per month, with Chinese headers and totals.

use crate::error::{AppError, AppResult};
use crate::reports::models::{AnnualReport, Unit};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

fn err(e: XlsxError) -> AppError {
    AppError::internal(format!("xlsx: {e}"))
}

/// Yuan as a number cell (Excel sums it); the fen are exact integers until this display step.
fn yuan(fen: i64) -> f64 {
    fen as f64 / 100.0
}

fn unit_zh(unit: Unit) -> &'static str {
    match unit {
        Unit::Person => "人",
        Unit::Enterprise => "家",
        Unit::Item => "个",
        Unit::Fair => "场",
        Unit::Batch => "批",
        Unit::Fen => "元",
    }
}

struct Styles {
    bold: Format,
    money: Format,
    money_bold: Format,
}

fn header(sheet: &mut Worksheet, s: &Styles, titles: &[&str]) -> AppResult<()> {
    for (c, h) in titles.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *h, &s.bold).map_err(err)?;
        sheet
            .set_column_width(c as u16, if c == 0 { 28 } else { 14 })
            .map_err(err)?;
    }
    Ok(())
}

/// A row of counts and money cells after the leading text cells.
enum V {
    N(i64),
    Y(i64),
    T(String),
    Blank,
}

fn row(sheet: &mut Worksheet, s: &Styles, r: u32, cells: &[V], total: bool) -> AppResult<()> {
    for (c, v) in cells.iter().enumerate() {
        let c = c as u16;
        match v {
            V::N(n) if total => sheet.write_number_with_format(r, c, *n as f64, &s.bold),
            V::N(n) => sheet.write_number(r, c, *n as f64),
            V::Y(f) => sheet.write_number_with_format(r, c, yuan(*f), if total { &s.money_bold } else { &s.money }),
            V::T(t) if total => sheet.write_string_with_format(r, c, t, &s.bold),
            V::T(t) => sheet.write_string(r, c, t),
            V::Blank => continue,
        }
        .map_err(err)?;
    }
    Ok(())
}

/// The workbook of `report`.
pub fn build(report: &AnnualReport) -> AppResult<Vec<u8>> {
    let s = Styles {
        bold: Format::new().set_bold(),
        money: Format::new().set_num_format("#,##0.00"),
        money_bold: Format::new().set_num_format("#,##0.00").set_bold(),
    };
    let mut book = Workbook::new();
    let period = match report.quarter {
        Some(q) => format!("{}年第{q}季度", report.year),
        None => format!("{}年", report.year),
    };

    let sheet = book.add_worksheet().set_name("概览").map_err(err)?;
    header(sheet, &s, &["指标", "数值", "单位", "键"])?;
    sheet.set_column_width(3, 30).map_err(err)?;
    let mut r = 1;
    for (key, f) in &report.figures {
        let value = if f.unit == Unit::Fen {
            V::Y(f.value)
        } else {
            V::N(f.value)
        };
        row(
            sheet,
            &s,
            r,
            &[
                V::T(f.label_zh.clone()),
                value,
                V::T(unit_zh(f.unit).into()),
                V::T(key.clone()),
            ],
            false,
        )?;
        r += 1;
    }
    sheet
        .write_string(r + 1, 0, format!("统计期间：{period}（北京时间）"))
        .map_err(err)?;

    let sheet = book.add_worksheet().set_name("现场招聘会").map_err(err)?;
    header(
        sheet,
        &s,
        &[
            "招聘会",
            "举办时间",
            "参会企业",
            "岗位",
            "需求人数",
            "报名",
            "入场",
            "达成就业意向",
            "签约",
        ],
    )?;
    let mut r = 1;
    for l in &report.fairs {
        let when = crate::time::local_minute(l.starts_at.naive_utc());
        let cells = [
            V::T(l.title.clone()),
            V::T(when),
            V::N(l.enterprises),
            V::N(l.positions),
            V::N(l.headcount),
            V::N(l.signed_up),
            V::N(l.checked_in),
            V::N(l.intents),
            V::N(l.intents_signed),
        ];
        row(sheet, &s, r, &cells, false)?;
        r += 1;
    }
    let sum = |pick: fn(&crate::reports::models::FairLine) -> i64| V::N(report.fairs.iter().map(pick).sum());
    let totals = [
        V::T("合计".into()),
        V::T(format!("{}场", report.fairs.len())),
        sum(|l| l.enterprises),
        sum(|l| l.positions),
        sum(|l| l.headcount),
        sum(|l| l.signed_up),
        sum(|l| l.checked_in),
        sum(|l| l.intents),
        sum(|l| l.intents_signed),
    ];
    row(sheet, &s, r, &totals, true)?;

    let sheet = book.add_worksheet().set_name("实习实训").map_err(err)?;
    header(sheet, &s, &["学校", "专业", "组织实习实训人数", "完成实习人数"])?;
    let mut r = 1;
    for l in &report.internship_schools {
        let cells = [
            V::T(l.school.clone().unwrap_or_else(|| "未填写".into())),
            V::T(l.major.clone().unwrap_or_else(|| "未填写".into())),
            V::N(l.placed),
            V::N(l.completed),
        ];
        row(sheet, &s, r, &cells, false)?;
        r += 1;
    }
    let totals = [
        V::T("合计".into()),
        V::Blank,
        V::N(report.internship_schools.iter().map(|l| l.placed).sum()),
        V::N(report.internship_schools.iter().map(|l| l.completed).sum()),
    ];
    row(sheet, &s, r, &totals, true)?;

    let sheet = book.add_worksheet().set_name("补贴政策").map_err(err)?;
    header(
        sheet,
        &s,
        &[
            "政策名称",
            "政策代码",
            "类型",
            "申请",
            "获批",
            "获批金额（元）",
            "发放笔数",
            "发放金额（元）",
            "年度预算（元）",
            "已预留（元）",
            "已支付（元）",
            "预算余额（元）",
        ],
    )?;
    let mut r = 1;
    for l in &report.policies {
        let kind = if l.kind == "roster" {
            "名单发放"
        } else {
            "申请审核"
        };
        let opt = |v: Option<i64>| v.map(V::Y).unwrap_or(V::Blank);
        let cells = [
            V::T(l.name.clone()),
            V::T(l.code.clone()),
            V::T(kind.into()),
            V::N(l.applications),
            V::N(l.awarded),
            V::Y(l.awarded_fen),
            V::N(l.paid),
            V::Y(l.paid_fen),
            opt(l.budget_fen),
            opt(l.reserved_fen),
            opt(l.budget_paid_fen),
            opt(l.remaining_fen),
        ];
        row(sheet, &s, r, &cells, false)?;
        r += 1;
    }
    let p = &report.policies;
    let n = |pick: fn(&crate::reports::models::PolicyLine) -> i64| p.iter().map(pick).sum::<i64>();
    let o = |pick: fn(&crate::reports::models::PolicyLine) -> Option<i64>| V::Y(p.iter().filter_map(pick).sum());
    let totals = [
        V::T("合计".into()),
        V::Blank,
        V::Blank,
        V::N(n(|l| l.applications)),
        V::N(n(|l| l.awarded)),
        V::Y(n(|l| l.awarded_fen)),
        V::N(n(|l| l.paid)),
        V::Y(n(|l| l.paid_fen)),
        o(|l| l.budget_fen),
        o(|l| l.reserved_fen),
        o(|l| l.budget_paid_fen),
        o(|l| l.remaining_fen),
    ];
    row(sheet, &s, r, &totals, true)?;

    let sheet = book.add_worksheet().set_name("补助发放批次").map_err(err)?;
    header(
        sheet,
        &s,
        &["政策", "批次", "期间", "标题", "状态", "人数", "金额（元）"],
    )?;
    let mut r = 1;
    for l in &report.allowance_batches {
        let status = if l.status == "paid" { "已发放" } else { "已审批" };
        let cells = [
            V::T(l.policy_name.clone()),
            V::T(format!("第{}批", l.batch_no)),
            V::T(l.period.clone()),
            V::T(l.title.clone()),
            V::T(status.into()),
            V::N(l.recipients),
            V::Y(l.total_fen),
        ];
        row(sheet, &s, r, &cells, false)?;
        r += 1;
    }
    let b = &report.allowance_batches;
    let totals = [
        V::T("合计".into()),
        V::T(format!("{}批", b.len())),
        V::Blank,
        V::Blank,
        V::Blank,
        V::N(b.iter().map(|l| l.recipients).sum()),
        V::Y(b.iter().map(|l| l.total_fen).sum()),
    ];
    row(sheet, &s, r, &totals, true)?;

    let sheet = book.add_worksheet().set_name("月度").map_err(err)?;
    header(
        sheet,
        &s,
        &["月份", "注册人才", "达成就业意向", "代发成功笔数", "代发成功金额（元）"],
    )?;
    for (i, m) in report.months.iter().enumerate() {
        let cells = [
            V::T(format!("{}月", m.month)),
            V::N(m.registrations),
            V::N(m.intents),
            V::N(m.paid),
            V::Y(m.paid_fen),
        ];
        row(sheet, &s, i as u32 + 1, &cells, false)?;
    }
    book.save_to_buffer().map_err(err)
}
