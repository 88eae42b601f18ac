//! Account rows and the shapes the accounts API reads and writes.

use crate::auth::Role;
use crate::db::schema::users;
use crate::db::to_utc;
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A row of `users`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: String,
    pub status: String,
    pub locale: String,
    pub failed_logins: i32,
    pub locked_until: Option<NaiveDateTime>,
    pub token_version: i32,
    pub email_verified_at: Option<NaiveDateTime>,
    pub last_login_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Account status.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    ToSchema,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::EnumIter,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum UserStatus {
    /// Registered, e-mail not verified yet.
    Pending,
    /// May sign in.
    Active,
    /// Switched off by an administrator.
    Disabled,
}

impl UserStatus {
    /// Read a stored name; an unknown one reads as pending, which cannot sign in.
    pub fn parse(s: &str) -> Self {
        s.parse().unwrap_or(UserStatus::Pending)
    }
}

/// Interface languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, Default)]
pub enum Locale {
    /// Simplified Chinese (the default).
    #[default]
    #[serde(rename = "zh-CN")]
    ZhCn,
    /// English.
    #[serde(rename = "en")]
    En,
}

impl Locale {
    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Locale::ZhCn => "zh-CN",
            Locale::En => "en",
        }
    }
}

/// An account as the API shows it (never the hash or counters).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = User)]
pub struct UserView {
    pub id: String,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub status: UserStatus,
    pub locale: Locale,
    pub created_at: DateTime<Utc>,
    pub last_login_at: Option<DateTime<Utc>>,
}

impl From<&UserRow> for UserView {
    fn from(u: &UserRow) -> Self {
        UserView {
            id: u.id.clone(),
            email: u.email.clone(),
            display_name: u.display_name.clone(),
            role: Role::parse(&u.role).unwrap_or(Role::Applicant),
            status: UserStatus::parse(&u.status),
            locale: if u.locale == "en" { Locale::En } else { Locale::ZhCn },
            created_at: to_utc(u.created_at),
            last_login_at: u.last_login_at.map(to_utc),
        }
    }
}

/// `POST /auth/register`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterInput {
    pub email: String,
    pub password: String,
    pub display_name: String,
    /// `applicant` or `employer`.
    pub role: Role,
    pub locale: Option<Locale>,
    /// The version of the privacy notice (`GET /privacy-notice`) the person read and consented to;
    /// anything but the one in force is refused with 422 `privacy_consent_required`.
    pub privacy_notice_version: Option<String>,
}

/// `POST /auth/login`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginInput {
    pub email: String,
    pub password: String,
}

/// A body carrying only an e-mail address (resend verification, password reset).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmailInput {
    pub email: String,
}

/// A body carrying an e-mail token (verify e-mail).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenInput {
    pub token: String,
}

/// `POST /auth/password-reset/confirm`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResetConfirmInput {
    pub token: String,
    pub new_password: String,
}

/// `POST /me/password`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordInput {
    pub current_password: String,
    pub new_password: String,
}

/// The kind of access token.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
pub enum TokenType {
    /// Send as `Authorization: Bearer <token>`.
    Bearer,
}

/// The answer to a log-in or refresh.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenResponse {
    pub access_token: String,
    pub token_type: TokenType,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    pub user: UserView,
}

/// `POST /users` (admin creates a staff account; the person sets a password from the invitation).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUserInput {
    pub email: String,
    pub display_name: String,
    /// `hr`, `finance` or `admin`.
    pub role: Role,
    pub locale: Option<Locale>,
}

/// `PATCH /users/{id}`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateUserInput {
    pub role: Option<Role>,
    pub disabled: Option<bool>,
    pub display_name: Option<String>,
}

/// Filters of `GET /users`.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct UserFilter {
    /// Part of the e-mail or display name.
    pub q: Option<String>,
    pub role: Option<Role>,
    pub status: Option<UserStatus>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transitions::Stored;

    #[test]
    fn the_auth_layer_reads_the_same_active_status() {
        assert_eq!(UserStatus::Active.as_str(), crate::auth::queries::ACTIVE);
    }
}
