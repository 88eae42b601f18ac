//! Village rules as plain functions: which villages exist and which are poor in a year (mergers
//! followed), validation of single records and merges, and checking every row of an import.
//!
//! **The year rule.** A village exists in year Y when it was set up by then (`established_year`
//! none or ≤ Y) and not yet merged away (`merged_year` none or > Y). Its *own* poverty in Y follows
//! its flag and the year the flag took effect: a poor village with change year C is poor from C on
//! (always, without C); a non-poor village with change year C was poor before C (it left the list in
//! C) and never poor without C. **A merged successor village is poor in year Y if it is poor in Y by
//! its own flag, or if any village merged into it by Y (directly or through a chain of mergers) is
//! poor in Y by that village's own flag** — the poor households moved with the village, so the
//! successor carries the plan's goal for them until the merged village's flag says it left poverty.

use crate::error::{FieldError, RowError};
use crate::sheets::{self, Cell};
use crate::villages::models::VillageKind;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The facts of one village the year rule reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    pub id: String,
    pub poor: bool,
    pub poor_changed_year: Option<i32>,
    pub established_year: Option<i32>,
    pub merged_into: Option<String>,
    pub merged_year: Option<i32>,
}

/// One village of a year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearVillage {
    pub id: String,
    /// Poor in that year by [the year rule](self).
    pub poor: bool,
}

/// True when the village exists (set up, not merged away) in `year`.
pub fn exists_in(f: &Facts, year: i32) -> bool {
    f.established_year.is_none_or(|e| e <= year) && f.merged_year.is_none_or(|m| m > year)
}

/// The village's own poverty in `year`, from its flag and the year the flag took effect.
pub fn own_poor_in(f: &Facts, year: i32) -> bool {
    match (f.poor, f.poor_changed_year) {
        (true, None) => true,
        (true, Some(c)) => year >= c,
        (false, None) => false,
        (false, Some(c)) => year < c,
    }
}

/// The village that stands for `id` in `year`: itself, or the village it was merged into by then
/// (following chains). `None` for an unknown id or a chain that loops (refused on write anyway).
pub fn successor_in<'a>(by_id: &HashMap<&'a str, &'a Facts>, id: &'a str, year: i32) -> Option<&'a str> {
    let mut at = id;
    for _ in 0..=by_id.len() {
        let f = by_id.get(at)?;
        match (&f.merged_into, f.merged_year) {
            (Some(next), Some(y)) if y <= year => at = next.as_str(),
            _ => return Some(at),
        }
    }
    None
}

/// Which villages exist in `year` and which of them are poor, by [the year rule](self); in the
/// order given.
pub fn villages_in_year(all: &[Facts], year: i32) -> Vec<YearVillage> {
    let by_id: HashMap<&str, &Facts> = all.iter().map(|f| (f.id.as_str(), f)).collect();
    let mut poor_by_merger: BTreeSet<&str> = BTreeSet::new();
    for f in all.iter().filter(|f| !exists_in(f, year) && own_poor_in(f, year)) {
        if f.merged_year.is_some_and(|m| m <= year) {
            if let Some(s) = successor_in(&by_id, &f.id, year) {
                poor_by_merger.insert(s);
            }
        }
    }
    all.iter()
        .filter(|f| exists_in(f, year))
        .map(|f| YearVillage {
            id: f.id.clone(),
            poor: own_poor_in(f, year) || poor_by_merger.contains(f.id.as_str()),
        })
        .collect()
}

/// Check a division code: 1 to 20 ASCII letters or digits.
pub fn code(field: &str, raw: &str) -> Result<String, FieldError> {
    let v = raw.trim();
    if v.is_empty() {
        return Err(FieldError::new(field, "required", "This field is required."));
    }
    if v.len() > 20 || !v.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(FieldError::new(
            field,
            "invalid_value",
            "A division code of 1 to 20 letters or digits.",
        ));
    }
    Ok(v.to_string())
}

/// Check an optional year against [`crate::validation::YEARS`].
pub fn optional_year(field: &str, value: Option<i32>) -> Result<Option<i32>, FieldError> {
    value.map(|y| crate::validation::year(field, y)).transpose()
}

