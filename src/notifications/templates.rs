//! Mail templates in Chinese and English: subject, plain text and HTML, filled from parameters.

use serde_json::Value;

/// A mail ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// Subject line (single line).
    pub subject: String,
    /// Plain-text body.
    pub text: String,
    /// HTML body.
    pub html: String,
}

/// The templates the service knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    /// Confirm your e-mail address (`link`, `name`).
    VerifyEmail,
    /// Reset your password (`link`, `name`).
    PasswordReset,
    /// A staff account was created for you; set a password (`link`, `name`, `role`).
    StaffInvite,
    /// Your password was changed (`name`).
    PasswordChanged,
    /// Your job-fair ticket (`name`, `fair`, `starts`, `venue`, `ticket`, `link`).
    FairTicket,
    /// The fair is full; you are on the waiting list (`name`, `fair`, `position`).
    FairWaitlisted,
    /// A place came free: you moved up from the waiting list (same as the ticket).
    FairPromoted,
    /// The fair was called off (`name`, `fair`, `reason`).
    FairCancelled,
    /// The fair is tomorrow (`name`, `fair`, `starts`, `venue`, `ticket`).
    FairReminder,
    /// Booth request approved (`name`, `fair`, `enterprise`).
    BoothApproved,
    /// Booth request rejected (`name`, `fair`, `enterprise`, `reason`).
    BoothRejected,
    /// An internship application or placement changed (`name`, `program`, `position`, `enterprise`, `status`, `reason`).
    InternshipUpdate,
    /// HR verified your enterprise (`name`, `enterprise`, `link`).
    EnterpriseVerified,
    /// HR rejected your enterprise registration (`name`, `enterprise`, `reason`, `link`).
    EnterpriseRejected,
}

impl Template {
    /// Every template.
    pub const ALL: [Template; 14] = [
        Template::VerifyEmail,
        Template::PasswordReset,
        Template::StaffInvite,
        Template::PasswordChanged,
        Template::FairTicket,
        Template::FairWaitlisted,
        Template::FairPromoted,
        Template::FairCancelled,
        Template::FairReminder,
        Template::BoothApproved,
        Template::BoothRejected,
        Template::EnterpriseVerified,
        Template::EnterpriseRejected,
        Template::InternshipUpdate,
    ];

    /// Stored name.
    pub fn name(self) -> &'static str {
        match self {
            Template::VerifyEmail => "verify_email",
            Template::PasswordReset => "password_reset",
            Template::StaffInvite => "staff_invite",
            Template::PasswordChanged => "password_changed",
            Template::FairTicket => "fair_ticket",
            Template::FairWaitlisted => "fair_waitlisted",
            Template::FairPromoted => "fair_promoted",
            Template::FairCancelled => "fair_cancelled",
            Template::FairReminder => "fair_reminder",
            Template::BoothApproved => "booth_approved",
            Template::BoothRejected => "booth_rejected",
            Template::InternshipUpdate => "internship_update",
            Template::EnterpriseVerified => "enterprise_verified",
            Template::EnterpriseRejected => "enterprise_rejected",
        }
    }

    /// Look up a stored name.
    pub fn parse(name: &str) -> Option<Template> {
        Template::ALL.into_iter().find(|t| t.name() == name)
    }
}

fn param(params: &Value, key: &str) -> String {
    params.get(key).and_then(Value::as_str).unwrap_or_default().to_string()
}

/// Escape text for HTML bodies.
pub fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn role_name(role: &str, zh: bool) -> &'static str {
    match (role, zh) {
        ("hr", true) => "人才办工作人员",
        ("finance", true) => "财政工作人员",
        ("admin", true) => "系统管理员",
        ("hr", false) => "talent office staff",
        ("finance", false) => "finance staff",
        ("admin", false) => "administrator",
        (_, true) => "用户",
        (_, false) => "user",
    }
}

