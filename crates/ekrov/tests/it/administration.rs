//! Facility administration through the API (seed steps 4–9), on both databases.

use crate::common;

use chrono::Duration;
use common::{OrgSetup, PERSON_RNOKPP, assignment, department, employee, position, spawn_app};
use ekrov_store::Backend;
use ekrov_store::testing::RawSql;
use serde_json::{Value, json};

both_backends!(
    seed_steps_4_to_9,
    invitation_is_valid_24_hours_and_a_new_one_voids_the_old,
    ending_an_assignment_takes_permissions_away_at_once,
    a_role_in_use_cannot_be_deleted,
    employees_unique_per_facility_and_alternative_ids,
    bad_input_is_422_naming_the_field_and_writes_nothing,
    departments_form_a_tree_without_cycles,
    signer_must_be_the_employee,
);

fn id(v: &Value) -> String {
    v["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no id in {v}"))
        .to_owned()
}

async fn seed_steps_4_to_9(backend: Backend) {
    let t = spawn_app(backend).await;
    let (fid, admin) = t.facility_with_admin(0).await;
    let base = format!("/api/v1/facilities/{fid}");

    // The catalogues.
    let (s, perms) = t.get("/api/v1/permissions", None).await;
    assert_eq!(s, 200);
    let codes: Vec<&str> = perms
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["code"].as_str().unwrap())
        .collect();
    for c in [
        "roles.manage",
        "employees.manage",
        "departments.manage",
        "positions.manage",
        "assignments.manage",
        "workplaces.manage",
        "equipment.manage",
        "equipment.view",
        "audit.view",
    ] {
        assert!(codes.contains(&c), "{c} in {codes:?}");
    }
    let (s, types) = t.get("/api/v1/department-types", None).await;
    assert_eq!(s, 200);
    assert!(
        types
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["code"] == "logistics_inventory_center"
                && t["title_uk"] == "Відділ логістики з центром управління запасами")
    );

    // Step 4: a role set for the head of the blood bank («Ролі користувачів»).
    let (s, role) = t
        .post(
            &format!("{base}/roles"),
            Some(&admin),
            &json!({"name": "Завідувач ЛБК", "description": "Завідувач лікарняного банку крові та дублери",
                "permissions": ["workplaces.manage", "equipment.manage", "equipment.view", "audit.view"]}),
        )
        .await;
    assert_eq!(s, 201, "{role}");
    assert_eq!(
        role["permissions"],
        json!([
            "audit.view",
            "equipment.manage",
            "equipment.view",
            "workplaces.manage"
        ])
    );
    let role_id = id(&role);
    let (s, got) = t
        .get(&format!("{base}/roles/{role_id}"), Some(&admin))
        .await;
    assert_eq!((s, got["name"].clone()), (200, json!("Завідувач ЛБК")));
    let (s, upd) = t
        .put(
            &format!("{base}/roles/{role_id}"),
            Some(&admin),
            &json!({"name": "Завідувач ЛБК", "description": "оновлено",
                "permissions": ["workplaces.manage", "equipment.manage", "equipment.view", "audit.view", "assignments.manage"]}),
        )
        .await;
    assert_eq!(s, 200, "{upd}");
    assert_eq!(upd["description"], "оновлено");
    let (_, list) = t.get(&format!("{base}/roles"), Some(&admin)).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);

    // Step 5: the head as an employee.
    let (s, emp) = t
        .post(
            &format!("{base}/employees"),
            Some(&admin),
            &employee(PERSON_RNOKPP[0]),
        )
        .await;
    assert_eq!(s, 201, "{emp}");
    assert_eq!(emp["phone"], "+380501112233");
    assert_eq!(emp["alternative_identifier"], false);
    assert_eq!(emp["registered"], false);
    let emp_id = id(&emp);
    let mut changed = employee(PERSON_RNOKPP[0]);
    changed["patronymic"] = json!("Іванівна");
    let (s, e2) = t
        .put(
            &format!("{base}/employees/{emp_id}"),
            Some(&admin),
            &changed,
        )
        .await;
    assert_eq!(
        (s, e2["patronymic"].clone()),
        (200, json!("Іванівна")),
        "{e2}"
    );

    // Step 6: the department «Лікарняний банк крові (ЛБК)» in «Реєстр учасників».
    let (s, dep) = t
        .post(
            &format!("{base}/departments"),
            Some(&admin),
            &department("Лікарняний банк крові"),
        )
        .await;
    assert_eq!(s, 201, "{dep}");
    assert_eq!(dep["type"], "logistics_inventory_center");
    assert_eq!(
        dep["type_title_uk"],
        "Відділ логістики з центром управління запасами"
    );
    let dep_id = id(&dep);

    // Step 7: a position in it («Додати посаду»).
    let (s, pos) = t
        .post(
            &format!("{base}/departments/{dep_id}/positions"),
            Some(&admin),
            &position(),
        )
        .await;
    assert_eq!(s, 201, "{pos}");
    assert_eq!(pos["staff_units"], 1.0);
    assert_eq!(pos["is_head"], true);
    let pos_id = id(&pos);
    let (s, ps) = t
        .get(
            &format!("{base}/departments/{dep_id}/positions"),
            Some(&admin),
        )
        .await;
    assert_eq!((s, ps["items"].as_array().unwrap().len()), (200, 1));

    // Steps 8–9: assign the employee («Призначити працівника»): an invitation link, 24 hours.
    let (s, asg) = t
        .post(
            &format!("{base}/positions/{pos_id}/assignments"),
            Some(&admin),
            &assignment(&emp_id, &[&role_id]),
        )
        .await;
    assert_eq!(s, 201, "{asg}");
    assert_eq!(asg["assignment"]["status"], "invited");
    assert_eq!(asg["invitation"]["expires_at"], "2026-12-02T10:00:00Z");
    let link = asg["invitation"]["link"].as_str().unwrap().to_owned();
    assert!(link.starts_with("http://ekrov.test/links/"), "{link}");
    let token = link.rsplit('/').next().unwrap().to_owned();

    // The link is also mailed to the employee.
    let letters = ekrov_store::mail::all(t.db(), 10).await.unwrap();
    let letter = letters
        .iter()
        .find(|l| l.letter.to == format!("{}@okl.example.ua", PERSON_RNOKPP[0]))
        .expect("invitation letter");
    assert!(
        letter.letter.body_text.contains(&link),
        "{}",
        letter.letter.body_text
    );
    assert!(
        letter
            .letter
            .body_text
            .contains("Завідувач лікарняного банку крові")
    );
    // The raw token is not stored.
    let raw = t
        .db()
        .fetch_optional(
            "SELECT id FROM links WHERE token_hash = $1",
            &ekrov_store::args![token.as_str()],
        )
        .await
        .unwrap();
    assert!(raw.is_none());

    let (s, l) = t.get(&format!("/api/v1/links/{token}"), None).await;
    assert_eq!(s, 200, "{l}");
    assert_eq!(
        (l["kind"].as_str(), l["state"].as_str()),
        (Some("invitation"), Some("valid"))
    );

    // Before accepting, the employee is nobody in the facility.
    let before = t.person_token(PERSON_RNOKPP[0]).await;
    let (s, _) = t.get(&format!("{base}/audit"), Some(&before)).await;
    assert_eq!(s, 404);

    // The employee accepts with their КЕП: the assignment becomes active and its roles take effect.
    let member = t.accept_invitation(&link, PERSON_RNOKPP[0]).await.unwrap();
    let (s, audit) = t.get(&format!("{base}/audit"), Some(&member)).await;
    assert_eq!(s, 200, "{audit}");
    let actions: Vec<&str> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["action"].as_str().unwrap())
        .collect();
    for a in [
        "role.create",
        "role.update",
        "employee.create",
        "employee.update",
        "department.create",
        "position.create",
        "assignment.create",
        "assignment.activate",
    ] {
        assert!(actions.contains(&a), "{a} in {actions:?}");
    }
    assert_eq!(actions[0], "assignment.activate", "newest first");
    // assignments.manage (granted by the role) lets them see the assignments; roles.manage they lack.
    let (s, asgs) = t
        .get(
            &format!("{base}/positions/{pos_id}/assignments"),
            Some(&member),
        )
        .await;
    assert_eq!(s, 200, "{asgs}");
    assert_eq!(asgs["items"][0]["status"], "active");
    let (s, e) = t
        .post(
            &format!("{base}/roles"),
            Some(&member),
            &json!({"name": "x"}),
        )
        .await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (403, Some("permission_denied"))
    );
    let (_, emp) = t
        .get(&format!("{base}/employees/{emp_id}"), Some(&admin))
        .await;
    assert_eq!(emp["registered"], true);

    // /me's memberships.
    let account = ekrov_store::access::accounts::by_rnokpp(
        &mut t.db().begin().await.unwrap(),
        PERSON_RNOKPP[0],
    )
    .await
    .unwrap()
    .unwrap();
    let m = t.app().memberships(account.id).await.unwrap();
    assert_eq!(m.len(), 1);
    assert!(!m[0].administrator);
    assert_eq!(m[0].positions[0].title, "Завідувач лікарняного банку крові");
    assert!(
        m[0].permissions.contains(&"audit.view") && !m[0].permissions.contains(&"roles.manage")
    );
    // The link was single use.
    let (_, l) = t.get(&format!("/api/v1/links/{token}"), None).await;
    assert_eq!(l["state"], "used");
    // The audit chain is intact.
    assert!(matches!(
        ekrov_store::audit::verify(t.db()).await.unwrap(),
        ekrov_store::audit::Verdict::Intact { .. }
    ));
}

