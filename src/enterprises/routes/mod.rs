//! HTTP routes of the enterprises domain, one handler family per file.

pub mod read;
pub mod register;
pub mod review;

use crate::http::routing::Routes;

/// Mount and document this domain's routes (each path and method comes from the handler's annotation).
pub fn routes(r: &mut Routes) {
    r.add(read::__path_list_enterprises, read::list_enterprises);
    r.add(register::__path_register_enterprise, register::register_enterprise);
    r.add(read::__path_get_enterprise, read::get_enterprise);
    r.add(register::__path_update_enterprise, register::update_enterprise);
    r.add(review::__path_verify_enterprise, review::verify_enterprise);
    r.add(review::__path_reject_enterprise, review::reject_enterprise);
    r.add(read::__path_my_enterprise, read::my_enterprise);
}