fn internship_label(status: &str, zh: bool) -> &'static str {
    match (status, zh) {
        ("accepted", true) => "已录用",
        ("rejected", true) => "未录用",
        ("withdrawn", true) => "已撤回",
        ("in_progress", true) => "实习进行中",
        ("completed", true) => "实习已完成",
        ("terminated", true) => "实习已终止",
        ("accepted", false) => "accepted",
        ("rejected", false) => "not accepted",
        ("withdrawn", false) => "withdrawn",
        ("in_progress", false) => "in progress",
        ("completed", false) => "completed",
        ("terminated", false) => "terminated",
        (_, true) => "已更新",
        (_, false) => "updated",
    }
}

/// Render a template in a locale (`zh-CN` unless `en`).
pub fn render(template: Template, locale: &str, params: &Value) -> Rendered {
    let zh = locale != "en";
    let name = param(params, "name");
    let link = param(params, "link");
    let fair = param(params, "fair");
    let when = format!("{}, {}", param(params, "starts"), param(params, "venue"));
    let ticket = param(params, "ticket");
    let reason = param(params, "reason");
    let enterprise = param(params, "enterprise");
    let (subject, lines, action): (String, Vec<String>, Option<&str>) = match (template, zh) {
        (Template::VerifyEmail, true) => (
            "请验证您的邮箱 - 聚贤人才服务平台".into(),
            vec![format!("{name}，您好："), "感谢注册聚贤人才服务平台。请在 24 小时内点击下面的链接验证邮箱：".into()],
            Some("验证邮箱"),
        ),
        (Template::VerifyEmail, false) => (
            "Confirm your e-mail address - Juxian Talent Portal".into(),
            vec![format!("Hello {name},"), "Thank you for registering. Open this link within 24 hours to confirm your e-mail address:".into()],
            Some("Confirm e-mail"),
        ),
        (Template::PasswordReset, true) => (
            "重置密码 - 聚贤人才服务平台".into(),
            vec![format!("{name}，您好："), "我们收到了重置密码的请求。请在 1 小时内点击下面的链接设置新密码；如非本人操作，请忽略本邮件。".into()],
            Some("重置密码"),
        ),
        (Template::PasswordReset, false) => (
            "Reset your password - Juxian Talent Portal".into(),
            vec![format!("Hello {name},"), "We received a request to reset your password. Open this link within 1 hour to choose a new one; if it was not you, ignore this e-mail.".into()],
            Some("Reset password"),
        ),
        (Template::StaffInvite, true) => (
            "您的工作账号已开通 - 聚贤人才服务平台".into(),
            vec![
                format!("{name}，您好："),
                format!("管理员已为您开通{}账号。请在 72 小时内点击下面的链接设置登录密码：", role_name(&param(params, "role"), true)),
            ],
            Some("设置密码"),
        ),
        (Template::StaffInvite, false) => (
            "Your staff account is ready - Juxian Talent Portal".into(),
            vec![
                format!("Hello {name},"),
                format!("An administrator created a {} account for you. Open this link within 72 hours to set your password:", role_name(&param(params, "role"), false)),
            ],
            Some("Set password"),
        ),
        (Template::PasswordChanged, true) => (
            "您的密码已修改 - 聚贤人才服务平台".into(),
            vec![format!("{name}，您好："), "您的登录密码刚刚被修改，所有已登录的设备均已退出。如非本人操作，请立即通过“忘记密码”重置并联系人才办。".into()],
            None,
        ),
        (Template::PasswordChanged, false) => (
            "Your password was changed - Juxian Talent Portal".into(),
            vec![format!("Hello {name},"), "Your password was just changed and every signed-in device was signed out. If this was not you, reset your password now and contact the talent office.".into()],
            None,
        ),
        (Template::FairTicket | Template::FairPromoted, true) => (
            format!("报名成功：{fair} - 聚贤人才服务平台"),
            vec![
                format!("{name}，您好："),
                if template == Template::FairPromoted { format!("有名额空出，您已从候补转为正式报名“{fair}”。") } else { format!("您已成功报名“{fair}”。") },
                format!("时间地点：{when}"),
                format!("入场券号码：{ticket}（入场时出示二维码或报出号码）"),
            ],
            Some("查看入场券"),
        ),
        (Template::FairTicket | Template::FairPromoted, false) => (
            format!("You are signed up: {fair} - Juxian Talent Portal"),
            vec![
                format!("Hello {name},"),
                if template == Template::FairPromoted { format!("A place came free: you moved up from the waiting list of \"{fair}\".") } else { format!("You are signed up for \"{fair}\".") },
                format!("When and where: {when}"),
                format!("Ticket: {ticket} (show the QR code or say the code at the door)"),
            ],
            Some("Show my ticket"),
        ),
        (Template::FairWaitlisted, true) => (
            format!("已进入候补：{fair} - 聚贤人才服务平台"),
            vec![format!("{name}，您好："), format!("“{fair}”名额已满，您在候补名单第 {} 位。有名额空出时我们会发邮件通知您。", param(params, "position"))],
            None,
        ),
        (Template::FairWaitlisted, false) => (
            format!("On the waiting list: {fair} - Juxian Talent Portal"),
            vec![format!("Hello {name},"), format!("\"{fair}\" is full; you are number {} on the waiting list. We will e-mail you if a place comes free.", param(params, "position"))],
            None,
        ),
        (Template::FairCancelled, true) => (
            format!("招聘会取消通知：{fair} - 聚贤人才服务平台"),
            vec![format!("{name}，您好："), format!("很抱歉，“{fair}”已取消。原因：{reason}"), "您的报名已自动取消，敬请关注后续招聘活动。".into()],
            None,
        ),
        (Template::FairCancelled, false) => (
            format!("Cancelled: {fair} - Juxian Talent Portal"),
            vec![format!("Hello {name},"), format!("We are sorry: \"{fair}\" has been cancelled. Reason: {reason}"), "Your sign-up was cancelled with it.".into()],
            None,
        ),
        (Template::FairReminder, true) => (
            format!("明天见：{fair} - 聚贤人才服务平台"),
            vec![format!("{name}，您好："), format!("您报名的“{fair}”即将举行。"), format!("时间地点：{when}"), format!("入场券号码：{ticket}")],
            Some("查看入场券"),
        ),
        (Template::FairReminder, false) => (
            format!("See you tomorrow: {fair} - Juxian Talent Portal"),
            vec![format!("Hello {name},"), format!("\"{fair}\" is coming up."), format!("When and where: {when}"), format!("Ticket: {ticket}")],
            Some("Show my ticket"),
        ),
        (Template::BoothApproved, true) => (
            format!("展位申请已通过：{fair} - 聚贤人才服务平台"),
            vec![format!("{name}，您好："), format!("{enterprise}在“{fair}”的展位申请已通过审核。")],
            None,
        ),
        (Template::BoothApproved, false) => (
            format!("Booth approved: {fair} - Juxian Talent Portal"),
            vec![format!("Hello {name},"), format!("The booth of {enterprise} at \"{fair}\" has been approved.")],
            None,
        ),
        (Template::BoothRejected, true) => (
            format!("展位申请未通过：{fair} - 聚贤人才服务平台"),
            vec![format!("{name}，您好："), format!("{enterprise}在“{fair}”的展位申请未通过。原因：{reason}")],
            None,
        ),
        (Template::BoothRejected, false) => (
            format!("Booth not approved: {fair} - Juxian Talent Portal"),
            vec![format!("Hello {name},"), format!("The booth request of {enterprise} at \"{fair}\" was not approved. Reason: {reason}")],
            None,
        ),
        (Template::InternshipUpdate, true) => (
            format!("实习申请状态更新：{} - 聚贤人才服务平台", param(params, "position")),
            vec![
                format!("{name}，您好："),
                format!(
                    "您在“{}”中申请的{}“{}”岗位状态已更新为：{}。",
                    param(params, "program"),
                    enterprise,
                    param(params, "position"),
                    internship_label(&param(params, "status"), true)
                ),
                if reason.is_empty() { String::new() } else { format!("说明：{reason}") },
            ],
            None,
        ),
        (Template::InternshipUpdate, false) => (
            format!("Internship update: {} - Juxian Talent Portal", param(params, "position")),
            vec![
                format!("Hello {name},"),
                format!(
                    "Your application for \"{}\" at {} ({}) is now: {}.",
                    param(params, "position"),
                    enterprise,
                    param(params, "program"),
                    internship_label(&param(params, "status"), false)
                ),
                if reason.is_empty() { String::new() } else { format!("Note: {reason}") },
            ],
            None,
        ),
        (Template::EnterpriseVerified, true) => (
            "企业信息审核通过 - 聚贤人才服务平台".into(),
            vec![
                format!("{name}，您好："),
                format!("您提交的企业“{}”已通过人才办审核，现在可以发布招聘岗位、报名参加招聘会。", param(params, "enterprise")),
            ],
            Some("进入工作台"),
        ),
        (Template::EnterpriseVerified, false) => (
            "Your enterprise is verified - Juxian Talent Portal".into(),
            vec![
                format!("Hello {name},"),
                format!("The talent office verified \"{}\". You can now publish positions and ask for booths at job fairs.", param(params, "enterprise")),
            ],
            Some("Open your workspace"),
        ),
        (Template::EnterpriseRejected, true) => (
            "企业信息审核未通过 - 聚贤人才服务平台".into(),
            vec![
                format!("{name}，您好："),
                format!("您提交的企业“{}”未通过人才办审核，原因：{}", param(params, "enterprise"), param(params, "reason")),
                "请登录平台修改企业信息，保存后将自动重新提交审核。".into(),
            ],
            Some("修改企业信息"),
        ),
        (Template::EnterpriseRejected, false) => (
            "Your enterprise registration was not approved - Juxian Talent Portal".into(),
            vec![
                format!("Hello {name},"),
                format!("The talent office did not approve \"{}\". Reason: {}", param(params, "enterprise"), param(params, "reason")),
                "Sign in and correct the enterprise record; saving it submits it for review again.".into(),
            ],
            Some("Correct the record"),
        ),
    };
    let footer = if zh {
        "此邮件由系统自动发送，请勿直接回复。"
    } else {
        "This message was sent automatically; please do not reply."
    };
    let lines: Vec<String> = lines.into_iter().filter(|l| !l.is_empty()).collect();
    let mut text = lines.join("\n\n");
    let mut html = lines
        .iter()
        .map(|l| format!("<p>{}</p>", html_escape(l)))
        .collect::<String>();
    if action.is_some() {
        text.push_str(&format!("\n\n{link}"));
    }
    if let Some(label) = action {
        let href = html_escape(&link);
        html.push_str(&format!(
            "<p><a href=\"{href}\">{}</a></p><p>{href}</p>",
            html_escape(label)
        ));
    }
    text.push_str(&format!("\n\n{footer}\n"));
    html = format!(
        "<!doctype html><html><body>{html}<p style=\"color:#888\">{}</p></body></html>",
        html_escape(footer)
    );
    Rendered {
        subject: subject.replace(['\r', '\n'], " "),
        text,
        html,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enterprise_decisions_carry_the_reason_in_both_locales() {
        let p = serde_json::json!({"name": "王经理", "enterprise": "县农机厂", "reason": "营业执照<模糊>", "link": "http://x/workspace"});
        let zh = render(Template::EnterpriseRejected, "zh-CN", &p);
        assert!(zh.subject.contains("未通过") && zh.text.contains("营业执照<模糊>") && zh.text.contains("县农机厂"));
        assert!(zh.html.contains("营业执照&lt;模糊&gt;"));
        let en = render(Template::EnterpriseVerified, "en", &p);
        assert!(en.subject.contains("verified") && en.text.contains("http://x/workspace"));
    }

    #[test]
    fn renders_both_locales_and_escapes() {
        let p = serde_json::json!({"name": "<b>张三</b>", "link": "http://x/verify-email?token=a&b"});
        let zh = render(Template::VerifyEmail, "zh-CN", &p);
        assert!(zh.subject.contains("验证"));
        assert!(zh.text.contains("http://x/verify-email?token=a&b"));
        assert!(zh.html.contains("&lt;b&gt;张三&lt;/b&gt;"));
        assert!(zh.html.contains("token=a&amp;b"));
        let en = render(Template::VerifyEmail, "en", &p);
        assert!(en.subject.starts_with("Confirm"));
        for t in Template::ALL {
            assert_eq!(Template::parse(t.name()), Some(t));
            for locale in ["zh-CN", "en"] {
                let r = render(t, locale, &p);
                assert!(!r.subject.is_empty() && !r.text.is_empty() && !r.subject.contains('\n'));
            }
        }
    }
}
