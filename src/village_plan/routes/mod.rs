//! HTTP routes of the village-plan domain (`/api/v1/village-plan`).

pub mod candidates;
pub mod rounds;

use crate::http::routing::Routes;

/// Mount and document this domain's routes (each path and method comes from the handler's annotation).
pub fn routes(r: &mut Routes) {
    r.add(rounds::__path_list, rounds::list);
    r.add(rounds::__path_create, rounds::create);
    r.add(rounds::__path_get, rounds::get);
    r.add(rounds::__path_update, rounds::update);
    r.add(rounds::__path_open, rounds::open);
    r.add(rounds::__path_close, rounds::close);
    r.add(rounds::__path_coverage, rounds::coverage);
    r.add(rounds::__path_figures, rounds::figures);
    r.add(candidates::__path_list, candidates::list);
    r.add(candidates::__path_apply, candidates::apply);
    r.add(candidates::__path_enter, candidates::enter);
    r.add(candidates::__path_mine, candidates::mine);
    r.add(candidates::__path_recommend, candidates::recommend);
    r.add(candidates::__path_decline, candidates::decline);
    r.add(candidates::__path_withdraw, candidates::withdraw);
    r.add(candidates::__path_admit, candidates::admit);
    r.add(candidates::__path_not_admit, candidates::not_admit);
}
