//! Administrators manage accounts: `GET/POST /users`, `PATCH /users/{id}`.

use crate::accounts::models::{CreateUserInput, UpdateUserInput, UserFilter, UserView};
use crate::accounts::{ops, queries, rules};
use crate::auth::{AuthUser, ClientIp, Role};
use crate::error::{AppError, AppResult, Problem};
use crate::pagination::Paging;
use crate::state::AppState;
use actix_web::{web, HttpResponse};

crate::page_of!(UserPage, UserView);

/// List accounts with search, filters and pagination.
#[utoipa::path(get, path = "/api/v1/users", tag = "users",
    description = "Roles: admin.", params(UserFilter), security(("bearer" = [])),
    responses((status = 200, body = UserPage), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn list_users(
    state: web::Data<AppState>,
    auth: AuthUser,
    filter: web::Query<UserFilter>,
) -> AppResult<web::Json<UserPage>> {
    auth.require(&[Role::Admin])?;
    let filter = filter.into_inner();
    let paging = Paging::new(filter.page, filter.per_page);
    let (rows, total) = state.db.run(move |conn| queries::list(conn, &filter, paging)).await?;
    Ok(web::Json(UserPage::new(
        rows.iter().map(UserView::from).collect(),
        total,
        paging,
    )))
}

/// Create a staff account (hr, finance or admin); the person receives a link to set a password.
#[utoipa::path(post, path = "/api/v1/users", tag = "users",
    description = "Roles: admin. The new account is active; an invitation with a 72-hour link to set the password is e-mailed.",
    request_body = CreateUserInput, security(("bearer" = [])),
    responses((status = 201, body = UserView), (status = 400, body = Problem), (status = 403, body = Problem), (status = 409, body = Problem)))]
pub async fn create_user(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    body: crate::http::json::Json<CreateUserInput>,
) -> AppResult<HttpResponse> {
    auth.require(&[Role::Admin])?;
    let body = body.accept()?;
    let input = body.into_inner();
    let valid = rules::validate_staff(&input).map_err(AppError::validation)?;
    let (role, locale) = (input.role, input.locale.unwrap_or_default());
    let user = state
        .operate_as(&auth, ip, move |conn, ctx| {
            ops::create_user(conn, ctx, valid, role, locale)
        })
        .await?;
    Ok(HttpResponse::Created().json(UserView::from(&user)))
}

/// Change an account's role, name, or disable / re-enable it. Role changes and disabling end
/// every session of that account.
#[utoipa::path(patch, path = "/api/v1/users/{id}", tag = "users",
    description = "Roles: admin. The last active administrator cannot be disabled or demoted.",
    params(("id" = String, Path, description = "User id")),
    request_body = UpdateUserInput, security(("bearer" = [])),
    responses((status = 200, body = UserView), (status = 400, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn update_user(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    path: web::Path<String>,
    body: crate::http::json::Json<UpdateUserInput>,
) -> AppResult<web::Json<UserView>> {
    auth.require(&[Role::Admin])?;
    let body = body.accept()?;
    let (id, input, admin) = (path.into_inner(), body.into_inner(), auth.clone());
    let user = state
        .operate_as(&auth, ip, move |conn, ctx| {
            ops::update_user(conn, ctx, &admin, &id, &input)
        })
        .await?;
    Ok(web::Json(UserView::from(&user)))
}
