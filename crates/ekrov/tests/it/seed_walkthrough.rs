//! The whole seed, steps 0 to 11, on a fresh server through the public API, everyone signing in
//! with a КЕП (a CA the server trusts issues the keys), and ending with the onboarding checklist
//! at 100 % — for the administrator and in the operator's national view.

use crate::common;

use base64::Engine;
use common::{TestApp, application, find_link, letter_text, spawn_with};
use ekrov_domain::Calendar;
use ekrov_kep::dev_pki::DevCa;
use ekrov_store::Backend;
use serde_json::{Value, json};

both_backends!(the_seed_from_application_to_equipment);

const OPERATOR: &str = "3184710691";
const ADMIN: &str = "3287301233";
const HEAD: &str = "3658400020";

fn b64(d: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(d)
}

/// A fresh challenge signed with the person's own key.
async fn signed(t: &TestApp, ca: &DevCa, rnokpp: &str, name: (&str, &str)) -> Value {
    let (s, c) = t.post("/api/v1/auth/challenge", None, &json!({})).await;
    assert_eq!(s, 201, "{c}");
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(c["challenge"].as_str().unwrap())
        .unwrap();
    let (cert, key) = ca.issue_person(rnokpp, name.0, name.1).unwrap();
    let sig = ekrov_kep::sign::sign_detached(&cert, &key, &[], &bytes, chrono::Utc::now()).unwrap();
    json!({"challenge_id": c["challenge_id"], "signature": b64(&sig)})
}

