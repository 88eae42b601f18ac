//! Juxian (聚贤): the talent recruitment and services portal of a county talent office.
//!
//! [`Application::build`] turns a [`config::Config`] into a running server: database pool and
//! migrations, shared state, routes, middleware, and the background mail worker.

#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod accounts;
pub mod attachments;
pub mod audit;
pub mod auth;
pub mod backup;
pub mod catalog;
pub mod config;
pub mod crypto;
pub mod csv;
pub mod db;
pub mod enterprises;
pub mod error;
pub mod fairs;
pub mod http;
pub mod internships;
pub mod labels;
pub mod masking;
pub mod money;
pub mod notifications;
pub mod openapi;
pub mod operation;
pub mod pagination;
pub mod payouts;
pub mod positions;
pub mod privacy;
pub mod private_fs;
pub mod recruitments;
pub mod reports;
pub mod rosters;
pub mod sheets;
pub mod state;
pub mod subsidies;
pub mod symposiums;
pub mod talents;
pub mod time;
pub mod trainings;
pub mod transitions;
pub mod validation;
pub mod village_plan;
pub mod villages;

use crate::audit::AuditKey;
use crate::auth::password::Hasher;
use crate::auth::rate_limit::RateLimiter;
use crate::auth::tokens::TokenKeys;
use crate::config::{Config, DatabaseTarget};
use crate::db::Db;
use crate::http::metrics::Metrics;
use crate::http::routing::Routes;
use crate::notifications::mailer::Mailer;
use crate::notifications::worker::Worker;
use crate::state::AppState;
use actix_cors::Cors;
use actix_web::dev::Server;
use actix_web::middleware::{from_fn, ErrorHandlers};
use actix_web::{web, App, HttpServer};
use std::net::TcpListener;
use std::sync::Arc;
use tokio::sync::Notify;
use tracing_actix_web::TracingLogger;
use utoipa_swagger_ui::SwaggerUi;

