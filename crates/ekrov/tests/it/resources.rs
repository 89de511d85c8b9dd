//! Seed steps 10–12 through the API, on both databases: workplaces with «відсутній», equipment
//! with its kinds and plausible temperatures, «Мої ресурси», the onboarding checklist, the
//! operator's national view with its CSV export, and the FHIR export's shape (the FHIR library's
//! own validation is in `fhir_validation.rs`).

use crate::common;

use chrono::Duration;
use common::{OrgSetup, PERSON_RNOKPP, TestApp, assignment, employee, spawn_app};
use ekrov_store::Backend;
use serde_json::{Value, json};

both_backends!(
    workplaces_accept_absent_and_refuse_bad_input,
    equipment_kinds_ranges_and_serials,
    my_resources_are_read_only_and_follow_the_assignment,
    onboarding_checklist_follows_the_data,
    national_view_filters_and_csv,
    fhir_bundle_links_the_structure,
);

fn fridge(serial: &str) -> Value {
    json!({"kind": "blood_refrigerator", "manufacturer": "Dometic", "model": "MB 570", "serial_number": serial,
        "inventory_number": "101480012", "year_made": 2021, "in_service_on": "2022-03-15",
        "last_check_on": "2026-03-01", "next_check_on": "2027-03-01"})
}

fn freezer(serial: &str) -> Value {
    json!({"kind": "plasma_freezer", "manufacturer": "Haier", "model": "DW-40L262", "serial_number": serial,
        "inventory_number": "відсутній", "temp_min_c": -40, "temp_max_c": -30})
}

/// Assert a 422 naming `field`, and return its message.
fn refused(s: u16, e: &Value, field: &str) -> String {
    assert_eq!(s, 422, "{e}");
    assert_eq!(e["error"]["field"], json!(field), "{e}");
    e["error"]["message"].as_str().unwrap().to_owned()
}

async fn workplaces_accept_absent_and_refuse_bad_input(backend: Backend) {
    let t = spawn_app(backend).await;
    let (fid, admin) = t.facility_with_admin(0).await;
    let (fb, admin_b) = t.facility_with_admin(1).await;
    let org = OrgSetup::make(&t, &fid, &admin, &[]).await;
    let (_, e) = t
        .post(
            &format!("/api/v1/facilities/{fid}/employees"),
            Some(&admin),
            &employee(PERSON_RNOKPP[0]),
        )
        .await;
    let (_, other) = t
        .post(
            &format!("/api/v1/facilities/{fb}/employees"),
            Some(&admin_b),
            &employee(PERSON_RNOKPP[1]),
        )
        .await;
    let base = format!(
        "/api/v1/facilities/{fid}/departments/{}/workplaces",
        org.department_id
    );

    // «відсутній» in any letter case (also with a Latin «i») is stored in one form.
    for (i, typed) in ["Відсутній", "ВІДСУТНІЙ", "вiдсутнiй"].iter().enumerate()
    {
        let (s, w) = t
            .post(
                &base,
                Some(&admin),
                &json!({"name": format!("Місце {i}"), "room": "12", "inventory_number": typed,
                    "employee_ids": [e["id"]]}),
            )
            .await;
        assert_eq!(s, 201, "{w}");
        assert_eq!(w["inventory_number"], "відсутній");
        assert_eq!(w["inventory_absent"], true);
        assert_eq!(w["employee_ids"], json!([e["id"]]));
    }
    let before = t.count("workplaces").await;
    let audit_before = t.count("audit_log").await;

    // An empty inventory number tells the person to type «відсутній».
    for body in [
        json!({"name": "Місце", "inventory_number": "   "}),
        json!({"name": "Місце"}),
    ] {
        let (s, err) = t.post(&base, Some(&admin), &body).await;
        let m = refused(s, &err, "inventory_number");
        assert!(m.contains("«відсутній»"), "{m}");
    }
    let (s, err) = t
        .post(
            &base,
            Some(&admin),
            &json!({"name": " ", "inventory_number": "1"}),
        )
        .await;
    refused(s, &err, "name");
    // Someone of another facility cannot be placed here.
    let (s, err) = t
        .post(
            &base,
            Some(&admin),
            &json!({"name": "Місце", "inventory_number": "1", "employee_ids": [other["id"]]}),
        )
        .await;
    refused(s, &err, "employee_ids");
    let (s, err) = t
        .post(
            &base,
            Some(&admin),
            &json!({"name": "Місце", "inventory_number": "1", "employee_ids": ["not-an-id"]}),
        )
        .await;
    refused(s, &err, "employee_ids[0]");
    let (s, err) = t
        .post(
            &base,
            Some(&admin),
            &json!({"name": "Місце", "inventory_number": 5}),
        )
        .await;
    assert_eq!(s, 422, "{err}");
    assert_eq!(err["error"]["field"], "inventory_number", "{err}");
    assert_eq!(t.count("workplaces").await, before, "nothing written");
    assert_eq!(t.count("audit_log").await, audit_before, "nothing audited");

    // Edit, list, and another facility sees none of it.
    let (_, list) = t.get(&base, Some(&admin)).await;
    let id = list["items"][0]["id"].as_str().unwrap().to_owned();
    let (s, w) = t
        .put(
            &format!("/api/v1/facilities/{fid}/workplaces/{id}"),
            Some(&admin),
            &json!({"name": "Кабінет завідувача", "room": "14", "inventory_number": "10148", "employee_ids": []}),
        )
        .await;
    assert_eq!(s, 200, "{w}");
    assert_eq!(
        (
            w["inventory_number"].as_str(),
            w["inventory_absent"].as_bool()
        ),
        (Some("10148"), Some(false))
    );
    let (_, w) = t
        .get(
            &format!("/api/v1/facilities/{fid}/workplaces/{id}"),
            Some(&admin),
        )
        .await;
    assert_eq!(
        (w["name"].as_str(), w["employee_ids"].clone()),
        (Some("Кабінет завідувача"), json!([]))
    );
    let (s, _) = t
        .get(
            &format!("/api/v1/facilities/{fb}/workplaces/{id}"),
            Some(&admin_b),
        )
        .await;
    assert_eq!(s, 404);
    let (_, audit) = t
        .get(&format!("/api/v1/facilities/{fid}/audit"), Some(&admin))
        .await;
    assert_eq!(audit["items"][0]["action"], "workplace.update", "{audit}");
    t.stop().await;
}

