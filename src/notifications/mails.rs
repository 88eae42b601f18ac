//! The parameters of each mail, one struct per [`Template`]: what a caller must provide is checked
//! by the compiler, and the outbox still stores them as JSON. Build a mail with
//! `Mail::new(to, locale, &params, dedupe_key)`.
//!
//! Values are already formatted as people read them (times in Asia/Shanghai, amounts in yuan such
//! as "5000.00"); `link` is always a full URL.
//!
//! A parameter that lets its reader act as the recipient (a one-time link with a token) is named
//! in `secret: [...]`: the outbox stores it encrypted with the data key, apart from the others, and
//! forgets it once the mail is sent or given up. Mails a stranger can send to any address
//! (registration, password reset) greet without a name: the name would be the stranger's words.

use crate::notifications::Template;
use serde::Serialize;

/// The parameters of one template.
pub trait MailParams: Serialize {
    /// The template they fill.
    const TEMPLATE: Template;

    /// The parameters stored encrypted and dropped after delivery (see the module doc).
    const SECRET: &'static [&'static str] = &[];

    /// A sample with markup in `name`, for the tests that render every template.
    #[cfg(test)]
    fn sample() -> Self
    where
        Self: Sized;
}

/// The sample name: markup, to show it is escaped in HTML and kept in text.
#[cfg(test)]
const NAME: &str = "张<b>三</b>";

/// Implements [`MailParams`] for a struct, with its template, test sample and (optionally) the
/// parameters that are secret.
macro_rules! mail_params {
    ($ty:ident, $template:ident, $sample:expr) => {
        mail_params!($ty, $template, $sample, secret: []);
    };
    ($ty:ident, $template:ident, $sample:expr, secret: [$($secret:literal),*]) => {
        impl MailParams for $ty {
            const TEMPLATE: Template = Template::$template;
            const SECRET: &'static [&'static str] = &[$($secret),*];

            #[cfg(test)]
            fn sample() -> Self {
                $sample
            }
        }
    };
}

/// [`Template::VerifyEmail`]: no name, since anyone can register any address under any name.
#[derive(Debug, Clone, Serialize)]
pub struct VerifyEmail {
    /// The verification link.
    pub link: String,
}
mail_params!(
    VerifyEmail,
    VerifyEmail,
    VerifyEmail {
        link: "http://x/verify-email?token=a&b".into()
    },
    secret: ["link"]
);

/// [`Template::PasswordReset`]: no name, since the account may be an unverified registration of
/// a stranger's.
#[derive(Debug, Clone, Serialize)]
pub struct PasswordReset {
    /// The reset link.
    pub link: String,
}
mail_params!(
    PasswordReset,
    PasswordReset,
    PasswordReset {
        link: "http://x/reset-password?token=t".into()
    },
    secret: ["link"]
);

/// [`Template::StaffInvite`].
#[derive(Debug, Clone, Serialize)]
pub struct StaffInvite {
    /// Name to greet.
    pub name: String,
    /// The stored role (`hr`, `finance`, `admin`); the template names it in the reader's language.
    pub role: String,
    /// The link to set a first password.
    pub link: String,
}
mail_params!(
    StaffInvite,
    StaffInvite,
    StaffInvite {
        name: NAME.into(),
        role: "hr".into(),
        link: "http://x/reset-password?token=t".into()
    },
    secret: ["link"]
);

/// [`Template::PasswordChanged`].
#[derive(Debug, Clone, Serialize)]
pub struct PasswordChanged {
    /// Name to greet.
    pub name: String,
}
mail_params!(PasswordChanged, PasswordChanged, PasswordChanged { name: NAME.into() });

