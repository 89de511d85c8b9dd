//! The national operator's workflow through the API, on both databases.

use crate::common;

use common::{EDRPOU, application, spawn_app};
use ekrov_store::Backend;
use ekrov_store::testing::RawSql;
use serde_json::{Value, json};

both_backends!(
    workflow_record_register_reject,
    deciding_twice_and_duplicate_edrpou_are_409,
    bad_input_is_4xx_naming_the_field_and_changes_nothing,
    only_operators_may_act,
    restart_keeps_everything_and_migrations_are_idempotent,
    deadline_follows_the_calendar_setting,
    lists_filter_and_paginate,
);

/// The first-login link from the one letter written to the mail folder.
fn link_from_mail(dir: &std::path::Path) -> String {
    let files: Vec<_> = std::fs::read_dir(dir.join("mail"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "exactly one letter: {files:?}");
    let (subject, text) = common::letter_text(&std::fs::read(&files[0]).unwrap());
    assert!(subject.contains("зареєстровано"), "{subject}");
    assert!(text.contains("Шановний(а) Андрій Васильович"), "{text}");
    assert!(text.contains("КЕП"), "{text}");
    common::find_link(&text, "http://ekrov.test")
}

async fn workflow_record_register_reject(backend: Backend) {
    let t = spawn_app(backend).await;
    let op = t.operator_token().await;

    let (s, a) = t
        .post("/api/v1/applications", Some(&op), &application(EDRPOU[0]))
        .await;
    assert_eq!(s, 201, "{a}");
    assert_eq!(a["status"], "received");
    assert_eq!(a["edrpou"], EDRPOU[0]);
    assert_eq!(
        a["admin"]["phone"], "+380671234567",
        "phone answered in E.164"
    );
    // Received Fri 2026-11-20 under martial law: 20 working days from Mon 23 Nov → Fri 18 Dec.
    assert_eq!(a["due_on"], "2026-12-18");
    assert_eq!(a["overdue"], false);
    // Today is Tue 1 Dec: Wed 2 … Fri 18 Dec is 13 working days.
    assert_eq!(a["working_days_left"], 13);
    let id = a["id"].as_str().unwrap().to_owned();

    let (s, got) = t
        .get(&format!("/api/v1/applications/{id}"), Some(&op))
        .await;
    assert_eq!(s, 200);
    assert_eq!(got["short_name"], "КНП «ОКЛ»");

    let (s, reg) = t
        .post(
            &format!("/api/v1/applications/{id}/register"),
            Some(&op),
            &json!({}),
        )
        .await;
    assert_eq!(s, 200, "{reg}");
    let facility_id = reg["facility"]["id"].as_str().unwrap().to_owned();
    assert_eq!(reg["facility"]["edrpou"], EDRPOU[0]);
    // 72 hours from the test clock's now.
    assert_eq!(reg["first_login"]["expires_at"], "2026-12-04T10:00:00Z");
    assert!(
        reg.to_string().find("/links/").is_none(),
        "the link goes only by letter"
    );

    let (_, got) = t
        .get(&format!("/api/v1/applications/{id}"), Some(&op))
        .await;
    assert_eq!(got["status"], "registered");
    assert_eq!(got["facility_id"], facility_id.as_str());
    assert_eq!(got["working_days_left"], Value::Null);

    let (s, list) = t.get("/api/v1/facilities", Some(&op)).await;
    assert_eq!(s, 200);
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    assert_eq!(list["items"][0]["onboarding"]["first_login"], false);
    assert_eq!(
        list["items"][0]["onboarding"]["first_login_link"]["state"],
        "valid"
    );

    // The letter is delivered to the mail folder and its link opens.
    t.wait_for_mail(1).await;
    let link = link_from_mail(&t.data_dir());
    let token = link.rsplit('/').next().unwrap();
    let (s, l) = t.get(&format!("/api/v1/links/{token}"), None).await;
    assert_eq!(s, 200, "{l}");
    assert_eq!(l["kind"], "first_login");
    assert_eq!(l["state"], "valid");
    assert_eq!(l["facility"]["id"], facility_id.as_str());
    // The token is stored only as a hash.
    let raw = t
        .db()
        .fetch_optional(
            "SELECT id FROM links WHERE token_hash = $1",
            &ekrov_store::args![token],
        )
        .await
        .unwrap();
    assert!(raw.is_none(), "the raw token must not be stored");
    let (s, _) = t.get("/api/v1/links/not-a-real-token", None).await;
    assert_eq!(s, 404);

    // A new first-login letter voids the old link.
    let (s, _) = t
        .post(
            &format!("/api/v1/facilities/{facility_id}/first-login"),
            Some(&op),
            &json!({}),
        )
        .await;
    assert_eq!(s, 200);
    let (_, l) = t.get(&format!("/api/v1/links/{token}"), None).await;
    assert_eq!(l["state"], "revoked");

    // Links expire: 72 hours on, the newest one is expired too.
    t.clock.advance(chrono::Duration::hours(73));
    assert_eq!(
        t.get("/api/v1/facilities", Some(&op)).await.0,
        401,
        "a 12-hour session has ended by now"
    );
    let op = t.operator_token().await;
    let (_, list) = t.get("/api/v1/facilities", Some(&op)).await;
    assert_eq!(
        list["items"][0]["onboarding"]["first_login_link"]["state"],
        "expired"
    );

    // Reject another application, with a reason.
    let (_, b) = t
        .post("/api/v1/applications", Some(&op), &application(EDRPOU[1]))
        .await;
    let bid = b["id"].as_str().unwrap();
    let (s, e) = t
        .post(
            &format!("/api/v1/applications/{bid}/reject"),
            Some(&op),
            &json!({"reason": "  "}),
        )
        .await;
    assert_eq!((s, e["error"]["field"].as_str()), (422, Some("reason")));
    let (s, r) = t
        .post(
            &format!("/api/v1/applications/{bid}/reject"),
            Some(&op),
            &json!({"reason": "Неповний пакет документів"}),
        )
        .await;
    assert_eq!(s, 200, "{r}");
    assert_eq!(r["status"], "rejected");
    assert_eq!(r["reject_reason"], "Неповний пакет документів");

    // Every change is in the audit log, with who did it.
    let (s, audit) = t.get("/api/v1/audit", Some(&op)).await;
    assert_eq!(s, 200);
    let actions: Vec<&str> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "application.reject",
            "application.record",
            "facility.first_login_resend",
            "facility.register",
            "application.register",
            "application.record",
            "operator.add"
        ]
    );
    assert_eq!(audit["items"][0]["actor"], "Коваленко Олена");
    assert_eq!(audit["items"][0]["before"]["status"], "received");
    assert_eq!(audit["items"][0]["after"]["status"], "rejected");
    assert_eq!(
        ekrov_store::audit::verify(t.db()).await.unwrap(),
        ekrov_store::audit::Verdict::Intact { rows: 7 }
    );
    t.stop().await;
}

