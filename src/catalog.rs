//! Reference values shared by several domains (education levels for profiles and positions).

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
    /// 硕士
    Master,
    /// 博士
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

    /// Chinese label (for exports and mail).
    pub fn label_zh(self) -> &'static str {
        match self {
            EducationLevel::HighSchool => "高中/中专",
            EducationLevel::Associate => "大专",
            EducationLevel::Bachelor => "本科",
            EducationLevel::Master => "硕士",
            EducationLevel::Doctorate => "博士",
        }
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
    }
}
