//! HTTP routes of the villages domain.

pub mod townships;
pub mod villages;

use crate::http::routing::Routes;

/// Mount and document this domain's routes (each path and method comes from the handler's annotation).
pub fn routes(r: &mut Routes) {
    r.add(townships::__path_list, townships::list);
    r.add(townships::__path_create, townships::create);
    r.add(townships::__path_update, townships::update);
    r.add(villages::__path_list, villages::list);
    r.add(villages::__path_import, villages::import);
    r.add(villages::__path_get, villages::get);
    r.add(villages::__path_create, villages::create);
    r.add(villages::__path_update, villages::update);
    r.add(villages::__path_merge, villages::merge);
    r.add(villages::__path_unmerge, villages::unmerge);
}
