//! HTTP routes of the positions domain, one handler family per file.

pub mod read;
pub mod write;

use crate::http::errors::resource;
use actix_web::web;

/// Mount the positions routes under `/api/v1`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        resource("/positions")
            .route(web::get().to(read::list_positions))
            .route(web::post().to(write::create_position)),
    )
    .service(
        resource("/positions/{id}")
            .route(web::get().to(read::get_position))
            .route(web::patch().to(write::update_position)),
    )
    .service(resource("/me/positions").route(web::get().to(read::my_positions)));
}
