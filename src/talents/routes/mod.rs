//! HTTP routes of the talents domain.

pub mod pool;
pub mod profile;

use crate::http::errors::resource;
use actix_web::web;

/// Mount the talent routes under `/api/v1`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        resource("/me/profile")
            .route(web::get().to(profile::get_mine))
            .route(web::put().to(profile::put_mine)),
    )
    .service(resource("/talents").route(web::get().to(pool::list)))
    .service(resource("/talents/export").route(web::get().to(pool::export)))
    .service(resource("/talents/{user_id}").route(web::get().to(pool::detail)))
    .service(resource("/talents/{user_id}/reveal").route(web::post().to(pool::reveal)));
}
