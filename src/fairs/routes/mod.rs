//! HTTP routes of the job-fair domain.

pub mod booths;
pub mod fairs;
pub mod intents;
pub mod registrations;
pub mod stats;

use crate::http::errors::resource;
use actix_web::web;

/// Mount the job-fair routes under `/api/v1`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        resource("/job-fairs")
            .route(web::get().to(fairs::list))
            .route(web::post().to(fairs::create)),
    )
    .service(resource("/job-fairs/stats").route(web::get().to(stats::year)))
    .service(
        resource("/job-fairs/{id}")
            .route(web::get().to(fairs::get))
            .route(web::patch().to(fairs::update)),
    )
    .service(resource("/job-fairs/{id}/publish").route(web::post().to(fairs::publish)))
    .service(resource("/job-fairs/{id}/close").route(web::post().to(fairs::close)))
    .service(resource("/job-fairs/{id}/finish").route(web::post().to(fairs::finish)))
    .service(resource("/job-fairs/{id}/cancel").route(web::post().to(fairs::cancel)))
    .service(
        resource("/job-fairs/{id}/registrations")
            .route(web::get().to(registrations::list))
            .route(web::post().to(registrations::sign_up)),
    )
    .service(resource("/job-fairs/{id}/registrations/{registration_id}").route(web::delete().to(registrations::cancel)))
    .service(resource("/job-fairs/{id}/check-in").route(web::post().to(registrations::check_in)))
    .service(resource("/job-fairs/{id}/stats").route(web::get().to(stats::fair)))
    .service(resource("/me/registrations").route(web::get().to(registrations::mine)))
    .service(
        resource("/job-fairs/{id}/booths")
            .route(web::get().to(booths::list))
            .route(web::post().to(booths::request)),
    )
    .service(resource("/job-fairs/{id}/booths/{booth_id}/approve").route(web::post().to(booths::approve)))
    .service(resource("/job-fairs/{id}/booths/{booth_id}/reject").route(web::post().to(booths::reject)))
    .service(resource("/me/booths").route(web::get().to(booths::mine)))
    .service(
        resource("/employment-intents")
            .route(web::get().to(intents::list))
            .route(web::post().to(intents::create)),
    )
    .service(resource("/employment-intents/{id}/sign").route(web::post().to(intents::sign)))
    .service(resource("/employment-intents/{id}/withdraw").route(web::post().to(intents::withdraw)));
}