async fn equipment_kinds_ranges_and_serials(backend: Backend) {
    let t = spawn_app(backend).await;
    let (fid, admin) = t.facility_with_admin(0).await;
    let org = OrgSetup::make(&t, &fid, &admin, &[]).await;
    let dep = &org.department_id;
    let base = format!("/api/v1/facilities/{fid}/departments/{dep}/equipment");

    let (s, kinds) = t.get("/api/v1/equipment-kinds", None).await;
    assert_eq!(s, 200);
    let fridge_kind = kinds
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["code"] == "blood_refrigerator")
        .unwrap();
    assert_eq!(
        (
            fridge_kind["temp_min_c"].as_f64(),
            fridge_kind["temp_max_c"].as_f64()
        ),
        (Some(2.0), Some(6.0))
    );
    for code in [
        "plasma_freezer",
        "platelet_agitator",
        "platelet_incubator",
        "plasma_thawer",
        "transport_container",
        "other",
    ] {
        assert!(
            kinds.as_array().unwrap().iter().any(|k| k["code"] == code),
            "{code}"
        );
    }

    // The kind's default range and title when left out.
    let (s, f) = t.post(&base, Some(&admin), &fridge("SN-001")).await;
    assert_eq!(s, 201, "{f}");
    assert_eq!(
        (f["temp_min_c"].as_f64(), f["temp_max_c"].as_f64()),
        (Some(2.0), Some(6.0))
    );
    assert_eq!(
        f["name"],
        "Холодильник для зберігання крові та її компонентів"
    );
    assert_eq!(f["status"], "in_service");
    assert_eq!(f["check_due"], Value::Null);
    let (s, z) = t.post(&base, Some(&admin), &freezer("HZ-1")).await;
    assert_eq!(s, 201, "{z}");
    assert_eq!(z["inventory_number"], "відсутній");

    let before = t.count("equipment").await;
    let audit_before = t.count("audit_log").await;
    // A plasma freezer at +4 °C is refused, with the reason.
    let mut warm = freezer("HZ-2");
    warm["temp_min_c"] = json!(2);
    warm["temp_max_c"] = json!(4);
    let (s, e) = t.post(&base, Some(&admin), &warm).await;
    let m = refused(s, &e, "temp_max_c");
    assert_eq!(e["error"]["code"], "implausible_for_kind");
    assert!(m.contains("−25 °C") && m.contains("+4"), "{m}");
    // Every field's bad value: a 422 naming it.
    let cases: Vec<(&str, Value)> = vec![
        ("kind", json!("fridge")),
        ("kind", json!("")),
        ("manufacturer", json!("")),
        ("model", json!(" ")),
        ("serial_number", json!("")),
        ("inventory_number", json!("")),
        ("year_made", json!(1900)),
        ("year_made", json!(2030)),
        ("in_service_on", json!("15.03.2022")),
        ("in_service_on", json!("2027-01-01")),
        ("status", json!("broken")),
        ("last_check_on", json!("2026-13-01")),
        ("next_check_on", json!("2026-01-01")),
        ("workplace_id", json!("nope")),
        ("workplace_id", json!(uuid::Uuid::new_v4().to_string())),
        ("temp_min_c", json!(2.25)),
        ("temp_min_c", json!(-500)),
        ("temp_min_c", json!("cold")),
    ];
    for (field, value) in cases {
        let mut b = fridge("SN-BAD");
        if field == "temp_min_c" {
            b["temp_max_c"] = json!(6);
        }
        b[field] = value;
        let (s, e) = t.post(&base, Some(&admin), &b).await;
        refused(s, &e, field);
    }
    let mut reversed = fridge("SN-BAD");
    reversed["temp_min_c"] = json!(6);
    reversed["temp_max_c"] = json!(2);
    let (s, e) = t.post(&base, Some(&admin), &reversed).await;
    refused(s, &e, "temp_min_c");
    assert_eq!(e["error"]["code"], "min_not_below_max");
    let mut half = fridge("SN-BAD");
    half["temp_min_c"] = json!(2);
    let (s, e) = t.post(&base, Some(&admin), &half).await;
    refused(s, &e, "temp_max_c");
    let mut gone = fridge("SN-BAD");
    gone["status"] = json!("decommissioned");
    let (s, e) = t.post(&base, Some(&admin), &gone).await;
    refused(s, &e, "status_reason");
    let (s, e) = t
        .post_raw(&base, Some(&admin), b"{\"kind\":".to_vec())
        .await;
    assert_eq!(s, 400, "{e}");
    // The same unit twice (however the serial is typed) is a conflict; another maker's is not.
    for serial in ["SN-001", "sn-001", " SN - 001 "] {
        let (s, e) = t.post(&base, Some(&admin), &fridge(serial)).await;
        assert_eq!(
            (s, e["error"]["code"].as_str()),
            (409, Some("duplicate_serial")),
            "{serial}: {e}"
        );
    }
    assert_eq!(t.count("equipment").await, before, "nothing written");
    assert_eq!(t.count("audit_log").await, audit_before, "nothing audited");
    let mut other_maker = fridge("SN-001");
    other_maker["manufacturer"] = json!("Liebherr");
    let (s, e) = t.post(&base, Some(&admin), &other_maker).await;
    assert_eq!(s, 201, "{e}");

    // The metrological check: due within 30 days is highlighted, past due is overdue.
    let id = f["id"].as_str().unwrap();
    let mut soon = fridge("SN-001");
    soon["next_check_on"] = json!("2026-12-20");
    let (s, e) = t
        .put(
            &format!("/api/v1/facilities/{fid}/equipment/{id}"),
            Some(&admin),
            &soon,
        )
        .await;
    assert_eq!((s, e["check_due"].as_str()), (200, Some("due_soon")), "{e}");
    t.clock.advance(Duration::days(25));
    let admin = t.admin_session(0).await;
    let (_, e) = t
        .get(
            &format!("/api/v1/facilities/{fid}/equipment/{id}"),
            Some(&admin),
        )
        .await;
    assert_eq!(e["check_due"], "overdue", "{e}");
    // Decommissioned with a reason; the serial can be kept when editing the same unit.
    let mut written_off = soon.clone();
    written_off["status"] = json!("decommissioned");
    written_off["status_reason"] = json!("Несправний компресор, ремонт недоцільний");
    let (s, e) = t
        .put(
            &format!("/api/v1/facilities/{fid}/equipment/{id}"),
            Some(&admin),
            &written_off,
        )
        .await;
    assert_eq!(
        (s, e["status"].as_str()),
        (200, Some("decommissioned")),
        "{e}"
    );
    // Editing another unit to this serial is a conflict.
    let zid = z["id"].as_str().unwrap();
    let mut clash = freezer("SN-001");
    clash["manufacturer"] = json!("DOMETIC");
    let (s, e) = t
        .put(
            &format!("/api/v1/facilities/{fid}/equipment/{zid}"),
            Some(&admin),
            &clash,
        )
        .await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (409, Some("duplicate_serial"))
    );

    // A workplace of another department is refused; of its own, accepted.
    let (_, d2) = t
        .post(
            &format!("/api/v1/facilities/{fid}/departments"),
            Some(&admin),
            &json!({"name": "Хірургічне відділення", "type": "surgical"}),
        )
        .await;
    let (_, w2) = t
        .post(
            &format!(
                "/api/v1/facilities/{fid}/departments/{}/workplaces",
                d2["id"].as_str().unwrap()
            ),
            Some(&admin),
            &json!({"name": "Пост", "inventory_number": "відсутній"}),
        )
        .await;
    let mut there = fridge("SN-777");
    there["workplace_id"] = w2["id"].clone();
    let (s, e) = t.post(&base, Some(&admin), &there).await;
    refused(s, &e, "workplace_id");
    assert_eq!(e["error"]["code"], "other_department");
    let (_, w1) = t
        .post(
            &format!("/api/v1/facilities/{fid}/departments/{dep}/workplaces"),
            Some(&admin),
            &json!({"name": "Кімната зберігання", "inventory_number": "відсутній"}),
        )
        .await;
    there["workplace_id"] = w1["id"].clone();
    let (s, e) = t.post(&base, Some(&admin), &there).await;
    assert_eq!(
        (s, e["workplace_id"].clone()),
        (201, w1["id"].clone()),
        "{e}"
    );

    let (_, list) = t.get(&base, Some(&admin)).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 4, "{list}");
    t.stop().await;
}

