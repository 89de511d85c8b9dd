//! Unit labels: the DIN check character (property tests against a separate reading of
//! BLOODBANK.md), the ISBT 128 scan reader and label assembler, suppliers' number patterns.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use ekrov_domain::stock::din::{ALPHABET, Din, DinError, DinFlags};
use ekrov_domain::stock::isbt128::{
    DataItem, LabelAssembler, ScanError, SpecialGroup, Structure, from_ukrainian_layout, read_scan,
};
use ekrov_domain::stock::supplier::{DonationNumberPattern, PatternError, SupplierNumberError};
use ekrov_domain::stock::{AboRhD, ProductCode};
use proptest::prelude::*;

// ───────── reference check character, straight from BLOODBANK.md ─────────

/// `0–9` → 0–9, `A–Z` → 10–35, `*` → 36; the i-th character from the right weighs 2^i; check value
/// (38 − sum mod 37) mod 37, printed with the same map. Unreduced sum, no shared code.
fn reference_check(din: &str) -> char {
    let v = |c: char| match c {
        '0'..='9' => c as u128 - '0' as u128,
        'A'..='Z' => c as u128 - 'A' as u128 + 10,
        '*' => 36,
        _ => panic!("not in the alphabet: {c}"),
    };
    let sum: u128 = din
        .chars()
        .rev()
        .enumerate()
        .map(|(i, c)| v(c) << (i + 1))
        .sum();
    let value = (38 - sum % 37) % 37;
    match value {
        0..=9 => char::from(b'0' + value as u8),
        10..=35 => char::from(b'A' + (value - 10) as u8),
        _ => '*',
    }
}

fn din_strategy() -> impl Strategy<Value = String> {
    let lead: Vec<char> = ('A'..='N').chain('P'..='Z').chain('1'..='9').collect();
    (prop::sample::select(lead), "[0-9]{12}").prop_map(|(l, rest)| format!("{l}{rest}"))
}

#[test]
fn worked_examples() {
    for (din, check, flags) in [
        ("G123417654321", 'A', "70"),
        ("G123498654321", 'H', "77"),
        ("A999820123456", 'E', "74"),
    ] {
        assert_eq!(
            reference_check(din),
            check,
            "the reference agrees with BLOODBANK.md"
        );
        let d = Din::parse_eye_readable(&format!("{din}{check}")).unwrap();
        assert_eq!((d.as_str(), d.check_char()), (din, check));
        assert_eq!(DinFlags::check_of(&d).as_string(), flags);
        let items = read_scan(&format!("={din}{flags}")).unwrap();
        assert_eq!(
            items,
            [DataItem::Din {
                din: d,
                flags: DinFlags::parse(flags).unwrap()
            }]
        );
    }
    // The barcode of the first example as BLOODBANK.md prints it.
    assert!(read_scan("=G12341765432170").is_ok());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Every generated DIN round-trips through its check character: typed by hand, and as a
    /// barcode with the check carried in type 3 flags.
    #[test]
    fn din_round_trips(din in din_strategy()) {
        let check = reference_check(&din);
        let d = Din::parse(&din).unwrap();
        prop_assert_eq!(d.check_char(), check);
        prop_assert_eq!(Din::parse_eye_readable(&format!("{din}{check}")), Ok(d));
        prop_assert_eq!(Din::parse_eye_readable(&d.eye_readable()), Ok(d));
        let flags = DinFlags::check_of(&d).as_string();
        let scanned = read_scan(&format!("={din}{flags}")).unwrap();
        prop_assert_eq!(&scanned[0], &DataItem::Din { din: d, flags: DinFlags::check_of(&d) });
    }

    /// EVERY single-character substitution of a DIN with its check character, by any other
    /// character of the check alphabet at any of the 14 positions, is refused.
    #[test]
    fn every_single_substitution_is_detected(din in din_strategy()) {
        let typed: Vec<char> = format!("{din}{}", reference_check(&din)).chars().collect();
        for pos in 0..14 {
            for &b in ALPHABET.iter() {
                let c = b as char;
                if c == typed[pos] {
                    continue;
                }
                let mut t = typed.clone();
                t[pos] = c;
                let s: String = t.iter().collect();
                prop_assert!(Din::parse_eye_readable(&s).is_err(), "{} accepted", s);
            }
        }
    }

    /// A type 3 flag pair that disagrees with the DIN is refused.
    #[test]
    fn wrong_check_flags_are_refused(din in din_strategy(), delta in 1u32..37) {
        let d = Din::parse(&din).unwrap();
        let wrong = 60 + (d.check_value() + delta) % 37;
        prop_assert_eq!(
            read_scan(&format!("={din}{wrong}")),
            Err(ScanError::Din(DinError::FlagCheckMismatch))
        );
    }

    /// The reader never panics on arbitrary text (the fuzz target's fallback, always run).
    #[test]
    fn reader_never_panics(s in any::<String>()) {
        let _ = read_scan(&s);
        let _ = Din::parse_eye_readable(&s);
        let _ = LabelAssembler::new().feed(&s);
    }

    /// Nor on text that looks almost like a scan.
    #[test]
    fn reader_never_panics_on_near_scans(s in "[=&%<>0-9A-Za-zП ]{0,40}") {
        let _ = read_scan(&s);
    }
}

