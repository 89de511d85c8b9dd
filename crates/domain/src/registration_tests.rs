use super::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn good() -> NewApplication {
    NewApplication {
        edrpou: "00012925".into(),
        full_name: "КНП «Лікарня №1»".into(),
        short_name: "Лікарня №1".into(),
        name_en: "Hospital 1".into(),
        address: "м. Київ, вул. Лікарняна, 1".into(),
        region: "м. Київ".into(),
        head_name: "Іваненко І. І.".into(),
        chief_accountant_name: "Петренко П. П.".into(),
        provides_transfusion: true,
        received_on: "2026-12-07".into(),
        admin: NewAdmin {
            surname: "Коваленко".into(),
            given_name: "Ганна".into(),
            patronymic: None,
            rnokpp: "3287301233".into(),
            email: "admin@example.com".into(),
            phone: "050 123 45 67".into(),
        },
    }
}

#[test]
fn a_good_application_parses() {
    let (data, received) = good().parse(day(2026, 12, 7)).unwrap();
    assert_eq!(received, day(2026, 12, 7));
    assert_eq!(data.admin.surname, "Коваленко");
}

#[test]
fn the_day_received_is_not_in_the_future() {
    let e = good().parse(day(2026, 12, 6)).unwrap_err();
    assert_eq!(
        (e[0].field.as_str(), e[0].code),
        ("received_on", "date_in_future")
    );
    assert!(check_received_on(day(2026, 12, 7), day(2026, 12, 7)).is_ok());
}

#[test]
fn every_error_at_once_with_its_limit() {
    let mut a = good();
    a.full_name = "".into();
    a.address = "я".repeat(MAX_APPLICATION_TEXT + 1);
    a.head_name = "я".repeat(MAX_APPLICATION_TEXT);
    a.admin.surname = "Ко\u{202E}валенко".into();
    a.admin.patronymic = Some("a\u{1b}".into());
    a.edrpou = "1".into();
    a.received_on = "07.12.2026".into();
    let got: Vec<_> = a
        .parse(day(2026, 12, 7))
        .unwrap_err()
        .into_iter()
        .map(|e| format!("{}:{}", e.field, e.code))
        .collect();
    assert_eq!(
        got[..4],
        [
            "full_name:required",
            "address:too_long",
            "admin.surname:forbidden_character",
            "admin.patronymic:forbidden_character",
        ]
    );
    assert!(got[4].starts_with("edrpou:"), "{got:?}");
    assert_eq!(got[5], "received_on:invalid_date");
}
