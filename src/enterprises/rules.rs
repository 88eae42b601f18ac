//! Enterprise rules as plain functions: the GB 32100 credit code, field validation, and which
//! review transitions are allowed.

use crate::enterprises::models::{EnterpriseAction, EnterpriseInput, EnterpriseStatus};
use crate::error::{AppError, ErrorCode, FieldError};
use crate::transitions::{Machine, Move};
use crate::validation;

/// The 31 characters of GB 32100 (no I, O, S, V, Z), in value order.
pub const CREDIT_CODE_ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
/// Weights of the first 17 characters (3^i mod 31).
const CREDIT_CODE_WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/// Longest enterprise name.
pub const NAME_MAX: usize = 100;
/// Longest address.
pub const ADDRESS_MAX: usize = 200;
/// Longest contact name.
pub const CONTACT_NAME_MAX: usize = 64;
/// Longest rejection reason.
pub const REASON_MAX: usize = 500;

fn credit_value(c: char) -> Option<u32> {
    CREDIT_CODE_ALPHABET.find(c).and_then(|i| u32::try_from(i).ok())
}

/// The check character for the first 17 characters of a credit code (upper-case), or `None`
/// when there are not exactly 17 characters from the alphabet.
pub fn credit_code_check_char(first17: &str) -> Option<char> {
    let values = first17.chars().map(credit_value).collect::<Option<Vec<u32>>>()?;
    if values.len() != CREDIT_CODE_WEIGHTS.len() {
        return None;
    }
    let sum: u32 = values.iter().zip(CREDIT_CODE_WEIGHTS).map(|(v, w)| v * w).sum();
    let check = (31 - sum % 31) % 31;
    CREDIT_CODE_ALPHABET.chars().nth(usize::try_from(check).ok()?)
}

/// Normalise a unified social credit code (trimmed, upper-case) or explain why it is not one.
pub fn normalize_credit_code(field: &str, raw: &str) -> Result<String, FieldError> {
    let code = raw.trim().to_uppercase();
    if code.is_empty() {
        return Err(FieldError::new(
            field,
            "required",
            "The unified social credit code is required.",
        ));
    }
    let invalid = |message: &str| FieldError::new(field, "invalid_credit_code", message);
    if code.chars().count() != 18 {
        return Err(invalid("A unified social credit code has 18 characters."));
    }
    if !code.chars().all(|c| credit_value(c).is_some()) {
        return Err(invalid(
            "A unified social credit code uses digits and capital letters except I, O, S, V and Z.",
        ));
    }
    let (first17, check) = code.split_at(17);
    if credit_code_check_char(first17).map(String::from).as_deref() != Some(check) {
        return Err(invalid("The check character does not match; please check the code."));
    }
    Ok(code)
}

/// Validated, normalised enterprise fields.
#[derive(Debug, Clone)]
pub struct ValidEnterprise {
    pub name: String,
    pub credit_code: String,
    pub industry: &'static str,
    pub address: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub size: &'static str,
    pub kind: &'static str,
}

/// Validate a registration (or the record a change leads to); every bad field is reported at once.
pub fn validate_enterprise(input: &EnterpriseInput) -> Result<ValidEnterprise, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut keep = |r: Result<String, FieldError>| r.map_err(|e| errors.push(e)).unwrap_or_default();
    let valid = ValidEnterprise {
        name: keep(validation::text("name", &input.name, NAME_MAX)),
        credit_code: keep(normalize_credit_code("credit_code", &input.credit_code)),
        industry: input.industry.as_str(),
        address: keep(validation::text("address", &input.address, ADDRESS_MAX)),
        contact_name: keep(validation::text("contact_name", &input.contact_name, CONTACT_NAME_MAX)),
        contact_phone: keep(validation::mainland_mobile("contact_phone", &input.contact_phone)),
        size: input.size.as_str(),
        kind: input.kind.as_str(),
    };
    if errors.is_empty() {
        Ok(valid)
    } else {
        Err(errors)
    }
}

/// Check a rejection reason.
pub fn check_reason(raw: &str) -> Result<String, AppError> {
    validation::text("reason", raw, REASON_MAX).map_err(|e| AppError::validation(vec![e]))
}

/// Review lifecycle: HR decides only on a pending enterprise; the owner edits while it is not verified.
pub const REVIEW: Machine<EnterpriseStatus, EnterpriseAction> = Machine {
    entity: "enterprise",
    moves: &[
        Move {
            action: EnterpriseAction::Verify,
            from: &[EnterpriseStatus::Pending],
            to: EnterpriseStatus::Verified,
        },
        Move {
            action: EnterpriseAction::Reject,
            from: &[EnterpriseStatus::Pending],
            to: EnterpriseStatus::Rejected,
        },
        Move {
            action: EnterpriseAction::Edit,
            from: &[EnterpriseStatus::Pending, EnterpriseStatus::Rejected],
            to: EnterpriseStatus::Pending,
        },
    ],
};

/// Where `action` takes an enterprise in `status`; refusals answer 409 `invalid_transition` with what to do.
pub fn next(status: EnterpriseStatus, action: EnterpriseAction) -> Result<EnterpriseStatus, AppError> {
    REVIEW.next(status, action).ok_or_else(|| {
        let detail = match (action, status) {
            (EnterpriseAction::Edit, _) => {
                "A verified enterprise cannot be changed here; ask the talent office to update it."
            }
            (_, EnterpriseStatus::Verified) => "This enterprise is already verified.",
            _ => "This enterprise was rejected; it can be reviewed again once the employer resubmits it.",
        };
        AppError::new(ErrorCode::InvalidTransition, detail)
    })
}