async fn deciding_twice_and_duplicate_edrpou_are_409(backend: Backend) {
    let t = spawn_app(backend).await;
    let op = t.operator_token().await;
    let (_, a) = t
        .post("/api/v1/applications", Some(&op), &application(EDRPOU[0]))
        .await;
    let (_, b) = t
        .post("/api/v1/applications", Some(&op), &application(EDRPOU[0]))
        .await;
    let (a, b) = (
        a["id"].as_str().unwrap().to_owned(),
        b["id"].as_str().unwrap().to_owned(),
    );
    let (s, _) = t
        .post(
            &format!("/api/v1/applications/{a}/register"),
            Some(&op),
            &json!({}),
        )
        .await;
    assert_eq!(s, 200);
    let (s, e) = t
        .post(
            &format!("/api/v1/applications/{a}/register"),
            Some(&op),
            &json!({}),
        )
        .await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (409, Some("already_decided"))
    );
    let (s, e) = t
        .post(
            &format!("/api/v1/applications/{a}/reject"),
            Some(&op),
            &json!({"reason": "x"}),
        )
        .await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (409, Some("already_decided"))
    );
    let facilities = t.count("facilities").await;
    let (s, e) = t
        .post(
            &format!("/api/v1/applications/{b}/register"),
            Some(&op),
            &json!({}),
        )
        .await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (409, Some("duplicate_edrpou")),
        "{e}"
    );
    assert_eq!(t.count("facilities").await, facilities);
    let (_, got) = t.get(&format!("/api/v1/applications/{b}"), Some(&op)).await;
    assert_eq!(
        got["status"], "received",
        "a refused registration leaves the application as it was"
    );
    assert_eq!(t.count("outbox").await, 1, "and sends no letter");
    let (s, _) = t
        .post(
            "/api/v1/applications/00000000-0000-0000-0000-000000000000/register",
            Some(&op),
            &json!({}),
        )
        .await;
    assert_eq!(s, 404);
    let (s, _) = t
        .post(
            "/api/v1/applications/nonsense/register",
            Some(&op),
            &json!({}),
        )
        .await;
    assert_eq!(s, 404);
    t.stop().await;
}

