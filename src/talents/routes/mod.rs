//! HTTP routes of the talents domain.

pub mod pool;
pub mod profile;

use crate::http::routing::Routes;

/// Mount and document this domain's routes (each path and method comes from the handler's annotation).
pub fn routes(r: &mut Routes) {
    r.add(profile::__path_get_mine, profile::get_mine);
    r.add(profile::__path_put_mine, profile::put_mine);
    r.add(pool::__path_list, pool::list);
    r.add(pool::__path_export, pool::export);
    r.add(pool::__path_detail, pool::detail);
    r.add(pool::__path_reveal, pool::reveal);
    r.add(pool::__path_reveals, pool::reveals);
}
