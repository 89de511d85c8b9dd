//! Login with КЕП through the API: the dev PKI and the `openssl` command line as CAs, the
//! rejections with their API codes, and the administrator's first login through the emailed link.

use crate::common;

use base64::Engine;
use common::{EDRPOU, TestApp, application, find_link, letter_text, spawn_with};
use ekrov_kep::dev_pki::{DevCa, PersonOptions};
use ekrov_store::Backend;
use ekrov_store::testing::RawSql;
use serde_json::{Value, json};

both_backends!(
    operator_logs_in_and_out,
    rejections_have_their_codes,
    first_login_through_the_link,
    login_is_rate_limited,
    invited_employee_signs_the_invitation,
);

const OPERATOR: &str = "3184710691";
const ADMIN: &str = "3287301233"; // the administrator of common::application()

struct Pki {
    ca: DevCa,
    _dir: tempfile::TempDir,
}

fn pki() -> Pki {
    let dir = tempfile::tempdir().unwrap();
    Pki {
        ca: DevCa::load_or_create(dir.path()).unwrap(),
        _dir: dir,
    }
}

/// A server that trusts `ca`, with the clock at the real now (certificates are issued for it).
async fn server(
    backend: Backend,
    ca: &DevCa,
    tweak: impl FnOnce(&mut ekrov::config::Config),
) -> TestApp {
    let trust = tempfile::tempdir().unwrap().keep();
    std::fs::write(trust.join("dev-ca.pem"), ca.ca_pem()).unwrap();
    let t = spawn_with(backend, |c| {
        c.trust_dir = trust;
        tweak(c)
    })
    .await;
    t.clock.set(chrono::Utc::now());
    t
}

async fn challenge(t: &TestApp) -> (String, Vec<u8>) {
    let (s, c) = t.post("/api/v1/auth/challenge", None, &json!({})).await;
    assert_eq!(s, 201, "{c}");
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(c["challenge"].as_str().unwrap())
        .unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(
        text.contains("url: http://ekrov.test")
            && text.contains("nonce: ")
            && text.contains("purpose: login"),
        "{text}"
    );
    (c["challenge_id"].as_str().unwrap().to_owned(), bytes)
}

fn sign(ca: &DevCa, rnokpp: &str, content: &[u8]) -> Vec<u8> {
    let (cert, key) = ca.issue_person(rnokpp, "Коваленко", "Олена").unwrap();
    ekrov_kep::sign::sign_detached(&cert, &key, &[], content, chrono::Utc::now()).unwrap()
}

fn b64(d: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(d)
}

async fn login(t: &TestApp, sig: &[u8], id: &str) -> (u16, Value) {
    t.post(
        "/api/v1/auth/kep",
        None,
        &json!({"challenge_id": id, "signature": b64(sig)}),
    )
    .await
}

async fn operator_logs_in_and_out(backend: Backend) {
    let p = pki();
    let t = server(backend, &p.ca, |_| {}).await;
    t.operator_token().await; // makes the operator account
    let (id, bytes) = challenge(&t).await;
    let (s, r) = login(&t, &sign(&p.ca, OPERATOR, &bytes), &id).await;
    assert_eq!(s, 200, "{r}");
    assert_eq!(r["account"]["rnokpp"], OPERATOR);
    let token = r["token"].as_str().unwrap().to_owned();
    assert_eq!(token.len(), 43, "256 bits, base64url");
    let (s, me) = t.get("/api/v1/me", Some(&token)).await;
    assert_eq!((s, me["operator"].as_bool()), (200, Some(true)), "{me}");
    // The token is kept only as a hash.
    let hit = t
        .db()
        .fetch_optional(
            "SELECT account_id FROM sessions WHERE token_hash = $1",
            &ekrov_store::args![token.as_str()],
        )
        .await
        .unwrap();
    assert!(hit.is_none());
    // Logout: 204, then the token is dead.
    let r = t
        .client
        .post(format!("{}/api/v1/auth/logout", t.url))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 204);
    assert_eq!(t.get("/api/v1/me", Some(&token)).await.0, 401);

    // A certificate made with the openssl command line, from a CA openssl made too.
    let dir = tempfile::tempdir().unwrap();
    let (ca_pem, cert, key) = common::openssl_person(dir.path(), OPERATOR, "Коваленко", "Олена");
    let trust2 = tempfile::tempdir().unwrap().keep();
    std::fs::copy(&ca_pem, trust2.join("openssl-ca.pem")).unwrap();
    t.stop().await;
    let t = spawn_with(backend, |c| c.trust_dir = trust2).await;
    t.clock.set(chrono::Utc::now());
    t.operator_token().await;
    for attached in [false, true] {
        let (id, bytes) = challenge(&t).await;
        std::fs::write(dir.path().join("challenge.txt"), &bytes).unwrap();
        let mut args = vec![
            "cms",
            "-sign",
            "-binary",
            "-outform",
            "DER",
            "-in",
            "challenge.txt",
            "-signer",
            &cert,
            "-inkey",
            &key,
            "-out",
            "sig.der",
        ];
        if attached {
            args.push("-nodetach"); // the content inside the CMS; without it openssl signs detached
        }
        common::run(dir.path(), "openssl", &args);
        let sig = std::fs::read(dir.path().join("sig.der")).unwrap();
        let (s, r) = login(&t, &sig, &id).await;
        assert_eq!(s, 200, "openssl cms (attached: {attached}): {r}");
        assert_eq!(r["account"]["rnokpp"], OPERATOR);
    }
    t.stop().await;
}

