//! Tenant isolation at scale: 50 facilities, each with its own roles, employees, departments,
//! positions and assignments. Every facility route of the OpenAPI document (taken from the
//! document, so routes added later are covered or make this test ask for a fixture) is called by
//! one facility's administrator with another facility's ids — under the other facility, and under
//! its own facility with the other's object ids in the path — and answers 404 without revealing
//! anything. Then every list a facility can read (every GET facility route — the audit log, the
//! onboarding checklist and the FHIR export among them — `/me` and `/me/resources`) is searched
//! for any id or name of the 49 other facilities.

use crate::common;

use common::{assignment, department, employee, position, spawn_app};
use ekrov_store::Backend;
use serde_json::{Value, json};
use std::time::Instant;

both_backends!(fifty_facilities_see_only_themselves);

const FACILITIES: usize = 50;

/// The `n`-th valid code of `len` digits starting with `prefix`: the check digit is found by
/// asking the domain's own parser, so the rule is not copied here.
fn nth_valid(n: usize, prefix: &str, len: usize, ok: impl Fn(&str) -> bool) -> String {
    let body = format!("{prefix}{n:0w$}", w = len - 1 - prefix.len());
    (0..10)
        .map(|d| format!("{body}{d}"))
        .find(|c| ok(c))
        .unwrap_or_else(|| panic!("no check digit for {body}"))
}

fn edrpou(i: usize) -> String {
    nth_valid(i, "2", 8, |c| ekrov_domain::Edrpou::parse(c).is_ok())
}

fn admin_rnokpp(i: usize) -> String {
    nth_valid(i, "30", 10, |c| ekrov_domain::Rnokpp::parse(c).is_ok())
}

/// What a facility owns: its ids, and the marker in its names.
struct Tenant {
    id: String,
    admin: String,
    marker: String,
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
    unit_id: String,
}