async fn bad_input_is_4xx_naming_the_field_and_changes_nothing(backend: Backend) {
    let t = spawn_app(backend).await;
    let op = t.operator_token().await;
    let before = (t.count("applications").await, t.count("audit_log").await);

    let with = |f: &dyn Fn(&mut Value)| {
        let mut v = application(EDRPOU[0]);
        f(&mut v);
        v
    };
    let cases: Vec<(&str, Value, u16, &str, &str)> = vec![
        (
            "wrong ЄДРПОУ check digit",
            with(&|v| v["edrpou"] = json!("00012926")),
            422,
            "edrpou",
            "check_digit",
        ),
        (
            "wrong РНОКПП check digit",
            with(&|v| v["admin"]["rnokpp"] = json!("3287301234")),
            422,
            "admin.rnokpp",
            "check_digit",
        ),
        (
            "missing field",
            with(&|v| {
                v.as_object_mut().unwrap().remove("short_name");
            }),
            422,
            "short_name",
            "required",
        ),
        (
            "missing nested field",
            with(&|v| {
                v["admin"].as_object_mut().unwrap().remove("email");
            }),
            422,
            "admin.email",
            "required",
        ),
        (
            "empty field",
            with(&|v| v["head_name"] = json!("   ")),
            422,
            "head_name",
            "required",
        ),
        (
            "wrong type",
            with(&|v| v["provides_transfusion"] = json!("так")),
            422,
            "provides_transfusion",
            "wrong_type",
        ),
        (
            "wrong type nested",
            with(&|v| v["admin"]["rnokpp"] = json!(3287301233u64)),
            422,
            "admin.rnokpp",
            "wrong_type",
        ),
        (
            "unknown region",
            with(&|v| v["region"] = json!("Кримська область")),
            422,
            "region",
            "unknown_region",
        ),
        (
            "bad e-mail",
            with(&|v| v["admin"]["email"] = json!("admin@")),
            422,
            "admin.email",
            "invalid_email",
        ),
        (
            "bad phone",
            with(&|v| v["admin"]["phone"] = json!("12345")),
            422,
            "admin.phone",
            "invalid_phone",
        ),
        (
            "bad date",
            with(&|v| v["received_on"] = json!("20.11.2026")),
            422,
            "received_on",
            "invalid_date",
        ),
        (
            "date in the future",
            with(&|v| v["received_on"] = json!("2026-12-02")),
            422,
            "received_on",
            "date_in_future",
        ),
    ];
    for (what, body, status, field, code) in cases {
        let (s, e) = t.post("/api/v1/applications", Some(&op), &body).await;
        assert_eq!(s, status, "{what}: {e}");
        assert_eq!(e["error"]["field"], field, "{what}: {e}");
        assert_eq!(e["error"]["code"], code, "{what}: {e}");
        assert!(
            !e["error"]["message"].as_str().unwrap().is_empty(),
            "{what}"
        );
    }
    // Malformed JSON: 400.
    let (s, e) = t
        .post_raw("/api/v1/applications", Some(&op), b"{\"edrpou\": ".to_vec())
        .await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (400, Some("malformed_json"))
    );
    // Not an object.
    let (s, _) = t
        .post_raw("/api/v1/applications", Some(&op), b"[1,2]".to_vec())
        .await;
    assert_eq!(s, 422);
    // A 10 MB body: 413, in the API's error form.
    let big = format!("{{\"edrpou\": \"{}\"}}", "1".repeat(10 * 1024 * 1024));
    let (s, e) = t
        .post_raw("/api/v1/applications", Some(&op), big.into_bytes())
        .await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (413, Some("payload_too_large"))
    );
    // Query parameters are checked too.
    let (s, e) = t.get("/api/v1/applications?status=lost", Some(&op)).await;
    assert_eq!((s, e["error"]["field"].as_str()), (422, Some("status")));
    let (s, e) = t.get("/api/v1/applications?limit=501", Some(&op)).await;
    assert_eq!((s, e["error"]["field"].as_str()), (422, Some("limit")));
    let (s, e) = t.get("/api/v1/facilities?region=Марс", Some(&op)).await;
    assert_eq!((s, e["error"]["field"].as_str()), (422, Some("region")));

    assert_eq!(
        (t.count("applications").await, t.count("audit_log").await),
        before,
        "nothing was written"
    );
    t.stop().await;
}

