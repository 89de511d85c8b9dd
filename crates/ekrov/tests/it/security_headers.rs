//! Every response carries the security headers: every route of the OpenAPI document (taken from
//! the document, so later routes are covered), as an anonymous caller and with a token, with good
//! and broken bodies; pages, static assets, the API docs, metrics; and the error answers — 400,
//! 401, 404 of an unknown path, 405, 413, 422. HSTS only when the public URL is https.

use crate::common;

use ekrov_store::Backend;
use serde_json::Value;

fn check(what: &str, h: &reqwest::header::HeaderMap, hsts: bool) {
    let get = |n: &str| {
        h.get(n)
            .unwrap_or_else(|| panic!("{what}: no {n} header"))
            .to_str()
            .unwrap()
            .to_owned()
    };
    let csp = get("content-security-policy");
    assert!(csp.contains("frame-ancestors 'none'"), "{what}: {csp}");
    assert!(csp.contains("script-src 'self'"), "{what}: {csp}");
    assert!(
        !csp.split(';')
            .any(|d| d.trim().starts_with("script-src") && d.contains("unsafe-inline")),
        "{what}: inline script allowed: {csp}"
    );
    assert_eq!(get("x-content-type-options"), "nosniff", "{what}");
    assert_eq!(get("referrer-policy"), "no-referrer", "{what}");
    assert_eq!(get("x-frame-options"), "DENY", "{what}");
    assert_eq!(
        h.contains_key("strict-transport-security"),
        hsts,
        "{what}: HSTS exactly when behind TLS"
    );
}

async fn call(
    t: &common::TestApp,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<Vec<u8>>,
) -> (u16, reqwest::header::HeaderMap) {
    let mut r = t.client.request(
        method.to_uppercase().parse().unwrap(),
        format!("{}{path}", t.url),
    );
    if let Some(b) = body {
        r = r.header("content-type", "application/json").body(b);
    }
    if let Some(tok) = token {
        r = r.bearer_auth(tok);
    }
    let res = r.send().await.unwrap();
    (res.status().as_u16(), res.headers().clone())
}

async fn every_response_carries_the_headers(t: &common::TestApp, hsts: bool) {
    let (fid, admin) = t.facility_with_admin(0).await;
    let doc: Value = serde_json::from_str(&ekrov_web::openapi().to_json().unwrap()).unwrap();
    let mut statuses = std::collections::BTreeSet::new();
    let mut n = 0;
    for (template, item) in doc["paths"].as_object().unwrap() {
        let path = template
            .split('/')
            .map(|s| match s {
                "{facility_id}" => fid.clone(),
                s if s.starts_with('{') => uuid::Uuid::new_v4().to_string(),
                s => s.to_owned(),
            })
            .collect::<Vec<_>>()
            .join("/");
        for m in ["get", "post", "put", "delete", "patch"] {
            if item.get(m).is_none() || template.ends_with("/logout") {
                continue;
            }
            for (who, tok) in [("anonymous", None), ("admin", Some(admin.as_str()))] {
                for body in [None, Some(b"{not json".to_vec()), Some(b"{}".to_vec())] {
                    let (s, h) = call(t, m, &path, tok, body).await;
                    check(&format!("{m} {template} {who} → {s}"), &h, hsts);
                    statuses.insert(s);
                    n += 1;
                }
            }
        }
    }
    // Pages, assets, docs, metrics, and the errors no route produces.
    let big = vec![b' '; ekrov_web::BODY_LIMIT + 1];
    for (m, path, body, expect) in [
        ("GET", "/", None, None),
        ("GET", "/login", None, Some(200)),
        ("GET", "/assets/kep-gost.js", None, Some(200)),
        ("GET", "/assets/kep-dstu4145.js", None, Some(200)),
        ("GET", "/assets/kep-dstu-keys.js", None, Some(200)),
        ("GET", "/assets/kep-signer.js", None, Some(200)),
        ("GET", "/assets/style.css", None, Some(200)),
        ("GET", "/assets/nothing-here.js", None, Some(404)),
        ("GET", "/api/docs/", None, Some(200)),
        ("GET", "/api/openapi.json", None, Some(200)),
        ("GET", "/metrics", None, None),
        ("GET", "/no/such/page", None, Some(404)),
        ("DELETE", "/healthz", None, Some(405)),
        ("POST", "roles", Some(big), Some(413)),
    ] {
        // The body limit is checked after the caller's rights: the administrator's own route.
        let (path, tok) = match path {
            "roles" => (
                format!("/api/v1/facilities/{fid}/roles"),
                Some(admin.as_str()),
            ),
            p => (p.to_owned(), None),
        };
        let path = path.as_str();
        let (s, h) = call(t, m, path, tok, body).await;
        if let Some(e) = expect {
            assert_eq!(s, e, "{m} {path}");
        }
        check(&format!("{m} {path} → {s}"), &h, hsts);
        statuses.insert(s);
    }
    // And a success that creates something.
    let (s, h) = call(
        t,
        "POST",
        &format!("/api/v1/facilities/{fid}/roles"),
        Some(&admin),
        Some(br#"{"name": "Headers", "permissions": []}"#.to_vec()),
    )
    .await;
    check(&format!("POST roles → {s}"), &h, hsts);
    statuses.insert(s);
    for s in [200, 201, 400, 401, 404, 405, 413, 422] {
        assert!(statuses.contains(&s), "no {s} among {statuses:?}");
    }
    assert!(n > 100, "{n} API calls");
}

both_backends!(headers_without_tls);

async fn headers_without_tls(backend: Backend) {
    let t = common::spawn_app(backend).await;
    every_response_carries_the_headers(&t, false).await;
    t.stop().await;
}

#[tokio::test]
async fn headers_behind_tls_include_hsts() {
    let t = common::spawn_with(Backend::Sqlite, |c| {
        c.public_url = "https://ekrov.example.ua".into()
    })
    .await;
    every_response_carries_the_headers(&t, true).await;
    t.stop().await;
}