/// [`Template::RegistrationAttempt`]: sent to the owner instead of telling a registrant that the
/// address is taken.
#[derive(Debug, Clone, Serialize)]
pub struct RegistrationAttempt {
    /// Name to greet (the owner's, never the one the registrant typed).
    pub name: String,
    /// The sign-in page.
    pub login_link: String,
    /// The page that mails a password reset link.
    pub reset_link: String,
}
mail_params!(
    RegistrationAttempt,
    RegistrationAttempt,
    RegistrationAttempt {
        name: NAME.into(),
        login_link: "http://x/login".into(),
        reset_link: "http://x/forgot-password".into()
    }
);

/// [`Template::FairTicket`]; [`FairPromoted`] carries the same.
#[derive(Debug, Clone, Serialize)]
pub struct FairTicket {
    /// Name to greet.
    pub name: String,
    /// The fair's title.
    pub fair: String,
    /// When it starts, local time.
    pub starts: String,
    /// Where.
    pub venue: String,
    /// The ticket code.
    pub ticket: String,
    /// The page that shows the ticket.
    pub link: String,
}

#[cfg(test)]
fn sample_ticket() -> FairTicket {
    FairTicket {
        name: NAME.into(),
        fair: "2025 春季招聘会".into(),
        starts: "2025-03-01 09:00".into(),
        venue: "县体育馆".into(),
        ticket: "T-1234".into(),
        link: "http://x/my/tickets".into(),
    }
}
mail_params!(FairTicket, FairTicket, sample_ticket());

/// [`Template::FairPromoted`]: the ticket, after a move up from the waiting list.
#[derive(Debug, Clone, Serialize)]
pub struct FairPromoted(pub FairTicket);
mail_params!(FairPromoted, FairPromoted, FairPromoted(sample_ticket()));

/// [`Template::FairWaitlisted`].
#[derive(Debug, Clone, Serialize)]
pub struct FairWaitlisted {
    /// Name to greet.
    pub name: String,
    /// The fair's title.
    pub fair: String,
    /// Place on the waiting list, from 1.
    pub position: i64,
}
mail_params!(
    FairWaitlisted,
    FairWaitlisted,
    FairWaitlisted {
        name: NAME.into(),
        fair: "招聘会".into(),
        position: 3
    }
);

/// [`Template::FairCancelled`].
#[derive(Debug, Clone, Serialize)]
pub struct FairCancelled {
    /// Name to greet.
    pub name: String,
    /// The fair's title.
    pub fair: String,
    /// Why it was called off.
    pub reason: String,
}
mail_params!(
    FairCancelled,
    FairCancelled,
    FairCancelled {
        name: NAME.into(),
        fair: "招聘会".into(),
        reason: "天气原因".into()
    }
);

/// [`Template::FairReminder`].
#[derive(Debug, Clone, Serialize)]
pub struct FairReminder {
    /// Name to greet.
    pub name: String,
    /// The fair's title.
    pub fair: String,
    /// When it starts, local time.
    pub starts: String,
    /// Where.
    pub venue: String,
    /// The ticket code.
    pub ticket: String,
    /// The page that shows the ticket.
    pub link: String,
}
mail_params!(FairReminder, FairReminder, {
    let t = sample_ticket();
    FairReminder {
        name: t.name,
        fair: t.fair,
        starts: t.starts,
        venue: t.venue,
        ticket: t.ticket,
        link: t.link,
    }
});

/// [`Template::BoothApproved`].
#[derive(Debug, Clone, Serialize)]
pub struct BoothApproved {
    /// Name to greet.
    pub name: String,
    /// The fair's title.
    pub fair: String,
    /// The enterprise that asked for the booth.
    pub enterprise: String,
}
mail_params!(
    BoothApproved,
    BoothApproved,
    BoothApproved {
        name: NAME.into(),
        fair: "招聘会".into(),
        enterprise: "县农机厂".into()
    }
);

/// [`Template::BoothRejected`].
#[derive(Debug, Clone, Serialize)]
pub struct BoothRejected {
    /// Name to greet.
    pub name: String,
    /// The fair's title.
    pub fair: String,
    /// The enterprise that asked for the booth.
    pub enterprise: String,
    /// Why not.
    pub reason: String,
}
mail_params!(
    BoothRejected,
    BoothRejected,
    BoothRejected {
        name: NAME.into(),
        fair: "招聘会".into(),
        enterprise: "县农机厂".into(),
        reason: "展位已满".into()
    }
);

