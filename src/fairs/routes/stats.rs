//! `GET /job-fairs/{id}/stats` and `GET /job-fairs/stats?year=`.

use crate::auth::AuthUser;
use crate::error::{AppError, AppResult, Problem};
use crate::fairs::models::{FairStats, YearStats};
use crate::fairs::routes::fairs::ORGANISERS;
use crate::fairs::{queries, stats};
use crate::state::AppState;
use actix_web::web;
use serde::Deserialize;

/// Statistics of one fair.
#[utoipa::path(get, path = "/api/v1/job-fairs/{id}/stats", tag = "job-fairs", description = "Roles: hr, admin.",
    params(("id" = String, Path, description = "Fair id")), security(("bearer" = [])),
    responses((status = 200, body = FairStats), (status = 404, body = Problem)))]
pub async fn fair(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<String>,
) -> AppResult<web::Json<FairStats>> {
    auth.require(ORGANISERS)?;
    let id = path.into_inner();
    let numbers = state
        .db
        .run(move |conn| {
            let fair = queries::find(conn, &id)?.ok_or_else(AppError::not_found)?;
            stats::of_fair(conn, &fair)
        })
        .await?;
    Ok(web::Json(numbers))
}

/// `?year=`
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct YearQuery {
    /// Calendar year (Asia/Shanghai); defaults to this year.
    #[serde(default, deserialize_with = "crate::validation::query_year")]
    pub year: Option<i32>,
}

/// Statistics of the fairs held in a year.
#[utoipa::path(get, path = "/api/v1/job-fairs/stats", tag = "job-fairs", description = "Roles: hr, admin.",
    params(YearQuery), security(("bearer" = [])), responses((status = 200, body = YearStats)))]
pub async fn year(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<YearQuery>,
) -> AppResult<web::Json<YearStats>> {
    auth.require(ORGANISERS)?;
    use chrono::Datelike;
    let year = query.year.unwrap_or_else(|| crate::time::today_shanghai().year());
    Ok(web::Json(state.db.run(move |conn| stats::of_year(conn, year)).await?))
}
