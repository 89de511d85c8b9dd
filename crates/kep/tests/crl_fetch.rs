//! Revocation learnt from the certificate's own CRL distribution point, served over HTTP here.

mod common;

use common::*;
use ekrov_kep::{TrustStore, Verifier, crl_http::HttpCrlFetcher};
use std::{
    io::{Read, Write},
    net::TcpListener,
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

/// Serve `body` at any path; counts the requests.
fn serve(listener: TcpListener, body: Vec<u8>) -> Arc<AtomicUsize> {
    let hits = Arc::new(AtomicUsize::new(0));
    let h = hits.clone();
    std::thread::spawn(move || {
        for s in listener.incoming() {
            let Ok(mut s) = s else { return };
            let mut req = [0u8; 1024];
            let _ = s.read(&mut req);
            h.fetch_add(1, Ordering::SeqCst);
            let _ = write!(
                s,
                "HTTP/1.0 200 OK\r\nContent-Type: application/pkix-crl\r\nContent-Length: {}\r\n\r\n",
                body.len()
            );
            let _ = s.write_all(&body);
        }
    });
    hits
}

#[test]
fn a_certificate_revoked_at_its_distribution_point_is_refused() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let o = Openssl::new();
    o.root(&CertSpec::new(
        "root",
        "/C=UA/CN=DP Root",
        KeyKind::P256,
        root_exts(None),
    ));
    let dp = format!("crlDistributionPoints = URI:http://127.0.0.1:{port}/root.crl");
    let mut exts: Vec<String> = person_exts("1234567899")
        .into_iter()
        .filter(|e| !e.starts_with("crlDistributionPoints"))
        .collect();
    exts.push(dp);
    o.issue(
        &CertSpec::new(
            "person",
            &person_subject("1234567899", "Петренко", "Марія"),
            KeyKind::P256,
            exts,
        ),
        "root",
    );
    let crl = o.revoke_and_gencrl("person", "root");
    let crl_der = pem_to_der(&crl);

    let trust = || {
        let mut t = TrustStore::new();
        t.add_der(&o.der("root")).unwrap();
        t
    };
    let sig = o.cms_sign("person", None, b"challenge", false, &[]);
    let now = chrono::Utc::now();

    // Nothing in the trust folder says it is revoked: without fetching, it passes.
    assert!(
        Verifier::new(trust())
            .verify(&sig, Some(b"challenge"), now)
            .is_ok()
    );

    // With fetching on, the CRL at the distribution point revokes it.
    let fetcher = HttpCrlFetcher::new(Duration::from_secs(3600), Duration::from_secs(2));
    let v = Verifier::new(trust()).with_crl_fetcher(Box::new(fetcher));
    let hits = serve(listener, crl_der);
    let e = v.verify(&sig, Some(b"challenge"), now).unwrap_err();
    assert_eq!(e.code(), "certificate_revoked", "{e}");
    // A second login within the TTL does not fetch again.
    let e = v.verify(&sig, Some(b"challenge"), now).unwrap_err();
    assert_eq!(e.code(), "certificate_revoked");
    assert_eq!(hits.load(Ordering::SeqCst), 1);
}

#[test]
fn an_unreachable_distribution_point_is_a_soft_failure() {
    let port = {
        TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port()
    }; // closed again
    let o = Openssl::new();
    o.root(&CertSpec::new(
        "root",
        "/C=UA/CN=DP Root",
        KeyKind::P256,
        root_exts(None),
    ));
    let mut exts: Vec<String> = person_exts("1234567899")
        .into_iter()
        .filter(|e| !e.starts_with("crlDistributionPoints"))
        .collect();
    exts.push(format!(
        "crlDistributionPoints = URI:http://127.0.0.1:{port}/root.crl"
    ));
    o.issue(
        &CertSpec::new(
            "person",
            &person_subject("1234567899", "Петренко", "Марія"),
            KeyKind::P256,
            exts,
        ),
        "root",
    );
    let mut t = TrustStore::new();
    t.add_der(&o.der("root")).unwrap();
    let v = Verifier::new(t).with_crl_fetcher(Box::new(HttpCrlFetcher::new(
        Duration::from_secs(60),
        Duration::from_secs(1),
    )));
    let sig = o.cms_sign("person", None, b"challenge", false, &[]);
    let ok = v
        .verify(&sig, Some(b"challenge"), chrono::Utc::now())
        .unwrap();
    assert_eq!(ok.signer.rnokpp.as_deref(), Some("1234567899"));
}
