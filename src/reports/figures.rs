//! Assembles the annual report from the aggregates, all read in one snapshot so that every
//! figure of one answer describes the same moment.

use crate::catalog::{EducationLevel, TalentCategory};
use crate::db::{read_snapshot, to_utc, DbConn};
use crate::error::AppResult;
use crate::reports::models::{AnnualReport, BatchLine, FairLine, Figure, MonthLine, PolicyLine, SchoolLine, Unit};
use crate::reports::period::Period;
use crate::reports::queries as q;
use crate::reports::{freeze, labels};
use chrono::NaiveDateTime;
use std::collections::{BTreeMap, HashMap};

/// The figures being collected, by stable key.
#[derive(Default)]
pub(crate) struct Figures(BTreeMap<String, Figure>);

impl Figures {
    fn put(&mut self, key: impl Into<String>, value: i64, unit: Unit) {
        let key = key.into();
        // An unnamed key is a programming error the unit test catches; the key itself stands in.
        let (label_zh, label_en) = labels::label(&key).unwrap_or_else(|| (key.clone(), key.clone()));
        self.0.insert(
            key,
            Figure {
                value,
                unit,
                label_zh,
                label_en,
            },
        );
    }
}

/// The report of `period`, read at `now` in one snapshot, with the frozen figures beside it when
/// the whole year was frozen.
pub fn annual(conn: &mut DbConn, period: &Period, now: NaiveDateTime) -> AppResult<AnnualReport> {
    read_snapshot(conn, |conn| {
        let mut report = collect(conn, period, now)?;
        if period.quarter.is_none() {
            if let Some(row) = freeze::find(conn, period.year)? {
                report.frozen = Some(freeze::view(conn, &row, &report)?);
            }
        }
        Ok(report)
    })
}

/// The live figures of `period`; the caller provides the consistent read.
fn collect(conn: &mut DbConn, period: &Period, now: NaiveDateTime) -> AppResult<AnnualReport> {
    {
        let mut f = Figures::default();
        talents(conn, period, &mut f)?;
        let fairs = fairs(conn, period, &mut f)?;
        internships(conn, period, &mut f)?;
        recruitment(conn, period, &mut f)?;
        village_plan(conn, period, &mut f)?;
        let symposiums = crate::symposiums::queries::year_figures(conn, period.from, period.to)?;
        f.put("symposiums.held", symposiums.held, Unit::Item);
        f.put("symposiums.attendance", symposiums.attendance, Unit::Person);
        let trainings = crate::trainings::queries::year_figures(conn, period.from, period.to)?;
        f.put("trainings.courses", trainings.courses, Unit::Item);
        f.put("trainings.trainees", trainings.trainees, Unit::Person);
        f.put("trainings.completions", trainings.completions, Unit::Person);
        let policies = subsidies(conn, period, &mut f)?;
        let allowance_batches = allowances(conn, period, &policies, &mut f)?;
        let (paid, paid_fen) = q::paid(conn, period.from, period.to)?;
        let (failed, failed_fen) = q::failed(conn, period)?;
        f.put("payouts.paid", paid, Unit::Item);
        f.put("payouts.paid_fen", paid_fen, Unit::Fen);
        f.put("payouts.failed", failed, Unit::Item);
        f.put("payouts.failed_fen", failed_fen, Unit::Fen);
        let months = months(conn, period)?;
        let internship_schools = internship_schools(conn, period, &f)?;
        Ok(AnnualReport {
            year: period.year,
            quarter: period.quarter,
            from: to_utc(period.from),
            to: to_utc(period.to),
            generated_at: to_utc(now),
            figures: f.0,
            fairs,
            policies,
            allowance_batches,
            months,
            internship_schools,
            frozen: None,
        })
    }
}

