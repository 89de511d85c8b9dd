//! The authorization matrix: every route of the API, taken from the OpenAPI document the router
//! is built with (a route exists only through `routes!`, so the document lists them all), is
//! called as each kind of caller. A route added later without its check fails here:
//!
//! - a public route must be on the `PUBLIC` list below;
//! - any other route refuses an anonymous caller with 401;
//! - a facility route (`/api/v1/facilities/{facility_id}/…`) answers 401 anonymous, 404 to people
//!   of another facility (its administrator, and an employee holding every permission there), 403
//!   to a person of the facility without the permission — all before the body is read, so an
//!   invalid body changes nothing — and succeeds for the administrator and for a person whose
//!   role grants every permission. A facility route without a valid body here fails the test.

use crate::common;

use common::{PERSON_RNOKPP, assignment, department, employee, position, spawn_app};
use ekrov_store::Backend;
use serde_json::{Value, json};
use std::sync::atomic::{AtomicU32, Ordering};

both_backends!(every_route_checks_authorization);

/// Routes anyone may call: catalogues, health, the login itself, looking at a link by its token.
const PUBLIC: &[(&str, &str)] = &[
    ("get", "/healthz"),
    ("get", "/api/v1/permissions"),
    ("get", "/api/v1/department-types"),
    ("get", "/api/v1/assignment-kinds"),
    ("get", "/api/v1/equipment-kinds"),
    ("get", "/api/v1/links/{token}"),
    ("post", "/api/v1/links/{token}/accept"),
    ("post", "/api/v1/auth/challenge"),
    ("post", "/api/v1/auth/kep"),
];

const ALL: &[&str] = &[
    "roles.manage",
    "employees.manage",
    "departments.manage",
    "positions.manage",
    "assignments.manage",
    "workplaces.manage",
    "equipment.manage",
    "equipment.view",
    "audit.view",
    "stock.receive",
    "stock.issue",
    "stock.discard",
    "stock.view",
    "transfusion.record",
    "patients.view",
];

static SERIAL: AtomicU32 = AtomicU32::new(100000);

/// A passport number nobody has used yet in this test run.
fn fresh_code() -> String {
    format!("КВ{}", SERIAL.fetch_add(1, Ordering::Relaxed))
}

/// Fresh things to act on, so that each successful call finds what it needs (an unused role to
/// delete, an invited assignment to re-invite or end, an unassigned employee to assign).
struct Fixture {
    role_id: String,
    spare_role_id: String,
    employee_code: String,
    employee_id: String,
    free_employee_id: String,
    department_id: String,
    position_id: String,
    assignment_id: String,
    workplace_id: String,
    equipment_id: String,
    consignment_id: String,
    request_id: String,
    /// An available unit (to issue, discard, trace) and an issued one (to return, or record its
    /// transfusion).
    unit_id: String,
    issued_unit_id: String,
}

/// An O RhD-negative red cell unit with a DIN nobody has used yet in this run.
fn unit_scan() -> String {
    use ekrov_domain::stock::{
        AboRhD, Din, DinFlags, ProductCode,
        isbt128::{Expiry, UnitLabel},
    };
    let din = Din::new("G1234", 26, SERIAL.fetch_add(1, Ordering::Relaxed)).unwrap();
    let expires = chrono::NaiveDate::from_ymd_opt(2026, 12, 30)
        .unwrap()
        .and_hms_opt(23, 59, 0)
        .unwrap();
    UnitLabel {
        din,
        flags: DinFlags::check_of(&din),
        group: AboRhD::parse("O-").unwrap(),
        product: ProductCode::parse("E9001V00").unwrap(),
        expiry: Expiry {
            at: expires,
            has_time: true,
        },
    }
    .to_scan()
}

fn request_body(department_id: &str, doctor_id: &str) -> Value {
    json!({"ward_department_id": department_id, "doctor_employee_id": doctor_id,
        "patient": {"record_number": "МК-1", "surname": "Гнатюк", "given_name": "Ярослава",
            "birth_date": "1961-04-09", "abo": "O", "rhd": "neg"},
        "component": "red_cells", "quantity": 1, "urgency": "planned", "justification": "Анемія"})
}