async fn invitation_is_valid_24_hours_and_a_new_one_voids_the_old(backend: Backend) {
    let t = spawn_app(backend).await;
    let (fid, admin) = t.facility_with_admin(0).await;
    let base = format!("/api/v1/facilities/{fid}");
    let org = OrgSetup::make(&t, &fid, &admin, &["audit.view"]).await;
    let (_, e) = t
        .post(
            &format!("{base}/employees"),
            Some(&admin),
            &employee(PERSON_RNOKPP[1]),
        )
        .await;
    let (s, asg) = t
        .post(
            &format!("{base}/positions/{}/assignments", org.position_id),
            Some(&admin),
            &assignment(&id(&e), &[&org.role_id]),
        )
        .await;
    assert_eq!(s, 201, "{asg}");
    let link = asg["invitation"]["link"].as_str().unwrap().to_owned();
    let token = link.rsplit('/').next().unwrap().to_owned();
    let state = |tok: String| {
        let t = &t;
        async move {
            t.get(&format!("/api/v1/links/{tok}"), None).await.1["state"]
                .as_str()
                .unwrap()
                .to_owned()
        }
    };

    t.clock.advance(Duration::hours(23) + Duration::minutes(59));
    assert_eq!(state(token.clone()).await, "valid", "valid at 23 h 59 min");
    t.clock.advance(Duration::minutes(2));
    assert_eq!(
        state(token.clone()).await,
        "expired",
        "expired at 24 h 01 min"
    );
    // The link page says whom to ask.
    let res = t
        .client
        .get(format!("{}/links/{token}", t.url))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 410);
    let html = res.text().await.unwrap();
    assert!(html.contains("адміністратора закладу"), "{html}");

    // A new invitation: the old link is revoked, the new one valid for 24 hours from now.
    let admin = t.admin_session(0).await;
    let asg_id = asg["assignment"]["id"].as_str().unwrap();
    let (s, again) = t
        .post(
            &format!("{base}/assignments/{asg_id}/invitation"),
            Some(&admin),
            &json!({}),
        )
        .await;
    assert_eq!(s, 201, "{again}");
    assert_eq!(again["invitation"]["expires_at"], "2026-12-03T10:01:00Z");
    let new_link = again["invitation"]["link"].as_str().unwrap().to_owned();
    assert_ne!(new_link, link);
    assert_eq!(state(token.clone()).await, "revoked");
    let new_token = new_link.rsplit('/').next().unwrap().to_owned();
    assert_eq!(state(new_token.clone()).await, "valid");
    // A third voids the second.
    let (_, third) = t
        .post(
            &format!("{base}/assignments/{asg_id}/invitation"),
            Some(&admin),
            &json!({}),
        )
        .await;
    assert_eq!(state(new_token).await, "revoked");
    let member = t
        .accept_invitation(
            third["invitation"]["link"].as_str().unwrap(),
            PERSON_RNOKPP[1],
        )
        .await
        .unwrap();
    let (s, _) = t.get(&format!("{base}/audit"), Some(&member)).await;
    assert_eq!(s, 200);
    // Accepted: no more invitations for it.
    let (s, e) = t
        .post(
            &format!("{base}/assignments/{asg_id}/invitation"),
            Some(&admin),
            &json!({}),
        )
        .await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (409, Some("already_active"))
    );
}