fn talents(conn: &mut DbConn, p: &Period, f: &mut Figures) -> AppResult<()> {
    f.put(
        "talents.registered",
        q::applicants_registered(conn, p.from, p.to)?,
        Unit::Person,
    );
    f.put("talents.profiles", q::profiles(conn, p)?, Unit::Person);
    // Every category and level has its key, zero included, so the keys never depend on the data.
    let by_category: HashMap<String, i64> = q::profiles_by_category(conn, p)?.into_iter().collect();
    for c in TalentCategory::ALL {
        let key = c.as_str();
        f.put(
            format!("talents.category.{key}"),
            by_category.get(key).copied().unwrap_or(0),
            Unit::Person,
        );
    }
    let by_education: HashMap<Option<String>, i64> = q::profiles_by_education(conn, p)?.into_iter().collect();
    for level in EducationLevel::ALL {
        let n = by_education
            .get(&Some(level.as_str().to_string()))
            .copied()
            .unwrap_or(0);
        f.put(format!("talents.education.{}", level.as_str()), n, Unit::Person);
    }
    f.put(
        "talents.education.unknown",
        by_education.get(&None).copied().unwrap_or(0),
        Unit::Person,
    );
    let (registered, verified) = q::enterprises(conn, p)?;
    f.put("enterprises.registered", registered, Unit::Enterprise);
    f.put("enterprises.verified", verified, Unit::Enterprise);
    let (positions, headcount) = q::positions(conn, p)?;
    f.put("positions.published", positions, Unit::Item);
    f.put("positions.headcount", headcount, Unit::Person);
    Ok(())
}

fn fairs(conn: &mut DbConn, p: &Period, f: &mut Figures) -> AppResult<Vec<FairLine>> {
    let booths: HashMap<String, i64> = q::booths_per_fair(conn, p)?.into_iter().collect();
    let positions: HashMap<String, (i64, i64)> = q::booth_positions_per_fair(conn, p)?
        .into_iter()
        .map(|(id, n, hc)| (id, (n, hc.unwrap_or_default())))
        .collect();
    let mut regs: HashMap<(String, String), i64> = HashMap::new();
    for (id, status, n) in q::registrations_per_fair(conn, p)? {
        regs.insert((id, status), n);
    }
    let mut intents: HashMap<(String, String), i64> = HashMap::new();
    for (id, status, n) in q::intents_per_fair(conn, p)? {
        intents.insert((id, status), n);
    }
    let get = |m: &HashMap<(String, String), i64>, id: &str, s: &str| {
        m.get(&(id.to_string(), s.to_string())).copied().unwrap_or(0)
    };
    let lines: Vec<FairLine> = q::fairs_held(conn, p)?
        .into_iter()
        .map(|(id, title, starts_at)| {
            let (positions, headcount) = positions.get(&id).copied().unwrap_or((0, 0));
            let checked_in = get(&regs, &id, "checked_in");
            let signed = get(&intents, &id, "signed");
            FairLine {
                enterprises: booths.get(&id).copied().unwrap_or(0),
                positions,
                headcount,
                signed_up: get(&regs, &id, "registered") + checked_in,
                checked_in,
                intents: get(&intents, &id, "intended") + signed,
                intents_signed: signed,
                job_fair_id: id,
                title,
                starts_at: to_utc(starts_at),
            }
        })
        .collect();
    let total = |pick: fn(&FairLine) -> i64| lines.iter().map(pick).sum::<i64>();
    f.put("fairs.held", lines.len() as i64, Unit::Fair);
    // An enterprise at three fairs counts once for the year.
    f.put("fairs.enterprises", q::fair_enterprises(conn, p)?, Unit::Enterprise);
    f.put("fairs.booths", total(|l| l.enterprises), Unit::Item);
    f.put("fairs.positions", total(|l| l.positions), Unit::Item);
    f.put("fairs.headcount", total(|l| l.headcount), Unit::Person);
    f.put("fairs.signed_up", total(|l| l.signed_up), Unit::Person);
    f.put("fairs.checked_in", total(|l| l.checked_in), Unit::Person);
    f.put("fairs.intents", total(|l| l.intents), Unit::Person);
    f.put("fairs.intents_signed", total(|l| l.intents_signed), Unit::Person);
    Ok(lines)
}

