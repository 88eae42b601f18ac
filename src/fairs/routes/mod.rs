//! HTTP routes of the job-fair domain.

pub mod booths;
pub mod fairs;
pub mod intents;
pub mod registrations;
pub mod stats;

use crate::http::routing::Routes;

/// Mount and document this domain's routes (each path and method comes from the handler's annotation).
pub fn routes(r: &mut Routes) {
    r.add(fairs::__path_list, fairs::list);
    r.add(fairs::__path_create, fairs::create);
    r.add(stats::__path_year, stats::year);
    r.add(fairs::__path_get, fairs::get);
    r.add(fairs::__path_update, fairs::update);
    r.add(fairs::__path_publish, fairs::publish);
    r.add(fairs::__path_close, fairs::close);
    r.add(fairs::__path_finish, fairs::finish);
    r.add(fairs::__path_cancel, fairs::cancel);
    r.add(registrations::__path_list, registrations::list);
    r.add(registrations::__path_sign_up, registrations::sign_up);
    r.add(registrations::__path_cancel, registrations::cancel);
    r.add(registrations::__path_check_in, registrations::check_in);
    r.add(stats::__path_fair, stats::fair);
    r.add(registrations::__path_mine, registrations::mine);
    r.add(booths::__path_list, booths::list);
    r.add(booths::__path_request, booths::request);
    r.add(booths::__path_approve, booths::approve);
    r.add(booths::__path_reject, booths::reject);
    r.add(booths::__path_mine, booths::mine);
    r.add(intents::__path_list, intents::list);
    r.add(intents::__path_create, intents::create);
    r.add(intents::__path_sign, intents::sign);
    r.add(intents::__path_withdraw, intents::withdraw);
}
