//! Two server instances on one database: sessions, challenges and links live in the database, so
//! a login begun on one instance finishes on the other and a token made on one works on the other;
//! and rights are read from the database at every request, so a role change made on one instance
//! takes effect on the other at the next request (no instance keeps a cache of them).

use crate::common;

use base64::Engine;
use common::{EDRPOU, OrgSetup, PERSON_RNOKPP, application, assignment, employee, spawn_with};
use ekrov_store::Backend;
use serde_json::json;

both_backends!(
    a_login_begun_on_one_instance_finishes_on_the_other,
    a_role_change_on_one_instance_holds_on_the_other_at_once
);

async fn a_login_begun_on_one_instance_finishes_on_the_other(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let ca = ekrov_kep::dev_pki::DevCa::load_or_create(&dir.path().join("ca")).unwrap();
    let trust = dir.path().join("trust");
    std::fs::create_dir_all(&trust).unwrap();
    std::fs::write(trust.join("ca.pem"), ca.ca_pem()).unwrap();
    let tr = trust.clone();
    let a = spawn_with(backend, |c| c.trust_dir = tr).await;
    let (db_url, tr) = (a.config.database_url.clone(), trust.clone());
    let b = spawn_with(backend, |c| {
        c.database_url = db_url;
        c.trust_dir = tr;
    })
    .await;
    let now = chrono::Utc::now();
    a.clock.set(now);
    b.clock.set(now);
    a.operator_token().await;

    // Challenge from A, signature checked by B.
    let (s, c) = a.post("/api/v1/auth/challenge", None, &json!({})).await;
    assert_eq!(s, 201);
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(c["challenge"].as_str().unwrap())
        .unwrap();
    let (cert, key) = ca.issue_person("3184710691", "Коваленко", "Олена").unwrap();
    let sig = ekrov_kep::sign::sign_detached(&cert, &key, &[], &bytes, now).unwrap();
    let body = json!({"challenge_id": c["challenge_id"], "signature": base64::engine::general_purpose::STANDARD.encode(&sig)});
    let (s, r) = b.post("/api/v1/auth/kep", None, &body).await;
    assert_eq!(s, 200, "{r}");
    // …and it is spent for A too.
    let (s, r2) = a.post("/api/v1/auth/kep", None, &body).await;
    assert_eq!(
        (s, r2["error"]["code"].as_str()),
        (401, Some("challenge_used"))
    );

    // The token B made works on A; what A writes, B reads.
    let token = r["token"].as_str().unwrap();
    let (s, created) = a
        .post("/api/v1/applications", Some(token), &application(EDRPOU[0]))
        .await;
    assert_eq!(s, 201);
    let (s, got) = b
        .get(
            &format!("/api/v1/applications/{}", created["id"].as_str().unwrap()),
            Some(token),
        )
        .await;
    assert_eq!((s, got["edrpou"].as_str()), (200, Some(EDRPOU[0])));
    // Logging out on A ends the session on B at the next request.
    let r = a
        .client
        .post(format!("{}/api/v1/auth/logout", a.url))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 204);
    assert_eq!(b.get("/api/v1/me", Some(token)).await.0, 401);
    b.stop().await;
    a.stop().await;
}

async fn a_role_change_on_one_instance_holds_on_the_other_at_once(backend: Backend) {
    let a = common::spawn_app(backend).await;
    let db_url = a.config.database_url.clone();
    let b = spawn_with(backend, |c| c.database_url = db_url).await;
    let (fid, admin) = a.facility_with_admin(0).await;
    let base = format!("/api/v1/facilities/{fid}");
    // A person whose one role grants audit.view and employees.manage, made on A.
    let s = OrgSetup::make(&a, &fid, &admin, &["audit.view", "employees.manage"]).await;
    let (st, e) = a
        .post(
            &format!("{base}/employees"),
            Some(&admin),
            &employee(PERSON_RNOKPP[0]),
        )
        .await;
    assert_eq!(st, 201, "{e}");
    let (st, asg) = a
        .post(
            &format!("{base}/positions/{}/assignments", s.position_id),
            Some(&admin),
            &assignment(e["id"].as_str().unwrap(), &[&s.role_id]),
        )
        .await;
    assert_eq!(st, 201, "{asg}");
    let person = a
        .accept_invitation(
            asg["invitation"]["link"].as_str().unwrap(),
            PERSON_RNOKPP[0],
        )
        .await
        .unwrap();
    assert_eq!(b.get(&format!("{base}/audit"), Some(&person)).await.0, 200);
    assert_eq!(
        b.get(&format!("{base}/employees"), Some(&person)).await.0,
        200
    );

    // On A: the role loses audit.view. On B, the very next request: 403 for the audit, and the
    // permission that is left still works.
    let (st, r) = a
        .put(
            &format!("{base}/roles/{}", s.role_id),
            Some(&admin),
            &json!({"name": "Кадри", "description": "", "permissions": ["employees.manage"]}),
        )
        .await;
    assert_eq!(st, 200, "{r}");
    let (st, e) = b.get(&format!("{base}/audit"), Some(&person)).await;
    assert_eq!(
        (st, e["error"]["code"].as_str()),
        (403, Some("permission_denied")),
        "{e}"
    );
    assert_eq!(
        b.get(&format!("{base}/employees"), Some(&person)).await.0,
        200
    );
    let (st, me) = b.get("/api/v1/me", Some(&person)).await;
    assert_eq!(st, 200);
    assert_eq!(
        me["memberships"][0]["permissions"],
        json!(["employees.manage"]),
        "{me}"
    );

    // On B: the assignment ends. On A, the next request: the person is no longer of the facility.
    let (st, r) = b
        .post(
            &format!(
                "{base}/assignments/{}/end",
                asg["assignment"]["id"].as_str().unwrap()
            ),
            Some(&admin),
            &json!({}),
        )
        .await;
    assert_eq!(st, 200, "{r}");
    let (st, e) = a.get(&format!("{base}/employees"), Some(&person)).await;
    assert!(
        matches!(st, 403 | 404),
        "after the assignment ended: {st} {e}"
    );
    // Still an employee on record, but with no position and no permission left.
    let (_, me) = a.get("/api/v1/me", Some(&person)).await;
    assert_eq!(me["memberships"][0]["permissions"], json!([]), "{me}");
    assert_eq!(me["memberships"][0]["positions"], json!([]), "{me}");
    b.stop().await;
    a.stop().await;
}