/// [`Template::InternshipUpdate`].
#[derive(Debug, Clone, Serialize)]
pub struct InternshipUpdate {
    /// Name to greet.
    pub name: String,
    /// The programme's title.
    pub program: String,
    /// The position's title.
    pub position: String,
    /// The enterprise offering it.
    pub enterprise: String,
    /// The stored application status; the template names it in the reader's language.
    pub status: String,
    /// A note from whoever decided, if any.
    pub reason: Option<String>,
}
mail_params!(
    InternshipUpdate,
    InternshipUpdate,
    InternshipUpdate {
        name: NAME.into(),
        program: "暑期实习".into(),
        position: "会计助理".into(),
        enterprise: "县农机厂".into(),
        status: "rejected".into(),
        reason: Some("名额已满".into()),
    }
);

/// [`Template::EnterpriseVerified`].
#[derive(Debug, Clone, Serialize)]
pub struct EnterpriseVerified {
    /// Name to greet.
    pub name: String,
    /// The enterprise's name.
    pub enterprise: String,
    /// The employer's workspace.
    pub link: String,
}
mail_params!(
    EnterpriseVerified,
    EnterpriseVerified,
    EnterpriseVerified {
        name: NAME.into(),
        enterprise: "县农机厂".into(),
        link: "http://x/workspace".into()
    }
);

/// [`Template::EnterpriseRejected`].
#[derive(Debug, Clone, Serialize)]
pub struct EnterpriseRejected {
    /// Name to greet.
    pub name: String,
    /// The enterprise's name.
    pub enterprise: String,
    /// Why not.
    pub reason: String,
    /// The employer's workspace, where the record is corrected.
    pub link: String,
}
mail_params!(
    EnterpriseRejected,
    EnterpriseRejected,
    EnterpriseRejected {
        name: NAME.into(),
        enterprise: "县农机厂".into(),
        reason: "营业执照<模糊>".into(),
        link: "http://x/workspace".into()
    }
);

/// [`Template::SubsidySubmitted`].
#[derive(Debug, Clone, Serialize)]
pub struct SubsidySubmitted {
    /// Name to greet.
    pub name: String,
    /// The policy's name.
    pub policy: String,
    /// The application's page.
    pub link: String,
}
mail_params!(
    SubsidySubmitted,
    SubsidySubmitted,
    SubsidySubmitted {
        name: NAME.into(),
        policy: "高校毕业生创业补贴".into(),
        link: "http://x/my/subsidies/1".into()
    }
);

/// [`Template::SubsidyReturned`].
#[derive(Debug, Clone, Serialize)]
pub struct SubsidyReturned {
    /// Name to greet.
    pub name: String,
    /// The policy's name.
    pub policy: String,
    /// What is missing.
    pub reason: String,
    /// The page where the applicant amends and resubmits.
    pub link: String,
}
mail_params!(
    SubsidyReturned,
    SubsidyReturned,
    SubsidyReturned {
        name: NAME.into(),
        policy: "高校毕业生创业补贴".into(),
        reason: "请补充营业执照副本".into(),
        link: "http://x/my/subsidies/1".into(),
    }
);

/// [`Template::SubsidyRejected`].
#[derive(Debug, Clone, Serialize)]
pub struct SubsidyRejected {
    /// Name to greet.
    pub name: String,
    /// The policy's name.
    pub policy: String,
    /// Why not.
    pub reason: String,
    /// The application's page.
    pub link: String,
}
mail_params!(
    SubsidyRejected,
    SubsidyRejected,
    SubsidyRejected {
        name: NAME.into(),
        policy: "高校毕业生创业补贴".into(),
        reason: "不符合毕业年限要求".into(),
        link: "http://x/my/subsidies/1".into(),
    }
);

