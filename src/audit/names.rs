//! What the audit log and a person's timeline call the record an event is about: a fair's or a
//! programme's title instead of its id. One query per kind of record on the page; kinds without a
//! cheap name (a payout, a profile) stay unnamed and the screens show the kind alone.

use crate::db::schema::{
    allowance_batches, attachments, enterprises, internship_applications, internship_offers, internship_programs,
    job_fairs, positions, recruitment_applications, recruitment_posts, recruitments, subsidy_applications,
    subsidy_policies, symposiums, village_plan_rounds,
};
use crate::db::DbConn;
use crate::error::AppResult;
use diesel::prelude::*;
use std::collections::{BTreeMap, HashMap};

/// `(entity kind, id)` → the record's name.
pub type Names = HashMap<(String, String), String>;

/// The names of the records `refs` point at, as `(entity kind, id)` pairs.
pub fn names<'a>(conn: &mut DbConn, refs: impl IntoIterator<Item = (&'a str, &'a str)>) -> AppResult<Names> {
    let mut by_kind: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (kind, id) in refs {
        let ids = by_kind.entry(kind).or_default();
        if !ids.iter().any(|i| i == id) {
            ids.push(id.to_string());
        }
    }
    let mut out = Names::new();
    for (kind, ids) in by_kind {
        let found: Vec<(String, String)> = match kind {
            "job_fair" => job_fairs::table
                .filter(job_fairs::id.eq_any(&ids))
                .select((job_fairs::id, job_fairs::title))
                .load(conn)?,
            "internship_program" => internship_programs::table
                .filter(internship_programs::id.eq_any(&ids))
                .select((internship_programs::id, internship_programs::title))
                .load(conn)?,
            "internship_position" => {
                let programs: Vec<(String, String)> = internship_offers::table
                    .filter(internship_offers::id.eq_any(&ids))
                    .select((internship_offers::id, internship_offers::program_id))
                    .load(conn)?;
                through(conn, programs, program_titles)?
            }
            "internship_application" => {
                let programs: Vec<(String, String)> = internship_applications::table
                    .filter(internship_applications::id.eq_any(&ids))
                    .select((internship_applications::id, internship_applications::program_id))
                    .load(conn)?;
                through(conn, programs, program_titles)?
            }
            "recruitment" => recruitments::table
                .filter(recruitments::id.eq_any(&ids))
                .select((recruitments::id, recruitments::title))
                .load(conn)?,
            "recruitment_post" => recruitment_posts::table
                .filter(recruitment_posts::id.eq_any(&ids))
                .select((recruitment_posts::id, recruitment_posts::title))
                .load(conn)?,
            "recruitment_application" => {
                let parents: Vec<(String, String)> = recruitment_applications::table
                    .filter(recruitment_applications::id.eq_any(&ids))
                    .select((recruitment_applications::id, recruitment_applications::recruitment_id))
                    .load(conn)?;
                through(conn, parents, |conn, ids| {
                    Ok(recruitments::table
                        .filter(recruitments::id.eq_any(ids))
                        .select((recruitments::id, recruitments::title))
                        .load(conn)?)
                })?
            }
            "symposium" => symposiums::table
                .filter(symposiums::id.eq_any(&ids))
                .select((symposiums::id, symposiums::title))
                .load(conn)?,
            "subsidy_policy" => policy_names(conn, &ids)?,
            "subsidy_application" => {
                let policies: Vec<(String, String)> = subsidy_applications::table
                    .filter(subsidy_applications::id.eq_any(&ids))
                    .select((subsidy_applications::id, subsidy_applications::policy_id))
                    .load(conn)?;
                through(conn, policies, policy_names)?
            }
            "enterprise" => enterprises::table
                .filter(enterprises::id.eq_any(&ids))
                .select((enterprises::id, enterprises::name))
                .load(conn)?,
            "position" => positions::table
                .filter(positions::id.eq_any(&ids))
                .select((positions::id, positions::title))
                .load(conn)?,
            "allowance_batch" => allowance_batches::table
                .filter(allowance_batches::id.eq_any(&ids))
                .select((allowance_batches::id, allowance_batches::title))
                .load(conn)?,
            "village_plan_round" => village_plan_rounds::table
                .filter(village_plan_rounds::id.eq_any(&ids))
                .select((village_plan_rounds::id, village_plan_rounds::title))
                .load(conn)?,
            "attachment" => attachments::table
                .filter(attachments::id.eq_any(&ids))
                .select((attachments::id, attachments::file_name))
                .load(conn)?,
            _ => Vec::new(),
        };
        out.extend(found.into_iter().map(|(id, name)| ((kind.to_string(), id), name)));
    }
    Ok(out)
}

fn program_titles(conn: &mut DbConn, ids: &[String]) -> AppResult<Vec<(String, String)>> {
    Ok(internship_programs::table
        .filter(internship_programs::id.eq_any(ids))
        .select((internship_programs::id, internship_programs::title))
        .load(conn)?)
}

fn policy_names(conn: &mut DbConn, ids: &[String]) -> AppResult<Vec<(String, String)>> {
    Ok(subsidy_policies::table
        .filter(subsidy_policies::id.eq_any(ids))
        .select((subsidy_policies::id, subsidy_policies::name))
        .load(conn)?)
}

/// Name child records by their parent: `(child id, parent id)` pairs and the parents' names.
fn through(
    conn: &mut DbConn,
    parents: Vec<(String, String)>,
    name: impl Fn(&mut DbConn, &[String]) -> AppResult<Vec<(String, String)>>,
) -> AppResult<Vec<(String, String)>> {
    let ids: Vec<String> = parents.iter().map(|(_, p)| p.clone()).collect();
    let named: HashMap<String, String> = name(conn, &ids)?.into_iter().collect();
    Ok(parents
        .into_iter()
        .filter_map(|(child, parent)| named.get(&parent).map(|n| (child, n.clone())))
        .collect())
}
