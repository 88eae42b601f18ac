//! The annual summary (年度工作总结, talent section) and its settings.

use crate::auth::{AuthUser, ClientIp, Role};
use crate::error::{AppResult, Problem};
use crate::reports::models::{AnnualSummary, SummaryFormat, SummaryQuery, SummarySource};
use crate::reports::routes::annual::READERS;
use crate::reports::settings::{self, SettingsInput, SettingsView};
use crate::reports::summary::{self, Filling};
use crate::reports::{figures, period::Period};
use crate::state::AppState;
use actix_web::{web, HttpResponse};

/// The talent section of the year's work summary, with the figures filled in.
#[utoipa::path(get, path = "/api/v1/reports/annual-summary", operation_id = "annual_summary", tag = "reports",
    description = "Roles: hr, finance, admin. Written from the settings' template: numbers in the 'more than' form or exact, \
        as the settings say; clauses whose figure is zero are left out. A frozen year is written from its frozen figures. \
        `format=docx` answers a Word document, `md` Markdown, `json` (default) the blocks and the Markdown.",
    params(SummaryQuery), security(("bearer" = [])),
    responses((status = 200, body = AnnualSummary,
            description = "JSON; or `text/markdown` for md; or a Word document for docx"),
        (status = 400, body = Problem), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn annual_summary(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<SummaryQuery>,
) -> AppResult<HttpResponse> {
    auth.require(READERS)?;
    let query = query.into_inner();
    let period = Period::new(query.year, None)?;
    let now = state.clock.now();
    let written = state
        .db
        .run(move |conn| {
            let report = figures::annual(conn, &period, now)?;
            let s = settings::load(conn)?;
            let (figures, source, at) = match &report.frozen {
                Some(f) => (f.figures.clone(), SummarySource::Frozen, f.frozen_at),
                None => (report.figures.clone(), SummarySource::Live, report.generated_at),
            };
            let blocks = summary::render(
                &s.template,
                &Filling {
                    year: report.year,
                    county: &s.county_name,
                    department: &s.department_name,
                    figures: &figures,
                    count_style: s.count_style,
                    money_style: s.money_style,
                },
            );
            Ok(AnnualSummary {
                year: report.year,
                markdown: summary::markdown(&blocks),
                county_name: s.county_name,
                department_name: s.department_name,
                source,
                figures_at: at,
                blocks,
            })
        })
        .await?;
    let name = format!("annual-summary-{}", written.year);
    Ok(match query.format.unwrap_or(SummaryFormat::Json) {
        SummaryFormat::Json => HttpResponse::Ok().json(written),
        SummaryFormat::Md => HttpResponse::Ok()
            .content_type("text/markdown; charset=utf-8")
            .insert_header(("Content-Disposition", format!("attachment; filename=\"{name}.md\"")))
            .body(written.markdown),
        SummaryFormat::Docx => HttpResponse::Ok()
            .content_type("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
            .insert_header(("Content-Disposition", format!("attachment; filename=\"{name}.docx\"")))
            .body(summary::docx(&written.blocks)?),
    })
}

/// The summary's settings and template, with every placeholder a template may use.
#[utoipa::path(get, path = "/api/v1/reports/settings", operation_id = "report_settings", tag = "reports",
    description = "Roles: admin.", security(("bearer" = [])),
    responses((status = 200, body = SettingsView), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn get_settings(state: web::Data<AppState>, auth: AuthUser) -> AppResult<web::Json<SettingsView>> {
    auth.require(&[Role::Admin])?;
    let view = state
        .db
        .run(|conn| {
            let s = settings::load(conn)?;
            settings::view(conn, &s)
        })
        .await?;
    Ok(web::Json(view))
}

/// Save the summary's settings and template.
#[utoipa::path(put, path = "/api/v1/reports/settings", operation_id = "update_report_settings", tag = "reports",
    description = "Roles: admin. A template with a placeholder that is not a figure (or county, department, year) \
        is refused with 400 `validation_failed` naming the line and listing the known placeholders; \
        `summary_template: null` goes back to the shipped default.",
    request_body = SettingsInput, security(("bearer" = [])),
    responses((status = 200, body = SettingsView), (status = 400, body = Problem), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 415, body = Problem)))]
pub async fn put_settings(
    state: web::Data<AppState>,
    auth: AuthUser,
    ip: ClientIp,
    body: crate::http::json::Json<SettingsInput>,
) -> AppResult<web::Json<SettingsView>> {
    auth.require(&[Role::Admin])?;
    let body = body.accept()?.into_inner();
    let view = state
        .operate_as(&auth, ip, move |conn, ctx| {
            let s = settings::update(conn, ctx, &body)?;
            settings::view(conn, &s)
        })
        .await?;
    Ok(web::Json(view))
}