/// [`Template::SubsidyFinanceApproved`].
#[derive(Debug, Clone, Serialize)]
pub struct SubsidyFinanceApproved {
    /// Name to greet.
    pub name: String,
    /// The policy's name.
    pub policy: String,
    /// The approved amount in yuan, formatted ("5000.00").
    pub amount: String,
    /// The application's page.
    pub link: String,
}
mail_params!(
    SubsidyFinanceApproved,
    SubsidyFinanceApproved,
    SubsidyFinanceApproved {
        name: NAME.into(),
        policy: "高校毕业生创业补贴".into(),
        amount: "5000.00".into(),
        link: "http://x/my/subsidies/1".into(),
    }
);

/// [`Template::SubsidyFinanceRejected`].
#[derive(Debug, Clone, Serialize)]
pub struct SubsidyFinanceRejected {
    /// Name to greet.
    pub name: String,
    /// The policy's name.
    pub policy: String,
    /// Why not.
    pub reason: String,
    /// The application's page.
    pub link: String,
}
mail_params!(
    SubsidyFinanceRejected,
    SubsidyFinanceRejected,
    SubsidyFinanceRejected {
        name: NAME.into(),
        policy: "高校毕业生创业补贴".into(),
        reason: "年度预算已用完".into(),
        link: "http://x/my/subsidies/1".into(),
    }
);

/// [`Template::SubsidyNoticeStarted`].
#[derive(Debug, Clone, Serialize)]
pub struct SubsidyNoticeStarted {
    /// Name to greet.
    pub name: String,
    /// The policy's name.
    pub policy: String,
    /// The amount in yuan, formatted ("5000.00").
    pub amount: String,
    /// The last day of the notice, as people read it ("2025-03-08").
    pub notice_ends: String,
    /// The public notice page.
    pub link: String,
}
mail_params!(
    SubsidyNoticeStarted,
    SubsidyNoticeStarted,
    SubsidyNoticeStarted {
        name: NAME.into(),
        policy: "高校毕业生创业补贴".into(),
        amount: "5000.00".into(),
        notice_ends: "2025-03-08".into(),
        link: "http://x/notices/1".into(),
    }
);

/// [`Template::SubsidyAwarded`].
#[derive(Debug, Clone, Serialize)]
pub struct SubsidyAwarded {
    /// Name to greet.
    pub name: String,
    /// The policy's name.
    pub policy: String,
    /// The awarded amount in yuan, formatted ("5000.00").
    pub amount: String,
    /// The application's page.
    pub link: String,
}
mail_params!(
    SubsidyAwarded,
    SubsidyAwarded,
    SubsidyAwarded {
        name: NAME.into(),
        policy: "高校毕业生创业补贴".into(),
        amount: "5000.00".into(),
        link: "http://x/my/subsidies/1".into(),
    }
);

/// [`Template::SubsidyObjectionUpheld`].
#[derive(Debug, Clone, Serialize)]
pub struct SubsidyObjectionUpheld {
    /// Name to greet.
    pub name: String,
    /// The policy's name.
    pub policy: String,
    /// What the objection showed.
    pub reason: String,
    /// The application's page.
    pub link: String,
}
mail_params!(
    SubsidyObjectionUpheld,
    SubsidyObjectionUpheld,
    SubsidyObjectionUpheld {
        name: NAME.into(),
        policy: "高校毕业生创业补贴".into(),
        reason: "经核实，申请人已在外县领取同类补贴".into(),
        link: "http://x/my/subsidies/1".into(),
    }
);

