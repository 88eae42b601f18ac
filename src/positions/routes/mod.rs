//! HTTP routes of the positions domain, one handler family per file.

pub mod read;
pub mod write;

use crate::http::routing::Routes;

/// Mount and document this domain's routes (each path and method comes from the handler's annotation).
pub fn routes(r: &mut Routes) {
    r.add(read::__path_list_positions, read::list_positions);
    r.add(write::__path_create_position, write::create_position);
    r.add(read::__path_get_position, read::get_position);
    r.add(write::__path_update_position, write::update_position);
    r.add(read::__path_my_positions, read::my_positions);
}
