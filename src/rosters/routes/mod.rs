//! HTTP routes of the roster domain.

pub mod batches;

use crate::http::routing::Routes;

/// Mount and document this domain's routes (each path and method comes from the handler's annotation).
pub fn routes(r: &mut Routes) {
    r.add(batches::__path_template, batches::template);
    r.add(batches::__path_list, batches::list);
    r.add(batches::__path_create, batches::create);
    r.add(batches::__path_get, batches::get);
    r.add(batches::__path_rows, batches::rows);
    r.add(batches::__path_import, batches::import);
    r.add(batches::__path_import_errors, batches::import_errors);
    r.add(batches::__path_submit, batches::submit);
    r.add(batches::__path_approve, batches::approve);
    r.add(batches::__path_reject, batches::reject);
}