async fn my_resources_are_read_only_and_follow_the_assignment(backend: Backend) {
    let t = spawn_app(backend).await;
    let (fid, admin) = t.facility_with_admin(0).await;
    let (head, assignment_id) = t
        .member(&fid, &admin, PERSON_RNOKPP[0], &["equipment.view"])
        .await;
    // The member's department is the one (and only) department `member` made.
    let (_, deps) = t
        .get(
            &format!("/api/v1/facilities/{fid}/departments"),
            Some(&admin),
        )
        .await;
    let dep = deps["items"][0]["id"].as_str().unwrap().to_owned();
    let base = format!("/api/v1/facilities/{fid}/departments/{dep}/equipment");
    let (s, e) = t.post(&base, Some(&admin), &fridge("R-1")).await;
    assert_eq!(s, 201, "{e}");
    let (s, e) = t.post(&base, Some(&admin), &freezer("F-1")).await;
    assert_eq!(s, 201, "{e}");
    // Another department's equipment is not the head's.
    let (_, d2) = t
        .post(
            &format!("/api/v1/facilities/{fid}/departments"),
            Some(&admin),
            &json!({"name": "Реанімація", "type": "intensive_care"}),
        )
        .await;
    let (s, _) = t
        .post(
            &format!(
                "/api/v1/facilities/{fid}/departments/{}/equipment",
                d2["id"].as_str().unwrap()
            ),
            Some(&admin),
            &fridge("R-2"),
        )
        .await;
    assert_eq!(s, 201);

    let (s, mine) = t.get("/api/v1/me/resources", Some(&head)).await;
    assert_eq!(s, 200, "{mine}");
    let items = mine["items"].as_array().unwrap();
    let serials: Vec<&str> = items
        .iter()
        .map(|i| i["equipment"]["serial_number"].as_str().unwrap())
        .collect();
    assert_eq!(serials.len(), 2, "{mine}");
    assert!(
        serials.contains(&"R-1") && serials.contains(&"F-1"),
        "{serials:?}"
    );
    assert_eq!(items[0]["department"]["id"], json!(dep));
    assert!(
        mine["note_uk"].as_str().unwrap().contains("«Ресурси»"),
        "says where equipment is created"
    );
    // Read-only: with equipment.view the head may look but not create.
    let (s, e) = t.post(&base, Some(&head), &fridge("R-3")).await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (403, Some("permission_denied"))
    );
    let (s, _) = t.get(&base, Some(&head)).await;
    assert_eq!(s, 200);
    // The administrator holds no assignment: nothing is "theirs".
    let (_, a) = t.get("/api/v1/me/resources", Some(&admin)).await;
    assert_eq!(a["items"], json!([]));
    // Ending the assignment takes the resources away at once.
    let (s, _) = t
        .post(
            &format!("/api/v1/facilities/{fid}/assignments/{assignment_id}/end"),
            Some(&admin),
            &json!({}),
        )
        .await;
    assert_eq!(s, 200);
    let (_, mine) = t.get("/api/v1/me/resources", Some(&head)).await;
    assert_eq!(mine["items"], json!([]));
    let (s, _) = t.get("/api/v1/me/resources", None).await;
    assert_eq!(s, 401);
    t.stop().await;
}