async fn ending_an_assignment_takes_permissions_away_at_once(backend: Backend) {
    let t = spawn_app(backend).await;
    let (fid, admin) = t.facility_with_admin(0).await;
    let base = format!("/api/v1/facilities/{fid}");
    let (member, asg_id) = t
        .member(&fid, &admin, PERSON_RNOKPP[2], &["audit.view"])
        .await;
    let (s, _) = t.get(&format!("{base}/audit"), Some(&member)).await;
    assert_eq!(s, 200);
    let (s, ended) = t
        .post(
            &format!("{base}/assignments/{asg_id}/end"),
            Some(&admin),
            &json!({}),
        )
        .await;
    assert_eq!(s, 200, "{ended}");
    assert_eq!(ended["status"], "ended");
    // The same session token: the permission is gone, the person is still of the facility (403).
    let (s, e) = t.get(&format!("{base}/audit"), Some(&member)).await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (403, Some("permission_denied"))
    );
    let (s, _) = t
        .post(
            &format!("{base}/assignments/{asg_id}/end"),
            Some(&admin),
            &json!({}),
        )
        .await;
    assert_eq!(s, 409);

    // Ending an assignment not yet accepted revokes its invitation.
    let org = OrgSetup::make(&t, &fid, &admin, &["audit.view"]).await;
    let (_, e) = t
        .post(
            &format!("{base}/employees"),
            Some(&admin),
            &employee(PERSON_RNOKPP[3]),
        )
        .await;
    let (_, asg) = t
        .post(
            &format!("{base}/positions/{}/assignments", org.position_id),
            Some(&admin),
            &assignment(&id(&e), &[&org.role_id]),
        )
        .await;
    let token = asg["invitation"]["link"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_owned();
    let (s, _) = t
        .post(
            &format!(
                "{base}/assignments/{}/end",
                asg["assignment"]["id"].as_str().unwrap()
            ),
            Some(&admin),
            &json!({}),
        )
        .await;
    assert_eq!(s, 200);
    let (_, l) = t.get(&format!("/api/v1/links/{token}"), None).await;
    assert_eq!(l["state"], "revoked");
}

async fn a_role_in_use_cannot_be_deleted(backend: Backend) {
    let t = spawn_app(backend).await;
    let (fid, admin) = t.facility_with_admin(0).await;
    let base = format!("/api/v1/facilities/{fid}");
    let (_, asg_id) = t
        .member(&fid, &admin, PERSON_RNOKPP[4], &["equipment.view"])
        .await;
    let (_, roles) = t.get(&format!("{base}/roles"), Some(&admin)).await;
    let role_id = id(&roles["items"][0]);
    let (s, e) = t
        .delete(&format!("{base}/roles/{role_id}"), Some(&admin))
        .await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (409, Some("role_in_use")),
        "{e}"
    );
    let msg = e["error"]["message"].as_str().unwrap();
    assert!(
        msg.contains("Бондар Ольга") && msg.contains("Завідувач лікарняного банку крові"),
        "names where: {msg}"
    );
    assert_eq!(t.count("roles").await, 1);
    let (s, _) = t
        .post(
            &format!("{base}/assignments/{asg_id}/end"),
            Some(&admin),
            &json!({}),
        )
        .await;
    assert_eq!(s, 200);
    let (s, _) = t
        .delete(&format!("{base}/roles/{role_id}"), Some(&admin))
        .await;
    assert_eq!(s, 204);
    assert_eq!(t.count("roles").await, 0);
    let (s, _) = t
        .get(&format!("{base}/roles/{role_id}"), Some(&admin))
        .await;
    assert_eq!(s, 404);
    let (s, _) = t
        .delete(&format!("{base}/roles/{role_id}"), Some(&admin))
        .await;
    assert_eq!(s, 404);
    // Duplicate names are refused.
    let body = json!({"name": "Дублер", "permissions": []});
    let (s, _) = t.post(&format!("{base}/roles"), Some(&admin), &body).await;
    assert_eq!(s, 201);
    let (s, e) = t.post(&format!("{base}/roles"), Some(&admin), &body).await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (409, Some("duplicate_name"))
    );
}

