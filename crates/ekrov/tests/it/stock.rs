//! The blood bank's stock through the API, on both databases (issue 12): receipt by scan with
//! its refusals storing nothing, the proposal over every pair of the compatibility tables, issue
//! and return at 29 and 31 minutes, the log recomputed against the on-hand table, the
//! haemovigilance report without the patient, the journals, and another facility's units as 404.

use crate::common;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use common::{OrgSetup, TestApp, spawn_app};
use ekrov_domain::stock::{
    AboRhD, Din, DinFlags, ProductCode,
    isbt128::{Expiry, UnitLabel},
};
use ekrov_store::Backend;
use serde_json::{Value, json};

both_backends!(
    receipt_refusals_store_nothing,
    proposal_covers_every_compatibility_pair,
    issue_return_discard_and_the_log,
    haemovigilance_report_has_no_patient,
    journals_are_csv_with_formula_safe_cells,
    other_facility_units_are_404,
);

/// A label as the scanner types it: DIN with its check flags, group, product, expiry (local).
fn scan(seq: u32, group: &str, product: &str, expires: NaiveDateTime) -> String {
    let din = Din::new("G1234", 26, seq).unwrap();
    UnitLabel {
        din,
        flags: DinFlags::check_of(&din),
        group: AboRhD::parse(group).unwrap(),
        product: ProductCode::parse(product).unwrap(),
        expiry: Expiry {
            at: expires,
            has_time: true,
        },
    }
    .to_scan()
}

/// Local (Kyiv) time `days` after the test's today.
fn in_days(days: i64) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 12, 1)
        .unwrap()
        .and_hms_opt(12, 0, 0)
        .unwrap()
        + Duration::days(days)
}

fn refused(s: u16, e: &Value, code: &str, field: &str) {
    assert_eq!(s, 422, "{e}");
    assert_eq!(e["error"]["code"], json!(code), "{e}");
    assert_eq!(e["error"]["field"], json!(field), "{e}");
}

/// A facility with its administrator (who holds every permission), a ЛБК department, a
/// refrigerator, a plasma freezer, a platelet agitator, the demo catalogue and a consignment.
struct Bank {
    fid: String,
    admin: String,
    department_id: String,
    fridge: String,
    freezer: String,
    agitator: String,
    consignment: String,
}

async fn equipment(
    t: &TestApp,
    fid: &str,
    admin: &str,
    dep: &str,
    kind: &str,
    serial: &str,
    status: &str,
) -> String {
    let (s, e) = t
        .post(
            &format!("/api/v1/facilities/{fid}/departments/{dep}/equipment"),
            Some(admin),
            &json!({"kind": kind, "manufacturer": "Dometic", "model": "M1", "serial_number": serial,
                "inventory_number": "відсутній", "status": status}),
        )
        .await;
    assert_eq!(s, 201, "{e}");
    e["id"].as_str().unwrap().to_owned()
}

async fn bank(t: &TestApp, i: usize) -> Bank {
    let (fid, admin) = t.facility_with_admin(i).await;
    let org = OrgSetup::make(t, &fid, &admin, &[]).await;
    let dep = org.department_id.clone();
    t.app().seed_demo_catalogue().await.unwrap();
    let fridge = equipment(
        t,
        &fid,
        &admin,
        &dep,
        "blood_refrigerator",
        "F-1",
        "in_service",
    )
    .await;
    let freezer = equipment(t, &fid, &admin, &dep, "plasma_freezer", "P-1", "in_service").await;
    let agitator = equipment(
        t,
        &fid,
        &admin,
        &dep,
        "platelet_agitator",
        "A-1",
        "in_service",
    )
    .await;
    let (s, c) = t
        .post(
            &format!("/api/v1/facilities/{fid}/consignments"),
            Some(&admin),
            &json!({"supplier": "КНП «Київський міський центр крові»", "number": "ТТН-117",
                "arrived_at": "2026-12-01T09:30:00Z", "temperature_c": 4.5}),
        )
        .await;
    assert_eq!(s, 201, "{c}");
    Bank {
        fid,
        admin,
        department_id: dep,
        fridge,
        freezer,
        agitator,
        consignment: c["id"].as_str().unwrap().to_owned(),
    }
}