async fn checklist(t: &TestApp, fid: &str, token: &str) -> Value {
    let (s, c) = t
        .get(&format!("/api/v1/facilities/{fid}/onboarding"), Some(token))
        .await;
    assert_eq!(s, 200, "{c}");
    c
}

fn done_codes(c: &Value) -> Vec<String> {
    c["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["done"] == true)
        .map(|s| s["code"].as_str().unwrap().to_owned())
        .collect()
}

async fn onboarding_checklist_follows_the_data(backend: Backend) {
    let t = spawn_app(backend).await;
    let (fid, admin) = t.facility_with_admin(0).await;
    let c = checklist(&t, &fid, &admin).await;
    assert_eq!(
        (c["done"].as_u64(), c["total"].as_u64()),
        (Some(1), Some(10)),
        "{c}"
    );
    assert_eq!(done_codes(&c), ["first_login"]);
    assert_eq!(c["next"], "role_set");
    assert!(
        c["steps"][1]["title_uk"]
            .as_str()
            .unwrap()
            .contains("«Ролі користувачів»")
    );
    assert_eq!(c["steps"][1]["detail"], "0 рольових наборів");

    // A department of another type is not the blood bank.
    let (_, d) = t
        .post(
            &format!("/api/v1/facilities/{fid}/departments"),
            Some(&admin),
            &json!({"name": "Хірургія", "type": "surgical"}),
        )
        .await;
    assert!(d["id"].is_string());
    let c = checklist(&t, &fid, &admin).await;
    assert!(!done_codes(&c).contains(&"blood_bank_department".to_owned()));

    let org = OrgSetup::make(&t, &fid, &admin, &["equipment.view"]).await;
    let (_, e) = t
        .post(
            &format!("/api/v1/facilities/{fid}/employees"),
            Some(&admin),
            &employee(PERSON_RNOKPP[0]),
        )
        .await;
    let (s, a) = t
        .post(
            &format!(
                "/api/v1/facilities/{fid}/positions/{}/assignments",
                org.position_id
            ),
            Some(&admin),
            &assignment(e["id"].as_str().unwrap(), &[&org.role_id]),
        )
        .await;
    assert_eq!(s, 201, "{a}");
    let c = checklist(&t, &fid, &admin).await;
    assert_eq!(
        done_codes(&c),
        [
            "first_login",
            "role_set",
            "employee",
            "blood_bank_department",
            "position",
            "assignment"
        ]
    );
    assert_eq!(c["next"], "invitation_accepted");
    let inv = &c["invitations"][0];
    assert_eq!(
        (
            inv["assignment_id"].clone(),
            inv["expired"].as_bool(),
            inv["minutes_left"].as_i64()
        ),
        (a["assignment"]["id"].clone(), Some(false), Some(24 * 60))
    );
    assert_eq!(inv["position_title"], "Завідувач лікарняного банку крові");
    // After 24 hours and a minute the invitation shows as expired; a new one is pending again.
    t.clock.advance(Duration::hours(24) + Duration::minutes(1));
    let admin = t.admin_session(0).await;
    let c = checklist(&t, &fid, &admin).await;
    assert_eq!(c["invitations"][0]["expired"], true, "{c}");
    assert_eq!(c["invitations"][0]["minutes_left"], 0);
    let aid = a["assignment"]["id"].as_str().unwrap();
    let (s, again) = t
        .post(
            &format!("/api/v1/facilities/{fid}/assignments/{aid}/invitation"),
            Some(&admin),
            &json!({}),
        )
        .await;
    assert_eq!(s, 201, "{again}");
    let c = checklist(&t, &fid, &admin).await;
    assert_eq!(
        c["invitations"].as_array().unwrap().len(),
        1,
        "the old link is gone"
    );
    assert_eq!(c["invitations"][0]["expired"], false);
    t.accept_invitation(
        again["invitation"]["link"].as_str().unwrap(),
        PERSON_RNOKPP[0],
    )
    .await
    .unwrap();
    let dep = &org.department_id;
    let (s, _) = t
        .post(
            &format!("/api/v1/facilities/{fid}/departments/{dep}/workplaces"),
            Some(&admin),
            &json!({"name": "Робоче місце завідувача", "inventory_number": "відсутній", "employee_ids": [e["id"]]}),
        )
        .await;
    assert_eq!(s, 201);
    let eq = format!("/api/v1/facilities/{fid}/departments/{dep}/equipment");
    assert_eq!(t.post(&eq, Some(&admin), &fridge("C-1")).await.0, 201);
    let c = checklist(&t, &fid, &admin).await;
    assert_eq!(
        (c["done"].as_u64(), c["next"].as_str()),
        (Some(9), Some("freezer"))
    );
    assert_eq!(c["invitations"], json!([]));
    assert_eq!(t.post(&eq, Some(&admin), &freezer("C-2")).await.0, 201);
    let c = checklist(&t, &fid, &admin).await;
    assert_eq!(
        (c["done"].as_u64(), c["percent"].as_u64()),
        (Some(10), Some(100)),
        "{c}"
    );
    assert_eq!(c["next"], Value::Null);
    // The agitator is optional: shown, not counted.
    let agitator = c["steps"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        (
            agitator["code"].as_str(),
            agitator["optional"].as_bool(),
            agitator["done"].as_bool()
        ),
        (Some("agitator"), Some(true), Some(false))
    );
    // A decommissioned freezer does not count.
    let (_, list) = t.get(&eq, Some(&admin)).await;
    let z = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["kind"] == "plasma_freezer")
        .unwrap()
        .clone();
    let mut off = freezer("C-2");
    off["status"] = json!("decommissioned");
    off["status_reason"] = json!("Списано");
    let (s, _) = t
        .put(
            &format!(
                "/api/v1/facilities/{fid}/equipment/{}",
                z["id"].as_str().unwrap()
            ),
            Some(&admin),
            &off,
        )
        .await;
    assert_eq!(s, 200);
    assert_eq!(checklist(&t, &fid, &admin).await["next"], "freezer");
    // Only those who set the facility up see the checklist.
    let (viewer, _) = t
        .member(&fid, &admin, PERSON_RNOKPP[1], &["equipment.view"])
        .await;
    let (s, _) = t
        .get(
            &format!("/api/v1/facilities/{fid}/onboarding"),
            Some(&viewer),
        )
        .await;
    assert_eq!(s, 403);
    t.stop().await;
}