async fn rejections_have_their_codes(backend: Backend) {
    let p = pki();
    let t = server(backend, &p.ca, |_| {}).await;
    t.operator_token().await;
    let code = |r: &Value| r["error"]["code"].as_str().unwrap_or_default().to_owned();

    // Replayed challenge.
    let (id, bytes) = challenge(&t).await;
    let sig = sign(&p.ca, OPERATOR, &bytes);
    assert_eq!(login(&t, &sig, &id).await.0, 200);
    let (s, r) = login(&t, &sig, &id).await;
    assert_eq!((s, code(&r)), (401, "challenge_used".into()));

    // Expired challenge (the injected clock moves 5 min 1 s on).
    let (id, bytes) = challenge(&t).await;
    t.clock.advance(chrono::Duration::seconds(301));
    let (s, r) = login(&t, &sign(&p.ca, OPERATOR, &bytes), &id).await;
    assert_eq!((s, code(&r)), (401, "challenge_expired".into()));
    t.clock.set(chrono::Utc::now());

    // Signed something else: the content is not the challenge.
    let (id, _) = challenge(&t).await;
    let (s, r) = login(&t, &sign(&p.ca, OPERATOR, b"another text"), &id).await;
    assert_eq!((s, code(&r)), (401, "signature_invalid".into()), "{r}");

    // A tampered signature value.
    let (id, bytes) = challenge(&t).await;
    let mut sig = sign(&p.ca, OPERATOR, &bytes);
    let n = sig.len();
    sig[n - 5] ^= 0x55;
    let (s, r) = login(&t, &sig, &id).await;
    assert_eq!((s, code(&r)), (401, "signature_invalid".into()), "{r}");

    // A CA nobody trusts.
    let other = pki();
    let (id, bytes) = challenge(&t).await;
    let (s, r) = login(&t, &sign(&other.ca, OPERATOR, &bytes), &id).await;
    assert_eq!((s, code(&r)), (401, "certificate_untrusted".into()), "{r}");

    // An expired certificate.
    let (id, bytes) = challenge(&t).await;
    let old = PersonOptions {
        p384: false,
        not_before: chrono::Utc::now() - chrono::Duration::days(30),
        not_after: chrono::Utc::now() - chrono::Duration::days(1),
    };
    let (cert, key) =
        p.ca.issue_person_with(OPERATOR, "Коваленко", "Олена", &old)
            .unwrap();
    let sig = ekrov_kep::sign::sign_detached(&cert, &key, &[], &bytes, chrono::Utc::now()).unwrap();
    let (s, r) = login(&t, &sig, &id).await;
    assert_eq!((s, code(&r)), (401, "certificate_expired".into()), "{r}");

    // A valid signature by someone the system does not know.
    let (id, bytes) = challenge(&t).await;
    let (s, r) = login(&t, &sign(&p.ca, "3658400020", &bytes), &id).await;
    assert_eq!((s, code(&r)), (403, "unknown_person".into()), "{r}");

    // Garbage: 4xx naming the field, never 500.
    let (id, _) = challenge(&t).await;
    let (s, r) = t
        .post(
            "/api/v1/auth/kep",
            None,
            &json!({"challenge_id": id, "signature": "not base64!"}),
        )
        .await;
    assert_eq!((s, r["error"]["field"].as_str()), (422, Some("signature")));
    let (id, _) = challenge(&t).await;
    let (s, r) = t
        .post(
            "/api/v1/auth/kep",
            None,
            &json!({"challenge_id": id, "signature": b64(b"\x30\x03\x02\x01\x01")}),
        )
        .await;
    assert_eq!(s, 401, "{r}");
    let (s, r) = t
        .post(
            "/api/v1/auth/kep",
            None,
            &json!({"challenge_id": "nope", "signature": ""}),
        )
        .await;
    assert_eq!(
        (s, r["error"]["field"].as_str()),
        (422, Some("challenge_id"))
    );
    let (s, _) = t
        .post("/api/v1/auth/kep", None, &json!({"signature": ""}))
        .await;
    assert_eq!(s, 422);
    assert_eq!(
        t.count("sessions").await,
        2,
        "only the operator's test session and the one good login"
    );
    t.stop().await;
}