async fn only_operators_may_act(backend: Backend) {
    let t = spawn_app(backend).await;
    let op = t.operator_token().await;
    let (_, a) = t
        .post("/api/v1/applications", Some(&op), &application(EDRPOU[0]))
        .await;
    let id = a["id"].as_str().unwrap();
    let person = t.person_token("3658400020").await;
    let routes_get = [
        "/api/v1/applications".to_owned(),
        format!("/api/v1/applications/{id}"),
        "/api/v1/facilities".into(),
        "/api/v1/mail/undelivered".into(),
        "/api/v1/audit".into(),
        "/api/v1/calendar/days-off".into(),
    ];
    for r in &routes_get {
        assert_eq!(t.get(r, None).await.0, 401, "anonymous GET {r}");
        assert_eq!(
            t.get(r, Some("not-a-token")).await.0,
            401,
            "bad token GET {r}"
        );
        assert_eq!(t.get(r, Some(&person)).await.0, 403, "non-operator GET {r}");
        assert_eq!(t.get(r, Some(&op)).await.0, 200, "operator GET {r}");
    }
    let before = t.count("applications").await;
    // A non-operator learns nothing about the body: 403 even for a malformed one.
    let (s, e) = t
        .post_raw("/api/v1/applications", Some(&person), b"{oops".to_vec())
        .await;
    assert_eq!(
        (s, e["error"]["code"].as_str()),
        (403, Some("operator_only"))
    );
    assert_eq!(
        t.post_raw("/api/v1/applications", None, b"{oops".to_vec())
            .await
            .0,
        401
    );
    assert_eq!(
        t.post(
            &format!("/api/v1/applications/{id}/register"),
            Some(&person),
            &json!({})
        )
        .await
        .0,
        403
    );
    assert_eq!(
        t.post(
            &format!("/api/v1/applications/{id}/reject"),
            Some(&person),
            &json!({"reason": "x"})
        )
        .await
        .0,
        403
    );
    assert_eq!(t.count("applications").await, before);
    assert_eq!(t.count("facilities").await, 0);

    // Logout ends the session.
    t.app().logout(&op).await.unwrap();
    assert_eq!(t.get("/api/v1/applications", Some(&op)).await.0, 401);
    t.stop().await;
}

