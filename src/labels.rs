//! The server's one dictionary of the words people read for stored codes (categories, education
//! levels, statuses, genders), in Chinese and English, for exports, mails and eligibility texts.
//! The screens read the same words from the frontend's i18n tables; a test below keeps both sides
//! saying the same thing, so an export never uses other words than the screen it came from.

use crate::catalog::{EducationLevel, TalentCategory};
use crate::fairs::models::RegistrationStatus;
#[cfg(test)]
use crate::transitions::Stored;

/// The language a file or text is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Simplified Chinese, the portal's default.
    Zh,
    /// English.
    En,
}

impl Lang {
    /// The language of a locale tag (`zh-CN`, `en`); anything but English reads as Chinese.
    pub fn of_locale(locale: &str) -> Lang {
        if locale.starts_with("en") {
            Lang::En
        } else {
            Lang::Zh
        }
    }

    fn pick(self, zh: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// A talent category's name (frontend `talentCategory.<code>`).
pub fn category(c: TalentCategory, lang: Lang) -> &'static str {
    match c {
        TalentCategory::CollegeStudent => lang.pick("在校大学生", "College student"),
        TalentCategory::Graduate => lang.pick("高校毕业生", "Graduate"),
        TalentCategory::SkilledWorker => lang.pick("技能人才", "Skilled worker"),
        TalentCategory::HighLevel => lang.pick("高层次人才", "High-level talent"),
        TalentCategory::MedicalStaff => lang.pick("医务人员", "Medical staff"),
        TalentCategory::Entrepreneur => lang.pick("创业人员", "Entrepreneur"),
        TalentCategory::Returnee => lang.pick("返乡人员", "Returnee"),
    }
}

/// An education level's name (frontend `educationLevel.<code>`).
pub fn education(l: EducationLevel, lang: Lang) -> &'static str {
    match l {
        EducationLevel::HighSchool => lang.pick("高中/中专", "High school / vocational"),
        EducationLevel::Associate => lang.pick("大专", "Associate degree"),
        EducationLevel::Bachelor => lang.pick("本科", "Bachelor's degree"),
        EducationLevel::Master => lang.pick("硕士研究生", "Master's degree"),
        EducationLevel::Doctorate => lang.pick("博士研究生", "Doctorate"),
    }
}

/// A job-fair sign-up's status (frontend `registrationStatus.<code>`).
pub fn registration_status(s: RegistrationStatus, lang: Lang) -> &'static str {
    match s {
        RegistrationStatus::Registered => lang.pick("已报名", "Registered"),
        RegistrationStatus::Waitlisted => lang.pick("候补中", "Waiting list"),
        RegistrationStatus::CheckedIn => lang.pick("已签到", "Checked in"),
        RegistrationStatus::Cancelled => lang.pick("已取消", "Cancelled"),
    }
}

/// A gender's name (frontend `gender.<code>`): `male` or `female`.
pub fn gender(female: bool, lang: Lang) -> &'static str {
    if female {
        lang.pick("女", "Female")
    } else {
        lang.pick("男", "Male")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use strum::IntoEnumIterator;

    /// The frontend's tables, read as text: `<code>: '<label>'` must appear in them.
    const ZH: [&str; 2] = [
        include_str!("../frontend/src/i18n/locales/zh-CN.ts"),
        include_str!("../frontend/src/i18n/locales/fairs.zh-CN.ts"),
    ];
    const EN: [&str; 2] = [
        include_str!("../frontend/src/i18n/locales/en.ts"),
        include_str!("../frontend/src/i18n/locales/fairs.en.ts"),
    ];

    fn on_screen(code: &str, label: &str, lang: Lang) -> bool {
        let tables = if lang == Lang::Zh { ZH } else { EN };
        // The frontend writes a label with an apostrophe in double quotes.
        let (single, double) = (format!("{code}: '{label}'"), format!("{code}: \"{label}\""));
        tables.iter().any(|t| t.contains(&single) || t.contains(&double))
    }

    #[test]
    fn exports_say_what_the_screens_say() {
        let mut differ = Vec::new();
        for lang in [Lang::Zh, Lang::En] {
            for c in TalentCategory::ALL {
                if !on_screen(c.as_str(), category(c, lang), lang) {
                    differ.push(format!("talentCategory.{} {lang:?}", c.as_str()));
                }
            }
            for l in EducationLevel::ALL {
                if !on_screen(l.as_str(), education(l, lang), lang) {
                    differ.push(format!("educationLevel.{} {lang:?}", l.as_str()));
                }
            }
            for s in RegistrationStatus::iter() {
                if !on_screen(s.as_str(), registration_status(s, lang), lang) {
                    differ.push(format!("registrationStatus.{} {lang:?}", s.as_str()));
                }
            }
            for (code, female) in [("male", false), ("female", true)] {
                if !on_screen(code, gender(female, lang), lang) {
                    differ.push(format!("gender.{code} {lang:?}"));
                }
            }
        }
        assert!(differ.is_empty(), "server and screen labels differ: {differ:?}");
    }

    #[test]
    fn locale_tags_pick_the_language() {
        assert_eq!(Lang::of_locale("en"), Lang::En);
        assert_eq!(Lang::of_locale("zh-CN"), Lang::Zh);
        assert_eq!(Lang::of_locale(""), Lang::Zh);
    }
}
