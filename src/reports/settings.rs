//! The annual summary's settings: the county's and the department's names, how the text writes
//! numbers, and the template the administrator may edit (one row).

use crate::audit::Event;
use crate::db::schema::{report_settings, users};
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::operation::Ctx;
use crate::reports::labels;
use crate::reports::numbers::{CountStyle, MoneyStyle};
use crate::reports::summary::{self, DEFAULT_TEMPLATE, META_KEYS};
use crate::transitions::Stored;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The stored row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = report_settings)]
pub struct SettingsRow {
    pub id: i32,
    pub county_name: String,
    pub department_name: String,
    pub count_style: String,
    pub money_style: String,
    pub summary_template: Option<String>,
    pub updated_by: Option<String>,
    pub updated_at: Option<chrono::NaiveDateTime>,
}

/// The settings as the summary uses them.
#[derive(Debug, Clone)]
pub struct Settings {
    pub county_name: String,
    pub department_name: String,
    pub count_style: CountStyle,
    pub money_style: MoneyStyle,
    /// The template in force: the administrator's, or the default.
    pub template: String,
    /// Whether the administrator saved a template of their own.
    pub custom_template: bool,
    pub updated_by: Option<String>,
    pub updated_at: Option<chrono::NaiveDateTime>,
}

/// A placeholder a template may use, with its name.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Placeholder {
    pub key: String,
    pub label_zh: String,
    pub label_en: String,
}

/// `GET /reports/settings`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SettingsView {
    pub county_name: String,
    pub department_name: String,
    pub count_style: CountStyle,
    pub money_style: MoneyStyle,
    /// The template in force.
    pub summary_template: String,
    /// False while the shipped default is in force.
    pub custom_template: bool,
    /// The shipped default, to start again from.
    pub default_template: String,
    /// Every placeholder a template may use.
    pub placeholders: Vec<Placeholder>,
    pub updated_at: Option<DateTime<Utc>>,
    /// Display name of who saved last.
    pub updated_by_name: Option<String>,
}

/// `PUT /reports/settings`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SettingsInput {
    /// The county's name as the title writes it (青川县).
    pub county_name: String,
    /// The department that signs the summary.
    pub department_name: String,
    pub count_style: CountStyle,
    pub money_style: MoneyStyle,
    /// The template; null or absent goes back to the shipped default.
    #[serde(default)]
    pub summary_template: Option<String>,
}

/// The settings in force.
pub fn load(conn: &mut DbConn) -> AppResult<Settings> {
    let row: SettingsRow = report_settings::table
        .find(1)
        .select(SettingsRow::as_select())
        .first(conn)?;
    Ok(Settings {
        county_name: row.county_name,
        department_name: row.department_name,
        count_style: CountStyle::parse_stored(&row.count_style)?,
        money_style: MoneyStyle::parse_stored(&row.money_style)?,
        custom_template: row.summary_template.is_some(),
        template: row.summary_template.unwrap_or_else(|| DEFAULT_TEMPLATE.to_string()),
        updated_by: row.updated_by,
        updated_at: row.updated_at,
    })
}

/// The settings as the settings page shows them.
pub fn view(conn: &mut DbConn, s: &Settings) -> AppResult<SettingsView> {
    let updated_by_name = match &s.updated_by {
        Some(id) => users::table
            .find(id)
            .select(users::display_name)
            .first::<String>(conn)
            .optional()?,
        None => None,
    };
    let mut placeholders: Vec<Placeholder> = META_KEYS
        .iter()
        .map(|k| {
            let (zh, en) = match *k {
                "county" => ("县名", "County name"),
                "department" => ("部门名称", "Department name"),
                _ => ("年度", "Year"),
            };
            Placeholder {
                key: (*k).into(),
                label_zh: zh.into(),
                label_en: en.into(),
            }
        })
        .collect();
    placeholders.extend(labels::known_keys().into_iter().filter_map(|key| {
        let (label_zh, label_en) = labels::label(&key)?;
        Some(Placeholder {
            key,
            label_zh,
            label_en,
        })
    }));
    Ok(SettingsView {
        county_name: s.county_name.clone(),
        department_name: s.department_name.clone(),
        count_style: s.count_style,
        money_style: s.money_style,
        summary_template: s.template.clone(),
        custom_template: s.custom_template,
        default_template: DEFAULT_TEMPLATE.to_string(),
        placeholders,
        updated_at: s.updated_at.map(crate::db::to_utc),
        updated_by_name,
    })
}

/// Check and store new settings (administrator).
pub fn update(conn: &mut DbConn, ctx: &Ctx, input: &SettingsInput) -> AppResult<Settings> {
    let mut errors = Vec::new();
    let county = crate::validation::text("county_name", &input.county_name, 40).map_err(|e| errors.push(e));
    let department = crate::validation::text("department_name", &input.department_name, 80).map_err(|e| errors.push(e));
    // A template equal to the default is stored as "the default", so later releases can improve it.
    let template = input
        .summary_template
        .as_deref()
        .map(|t| t.replace("\r\n", "\n"))
        .filter(|t| t.trim() != DEFAULT_TEMPLATE.trim());
    if let Some(t) = &template {
        if let Err(mut e) = summary::validate("summary_template", t) {
            errors.append(&mut e);
        }
    }
    let (Ok(county), Ok(department)) = (county, department) else {
        return Err(AppError::validation(errors));
    };
    if !errors.is_empty() {
        return Err(AppError::validation(errors));
    }
    let before = load(conn)?;
    let actor = ctx.actor.id.clone();
    diesel::update(report_settings::table.find(1))
        .set((
            report_settings::county_name.eq(&county),
            report_settings::department_name.eq(&department),
            report_settings::count_style.eq(input.count_style.as_str()),
            report_settings::money_style.eq(input.money_style.as_str()),
            report_settings::summary_template.eq(template.as_deref()),
            report_settings::updated_by.eq(actor.as_deref()),
            report_settings::updated_at.eq(Some(ctx.now)),
        ))
        .execute(conn)?;
    let after = load(conn)?;
    let summarize = |s: &Settings| {
        serde_json::json!({
            "county_name": s.county_name,
            "department_name": s.department_name,
            "count_style": s.count_style,
            "money_style": s.money_style,
            "custom_template": s.custom_template,
            "template_sha256": hex::encode(<sha2::Sha256 as sha2::Digest>::digest(s.template.as_bytes())),
        })
    };
    ctx.record(
        conn,
        Event {
            action: "report.settings_updated",
            entity: "report_settings",
            entity_id: Some("1"),
            before: Some(summarize(&before)),
            after: Some(summarize(&after)),
        },
    )?;
    Ok(after)
}
