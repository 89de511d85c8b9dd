use super::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn fridge() -> NewEquipment {
    NewEquipment {
        kind: EquipmentKind::all()[0].code.into(),
        manufacturer: "Liebherr".into(),
        model: "LKUv 1610".into(),
        serial_number: "SN-1".into(),
        inventory_number: "відсутній".into(),
        ..NewEquipment::default()
    }
}

fn codes(e: Vec<FieldError>) -> Vec<(String, &'static str)> {
    e.into_iter().map(|e| (e.field, e.code)).collect()
}

#[test]
fn a_plain_item_takes_the_kinds_defaults() {
    let k = EquipmentKind::all()[0];
    let d = fridge().parse(day(2026, 12, 7)).unwrap();
    assert_eq!((d.temp_min, d.temp_max), (k.default_min, k.default_max));
    assert_eq!(d.name, k.title_uk);
    assert_eq!(d.status, EquipmentStatus::InService);
}

#[test]
fn year_made_from_1950_to_this_year() {
    let today = day(2026, 12, 7);
    for ok in [1950, 2000, 2026] {
        let e = NewEquipment {
            year_made: Some(ok),
            ..fridge()
        };
        assert!(e.parse(today).is_ok(), "{ok}");
    }
    for bad in [1949, 2027, -1] {
        let e = NewEquipment {
            year_made: Some(bad),
            ..fridge()
        };
        let got = codes(e.parse(today).unwrap_err());
        assert_eq!(got, [("year_made".into(), "out_of_range")], "{bad}");
    }
}

#[test]
fn in_service_not_in_future_nor_before_made() {
    let today = day(2026, 12, 7);
    let e = NewEquipment {
        in_service_on: Some("2026-12-08".into()),
        ..fridge()
    };
    assert_eq!(
        codes(e.parse(today).unwrap_err()),
        [("in_service_on".into(), "in_future")]
    );
    let e = NewEquipment {
        year_made: Some(2020),
        in_service_on: Some("2019-12-31".into()),
        ..fridge()
    };
    assert_eq!(
        codes(e.parse(today).unwrap_err()),
        [("in_service_on".into(), "before_made")]
    );
    let e = NewEquipment {
        year_made: Some(2020),
        in_service_on: Some("2020-01-01".into()),
        ..fridge()
    };
    assert!(e.parse(today).is_ok());
}

#[test]
fn every_error_at_once() {
    let e = NewEquipment {
        kind: "toaster".into(),
        manufacturer: "".into(),
        model: "M\u{202E}".into(),
        serial_number: "x".repeat(301),
        inventory_number: "".into(),
        temp_min_c: Some(2.0),
        status: Some("decommissioned".into()),
        last_check_on: Some("2026-12-01".into()),
        next_check_on: Some("2026-11-01".into()),
        workplace_id: Some("w".into()),
        ..NewEquipment::default()
    };
    let fields: Vec<_> = codes(e.parse(day(2026, 12, 7)).unwrap_err())
        .into_iter()
        .map(|(f, c)| format!("{f}:{c}"))
        .collect();
    assert_eq!(
        fields,
        [
            "kind:unknown_kind",
            "manufacturer:required",
            "model:forbidden_character",
            "serial_number:too_long",
            "inventory_number:required",
            "temp_max_c:required",
            "status_reason:required",
            "next_check_on:not_after_last",
            "workplace_id:not_found",
        ]
    );
}

#[test]
fn due_soon_is_thirty_days() {
    let today = day(2026, 12, 7);
    assert_eq!(check_due(None, today), None);
    assert_eq!(check_due(Some(day(2026, 12, 6)), today), Some("overdue"));
    assert_eq!(check_due(Some(today), today), Some("due_soon"));
    assert_eq!(check_due(Some(day(2027, 1, 6)), today), Some("due_soon"));
    assert_eq!(check_due(Some(day(2027, 1, 7)), today), None);
}

#[test]
fn workplace_errors_and_repeats() {
    let id = Uuid::nil().to_string();
    let w = NewWorkplace {
        name: "Кімната 1".into(),
        room: None,
        inventory_number: "відсутній".into(),
        employee_ids: vec![id.clone(), id],
    };
    assert_eq!(w.parse().unwrap().employee_ids.len(), 1);
    let w = NewWorkplace {
        name: "a\u{0}".into(),
        room: Some("r".repeat(301)),
        inventory_number: "".into(),
        employee_ids: vec!["x".into()],
    };
    let got: Vec<_> = codes(w.parse().unwrap_err())
        .into_iter()
        .map(|x| x.0)
        .collect();
    assert_eq!(got, ["name", "room", "inventory_number", "employee_ids[0]"]);
}
