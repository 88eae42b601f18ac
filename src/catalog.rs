//! Reference values shared by several domains: education levels (profiles, positions) and talent
//! categories (profiles, subsidy eligibility). Their names are in [`crate::labels`].

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Education levels, lowest first (so that ordering means "at least").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EducationLevel {
    /// 高中/中专
    HighSchool,
    /// 大专
    Associate,
    /// 本科
    Bachelor,
    /// 硕士研究生
    Master,
    /// 博士研究生
    Doctorate,
}

impl EducationLevel {
    /// Every level, lowest first.
    pub const ALL: [EducationLevel; 5] = [
        EducationLevel::HighSchool,
        EducationLevel::Associate,
        EducationLevel::Bachelor,
        EducationLevel::Master,
        EducationLevel::Doctorate,
    ];

    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            EducationLevel::HighSchool => "high_school",
            EducationLevel::Associate => "associate",
            EducationLevel::Bachelor => "bachelor",
            EducationLevel::Master => "master",
            EducationLevel::Doctorate => "doctorate",
        }
    }

    /// Parse a stored name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.as_str() == s)
    }
}

/// Talent categories a person can belong to (several at once).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TalentCategory {
    /// 在校大学生
    CollegeStudent,
    /// 高校毕业生
    Graduate,
    /// 技能人才
    SkilledWorker,
    /// 高层次人才
    HighLevel,
    /// 医务人员
    MedicalStaff,
    /// 创业人员
    Entrepreneur,
    /// 返乡人员
    Returnee,
}

impl TalentCategory {
    /// Every category.
    pub const ALL: [TalentCategory; 7] = [
        TalentCategory::CollegeStudent,
        TalentCategory::Graduate,
        TalentCategory::SkilledWorker,
        TalentCategory::HighLevel,
        TalentCategory::MedicalStaff,
        TalentCategory::Entrepreneur,
        TalentCategory::Returnee,
    ];

    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            TalentCategory::CollegeStudent => "college_student",
            TalentCategory::Graduate => "graduate",
            TalentCategory::SkilledWorker => "skilled_worker",
            TalentCategory::HighLevel => "high_level",
            TalentCategory::MedicalStaff => "medical_staff",
            TalentCategory::Entrepreneur => "entrepreneur",
            TalentCategory::Returnee => "returnee",
        }
    }

    /// Parse a stored name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_order() {
        for l in EducationLevel::ALL {
            assert_eq!(EducationLevel::parse(l.as_str()), Some(l));
        }
        assert!(EducationLevel::Bachelor > EducationLevel::Associate);
        assert_eq!(EducationLevel::parse("phd"), None);
        for c in TalentCategory::ALL {
            assert_eq!(TalentCategory::parse(c.as_str()), Some(c));
        }
    }
}