fn workplace_body() -> Value {
    json!({"name": "Робоче місце завідувача", "room": "101", "inventory_number": "відсутній"})
}

fn equipment_body() -> Value {
    json!({"kind": "blood_refrigerator", "manufacturer": "Dometic", "model": "MB 570",
        "serial_number": fresh_code(), "inventory_number": "відсутній"})
}

impl Fixture {
    async fn new(t: &common::TestApp, fid: &str, admin: &str) -> Fixture {
        let base = format!("/api/v1/facilities/{fid}");
        let mk = |v: &Value| v["id"].as_str().unwrap_or_else(|| panic!("{v}")).to_owned();
        let (_, r) = t
            .post(
                &format!("{base}/roles"),
                Some(admin),
                &json!({"name": fresh_code(), "permissions": ["audit.view"]}),
            )
            .await;
        let (_, r2) = t
            .post(
                &format!("{base}/roles"),
                Some(admin),
                &json!({"name": fresh_code(), "permissions": []}),
            )
            .await;
        let code = fresh_code();
        let (_, e) = t
            .post(&format!("{base}/employees"), Some(admin), &employee(&code))
            .await;
        let (_, e2) = t
            .post(
                &format!("{base}/employees"),
                Some(admin),
                &employee(&fresh_code()),
            )
            .await;
        let (_, d) = t
            .post(
                &format!("{base}/departments"),
                Some(admin),
                &department("Лікарняний банк крові"),
            )
            .await;
        let (_, p) = t
            .post(
                &format!("{base}/departments/{}/positions", mk(&d)),
                Some(admin),
                &position(),
            )
            .await;
        let (s, a) = t
            .post(
                &format!("{base}/positions/{}/assignments", mk(&p)),
                Some(admin),
                &assignment(&mk(&e), &[&mk(&r)]),
            )
            .await;
        assert_eq!(s, 201, "{a}");
        let (s, w) = t
            .post(
                &format!("{base}/departments/{}/workplaces", mk(&d)),
                Some(admin),
                &workplace_body(),
            )
            .await;
        assert_eq!(s, 201, "{w}");
        let (s, q) = t
            .post(
                &format!("{base}/departments/{}/equipment", mk(&d)),
                Some(admin),
                &equipment_body(),
            )
            .await;
        assert_eq!(s, 201, "{q}");
        t.app().seed_demo_catalogue().await.unwrap();
        let (s, c) = t
            .post(
                &format!("{base}/consignments"),
                Some(admin),
                &json!({"supplier": "Центр крові", "number": "1"}),
            )
            .await;
        assert_eq!(s, 201, "{c}");
        let units = format!("{base}/consignments/{}/units", mk(&c));
        let mut ids = Vec::new();
        for _ in 0..2 {
            let body = json!({"scan": unit_scan(), "equipment_id": mk(&q)});
            let (s, u) = t.post(&units, Some(admin), &body).await;
            assert_eq!(s, 201, "{u}");
            ids.push(mk(&u));
        }
        let (unit_id, issued_unit_id) = (ids[0].clone(), ids[1].clone());
        let (s, rq) = t
            .post(
                &format!("{base}/requests"),
                Some(admin),
                &request_body(&mk(&d), &mk(&e)),
            )
            .await;
        assert_eq!(s, 201, "{rq}");
        let (s, i) = t
            .post(
                &format!("{base}/units/{issued_unit_id}/issue"),
                Some(admin),
                &json!({"request_id": mk(&rq), "received_by": "Коваль"}),
            )
            .await;
        assert_eq!(s, 200, "{i}");
        Fixture {
            consignment_id: mk(&c),
            request_id: mk(&rq),
            unit_id,
            issued_unit_id,
            workplace_id: mk(&w),
            equipment_id: mk(&q),
            role_id: mk(&r),
            spare_role_id: mk(&r2),
            employee_code: code,
            employee_id: mk(&e),
            free_employee_id: mk(&e2),
            department_id: mk(&d),
            position_id: mk(&p),
            assignment_id: a["assignment"]["id"].as_str().unwrap().to_owned(),
        }
    }

