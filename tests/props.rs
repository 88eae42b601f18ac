//! Property tests for the parsers that take outside input: resident ID numbers, credit codes,
//! yuan amounts, the spreadsheet reader under the roster and bank-result importers, upload
//! sniffing and display names, and the problem+json error mapping. None may panic on any input;
//! where a value can be written and read back, it comes back the same. The files under
//! `tests/corpus/` (inputs that once mattered, or that sit on an edge) are replayed every run.

use chrono::NaiveDate;
use juxian::attachments::sniff::{display_name, sniff, FileType};
use juxian::enterprises::rules::{credit_code_check_char, normalize_credit_code, CREDIT_CODE_ALPHABET};
use juxian::error::{AppError, ErrorCode};
use juxian::money::{Fen, MAX};
use juxian::sheets::{self, Cell};
use juxian::subsidies::models::AmountRule;
use juxian::talents::id_number::{self, Gender, IdNumberError};
use proptest::prelude::*;
use std::path::{Path, PathBuf};

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()
}

/// A valid ID number built independently of the parser (region, birth date, sequence, check).
fn make_id(region: u32, birth: NaiveDate, seq: u32) -> String {
    let body = format!("{region:06}{}{seq:03}", birth.format("%Y%m%d"));
    let sum: u32 = body
        .chars()
        .zip(WEIGHTS)
        .map(|(c, w)| c.to_digit(10).unwrap() * w)
        .sum();
    format!("{body}{}", CHECK[(sum % 11) as usize])
}

fn birth_dates() -> impl Strategy<Value = NaiveDate> {
    let first = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap();
    let days = (today() - first).num_days();
    (0..=days).prop_map(move |d| first + chrono::Duration::days(d))
}

fn id_like() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), "[0-9xX ]{0,20}", "[0-9]{17}[0-9xX]", "\\PC{18}",]
}

fn credit_code() -> impl Strategy<Value = String> {
    proptest::collection::vec(0..CREDIT_CODE_ALPHABET.len(), 17).prop_map(|idx| {
        let first17: String = idx
            .iter()
            .map(|i| CREDIT_CODE_ALPHABET.as_bytes()[*i] as char)
            .collect();
        let check = credit_code_check_char(&first17).unwrap();
        format!("{first17}{check}")
    })
}

/// Text a cell may hold that a CSV round trip keeps as it is: no NUL, not blank, no surrounding
/// spaces (cells read back trimmed), not starting like a formula (the writer neutralises those).
fn cell_text() -> impl Strategy<Value = String> {
    "[^\u{0}\u{feff}=+\\-@\\s]([^\u{0}]{0,10}[^\u{0}\\s])?".prop_filter("trimmed", |s| s.trim() == s)
}

