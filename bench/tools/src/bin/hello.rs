//! The bare bound of S0: actix-web answering `GET /healthz` with "ok", nothing else in the way.
//! Same worker count as the portal (actix's default: one per core).

use actix_web::{web, App, HttpResponse, HttpServer};

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let port = juxian_bench_tools::arg(1, "hello <port>");
    HttpServer::new(|| {
        App::new().route(
            "/healthz",
            web::get().to(|| async { HttpResponse::Ok().content_type("text/plain").body("ok") }),
        )
    })
    .bind(("127.0.0.1", port.parse::<u16>().unwrap_or(0)))?
    .run()
    .await
}
