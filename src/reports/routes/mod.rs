//! HTTP routes of the reports domain.

pub mod annual;

use crate::http::routing::Routes;

/// Mount and document this domain's routes (each path and method comes from the handler's annotation).
pub fn routes(r: &mut Routes) {
    r.add(annual::__path_annual, annual::annual);
    r.add(annual::__path_workbook, annual::workbook);
}