proptest! {
    // 256 cases (PROPTEST_CASES for more) and no regression files: found inputs go to the corpus.
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn id_parse_never_panics(raw in id_like()) {
        let _ = id_number::parse(&raw, today());
    }

    #[test]
    fn a_valid_id_round_trips_and_tells_birth_date_and_gender(
        region in 110_000u32..=659_999, birth in birth_dates(), seq in 0u32..1000, lower in any::<bool>(), pad in any::<bool>(),
    ) {
        let id = make_id(region, birth, seq);
        let mut raw = if lower { id.to_lowercase() } else { id.clone() };
        if pad {
            raw = format!("  {raw}\t");
        }
        let parsed = id_number::parse(&raw, today()).unwrap();
        prop_assert_eq!(&parsed.normalized, &id);
        prop_assert_eq!(parsed.birth_date, birth);
        prop_assert_eq!(parsed.gender, if seq % 2 == 1 { Gender::Male } else { Gender::Female });
    }

    #[test]
    fn one_wrong_character_in_an_id_is_always_caught(
        region in 110_000u32..=659_999, birth in birth_dates(), seq in 0u32..1000, at in 0usize..18, with in "[0-9X]",
    ) {
        let id = make_id(region, birth, seq);
        let mut chars: Vec<char> = id.chars().collect();
        let new = with.chars().next().unwrap();
        prop_assume!(chars[at] != new);
        chars[at] = new;
        let typo: String = chars.into_iter().collect();
        prop_assert!(id_number::parse(&typo, today()).is_err(), "{} accepted", typo);
    }

    #[test]
    fn credit_code_checks_never_panic(raw in any::<String>()) {
        let _ = credit_code_check_char(&raw);
        let _ = normalize_credit_code("credit_code", &raw);
    }

    #[test]
    fn a_valid_credit_code_round_trips_and_one_substitution_is_caught(
        code in credit_code(), at in 0usize..18, with in 0..CREDIT_CODE_ALPHABET.len(),
    ) {
        prop_assert_eq!(normalize_credit_code("c", &format!(" {} ", code.to_lowercase())).unwrap(), code.clone());
        let mut chars: Vec<char> = code.chars().collect();
        let new = CREDIT_CODE_ALPHABET.as_bytes()[with] as char;
        prop_assume!(chars[at] != new);
        chars[at] = new;
        let typo: String = chars.into_iter().collect();
        prop_assert!(normalize_credit_code("c", &typo).is_err(), "{} accepted", typo);
    }

    #[test]
    fn yuan_parsing_never_panics_and_printed_amounts_read_back(raw in any::<String>(), fen in -MAX.get()..=MAX.get()) {
        let _ = Fen::parse_yuan(&raw);
        prop_assert_eq!(Fen::parse_yuan(&Fen(fen).to_string()).unwrap(), Fen(fen));
    }

    #[test]
    fn the_sheet_reader_never_panics_on_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400), zip in any::<bool>()) {
        let bytes = if zip { [b"PK\x03\x04".as_slice(), &bytes].concat() } else { bytes };
        if let Ok(rows) = sheets::read(&bytes) {
            check_importers(&rows);
        }
    }

    #[test]
    fn csv_written_by_the_portal_reads_back_cell_for_cell(
        rows in proptest::collection::vec(proptest::collection::vec(cell_text(), 1..5), 1..6), gbk in any::<bool>(),
    ) {
        let mut text = juxian::csv::head(&rows[0]);
        for row in &rows[1..] {
            text.push_str(&juxian::csv::line(row));
        }
        let bytes = if gbk {
            // Text GBK cannot hold stays UTF-8 (the reader tells them apart). So does text whose
            // GBK bytes happen to be valid UTF-8 too (蔷 is C7 BE, which UTF-8 reads as Ǿ): no
            // reader can tell those apart, and a real roster or bank file, whose header alone has
            // several Chinese words, never is such a file (each character has about an 8% chance).
            let plain = text.trim_start_matches('\u{feff}');
            match encoding_rs::GBK.encode(plain) {
                (encoded, _, false) if std::str::from_utf8(&encoded).map_or(true, |u| u == plain) => {
                    encoded.into_owned()
                }
                _ => text.into_bytes(),
            }
        } else {
            text.into_bytes()
        };
        let read = sheets::read(&bytes).unwrap();
        let texts: Vec<Vec<String>> = read.iter().map(|r| r.iter().map(Cell::text).collect()).collect();
        prop_assert_eq!(texts, rows);
    }

    #[test]
    fn the_importers_never_panic_on_any_cells(
        rows in proptest::collection::vec(proptest::collection::vec(cell(), 0..10), 0..8),
    ) {
        check_importers(&rows);
    }

    #[test]
    fn sniffing_never_panics_and_goes_by_the_first_bytes_only(
        bytes in proptest::collection::vec(any::<u8>(), 0..64), name in proptest::option::of(any::<String>()),
    ) {
        let _ = sniff(&bytes);
        for (magic, kind) in [
            (b"%PDF-".as_slice(), FileType::Pdf),
            (&[0xFF, 0xD8, 0xFF], FileType::Jpeg),
            (&[0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1A, b'\n'], FileType::Png),
        ] {
            prop_assert_eq!(sniff(&[magic, &bytes].concat()), Some(kind));
            let shown = display_name(name.as_deref(), kind);
            prop_assert!(shown.ends_with(&format!(".{}", kind.extension())), "{}", shown);
            prop_assert!(!shown.chars().any(|c| c.is_control() || matches!(c, '/' | '\\' | '"' | '<' | '>' | ':' | '|' | '?' | '*')), "{:?}", shown);
            prop_assert!(shown.chars().count() <= 81 + kind.extension().len(), "{:?}", shown);
        }
    }

    #[test]
    fn every_problem_is_well_formed_json_with_its_code_and_status(detail in any::<String>(), pick in 0usize..64) {
        let codes: Vec<ErrorCode> = ErrorCode::all().collect();
        let code = codes[pick % codes.len()];
        let problem = AppError::new(code, detail.clone()).problem();
        let body: serde_json::Value = serde_json::from_str(&serde_json::to_string(&problem).unwrap()).unwrap();
        prop_assert_eq!(body["code"].as_str(), Some(code.as_str()));
        prop_assert_eq!(body["status"].as_u64(), Some(u64::from(code.status().as_u16())));
        prop_assert_eq!(body["detail"].as_str(), Some(detail.as_str()));
        prop_assert_eq!(body["type"].as_str().map(|t| t.ends_with(code.as_str())), Some(true));
    }

    #[test]
    fn database_errors_never_reach_the_answer(message in "[a-z ]{0,20}SECRET[a-z ]{0,20}") {
        use diesel::result::{DatabaseErrorKind as K, Error};
        for kind in [K::Unknown, K::UniqueViolation, K::ClosedConnection, K::UnableToSendCommand, K::SerializationFailure, K::CheckViolation] {
            let error = AppError::from(Error::DatabaseError(kind, Box::new(message.clone())));
            let body = serde_json::to_string(&error.problem()).unwrap();
            prop_assert!(!body.contains("SECRET"), "{}", body);
            prop_assert!(matches!(error.code.status().as_u16(), 404 | 409 | 500 | 503), "{:?}", error.code);
        }
    }

    #[test]
    fn a_status_maps_to_a_code_of_that_status_or_to_internal_error(status in 100u16..600) {
        let Ok(status) = actix_web::http::StatusCode::from_u16(status) else { return Ok(()) };
        let code = ErrorCode::for_status(status);
        prop_assert!(code.status() == status || code == ErrorCode::InternalError || code == ErrorCode::MalformedJson, "{} -> {:?}", status, code);
    }
}