async fn national_view_filters_and_csv(backend: Backend) {
    let t = spawn_app(backend).await;
    let (fa, admin_a) = t.facility_with_admin(0).await;
    let (fb, _) = t.facility_with_admin(1).await;
    let op = t.operator_token().await;
    // Facility A gets as far as an invitation; B has done nothing since the first login.
    let org = OrgSetup::make(&t, &fa, &admin_a, &[]).await;
    let (_, e) = t
        .post(
            &format!("/api/v1/facilities/{fa}/employees"),
            Some(&admin_a),
            &employee(PERSON_RNOKPP[0]),
        )
        .await;
    let (s, _) = t
        .post(
            &format!(
                "/api/v1/facilities/{fa}/positions/{}/assignments",
                org.position_id
            ),
            Some(&admin_a),
            &assignment(e["id"].as_str().unwrap(), &[&org.role_id]),
        )
        .await;
    assert_eq!(s, 201);

    let (s, all) = t.get("/api/v1/facilities", Some(&op)).await;
    assert_eq!(s, 200, "{all}");
    let find = |v: &Value, id: &str| {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["id"] == id)
            .cloned()
    };
    let a = find(&all, &fa).unwrap();
    assert_eq!(
        (
            a["onboarding"]["done"].as_u64(),
            a["onboarding"]["total"].as_u64()
        ),
        (Some(6), Some(10)),
        "{a}"
    );
    assert_eq!(a["onboarding"]["next"], "invitation_accepted");
    assert_eq!(a["onboarding"]["invitations_pending"], 1);
    let b = find(&all, &fb).unwrap();
    assert_eq!(b["onboarding"]["done"], 1);
    assert_eq!(b["onboarding"]["missing"][0], "role_set");

    let ids = |v: &Value| -> Vec<String> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let (_, v) = t
        .get("/api/v1/facilities?step_missing=role_set", Some(&op))
        .await;
    assert_eq!(ids(&v), std::slice::from_ref(&fb));
    let (_, v) = t
        .get(
            "/api/v1/facilities?step_missing=invitation_accepted",
            Some(&op),
        )
        .await;
    assert_eq!(ids(&v).len(), 2);
    let (_, v) = t
        .get("/api/v1/facilities?invitations=pending", Some(&op))
        .await;
    assert_eq!(ids(&v), std::slice::from_ref(&fa));
    let (_, v) = t
        .get("/api/v1/facilities?invitations=expired", Some(&op))
        .await;
    assert_eq!(ids(&v), Vec::<String>::new());
    t.clock.advance(Duration::hours(25));
    let op = t.operator_token().await;
    let (_, v) = t
        .get("/api/v1/facilities?invitations=expired", Some(&op))
        .await;
    assert_eq!(ids(&v), std::slice::from_ref(&fa));
    let (_, v) = t
        .get(
            "/api/v1/facilities?region=%D0%9B%D1%8C%D0%B2%D1%96%D0%B2%D1%81%D1%8C%D0%BA%D0%B0%20%D0%BE%D0%B1%D0%BB%D0%B0%D1%81%D1%82%D1%8C",
            Some(&op),
        )
        .await;
    assert!(v["items"].is_array(), "{v}");
    // Page through one at a time: every facility once.
    let (_, p1) = t.get("/api/v1/facilities?limit=1", Some(&op)).await;
    let cursor = p1["next_cursor"].as_str().unwrap();
    let (_, p2) = t
        .get(
            &format!("/api/v1/facilities?limit=1&cursor={cursor}"),
            Some(&op),
        )
        .await;
    assert_eq!(p2["next_cursor"], Value::Null);
    let mut seen = ids(&p1);
    seen.extend(ids(&p2));
    seen.sort();
    let mut want = vec![fa.clone(), fb.clone()];
    want.sort();
    assert_eq!(seen, want);
    // Bad filters name the field.
    for (q, field) in [
        ("step_missing=agitator", "step_missing"),
        ("step_missing=nope", "step_missing"),
        ("invitations=soon", "invitations"),
        ("region=Марс", "region"),
    ] {
        let (s, e) = t.get(&format!("/api/v1/facilities?{q}"), Some(&op)).await;
        refused(s, &e, field);
    }
    // Facilities are the operator's: a facility's administrator may not list them.
    let admin_a = t.admin_session(0).await;
    assert_eq!(t.get("/api/v1/facilities", Some(&admin_a)).await.0, 403);

    // CSV: a header and one row per facility, the filter applied.
    let res = t
        .client
        .get(format!(
            "{}/api/v1/facilities.csv?invitations=expired",
            t.url
        ))
        .bearer_auth(&op)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let body = res.text().await.unwrap();
    let lines: Vec<&str> = body.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines.len(), 2, "{body}");
    assert!(
        lines[0].starts_with("id,edrpou,short_name,region,"),
        "{}",
        lines[0]
    );
    assert!(
        lines[0].ends_with(",refrigerator,freezer,agitator"),
        "{}",
        lines[0]
    );
    assert!(lines[1].starts_with(&fa), "{}", lines[1]);
    assert!(
        lines[1].contains(",6,10,60,invitation_accepted,0,1,"),
        "{}",
        lines[1]
    );
    let all_csv = t
        .client
        .get(format!("{}/api/v1/facilities.csv", t.url))
        .bearer_auth(&op)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(all_csv.lines().count(), 3, "{all_csv}");
    t.stop().await;
}