/// [`Template::PayoutPaid`].
#[derive(Debug, Clone, Serialize)]
pub struct PayoutPaid {
    /// Name to greet.
    pub name: String,
    /// What the money is for (the policy's name).
    pub policy: String,
    /// Yuan, e.g. "3000.00".
    pub amount: String,
    /// The account it went to, masked.
    pub account: String,
    /// The recipient's applications page.
    pub link: String,
}
mail_params!(
    PayoutPaid,
    PayoutPaid,
    PayoutPaid {
        name: NAME.into(),
        policy: "高校毕业生创业补贴".into(),
        amount: "3000.00".into(),
        account: "***************0018".into(),
        link: "http://x/my/subsidies".into(),
    }
);

/// [`Template::PayoutFailed`].
#[derive(Debug, Clone, Serialize)]
pub struct PayoutFailed {
    /// Name to greet.
    pub name: String,
    /// What the money is for (the policy's name).
    pub policy: String,
    /// Yuan, e.g. "3000.00".
    pub amount: String,
    /// What the bank said.
    pub reason: String,
    /// The profile page where the account is corrected.
    pub link: String,
}
mail_params!(
    PayoutFailed,
    PayoutFailed,
    PayoutFailed {
        name: NAME.into(),
        policy: "高校毕业生创业补贴".into(),
        amount: "3000.00".into(),
        reason: "户名与账号不符".into(),
        link: "http://x/applicant/profile".into(),
    }
);

/// [`Template::BankAccountChanged`].
#[derive(Debug, Clone, Serialize)]
pub struct BankAccountChanged {
    /// Name to greet.
    pub name: String,
    /// The new account, masked (or a word saying it was removed).
    pub account: String,
    /// When, in Asia/Shanghai.
    pub when: String,
    /// The profile page.
    pub link: String,
}
mail_params!(
    BankAccountChanged,
    BankAccountChanged,
    BankAccountChanged {
        name: NAME.into(),
        account: "中国银行 ***************3445".into(),
        when: "2026-12-01 20:30".into(),
        link: "http://x/applicant/profile".into(),
    }
);

/// [`Template::VillagePlanUpdate`].
#[derive(Debug, Clone, Serialize)]
pub struct VillagePlanUpdate {
    /// Name to greet.
    pub name: String,
    /// The round's title.
    pub round: String,
    /// Township and village of the candidacy.
    pub village: String,
    /// The stored candidacy status; the template names it in the reader's language.
    pub status: String,
    /// Admitted: the institution.
    pub institution: Option<String>,
    /// Admitted: the programme.
    pub programme: Option<String>,
    /// A note from HR, if any.
    pub reason: Option<String>,
}
mail_params!(
    VillagePlanUpdate,
    VillagePlanUpdate,
    VillagePlanUpdate {
        name: NAME.into(),
        round: "2027年一村多名大学生计划".into(),
        village: "城关镇东村".into(),
        status: "admitted".into(),
        institution: Some("湖南农业大学".into()),
        programme: Some("现代农业技术".into()),
        reason: None,
    }
);

/// [`Template::RecruitmentUpdate`]: one template for every step of a recruitment sign-up.
#[derive(Debug, Clone, Serialize)]
pub struct RecruitmentUpdate {
    /// Name to greet.
    pub name: String,
    /// The recruitment's title.
    pub recruitment: String,
    /// Post code, title and institution.
    pub post: String,
    /// The step (`submitted`, `returned`, `approved`, `ticket_issued`, …); the template words it.
    pub step: String,
    /// The reason HR gave, if any.
    pub reason: Option<String>,
    /// The sign-up (or its ticket).
    pub link: String,
}
mail_params!(
    RecruitmentUpdate,
    RecruitmentUpdate,
    RecruitmentUpdate {
        name: NAME.into(),
        recruitment: "2026年县事业单位公开招聘".into(),
        post: "A01 会计（县财政局下属事业单位）".into(),
        step: "returned".into(),
        reason: Some("请补充学位证书".into()),
        link: "http://x/my/recruitments/1".into(),
    }
);