fn cell() -> impl Strategy<Value = Cell> {
    prop_oneof![
        Just(Cell::Empty),
        any::<String>().prop_map(Cell::Text),
        // Header names and values the importers look for, so the rows get past the header.
        proptest::sample::select(vec![
            "姓名",
            "身份证号",
            "工作单位",
            "岗位",
            "金额（元）",
            "开户银行",
            "银行账号",
            "备注",
            "结果",
            "失败原因",
            "银行流水号",
            "金额",
            "成功",
            "失败",
            "11010519491231002X",
            "6222020200112233445",
            "5,000.00",
            "-1",
        ])
        .prop_map(|s| Cell::Text(s.to_string())),
        any::<f64>().prop_map(Cell::Number),
    ]
}

/// Run the roster and bank-result readers over parsed rows; they may refuse, never panic.
fn check_importers(rows: &[Vec<Cell>]) {
    for rule in [AmountRule::Fixed, AmountRule::UpTo] {
        let _ = juxian::rosters::rules::check(rows, rule, Fen(500_000), today());
    }
    let _ = juxian::payouts::rules::parse_results(rows);
}

fn corpus(dir: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus").join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{} is empty", root.display());
    files
}

/// Lines of `expect<TAB>input` (`#` starts a comment); `\t`-free inputs only.
fn cases(file: &str) -> Vec<(String, String)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus").join(file);
    std::fs::read_to_string(&path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (expect, input) = l.split_once('\t').unwrap_or_else(|| panic!("{file}: no tab in {l:?}"));
            (expect.to_string(), input.to_string())
        })
        .collect()
}

#[test]
fn corpus_id_numbers() {
    for (expect, input) in cases("id_numbers.tsv") {
        let got = match id_number::parse(&input, today()) {
            Ok(_) => "ok",
            Err(IdNumberError::Length) => "length",
            Err(IdNumberError::Characters) => "characters",
            Err(IdNumberError::BirthDate) => "birth_date",
            Err(IdNumberError::Checksum) => "checksum",
        };
        assert_eq!(got, expect, "{input:?}");
    }
}

#[test]
fn corpus_credit_codes() {
    for (expect, input) in cases("credit_codes.tsv") {
        let got = match normalize_credit_code("c", &input) {
            Ok(_) => "ok".to_string(),
            Err(e) => e.code,
        };
        assert_eq!(got, expect, "{input:?}");
    }
}

/// Every sheet in the corpus reads (or is refused) as its name says, and the importers survive it.
#[test]
fn corpus_sheets() {
    for path in corpus("sheets") {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(&path).unwrap();
        match sheets::read(&bytes) {
            Ok(rows) => {
                assert!(name.starts_with("ok_"), "{name} was read");
                check_importers(&rows);
            }
            Err(e) => {
                assert!(name.starts_with("bad_"), "{name} refused: {e}");
                assert_eq!(e.code, ErrorCode::ValidationFailed, "{name}");
            }
        }
    }
}

/// Every upload in the corpus is recognised as its name's prefix says (`pdf_`, `jpeg_`, `png_`, `none_`).
#[test]
fn corpus_uploads() {
    for path in corpus("uploads") {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let expect = match name.split('_').next().unwrap() {
            "pdf" => Some(FileType::Pdf),
            "jpeg" => Some(FileType::Jpeg),
            "png" => Some(FileType::Png),
            _ => None,
        };
        assert_eq!(sniff(&std::fs::read(&path).unwrap()), expect, "{name}");
    }
}