async fn fhir_bundle_links_the_structure(backend: Backend) {
    let t = spawn_app(backend).await;
    let (fid, admin) = t.facility_with_admin(0).await;
    let (fb, admin_b) = t.facility_with_admin(1).await;
    let (_head, _) = t
        .member(&fid, &admin, PERSON_RNOKPP[0], &["equipment.view"])
        .await;
    let (_, deps) = t
        .get(
            &format!("/api/v1/facilities/{fid}/departments"),
            Some(&admin),
        )
        .await;
    let dep = deps["items"][0]["id"].as_str().unwrap().to_owned();
    let (_, w) = t
        .post(
            &format!("/api/v1/facilities/{fid}/departments/{dep}/workplaces"),
            Some(&admin),
            &json!({"name": "Робоче місце завідувача", "room": "101", "inventory_number": "відсутній"}),
        )
        .await;
    let mut f = fridge("FH-1");
    f["workplace_id"] = w["id"].clone();
    let (s, unit) = t
        .post(
            &format!("/api/v1/facilities/{fid}/departments/{dep}/equipment"),
            Some(&admin),
            &f,
        )
        .await;
    assert_eq!(s, 201, "{unit}");

    let res = t
        .client
        .get(format!("{}/api/v1/facilities/{fid}/fhir", t.url))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/fhir+json")
    );
    let b: Value = res.json().await.unwrap();
    assert_eq!(
        (b["resourceType"].as_str(), b["type"].as_str()),
        (Some("Bundle"), Some("collection"))
    );
    let entries = b["entry"].as_array().unwrap();
    let of = |ty: &str| -> Vec<&Value> {
        entries
            .iter()
            .map(|e| &e["resource"])
            .filter(|r| r["resourceType"] == ty)
            .collect()
    };
    let orgs = of("Organization");
    assert_eq!(orgs.len(), 2, "the facility and its department");
    let facility = orgs.iter().find(|o| o["id"] == json!(fid)).unwrap();
    assert_eq!(facility["identifier"][0]["value"], "00012925");
    let dept = orgs.iter().find(|o| o["id"] == json!(dep)).unwrap();
    assert_eq!(dept["partOf"]["reference"], format!("urn:uuid:{fid}"));
    assert_eq!(
        dept["type"][0]["coding"][0]["code"],
        "logistics_inventory_center"
    );
    let pr = of("PractitionerRole");
    assert_eq!(pr.len(), 1);
    assert_eq!(pr[0]["active"], true);
    assert_eq!(
        pr[0]["organization"]["reference"],
        format!("urn:uuid:{dep}")
    );
    let practitioner_ref = pr[0]["practitioner"]["reference"].as_str().unwrap();
    let practitioners = of("Practitioner");
    assert!(
        practitioners
            .iter()
            .any(
                |p| format!("urn:uuid:{}", p["id"].as_str().unwrap()) == practitioner_ref
                    && p["identifier"][0]["value"] == PERSON_RNOKPP[0]
            )
    );
    let locs = of("Location");
    assert_eq!(locs.len(), 1);
    assert_eq!(
        locs[0]["managingOrganization"]["reference"],
        format!("urn:uuid:{dep}")
    );
    assert!(
        locs[0].get("identifier").is_none(),
        "«відсутній» is no identifier"
    );
    let devs = of("Device");
    assert_eq!(devs.len(), 1);
    assert_eq!(devs[0]["serialNumber"], "FH-1");
    assert_eq!(
        devs[0]["location"]["reference"],
        format!("urn:uuid:{}", w["id"].as_str().unwrap())
    );
    assert_eq!(devs[0]["property"][0]["valueQuantity"][0]["value"], 2.0);
    // Every reference resolves inside the bundle.
    let urls: Vec<&str> = entries
        .iter()
        .map(|e| e["fullUrl"].as_str().unwrap())
        .collect();
    let text = b.to_string();
    for r in text.split("\"reference\":\"").skip(1) {
        let r = &r[..r.find('"').unwrap()];
        assert!(urls.contains(&r), "dangling reference {r}");
    }
    // Another facility's administrator gets 404; its own bundle has none of A's things.
    let (s, _) = t
        .get(&format!("/api/v1/facilities/{fid}/fhir"), Some(&admin_b))
        .await;
    assert_eq!(s, 404);
    let (_, other) = t
        .get(&format!("/api/v1/facilities/{fb}/fhir"), Some(&admin_b))
        .await;
    assert!(!other.to_string().contains("FH-1"));
    assert_eq!(other["entry"].as_array().unwrap().len(), 1);
    t.stop().await;
}