/// Every domain's routes, in mounting order: adding a domain is one line here (see `src/README.md`).
pub const DOMAIN_ROUTES: &[fn(&mut Routes<'_>)] = &[
    accounts::routes::routes,
    audit::routes::routes,
    notifications::routes::routes,
    talents::routes::routes,
    attachments::routes::routes,
    fairs::routes::routes,
    internships::routes::routes,
    enterprises::routes::routes,
    positions::routes::routes,
    subsidies::routes::routes,
    payouts::routes::routes,
    rosters::routes::routes,
    reports::routes::routes,
    villages::routes::routes,
    village_plan::routes::routes,
    recruitments::routes::routes,
    symposiums::routes::routes,
    privacy::routes::routes,
    trainings::routes::routes,
];

/// Every domain that holds personal data, in export order: the download of "my data" and the
/// erasure of a closed account walk this list (see [`privacy::Holder`]).
pub const PERSONAL_DATA: &[privacy::Holder] = &[
    accounts::personal_data::HOLDER,
    privacy::personal_data::HOLDER,
    talents::personal_data::HOLDER,
    attachments::personal_data::HOLDER,
    enterprises::personal_data::HOLDER,
    fairs::personal_data::HOLDER,
    internships::personal_data::HOLDER,
    subsidies::personal_data::HOLDER,
    payouts::personal_data::HOLDER,
    recruitments::personal_data::HOLDER,
    symposiums::personal_data::HOLDER,
    trainings::personal_data::HOLDER,
];

/// The periodic jobs the mail worker runs before each round.
pub const JOBS: &[notifications::worker::Job] = &[
    notifications::worker::Job {
        name: "fair_reminders",
        run: fairs::reminders::queue_due,
    },
    notifications::worker::Job {
        name: "subsidy_notices",
        run: subsidies::jobs::close_due_notices,
    },
    notifications::worker::Job {
        name: "payout_awards",
        run: payouts::jobs::collect_awards,
    },
    notifications::worker::Job {
        name: "roster_settlement",
        run: rosters::jobs::settle_paid,
    },
    notifications::worker::Job {
        name: "idempotency_keys",
        run: http::idempotency::forget_old_keys,
    },
    notifications::worker::Job {
        name: "mail_retention",
        run: notifications::retention::forget_old_bodies,
    },
    notifications::worker::Job {
        name: "audit_ip_masking",
        run: audit::retention::mask_old_ips,
    },
    notifications::worker::Job {
        name: "old_tokens",
        run: accounts::jobs::forget_old_tokens,
    },
];

/// A built, bound, not yet running server.
pub struct Application {
    port: u16,
    server: Server,
    clock: time::Clock,
}

/// Open the database for this configuration and apply pending migrations.
pub async fn open_database(config: &Config) -> anyhow::Result<Db> {
    // Only the default location is created on demand; an explicit path must already have its folder.
    let default_sqlite =
        matches!(&config.database, DatabaseTarget::Sqlite(p) if *p == config.data_dir.join("juxian.db"));
    if default_sqlite || config.data_dir.is_dir() {
        private_fs::dir(&config.data_dir)?;
    }
    if let DatabaseTarget::Sqlite(path) = &config.database {
        private_fs::sqlite_files(path)?;
    }
    let db = Db::connect(&config.database, config.db_pool_size)?;
    let migrator = db.clone();
    let applied = web::block(move || {
        migrator
            .run_sync(|conn| db::migrations::run_pending(conn).map_err(crate::error::AppError::internal))
            .map_err(|e| anyhow::anyhow!("{}", e.detail))
    })
    .await??;
    for version in applied {
        tracing::info!(%version, "migration applied");
    }
    Ok(db)
}

impl Application {
    /// Connect, migrate, bind and start the mail worker.
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        let db = open_database(&config).await?;
        let mailer = Mailer::from_config(&config)?;
        let hasher = Hasher::new(std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2) * 2);
        let warm = hasher.clone();
        web::block(move || warm.warm_up()).await?;
        let wakeup = Arc::new(Notify::new());
        let clock = time::Clock::default();
        clock.advance(chrono::Duration::seconds(config.clock_offset_secs));
        let state = web::Data::new(AppState {
            keys: TokenKeys::new(&config.secret_key),
            audit_key: AuditKey::new(&config.secret_key),
            limiter: RateLimiter::new(config.auth_rate_per_min),
            throttle: Default::default(),
            hasher,
            db: db.clone(),
            mail_wakeup: wakeup.clone(),
            metrics: Arc::new(Metrics::default()),
            cipher: talents::PersonalDataCipher::new(&config.data_key),
            files: attachments::storage::FileStore::new(config.files_dir(), &config.data_key),
            clock: clock.clone(),
            config: config.clone(),
        });
        if config.mail_worker {
            let worker = Worker {
                db,
                mailer,
                from: config.mail_from.clone(),
                poll: config.mail_poll,
                retry_base: chrono::Duration::from_std(config.mail_retry_base).unwrap_or(chrono::Duration::seconds(30)),
                max_attempts: config.mail_max_attempts,
                wakeup,
                jobs: JOBS.to_vec(),
                clock: clock.clone(),
                audit_key: AuditKey::new(&config.secret_key),
                public_url: config.public_url.clone(),
                cipher: talents::PersonalDataCipher::new(&config.data_key),
                lease: notifications::worker::LEASE,
                audit_ip_retention_days: config.audit_ip_retention_days,
            };
            tokio::spawn(worker.run());
        }
        let listener = TcpListener::bind(&config.addr)?;
        let port = listener.local_addr()?.port();
        let server = HttpServer::new(move || {
            let frontend_dir = state.config.frontend_dir.clone();
            let mut cors = Cors::default()
                .allowed_methods(["GET", "POST", "PUT", "PATCH", "DELETE"])
                .allowed_headers(["authorization", "content-type", "x-requested-with", "idempotency-key"])
                .supports_credentials()
                .max_age(3600);
            for origin in &state.config.cors_origins {
                cors = cors.allowed_origin(origin);
            }
            App::new()
                .app_data(state.clone())
                .app_data(http::errors::json_config())
                .app_data(http::errors::query_config())
                .app_data(http::errors::path_config())
                .wrap(ErrorHandlers::new().default_handler(http::errors::problem_fallback))
                .wrap(from_fn(http::edge::refuse_nul))
                .wrap(cors)
                .wrap(from_fn(http::headers::standard_headers))
                .wrap(TracingLogger::<http::logging::RedactedRootSpan>::new())
                .service(http::errors::get_only("/healthz", http::health::healthz))
                .service(http::errors::get_only("/readyz", http::health::readyz))
                .service(http::errors::get_only("/metrics", http::health::metrics))
                .service(http::errors::get_only("/api/docs", http::frontend::docs_redirect))
                .service(SwaggerUi::new("/api/docs/{_:.*}").url("/api/openapi.json", openapi::document()))
                .service(
                    web::scope("/api")
                        .service(
                            web::scope("/v1")
                                .configure(|cfg| {
                                    let mut routes = Routes::mount();
                                    for domain in DOMAIN_ROUTES {
                                        domain(&mut routes);
                                    }
                                    routes.finish(cfg);
                                })
                                .default_service(web::to(http::errors::not_found)),
                        )
                        .default_service(web::to(http::errors::not_found)),
                )
                .configure(|cfg| http::frontend::configure(cfg, &frontend_dir))
                .default_service(web::to(http::errors::not_found))
        })
        .listen(listener)?
        .run();
        Ok(Application { port, server, clock })
    }

    /// The bound port (useful when the address asked for port 0).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The application's clock (tests move it forward to let deadlines pass).
    pub fn clock(&self) -> time::Clock {
        self.clock.clone()
    }

    /// Serve until the server is stopped.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}