async fn first_login_through_the_link(backend: Backend) {
    let p = pki();
    let t = server(backend, &p.ca, |_| {}).await;
    let op = t.operator_token().await;
    let (_, a) = t
        .post("/api/v1/applications", Some(&op), &application(EDRPOU[0]))
        .await;
    let (_, reg) = t
        .post(
            &format!(
                "/api/v1/applications/{}/register",
                a["id"].as_str().unwrap()
            ),
            Some(&op),
            &json!({}),
        )
        .await;
    let facility = reg["facility"]["id"].as_str().unwrap().to_owned();
    t.wait_for_mail(1).await;
    let mail = std::fs::read_dir(t.data_dir().join("mail"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let (_, text) = letter_text(&std::fs::read(mail).unwrap());
    let token = find_link(&text, "http://ekrov.test")
        .rsplit('/')
        .next()
        .unwrap()
        .to_owned();
    async fn accept_with(t: &TestApp, token: &str, id: String, sig: Vec<u8>) -> (u16, Value) {
        t.post(
            &format!("/api/v1/links/{token}/accept"),
            None,
            &json!({"challenge_id": id, "signature": b64(&sig)}),
        )
        .await
    }

    // Someone else's key: 403 signer_mismatch, and the link still works.
    let (id, bytes) = challenge(&t).await;
    let (s, r) = accept_with(&t, &token, id, sign(&p.ca, "3658400020", &bytes)).await;
    assert_eq!(
        (s, r["error"]["code"].as_str()),
        (403, Some("signer_mismatch")),
        "{r}"
    );
    assert_eq!(
        t.get(&format!("/api/v1/links/{token}"), None).await.1["state"],
        "valid"
    );

    // The administrator's own key: logged in, administrator of the facility, link used up.
    let (id, bytes) = challenge(&t).await;
    let (s, r) = accept_with(&t, &token, id, sign(&p.ca, ADMIN, &bytes)).await;
    assert_eq!(s, 200, "{r}");
    assert_eq!(
        r["account"]["full_name"], "Мельник Андрій Васильович",
        "named as in the application"
    );
    let admin_token = r["token"].as_str().unwrap().to_owned();
    let (_, me) = t.get("/api/v1/me", Some(&admin_token)).await;
    assert_eq!(me["operator"], false);
    assert_eq!(me["memberships"][0]["facility"]["id"], facility.as_str());
    assert_eq!(me["memberships"][0]["administrator"], true);
    assert_eq!(
        t.get(&format!("/api/v1/links/{token}"), None).await.1["state"],
        "used"
    );
    let (_, f) = t.get("/api/v1/facilities", Some(&op)).await;
    assert_eq!(f["items"][0]["onboarding"]["first_login"], true);

    // Used: 409. Then the administrator logs in normally.
    let (id, bytes) = challenge(&t).await;
    let (s, r) = accept_with(&t, &token, id, sign(&p.ca, ADMIN, &bytes)).await;
    assert_eq!((s, r["error"]["code"].as_str()), (409, Some("link_used")));
    let (id, bytes) = challenge(&t).await;
    assert_eq!(login(&t, &sign(&p.ca, ADMIN, &bytes), &id).await.0, 200);

    // An expired link: 410. A revoked one: 410 link_revoked.
    let (_, b) = t
        .post("/api/v1/applications", Some(&op), &application(EDRPOU[1]))
        .await;
    t.post(
        &format!(
            "/api/v1/applications/{}/register",
            b["id"].as_str().unwrap()
        ),
        Some(&op),
        &json!({}),
    )
    .await;
    t.wait_for_mail(2).await;
    let newest = std::fs::read_dir(t.data_dir().join("mail"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| letter_text(&std::fs::read(p).unwrap()).1)
        .find(|txt| !txt.contains(&token))
        .unwrap();
    let token2 = find_link(&newest, "http://ekrov.test")
        .rsplit('/')
        .next()
        .unwrap()
        .to_owned();
    let (id, bytes) = challenge(&t).await;
    let sig = sign(&p.ca, ADMIN, &bytes);
    t.clock.advance(chrono::Duration::hours(73));
    let (s, r) = t
        .post(
            &format!("/api/v1/links/{token2}/accept"),
            None,
            &json!({"challenge_id": id, "signature": b64(&sig)}),
        )
        .await;
    assert_eq!(
        (s, r["error"]["code"].as_str()),
        (410, Some("link_expired")),
        "{r}"
    );
    let (s, _) = t
        .post(
            "/api/v1/links/unknown-token/accept",
            None,
            &json!({"challenge_id": "x", "signature": "x"}),
        )
        .await;
    assert_eq!(s, 404);
    t.stop().await;
}

async fn login_is_rate_limited(backend: Backend) {
    let p = pki();
    let t = server(backend, &p.ca, |c| c.login_rate_per_minute = 5).await;
    for _ in 0..5 {
        assert_eq!(
            t.post("/api/v1/auth/challenge", None, &json!({})).await.0,
            201
        );
    }
    let (s, r) = t.post("/api/v1/auth/challenge", None, &json!({})).await;
    assert_eq!(
        (s, r["error"]["code"].as_str()),
        (429, Some("rate_limited"))
    );
    assert_eq!(
        t.get("/healthz", None).await.0,
        200,
        "other routes are not limited"
    );
    t.stop().await;
}

async fn invited_employee_signs_the_invitation(backend: Backend) {
    let p = pki();
    let t = server(backend, &p.ca, |_| {}).await;
    let (fid, admin) = t.facility_with_admin(0).await;
    let org = common::OrgSetup::make(&t, &fid, &admin, &["equipment.view", "audit.view"]).await;
    let employee_rnokpp = "3658400020";
    let (s, e) = t
        .post(
            &format!("/api/v1/facilities/{fid}/employees"),
            Some(&admin),
            &common::employee(employee_rnokpp),
        )
        .await;
    assert_eq!(s, 201, "{e}");
    let (s, a) = t
        .post(
            &format!(
                "/api/v1/facilities/{fid}/positions/{}/assignments",
                org.position_id
            ),
            Some(&admin),
            &common::assignment(e["id"].as_str().unwrap(), &[&org.role_id]),
        )
        .await;
    assert_eq!(s, 201, "{a}");
    let link = a["invitation"]["link"].as_str().unwrap();
    let token = link.rsplit('/').next().unwrap();
    let (_, info) = t.get(&format!("/api/v1/links/{token}"), None).await;
    assert_eq!(
        (info["kind"].as_str(), info["state"].as_str()),
        (Some("invitation"), Some("valid"))
    );
    assert_eq!(
        info["position"]["title"], "Завідувач лікарняного банку крові",
        "{info}"
    );

    // Another person's key: refused, nothing changes.
    let (id, bytes) = challenge(&t).await;
    let (s, r) = t
        .post(
            &format!("/api/v1/links/{token}/accept"),
            None,
            &json!({"challenge_id": id, "signature": b64(&sign(&p.ca, ADMIN, &bytes))}),
        )
        .await;
    assert_eq!(
        (s, r["error"]["code"].as_str()),
        (403, Some("signer_mismatch")),
        "{r}"
    );

    // The employee's own КЕП: registered, named as the administrator entered them, roles in force.
    let (id, bytes) = challenge(&t).await;
    let (s, r) = t
        .post(
            &format!("/api/v1/links/{token}/accept"),
            None,
            &json!({"challenge_id": id, "signature": b64(&sign(&p.ca, employee_rnokpp, &bytes))}),
        )
        .await;
    assert_eq!(s, 200, "{r}");
    assert_eq!(r["account"]["full_name"], "Бондар Ольга Петрівна");
    let (_, me) = t
        .get("/api/v1/me", Some(r["token"].as_str().unwrap()))
        .await;
    let m = &me["memberships"][0];
    assert_eq!(m["facility"]["id"], fid.as_str());
    assert_eq!(m["administrator"], false);
    assert_eq!(
        m["permissions"],
        json!(["equipment.view", "audit.view"]),
        "{me}"
    );
    assert_eq!(
        m["positions"][0]["title"],
        "Завідувач лікарняного банку крові"
    );

    // From now on the employee logs in with a plain challenge.
    let (id, bytes) = challenge(&t).await;
    assert_eq!(
        login(&t, &sign(&p.ca, employee_rnokpp, &bytes), &id)
            .await
            .0,
        200
    );
    t.stop().await;
}