async fn employees_unique_per_facility_and_alternative_ids(backend: Backend) {
    let t = spawn_app(backend).await;
    let (f1, a1) = t.facility_with_admin(0).await;
    let (f2, a2) = t.facility_with_admin(1).await;
    let (s, _) = t
        .post(
            &format!("/api/v1/facilities/{f1}/employees"),
            Some(&a1),
            &employee(PERSON_RNOKPP[5]),
        )
        .await;
    assert_eq!(s, 201);
    let (s, e) = t
        .post(
            &format!("/api/v1/facilities/{f1}/employees"),
            Some(&a1),
            &employee(PERSON_RNOKPP[5]),
        )
        .await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (409, Some("duplicate_rnokpp")),
        "{e}"
    );
    assert_eq!(t.count("employees").await, 1);
    // The same person at a second facility (сумісництво).
    let (s, _) = t
        .post(
            &format!("/api/v1/facilities/{f2}/employees"),
            Some(&a2),
            &employee(PERSON_RNOKPP[5]),
        )
        .await;
    assert_eq!(s, 201);
    // The lists are per facility.
    let (_, l1) = t
        .get(&format!("/api/v1/facilities/{f1}/employees"), Some(&a1))
        .await;
    assert_eq!(l1["items"].as_array().unwrap().len(), 1);
    // A person who refused an РНОКПП: passport (Latin look-alikes read as Cyrillic) or ID card.
    let (s, p) = t
        .post(
            &format!("/api/v1/facilities/{f1}/employees"),
            Some(&a1),
            &employee("kb 123456"),
        )
        .await;
    assert_eq!(s, 201, "{p}");
    assert_eq!(
        (
            p["rnokpp"].as_str(),
            p["identifier_kind"].as_str(),
            p["alternative_identifier"].as_bool()
        ),
        (Some("КВ123456"), Some("passport"), Some(true))
    );
    let (s, c) = t
        .post(
            &format!("/api/v1/facilities/{f1}/employees"),
            Some(&a1),
            &employee("123456789"),
        )
        .await;
    assert_eq!(
        (s, c["identifier_kind"].as_str()),
        (201, Some("id_card")),
        "{c}"
    );
    // Changing one's code to another employee's is the same conflict.
    let (s, e) = t
        .put(
            &format!("/api/v1/facilities/{f1}/employees/{}", id(&c)),
            Some(&a1),
            &employee("КВ123456"),
        )
        .await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (409, Some("duplicate_rnokpp"))
    );
    // Pagination.
    let (s, page) = t
        .get(
            &format!("/api/v1/facilities/{f1}/employees?limit=2"),
            Some(&a1),
        )
        .await;
    assert_eq!(s, 200);
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    let cursor = page["next_cursor"].as_str().unwrap();
    let (_, rest) = t
        .get(
            &format!("/api/v1/facilities/{f1}/employees?limit=2&cursor={cursor}"),
            Some(&a1),
        )
        .await;
    assert_eq!(rest["items"].as_array().unwrap().len(), 1);
    assert_eq!(rest["next_cursor"], Value::Null);
}

