//! HTTP routes of the accounts domain, one handler family per file.

pub mod me;
pub mod password;
pub mod register;
pub mod session;
pub mod users;
pub mod verify;

use crate::http::errors::resource;
use actix_web::web;

/// Mount the accounts routes under `/api/v1`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(resource("/auth/register").route(web::post().to(register::register)))
        .service(resource("/auth/verify-email").route(web::post().to(verify::verify_email)))
        .service(resource("/auth/resend-verification").route(web::post().to(verify::resend_verification)))
        .service(resource("/auth/login").route(web::post().to(session::login)))
        .service(resource("/auth/refresh").route(web::post().to(session::refresh)))
        .service(resource("/auth/logout").route(web::post().to(session::logout)))
        .service(resource("/auth/password-reset").route(web::post().to(password::request_reset)))
        .service(resource("/auth/password-reset/confirm").route(web::post().to(password::confirm_reset)))
        .service(resource("/me").route(web::get().to(me::me)))
        .service(resource("/me/password").route(web::post().to(password::change_password)))
        .service(
            resource("/users")
                .route(web::get().to(users::list_users))
                .route(web::post().to(users::create_user)),
        )
        .service(resource("/users/{id}").route(web::patch().to(users::update_user)));
}
