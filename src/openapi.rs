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
    document_common_answers(&mut doc);
    (doc, conflicts)
}

/// The problem answers every operation of a kind can give, whatever its annotation lists: the edge
/// refuses a NUL (400) and any database call can find the database gone (503); a bearer operation
/// answers 401/403, a path with an id 404, a body 413/415 and an `Idempotency-Key` 409/422. Problems are
/// `application/problem+json`, which the annotations' `body = Problem` writes as `application/json`.
fn document_common_answers(doc: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
    const PROBLEM: &str = "application/problem+json";
    let problem = || {
        ResponseBuilder::new()
            .description("A problem (RFC 9457).")
            .content(
                PROBLEM,
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("Problem")))
                    .build(),
            )
            .build()
    };
    for (path, item) in doc.paths.paths.iter_mut() {
        let has_path_params = path.contains('{');
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ];
        for op in operations.into_iter().flatten() {
            let responses = &mut op.responses.responses;
            for answer in responses.values_mut() {
                let RefOr::T(answer) = answer else { continue };
                let is_problem = answer
                    .content
                    .get("application/json")
                    .is_some_and(|c| matches!(&c.schema, Some(RefOr::Ref(r)) if r.ref_location.ends_with("/Problem")));
                if is_problem {
                    if let Some(content) = answer.content.shift_remove("application/json") {
                        answer.content.insert(PROBLEM.to_string(), content);
                    }
                }
            }
            let secured = op.security.as_ref().is_some_and(|s| !s.is_empty());
            let mut statuses = vec!["400", "503"];
            if secured {
                statuses.extend(["401", "403"]);
            }
            if has_path_params {
                statuses.push("404");
            }
            if op.request_body.is_some() {
                statuses.extend(["413", "415"]);
            }
            let idempotent = op
                .parameters
                .iter()
                .flatten()
                .any(|p| p.name.eq_ignore_ascii_case("idempotency-key"));
            if idempotent {
                // The key is in flight (409) or was used for another request (422).
                statuses.extend(["409", "422"]);
            }
            for status in statuses {
                responses
                    .entry(status.to_string())
                    .or_insert_with(|| RefOr::T(problem()));
            }
        }
    }
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
