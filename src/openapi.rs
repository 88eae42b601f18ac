//! The OpenAPI 3 document, generated from the handlers' annotations.

use crate::http::routing::Routes;
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

/// The document's frame: info, the bearer scheme, and the operational endpoints outside `/api/v1`.
#[derive(OpenApi)]
#[openapi(
    info(title = "Juxian (聚贤) API", description = "Talent recruitment and services portal. Errors are application/problem+json (RFC 9457). Each operation's description names the roles allowed."),
    paths(
        crate::http::health::healthz,
        crate::http::health::readyz,
        crate::http::health::metrics,
    ),
    components(schemas(
        crate::talents::models::TalentSort,
        crate::talents::models::ExportFormat,
        crate::reports::models::SummaryFormat,
        crate::privacy::models::ClosureStatus
    )),
    modifiers(&BearerAuth)
)]
pub struct ApiDoc;

/// The whole document: the operations registered by every domain (see [`crate::DOMAIN_ROUTES`]) on
/// top of [`ApiDoc`]'s info, security scheme and operational endpoints.
pub fn document() -> utoipa::openapi::OpenApi {
    documented().0
}

/// The document and the schema names two different types claimed (a test keeps that list empty).
pub fn documented() -> (utoipa::openapi::OpenApi, Vec<String>) {
    let mut doc = ApiDoc::openapi();
    let mut routes = Routes::document(&mut doc);
    for domain in crate::DOMAIN_ROUTES {
        domain(&mut routes);
    }
    let conflicts = routes.conflicts().to_vec();
    (doc, conflicts)
}

/// The document as pretty JSON (what `juxian openapi` prints and the frontend's types come from).
pub fn json() -> String {
    document().to_pretty_json().unwrap_or_else(|_| "{}".into())
}

#[cfg(test)]
mod tests {
    #[test]
    fn no_two_types_claim_one_schema_name() {
        assert_eq!(super::documented().1, Vec::<String>::new());
    }
}
