//! Serve the built single-page app from `JUXIAN_FRONTEND_DIR`, with a fallback to `index.html`
//! for client-side routes; or, when it is not built, a page saying how to build it.
//!
//! Caching: files under `/assets/` carry a content hash in their name and get a one-year immutable
//! cache (`http::headers`); a missing one is a 404, never `index.html`, or a browser would keep HTML
//! under an old chunk's name for a year after a deploy. `index.html` and the SPA fallback are
//! `no-cache`, so a deploy is seen on the next load.

use actix_files::{Files, NamedFile};
use actix_web::dev::{fn_service, ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::{web, HttpResponse, ResponseError};
use std::path::{Path, PathBuf};

use crate::error::{AppError, ErrorCode};

const NOT_BUILT: &str = "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>聚贤 Juxian</title></head>\
<body><h1>聚贤人才服务平台 / Juxian</h1><p>前端尚未构建。The frontend has not been built yet.</p>\
<p>Run <code>make run</code>, or <code>cd frontend &amp;&amp; npm ci &amp;&amp; npm run build</code>, then restart \
(or point <code>JUXIAN_FRONTEND_DIR</code> at the built <code>dist/</code>). The API is up: <a href=\"/api/docs/\">/api/docs/</a>.</p></body></html>";

/// `/api/docs` without the slash: send the browser to the docs page.
pub async fn docs_redirect() -> HttpResponse {
    HttpResponse::PermanentRedirect()
        .insert_header((header::LOCATION, "/api/docs/"))
        .finish()
}

/// Mount the frontend (or the 'not built' page) at `/`.
pub fn configure(cfg: &mut web::ServiceConfig, dir: &Path) {
    let index = dir.join("index.html");
    if index.is_file() {
        let dir: PathBuf = dir.to_path_buf();
        cfg.service(
            Files::new("/", dir)
                .index_file("index.html")
                .prefer_utf8(true)
                .default_handler(fn_service(move |req: ServiceRequest| {
                    let index = index.clone();
                    async move {
                        let (req, _) = req.into_parts();
                        if req.path().starts_with("/assets/") {
                            let res = AppError::new(ErrorCode::NotFound, format!("No file at {}.", req.path()))
                                .error_response();
                            return Ok(ServiceResponse::new(req, res));
                        }
                        let file = NamedFile::open_async(&index).await?;
                        let mut res = file.into_response(&req);
                        res.headers_mut()
                            .insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-cache"));
                        Ok(ServiceResponse::new(req, res))
                    }
                })),
        );
    } else {
        tracing::warn!(dir = %dir.display(), "frontend not built; serving a notice at /");
        cfg.route(
            "/",
            web::get().to(|| async {
                HttpResponse::Ok()
                    .content_type("text/html; charset=utf-8")
                    .body(NOT_BUILT)
            }),
        );
    }
}
