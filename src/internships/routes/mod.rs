//! HTTP routes of the internships domain.

pub mod applications;
pub mod offers;
pub mod programs;

use crate::http::errors::resource;
use actix_web::web;

/// Mount the internship routes under `/api/v1`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        resource("/internship-programs")
            .route(web::get().to(programs::list))
            .route(web::post().to(programs::create)),
    )
    .service(resource("/internship-programs/{id}").route(web::get().to(programs::get)))
    .service(resource("/internship-programs/{id}/publish").route(web::post().to(programs::publish)))
    .service(resource("/internship-programs/{id}/close").route(web::post().to(programs::close)))
    .service(resource("/internship-programs/{id}/stats").route(web::get().to(programs::stats)))
    .service(resource("/internship-positions").route(web::post().to(offers::create)))
    .service(resource("/me/internship-positions").route(web::get().to(offers::mine)))
    .service(resource("/internship-positions/{id}/approve").route(web::post().to(offers::approve)))
    .service(resource("/internship-positions/{id}/reject").route(web::post().to(offers::reject)))
    .service(
        resource("/internship-applications")
            .route(web::get().to(applications::list))
            .route(web::post().to(applications::apply)),
    )
    .service(resource("/internship-applications/{id}/accept").route(web::post().to(applications::accept)))
    .service(resource("/internship-applications/{id}/reject").route(web::post().to(applications::reject)))
    .service(resource("/internship-applications/{id}/withdraw").route(web::post().to(applications::withdraw)))
    .service(resource("/internship-applications/{id}/start").route(web::post().to(applications::start)))
    .service(resource("/internship-applications/{id}/complete").route(web::post().to(applications::complete)))
    .service(resource("/internship-applications/{id}/terminate").route(web::post().to(applications::terminate)));
}