    /// The concrete path: each `{id}` is the fixture's thing named by the segment before it.
    fn path(&self, template: &str, facility_id: &str) -> String {
        let mut out = Vec::new();
        let mut prev = "";
        for seg in template.split('/') {
            let s = match seg {
                "{facility_id}" => facility_id.to_owned(),
                "{id}" => match prev {
                    "roles" => self.spare_role_id.clone(),
                    "employees" => self.employee_id.clone(),
                    "departments" => self.department_id.clone(),
                    "positions" => self.position_id.clone(),
                    "assignments" => self.assignment_id.clone(),
                    "workplaces" => self.workplace_id.clone(),
                    "equipment" => self.equipment_id.clone(),
                    "consignments" => self.consignment_id.clone(),
                    "requests" => self.request_id.clone(),
                    "units"
                        if template.ends_with("/return") || template.ends_with("/transfusion") =>
                    {
                        self.issued_unit_id.clone()
                    }
                    "units" => self.unit_id.clone(),
                    other => panic!(
                        "{template}: no fixture for {{id}} after {other:?}: add one to the matrix"
                    ),
                },
                "{kind}" if prev == "journals" => "receipts".to_owned(),
                s if s.starts_with('{') => {
                    panic!("{template}: unknown path parameter {s}: add it to the matrix")
                }
                s => s.to_owned(),
            };
            prev = seg;
            out.push(s);
        }
        out.join("/")
    }

    /// A valid body for a route, or None for routes that take none.
    fn body(&self, method: &str, template: &str) -> Option<Value> {
        let rest = template
            .strip_prefix("/api/v1/facilities/{facility_id}")
            .unwrap();
        Some(match (method, rest) {
            ("get" | "delete", _) => return None,
            ("post" | "put", "/roles" | "/roles/{id}") => {
                json!({"name": fresh_code(), "permissions": ["audit.view"]})
            }
            ("post", "/employees") => employee(&fresh_code()),
            ("put", "/employees/{id}") => employee(&self.employee_code),
            ("post" | "put", "/departments" | "/departments/{id}") => department("Відділ"),
            ("post", "/departments/{id}/positions") | ("put", "/positions/{id}") => position(),
            ("post", "/positions/{id}/assignments") => {
                assignment(&self.free_employee_id, &[&self.role_id])
            }
            ("post", "/assignments/{id}/invitation" | "/assignments/{id}/end") => json!({}),
            ("post", "/departments/{id}/workplaces") | ("put", "/workplaces/{id}") => {
                workplace_body()
            }
            ("post", "/departments/{id}/equipment") | ("put", "/equipment/{id}") => {
                equipment_body()
            }
            ("post", "/consignments") => json!({"supplier": "Центр крові", "number": fresh_code()}),
            ("post", "/consignments/{id}/units") => {
                json!({"scan": unit_scan(), "equipment_id": self.equipment_id})
            }
            ("post", "/requests") => request_body(&self.department_id, &self.employee_id),
            ("post", "/units/{id}/issue") => {
                json!({"request_id": self.request_id, "received_by": "Коваль"})
            }
            ("post", "/units/{id}/return") => json!({"equipment_id": self.equipment_id}),
            ("post", "/units/{id}/discard") => json!({"reason": "damaged"}),
            ("post", "/units/{id}/transfusion") => json!({"outcome": "uneventful"}),
            _ => {
                panic!("{method} {template}: the matrix has no valid body for this route: add one")
            }
        })
    }
}

fn method(m: &str) -> reqwest::Method {
    m.to_uppercase().parse().unwrap()
}