/// For each form, invalid values: 422 naming the field, and not a row written anywhere.
async fn bad_input_is_422_naming_the_field_and_writes_nothing(backend: Backend) {
    let t = spawn_app(backend).await;
    let (fid, admin) = t.facility_with_admin(0).await;
    let base = format!("/api/v1/facilities/{fid}");
    let org = OrgSetup::make(&t, &fid, &admin, &[]).await;
    let (_, e) = t
        .post(
            &format!("{base}/employees"),
            Some(&admin),
            &employee(PERSON_RNOKPP[6]),
        )
        .await;
    let emp = id(&e);
    let tables = [
        "roles",
        "role_permissions",
        "employees",
        "departments",
        "positions",
        "assignments",
        "assignment_roles",
        "links",
        "outbox",
        "audit_log",
    ];
    let mut counts = Vec::new();
    for tb in tables {
        counts.push(t.count(tb).await);
    }
    let with = |mut v: Value, k: &str, x: Value| {
        v[k] = x;
        v
    };
    let roles = format!("{base}/roles");
    let emps = format!("{base}/employees");
    let deps = format!("{base}/departments");
    let poss = format!("{base}/departments/{}/positions", org.department_id);
    let asgs = format!("{base}/positions/{}/assignments", org.position_id);
    let good_asg = assignment(&emp, &[&org.role_id]);
    let cases: Vec<(String, Value, &str)> = vec![
        (roles.clone(), json!({"name": " "}), "name"),
        (roles.clone(), json!({"description": "x"}), "name"),
        (
            roles.clone(),
            json!({"name": "R", "permissions": ["audit.view", "everything"]}),
            "permissions[1]",
        ),
        (
            roles.clone(),
            json!({"name": "R", "permissions": "audit.view"}),
            "permissions",
        ),
        (
            emps.clone(),
            with(employee("3304432448"), "rnokpp", json!("3304432448")),
            "rnokpp",
        ),
        (
            emps.clone(),
            with(employee(PERSON_RNOKPP[7]), "email", json!("not-an-email")),
            "email",
        ),
        (
            emps.clone(),
            with(employee(PERSON_RNOKPP[7]), "phone", json!("12345")),
            "phone",
        ),
        (
            emps.clone(),
            with(employee(PERSON_RNOKPP[7]), "surname", json!("")),
            "surname",
        ),
        (
            emps.clone(),
            json!({"surname": "А", "given_name": "Б", "email": "a@b.ua"}),
            "rnokpp",
        ),
        (
            deps.clone(),
            with(department("ЛБК"), "type", json!("blood_bank")),
            "type",
        ),
        (
            deps.clone(),
            with(department("ЛБК"), "type", json!("")),
            "type",
        ),
        (
            deps.clone(),
            with(department("ЛБК"), "parent_id", json!("nope")),
            "parent_id",
        ),
        (
            deps.clone(),
            with(
                department("ЛБК"),
                "parent_id",
                json!(uuid::Uuid::new_v4().to_string()),
            ),
            "parent_id",
        ),
        (
            deps.clone(),
            with(department(""), "name", json!("")),
            "name",
        ),
        (
            poss.clone(),
            with(position(), "classifier_code", json!("12")),
            "classifier_code",
        ),
        (
            poss.clone(),
            with(position(), "staff_units", json!(0)),
            "staff_units",
        ),
        (
            poss.clone(),
            with(position(), "staff_units", json!(0.333)),
            "staff_units",
        ),
        (
            poss.clone(),
            with(position(), "staff_units", json!("one")),
            "staff_units",
        ),
        (poss.clone(), with(position(), "title", json!("")), "title"),
        (
            asgs.clone(),
            with(good_asg.clone(), "start_date", json!("01.12.2026")),
            "start_date",
        ),
        (
            asgs.clone(),
            with(good_asg.clone(), "order_date", json!("")),
            "order_date",
        ),
        (
            asgs.clone(),
            with(good_asg.clone(), "order_number", json!(" ")),
            "order_number",
        ),
        (
            asgs.clone(),
            with(good_asg.clone(), "kind", json!("main")),
            "kind",
        ),
        (
            asgs.clone(),
            with(
                good_asg.clone(),
                "employee_id",
                json!(uuid::Uuid::new_v4().to_string()),
            ),
            "employee_id",
        ),
        (
            asgs.clone(),
            with(
                good_asg.clone(),
                "role_ids",
                json!([uuid::Uuid::new_v4().to_string()]),
            ),
            "role_ids[0]",
        ),
        (
            asgs.clone(),
            with(good_asg.clone(), "role_ids", json!(["x"])),
            "role_ids[0]",
        ),
    ];
    for (path, body, field) in cases {
        let (s, e) = t.post(&path, Some(&admin), &body).await;
        assert_eq!(s, 422, "{path} {body}: {e}");
        assert_eq!(e["error"]["field"], field, "{path} {body}: {e}");
    }
    // Control and bidirectional-override characters are refused naming the field (issue 17,
    // item 9); a body with several errors lists them all beside the first.
    for (path, body, field) in [
        (
            emps.clone(),
            with(
                employee(PERSON_RNOKPP[7]),
                "surname",
                json!("Бон\u{202E}дар"),
            ),
            "surname",
        ),
        (
            deps.clone(),
            with(department("ЛБК"), "name", json!("ЛБК\u{0}")),
            "name",
        ),
        (roles.clone(), json!({"name": "Роль\u{1b}[2J"}), "name"),
        (
            poss.clone(),
            with(position(), "title", json!("Завідувач\r\nX")),
            "title",
        ),
    ] {
        let (s, e) = t.post(&path, Some(&admin), &body).await;
        assert_eq!(
            (s, e["error"]["field"].as_str(), e["error"]["code"].as_str()),
            (422, Some(field), Some("forbidden_character")),
            "{path} {body}: {e}"
        );
        assert!(
            e["error"]["message"].as_str().unwrap().contains("U+"),
            "{e}"
        );
    }
    let (s, e) = t
        .post(
            &emps,
            Some(&admin),
            &json!({"surname": "", "given_name": " ", "rnokpp": "1", "email": "x"}),
        )
        .await;
    assert_eq!((s, e["error"]["field"].as_str()), (422, Some("surname")));
    let fields: Vec<&str> = e["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("no errors in {e}"))
        .iter()
        .map(|x| x["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["surname", "given_name", "rnokpp", "email"]);
    // Updates too.
    let (s, e) = t
        .put(
            &format!("{base}/employees/{emp}"),
            Some(&admin),
            &with(employee(PERSON_RNOKPP[6]), "email", json!("x")),
        )
        .await;
    assert_eq!((s, e["error"]["field"].as_str()), (422, Some("email")));
    let (s, e) = t
        .put(
            &format!("{base}/positions/{}", org.position_id),
            Some(&admin),
            &with(position(), "is_head", json!("yes")),
        )
        .await;
    assert_eq!((s, e["error"]["field"].as_str()), (422, Some("is_head")));
    // Malformed JSON is 400.
    let (s, _) = t
        .post_raw(&format!("{base}/roles"), Some(&admin), b"{".to_vec())
        .await;
    assert_eq!(s, 400);
    for (tb, n) in tables.iter().zip(counts) {
        assert_eq!(t.count(tb).await, n, "nothing written to {tb}");
    }
}

async fn departments_form_a_tree_without_cycles(backend: Backend) {
    let t = spawn_app(backend).await;
    let (fid, admin) = t.facility_with_admin(0).await;
    let (f2, admin2) = t.facility_with_admin(1).await;
    let base = format!("/api/v1/facilities/{fid}");
    let (_, top) = t
        .post(
            &format!("{base}/departments"),
            Some(&admin),
            &json!({"name": "Хірургія", "type": "surgical"}),
        )
        .await;
    let mut child = department("Лікарняний банк крові");
    child["parent_id"] = json!(id(&top));
    let (s, lbk) = t
        .post(&format!("{base}/departments"), Some(&admin), &child)
        .await;
    assert_eq!(s, 201, "{lbk}");
    assert_eq!(lbk["parent_id"], top["id"]);
    // Moving the top under its own child would make a cycle.
    let (s, e) = t
        .put(
            &format!("{base}/departments/{}", id(&top)),
            Some(&admin),
            &json!({"name": "Хірургія", "type": "surgical", "parent_id": id(&lbk)}),
        )
        .await;
    assert_eq!(
        (s, e["error"]["field"].as_str(), e["error"]["code"].as_str()),
        (422, Some("parent_id"), Some("cycle"))
    );
    let (s, e) = t
        .put(
            &format!("{base}/departments/{}", id(&top)),
            Some(&admin),
            &json!({"name": "Хірургія", "type": "surgical", "parent_id": id(&top)}),
        )
        .await;
    assert_eq!((s, e["error"]["code"].as_str()), (422, Some("cycle")));
    // Another facility's department is no parent here.
    let (_, other) = t
        .post(
            &format!("/api/v1/facilities/{f2}/departments"),
            Some(&admin2),
            &department("ЛБК"),
        )
        .await;
    let mut bad = department("X");
    bad["parent_id"] = json!(id(&other));
    let (s, e) = t
        .post(&format!("{base}/departments"), Some(&admin), &bad)
        .await;
    assert_eq!((s, e["error"]["field"].as_str()), (422, Some("parent_id")));
    // Nor can its ids be used in paths.
    let (s, _) = t
        .get(&format!("{base}/departments/{}", id(&other)), Some(&admin))
        .await;
    assert_eq!(s, 404);
    let (s, _) = t
        .post(
            &format!("{base}/departments/{}/positions", id(&other)),
            Some(&admin),
            &position(),
        )
        .await;
    assert_eq!(s, 404);
    let (s, list) = t.get(&format!("{base}/departments"), Some(&admin)).await;
    assert_eq!((s, list["items"].as_array().unwrap().len()), (200, 2));
}

async fn signer_must_be_the_employee(backend: Backend) {
    let t = spawn_app(backend).await;
    let (fid, admin) = t.facility_with_admin(0).await;
    let base = format!("/api/v1/facilities/{fid}");
    let org = OrgSetup::make(&t, &fid, &admin, &["audit.view"]).await;
    let (_, e) = t
        .post(
            &format!("{base}/employees"),
            Some(&admin),
            &employee(PERSON_RNOKPP[7]),
        )
        .await;
    let (_, asg) = t
        .post(
            &format!("{base}/positions/{}/assignments", org.position_id),
            Some(&admin),
            &assignment(&id(&e), &[&org.role_id]),
        )
        .await;
    let err = t
        .accept_invitation(
            asg["invitation"]["link"].as_str().unwrap(),
            PERSON_RNOKPP[0],
        )
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            ekrov_app::AppError::Forbidden {
                code: "signer_mismatch",
                ..
            }
        ),
        "{err:?}"
    );
    let (_, a) = t
        .get(
            &format!("{base}/positions/{}/assignments", org.position_id),
            Some(&admin),
        )
        .await;
    assert_eq!(a["items"][0]["status"], "invited");
}

both_backends!(
    pages_steps_4_to_9_with_the_seed_labels,
    roles_are_paged_in_the_api_and_on_the_page
);

/// A page request with the session cookie; form posts are url-encoded pairs.
async fn page(
    t: &common::TestApp,
    token: &str,
    path: &str,
    form: Option<&[(&str, &str)]>,
) -> (u16, String, String) {
    let url = format!("{}{path}", t.url);
    let r = match form {
        None => t.client.get(url),
        Some(f) => t.client.post(url).form(f),
    };
    let res = r
        .header("cookie", format!("ekrov_session={token}"))
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let location = res
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, location, res.text().await.unwrap())
}