impl Bank {
    fn path(&self, p: &str) -> String {
        format!("/api/v1/facilities/{}{p}", self.fid)
    }
    async fn receive(&self, t: &TestApp, scan: &str, equipment: &str) -> (u16, Value) {
        t.post(
            &self.path(&format!("/consignments/{}/units", self.consignment)),
            Some(&self.admin),
            &json!({"scan": scan, "equipment_id": equipment}),
        )
        .await
    }
    async fn unit(&self, t: &TestApp, scan: &str, equipment: &str) -> String {
        let (s, u) = self.receive(t, scan, equipment).await;
        assert_eq!(s, 201, "{u}");
        u["id"].as_str().unwrap().to_owned()
    }
    /// A doctor of the facility (an employee) and a request for a patient of `group`.
    async fn request(&self, t: &TestApp, component: &str, group: &str, urgency: &str) -> String {
        let doctor = self.doctor(t).await;
        let g = AboRhD::parse(group).unwrap();
        let (s, r) = t
            .post(
                &self.path("/requests"),
                Some(&self.admin),
                &json!({"ward_department_id": self.department_id, "doctor_employee_id": doctor,
                    "patient": {"record_number": "МК-2026-0042", "surname": "Гнатюк", "given_name": "Ярослава",
                        "birth_date": "1961-04-09", "abo": g.abo.code(), "rhd": g.rhd.code()},
                    "component": component, "quantity": 2, "urgency": urgency,
                    "justification": "Гемоглобін 62 г/л, кровотеча"}),
            )
            .await;
        assert_eq!(s, 201, "{r}");
        r["id"].as_str().unwrap().to_owned()
    }
    async fn doctor(&self, t: &TestApp) -> String {
        let (s, list) = t.get(&self.path("/employees"), Some(&self.admin)).await;
        assert_eq!(s, 200, "{list}");
        if let Some(e) = list["items"].as_array().and_then(|a| a.first()) {
            return e["id"].as_str().unwrap().to_owned();
        }
        let (s, e) = t
            .post(
                &self.path("/employees"),
                Some(&self.admin),
                &common::employee(common::PERSON_RNOKPP[7]),
            )
            .await;
        assert_eq!(s, 201, "{e}");
        e["id"].as_str().unwrap().to_owned()
    }
    async fn issue(
        &self,
        t: &TestApp,
        unit: &str,
        request: &str,
        exception: Option<&str>,
    ) -> (u16, Value) {
        t.post(
            &self.path(&format!("/units/{unit}/issue")),
            Some(&self.admin),
            &json!({"request_id": request, "received_by": "медсестра Коваль Н.", "exception_reason": exception}),
        )
        .await
    }
}

/// Rows of every stock table and the audit log: what a refusal must leave as it was.
async fn counts(t: &TestApp) -> Vec<i64> {
    let mut v = Vec::new();
    for table in [
        "units",
        "stock_events",
        "stock_on_hand",
        "consignments",
        "clinical_requests",
        "transfusion_outcomes",
        "haemovigilance_reports",
        "product_catalogue",
        "audit_log",
    ] {
        v.push(t.count(table).await);
    }
    v
}

