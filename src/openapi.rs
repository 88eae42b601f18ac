//! The OpenAPI 3 document, generated from the handlers' annotations.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}

/// The whole API.
#[derive(OpenApi)]
#[openapi(
    info(title = "Juxian (聚贤) API", description = "Talent recruitment and services portal. Errors are application/problem+json (RFC 9457). Each operation's description names the roles allowed."),
    paths(
        crate::accounts::routes::register::register,
        crate::accounts::routes::verify::verify_email,
        crate::accounts::routes::verify::resend_verification,
        crate::accounts::routes::session::login,
        crate::accounts::routes::session::refresh,
        crate::accounts::routes::session::logout,
        crate::accounts::routes::password::request_reset,
        crate::accounts::routes::password::confirm_reset,
        crate::accounts::routes::password::change_password,
        crate::accounts::routes::me::me,
        crate::accounts::routes::users::list_users,
        crate::accounts::routes::users::create_user,
        crate::accounts::routes::users::update_user,
        crate::audit::routes::list_events,
        crate::notifications::routes::list_outbox,
        crate::notifications::routes::retry,
        crate::talents::routes::profile::get_mine,
        crate::talents::routes::profile::put_mine,
        crate::talents::routes::pool::list,
        crate::talents::routes::pool::detail,
        crate::talents::routes::pool::reveal,
        crate::talents::routes::pool::export,
        crate::attachments::routes::upload,
        crate::attachments::routes::list_mine,
        crate::attachments::routes::download,
        crate::attachments::routes::replace,
        crate::attachments::routes::delete,
        crate::fairs::routes::fairs::create,
        crate::fairs::routes::fairs::list,
        crate::fairs::routes::fairs::get,
        crate::fairs::routes::fairs::update,
        crate::fairs::routes::fairs::publish,
        crate::fairs::routes::fairs::close,
        crate::fairs::routes::fairs::finish,
        crate::fairs::routes::fairs::cancel,
        crate::fairs::routes::registrations::sign_up,
        crate::fairs::routes::registrations::cancel,
        crate::fairs::routes::registrations::mine,
        crate::fairs::routes::registrations::list,
        crate::fairs::routes::registrations::check_in,
        crate::fairs::routes::stats::fair,
        crate::fairs::routes::stats::year,
        crate::fairs::routes::booths::request,
        crate::fairs::routes::booths::list,
        crate::fairs::routes::booths::mine,
        crate::fairs::routes::booths::approve,
        crate::fairs::routes::booths::reject,
        crate::fairs::routes::intents::create,
        crate::fairs::routes::intents::list,
        crate::fairs::routes::intents::sign,
        crate::fairs::routes::intents::withdraw,
        crate::enterprises::routes::register::register_enterprise,
        crate::enterprises::routes::register::update_enterprise,
        crate::enterprises::routes::review::verify_enterprise,
        crate::enterprises::routes::review::reject_enterprise,
        crate::enterprises::routes::read::list_enterprises,
        crate::enterprises::routes::read::get_enterprise,
        crate::enterprises::routes::read::my_enterprise,
        crate::positions::routes::write::create_position,
        crate::positions::routes::write::update_position,
        crate::positions::routes::read::list_positions,
        crate::positions::routes::read::get_position,
        crate::positions::routes::read::my_positions,
        crate::internships::routes::programs::create,
        crate::internships::routes::programs::list,
        crate::internships::routes::programs::get,
        crate::internships::routes::programs::publish,
        crate::internships::routes::programs::close,
        crate::internships::routes::programs::stats,
        crate::internships::routes::offers::create,
        crate::internships::routes::offers::mine,
        crate::internships::routes::offers::approve,
        crate::internships::routes::offers::reject,
        crate::internships::routes::applications::apply,
        crate::internships::routes::applications::list,
        crate::internships::routes::applications::accept,
        crate::internships::routes::applications::reject,
        crate::internships::routes::applications::withdraw,
        crate::internships::routes::applications::start,
        crate::internships::routes::applications::complete,
        crate::internships::routes::applications::terminate,
        crate::http::health::healthz,
        crate::http::health::readyz,
        crate::http::health::metrics,
    ),
    components(schemas(crate::talents::models::TalentSort, crate::talents::models::ExportFormat)),
    modifiers(&BearerAuth)
)]
pub struct ApiDoc;

/// The document as pretty JSON (what `juxian openapi` prints and the frontend's types come from).
pub fn json() -> String {
    ApiDoc::openapi().to_pretty_json().unwrap_or_else(|_| "{}".into())
}