/// Facility `i`'s red cell unit, O RhD-negative, as a scanner types it.
fn unit_scan(i: usize) -> String {
    use ekrov_domain::stock::{
        AboRhD, Din, DinFlags, ProductCode,
        isbt128::{Expiry, UnitLabel},
    };
    let din = Din::new("G1234", 26, 500000 + i as u32).unwrap();
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

fn request_body(marker: &str, department_id: &str, doctor_id: &str) -> Value {
    json!({"ward_department_id": department_id, "doctor_employee_id": doctor_id,
        "patient": {"record_number": format!("{marker}-МК"), "surname": "Гнатюк", "given_name": "Ярослава",
            "birth_date": "1961-04-09", "abo": "O", "rhd": "neg"},
        "component": "red_cells", "quantity": 1, "urgency": "planned", "justification": format!("{marker} анемія")})
}

fn workplace_body(marker: &str) -> Value {
    json!({"name": format!("{marker} робоче місце"), "room": "101", "inventory_number": "відсутній"})
}

fn equipment_body(marker: &str) -> Value {
    json!({"kind": "blood_refrigerator", "name": format!("{marker} холодильник"), "manufacturer": "Dometic",
        "model": "MB 570", "serial_number": format!("SN-{}", uuid::Uuid::new_v4().simple()),
        "inventory_number": "відсутній"})
}

impl Tenant {
    fn ids(&self) -> [&str; 13] {
        [
            &self.id,
            &self.role_id,
            &self.spare_role_id,
            &self.employee_id,
            &self.free_employee_id,
            &self.department_id,
            &self.position_id,
            &self.assignment_id,
            &self.workplace_id,
            &self.equipment_id,
            &self.consignment_id,
            &self.request_id,
            &self.unit_id,
        ]
    }

    /// The concrete path of a template: `{facility_id}` is `facility`, each `{id}` the thing of
    /// `owner` named by the segment before it.
    fn path(template: &str, facility: &str, owner: &Tenant) -> String {
        let mut out = Vec::new();
        let mut prev = "";
        for seg in template.split('/') {
            let s = match seg {
                "{facility_id}" => facility.to_owned(),
                "{id}" => match prev {
                    "roles" => owner.spare_role_id.clone(),
                    "employees" => owner.employee_id.clone(),
                    "departments" => owner.department_id.clone(),
                    "positions" => owner.position_id.clone(),
                    "assignments" => owner.assignment_id.clone(),
                    "workplaces" => owner.workplace_id.clone(),
                    "equipment" => owner.equipment_id.clone(),
                    "consignments" => owner.consignment_id.clone(),
                    "requests" => owner.request_id.clone(),
                    "units" => owner.unit_id.clone(),
                    other => panic!(
                        "{template}: no fixture for {{id}} after {other:?}: add one to tenant_isolation.rs"
                    ),
                },
                "{kind}" if prev == "journals" => "receipts".to_owned(),
                s if s.starts_with('{') => {
                    panic!("{template}: unknown path parameter {s}: add it to tenant_isolation.rs")
                }
                s => s.to_owned(),
            };
            prev = seg;
            out.push(s);
        }
        out.join("/")
    }

    /// A body that would be valid for this facility's own objects.
    fn body(&self, method: &str, template: &str) -> Option<Value> {
        let rest = template
            .strip_prefix("/api/v1/facilities/{facility_id}")
            .unwrap();
        Some(match (method, rest) {
            ("get" | "delete", _) => return None,
            ("post" | "put", "/roles" | "/roles/{id}") => {
                json!({"name": format!("{} роль x", self.marker), "permissions": ["audit.view"]})
            }
            ("post", "/employees") => employee(&format!("КЕ{}", 900000 + rand_u16())),
            ("put", "/employees/{id}") => employee(&self.employee_code),
            ("post" | "put", "/departments" | "/departments/{id}") => {
                department(&format!("{} відділ x", self.marker))
            }
            ("post", "/departments/{id}/positions") | ("put", "/positions/{id}") => position(),
            ("post", "/positions/{id}/assignments") => {
                assignment(&self.free_employee_id, &[&self.role_id])
            }
            ("post", "/assignments/{id}/invitation" | "/assignments/{id}/end") => json!({}),
            ("post", "/departments/{id}/workplaces") | ("put", "/workplaces/{id}") => {
                workplace_body(&self.marker)
            }
            ("post", "/departments/{id}/equipment") | ("put", "/equipment/{id}") => {
                equipment_body(&self.marker)
            }
            ("post", "/consignments") => {
                json!({"supplier": format!("{} центр", self.marker), "number": "2"})
            }
            ("post", "/consignments/{id}/units") => {
                json!({"scan": unit_scan(900 + rand_u16() as usize), "equipment_id": self.equipment_id})
            }
            ("post", "/requests") => {
                request_body(&self.marker, &self.department_id, &self.employee_id)
            }
            ("post", "/units/{id}/issue") => {
                json!({"request_id": self.request_id, "received_by": "Коваль"})
            }
            ("post", "/units/{id}/return") => json!({"equipment_id": self.equipment_id}),
            ("post", "/units/{id}/discard") => json!({"reason": "damaged"}),
            ("post", "/units/{id}/transfusion") => json!({"outcome": "uneventful"}),
            _ => panic!(
                "{method} {template}: tenant_isolation.rs has no valid body for this route: add one"
            ),
        })
    }
}

fn rand_u16() -> u32 {
    (uuid::Uuid::new_v4().as_u128() % 60000) as u32
}

async fn make_tenant(t: &common::TestApp, operator: &str, i: usize) -> Tenant {
    let marker = format!("Ф{i:02}ТЕНАНТ");
    let mut app = common::application(&edrpou(i));
    app["short_name"] = json!(format!("КНП «{marker}»"));
    app["admin"]["rnokpp"] = json!(admin_rnokpp(i));
    app["admin"]["email"] = json!(format!("admin{i}@f{i}.example.ua"));
    let (s, a) = t.post("/api/v1/applications", Some(operator), &app).await;
    assert_eq!(s, 201, "{a}");
    let (s, reg) = t
        .post(
            &format!(
                "/api/v1/applications/{}/register",
                a["id"].as_str().unwrap()
            ),
            Some(operator),
            &json!({}),
        )
        .await;
    assert_eq!(s, 200, "{reg}");
    let id = reg["facility"]["id"].as_str().unwrap().to_owned();
    let account = t.account(&admin_rnokpp(i), "Мельник", "Андрій").await;
    let mut tx = t.db().begin().await.unwrap();
    ekrov_store::registration::facilities::set_admin_account(&mut tx, id.parse().unwrap(), account)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let admin = t.app().open_session_for(account).await.unwrap().token;

    let base = format!("/api/v1/facilities/{id}");
    let mk = |v: &Value| v["id"].as_str().unwrap_or_else(|| panic!("{v}")).to_owned();
    let post = |path: String, body: Value| {
        let admin = admin.clone();
        async move {
            let (s, v) = t.post(&path, Some(&admin), &body).await;
            assert_eq!(s, 201, "{path}: {v}");
            v
        }
    };
    let r = post(
        format!("{base}/roles"),
        json!({"name": format!("{marker} роль"), "permissions": ["audit.view"]}),
    )
    .await;
    let r2 = post(
        format!("{base}/roles"),
        json!({"name": format!("{marker} запасна"), "permissions": []}),
    )
    .await;
    let code = format!("КА{:06}", 100000 + i);
    let mut e = employee(&code);
    e["surname"] = json!(format!("{marker}прізвище"));
    let e = post(format!("{base}/employees"), e).await;
    let e2 = post(
        format!("{base}/employees"),
        employee(&format!("КБ{:06}", 100000 + i)),
    )
    .await;
    let d = post(
        format!("{base}/departments"),
        department(&format!("{marker} банк крові")),
    )
    .await;
    let p = post(
        format!("{base}/departments/{}/positions", mk(&d)),
        position(),
    )
    .await;
    let a = post(
        format!("{base}/positions/{}/assignments", mk(&p)),
        assignment(&mk(&e), &[&mk(&r)]),
    )
    .await;
    let w = post(
        format!("{base}/departments/{}/workplaces", mk(&d)),
        workplace_body(&marker),
    )
    .await;
    let q = post(
        format!("{base}/departments/{}/equipment", mk(&d)),
        equipment_body(&marker),
    )
    .await;
    let c = post(
        format!("{base}/consignments"),
        json!({"supplier": format!("{marker} центр крові"), "number": "1"}),
    )
    .await;
    let u = post(
        format!("{base}/consignments/{}/units", mk(&c)),
        json!({"scan": unit_scan(i), "equipment_id": mk(&q)}),
    )
    .await;
    let rq = post(
        format!("{base}/requests"),
        request_body(&marker, &mk(&d), &mk(&e)),
    )
    .await;
    Tenant {
        consignment_id: mk(&c),
        request_id: mk(&rq),
        unit_id: mk(&u),
        id,
        admin,
        marker,
        role_id: mk(&r),
        spare_role_id: mk(&r2),
        employee_code: code,
        employee_id: mk(&e),
        free_employee_id: mk(&e2),
        department_id: mk(&d),
        position_id: mk(&p),
        assignment_id: a["assignment"]["id"].as_str().unwrap().to_owned(),
        workplace_id: mk(&w),
        equipment_id: mk(&q),
    }
}

fn method(m: &str) -> reqwest::Method {
    m.to_uppercase().parse().unwrap()
}

async fn fifty_facilities_see_only_themselves(backend: Backend) {
    let started = Instant::now();
    let t = spawn_app(backend).await;
    let operator = t.operator_token().await;
    t.app().seed_demo_catalogue().await.unwrap();
    let mut tenants = Vec::new();
    for i in 0..FACILITIES {
        tenants.push(make_tenant(&t, &operator, i).await);
    }
    let setup = started.elapsed();

    let doc: Value = serde_json::from_str(&ekrov_web::openapi().to_json().unwrap()).unwrap();
    let mut routes: Vec<(String, String)> = Vec::new();
    for (template, item) in doc["paths"].as_object().unwrap() {
        if !template.starts_with("/api/v1/facilities/{facility_id}/") {
            continue;
        }
        for m in ["get", "post", "put", "delete", "patch"] {
            if item.get(m).is_some() {
                routes.push((m.to_owned(), template.clone()));
            }
        }
    }
    assert!(routes.len() >= 20, "facility routes: {}", routes.len());

    let rows_before = table_counts(&t).await;
    // 1. Another facility's ids: 404, and the answer names nothing of it.
    let mut refused = 0;
    for (i, me) in tenants.iter().enumerate() {
        let other = &tenants[(i + 1) % FACILITIES];
        for (m, template) in &routes {
            let body = me.body(m, template).map(|b| b.to_string().into_bytes());
            let mut cases = vec![(
                "under the other facility",
                Tenant::path(template, &other.id, other),
            )];
            if template.contains("{id}") {
                cases.push((
                    "under my facility, the other's object",
                    Tenant::path(template, &me.id, other),
                ));
            }
            for (how, path) in cases {
                let (s, e) = t
                    .send(method(m), &path, Some(&me.admin), body.clone())
                    .await;
                assert_eq!(
                    s,
                    404,
                    "{} {template} {how}, as admin of facility {i}: {e}",
                    m.to_uppercase()
                );
                let text = e.to_string();
                assert!(
                    !text.contains(&other.marker)
                        && !other.ids().iter().any(|id| text.contains(id)),
                    "{m} {template} {how}: the 404 reveals something: {text}"
                );
                refused += 1;
            }
        }
        // Ids of another facility inside a body of my own route.
        let base = format!("/api/v1/facilities/{}", me.id);
        let (s, e) = t
            .post(
                &format!("{base}/positions/{}/assignments", me.position_id),
                Some(&me.admin),
                &assignment(&other.free_employee_id, &[&me.role_id]),
            )
            .await;
        assert!(
            matches!(s, 404 | 422),
            "another facility's employee: {s} {e}"
        );
        let (s, e) = t
            .post(
                &format!("{base}/positions/{}/assignments", me.position_id),
                Some(&me.admin),
                &assignment(&me.free_employee_id, &[&other.role_id]),
            )
            .await;
        assert!(matches!(s, 404 | 422), "another facility's role: {s} {e}");
        let mut d = department("Підрозділ");
        d["parent_id"] = json!(other.department_id);
        let (s, e) = t
            .post(&format!("{base}/departments"), Some(&me.admin), &d)
            .await;
        assert!(
            matches!(s, 404 | 422),
            "another facility's parent department: {s} {e}"
        );
    }
    assert_eq!(
        table_counts(&t).await,
        rows_before,
        "refused requests changed nothing"
    );
    let cross = started.elapsed() - setup;

    // 2. Everything a facility reads mentions no other facility.
    let mut lists = 0;
    for (i, me) in tenants.iter().enumerate() {
        let mut seen = String::new();
        for (m, template) in &routes {
            if m != "get" {
                continue;
            }
            let path = Tenant::path(template, &me.id, me);
            let (s, v) = t.get(&path, Some(&me.admin)).await;
            assert_eq!(s, 200, "GET {template} as admin of facility {i}: {v}");
            seen.push_str(&v.to_string());
            lists += 1;
        }
        for path in ["/api/v1/me", "/api/v1/me/resources"] {
            let (s, v) = t.get(path, Some(&me.admin)).await;
            assert_eq!(s, 200, "{path}: {v}");
            seen.push_str(&v.to_string());
        }
        assert!(seen.contains(&me.marker), "facility {i} sees its own data");
        for (j, other) in tenants.iter().enumerate() {
            if j == i {
                continue;
            }
            assert!(
                !seen.contains(&other.marker),
                "facility {i} sees a name of facility {j}"
            );
            for id in other.ids() {
                assert!(
                    !seen.contains(id),
                    "facility {i} sees id {id} of facility {j}"
                );
            }
        }
    }
    eprintln!(
        "{backend:?}: {FACILITIES} facilities set up in {setup:?}; {refused} cross-facility requests refused in {cross:?}; {lists} lists read; total {:?}",
        started.elapsed()
    );
    t.stop().await;
}

/// Rows of every table that a write could touch.
async fn table_counts(t: &common::TestApp) -> Vec<i64> {
    let mut out = Vec::new();
    for table in [
        "roles",
        "employees",
        "departments",
        "positions",
        "assignments",
        "audit_log",
        "outbox",
        "links",
        "workplaces",
        "workplace_employees",
        "equipment",
        "consignments",
        "units",
        "stock_events",
        "stock_on_hand",
        "clinical_requests",
        "transfusion_outcomes",
        "haemovigilance_reports",
    ] {
        out.push(t.count(table).await);
    }
    out
}