async fn receipt_refusals_store_nothing(backend: Backend) {
    let t = spawn_app(backend).await;
    let b = bank(&t, 0).await;
    let broken = equipment(
        &t,
        &b.fid,
        &b.admin,
        &b.department_id,
        "blood_refrigerator",
        "F-2",
        "out_of_order",
    )
    .await;
    let ok = scan(1, "A+", "E9001V00", in_days(20));
    let (s, u) = b.receive(&t, &ok, &b.fridge).await;
    assert_eq!(s, 201, "{u}");
    assert_eq!(
        (u["abo"].as_str(), u["rhd"].as_str(), u["status"].as_str()),
        (Some("A"), Some("pos"), Some("available"))
    );
    assert_eq!(u["product_code"], "E9001V00");
    assert_eq!(u["component"], "red_cells");
    assert_eq!(u["equipment_id"], json!(b.fridge));

    let before = counts(&t).await;
    // The eye-readable DIN typed with a wrong check character (G123417654321 → A).
    let (s, e) = t
        .post(
            &b.path(&format!("/consignments/{}/units", b.consignment)),
            Some(&b.admin),
            &json!({"din": "G123417654321", "check_character": "B", "blood_group": "O-",
                "product_code": "E9001V00", "expires_at": "2026-12-20", "equipment_id": b.fridge}),
        )
        .await;
    refused(s, &e, "check_character", "check_character");
    assert!(
        e["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Контрольний символ"),
        "{e}"
    );
    let (s, e) = b
        .receive(&t, &scan(2, "O-", "E7777V00", in_days(20)), &b.fridge)
        .await;
    refused(s, &e, "unknown_product", "scan");
    let (s, e) = b
        .receive(&t, &scan(3, "O-", "E9001V00", in_days(-1)), &b.fridge)
        .await;
    refused(s, &e, "expired", "scan");
    let (s, e) = b
        .receive(&t, &scan(4, "O-", "E9101V00", in_days(300)), &b.fridge)
        .await;
    refused(s, &e, "storage_mismatch", "equipment_id");
    let (s, e) = b
        .receive(&t, &scan(5, "O-", "E9001V00", in_days(20)), &broken)
        .await;
    refused(s, &e, "equipment_not_in_service", "equipment_id");
    let (s, e) = b
        .receive(
            &t,
            &scan(6, "O-", "E9001V00", in_days(20)),
            &uuid::Uuid::new_v4().to_string(),
        )
        .await;
    refused(s, &e, "not_found", "equipment_id");
    let (s, e) = b.receive(&t, "=G12341765432170", &b.fridge).await;
    refused(s, &e, "incomplete_scan", "scan");
    let (s, e) = b.receive(&t, "hello", &b.fridge).await;
    assert_eq!(
        (s, e["error"]["field"].as_str()),
        (422, Some("scan")),
        "{e}"
    );
    let (s, e) = b.receive(&t, &ok, &b.fridge).await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (409, Some("duplicate_unit")),
        "{e}"
    );
    // A consignment without a supplier; a product the operator enters twice or wrongly.
    let (s, e) = t
        .post(
            &b.path("/consignments"),
            Some(&b.admin),
            &json!({"supplier": " ", "number": "1"}),
        )
        .await;
    refused(s, &e, "required", "supplier");
    let op = t.operator_token().await;
    let (s, e) = t
        .post("/api/v1/products", Some(&op), &json!({"code": "E9001", "title_uk": "Еритроцити", "component": "red_cells", "shelf_life_days": 42}))
        .await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (409, Some("duplicate_product")),
        "{e}"
    );
    let (s, e) = t
        .post(
            "/api/v1/products",
            Some(&op),
            &json!({"code": "E9901", "title_uk": "Плазма", "component": "plasma",
            "equipment_kinds": ["blood_refrigerator"], "shelf_life_days": 1095}),
        )
        .await;
    refused(s, &e, "storage_mismatch", "equipment_kinds");
    // Only the operator keeps the catalogue; a person with stock.view may not receive.
    let (s, _) = t
        .post(
            "/api/v1/products",
            Some(&b.admin),
            &json!({"code": "E9902", "title_uk": "X", "component": "plasma", "shelf_life_days": 5}),
        )
        .await;
    assert_eq!(s, 403);
    assert_eq!(counts(&t).await, before, "refusals stored nothing");
    let (viewer, _) = t
        .member(&b.fid, &b.admin, common::PERSON_RNOKPP[0], &["stock.view"])
        .await;
    let (s, _) = t
        .post(
            &b.path(&format!("/consignments/{}/units", b.consignment)),
            Some(&viewer),
            &json!({"scan": scan(9, "O-", "E9001V00", in_days(20)), "equipment_id": b.fridge}),
        )
        .await;
    assert_eq!(s, 403);
    let (s, list) = t.get(&b.path("/stock"), Some(&viewer)).await;
    assert_eq!(
        (s, list["items"].as_array().map(Vec::len)),
        (200, Some(1)),
        "{list}"
    );
    // The operator adds a product; it is then listed.
    let (s, p) = t
        .post("/api/v1/products", Some(&op), &json!({"code": "E9902", "title_uk": "Плазма тестова", "component": "plasma", "shelf_life_days": 365}))
        .await;
    assert_eq!(s, 201, "{p}");
    assert_eq!(p["equipment_kinds"], json!(["plasma_freezer"]));
    let (_, all) = t.get("/api/v1/products", Some(&b.admin)).await;
    assert!(
        all.as_array().unwrap().iter().any(|x| x["code"] == "E9902"),
        "{all}"
    );
}

