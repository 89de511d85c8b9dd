//! The clinical request: every field error at once, control characters refused in every text
//! field, and the issue rules with the emergency exception.

use chrono::NaiveDate;
use ekrov_domain::stock::compatibility::Match;
use ekrov_domain::stock::request::{
    ClinicalRequest, ClinicalRequestInput, EmergencyException, IssueRefusal, PatientInput, Urgency,
    check_issue,
};
use ekrov_domain::stock::{AboRhD, ComponentClass};

// ───────── the clinical request ─────────

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 7).unwrap()
}

fn good() -> ClinicalRequestInput {
    ClinicalRequestInput {
        patient: PatientInput {
            record_number: "МК-2026/1234".into(),
            surname: "Коваленко".into(),
            given_name: "Олена".into(),
            patronymic: "Петрівна".into(),
            birth_date: "14.03.1961".into(),
            abo: "A".into(),
            rhd: "neg".into(),
        },
        component: "red_cells".into(),
        quantity: Some(2),
        urgency: "urgent".into(),
        justification: "Hb 62 г/л,\r\nшлунково-кишкова кровотеча".into(),
    }
}

#[test]
fn a_good_request_parses() {
    let r = ClinicalRequest::parse(&good(), today()).unwrap();
    assert_eq!(r.patient.group.code(), "a_neg");
    assert_eq!(
        r.patient.birth_date,
        NaiveDate::from_ymd_opt(1961, 3, 14).unwrap()
    );
    assert_eq!(r.patient.full_name(), "Коваленко Олена Петрівна");
    assert_eq!((r.quantity, r.urgency), (2, Urgency::Urgent));
    assert_eq!(r.justification, "Hb 62 г/л,\nшлунково-кишкова кровотеча");
    let mut no_patronymic = good();
    no_patronymic.patient.patronymic = " ".into();
    let r = ClinicalRequest::parse(&no_patronymic, today()).unwrap();
    assert_eq!(r.patient.patronymic, None);
}

#[test]
fn every_field_error_at_once() {
    let bad = ClinicalRequestInput {
        patient: PatientInput {
            record_number: "12 34".into(),
            surname: "Іван\u{202E}ко".into(),
            given_name: "\0".into(),
            patronymic: "\u{1b}[2J".into(),
            birth_date: "2027-01-01".into(),
            abo: "C".into(),
            rhd: "+".into(),
        },
        component: "blood".into(),
        quantity: Some(0),
        urgency: "asap".into(),
        justification: "  ".into(),
    };
    let errs = ClinicalRequest::parse(&bad, today()).unwrap_err();
    let fields: Vec<_> = errs.iter().map(|e| (e.field.as_str(), e.code)).collect();
    assert_eq!(
        fields,
        [
            ("patient.record_number", "invalid"),
            ("patient.surname", "forbidden_character"),
            ("patient.given_name", "forbidden_character"),
            ("patient.patronymic", "forbidden_character"),
            ("patient.birth_date", "in_future"),
            ("patient.abo", "invalid"),
            ("patient.rhd", "invalid"),
            ("component", "invalid"),
            ("quantity", "invalid"),
            ("urgency", "invalid"),
            ("justification", "required"),
        ]
    );
    assert!(errs[1].message.contains("U+202E"), "{}", errs[1].message);
    let empty = ClinicalRequest::parse(&ClinicalRequestInput::default(), today()).unwrap_err();
    assert_eq!(
        empty.len(),
        10,
        "all but the optional patronymic: {empty:?}"
    );
    assert!(empty.iter().all(|e| e.code == "required"), "{empty:?}");
    let mut old = good();
    old.patient.birth_date = "1890-01-01".into();
    assert_eq!(
        ClinicalRequest::parse(&old, today()).unwrap_err()[0].code,
        "implausible"
    );
    let mut many = good();
    many.quantity = Some(51);
    assert_eq!(
        ClinicalRequest::parse(&many, today()).unwrap_err()[0].field,
        "quantity"
    );
}

#[test]
fn control_characters_are_refused_in_every_text_field() {
    for ch in [
        '\0', '\u{1b}', '\r', '\n', '\u{202E}', '\u{2067}', '\u{200B}',
    ] {
        let mut i = good();
        i.patient.surname = format!("Коваленко{ch}Олена");
        i.patient.record_number = format!("МК{ch}1");
        let errs = ClinicalRequest::parse(&i, today()).unwrap_err();
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["patient.record_number", "patient.surname"],
            "{ch:?}"
        );
        let mut j = good();
        j.justification = format!("кровотеча{ch}тест");
        let newline_ok = ch == '\n';
        assert_eq!(
            ClinicalRequest::parse(&j, today()).is_ok(),
            newline_ok,
            "{ch:?}"
        );
    }
}

#[test]
fn issue_rules_with_the_emergency_exception() {
    let mut i = good();
    i.urgency = "emergency".into();
    let req = ClinicalRequest::parse(&i, today()).unwrap();
    let a_pos = AboRhD::parse("A+").unwrap();
    let red = ComponentClass::RedCells;
    let none: Option<&EmergencyException<u64>> = None;
    assert_eq!(
        check_issue(&req, red, a_pos, none),
        Err(IssueRefusal::ExceptionRequired)
    );
    assert!(
        EmergencyException::new(7u64, " \r\n ").is_err(),
        "a reason is required"
    );
    let ex =
        EmergencyException::new(7u64, "Масивна кровотеча, резус-негативних доз немає").unwrap();
    assert_eq!(
        check_issue(&req, red, a_pos, Some(&ex)),
        Ok(Match::EmergencyOnly)
    );
    // Never for ABO incompatibility, never for the wrong class.
    let b_neg = AboRhD::parse("B-").unwrap();
    assert_eq!(
        check_issue(&req, red, b_neg, Some(&ex)),
        Err(IssueRefusal::Incompatible)
    );
    assert!(matches!(
        check_issue(&req, ComponentClass::Plasma, a_pos, Some(&ex)),
        Err(IssueRefusal::WrongClass { .. })
    ));
    // Not for a request that is not an emergency.
    let planned = ClinicalRequest {
        urgency: Urgency::Planned,
        ..req.clone()
    };
    assert_eq!(
        check_issue(&planned, red, a_pos, Some(&ex)),
        Err(IssueRefusal::ExceptionRequired)
    );
    assert_eq!(
        check_issue(&planned, red, AboRhD::parse("O-").unwrap(), none),
        Ok(Match::Compatible { rank: 5 })
    );
}
