//! The one dictionary of figure names, in Chinese and English, used by the API answer (and so by
//! the dashboard), the workbook and the summary alike; category and education names come from
//! [`crate::labels`].

use crate::catalog::{EducationLevel, TalentCategory};
use crate::labels::{self, Lang};

/// The names of the fixed figure keys: (key, Chinese, English).
const FIXED: &[(&str, &str, &str)] = &[
    ("talents.registered", "注册人才", "Applicants registered"),
    ("talents.profiles", "完善档案人才", "Talent profiles completed"),
    ("talents.education.unknown", "学历未填", "Education not given"),
    ("enterprises.registered", "注册用人单位", "Enterprises registered"),
    ("enterprises.verified", "审核通过用人单位", "Enterprises verified"),
    ("positions.published", "发布岗位", "Positions published"),
    ("positions.headcount", "岗位需求人数", "Headcount offered"),
    ("fairs.held", "举办现场招聘会", "Job fairs held"),
    ("fairs.enterprises", "参会企业", "Enterprises at fairs"),
    ("fairs.booths", "参会展位", "Booths at fairs"),
    ("fairs.positions", "参会岗位", "Positions at fairs"),
    ("fairs.headcount", "参会岗位需求人数", "Headcount at fairs"),
    ("fairs.signed_up", "报名求职人数", "Applicants signed up"),
    ("fairs.checked_in", "入场求职人数", "Applicants checked in"),
    ("fairs.intents", "达成就业意向", "Employment intents"),
    ("fairs.intents_signed", "签约人数", "Intents signed"),
    ("internships.programmes", "实习实训项目", "Internship programmes"),
    ("internships.offers", "实习岗位", "Internship offers"),
    ("internships.slots", "实习名额", "Internship places"),
    ("internships.applicants", "申请实习人数", "Internship applicants"),
    ("internships.placed", "组织实习实训人数", "Interns placed"),
    ("internships.completed", "完成实习人数", "Internships completed"),
    (
        "recruitment.recruitments",
        "事业单位公开招聘",
        "Public-institution recruitments",
    ),
    ("recruitment.posts", "招聘岗位", "Recruitment posts"),
    ("recruitment.headcount", "计划招聘人数", "Places to fill"),
    ("recruitment.signed_up", "报名人数", "People signed up"),
    ("recruitment.approved", "资格审查通过", "Sign-ups approved"),
    (
        "village_plan.applicants",
        "一村多名大学生计划报名",
        "Village plan candidates",
    ),
    ("village_plan.recommended", "推荐人数", "Candidates recommended"),
    ("village_plan.admitted", "录取人数", "Candidates admitted"),
    (
        "village_plan.poor_villages_covered",
        "已覆盖贫困村",
        "Poor villages covered",
    ),
    ("village_plan.poor_villages_total", "贫困村总数", "Poor villages"),
    ("symposiums.held", "召开人才座谈会", "Talent symposiums held"),
    ("symposiums.attendance", "座谈会参会人次", "Symposium attendances"),
    (
        "trainings.courses",
        "举办企业技能人才培训班",
        "Skills training courses held",
    ),
    ("trainings.trainees", "参加技能培训人数", "Skills trainees"),
    (
        "trainings.completions",
        "技能培训结业人数",
        "Skills training completions",
    ),
    ("subsidies.applications", "补贴申请", "Subsidy applications"),
    ("subsidies.awarded", "获批补贴人数", "Subsidies awarded"),
    ("subsidies.awarded_fen", "获批补贴金额", "Amount awarded"),
    ("subsidies.paid", "补贴发放笔数", "Subsidies paid"),
    ("subsidies.paid_fen", "补贴发放金额", "Subsidy amount paid"),
    ("budget.budget_fen", "年度预算", "Budget of the year"),
    ("budget.reserved_fen", "已预留", "Reserved"),
    ("budget.paid_fen", "已支付", "Paid from the budget"),
    ("budget.remaining_fen", "预算余额", "Budget remaining"),
    ("allowances.batches", "补助发放批次", "Allowance batches"),
    ("allowances.recipients", "补助发放人次", "Allowance recipients"),
    ("allowances.total_fen", "补助核定金额", "Allowance amount approved"),
    ("allowances.paid_fen", "补助实发金额", "Allowance amount paid"),
    ("payouts.paid", "代发成功笔数", "Payouts paid"),
    ("payouts.paid_fen", "代发成功金额", "Amount paid out"),
    ("payouts.failed", "代发失败笔数", "Payouts failed"),
    ("payouts.failed_fen", "代发失败金额", "Amount of failed payouts"),
];

/// The Chinese and English names of a figure key; none for a key nobody named (a test keeps
/// every key of the report named).
pub fn label(key: &str) -> Option<(String, String)> {
    if let Some((_, zh, en)) = FIXED.iter().find(|(k, _, _)| *k == key) {
        return Some(((*zh).into(), (*en).into()));
    }
    if let Some(c) = key.strip_prefix("talents.category.").and_then(TalentCategory::parse) {
        return Some((
            format!("人才类别：{}", labels::category(c, Lang::Zh)),
            format!("Category: {}", labels::category(c, Lang::En)),
        ));
    }
    if let Some(l) = key.strip_prefix("talents.education.").and_then(EducationLevel::parse) {
        return Some((
            format!("最高学历：{}", labels::education(l, Lang::Zh)),
            format!("Education: {}", labels::education(l, Lang::En)),
        ));
    }
    None
}

/// Every figure key that has a name: the placeholders a summary template may use.
pub fn known_keys() -> Vec<String> {
    let mut keys: Vec<String> = FIXED.iter().map(|(k, _, _)| (*k).to_string()).collect();
    keys.extend(
        TalentCategory::ALL
            .iter()
            .map(|c| format!("talents.category.{}", c.as_str())),
    );
    keys.extend(
        EducationLevel::ALL
            .iter()
            .map(|l| format!("talents.education.{}", l.as_str())),
    );
    keys
}