async fn restart_keeps_everything_and_migrations_are_idempotent(backend: Backend) {
    let t = spawn_app(backend).await;
    let op = t.operator_token().await;
    let (_, a) = t
        .post("/api/v1/applications", Some(&op), &application(EDRPOU[0]))
        .await;
    let id = a["id"].as_str().unwrap().to_owned();
    t.post(
        &format!("/api/v1/applications/{id}/register"),
        Some(&op),
        &json!({}),
    )
    .await;
    let t = t.restart().await;
    let (s, got) = t
        .get(&format!("/api/v1/applications/{id}"), Some(&op))
        .await;
    assert_eq!(s, 200, "the session survived the restart too");
    assert_eq!(got["status"], "registered");
    assert_eq!(
        t.get("/api/v1/facilities", Some(&op)).await.1["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // Running the migrations again applies nothing and breaks nothing.
    assert_eq!(ekrov_store::migrate(t.db()).await.unwrap(), 0);
    assert_eq!(
        t.count("schema_migrations").await,
        ekrov_store::known_versions().len() as i64
    );
    t.stop().await;
}

async fn deadline_follows_the_calendar_setting(backend: Backend) {
    // Peacetime: Easter Sunday 2 May 2027 moves the day off to Monday 3 May, and Labour Day on
    // Saturday 1 May moves to Tuesday 4 May; 9 May (Victory Day in Europe, 8 May) is a Saturday → Mon 10 May.
    let t = common::spawn_with(backend, |c| c.martial_law = false).await;
    t.clock.set(common::t("2027-04-21T08:00:00Z"));
    let op = t.operator_token().await;
    let mut body = application(EDRPOU[0]);
    body["received_on"] = json!("2027-04-20");
    let (s, a) = t.post("/api/v1/applications", Some(&op), &body).await;
    assert_eq!(s, 201, "{a}");
    assert_eq!(a["due_on"], "2027-05-21");
    t.stop().await;

    let t = spawn_app(backend).await;
    t.clock.set(common::t("2027-04-21T08:00:00Z"));
    let op = t.operator_token().await;
    let (_, a) = t.post("/api/v1/applications", Some(&op), &body).await;
    assert_eq!(
        a["due_on"], "2027-05-18",
        "under martial law holidays are working days"
    );

    // An extra day off declared by the operator moves later deadlines.
    let (s, _) = t
        .post(
            "/api/v1/calendar/days-off",
            Some(&op),
            &json!({"day": "2027-05-05", "reason": "Постанова КМУ (тест)"}),
        )
        .await;
    assert_eq!(s, 201);
    let (_, b) = t.post("/api/v1/applications", Some(&op), &body).await;
    assert_eq!(b["due_on"], "2027-05-19");
    let (s, e) = t
        .post(
            "/api/v1/calendar/days-off",
            Some(&op),
            &json!({"day": "5 травня", "reason": "x"}),
        )
        .await;
    assert_eq!((s, e["error"]["field"].as_str()), (422, Some("day")));
    t.stop().await;
}

async fn lists_filter_and_paginate(backend: Backend) {
    let t = spawn_app(backend).await;
    let op = t.operator_token().await;
    let mut old = application(EDRPOU[0]);
    old["received_on"] = json!("2026-10-01"); // due 2026-10-29: overdue on 1 Dec
    let (_, overdue) = t.post("/api/v1/applications", Some(&op), &old).await;
    assert_eq!(overdue["overdue"], true);
    assert!(overdue["working_days_left"].as_i64().unwrap() < 0);
    for e in &EDRPOU[1..] {
        t.clock.advance(chrono::Duration::seconds(1));
        t.post("/api/v1/applications", Some(&op), &application(e))
            .await;
    }
    let (_, only) = t.get("/api/v1/applications?overdue=true", Some(&op)).await;
    let ids: Vec<_> = only["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].clone())
        .collect();
    assert_eq!(ids, vec![overdue["id"].clone()]);

    let (_, p1) = t.get("/api/v1/applications?limit=2", Some(&op)).await;
    assert_eq!(p1["items"].as_array().unwrap().len(), 2);
    let cursor = p1["next_cursor"].as_str().expect("a second page");
    let (_, p2) = t
        .get(
            &format!("/api/v1/applications?limit=2&cursor={cursor}"),
            Some(&op),
        )
        .await;
    assert_eq!(p2["items"].as_array().unwrap().len(), 1);
    assert_eq!(p2["next_cursor"], Value::Null);
    assert_eq!(
        p2["items"][0]["id"], overdue["id"],
        "newest first: the oldest comes last"
    );
    let (s, _) = t
        .get("/api/v1/applications?cursor=garbage!", Some(&op))
        .await;
    assert_eq!(s, 422);

    let (_, st) = t
        .get("/api/v1/applications?status=registered", Some(&op))
        .await;
    assert!(st["items"].as_array().unwrap().is_empty());
    t.stop().await;
}