/// BLOODBANK.md's tables, written out here independently of the domain's code.
fn expected(class: &str, donor: &str, recipient: &str) -> &'static str {
    let (d, r) = (
        AboRhD::parse(donor).unwrap(),
        AboRhD::parse(recipient).unwrap(),
    );
    let (da, ra) = (d.abo.code(), r.abo.code());
    let abo_ok = match class {
        "red_cells" => match ra {
            "O" => da == "O",
            "A" => ["A", "O"].contains(&da),
            "B" => ["B", "O"].contains(&da),
            _ => true,
        },
        // Plasma, and platelets by ABO-compatible plasma.
        _ => match ra {
            "O" => true,
            "A" => ["A", "AB"].contains(&da),
            "B" => ["B", "AB"].contains(&da),
            _ => da == "AB",
        },
    };
    if !abo_ok {
        return "none";
    }
    let rhd_matters = class != "plasma";
    if rhd_matters && r.rhd.code() == "neg" && d.rhd.code() == "pos" {
        return "emergency";
    }
    if d == r { "identical" } else { "compatible" }
}

const GROUPS: [&str; 8] = ["O-", "O+", "A-", "A+", "B-", "B+", "AB-", "AB+"];

async fn proposal_covers_every_compatibility_pair(backend: Backend) {
    let t = spawn_app(backend).await;
    let b = bank(&t, 0).await;
    let classes = [
        ("red_cells", "E9001V00", &b.fridge),
        ("plasma", "E9101V00", &b.freezer),
        ("platelets", "E9202V00", &b.agitator),
    ];
    let mut din_of = std::collections::HashMap::new();
    let mut seq = 100;
    for (class, product, eq) in classes {
        for (i, g) in GROUPS.iter().enumerate() {
            seq += 1;
            // Expiries shuffled against the group order, so FEFO is visible inside each tier.
            let days = 1 + ((i * 5) % 8) as i64;
            let id = b.unit(&t, &scan(seq, g, product, in_days(days)), eq).await;
            din_of.insert(id, (class, *g));
        }
    }
    // A second A+ red cell unit expiring sooner than the first: FEFO among identical units.
    seq += 1;
    let sooner = b
        .unit(
            &t,
            &scan(seq, "A+", "E9001V00", in_days(1) - Duration::hours(1)),
            &b.fridge,
        )
        .await;
    din_of.insert(sooner.clone(), ("red_cells", "A+"));
    // An A+ unit that expires in an hour, then the clock passes it: never offered.
    seq += 1;
    let expiring = b
        .unit(
            &t,
            &scan(seq, "A+", "E9001V00", in_days(0) + Duration::minutes(30)),
            &b.fridge,
        )
        .await;
    t.clock.advance(Duration::hours(1));
    let (_, stock) = t
        .get(
            &b.path(&format!("/stock?equipment_id={}", b.fridge)),
            Some(&b.admin),
        )
        .await;
    let listed = stock["items"].as_array().unwrap();
    assert_eq!(listed[0]["id"], json!(expiring), "first expiry first");
    assert_eq!(listed[0]["expired"], true);
    assert_eq!(listed[0]["status"], "expired");
    let expiries: Vec<&str> = listed
        .iter()
        .map(|u| u["expires_at"].as_str().unwrap())
        .collect();
    assert!(expiries.windows(2).all(|w| w[0] <= w[1]), "{expiries:?}");
    let (_, soon) = t
        .get(
            &b.path("/stock?component=red_cells&abo=A&rhd=pos&expiring_within_hours=24"),
            Some(&b.admin),
        )
        .await;
    let soon_ids: Vec<&str> = soon["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].as_str().unwrap())
        .collect();
    assert!(
        soon_ids.contains(&sooner.as_str())
            && soon_ids
                .iter()
                .all(|i| din_of.get(*i).is_none_or(|x| x.1 == "A+")),
        "{soon}"
    );

    let mut pairs = 0;
    for (class, _, _) in classes {
        for r in GROUPS {
            let req = b.request(&t, class, r, "emergency").await;
            let (s, p) = t
                .get(
                    &b.path(&format!("/requests/{req}/proposal")),
                    Some(&b.admin),
                )
                .await;
            assert_eq!(s, 200, "{p}");
            let items = p["items"].as_array().unwrap();
            assert!(
                items.iter().all(|u| u["id"] != json!(expiring)),
                "an expired unit is offered: {p}"
            );
            let got = |id: &str| -> &'static str {
                if let Some(u) = items.iter().find(|u| u["id"] == id) {
                    if u["match"] == "identical" {
                        "identical"
                    } else {
                        "compatible"
                    }
                } else if p["emergency_only"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|u| u["id"] == id)
                {
                    "emergency"
                } else {
                    "none"
                }
            };
            for (id, (c, d)) in &din_of {
                if *c == class {
                    assert_eq!(
                        got(id),
                        expected(class, d, r),
                        "{class}: donor {d} → recipient {r}"
                    );
                    pairs += 1;
                }
            }
            // Identical first, then compatible; first expiry first inside each.
            let tiers: Vec<(bool, &str)> = items
                .iter()
                .map(|u| (u["match"] != "identical", u["expires_at"].as_str().unwrap()))
                .collect();
            assert!(
                tiers
                    .windows(2)
                    .all(|w| w[0].0 <= w[1].0 && (w[0].0 != w[1].0 || w[0].1 <= w[1].1)),
                "{class} {r}: {tiers:?}"
            );
        }
    }
    assert_eq!(
        pairs,
        8 * 8 * 3 + 8,
        "every pair of every table, both directions"
    );
}

