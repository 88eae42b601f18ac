//! The e-mails of the recruitment domain, queued inside the caller's transaction in the
//! applicant's language: one template (`recruitment_update`) that names the step.

use crate::db::DbConn;
use crate::error::AppResult;
use crate::notifications::mails::RecruitmentUpdate;
use crate::notifications::Mail;
use crate::operation::Ctx;
use crate::recruitments::models::{ApplicationRow, PostRow, RecruitmentRow};
use crate::subsidies::queries::{person, Person};

/// What the applicant is told; the name is the template's `step`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum Step {
    /// Receipt of a sign-up.
    Submitted,
    /// Receipt of completed material.
    Resubmitted,
    /// The sign-up was withdrawn.
    Withdrawn,
    /// Returned for missing material.
    Returned,
    /// Not qualified.
    Rejected,
    /// Qualified.
    Approved,
    /// The post was cut.
    PostCut,
    /// The post's headcount was lowered.
    HeadcountReduced,
    /// The recruitment was called off.
    Cancelled,
    /// The admission ticket is ready.
    TicketIssued,
    /// The written scores are published (score and rank are on the portal).
    WrittenPublished,
}

/// Queue the mail for `step` to the applicant of `app` (the row as it was before this step, so
/// the same step on the same state is mailed once).
pub fn tell(
    conn: &mut DbConn,
    ctx: &mut Ctx,
    app: &ApplicationRow,
    recruitment: &RecruitmentRow,
    post: &PostRow,
    step: Step,
    reason: Option<&str>,
) -> AppResult<()> {
    let Some(Person {
        email, locale, name, ..
    }) = person(conn, &app.applicant_id)?
    else {
        return Ok(());
    };
    let step_name: &'static str = step.into();
    let link = if step == Step::TicketIssued {
        ctx.link(&format!("/my/recruitments/{}/ticket", app.id))
    } else {
        ctx.link(&format!("/my/recruitments/{}", app.id))
    };
    let params = RecruitmentUpdate {
        name: name.unwrap_or_else(|| email.clone()),
        recruitment: recruitment.title.clone(),
        post: format!("{} {}（{}）", post.post_code, post.title, post.institution_name),
        step: step_name.into(),
        reason: reason.map(Into::into),
        link,
    };
    let key = format!("recruitment:{}:{step_name}:{}:{}", app.id, app.status, app.updated_at);
    ctx.mail(conn, &Mail::new(email, locale, &params, key))?;
    Ok(())
}
