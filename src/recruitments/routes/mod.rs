//! HTTP routes of the recruitment domain: thin handlers that authorise, call one operation and
//! shape the answer.

pub mod applications;
pub mod posts;
pub mod recruitments;
pub mod scores;

use crate::http::routing::Routes;

/// Mount and document this domain's routes (each path and method comes from the handler's annotation).
pub fn routes(r: &mut Routes) {
    r.add(recruitments::__path_list, recruitments::list);
    r.add(recruitments::__path_create, recruitments::create);
    r.add(recruitments::__path_get, recruitments::get);
    r.add(recruitments::__path_update, recruitments::update);
    r.add(recruitments::__path_publish, recruitments::publish);
    r.add(recruitments::__path_close_signup, recruitments::close_signup);
    r.add(recruitments::__path_complete_written, recruitments::complete_written);
    r.add(
        recruitments::__path_complete_interview,
        recruitments::complete_interview,
    );
    r.add(recruitments::__path_close, recruitments::close);
    r.add(recruitments::__path_cancel, recruitments::cancel);
    r.add(recruitments::__path_issue_tickets, recruitments::issue_tickets);
    r.add(recruitments::__path_check_in, recruitments::check_in);
    r.add(posts::__path_list, posts::list);
    r.add(posts::__path_create, posts::create);
    r.add(posts::__path_update, posts::update);
    r.add(posts::__path_delete, posts::delete);
    r.add(posts::__path_cut, posts::cut);
    r.add(posts::__path_reduce, posts::reduce);
    r.add(posts::__path_precheck, posts::precheck);
    r.add(applications::__path_sign_up, applications::sign_up);
    r.add(applications::__path_mine, applications::mine);
    r.add(applications::__path_queue, applications::queue);
    r.add(applications::__path_get, applications::get);
    r.add(applications::__path_history, applications::history);
    r.add(applications::__path_ticket, applications::ticket);
    r.add(applications::__path_withdraw, applications::withdraw);
    r.add(applications::__path_resubmit, applications::resubmit);
    r.add(applications::__path_approve, applications::approve);
    r.add(applications::__path_reject, applications::reject);
    r.add(applications::__path_return_for_more, applications::return_for_more);
    r.add(scores::__path_enter, scores::enter);
    r.add(scores::__path_import, scores::import);
    r.add(scores::__path_publish, scores::publish);
    r.add(scores::__path_result, scores::result);
}