async fn issue_return_discard_and_the_log(backend: Backend) {
    let t = spawn_app(backend).await;
    let b = bank(&t, 0).await;
    let a_pos = b
        .unit(&t, &scan(1, "A+", "E9001V00", in_days(10)), &b.fridge)
        .await;
    let o_pos = b
        .unit(&t, &scan(2, "O+", "E9001V00", in_days(10)), &b.fridge)
        .await;
    let plasma = b
        .unit(&t, &scan(3, "AB+", "E9101V00", in_days(300)), &b.freezer)
        .await;
    let planned_neg = b.request(&t, "red_cells", "O-", "planned").await;
    let for_a = b.request(&t, "red_cells", "A+", "planned").await;
    let emergency_neg = b.request(&t, "red_cells", "A-", "emergency").await;

    let before = counts(&t).await;
    let (s, e) = b.issue(&t, &a_pos, &planned_neg, None).await;
    refused(s, &e, "incompatible", "request_id");
    let (s, e) = b
        .issue(&t, &o_pos, &planned_neg, Some("масивна кровотеча"))
        .await;
    refused(s, &e, "exception_required", "exception_reason");
    let (s, e) = b.issue(&t, &o_pos, &emergency_neg, None).await;
    refused(s, &e, "exception_required", "exception_reason");
    let (s, e) = b.issue(&t, &plasma, &for_a, None).await;
    refused(s, &e, "wrong_class", "request_id");
    let (s, e) = t
        .post(
            &b.path(&format!("/units/{a_pos}/issue")),
            Some(&b.admin),
            &json!({"received_by": "Коваль"}),
        )
        .await;
    refused(s, &e, "required", "request_id");
    let (s, e) = t
        .post(
            &b.path(&format!("/units/{a_pos}/discard")),
            Some(&b.admin),
            &json!({"reason": "lost"}),
        )
        .await;
    refused(s, &e, "invalid", "reason");
    let (s, e) = t
        .post(
            &b.path(&format!("/units/{a_pos}/return")),
            Some(&b.admin),
            &json!({"equipment_id": b.fridge}),
        )
        .await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (409, Some("unit_status")),
        "{e}"
    );
    assert_eq!(counts(&t).await, before, "refusals stored nothing");

    // An emergency exception with its reason and who decided.
    let (s, u) = b
        .issue(
            &t,
            &o_pos,
            &emergency_neg,
            Some("Масивна кровотеча, RhD− немає"),
        )
        .await;
    assert_eq!((s, u["status"].as_str()), (200, Some("issued")), "{u}");
    // Return at 29 minutes: back in stock.
    let (s, u) = b.issue(&t, &a_pos, &for_a, None).await;
    assert_eq!(s, 200, "{u}");
    assert_eq!(u["equipment_id"], Value::Null);
    t.clock.advance(Duration::minutes(29));
    let (s, u) = t
        .post(
            &b.path(&format!("/units/{a_pos}/return")),
            Some(&b.admin),
            &json!({"equipment_id": b.fridge}),
        )
        .await;
    assert_eq!((s, u["status"].as_str()), (200, Some("available")), "{u}");
    // At 31 minutes: refused, nothing stored; then discarded as returned too late.
    let (s, _) = b.issue(&t, &a_pos, &for_a, None).await;
    assert_eq!(s, 200);
    t.clock.advance(Duration::minutes(31));
    let before = counts(&t).await;
    let (s, e) = t
        .post(
            &b.path(&format!("/units/{a_pos}/return")),
            Some(&b.admin),
            &json!({"equipment_id": b.fridge}),
        )
        .await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (422, Some("returned_too_late")),
        "{e}"
    );
    assert!(e["error"]["field"].is_string(), "{e}");
    assert_eq!(counts(&t).await, before);
    let (s, u) = t
        .post(
            &b.path(&format!("/units/{a_pos}/discard")),
            Some(&b.admin),
            &json!({"reason": "returned_late", "note": "31 хв поза холодильником"}),
        )
        .await;
    assert_eq!((s, u["status"].as_str()), (200, Some("discarded")), "{u}");
    let (s, e) = t
        .post(
            &b.path(&format!("/units/{a_pos}/discard")),
            Some(&b.admin),
            &json!({"reason": "other"}),
        )
        .await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (409, Some("unit_status")),
        "{e}"
    );
    let (s, o) = t
        .post(
            &b.path(&format!("/units/{o_pos}/transfusion")),
            Some(&b.admin),
            &json!({"outcome": "uneventful"}),
        )
        .await;
    assert_eq!(
        (s, o["unit"]["status"].as_str()),
        (200, Some("transfused")),
        "{o}"
    );

    // The trace: every event oldest first, with the exception and (for the administrator, who
    // holds patients.view) the patient.
    let (s, tr) = t
        .get(&b.path(&format!("/units/{a_pos}/trace")), Some(&b.admin))
        .await;
    assert_eq!(s, 200, "{tr}");
    let kinds: Vec<&str> = tr["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["received", "issued", "returned", "issued", "discarded"]
    );
    assert_eq!(tr["items"][1]["patient"]["surname"], "Гнатюк");
    assert_eq!(tr["items"][4]["reason"], "returned_late");
    let (_, tr) = t
        .get(&b.path(&format!("/units/{o_pos}/trace")), Some(&b.admin))
        .await;
    assert_eq!(
        tr["items"][1]["exception_reason"],
        "Масивна кровотеча, RhD− немає"
    );
    // Without patients.view: the events, no patient.
    let (viewer, _) = t
        .member(&b.fid, &b.admin, common::PERSON_RNOKPP[1], &["stock.view"])
        .await;
    let (s, tr) = t
        .get(&b.path(&format!("/units/{a_pos}/trace")), Some(&viewer))
        .await;
    assert_eq!(s, 200);
    assert!(
        tr["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["patient"].is_null()),
        "{tr}"
    );
    assert!(!tr.to_string().contains("Гнатюк"));
    let (s, q) = t.get(&b.path("/requests?open=true"), Some(&viewer)).await;
    assert_eq!(s, 200);
    assert!(
        !q.to_string().contains("Гнатюк") && !q.to_string().contains("МК-2026"),
        "{q}"
    );

    // The log recomputed by the state machine equals the on-hand table.
    let p = t.app().authenticate(&b.admin).await.unwrap();
    let a = t
        .app()
        .facility_actor::<ekrov_app::facility::grant::ViewStock>(&p, b.fid.parse().unwrap())
        .await
        .unwrap();
    let (recomputed, stored) = t.app().stock_recomputed(&a).await.unwrap();
    assert_eq!(recomputed, stored);
    assert_eq!(stored.len(), 1, "only the plasma is still held: {stored:?}");
    // 3 receipts, 3 issues, a return, a discard, a transfusion.
    assert_eq!(t.count("stock_events").await, 3 + 3 + 1 + 1 + 1);
}

