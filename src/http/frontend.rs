//! Serve the built single-page app from `JUXIAN_FRONTEND_DIR`, with a fallback to `index.html`
//! for client-side routes; or, when it is not built, a page saying how to build it.

use actix_files::{Files, NamedFile};
use actix_web::dev::{fn_service, ServiceRequest, ServiceResponse};
use actix_web::{web, HttpResponse};
use std::path::{Path, PathBuf};

const NOT_BUILT: &str = "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>聚贤 Juxian</title></head>\
<body><h1>聚贤人才服务平台 / Juxian</h1><p>前端尚未构建。The frontend has not been built yet.</p>\
<p>Run <code>make run</code>, or <code>cd frontend &amp;&amp; npm ci &amp;&amp; npm run build</code>, then restart \
(or point <code>JUXIAN_FRONTEND_DIR</code> at the built <code>dist/</code>). The API is up: <a href=\"/api/docs/\">/api/docs/</a>.</p></body></html>";

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
                        let file = NamedFile::open_async(&index).await?;
                        let res = file.into_response(&req);
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