async fn every_route_checks_authorization(backend: Backend) {
    let t = spawn_app(backend).await;
    let (fa, admin_a) = t.facility_with_admin(0).await;
    let (fb, admin_b) = t.facility_with_admin(1).await;
    // A person of facility A whose role grants nothing; one whose role grants everything; and a
    // person of facility B whose role grants everything there.
    let (powerless, _) = t.member(&fa, &admin_a, PERSON_RNOKPP[0], &[]).await;
    let (full_a, _) = t.member(&fa, &admin_a, PERSON_RNOKPP[1], ALL).await;
    let (full_b, _) = t.member(&fb, &admin_b, PERSON_RNOKPP[2], ALL).await;
    let operator = t.operator_token().await;

    let doc: Value = serde_json::from_str(&ekrov_web::openapi().to_json().unwrap()).unwrap();
    let paths = doc["paths"].as_object().unwrap();
    let (mut public, mut other, mut facility) = (0, 0, 0);
    let garbage = b"{not json".to_vec();
    for (template, item) in paths {
        for m in ["get", "post", "put", "delete", "patch"] {
            if item.get(m).is_none() {
                continue;
            }
            let what = format!("{} {template}", m.to_uppercase());
            if PUBLIC.contains(&(m, template.as_str())) {
                public += 1;
                continue;
            }
            if !template.starts_with("/api/v1/facilities/{facility_id}/") {
                // Not public: an anonymous caller is refused before anything else.
                let path = template
                    .split('/')
                    .map(|s| {
                        if s.starts_with('{') {
                            uuid::Uuid::new_v4().to_string()
                        } else {
                            s.to_owned()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("/");
                let (s, e) = t.send(method(m), &path, None, Some(garbage.clone())).await;
                assert_eq!(s, 401, "{what} anonymous: {e}");
                other += 1;
                continue;
            }
            facility += 1;
            let fx = Fixture::new(&t, &fa, &admin_a).await;
            let path = fx.path(template, &fa);

            // Anonymous: 401, also for a facility that does not exist.
            let (s, e) = t.send(method(m), &path, None, Some(garbage.clone())).await;
            assert_eq!(s, 401, "{what} anonymous: {e}");
            let (s, e) = t
                .send(
                    method(m),
                    &fx.path(template, &uuid::Uuid::new_v4().to_string()),
                    None,
                    None,
                )
                .await;
            assert_eq!(s, 401, "{what} anonymous, unknown facility: {e}");

            // People of another facility (and the national operator): 404, whatever the body.
            for (who, tok) in [
                ("admin of B", &admin_b),
                ("employee of B with every permission", &full_b),
                ("operator", &operator),
            ] {
                let (s, e) = t
                    .send(method(m), &path, Some(tok), Some(garbage.clone()))
                    .await;
                assert_eq!(s, 404, "{what} as {who}: {e}");
            }
            // A person of A without the permission: 403, before the body is looked at.
            let (s, e) = t
                .send(method(m), &path, Some(&powerless), Some(garbage.clone()))
                .await;
            assert_eq!(
                (s, e["error"]["code"].as_str()),
                (403, Some("permission_denied")),
                "{what} without permission: {e}"
            );
            // An unknown facility id is 404 for everyone.
            let (s, e) = t
                .send(
                    method(m),
                    &fx.path(template, &uuid::Uuid::new_v4().to_string()),
                    Some(&admin_a),
                    None,
                )
                .await;
            assert_eq!(s, 404, "{what} unknown facility: {e}");

            // The right people: the administrator, and a person whose role grants every permission.
            for (who, tok) in [
                ("admin of A", &admin_a),
                ("employee of A with every permission", &full_a),
            ] {
                let fx = Fixture::new(&t, &fa, &admin_a).await;
                let path = fx.path(template, &fa);
                let body = fx.body(m, template).map(|b| b.to_string().into_bytes());
                let (s, e) = t.send(method(m), &path, Some(tok), body).await;
                assert!((200..300).contains(&s), "{what} as {who}: {s} {e}");
            }
        }
    }
    assert!(facility >= 20, "facility routes enumerated: {facility}");
    assert!(public >= 4 && other >= 5, "public {public}, other {other}");
    t.stop().await;
}