const LABEL: [&str; 4] = ["=G12341765432170", "=%6200", "=<E9001V00", "&>0183652359"];

#[test]
fn one_scan_with_every_structure_concatenated() {
    let items = read_scan(&(LABEL.concat() + "\r\n")).unwrap();
    assert_eq!(items.len(), 4);
    let mut a = LabelAssembler::new();
    assert_eq!(a.feed(&LABEL.concat()), Ok(vec![]));
    let label = a.label().unwrap();
    assert_eq!(label.din.as_str(), "G123417654321");
    assert_eq!(label.group, AboRhD::parse("A+").unwrap());
    assert_eq!(label.product, ProductCode::parse("E9001V00").unwrap());
    // `&>0183652359` = 2018-12-31 23:59 (BLOODBANK.md).
    let at = label.expiry.at;
    assert_eq!(
        (at.year(), at.month(), at.day(), at.hour(), at.minute()),
        (2018, 12, 31, 23, 59)
    );
    assert!(label.expiry.has_time);
}

#[test]
fn scans_one_after_another_say_what_is_missing() {
    let mut a = LabelAssembler::new();
    assert_eq!(
        a.feed("=%6200\n"),
        Ok(vec![
            Structure::Din,
            Structure::Product,
            Structure::ExpiryDate
        ])
    );
    assert_eq!(
        a.feed(LABEL[0]),
        Ok(vec![Structure::Product, Structure::ExpiryDate])
    );
    assert_eq!(
        a.feed(LABEL[0]),
        Ok(vec![Structure::Product, Structure::ExpiryDate]),
        "rescan"
    );
    assert!(a.label().is_none());
    // A different DIN while this unit is unfinished: refused, nothing changes.
    let before = a.clone();
    let other = "=A99982012345674=<E9001V00";
    assert_eq!(
        a.feed(other),
        Err(ScanError::Conflict {
            what: Structure::Din
        })
    );
    assert_eq!(a, before, "all or nothing");
    assert!(
        ScanError::Conflict {
            what: Structure::Din
        }
        .message_uk()
        .starts_with("Номер донації")
    );
    assert_eq!(a.feed("=<E9001V00=>018365"), Ok(vec![]));
    let l = a.label().unwrap();
    assert_eq!(
        l.expiry.at,
        NaiveDate::from_ymd_opt(2018, 12, 31)
            .unwrap()
            .and_hms_opt(23, 59, 0)
            .unwrap()
    );
    assert!(!l.expiry.has_time);
    a.clear();
    assert_eq!(a.missing().len(), 4);
}

