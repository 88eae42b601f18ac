//! HTTP routes of the subsidy domain: thin handlers that authorise, call one operation and shape
//! the answer.

pub mod applications;
pub mod notices;
pub mod policies;

use crate::http::routing::Routes;

/// Mount and document this domain's routes (each path and method comes from the handler's annotation).
pub fn routes(r: &mut Routes) {
    r.add(policies::__path_list, policies::list);
    r.add(policies::__path_create, policies::create);
    r.add(policies::__path_get, policies::get);
    r.add(policies::__path_update, policies::update);
    r.add(policies::__path_activate, policies::activate);
    r.add(policies::__path_close, policies::close);
    r.add(policies::__path_new_version, policies::new_version);
    r.add(policies::__path_set_budget, policies::set_budget);
    r.add(policies::__path_budget, policies::budget);
    r.add(policies::__path_eligibility, policies::eligibility);
    r.add(applications::__path_list, applications::list);
    r.add(applications::__path_create, applications::create);
    r.add(applications::__path_get, applications::get);
    r.add(applications::__path_update, applications::update);
    r.add(applications::__path_history, applications::history);
    r.add(applications::__path_submit, applications::submit);
    r.add(applications::__path_withdraw, applications::withdraw);
    r.add(applications::__path_return_for_more, applications::return_for_more);
    r.add(applications::__path_reject, applications::reject);
    r.add(applications::__path_approve, applications::approve);
    r.add(applications::__path_finance_approve, applications::finance_approve);
    r.add(applications::__path_finance_reject, applications::finance_reject);
    r.add(notices::__path_list, notices::list);
    r.add(notices::__path_publish, notices::publish);
    r.add(notices::__path_get, notices::get);
    r.add(notices::__path_object, notices::object);
    r.add(notices::__path_objections, notices::objections);
    r.add(notices::__path_uphold, notices::uphold);
    r.add(notices::__path_dismiss, notices::dismiss);
}
