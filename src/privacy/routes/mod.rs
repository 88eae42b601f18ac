//! HTTP routes of the privacy domain.

pub mod closures;
pub mod data;

use crate::http::routing::Routes;

/// Mount and document this domain's routes (each path and method comes from the handler's annotation).
pub fn routes(r: &mut Routes) {
    r.add(data::__path_notice, data::notice);
    r.add(data::__path_export, data::export);
    r.add(closures::__path_request, closures::request);
    r.add(closures::__path_mine, closures::mine);
    r.add(closures::__path_list, closures::list);
    r.add(closures::__path_approve, closures::approve);
    r.add(closures::__path_reject, closures::reject);
}
