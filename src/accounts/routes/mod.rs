//! HTTP routes of the accounts domain, one handler family per file.

pub mod me;
pub mod password;
pub mod register;
pub mod session;
pub mod users;
pub mod verify;

use crate::http::routing::Routes;

/// Mount and document this domain's routes (each path and method comes from the handler's annotation).
pub fn routes(r: &mut Routes) {
    r.add(register::__path_register, register::register);
    r.add(verify::__path_verify_email, verify::verify_email);
    r.add(verify::__path_resend_verification, verify::resend_verification);
    r.add(session::__path_login, session::login);
    r.add(session::__path_refresh, session::refresh);
    r.add(session::__path_logout, session::logout);
    r.add(password::__path_request_reset, password::request_reset);
    r.add(password::__path_confirm_reset, password::confirm_reset);
    r.add(me::__path_me, me::me);
    r.add(password::__path_change_password, password::change_password);
    r.add(users::__path_list_users, users::list_users);
    r.add(users::__path_create_user, users::create_user);
    r.add(users::__path_update_user, users::update_user);
}