/// [`Template::SymposiumInvitation`]: an invitation (`step` = `invited`) or its cancellation.
#[derive(Debug, Clone, Serialize)]
pub struct SymposiumInvitation {
    /// Name to greet.
    pub name: String,
    /// `invited` or `cancelled`; the template words it.
    pub step: String,
    /// The symposium's title.
    pub title: String,
    /// Its kind's stored name (`sci_tech`, `youth`, `other`); the template words it.
    pub kind: String,
    /// Local start time (Asia/Shanghai), e.g. `2027-03-01 09:30`.
    pub starts_at: String,
    pub venue: String,
    pub agenda: Option<String>,
    /// The portal page answering yes (the invitee signs in to answer).
    pub accept_link: String,
    /// The portal page answering no.
    pub decline_link: String,
}
mail_params!(
    SymposiumInvitation,
    SymposiumInvitation,
    SymposiumInvitation {
        name: NAME.into(),
        step: "invited".into(),
        title: "2027年青年人才座谈会".into(),
        kind: "youth".into(),
        starts_at: "2027-03-01 09:30".into(),
        venue: "县委党校报告厅".into(),
        agenda: Some("一、县领导讲话；二、人才代表发言".into()),
        accept_link: "http://x/my/symposiums?invitation=1&rsvp=accepted".into(),
        decline_link: "http://x/my/symposiums?invitation=1&rsvp=declined".into(),
    }
);

/// [`Template::AccountClosure`].
#[derive(Debug, Clone, Serialize)]
pub struct AccountClosure {
    /// Name to greet.
    pub name: String,
    /// `requested`, `approved` or `rejected`; the template words it.
    pub step: String,
    /// Why it was rejected.
    pub reason: Option<String>,
    /// My data page (requested, rejected) or the portal (approved).
    pub link: String,
}
mail_params!(
    AccountClosure,
    AccountClosure,
    AccountClosure {
        name: NAME.into(),
        step: "rejected".into(),
        reason: Some("尚有补贴<申请>在审核中".into()),
        link: "http://x/my/data".into(),
    }
);

/// [`Template::TrainingUpdate`]: a place confirmed (`step` = `enrolled`) or a certificate issued
/// (`certificate`).
#[derive(Debug, Clone, Serialize)]
pub struct TrainingUpdate {
    /// Name to greet.
    pub name: String,
    /// `enrolled` or `certificate`; the template words it.
    pub step: String,
    /// The course's title.
    pub title: String,
    /// The trade (工种).
    pub trade: String,
    pub organiser: String,
    /// Local start of the first session (Asia/Shanghai).
    pub first_session: Option<String>,
    /// Venue of the first session.
    pub venue: Option<String>,
    /// The ticket shown at each session's door.
    pub ticket: String,
    /// Hours attended (certificate).
    pub hours: Option<i32>,
    /// The certificate's verification code.
    pub certificate_code: Option<String>,
    /// My trainings, or the certificate's public page.
    pub link: String,
}
mail_params!(
    TrainingUpdate,
    TrainingUpdate,
    TrainingUpdate {
        name: NAME.into(),
        step: "certificate".into(),
        title: "2027年电工技能提升培训".into(),
        trade: "电工".into(),
        organiser: "县人社局".into(),
        first_session: Some("2027-03-01 09:00".into()),
        venue: Some("县职业教育中心".into()),
        ticket: "7KQ2-M9XA-PQRS-2345".into(),
        hours: Some(32),
        certificate_code: Some("PX-ABCD-EFGH-JKMN".into()),
        link: "http://x/training-certificates/PX-ABCD-EFGH-JKMN".into(),
    }
);