/// Check a merge of `village` into `into` from `year` on: not into itself, neither merged already,
/// the successor set up by then and the merged village set up before.
pub fn check_merge(village: &Facts, into: &Facts, year: i32) -> Result<(), FieldError> {
    let bad = |code: &str, msg: &str| Err(FieldError::new("into_village_id", code, msg));
    crate::validation::year("year", year)?;
    if village.id == into.id {
        return bad("invalid_value", "A village cannot merge into itself.");
    }
    if village.merged_into.is_some() {
        return Err(FieldError::new(
            "year",
            "already_merged",
            "This village is already merged.",
        ));
    }
    if into.merged_into.is_some() {
        return bad(
            "merged",
            "The successor village is itself merged; merge into its successor.",
        );
    }
    if into.established_year.is_some_and(|e| e > year) {
        return bad(
            "not_yet_established",
            "The successor village did not exist yet in that year.",
        );
    }
    if village.established_year.is_some_and(|e| e >= year) {
        return Err(FieldError::new(
            "year",
            "before_start",
            "A village merges after the year it was set up.",
        ));
    }
    Ok(())
}

/// The columns of a village import, with the header names accepted for each (Chinese and English).
pub const COLUMNS: [(&str, &[&str]); 8] = [
    ("乡镇代码", &["乡镇代码", "乡镇（街道）代码", "township_code"]),
    (
        "乡镇",
        &["乡镇", "乡镇名称", "乡镇（街道）", "township", "township_name"],
    ),
    (
        "村社区代码",
        &["村社区代码", "村（社区）代码", "村代码", "village_code", "code"],
    ),
    (
        "村社区名称",
        &[
            "村社区名称",
            "村（社区）名称",
            "村（社区）",
            "村名",
            "village",
            "village_name",
            "name",
        ],
    ),
    ("类型", &["类型", "kind", "type"]),
    ("贫困村", &["贫困村", "是否贫困村", "poor_village", "poor"]),
    (
        "贫困状态变更年份",
        &["贫困状态变更年份", "变更年份", "poor_changed_year"],
    ),
    ("设立年份", &["设立年份", "established_year"]),
];

/// One valid import row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRow {
    /// 1-based row in the file.
    pub row: usize,
    pub township_code: String,
    pub township_name: String,
    pub code: String,
    pub name: String,
    pub kind: VillageKind,
    pub poor: bool,
    pub poor_changed_year: Option<i32>,
    pub established_year: Option<i32>,
}

fn row_error(row: usize, column: &str, code: &str, zh: &str, en: &str) -> RowError {
    RowError {
        row,
        column: Some(column.into()),
        code: code.into(),
        message: format!("{zh} / {en}"),
    }
}

fn yes_no(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "是" | "贫困村" | "yes" | "y" | "true" | "1" => Some(true),
        "否" | "" | "no" | "n" | "false" | "0" => Some(false),
        _ => None,
    }
}

fn kind(s: &str) -> Option<VillageKind> {
    match s.trim().to_lowercase().as_str() {
        "" | "村" | "行政村" | "village" => Some(VillageKind::Village),
        "社区" | "居委会" | "community" => Some(VillageKind::Community),
        _ => None,
    }
}

/// The most rows one village file may carry.
pub const MAX_ROWS: usize = 50_000;

