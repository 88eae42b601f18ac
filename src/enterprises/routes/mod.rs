//! HTTP routes of the enterprises domain, one handler family per file.

pub mod read;
pub mod register;
pub mod review;

use crate::http::errors::resource;
use actix_web::web;

/// Mount the enterprises routes under `/api/v1`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        resource("/enterprises")
            .route(web::get().to(read::list_enterprises))
            .route(web::post().to(register::register_enterprise)),
    )
    .service(
        resource("/enterprises/{id}")
            .route(web::get().to(read::get_enterprise))
            .route(web::patch().to(register::update_enterprise)),
    )
    .service(resource("/enterprises/{id}/verify").route(web::post().to(review::verify_enterprise)))
    .service(resource("/enterprises/{id}/reject").route(web::post().to(review::reject_enterprise)))
    .service(resource("/me/enterprise").route(web::get().to(read::my_enterprise)));
}
