//! The privacy notice, and the download of everything the portal holds about the caller.

use crate::accounts::models::Locale;
use crate::auth::AuthUser;
use crate::error::AppResult;
use crate::privacy::models::{PersonalDataExport, PrivacyNotice};
use crate::privacy::{notice, ops};
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use serde::Deserialize;

/// `GET /privacy-notice` query.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct NoticeQuery {
    /// `zh-CN` (default) or `en`.
    pub locale: Option<Locale>,
}

/// The privacy notice in force, whose version a registration consents to.
#[utoipa::path(get, path = "/api/v1/privacy-notice", operation_id = "privacy_notice", tag = "privacy",
    description = "Roles: anonymous.", params(NoticeQuery), responses((status = 200, body = PrivacyNotice)))]
pub async fn notice(query: web::Query<NoticeQuery>) -> web::Json<PrivacyNotice> {
    let locale = query.into_inner().locale.unwrap_or_default();
    web::Json(PrivacyNotice {
        version: notice::version().into(),
        text: notice::text(locale).into(),
    })
}

/// Download what the portal holds about me, one section per domain (JSON).
#[utoipa::path(get, path = "/api/v1/me/data", operation_id = "my_personal_data", tag = "privacy",
    description = "Roles: any signed-in account. Answered as a download (Content-Disposition: attachment).",
    security(("bearer" = [])), responses((status = 200, body = PersonalDataExport)))]
pub async fn export(state: web::Data<AppState>, auth: AuthUser) -> AppResult<HttpResponse> {
    let now = state.clock.now();
    let data = state
        .db
        .run(move |conn| ops::export(conn, crate::PERSONAL_DATA, &auth, now))
        .await?;
    let name = format!("juxian-my-data-{}.json", crate::time::local(now).format("%Y%m%d"));
    Ok(HttpResponse::Ok()
        .insert_header(("Content-Disposition", format!("attachment; filename=\"{name}\"")))
        .insert_header(("Cache-Control", "no-store"))
        .json(data))
}
