//! Enterprises: an employer registers its enterprise, HR verifies or rejects it, and the owner
//! fixes and resubmits it. Only verified enterprises publish positions or take booths.

pub mod models;
pub mod ops;
pub mod personal_data;
pub mod queries;
pub mod routes;
pub mod rules;

use crate::audit::Audited;
use crate::enterprises::models::EnterpriseRow;
use serde_json::{json, Value};

impl Audited for EnterpriseRow {
    const ENTITY: &'static str = "enterprise";

    fn id(&self) -> &str {
        &self.id
    }

    /// The contact person's name and phone are masked.
    fn snapshot(&self) -> Value {
        json!({
            "name": self.name,
            "credit_code": self.credit_code,
            "industry": self.industry,
            "address": self.address,
            "contact_name": crate::masking::name(&self.contact_name),
            "contact_phone": crate::masking::phone(&self.contact_phone),
            "size": self.size,
            "kind": self.kind,
            "status": self.status,
            "rejection_reason": self.rejection_reason,
        })
    }
}
