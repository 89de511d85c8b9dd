//! Known values and input forms of the identifiers.

use ekrov_domain::{Edrpou, Email, IdError, IdKind, PersonCode, Phone, Region, Rnokpp};

fn date(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

// ───────── РНОКПП ─────────

#[test]
fn rnokpp_known_values() {
    // Born 1990-01-01: 90·365 + 22 leap days (1904…1988) + 1 = 32873 days since 1899-12-31.
    // Digits 3 2 8 7 3 0 1 2 3: s = −3 + 10 + 56 + 63 + 12 + 0 + 10 + 10 + 21 = 179 ≡ 3 (mod 11) → 3.
    let r = Rnokpp::parse("3287301233").unwrap();
    assert_eq!(r.as_str(), "3287301233");
    assert_eq!(r.birth_date(), Some(date(1990, 1, 1)));
    assert!(r.is_male(), "9th digit 3 is odd");

    // Born 2000-02-29: 36524 days to 2000-01-01, +31 +28 +1 → 36584.
    // Digits 3 6 5 8 4 0 0 0 2: s = −3 + 30 + 35 + 72 + 16 + 14 = 164 ≡ 10 → (10 mod 10) = 0.
    let r = Rnokpp::parse(" 3658400020 ").unwrap();
    assert_eq!(r.as_str(), "3658400020", "trimmed");
    assert_eq!(r.birth_date(), Some(date(2000, 2, 29)));
    assert!(!r.is_male(), "9th digit 2 is even");

    // Negative sum: 9 0 0 0 0 0 0 0 0 → s = −9; non-negative modulo gives 2 (a naive `%` gives −9).
    assert!(Rnokpp::parse("9000000002").is_ok());
    assert!(Rnokpp::parse("9000000009").is_err());

    assert_eq!(
        Rnokpp::parse("3287301234"),
        Err(IdError::CheckDigit {
            what: IdKind::Rnokpp
        })
    );
    assert_eq!(Rnokpp::parse("   "), Err(IdError::Empty));
    assert_eq!(
        Rnokpp::parse("328730123"),
        Err(IdError::WrongLength {
            what: IdKind::Rnokpp,
            expected: 10
        })
    );
    assert_eq!(
        Rnokpp::parse("32873 01233"),
        Err(IdError::NotDigits {
            what: IdKind::Rnokpp
        })
    );
    assert_eq!(
        Rnokpp::parse("３２８７３０１２３３"), // full-width digits are not ASCII digits
        Err(IdError::NotDigits {
            what: IdKind::Rnokpp
        })
    );
    // 00000 → no birth date
    assert_eq!(Rnokpp::parse("0000000000").unwrap().birth_date(), None);
}

#[test]
fn error_codes_and_messages() {
    let e = Rnokpp::parse("3287301234").unwrap_err();
    assert_eq!(e.code(), "check_digit");
    assert!(
        e.message_uk()
            .contains("Контрольна цифра РНОКПП не збігається"),
        "{}",
        e.message_uk()
    );
    assert_eq!(e.to_string(), e.message_en());
    let e = Edrpou::parse("00012924").unwrap_err();
    assert!(e.message_uk().contains("ЄДРПОУ"));
    assert_eq!(IdError::Empty.code(), "required");
    assert_eq!(
        IdError::WrongLength {
            what: IdKind::Edrpou,
            expected: 8
        }
        .message_uk(),
        "Код ЄДРПОУ має складатися з 8 цифр"
    );
    assert_eq!(
        IdError::WrongLength {
            what: IdKind::Rnokpp,
            expected: 10
        }
        .message_en(),
        "RNOKPP (taxpayer number) must be exactly 10 digits"
    );
    for (e, code) in [
        (
            IdError::NotDigits {
                what: IdKind::Rnokpp,
            },
            "not_digits",
        ),
        (IdError::UnknownRegion, "unknown_region"),
        (IdError::BadPhone, "invalid_phone"),
        (IdError::BadEmail, "invalid_email"),
        (IdError::BadPassport, "invalid_document"),
    ] {
        assert_eq!(e.code(), code);
        assert!(!e.message_uk().is_empty() && !e.message_en().is_empty());
        assert_ne!(e.message_uk(), e.message_en());
    }
}

// ───────── ЄДРПОУ ─────────

#[test]
fn edrpou_known_values() {
    // 00012925 (МОЗ України): 4·1 + 5·2 + 6·9 + 7·2 = 82 ≡ 5 → 5.
    assert_eq!(Edrpou::parse("00012925").unwrap().as_str(), "00012925");
    // 14360570: 1 + 8 + 9 + 24 + 0 + 30 + 49 = 121 ≡ 0 → 0.
    assert!(Edrpou::parse("14360570").is_ok());
    // 30–60 million, weights 7,1,2,3,4,5,6: 3914177 → 21 + 9 + 2 + 12 + 4 + 35 + 42 = 125 ≡ 4.
    assert!(Edrpou::parse("39141774").is_ok());
    assert!(Edrpou::parse("39141775").is_err());
    // retry: 0000003 → 7·3 = 21 ≡ 10; weights + 2: 9·3 = 27 ≡ 5.
    assert!(Edrpou::parse("00000035").is_ok());
    // still 10 after the retry → 0: 0000281 → 10 + 48 + 7 = 65 ≡ 10; 14 + 64 + 9 = 87 ≡ 10.
    assert!(Edrpou::parse("00002810").is_ok());
    // same in the 30–60M range: 3000044 → 21 + 20 + 24 = 65 ≡ 10; 27 + 28 + 32 = 87 ≡ 10 → 0.
    assert!(Edrpou::parse("30000440").is_ok());
    // 3000000 → 21 ≡ 10; 27 ≡ 5.
    assert!(Edrpou::parse("30000005").is_ok());
    assert!(
        Edrpou::parse("30000003").is_err(),
        "ordinary weights must not be used at 30M"
    );

    assert_eq!(
        Edrpou::parse("0001292"),
        Err(IdError::WrongLength {
            what: IdKind::Edrpou,
            expected: 8
        })
    );
    assert_eq!(Edrpou::parse(""), Err(IdError::Empty));
}

// ───────── PersonCode ─────────

#[test]
fn person_code_forms() {
    let p = PersonCode::parse("3287301233").unwrap();
    assert_eq!(p.kind(), "rnokpp");
    assert!(!p.is_alternative());
    assert_eq!(p.rnokpp().map(|r| r.as_str()), Some("3287301233"));

    let p = PersonCode::parse("КВ123456").unwrap();
    assert_eq!(p, PersonCode::Passport("КВ123456".into()));
    assert!(p.is_alternative());
    assert_eq!(p.kind(), "passport");
    assert_eq!(p.as_str(), "КВ123456");

    // lower case, a space, and Latin look-alikes typed in the wrong keyboard layout
    for s in ["кв 123456", " Кв-123456 ", "KB123456", "kв123456"] {
        assert_eq!(PersonCode::parse(s).unwrap().as_str(), "КВ123456", "{s}");
    }
    assert_eq!(PersonCode::parse("ЄІ000001").unwrap().as_str(), "ЄІ000001");

    let p = PersonCode::parse("001234567").unwrap();
    assert_eq!(p, PersonCode::IdCard("001234567".into()));
    assert!(p.is_alternative());
    assert_eq!(p.kind(), "id_card");

    assert_eq!(
        PersonCode::parse("3287301234"),
        Err(IdError::CheckDigit {
            what: IdKind::Rnokpp
        })
    );
    assert!(matches!(
        PersonCode::parse("12345678"),
        Err(IdError::WrongLength { expected: 10, .. })
    ));
    for bad in [
        "К1234567",
        "КВ12345",
        "КВ1234567",
        "QW123456",
        "ЫЭ123456",
        "КВ12345А",
        "К В 1 2",
    ] {
        assert_eq!(PersonCode::parse(bad), Err(IdError::BadPassport), "{bad}");
    }
    assert_eq!(PersonCode::parse(""), Err(IdError::Empty));

    let r = Rnokpp::parse("3287301233").unwrap();
    assert_eq!(PersonCode::from(r.clone()), PersonCode::Rnokpp(r));
}

// ───────── Phone ─────────

#[test]
fn phone_forms() {
    for s in [
        "067 123 45 67",
        "0671234567",
        "+380 (67) 123-45-67",
        "+380671234567",
        "380671234567",
        "(067) 123-45-67",
        "067.123.45.67",
        "+38 067 123 45 67",
        "8 067 123 45 67",
        "00380671234567",
        "  +380-67-123-45-67  ",
    ] {
        let p = Phone::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        assert_eq!(p.as_str(), "+380671234567", "{s}");
    }
    assert_eq!(
        Phone::parse("(044) 123-45-67").unwrap().as_str(),
        "+380441234567"
    );
    assert_eq!(
        Phone::parse("+380671234567").unwrap().national(),
        "067 123 45 67"
    );

    for bad in [
        "12345",
        "067 123 45 6",
        "067 123 45 678",
        "+7 999 123 45 67",
        "+380 067 123 45 67",
        "0001234567",
        "067-123-45-6x",
        "+380+671234567",
        "067/123/45/67",
    ] {
        assert_eq!(Phone::parse(bad), Err(IdError::BadPhone), "{bad}");
    }
    assert_eq!(Phone::parse(" "), Err(IdError::Empty));
}

// ───────── Email ─────────

#[test]
fn email_forms() {
    let e = Email::parse("  Ivan.Petrenko@Example.COM ").unwrap();
    assert_eq!(
        e.as_str(),
        "Ivan.Petrenko@example.com",
        "trimmed, domain lower-cased, local kept"
    );
    assert_eq!(e.domain(), "example.com");
    assert!(Email::parse("admin+zoz@hospital.kyiv.ua").is_ok());
    assert_eq!(
        Email::parse("Адмін@Лікарня.УКР").unwrap().as_str(),
        "Адмін@лікарня.укр"
    );

    let long_local = "a".repeat(64);
    assert!(Email::parse(&format!("{long_local}@example.com")).is_ok());
    assert!(Email::parse(&format!("{long_local}a@example.com")).is_err());
    let long_domain = format!("{}.ua", vec!["x".repeat(60); 5].join("."));
    assert!(
        Email::parse(&format!("a@{long_domain}")).is_err(),
        "over 254 characters"
    );

    for bad in [
        "a@b",
        "@example.com",
        "a@@example.com",
        "a@b@example.com",
        "a b@example.com",
        "ab@exa mple.com",
        "ab@.example.com",
        "ab@example.com.",
        "ab@example..com",
        "ab@-example.com",
        ".ab@example.com",
        "a..b@example.com",
        "ab.example.com",
        "ab@exam_ple.com",
    ] {
        assert_eq!(Email::parse(bad), Err(IdError::BadEmail), "{bad}");
    }
    assert_eq!(Email::parse(""), Err(IdError::Empty));
}

// ───────── Region ─────────

/// The 27 names exactly as in DOMAIN.md.
const NAMES: [&str; 27] = [
    "Вінницька область",
    "Волинська область",
    "Дніпропетровська область",
    "Донецька область",
    "Житомирська область",
    "Закарпатська область",
    "Запорізька область",
    "Івано-Франківська область",
    "Київська область",
    "Кіровоградська область",
    "Луганська область",
    "Львівська область",
    "Миколаївська область",
    "Одеська область",
    "Полтавська область",
    "Рівненська область",
    "Сумська область",
    "Тернопільська область",
    "Харківська область",
    "Херсонська область",
    "Хмельницька область",
    "Черкаська область",
    "Чернівецька область",
    "Чернігівська область",
    "Автономна Республіка Крим",
    "м. Київ",
    "м. Севастополь",
];

#[test]
fn all_27_regions_parse_and_round_trip() {
    assert_eq!(Region::all().len(), 27);
    let mut codes = std::collections::HashSet::new();
    for (name, r) in NAMES.iter().zip(Region::all()) {
        let parsed = Region::parse(name).unwrap();
        assert_eq!(parsed, *r);
        assert_eq!(parsed.name_uk(), *name);
        assert_eq!(parsed.to_string(), *name);
        assert_eq!(Region::parse(&format!("  {name} ")).unwrap(), parsed);
        assert_eq!(Region::parse(parsed.code()).unwrap(), parsed);
        let c = parsed.code();
        assert!(
            c.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
            "{c}"
        );
        assert!(codes.insert(c), "duplicate code {c}");
        let json = serde_json::to_string(&parsed).unwrap();
        assert_eq!(json, format!("\"{name}\""));
        assert_eq!(serde_json::from_str::<Region>(&json).unwrap(), parsed);
        assert_eq!(name.parse::<Region>().unwrap(), parsed);
    }
    assert_eq!(Region::parse("Київська область").unwrap().code(), "kyivska");
    assert_eq!(Region::parse("м. Київ").unwrap().code(), "kyiv_city");
    assert_eq!(Region::parse("Київ"), Err(IdError::UnknownRegion));
    assert_eq!(
        Region::parse("київська область"),
        Err(IdError::UnknownRegion)
    );
    assert_eq!(Region::parse(""), Err(IdError::Empty));
}

// ───────── serde, FromStr, Display ─────────

#[test]
fn serde_is_the_string_and_deserialise_validates() {
    fn round_trip<T>(s: &str, expected: &str)
    where
        T: serde::Serialize + serde::de::DeserializeOwned + std::fmt::Display + std::str::FromStr,
        T: PartialEq + std::fmt::Debug,
        <T as std::str::FromStr>::Err: std::fmt::Debug,
    {
        let v: T = s.parse().unwrap();
        assert_eq!(v.to_string(), expected);
        let json = serde_json::to_string(&v).unwrap();
        assert_eq!(json, serde_json::to_string(expected).unwrap());
        let back: T = serde_json::from_str(&json).unwrap();
        assert_eq!(back, v);
        // deserialising the raw input goes through parse as well
        let raw: T = serde_json::from_str(&serde_json::to_string(s).unwrap()).unwrap();
        assert_eq!(raw, v);
    }
    round_trip::<Rnokpp>(" 3287301233", "3287301233");
    round_trip::<Edrpou>("00012925", "00012925");
    round_trip::<Phone>("067 123 45 67", "+380671234567");
    round_trip::<Email>("A@B.UA", "A@b.ua");
    round_trip::<Region>("м. Севастополь", "м. Севастополь");
    round_trip::<PersonCode>("кв 123456", "КВ123456");
    round_trip::<PersonCode>("3287301233", "3287301233");
    round_trip::<PersonCode>("123456789", "123456789");

    let err = serde_json::from_str::<Rnokpp>("\"3287301234\"").unwrap_err();
    assert!(err.to_string().contains("check digit"), "{err}");
    assert!(serde_json::from_str::<Edrpou>("\"00012924\"").is_err());
    assert!(serde_json::from_str::<Phone>("\"12\"").is_err());
    assert!(serde_json::from_str::<Email>("\"nobody\"").is_err());
    assert!(serde_json::from_str::<Region>("\"Kyiv\"").is_err());
    assert!(serde_json::from_str::<PersonCode>("\"XX\"").is_err());
}
