//! `GET /me`: the signed-in account.

use crate::accounts::models::UserView;
use crate::accounts::queries;
use crate::auth::AuthUser;
use crate::error::{AppError, AppResult, Problem};
use crate::state::AppState;
use actix_web::web;

/// The signed-in user's account.
#[utoipa::path(get, path = "/api/v1/me", tag = "me",
    description = "Roles: any signed-in user.", security(("bearer" = [])),
    responses((status = 200, body = UserView), (status = 401, body = Problem)))]
pub async fn me(state: web::Data<AppState>, auth: AuthUser) -> AppResult<web::Json<UserView>> {
    let user = state
        .db
        .run(move |conn| queries::find_by_id(conn, &auth.id))
        .await?
        .ok_or_else(AppError::not_found)?;
    Ok(web::Json(UserView::from(&user)))
}