/// Positions (and, later, booths) need a verified enterprise.
pub fn ensure_verified(status: &str) -> Result<(), AppError> {
    if status.parse() == Ok(EnterpriseStatus::Verified) {
        return Ok(());
    }
    Err(AppError::new(
        ErrorCode::EnterpriseNotVerified,
        "The enterprise has not been verified by the talent office yet.",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enterprises::models::{EnterpriseSize, Industry};

    /// Codes as printed on business licences (checked independently of this code).
    const REAL: [&str; 4] = [
        "91350100M000100Y43",
        "91110000802100433B",
        "91310000132200821H",
        "9144030071526726XG",
    ];

    /// Deterministic pseudo-random valid codes.
    fn generated(n: usize) -> Vec<String> {
        let alphabet: Vec<char> = CREDIT_CODE_ALPHABET.chars().collect();
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        (0..n)
            .map(|_| {
                let first17: String = (0..17)
                    .map(|_| {
                        state = state
                            .wrapping_mul(6_364_136_223_846_793_005)
                            .wrapping_add(1_442_695_040_888_963_407);
                        alphabet[usize::try_from(state >> 33).unwrap_or(0) % alphabet.len()]
                    })
                    .collect();
                let check = credit_code_check_char(&first17).expect("17 alphabet chars");
                format!("{first17}{check}")
            })
            .collect()
    }

    #[test]
    fn real_codes_pass_and_lower_case_is_normalised() {
        for code in REAL {
            assert_eq!(normalize_credit_code("c", code).as_deref(), Ok(code), "{code}");
            assert_eq!(
                normalize_credit_code("c", &format!(" {} ", code.to_lowercase())).as_deref(),
                Ok(code)
            );
        }
    }

    #[test]
    fn malformed_codes_are_refused() {
        for (bad, code) in [
            ("", "required"),
            ("91350100M000100Y4", "invalid_credit_code"),
            ("91350100M000100Y433", "invalid_credit_code"),
            ("91350100M000100I43", "invalid_credit_code"),
            ("91350100M000100Y44", "invalid_credit_code"),
            ("９1350100M000100Y43", "invalid_credit_code"),
        ] {
            assert_eq!(
                normalize_credit_code("credit_code", bad).map_err(|e| e.code),
                Err(code.to_string()),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn check_value_31_becomes_0() {
        // Find a prefix whose weighted sum is a multiple of 31: its check character is '0'.
        let code = generated(2000)
            .into_iter()
            .find(|c| c.ends_with('0'))
            .expect("some code checks to 0");
        let sum: u32 = code[..17]
            .chars()
            .zip(CREDIT_CODE_WEIGHTS)
            .map(|(c, w)| credit_value(c).unwrap_or(0) * w)
            .sum();
        assert_eq!(sum % 31, 0);
        assert!(normalize_credit_code("c", &code).is_ok());
    }

    #[test]
    fn changing_any_one_character_of_a_valid_code_is_refused() {
        let mut codes: Vec<String> = REAL.iter().map(|c| c.to_string()).collect();
        codes.extend(generated(200));
        for code in codes {
            assert!(normalize_credit_code("c", &code).is_ok(), "{code}");
            let chars: Vec<char> = code.chars().collect();
            for i in 0..chars.len() {
                for replacement in CREDIT_CODE_ALPHABET.chars().filter(|c| *c != chars[i]) {
                    let mut changed = chars.clone();
                    changed[i] = replacement;
                    let changed: String = changed.into_iter().collect();
                    assert!(normalize_credit_code("c", &changed).is_err(), "{code} -> {changed}");
                }
            }
        }
    }

    #[test]
    fn enterprise_validation_reports_every_field() {
        let input = EnterpriseInput {
            name: " ".into(),
            credit_code: "123".into(),
            industry: Industry::Manufacturing,
            address: "a".repeat(ADDRESS_MAX + 1),
            contact_name: "".into(),
            contact_phone: "12345".into(),
            size: EnterpriseSize::Small,
            kind: Default::default(),
        };
        let errors = validate_enterprise(&input).expect_err("invalid");
        let fields: Vec<_> = errors.iter().map(|e| (e.field.as_str(), e.code.as_str())).collect();
        assert_eq!(
            fields,
            [
                ("name", "required"),
                ("credit_code", "invalid_credit_code"),
                ("address", "too_long"),
                ("contact_name", "required"),
                ("contact_phone", "invalid_phone"),
            ]
        );
    }

    #[test]
    fn the_review_table() {
        use crate::transitions::Stored;
        use strum::IntoEnumIterator;
        let mut moves = Vec::new();
        for s in EnterpriseStatus::iter() {
            for a in EnterpriseAction::iter() {
                if let Ok(to) = next(s, a) {
                    moves.push((s.as_str(), a.as_str(), to.as_str()));
                }
            }
        }
        assert_eq!(
            moves,
            [
                ("pending", "verify", "verified"),
                ("pending", "reject", "rejected"),
                ("pending", "edit", "pending"),
                ("rejected", "edit", "pending"),
            ]
        );
        let refused = next(EnterpriseStatus::Verified, EnterpriseAction::Reject).unwrap_err();
        assert_eq!(refused.code, ErrorCode::InvalidTransition);
        assert!(refused.detail.contains("already verified"));
        assert!(ensure_verified("verified").is_ok());
        assert_eq!(
            ensure_verified("pending").map_err(|e| e.code).err(),
            Some(ErrorCode::EnterpriseNotVerified)
        );
    }

    #[test]
    fn masks() {}
}
