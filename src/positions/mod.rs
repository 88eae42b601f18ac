//! Positions: jobs and internships published by verified enterprises, listed publicly while open.

pub mod models;
pub mod queries;
pub mod routes;
pub mod rules;

use crate::audit::Audited;
use crate::positions::models::PositionRow;
use serde_json::{json, Value};

impl Audited for PositionRow {
    const ENTITY: &'static str = "position";

    fn id(&self) -> &str {
        &self.id
    }

    fn snapshot(&self) -> Value {
        json!({
            "enterprise_id": self.enterprise_id,
            "title": self.title,
            "headcount": self.headcount,
            "salary_min": self.salary_min,
            "salary_max": self.salary_max,
            "education_requirement": self.education_requirement,
            "location": self.location,
            "kind": self.kind,
            "status": self.status,
        })
    }
}
