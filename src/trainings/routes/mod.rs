//! HTTP routes of the trainings domain.

pub mod courses;
pub mod trainees;

use crate::http::routing::Routes;

/// Mount and document this domain's routes (each path and method comes from the handler's annotation).
pub fn routes(r: &mut Routes) {
    r.add(courses::__path_list, courses::list);
    r.add(courses::__path_create, courses::create);
    r.add(courses::__path_get, courses::get);
    r.add(courses::__path_update, courses::update);
    r.add(courses::__path_publish, courses::publish);
    r.add(courses::__path_close, courses::close);
    r.add(courses::__path_cancel, courses::cancel);
    r.add(courses::__path_complete, courses::complete);
    r.add(trainees::__path_list, trainees::list);
    r.add(trainees::__path_sign_up, trainees::sign_up);
    r.add(trainees::__path_nominate, trainees::nominate);
    r.add(trainees::__path_check_in, trainees::check_in);
    r.add(trainees::__path_mine, trainees::mine);
    r.add(trainees::__path_certificate, trainees::certificate);
}