fn internships(conn: &mut DbConn, p: &Period, f: &mut Figures) -> AppResult<()> {
    let [programmes, offers, slots, applicants, placed, completed] = q::internships(conn, p)?;
    f.put("internships.programmes", programmes, Unit::Item);
    f.put("internships.offers", offers, Unit::Item);
    f.put("internships.slots", slots, Unit::Person);
    f.put("internships.applicants", applicants, Unit::Person);
    f.put("internships.placed", placed, Unit::Person);
    f.put("internships.completed", completed, Unit::Person);
    Ok(())
}

/// The interns by school and major; what the lines miss (profiles without education) is one
/// last line, so the lines always add up to the totals.
fn internship_schools(conn: &mut DbConn, p: &Period, f: &Figures) -> AppResult<Vec<SchoolLine>> {
    let mut lines: Vec<SchoolLine> = q::internship_schools(conn, p)?
        .into_iter()
        .map(|(school, major, placed, completed)| SchoolLine {
            school: Some(school),
            major,
            placed,
            completed,
        })
        .collect();
    let total = |key: &str| f.0.get(key).map_or(0, |x| x.value);
    let placed = total("internships.placed") - lines.iter().map(|l| l.placed).sum::<i64>();
    let completed = total("internships.completed") - lines.iter().map(|l| l.completed).sum::<i64>();
    if placed > 0 || completed > 0 {
        lines.push(SchoolLine {
            school: None,
            major: None,
            placed,
            completed,
        });
    }
    Ok(lines)
}

fn recruitment(conn: &mut DbConn, p: &Period, f: &mut Figures) -> AppResult<()> {
    let [held, posts, headcount, signed_up, approved] = q::recruitment(conn, p)?;
    f.put("recruitment.recruitments", held, Unit::Item);
    f.put("recruitment.posts", posts, Unit::Item);
    f.put("recruitment.headcount", headcount, Unit::Person);
    f.put("recruitment.signed_up", signed_up, Unit::Person);
    f.put("recruitment.approved", approved, Unit::Person);
    Ok(())
}

/// The village plan runs in yearly rounds: its figures belong to the whole year only.
fn village_plan(conn: &mut DbConn, p: &Period, f: &mut Figures) -> AppResult<()> {
    if p.quarter.is_some() {
        return Ok(());
    }
    for y in crate::village_plan::queries::year_figures(conn, p.year, p.year)? {
        f.put("village_plan.applicants", y.applicants, Unit::Person);
        f.put("village_plan.recommended", y.recommended, Unit::Person);
        f.put("village_plan.admitted", y.admitted, Unit::Person);
        f.put(
            "village_plan.poor_villages_covered",
            y.poor_villages_covered,
            Unit::Item,
        );
        f.put("village_plan.poor_villages_total", y.poor_villages_total, Unit::Item);
    }
    Ok(())
}