fn csrf_of(html: &str) -> String {
    let i = html
        .find("name=\"csrf\" value=\"")
        .expect("a form with the CSRF field")
        + 19;
    html[i..].split('"').next().unwrap().to_owned()
}

async fn pages_steps_4_to_9_with_the_seed_labels(backend: Backend) {
    let t = spawn_app(backend).await;
    let (fid, admin) = t.facility_with_admin(0).await;
    // The administrator starts at the onboarding checklist; step 4 is «Ролі користувачів».
    let (s, loc, _) = page(&t, &admin, "/facility", None).await;
    assert_eq!(
        (s, loc.as_str()),
        (303, format!("/facility/{fid}/onboarding").as_str())
    );
    let (s, _, html) = page(&t, &admin, &loc, None).await;
    assert_eq!(s, 200, "{html}");
    assert!(html.contains(&format!("/facility/{fid}/roles")), "{html}");
    let (s, _, html) = page(&t, &admin, &format!("/facility/{fid}/roles"), None).await;
    assert_eq!(s, 200, "{html}");
    for label in [
        "Ролі користувачів",
        "Реєстр учасників",
        "Організаційна структура",
        "Зберегти",
    ] {
        assert!(html.contains(label), "{label}");
    }
    let csrf = csrf_of(&html);
    let roles = format!("/facility/{fid}/roles");

    // Step 4, with a mistake first: the error beside the field, the typed text kept, nothing written.
    let (s, _, html) = page(
        &t,
        &admin,
        &roles,
        Some(&[
            ("csrf", &csrf),
            ("name", ""),
            ("description", "для завідувача"),
            ("permissions", "equipment.view"),
        ]),
    )
    .await;
    assert_eq!(s, 422);
    assert!(html.contains("id=\"name-error\""), "{html}");
    assert!(html.contains("value=\"для завідувача\""));
    assert!(html.contains("value=\"equipment.view\" checked"));
    assert_eq!(t.count("roles").await, 0);
    let (s, loc, _) = page(
        &t,
        &admin,
        &roles,
        Some(&[
            ("csrf", &csrf),
            ("name", "Завідувач ЛБК"),
            ("description", ""),
            ("permissions", "equipment.view"),
            ("permissions", "audit.view"),
        ]),
    )
    .await;
    assert_eq!(s, 303);
    let (_, _, html) = page(&t, &admin, &loc, None).await;
    assert!(
        html.contains("Завідувач ЛБК") && html.contains("Перегляд журналу аудиту"),
        "{html}"
    );
    // Without the CSRF field nothing happens.
    let (s, _, _) = page(&t, &admin, &roles, Some(&[("name", "X")])).await;
    assert_eq!(s, 403);

    // Step 5.
    let emps = format!("/facility/{fid}/employees");
    let person = [
        ("csrf", csrf.as_str()),
        ("surname", "Бондар"),
        ("given_name", "Ольга"),
        ("patronymic", ""),
        ("rnokpp", "3304432448"),
        ("email", "olha@okl.example.ua"),
        ("phone", ""),
    ];
    let (s, _, html) = page(&t, &admin, &emps, Some(&person)).await;
    assert_eq!(s, 422);
    assert!(
        html.contains("id=\"rnokpp-error\"") && html.contains("value=\"Бондар\""),
        "{html}"
    );
    let mut person = person;
    person[4].1 = PERSON_RNOKPP[0];
    let (s, _, _) = page(&t, &admin, &emps, Some(&person)).await;
    assert_eq!(s, 303);
    let (s, _, html) = page(&t, &admin, &emps, Some(&person)).await;
    assert_eq!(s, 422, "a duplicate is shown beside the РНОКПП");
    assert!(html.contains("id=\"rnokpp-error\""));

    // Step 6: «Реєстр учасників».
    let reg = format!("/facility/{fid}/registry");
    let (s, _, html) = page(&t, &admin, &reg, None).await;
    assert_eq!(s, 200);
    assert!(html.contains("Відділ логістики з центром управління запасами"));
    let (s, _, html) = page(
        &t,
        &admin,
        &reg,
        Some(&[
            ("csrf", &csrf),
            ("name", "Лікарняний банк крові"),
            ("short_name", "ЛБК"),
            ("type", ""),
            ("parent_id", ""),
        ]),
    )
    .await;
    assert_eq!(s, 422);
    assert!(html.contains("id=\"type-error\"") && html.contains("value=\"Лікарняний банк крові\""));
    assert_eq!(t.count("departments").await, 0);
    let (s, loc, _) = page(
        &t,
        &admin,
        &reg,
        Some(&[
            ("csrf", &csrf),
            ("name", "Лікарняний банк крові"),
            ("short_name", "ЛБК"),
            ("type", "logistics_inventory_center"),
            ("parent_id", ""),
        ]),
    )
    .await;
    assert_eq!(s, 303);
    // Selecting the department opens its positions below, with «Додати посаду».
    let (_, _, html) = page(&t, &admin, &loc, None).await;
    assert!(
        html.contains("id=\"positions\"") && html.contains("Додати посаду"),
        "{html}"
    );
    let dept = loc
        .split("dept=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap()
        .to_owned();

    // Step 7.
    let (_, _, html) = page(
        &t,
        &admin,
        &format!("{reg}?dept={dept}&form=position"),
        None,
    )
    .await;
    assert!(html.contains("id=\"position-form\""));
    let pos_url = format!("/facility/{fid}/departments/{dept}/positions");
    let (s, _, html) = page(
        &t,
        &admin,
        &pos_url,
        Some(&[
            ("csrf", &csrf),
            ("title", "Завідувач ЛБК"),
            ("classifier_code", "12"),
            ("staff_units", "1"),
        ]),
    )
    .await;
    assert_eq!(s, 422);
    assert!(
        html.contains("id=\"classifier_code-error\"") && html.contains("value=\"Завідувач ЛБК\""),
        "{html}"
    );
    assert_eq!(t.count("positions").await, 0);
    let (s, loc, _) = page(
        &t,
        &admin,
        &pos_url,
        Some(&[
            ("csrf", &csrf),
            ("title", "Завідувач ЛБК"),
            ("classifier_code", "1229.6"),
            ("staff_units", "0,5"),
            ("is_head", "true"),
        ]),
    )
    .await;
    assert_eq!(s, 303);

    // Step 8: choose the position, «Призначити працівника», choose the employee, «Зберегти».
    let (_, _, html) = page(&t, &admin, &loc, None).await;
    assert!(
        html.contains("Призначити працівника") && html.contains("0,5"),
        "{html}"
    );
    let position_id = loc
        .split("position=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap()
        .to_owned();
    let (_, _, html) = page(
        &t,
        &admin,
        &format!("{reg}?dept={dept}&position={position_id}&form=assign"),
        None,
    )
    .await;
    assert!(
        html.contains("id=\"assign-form\"") && html.contains("Бондар Ольга"),
        "{html}"
    );
    let (_, emps_json) = t
        .get(&format!("/api/v1/facilities/{fid}/employees"), Some(&admin))
        .await;
    let emp_id = emps_json["items"][0]["id"].as_str().unwrap().to_owned();
    let (_, roles_json) = t
        .get(&format!("/api/v1/facilities/{fid}/roles"), Some(&admin))
        .await;
    let role_id = roles_json["items"][0]["id"].as_str().unwrap().to_owned();
    let asg_url = format!("/facility/{fid}/positions/{position_id}/assignments");
    let mut form = vec![
        ("csrf", csrf.as_str()),
        ("dept", dept.as_str()),
        ("employee_id", emp_id.as_str()),
        ("role_ids", role_id.as_str()),
        ("start_date", ""),
        ("order_number", "125-к"),
        ("order_date", "2026-11-30"),
        ("kind", "primary"),
    ];
    let (s, _, html) = page(&t, &admin, &asg_url, Some(&form)).await;
    assert_eq!(s, 422);
    assert!(
        html.contains("id=\"start_date-error\"") && html.contains("value=\"125-к\""),
        "{html}"
    );
    assert_eq!(t.count("assignments").await, 0);
    form[4].1 = "2026-12-01";
    let (s, _, html) = page(&t, &admin, &asg_url, Some(&form)).await;
    // Step 9: the invitation link, shown with a copy button.
    assert_eq!(s, 200, "{html}");
    assert!(
        html.contains("id=\"invitation-link\" value=\"http://ekrov.test/links/")
            && html.contains("data-copy=\"invitation-link\""),
        "{html}"
    );
    assert!(html.contains("протягом доби"));
    assert_eq!(t.count("assignments").await, 1);

    // «Організаційна структура» shows the same tree, read-only, and who holds the position.
    let (s, _, html) = page(
        &t,
        &admin,
        &format!("/facility/{fid}/structure?dept={dept}"),
        None,
    )
    .await;
    assert_eq!(s, 200);
    assert!(
        html.contains("Лікарняний банк крові")
            && html.contains("Бондар Ольга")
            && html.contains("запрошено"),
        "{html}"
    );
    assert!(!html.contains("Додати посаду"));
    // The audit page.
    let (s, _, html) = page(&t, &admin, &format!("/facility/{fid}/audit"), None).await;
    assert_eq!(s, 200);
    assert!(html.contains("assignment.create"));
    // Someone of another facility sees nothing of this one.
    let (_, other) = t.facility_with_admin(1).await;
    let (s, _, _) = page(&t, &other, &reg, None).await;
    assert_eq!(s, 404);
}

/// `GET /roles` pages like every list (`?limit`, `?cursor`), and so does «Ролі користувачів».
async fn roles_are_paged_in_the_api_and_on_the_page(backend: Backend) {
    let t = spawn_app(backend).await;
    let (fid, admin) = t.facility_with_admin(0).await;
    let base = format!("/api/v1/facilities/{fid}");
    let mut made = Vec::new();
    for i in 0..201 {
        let (s, r) = t
            .post(
                &format!("{base}/roles"),
                Some(&admin),
                &json!({"name": format!("Набір {i:03}"), "permissions": ["audit.view"]}),
            )
            .await;
        assert_eq!(s, 201, "{r}");
        made.push(id(&r));
    }
    // Every role once, in the order made, 50 to a page by default.
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let q = cursor
            .as_ref()
            .map(|c| format!("?cursor={c}"))
            .unwrap_or_default();
        let (s, got) = t.get(&format!("{base}/roles{q}"), Some(&admin)).await;
        assert_eq!(s, 200, "{got}");
        let items = got["items"].as_array().unwrap();
        assert!(items.len() <= 50);
        assert!(
            items
                .iter()
                .all(|r| r["permissions"] == json!(["audit.view"]))
        );
        seen.extend(items.iter().map(id));
        pages += 1;
        match got["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    // (The test clock stands still, so all share one created_at and the id decides the order.)
    assert_eq!(pages, 5);
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.dedup();
    made.sort();
    assert_eq!(sorted, made, "every role exactly once");
    assert_eq!(seen.len(), 201);
    let (_, two) = t.get(&format!("{base}/roles?limit=2"), Some(&admin)).await;
    assert_eq!(two["items"].as_array().unwrap().len(), 2);
    // A bad limit or cursor is a 422 naming the parameter.
    for (q, field) in [
        ("limit=0", "limit"),
        ("limit=501", "limit"),
        ("cursor=zz", "cursor"),
    ] {
        let (s, e) = t.get(&format!("{base}/roles?{q}"), Some(&admin)).await;
        assert_eq!(
            (s, e["error"]["field"].as_str()),
            (422, Some(field)),
            "{q}: {e}"
        );
    }
    // Another facility's administrator learns nothing of these.
    let (other_fid, other) = t.facility_with_admin(1).await;
    let (s, _) = t.get(&format!("{base}/roles"), Some(&other)).await;
    assert_eq!(s, 404);
    let (s, theirs) = t
        .get(
            &format!("/api/v1/facilities/{other_fid}/roles"),
            Some(&other),
        )
        .await;
    assert_eq!(
        (s, theirs["items"].as_array().map(Vec::len)),
        (200, Some(0))
    );

    // The page shows 200 and links to the rest.
    let names = |html: &str| -> Vec<String> {
        html.split("<td>Набір ")
            .skip(1)
            .map(|r| r[..3].to_owned())
            .collect()
    };
    let (s, _, html) = page(&t, &admin, &format!("/facility/{fid}/roles"), None).await;
    assert_eq!(s, 200);
    let mut shown = names(&html);
    assert_eq!(shown.len(), 200);
    let next = html
        .split(&format!("/facility/{fid}/roles?cursor="))
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("a link to the next page")
        .to_owned();
    let (s, _, html) = page(
        &t,
        &admin,
        &format!("/facility/{fid}/roles?cursor={next}"),
        None,
    )
    .await;
    assert_eq!(s, 200);
    shown.extend(names(&html));
    assert!(
        !html.contains("roles?cursor="),
        "the last page links nowhere"
    );
    shown.sort();
    shown.dedup();
    assert_eq!(shown.len(), 201, "each role set on one of the two pages");
}
