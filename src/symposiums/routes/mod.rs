//! HTTP routes of the symposiums domain.

pub mod invitations;
pub mod symposiums;

use crate::http::routing::Routes;

/// Mount and document this domain's routes (each path and method comes from the handler's annotation).
pub fn routes(r: &mut Routes) {
    r.add(symposiums::__path_list, symposiums::list);
    r.add(symposiums::__path_create, symposiums::create);
    r.add(symposiums::__path_get, symposiums::get);
    r.add(symposiums::__path_update, symposiums::update);
    r.add(symposiums::__path_hold, symposiums::hold);
    r.add(symposiums::__path_cancel, symposiums::cancel);
    r.add(symposiums::__path_summary, symposiums::summary);
    r.add(invitations::__path_list, invitations::list);
    r.add(invitations::__path_preview, invitations::preview);
    r.add(invitations::__path_invite, invitations::invite);
    r.add(invitations::__path_attendance, invitations::attendance);
    r.add(invitations::__path_rsvp, invitations::rsvp);
    r.add(invitations::__path_mine, invitations::mine);
}