#[test]
fn each_malformed_scan_is_a_typed_error() {
    use ScanError::*;
    let cases: Vec<(&str, ScanError)> = vec![
        ("", Empty),
        ("  \r\n", Empty),
        ("G12341765432170", NotIsbt { found: 'G' }),
        (
            "=G123417654321",
            Truncated {
                what: Structure::Din,
                expected: 16,
                found: 14,
            },
        ),
        (
            "=G1234176543=%6200",
            Truncated {
                what: Structure::Din,
                expected: 16,
                found: 12,
            },
        ),
        ("=G12341765432171", Din(DinError::FlagCheckMismatch)),
        ("=O12341765432170", Din(DinError::BadFacility)),
        ("=G1234176543217!", Din(DinError::BadFlags)),
        (
            "=%9900",
            BadBloodGroup {
                code: "9900".into(),
            },
        ),
        ("=%Md00", Flagged(SpecialGroup::Discard)),
        ("=%Mq00", Flagged(SpecialGroup::Quarantine)),
        ("=%Mx00", Flagged(SpecialGroup::NotForTransfusion)),
        (
            "=<S9001V00",
            Product(
                ekrov_domain::stock::catalogue::ProductCodeError::NotBloodComponent { found: 'S' },
            ),
        ),
        (
            "=>018366",
            BadDate {
                text: "018366".into(),
                problem: "такого дня року немає",
            },
        ),
        (
            "&>0183652460",
            BadDate {
                text: "0183652460".into(),
                problem: "невірний час",
            },
        ),
        (
            "=>01836x",
            BadDate {
                text: "01836x".into(),
                problem: "очікуються лише цифри",
            },
        ),
        ("=)12345", UnknownIdentifier { id: "=)".into() }),
        ("&)12345", UnknownIdentifier { id: "&)".into() }),
        (
            "=%6200=%5100",
            Repeated {
                what: Structure::BloodGroup,
            },
        ),
        ("=G12341765432170 x", NotIsbt { found: 'x' }),
        (
            "=G12341765432170\u{202E}",
            BadCharacter { found: '\u{202E}' },
        ),
    ];
    for (scan, want) in cases {
        let got = read_scan(scan);
        assert_eq!(got, Err(want.clone()), "{scan:?}");
        assert!(!want.message_uk().is_empty());
    }
    // 2020 is a leap year: day 366 exists.
    assert!(read_scan("=>020366").is_ok());
    assert!(read_scan("=G12341765432170=%6200").unwrap().len() == 2);
    let msg = read_scan("=G12341765432171").unwrap_err().message_uk();
    assert!(msg.contains("Контрольний символ"), "{msg}");
}

#[test]
fn scans_typed_with_the_ukrainian_layout_are_read() {
    // What a scanner "types" with the Ukrainian layout on: G → П, < → Б, & → ?, lower-case a → ф.
    let scan = "=П12341765432170=%6200=БУ9001М00?Ю0183652359";
    assert_eq!(from_ukrainian_layout(scan).unwrap(), LABEL.concat());
    let mut a = LabelAssembler::new();
    assert_eq!(a.feed(scan), Ok(vec![]));
    assert_eq!(a.label().unwrap().din.as_str(), "G123417654321");
    assert_eq!(from_ukrainian_layout("=<E9001VФф").unwrap(), "=<E9001VAa");
    assert_eq!(from_ukrainian_layout(LABEL[0]), None);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// Any label, its barcodes in any order, split over scans anywhere between structures,
    /// assembles into that label.
    #[test]
    fn any_label_in_any_order_and_split_assembles(
        din in din_strategy(),
        group in 0usize..8,
        product in "[EF][0-9]{4}[A-Z0-9]([A-Z][a-z]|00)",
        day in 1u32..=365, year in 0u32..99, minute in 0u32..1440,
        order in Just([0usize, 1, 2, 3]).prop_shuffle(),
        cuts in prop::collection::vec(any::<bool>(), 4),
    ) {
        let d = Din::parse(&din).unwrap();
        let g = AboRhD::all().nth(group).unwrap();
        let parts = [
            format!("={din}{}", DinFlags::check_of(&d).as_string()),
            format!("=%{}00", g.isbt_code()),
            format!("=<{product}"),
            format!("&>0{year:02}{day:03}{:02}{:02}", minute / 60, minute % 60),
        ];
        let mut scans = vec![String::new()];
        for (k, &i) in order.iter().enumerate() {
            if cuts[k] && !scans.last().unwrap().is_empty() {
                scans.push(String::new());
            }
            scans.last_mut().unwrap().push_str(&parts[i]);
        }
        let mut a = LabelAssembler::new();
        for s in &scans {
            a.feed(&format!("{s}\r")).unwrap();
        }
        let l = a.label().unwrap();
        prop_assert_eq!(l.din, d);
        prop_assert_eq!(l.group, g);
        prop_assert_eq!(l.product.as_str(), product.as_str());
        let want: NaiveDateTime = NaiveDate::from_yo_opt(2000 + year as i32, day).unwrap()
            .and_hms_opt(minute / 60, minute % 60, 0).unwrap();
        prop_assert_eq!(l.expiry.at, want);
    }
}

// ───────── suppliers' own numbers ─────────