/// The text of the letter to `to`, once the dispatcher has written it.
async fn wait_letter_to(t: &TestApp, to: &str) -> String {
    for _ in 0..200 {
        let dir = t.data_dir().join("mail");
        if dir.exists() {
            for f in std::fs::read_dir(&dir).unwrap() {
                let raw = std::fs::read(f.unwrap().path()).unwrap_or_default();
                let Ok(m) = mailparse::parse_mail(&raw) else {
                    continue;
                };
                let rcpt = mailparse::MailHeaderMap::get_first_value(&m.headers[..], "To")
                    .unwrap_or_default();
                if rcpt.contains(to) {
                    return letter_text(&raw).1;
                }
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("no letter to {to} arrived");
}

async fn the_seed_from_application_to_equipment(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let ca = DevCa::load_or_create(dir.path()).unwrap();
    let trust = tempfile::tempdir().unwrap().keep();
    std::fs::write(trust.join("dev-ca.pem"), ca.ca_pem()).unwrap();
    let t = spawn_with(backend, |c| c.trust_dir = trust).await;
    // Certificates are issued for the real now; the server's clock follows.
    t.clock.set(chrono::Utc::now());
    let today = t.app().today();

    // The national operator (added with `ekrov operator add`) signs in with КЕП.
    t.operator_token().await;
    let (s, login) = t
        .post(
            "/api/v1/auth/kep",
            None,
            &signed(&t, &ca, OPERATOR, ("Коваленко", "Олена")).await,
        )
        .await;
    assert_eq!(s, 200, "{login}");
    let op = login["token"].as_str().unwrap().to_owned();

    // 0. The application, received today: due within 20 working days on the martial-law calendar.
    let mut body = application("00012925");
    body["received_on"] = json!(today.to_string());
    let (s, app) = t.post("/api/v1/applications", Some(&op), &body).await;
    assert_eq!(s, 201, "{app}");
    let due = Calendar::default().add_working_days(today, 20);
    assert_eq!(app["due_on"], json!(due.to_string()), "{app}");
    assert_eq!(app["status"], "received");

    // 1. Registered; the administrator receives the first-login link by letter.
    let (s, reg) = t
        .post(
            &format!(
                "/api/v1/applications/{}/register",
                app["id"].as_str().unwrap()
            ),
            Some(&op),
            &json!({}),
        )
        .await;
    assert_eq!(s, 200, "{reg}");
    let fid = reg["facility"]["id"].as_str().unwrap().to_owned();
    let letter = wait_letter_to(&t, "admin@okl.example.ua").await;
    let first_login = find_link(&letter, "http://ekrov.test");
    let token = first_login.rsplit('/').next().unwrap();

    // 2. The administrator logs in through the link with their КЕП.
    let (s, r) = t
        .post(
            &format!("/api/v1/links/{token}/accept"),
            None,
            &signed(&t, &ca, ADMIN, ("Мельник", "Андрій")).await,
        )
        .await;
    assert_eq!(s, 200, "{r}");
    let admin = r["token"].as_str().unwrap().to_owned();
    let base = format!("/api/v1/facilities/{fid}");
    let (_, c) = t.get(&format!("{base}/onboarding"), Some(&admin)).await;
    assert_eq!(
        (c["done"].as_u64(), c["next"].as_str()),
        (Some(1), Some("role_set"))
    );

    // 4. A role set for the head of the blood bank («Ролі користувачів»).
    let (s, role) = t
        .post(
            &format!("{base}/roles"),
            Some(&admin),
            &json!({"name": "Завідувач ЛБК", "description": "Керівник лікарняного банку крові",
                "permissions": ["equipment.view", "workplaces.manage", "audit.view"]}),
        )
        .await;
    assert_eq!(s, 201, "{role}");
    // 5. The head added as an employee.
    let (s, head) = t
        .post(
            &format!("{base}/employees"),
            Some(&admin),
            &json!({"surname": "Бондар", "given_name": "Ольга", "patronymic": "Петрівна", "rnokpp": HEAD,
                "email": "o.bondar@okl.example.ua", "phone": "+380501112233"}),
        )
        .await;
    assert_eq!(s, 201, "{head}");
    // 6. The department «Лікарняний банк крові (ЛБК)» («Реєстр учасників»).
    let (s, lbk) = t
        .post(
            &format!("{base}/departments"),
            Some(&admin),
            &json!({"name": "Лікарняний банк крові", "short_name": "ЛБК", "type": "logistics_inventory_center"}),
        )
        .await;
    assert_eq!(s, 201, "{lbk}");
    let dep = lbk["id"].as_str().unwrap().to_owned();
    // 7. The head's position («Додати посаду»).
    let (s, pos) = t
        .post(
            &format!("{base}/departments/{dep}/positions"),
            Some(&admin),
            &json!({"title": "Завідувач лікарняного банку крові", "classifier_code": "1229.6", "staff_units": 1, "is_head": true}),
        )
        .await;
    assert_eq!(s, 201, "{pos}");
    // 8. The head assigned to it («Призначити працівника»).
    let (s, asg) = t
        .post(
            &format!("{base}/positions/{}/assignments", pos["id"].as_str().unwrap()),
            Some(&admin),
            &json!({"employee_id": head["id"], "role_ids": [role["id"]], "start_date": today.to_string(),
                "order_number": "125-к", "order_date": today.to_string(), "kind": "primary"}),
        )
        .await;
    assert_eq!(s, 201, "{asg}");
    // 9. The invitation, shown to the administrator and mailed to the head, used within 24 hours
    // with the head's own КЕП.
    let shown = asg["invitation"]["link"].as_str().unwrap().to_owned();
    let mailed = find_link(
        &wait_letter_to(&t, "o.bondar@okl.example.ua").await,
        "http://ekrov.test",
    );
    assert_eq!(shown, mailed);
    let (_, c) = t.get(&format!("{base}/onboarding"), Some(&admin)).await;
    assert_eq!(c["invitations"][0]["expired"], false, "{c}");
    let itoken = shown.rsplit('/').next().unwrap();
    let (s, r) = t
        .post(
            &format!("/api/v1/links/{itoken}/accept"),
            None,
            &signed(&t, &ca, HEAD, ("Бондар", "Ольга")).await,
        )
        .await;
    assert_eq!(s, 200, "{r}");
    let head_token = r["token"].as_str().unwrap().to_owned();

    // 10. The head's workplace; the premises were not inventoried: «відсутній».
    let (s, wp) = t
        .post(
            &format!("{base}/departments/{dep}/workplaces"),
            Some(&head_token),
            &json!({"name": "Робоче місце завідувача ЛБК", "room": "1-14", "inventory_number": "Відсутній",
                "employee_ids": [head["id"]]}),
        )
        .await;
    assert_eq!(s, 201, "{wp}");
    assert_eq!(wp["inventory_number"], "відсутній");

    // 11. The equipment, through the department («Ресурси» → «+ Створити обладнання»).
    for unit in [
        json!({"kind": "blood_refrigerator", "manufacturer": "Dometic", "model": "MB 570", "serial_number": "MB570-0193",
            "inventory_number": "101480012", "year_made": 2021, "in_service_on": "2022-03-15",
            "last_check_on": "2026-03-01", "next_check_on": "2027-03-01", "workplace_id": wp["id"]}),
        json!({"kind": "plasma_freezer", "manufacturer": "Haier", "model": "DW-40L262", "serial_number": "DW40-7781",
            "inventory_number": "відсутній", "temp_min_c": -40, "temp_max_c": -30}),
        json!({"kind": "platelet_agitator", "manufacturer": "Helmer", "model": "PF48i", "serial_number": "PF48-552",
            "inventory_number": "відсутній"}),
    ] {
        let (s, e) = t
            .post(
                &format!("{base}/departments/{dep}/equipment"),
                Some(&admin),
                &unit,
            )
            .await;
        assert_eq!(s, 201, "{e}");
    }

    // The checklist is complete, the agitator counted as present.
    let (_, c) = t.get(&format!("{base}/onboarding"), Some(&admin)).await;
    assert_eq!(
        (
            c["done"].as_u64(),
            c["total"].as_u64(),
            c["percent"].as_u64(),
            c["next"].clone()
        ),
        (Some(10), Some(10), Some(100), Value::Null),
        "{c}"
    );
    assert!(
        c["steps"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["done"] == true),
        "{c}"
    );
    assert_eq!(c["invitations"], json!([]));
    // The operator sees the facility at 100 %.
    let (_, v) = t.get("/api/v1/facilities", Some(&op)).await;
    assert_eq!(v["items"][0]["onboarding"]["percent"], 100, "{v}");
    assert_eq!(v["items"][0]["onboarding"]["missing"], json!([]));
    // «Мої ресурси» of the head: the three units, read-only.
    let (_, mine) = t.get("/api/v1/me/resources", Some(&head_token)).await;
    assert_eq!(mine["items"].as_array().unwrap().len(), 3, "{mine}");
    // And the audit log has every step, in order.
    let (_, audit) = t
        .get(&format!("{base}/audit?limit=100"), Some(&admin))
        .await;
    let actions: Vec<&str> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .map(|a| a["action"].as_str().unwrap())
        .collect();
    for a in [
        "facility.register",
        "role.create",
        "employee.create",
        "department.create",
        "position.create",
        "assignment.create",
        "assignment.activate",
        "workplace.create",
        "equipment.create",
    ] {
        assert!(actions.contains(&a), "{a} missing in {actions:?}");
    }
    t.stop().await;
}
