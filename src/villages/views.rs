//! Villages as the API shows them: with their township's and successor's names and, for a year,
//! whether they exist and are poor then.

use crate::db::DbConn;
use crate::error::AppResult;
use crate::villages::models::{VillageRow, VillageView};
use crate::villages::{queries, rules};
use std::collections::HashMap;

/// Views of `rows`; with `year`, each says whether it exists and is poor in that year.
pub fn villages(conn: &mut DbConn, rows: &[VillageRow], year: Option<i32>) -> AppResult<Vec<VillageView>> {
    let townships = queries::township_names(conn, rows.iter().map(|r| r.township_id.clone()).collect())?;
    let successors = queries::village_names(conn, rows.iter().filter_map(|r| r.merged_into_id.clone()).collect())?;
    let of_year: Option<HashMap<String, bool>> = match year {
        Some(y) => Some(
            rules::villages_in_year(&queries::all_facts(conn)?, y)
                .into_iter()
                .map(|v| (v.id, v.poor))
                .collect(),
        ),
        None => None,
    };
    Ok(rows
        .iter()
        .map(|r| {
            let mut v = VillageView::of(
                r,
                townships.get(&r.township_id).cloned().unwrap_or_default(),
                r.merged_into_id.as_ref().and_then(|m| successors.get(m).cloned()),
            );
            if let Some(map) = &of_year {
                v.exists_in_year = Some(map.contains_key(&r.id));
                v.poor_in_year = Some(map.get(&r.id).copied().unwrap_or(false));
            }
            v
        })
        .collect())
}

/// The view of one village.
pub fn village(conn: &mut DbConn, row: &VillageRow) -> AppResult<VillageView> {
    let mut list = villages(conn, std::slice::from_ref(row), None)?;
    list.pop().ok_or_else(crate::error::AppError::not_found)
}
