//! Register a handler and document it in one call. [`Routes::add`] takes a handler and the
//! operation its `#[utoipa::path]` annotation generated; the path and method come from that
//! annotation, so a handler cannot be mounted anywhere but where the API document says, and
//! cannot be mounted without being documented.

use crate::http::errors::resource;
use actix_web::http::Method;
use actix_web::{web, FromRequest, Handler, Resource, Responder};
use utoipa::openapi::path::HttpMethod;
use utoipa::openapi::OpenApi;

/// The prefix every domain route lives under.
pub const API_PREFIX: &str = "/api/v1";

/// What a domain's `routes` function registers into: live resources, or the API document.
pub enum Routes<'a> {
    /// Building the actix resources of one worker.
    Mount(Vec<(String, Option<Resource>, Vec<Method>)>),
    /// Adding operations and their schemas to the document, noting schema names that two
    /// different types claim (the second would silently vanish from the document).
    Document(&'a mut OpenApi, Vec<String>),
}

fn method_of(m: &HttpMethod) -> Method {
    match m {
        HttpMethod::Get => Method::GET,
        HttpMethod::Post => Method::POST,
        HttpMethod::Put => Method::PUT,
        HttpMethod::Patch => Method::PATCH,
        HttpMethod::Delete => Method::DELETE,
        HttpMethod::Head => Method::HEAD,
        HttpMethod::Options => Method::OPTIONS,
        HttpMethod::Trace => Method::TRACE,
    }
}

impl Routes<'static> {
    /// Start collecting resources to mount.
    pub fn mount() -> Self {
        Routes::Mount(Vec::new())
    }
}

impl<'a> Routes<'a> {
    /// Start adding operations to `doc`.
    pub fn document(doc: &'a mut OpenApi) -> Self {
        Routes::Document(doc, Vec::new())
    }

    /// Schema names claimed by two different types (empty when documenting went well).
    pub fn conflicts(&self) -> &[String] {
        match self {
            Routes::Document(_, conflicts) => conflicts,
            Routes::Mount(_) => &[],
        }
    }

    /// Mount `handler` where `_doc` (the `__path_<handler>` struct of its annotation) says, and
    /// document it there.
    pub fn add<P, F, Args>(&mut self, _doc: P, handler: F)
    where
        P: utoipa::Path + utoipa::__dev::SchemaReferences + for<'t> utoipa::__dev::Tags<'t>,
        F: Handler<Args>,
        Args: FromRequest + 'static,
        F::Output: Responder + 'static,
    {
        match self {
            Routes::Mount(resources) => {
                let full = P::path();
                let path = full.strip_prefix(API_PREFIX).unwrap_or(&full).to_string();
                // Paths keep the order of their first registration: a literal segment such as
                // `/job-fairs/stats` must be registered before `/job-fairs/{id}`.
                let slot = match resources.iter().position(|(p, _, _)| *p == path) {
                    Some(i) => i,
                    None => {
                        resources.push((path.clone(), Some(web::resource(&path)), Vec::new()));
                        resources.len() - 1
                    }
                };
                let mut res = resources[slot].1.take();
                for m in P::methods() {
                    let method = method_of(&m);
                    let route = web::route().method(method.clone()).to(handler.clone());
                    res = res.map(|r| r.route(route));
                    resources[slot].2.push(method);
                }
                resources[slot].1 = res;
            }
            Routes::Document(doc, conflicts) => {
                let mut operation = P::operation();
                // The derive would add the annotation's tags; done here the same way.
                let tags = operation.tags.get_or_insert_with(Vec::new);
                for tag in <P as utoipa::__dev::Tags>::tags() {
                    if !tags.iter().any(|t| t == tag) {
                        tags.push(tag.to_string());
                    }
                }
                doc.paths.add_path_operation(P::path(), P::methods(), operation);
                let mut schemas = Vec::new();
                P::schemas(&mut schemas);
                let components = doc.components.get_or_insert_with(Default::default);
                for (name, schema) in schemas {
                    match components.schemas.get(&name) {
                        Some(known) if *known != schema => {
                            if !conflicts.contains(&name) {
                                conflicts.push(name);
                            }
                        }
                        Some(_) => {}
                        None => {
                            components.schemas.insert(name, schema);
                        }
                    }
                }
            }
        }
    }

    /// Hand the collected resources to actix (a no-op when documenting).
    pub fn finish(self, cfg: &mut web::ServiceConfig) {
        if let Routes::Mount(resources) = self {
            for (_, res, methods) in resources {
                if let Some(res) = res {
                    cfg.service(resource(res, &methods));
                }
            }
        }
    }
}
