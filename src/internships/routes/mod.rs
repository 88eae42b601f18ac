//! HTTP routes of the internships domain.

pub mod applications;
pub mod offers;
pub mod programs;

use crate::http::routing::Routes;

/// Mount and document this domain's routes (each path and method comes from the handler's annotation).
pub fn routes(r: &mut Routes) {
    r.add(programs::__path_list, programs::list);
    r.add(programs::__path_create, programs::create);
    r.add(programs::__path_get, programs::get);
    r.add(programs::__path_publish, programs::publish);
    r.add(programs::__path_close, programs::close);
    r.add(programs::__path_stats, programs::stats);
    r.add(offers::__path_create, offers::create);
    r.add(offers::__path_mine, offers::mine);
    r.add(offers::__path_approve, offers::approve);
    r.add(offers::__path_reject, offers::reject);
    r.add(applications::__path_list, applications::list);
    r.add(applications::__path_apply, applications::apply);
    r.add(applications::__path_accept, applications::accept);
    r.add(applications::__path_reject, applications::reject);
    r.add(applications::__path_withdraw, applications::withdraw);
    r.add(applications::__path_start, applications::start);
    r.add(applications::__path_complete, applications::complete);
    r.add(applications::__path_terminate, applications::terminate);
}