async fn haemovigilance_report_has_no_patient(backend: Backend) {
    let t = spawn_app(backend).await;
    let b = bank(&t, 0).await;
    let u = b
        .unit(&t, &scan(7, "B+", "E9001V00", in_days(10)), &b.fridge)
        .await;
    let r = b.request(&t, "red_cells", "B+", "urgent").await;
    let (s, _) = b.issue(&t, &u, &r, None).await;
    assert_eq!(s, 200);
    let before = counts(&t).await;
    let path = b.path(&format!("/units/{u}/transfusion"));
    let (s, e) = t
        .post(&path, Some(&b.admin), &json!({"outcome": "reaction"}))
        .await;
    refused(s, &e, "required", "reaction");
    let (s, e) = t
        .post(
            &path,
            Some(&b.admin),
            &json!({"outcome": "reaction", "reaction": {"type": "febrile", "severity": "severe",
            "description": "У пацієнтки Гнатюк озноб"}}),
        )
        .await;
    refused(s, &e, "contains_patient_name", "reaction.description");
    let (s, e) = t
        .post(&path, Some(&b.admin), &json!({"outcome": "reaction", "reaction": {"type": "sneezing", "severity": "severe", "description": "x"}}))
        .await;
    refused(s, &e, "invalid", "reaction.type");
    let (s, e) = t
        .post(&path, Some(&b.admin), &json!({"outcome": "maybe"}))
        .await;
    refused(s, &e, "invalid", "outcome");
    assert_eq!(counts(&t).await, before);
    let (s, o) = t
        .post(
            &path,
            Some(&b.admin),
            &json!({"outcome": "reaction", "reaction": {"type": "febrile", "severity": "severe",
            "description": "Озноб і температура 38,9 °C через 40 хв після початку"}}),
        )
        .await;
    assert_eq!(s, 200, "{o}");
    assert!(o["report_id"].is_string());
    let op = t.operator_token().await;
    let (s, reports) = t.get("/api/v1/haemovigilance", Some(&op)).await;
    assert_eq!(s, 200, "{reports}");
    let text = reports.to_string();
    assert_eq!(
        reports[0]["din"],
        Din::new("G1234", 26, 7).unwrap().as_str()
    );
    assert_eq!(
        reports[0]["supplier"],
        "КНП «Київський міський центр крові»"
    );
    assert_eq!(reports[0]["reaction_type"], "febrile");
    for personal in ["Гнатюк", "Ярослава", "МК-2026-0042", "1961-04-09"] {
        assert!(!text.contains(personal), "{personal} in {text}");
    }
    let (s, _) = t.get("/api/v1/haemovigilance", Some(&b.admin)).await;
    assert_eq!(s, 403);
}