fn subsidies(conn: &mut DbConn, p: &Period, f: &mut Figures) -> AppResult<Vec<PolicyLine>> {
    let applications: HashMap<String, i64> = q::applications_per_policy(conn, p)?.into_iter().collect();
    let awards: HashMap<String, (i64, i64)> = q::awards_per_policy(conn, p)?
        .into_iter()
        .map(|(id, n, fen)| (id, (n, fen)))
        .collect();
    let mut paid: HashMap<String, (i64, i64)> = HashMap::new();
    for (id, _source, n, fen) in q::paid_per_policy(conn, p)? {
        let e = paid.entry(id).or_default();
        e.0 += n;
        e.1 += fen;
    }
    let budgets: HashMap<String, (i64, i64, i64)> = q::budgets(conn, p.year)?
        .into_iter()
        .map(|(id, b, r, pd)| (id, (b, r, pd)))
        .collect();
    let mut lines = Vec::new();
    for (id, code, name, kind) in q::policies(conn)? {
        let (awarded, awarded_fen) = awards.get(&id).copied().unwrap_or((0, 0));
        let (paid, paid_fen) = paid.get(&id).copied().unwrap_or((0, 0));
        let budget = budgets.get(&id).copied();
        let line = PolicyLine {
            applications: applications.get(&id).copied().unwrap_or(0),
            awarded,
            awarded_fen,
            paid,
            paid_fen,
            budget_fen: budget.map(|b| b.0),
            reserved_fen: budget.map(|b| b.1),
            budget_paid_fen: budget.map(|b| b.2),
            remaining_fen: budget.map(|(b, r, pd)| b - r - pd),
            policy_id: id,
            code,
            name,
            kind,
        };
        // A policy with nothing in the period and no budget for the year is not part of it.
        if line.applications + line.awarded + line.paid > 0 || budget.is_some() {
            lines.push(line);
        }
    }
    let of_kind =
        |kind: &str, pick: fn(&PolicyLine) -> i64| -> i64 { lines.iter().filter(|l| l.kind == kind).map(pick).sum() };
    f.put(
        "subsidies.applications",
        of_kind("application", |l| l.applications),
        Unit::Item,
    );
    f.put("subsidies.awarded", of_kind("application", |l| l.awarded), Unit::Person);
    f.put(
        "subsidies.awarded_fen",
        of_kind("application", |l| l.awarded_fen),
        Unit::Fen,
    );
    f.put("subsidies.paid", of_kind("application", |l| l.paid), Unit::Person);
    f.put("subsidies.paid_fen", of_kind("application", |l| l.paid_fen), Unit::Fen);
    let all = |pick: fn(&PolicyLine) -> Option<i64>| -> i64 { lines.iter().filter_map(pick).sum() };
    f.put("budget.budget_fen", all(|l| l.budget_fen), Unit::Fen);
    f.put("budget.reserved_fen", all(|l| l.reserved_fen), Unit::Fen);
    f.put("budget.paid_fen", all(|l| l.budget_paid_fen), Unit::Fen);
    f.put("budget.remaining_fen", all(|l| l.remaining_fen), Unit::Fen);
    Ok(lines)
}

fn allowances(conn: &mut DbConn, p: &Period, policies: &[PolicyLine], f: &mut Figures) -> AppResult<Vec<BatchLine>> {
    let lines: Vec<BatchLine> = q::allowance_batches(conn, p)?
        .into_iter()
        .map(
            |(batch_id, policy_id, policy_name, batch_no, period, title, status, rows, total_fen)| BatchLine {
                batch_id,
                policy_id,
                policy_name,
                batch_no,
                period,
                title,
                status,
                recipients: i64::from(rows),
                total_fen,
            },
        )
        .collect();
    f.put("allowances.batches", lines.len() as i64, Unit::Batch);
    f.put(
        "allowances.recipients",
        lines.iter().map(|l| l.recipients).sum(),
        Unit::Person,
    );
    f.put(
        "allowances.total_fen",
        lines.iter().map(|l| l.total_fen).sum(),
        Unit::Fen,
    );
    // Roster policies are paid from roster rows only: their lines' paid sums are the allowances paid.
    let paid: i64 = policies.iter().filter(|l| l.kind == "roster").map(|l| l.paid_fen).sum();
    f.put("allowances.paid_fen", paid, Unit::Fen);
    Ok(lines)
}

fn months(conn: &mut DbConn, p: &Period) -> AppResult<Vec<MonthLine>> {
    p.months()
        .into_iter()
        .map(|(month, from, to)| {
            let (paid, paid_fen) = q::paid(conn, from, to)?;
            Ok(MonthLine {
                month,
                registrations: q::applicants_registered(conn, from, to)?,
                intents: q::intents_recorded(conn, from, to)?,
                paid,
                paid_fen,
            })
        })
        .collect()
}
