//! Authentication and authorisation: roles, passwords, tokens, the `AuthUser` extractor, the
//! per-client rate limit and the throttle on failed sign-ins.

pub mod extractor;
pub mod jwt_hs256;
pub mod password;
pub mod queries;
pub mod rate_limit;
pub mod throttle;
pub mod tokens;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub use extractor::{AuthUser, ClientIp};

/// What a user may do in the portal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A talent: registers, keeps a profile, applies.
    Applicant,
    /// An enterprise's contact person.
    Employer,
    /// Talent office staff.
    Hr,
    /// Finance bureau staff.
    Finance,
    /// System administrator.
    Admin,
}

impl Role {
    /// The stored and serialised name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Applicant => "applicant",
            Role::Employer => "employer",
            Role::Hr => "hr",
            Role::Finance => "finance",
            Role::Admin => "admin",
        }
    }

    /// Parse a stored name.
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "applicant" => Some(Role::Applicant),
            "employer" => Some(Role::Employer),
            "hr" => Some(Role::Hr),
            "finance" => Some(Role::Finance),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }

    /// Roles people may pick for themselves when registering.
    pub fn self_registrable(self) -> bool {
        matches!(self, Role::Applicant | Role::Employer)
    }
}