#[test]
fn supplier_patterns_parse_with_errors() {
    use PatternError::*;
    for (p, want) in [
        ("", Empty),
        ("ЦК-", NoGroup),
        ("ЦК-{D6", Unclosed { position: 4 }),
        ("ЦК-{X6}", BadGroup { position: 4 }),
        ("{D}", BadGroup { position: 1 }),
        ("{D0}", BadCount { position: 1 }),
        ("{D6-4}", BadCount { position: 1 }),
        ("{D40}", BadCount { position: 1 }),
        ("{D4-6}{D2}", Ambiguous { position: 1 }),
        ("{A2-4}7", Ambiguous { position: 1 }),
        (
            "ЦК {D6}",
            ForbiddenLiteral {
                found: ' ',
                position: 3,
            },
        ),
        (
            "a*{D6}",
            ForbiddenLiteral {
                found: '*',
                position: 2,
            },
        ),
        ("{D32}{D32}{D1}", NumberTooLong),
    ] {
        assert_eq!(DonationNumberPattern::parse(p), Err(want.clone()), "{p}");
        assert!(!want.to_string().is_empty());
    }
    assert!(DonationNumberPattern::parse("{D2-4}-{D2}").is_ok());
    assert!(
        DonationNumberPattern::parse("{L1-3}{D6}").is_ok(),
        "letters then digits is unambiguous"
    );
    assert!(DonationNumberPattern::parse(&"9".repeat(65)).is_err());
}

#[test]
fn supplier_numbers_match_and_fold() {
    let p = DonationNumberPattern::parse("ЦК-{D6}").unwrap();
    assert_eq!(p.example(), "ЦК-123456");
    assert_eq!(p.check(" цк-123 456 ").unwrap().as_str(), "ЦК-123456");
    // Latin K typed for the Cyrillic К: the same number.
    assert_eq!(p.check("ЦK-123456").unwrap().as_str(), "ЦК-123456");
    let e = p.check("ЦК-12345").unwrap_err();
    assert_eq!(e.code(), "pattern_mismatch");
    assert_eq!(
        e.to_string(),
        "Номер не відповідає формі номерів цього постачальника: «ЦК-», 6 цифр (наприклад, ЦК-123456)"
    );
    for bad in ["ЦК-1234567", "ЦК123456", "ЦК-12345А", "ЦЛ-123456"] {
        assert!(p.check(bad).is_err(), "{bad}");
    }
    assert_eq!(p.check("  "), Err(SupplierNumberError::Empty));

    let q = DonationNumberPattern::parse("{L2}{D2-4}/{A3}").unwrap();
    assert_eq!(
        q.describe_uk(),
        "2 літери, від 2 до 4 цифр, «/», 3 літери чи цифри"
    );
    // A Cyrillic А and a Latin A in a letter group store the same way.
    assert_eq!(q.check("АВ12/x1y").unwrap(), q.check("AB12/X1Y").unwrap());
    assert!(q.check("AB12345/X1Y").is_err());
    assert!(q.check("AB1/X1Y").is_err());
}

proptest! {
    /// A number generated from a pattern's parts is accepted; matching a long input is quick
    /// (linear, no backtracking).
    #[test]
    fn generated_numbers_match(prefix in "[A-Z]{0,3}", n in 1usize..10, extra in 0usize..5, digits in "[0-9]{14}") {
        let pat = format!("{prefix}-{{D{n}-{}}}", n + extra);
        let p = DonationNumberPattern::parse(&pat).unwrap();
        let len = n + extra.min(digits.len() - n);
        let number = format!("{prefix}-{}", &digits[..len]);
        prop_assert_eq!(p.check(&number).unwrap().to_string(), number.clone());
        let too_long = format!("{prefix}-{}", "1".repeat(n + extra + 1));
        let too_short = format!("{prefix}-{}", "1".repeat(n - 1));
        let other_literal = format!("{prefix}+{}", &digits[..len]);
        for bad in [too_long, too_short, other_literal] {
            prop_assert!(p.check(&bad).is_err(), "{} accepted", bad);
        }
    }

    #[test]
    fn patterns_and_numbers_never_panic(pat in any::<String>(), num in any::<String>()) {
        if let Ok(p) = DonationNumberPattern::parse(&pat) {
            let _ = p.check(&num);
            let _ = p.check(&p.example());
        }
    }
}
