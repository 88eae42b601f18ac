//! HTTP routes of the reports domain.

pub mod annual;
pub mod summary;

use crate::http::routing::Routes;

/// Mount and document this domain's routes (each path and method comes from the handler's annotation).
pub fn routes(r: &mut Routes) {
    r.add(annual::__path_annual, annual::annual);
    r.add(annual::__path_workbook, annual::workbook);
    r.add(annual::__path_freeze, annual::freeze);
    r.add(summary::__path_annual_summary, summary::annual_summary);
    r.add(summary::__path_get_settings, summary::get_settings);
    r.add(summary::__path_put_settings, summary::put_settings);
}