async fn journals_are_csv_with_formula_safe_cells(backend: Backend) {
    let t = spawn_app(backend).await;
    let b = bank(&t, 0).await;
    let (s, c) = t
        .post(
            &b.path("/consignments"),
            Some(&b.admin),
            &json!({"supplier": "=HYPERLINK(\"x\")", "number": "+1"}),
        )
        .await;
    assert_eq!(s, 201, "{c}");
    let (s, u) = t
        .post(
            &b.path(&format!(
                "/consignments/{}/units",
                c["id"].as_str().unwrap()
            )),
            Some(&b.admin),
            &json!({"din": "G123417654321", "check_character": "A", "blood_group": "O-",
                "product_code": "E9001V00", "expires_at": "2026-12-20", "equipment_id": b.fridge}),
        )
        .await;
    assert_eq!(s, 201, "{u}");
    assert_eq!(u["expires_at"], "2026-12-20T23:59");
    let res = t
        .client
        .get(format!(
            "{}{}",
            t.url,
            b.path("/journals/receipts?from=2026-12-01&to=2026-12-01")
        ))
        .bearer_auth(&b.admin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let body = res.text().await.unwrap();
    assert!(body.starts_with('\u{feff}'), "BOM");
    assert!(body.contains("G123417654321"), "{body}");
    assert!(body.contains("\"'=HYPERLINK(\"\"x\"\")\""), "{body}");
    assert!(body.contains(",'+1,"), "{body}");
    // The day before has no receipts; a bad range is a 422.
    let res = t
        .client
        .get(format!(
            "{}{}",
            t.url,
            b.path("/journals/receipts?from=2026-11-30&to=2026-11-30")
        ))
        .bearer_auth(&b.admin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.text().await.unwrap().lines().count(), 1);
    let (s, e) = t
        .get(
            &b.path("/journals/receipts?from=2026-12-02&to=2026-12-01"),
            Some(&b.admin),
        )
        .await;
    assert_eq!(s, 422, "{e}");
    let (s, _) = t
        .get(
            &b.path("/journals/everything?from=2026-12-01&to=2026-12-01"),
            Some(&b.admin),
        )
        .await;
    assert_eq!(s, 404);
}

async fn other_facility_units_are_404(backend: Backend) {
    let t = spawn_app(backend).await;
    let a = bank(&t, 0).await;
    let (fb, admin_b) = t.facility_with_admin(1).await;
    let u = a
        .unit(&t, &scan(1, "O-", "E9001V00", in_days(10)), &a.fridge)
        .await;
    let r = a.request(&t, "red_cells", "O-", "planned").await;
    let before = counts(&t).await;
    for (path, body) in [
        (format!("/api/v1/facilities/{fb}/units/{u}/trace"), None),
        (
            format!("/api/v1/facilities/{fb}/requests/{r}/proposal"),
            None,
        ),
        (
            format!("/api/v1/facilities/{fb}/units/{u}/issue"),
            Some(json!({"request_id": r, "received_by": "X"})),
        ),
        (
            format!("/api/v1/facilities/{fb}/units/{u}/discard"),
            Some(json!({"reason": "other"})),
        ),
        (
            format!(
                "/api/v1/facilities/{fb}/consignments/{}/units",
                a.consignment
            ),
            Some(json!({"scan": scan(2, "O-", "E9001V00", in_days(10)), "equipment_id": a.fridge})),
        ),
        (format!("/api/v1/facilities/{}/stock", a.fid), None),
    ] {
        let (s, e) = match body {
            Some(b) => t.post(&path, Some(&admin_b), &b).await,
            None => t.get(&path, Some(&admin_b)).await,
        };
        assert_eq!(s, 404, "{path}: {e}");
    }
    assert_eq!(counts(&t).await, before);
}