/// The sample parameters of a template, as stored; the match makes a new template without a
/// sample a compile error, and the check that the struct names that template catches a mix-up.
#[cfg(test)]
pub fn sample_params(template: Template) -> serde_json::Value {
    fn of<P: MailParams>(template: Template) -> serde_json::Value {
        assert_eq!(
            P::TEMPLATE,
            template,
            "the sample of {} names another template",
            template.name()
        );
        let params = serde_json::to_value(P::sample()).expect("params serialise");
        for secret in P::SECRET {
            assert!(
                params.get(secret).is_some(),
                "{} names a secret `{secret}` it does not have",
                template.name()
            );
        }
        params
    }
    match template {
        Template::VerifyEmail => of::<VerifyEmail>(template),
        Template::PasswordReset => of::<PasswordReset>(template),
        Template::StaffInvite => of::<StaffInvite>(template),
        Template::PasswordChanged => of::<PasswordChanged>(template),
        Template::RegistrationAttempt => of::<RegistrationAttempt>(template),
        Template::FairTicket => of::<FairTicket>(template),
        Template::FairWaitlisted => of::<FairWaitlisted>(template),
        Template::FairPromoted => of::<FairPromoted>(template),
        Template::FairCancelled => of::<FairCancelled>(template),
        Template::FairReminder => of::<FairReminder>(template),
        Template::BoothApproved => of::<BoothApproved>(template),
        Template::BoothRejected => of::<BoothRejected>(template),
        Template::InternshipUpdate => of::<InternshipUpdate>(template),
        Template::EnterpriseVerified => of::<EnterpriseVerified>(template),
        Template::EnterpriseRejected => of::<EnterpriseRejected>(template),
        Template::SubsidySubmitted => of::<SubsidySubmitted>(template),
        Template::SubsidyReturned => of::<SubsidyReturned>(template),
        Template::SubsidyRejected => of::<SubsidyRejected>(template),
        Template::SubsidyFinanceApproved => of::<SubsidyFinanceApproved>(template),
        Template::SubsidyFinanceRejected => of::<SubsidyFinanceRejected>(template),
        Template::SubsidyNoticeStarted => of::<SubsidyNoticeStarted>(template),
        Template::SubsidyAwarded => of::<SubsidyAwarded>(template),
        Template::SubsidyObjectionUpheld => of::<SubsidyObjectionUpheld>(template),
        Template::PayoutPaid => of::<PayoutPaid>(template),
        Template::PayoutFailed => of::<PayoutFailed>(template),
        Template::BankAccountChanged => of::<BankAccountChanged>(template),
        Template::VillagePlanUpdate => of::<VillagePlanUpdate>(template),
        Template::RecruitmentUpdate => of::<RecruitmentUpdate>(template),
        Template::SymposiumInvitation => of::<SymposiumInvitation>(template),
        Template::AccountClosure => of::<AccountClosure>(template),
        Template::TrainingUpdate => of::<TrainingUpdate>(template),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notifications::Mail;

    #[test]
    fn mail_new_stores_the_template_and_params_as_json() {
        let mail = Mail::new("a@example.com", "en", &FairPromoted(sample_ticket()), "k1");
        assert_eq!(mail.template, Template::FairPromoted);
        assert_eq!(
            (mail.to.as_str(), mail.locale.as_str(), mail.dedupe_key.as_str()),
            ("a@example.com", "en", "k1")
        );
        // The newtype is stored as the ticket's fields, the shape the template reads.
        assert_eq!(mail.params["ticket"], "T-1234");
        let mail = Mail::new("a@example.com", "zh-CN", &FairWaitlisted::sample(), "k2");
        assert_eq!(mail.params["position"], 3);
        assert!(mail.secrets.is_empty());
    }

    #[test]
    fn secret_params_are_kept_apart() {
        let mail = Mail::new("a@example.com", "en", &StaffInvite::sample(), "k3");
        assert_eq!(mail.params, serde_json::json!({"name": NAME, "role": "hr"}));
        assert_eq!(mail.secrets.len(), 1);
        assert_eq!(mail.secrets["link"], "http://x/reset-password?token=t");
        let mail = Mail::new("a@example.com", "en", &PasswordReset::sample(), "k4");
        assert_eq!(mail.params, serde_json::json!({}));
        assert!(mail.secrets.contains_key("link"));
    }
}