/// Check a village import: every cell of every row. Returns the valid rows and the errors; the
/// file is accepted only when there is no error.
pub fn check(cells: &[Vec<Cell>]) -> (Vec<ImportRow>, Vec<RowError>) {
    let accepted: Vec<&[&str]> = COLUMNS.iter().map(|(_, names)| *names).collect();
    let Some((at, cols)) = sheets::header(cells, &accepted) else {
        let e = RowError {
            row: 1,
            column: None,
            code: "no_header".into(),
            message: "找不到表头（乡镇代码、乡镇、村社区代码、村社区名称…）/ no header row was found".into(),
        };
        return (Vec::new(), vec![e]);
    };
    let mut errors = Vec::new();
    for (i, (name, _)) in COLUMNS.iter().enumerate().take(4) {
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
    if !errors.is_empty() {
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
        errors.push(RowError {
            row: at + 1,
            column: None,
            code: "empty".into(),
            message: "表头下没有数据行 / no data rows under the header".into(),
        });
        return (Vec::new(), errors);
    }
    if data.len() > MAX_ROWS {
        errors.push(RowError {
            row: at + 1,
            column: None,
            code: "too_many_rows".into(),
            message: format!("最多{MAX_ROWS}行 / at most {MAX_ROWS} rows"),
        });
        return (Vec::new(), errors);
    }
    let get = |r: &Vec<Cell>, i: usize| cols[i].and_then(|c| r.get(c)).map(Cell::text).unwrap_or_default();
    let mut valid = Vec::new();
    let mut codes: HashMap<String, usize> = HashMap::new();
    let mut townships: BTreeMap<String, (String, usize)> = BTreeMap::new();
    for (n, r) in data {
        let before = errors.len();
        let township_code = code("township_code", &get(r, 0))
            .map_err(|_| {
                errors.push(row_error(
                    n,
                    "乡镇代码",
                    "invalid_value",
                    "乡镇代码应为1至20位字母或数字",
                    "a code of 1 to 20 letters or digits",
                ))
            })
            .ok();
        let township_name = crate::validation::text("township", &get(r, 1), 50)
            .map_err(|_| {
                errors.push(row_error(
                    n,
                    "乡镇",
                    "required",
                    "乡镇名称必填（至多50字）",
                    "the township's name is required (at most 50 characters)",
                ))
            })
            .ok();
        let village_code = code("code", &get(r, 2))
            .map_err(|_| {
                errors.push(row_error(
                    n,
                    "村社区代码",
                    "invalid_value",
                    "村社区代码应为1至20位字母或数字",
                    "a code of 1 to 20 letters or digits",
                ))
            })
            .ok();
        let name = crate::validation::text("name", &get(r, 3), 50)
            .map_err(|_| {
                errors.push(row_error(
                    n,
                    "村社区名称",
                    "required",
                    "村社区名称必填（至多50字）",
                    "the village's name is required (at most 50 characters)",
                ))
            })
            .ok();
        let kind = kind(&get(r, 4));
        if kind.is_none() {
            errors.push(row_error(
                n,
                "类型",
                "invalid_value",
                "类型应为“村”或“社区”",
                "the kind is 村 (village) or 社区 (community)",
            ));
        }
        let poor = yes_no(&get(r, 5));
        if poor.is_none() {
            errors.push(row_error(
                n,
                "贫困村",
                "invalid_value",
                "贫困村一栏应填“是”或“否”",
                "write 是 (yes) or 否 (no)",
            ));
        }
        let year = |i: usize, col: &str, errors: &mut Vec<RowError>| -> Option<i32> {
            let t = get(r, i);
            if t.is_empty() {
                return None;
            }
            match t.parse::<i32>().ok().filter(|y| crate::validation::YEARS.contains(y)) {
                Some(y) => Some(y),
                None => {
                    errors.push(row_error(
                        n,
                        col,
                        "invalid_value",
                        "年份应为1949至2100之间的四位数",
                        "a year from 1949 to 2100",
                    ));
                    None
                }
            }
        };
        let changed = year(6, "贫困状态变更年份", &mut errors);
        let established = year(7, "设立年份", &mut errors);
        if let Some(c) = &village_code {
            if let Some(first) = codes.get(c) {
                errors.push(row_error(
                    n,
                    "村社区代码",
                    "duplicate",
                    &format!("与第{first}行代码重复"),
                    &format!("the same code as row {first}"),
                ));
            } else {
                codes.insert(c.clone(), n);
            }
        }
        if let (Some(tc), Some(tn)) = (&township_code, &township_name) {
            match townships.get(tc) {
                Some((other, first)) if other != tn => errors.push(row_error(
                    n,
                    "乡镇",
                    "inconsistent",
                    &format!("同一乡镇代码在第{first}行名为“{other}”"),
                    &format!("row {first} names this township code differently"),
                )),
                Some(_) => {}
                None => {
                    townships.insert(tc.clone(), (tn.clone(), n));
                }
            }
        }
        if errors.len() > before {
            continue;
        }
        if let (Some(tc), Some(tn), Some(c), Some(nm), Some(k), Some(p)) =
            (township_code, township_name, village_code, name, kind, poor)
        {
            valid.push(ImportRow {
                row: n,
                township_code: tc,
                township_name: tn,
                code: c,
                name: nm,
                kind: k,
                poor: p,
                poor_changed_year: changed,
                established_year: established,
            });
        }
    }
    (valid, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(id: &str, poor: bool, changed: Option<i32>) -> Facts {
        Facts {
            id: id.into(),
            poor,
            poor_changed_year: changed,
            established_year: None,
            merged_into: None,
            merged_year: None,
        }
    }

    fn merged(mut f: Facts, into: &str, year: i32) -> Facts {
        f.merged_into = Some(into.into());
        f.merged_year = Some(year);
        f
    }

    fn year(all: &[Facts], y: i32) -> Vec<(String, bool)> {
        villages_in_year(all, y).into_iter().map(|v| (v.id, v.poor)).collect()
    }

    fn pairs(list: &[(&str, bool)]) -> Vec<(String, bool)> {
        list.iter().map(|(a, b)| (a.to_string(), *b)).collect()
    }

    #[test]
    fn the_flag_and_its_year() {
        assert!(own_poor_in(&v("a", true, None), 2000));
        assert!(!own_poor_in(&v("a", true, Some(2014)), 2013));
        assert!(own_poor_in(&v("a", true, Some(2014)), 2014));
        assert!(own_poor_in(&v("a", false, Some(2020)), 2019));
        assert!(!own_poor_in(&v("a", false, Some(2020)), 2020));
        assert!(!own_poor_in(&v("a", false, None), 2019));
    }

    #[test]
    fn merged_villages_count_in_their_years_and_pass_poverty_on() {
        // 2019: poor A merges into non-poor B; C is a new village set up in 2021 from D and E.
        let mut c = v("c", false, None);
        c.established_year = Some(2021);
        let all = vec![
            merged(v("a", true, None), "b", 2019),
            v("b", false, None),
            c,
            merged(v("d", false, None), "c", 2021),
            merged(v("e", false, Some(2022)), "c", 2021),
        ];
        assert_eq!(
            year(&all, 2018),
            pairs(&[("a", true), ("b", false), ("d", false), ("e", true)])
        );
        assert_eq!(year(&all, 2019), pairs(&[("b", true), ("d", false), ("e", true)]));
        assert_eq!(year(&all, 2021), pairs(&[("b", true), ("c", true)]));
        assert_eq!(year(&all, 2022), pairs(&[("b", true), ("c", false)]));
    }

    #[test]
    fn chains_are_followed_to_the_village_of_the_year() {
        let all = vec![
            merged(v("a", true, None), "b", 2018),
            merged(v("b", false, None), "c", 2020),
            v("c", false, None),
        ];
        let by_id: HashMap<&str, &Facts> = all.iter().map(|f| (f.id.as_str(), f)).collect();
        assert_eq!(successor_in(&by_id, "a", 2017), Some("a"));
        assert_eq!(successor_in(&by_id, "a", 2019), Some("b"));
        assert_eq!(successor_in(&by_id, "a", 2020), Some("c"));
        assert_eq!(year(&all, 2019), pairs(&[("b", true), ("c", false)]));
        assert_eq!(year(&all, 2020), pairs(&[("c", true)]));
        let looped = [
            merged(v("x", false, None), "y", 2000),
            merged(v("y", false, None), "x", 2000),
        ];
        let by_id: HashMap<&str, &Facts> = looped.iter().map(|f| (f.id.as_str(), f)).collect();
        assert_eq!(successor_in(&by_id, "x", 2001), None);
    }

    #[test]
    fn merges_are_checked() {
        let a = v("a", true, None);
        let b = v("b", false, None);
        assert!(check_merge(&a, &b, 2019).is_ok());
        assert_eq!(check_merge(&a, &a, 2019).unwrap_err().code, "invalid_value");
        assert_eq!(
            check_merge(&merged(a.clone(), "b", 2018), &b, 2019).unwrap_err().code,
            "already_merged"
        );
        assert_eq!(
            check_merge(&a, &merged(b.clone(), "c", 2018), 2019).unwrap_err().code,
            "merged"
        );
        let mut late = b.clone();
        late.established_year = Some(2020);
        assert_eq!(check_merge(&a, &late, 2019).unwrap_err().code, "not_yet_established");
    }

    fn t(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    #[test]
    fn every_bad_cell_is_reported_and_good_rows_are_read() {
        let header: Vec<Cell> = [
            "乡镇代码",
            "乡镇",
            "村社区代码",
            "村社区名称",
            "类型",
            "贫困村",
            "贫困状态变更年份",
        ]
        .iter()
        .map(|s| t(s))
        .collect();
        let good = vec![
            vec![t("县行政区划")],
            header.clone(),
            vec![
                t("430101001"),
                t("城关镇"),
                t("430101001001"),
                t("东村"),
                t("村"),
                t("是"),
                t("2014"),
            ],
            vec![
                t("430101001"),
                t("城关镇"),
                t("430101001002"),
                t("西社区"),
                t("社区"),
                t("否"),
                Cell::Empty,
            ],
        ];
        let (rows, errors) = check(&good);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(rows.len(), 2);
        assert_eq!(
            (rows[0].row, rows[0].poor, rows[0].poor_changed_year),
            (3, true, Some(2014))
        );
        assert_eq!(rows[1].kind, VillageKind::Community);

        let mut bad = good.clone();
        bad.push(vec![
            t("430101001"),
            t("城关乡"),
            t("430101001001"),
            t("北村"),
            t("屯"),
            t("也许"),
            t("14"),
        ]);
        let (_, errors) = check(&bad);
        let codes: Vec<(usize, &str)> = errors.iter().map(|e| (e.row, e.code.as_str())).collect();
        assert_eq!(
            codes,
            [
                (5, "invalid_value"),
                (5, "invalid_value"),
                (5, "invalid_value"),
                (5, "duplicate"),
                (5, "inconsistent")
            ]
        );
        assert_eq!(check(&[vec![t("x")]]).1[0].code, "no_header");
    }
}
