//! `GET/PUT /me/profile`: the applicant's own talent profile.

use crate::auth::{AuthUser, ClientIp, Role};
use crate::error::{AppError, AppResult, Problem};
use crate::state::AppState;
use crate::talents::models::{ProfileInput, ProfileView};
use crate::talents::{ops, queries, views};
use actix_web::{web, HttpResponse};

pub use crate::talents::ops::{BANK_FIELD, ID_FIELD};

/// My profile.
#[utoipa::path(get, path = "/api/v1/me/profile", tag = "talents",
    description = "Roles: applicant. 404 until the profile is first saved.", security(("bearer" = [])),
    responses((status = 200, body = ProfileView), (status = 404, body = Problem)))]
pub async fn get_mine(state: web::Data<AppState>, auth: AuthUser) -> AppResult<web::Json<ProfileView>> {
    auth.require(&[Role::Applicant])?;
    let profile = state
        .db
        .run(move |conn| queries::find(conn, &auth.id))
        .await?
        .ok_or_else(AppError::not_found)?;
    Ok(web::Json(views::profile(&profile)))
}

/// Create or replace my profile (201 the first time, 200 after).
#[utoipa::path(put, path = "/api/v1/me/profile", tag = "talents",
    description = "Roles: applicant. id_number and bank_account may be omitted to keep the stored values; an empty bank_account removes it. The same ID number on another account is refused with 409.",
    request_body = ProfileInput, security(("bearer" = [])),
    responses((status = 200, body = ProfileView), (status = 201, body = ProfileView), (status = 400, body = Problem), (status = 409, body = Problem)))]
pub async fn put_mine(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    body: crate::http::json::Json<ProfileInput>,
) -> AppResult<HttpResponse> {
    auth.require(&[Role::Applicant])?;
    let body = body.accept()?;
    let (input, me, cipher) = (body.into_inner(), auth.clone(), state.cipher.clone());
    let (profile, created) = state
        .operate_as(&auth, ip, move |conn, ctx| {
            ops::save_profile(conn, ctx, &me, &cipher, &input)
        })
        .await?;
    let view = views::profile(&profile);
    Ok(if created {
        HttpResponse::Created().json(view)
    } else {
        HttpResponse::Ok().json(view)
    })
}
