//! Revocation learnt from the certificate's own CRL distribution point, served over HTTP here.

mod common;

use common::*;
use ekrov_kep::{TrustStore, Verifier, crl_http::HttpCrlFetcher};
use std::{
    io::{Read, Write},
    net::{TcpListener, TcpStream},
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::{Duration, Instant},
};

/// What the test server answers for a request path: raw bytes after the head is read, or a
/// stall (the connection is held open, silent, for that long).
enum Reply {
    Bytes(Vec<u8>),
    Stall(Duration),
    /// Send these pieces with a pause between them.
    Trickle(Vec<Vec<u8>>, Duration),
}

/// An HTTP server on 127.0.0.1 that reads each request's whole head (up to the blank line)
/// before answering, so the client never writes into a closed socket. Counts requests.
fn serve_with(
    listener: TcpListener,
    handler: impl Fn(&str) -> Reply + Send + Sync + 'static,
) -> Arc<AtomicUsize> {
    let hits = Arc::new(AtomicUsize::new(0));
    let h = hits.clone();
    let handler = Arc::new(handler);
    std::thread::spawn(move || {
        for s in listener.incoming() {
            let Ok(s) = s else { return };
            let (h, handler) = (h.clone(), handler.clone());
            std::thread::spawn(move || answer(s, &*handler, &h));
        }
    });
    hits
}

fn answer(mut s: TcpStream, handler: &dyn Fn(&str) -> Reply, hits: &AtomicUsize) {
    let _ = s.set_read_timeout(Some(Duration::from_secs(10)));
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match s.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return,
        }
    }
    hits.fetch_add(1, Ordering::SeqCst);
    let head = String::from_utf8_lossy(&head);
    let path = head.split_whitespace().nth(1).unwrap_or("/").to_string();
    match handler(&path) {
        Reply::Bytes(b) => {
            let _ = s.write_all(&b);
        }
        Reply::Stall(d) => std::thread::sleep(d),
        Reply::Trickle(parts, pause) => {
            for p in parts {
                if s.write_all(&p).is_err() {
                    return;
                }
                std::thread::sleep(pause);
            }
        }
    }
    let _ = s.flush();
}

/// An HTTP/1.1 200 with Content-Length.
fn ok(body: &[u8]) -> Reply {
    let mut r = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/pkix-crl\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    r.extend_from_slice(body);
    Reply::Bytes(r)
}

/// An HTTP/1.1 200 with a chunked body, in chunks of `size` bytes.
fn chunked(body: &[u8], size: usize) -> Vec<u8> {
    let mut r = b"HTTP/1.1 200 OK\r\nContent-Type: application/pkix-crl\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n".to_vec();
    for c in body.chunks(size) {
        r.extend_from_slice(format!("{:x}\r\n", c.len()).as_bytes());
        r.extend_from_slice(c);
        r.extend_from_slice(b"\r\n");
    }
    r.extend_from_slice(b"0\r\n\r\n");
    r
}

fn redirect(to: &str) -> Reply {
    Reply::Bytes(
        format!(
            "HTTP/1.1 302 Found\r\nLocation: {to}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        )
        .into_bytes(),
    )
}

fn serve(listener: TcpListener, body: Vec<u8>) -> Arc<AtomicUsize> {
    serve_with(listener, move |_| ok(&body))
}

fn listener() -> (TcpListener, String) {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://127.0.0.1:{}", l.local_addr().unwrap().port());
    (l, base)
}

fn fetcher(timeout_ms: u64) -> HttpCrlFetcher {
    HttpCrlFetcher::new(Duration::from_secs(60), Duration::from_millis(timeout_ms))
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

/// Bytes that stand for a CRL: the fetcher does not parse, the verifier does.
fn blob(n: usize) -> Vec<u8> {
    (0..n).map(|i| (i * 7 % 251) as u8).collect()
}

#[test]
fn a_chunked_http11_body_is_read_whole() {
    let (l, base) = listener();
    let body = blob(70_000);
    let b = body.clone();
    serve_with(l, move |_| Reply::Bytes(chunked(&b, 4093)));
    assert_eq!(
        fetcher(2000).download(&format!("{base}/ca.crl")).unwrap(),
        body
    );
}

#[test]
fn redirects_are_followed_a_few_times_and_loops_are_not() {
    let (l, base) = listener();
    let body = blob(3000);
    let b = body.clone();
    let hits = serve_with(l, move |path| match path {
        "/old.crl" => redirect("/moved.crl"),
        "/moved.crl" => redirect("/new.crl"),
        "/new.crl" => ok(&b),
        "/loop" => redirect("/loop"),
        _ => Reply::Bytes(
            b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec(),
        ),
    });
    let f = fetcher(2000);
    assert_eq!(f.download(&format!("{base}/old.crl")).unwrap(), body);
    assert_eq!(hits.load(Ordering::SeqCst), 3);
    let e = f.download(&format!("{base}/loop")).unwrap_err();
    assert!(e.contains("redirect"), "{e}");
    let e = f.download(&format!("{base}/missing.crl")).unwrap_err();
    assert!(e.contains("404"), "{e}");
}

#[test]
fn an_oversized_crl_is_refused_with_or_without_a_length() {
    let (l, base) = listener();
    let body = blob(5000);
    serve_with(l, move |path| match path {
        "/declared" => ok(&body),
        _ => Reply::Bytes(chunked(&body, 1000)),
    });
    let f = fetcher(2000).with_max_bytes(4999);
    for path in ["/declared", "/chunked"] {
        let e = f.download(&format!("{base}{path}")).unwrap_err();
        assert!(e.contains("larger than 4999"), "{path}: {e}");
    }
    // At the cap exactly, it passes.
    let f = fetcher(2000).with_max_bytes(5000);
    assert_eq!(f.download(&format!("{base}/chunked")).unwrap().len(), 5000);
}

#[test]
fn a_silent_server_times_out_and_a_trickling_one_meets_the_deadline() {
    let (l, base) = listener();
    serve_with(l, |path| match path {
        "/silent" => Reply::Stall(Duration::from_secs(20)),
        _ => {
            // Headers, then one byte every 150 ms: each read is quick, the whole is not.
            let mut parts = vec![
                b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\nConnection: close\r\n\r\n".to_vec(),
            ];
            parts.extend((0..100).map(|_| vec![0x30]));
            Reply::Trickle(parts, Duration::from_millis(150))
        }
    });
    let f = fetcher(500);
    let t = Instant::now();
    let e = f.download(&format!("{base}/silent")).unwrap_err();
    assert!(
        t.elapsed() < Duration::from_secs(5),
        "{:?}: {e}",
        t.elapsed()
    );
    assert!(e.to_lowercase().contains("time"), "{e}");

    let f = fetcher(500).with_deadline(Duration::from_secs(1));
    let t = Instant::now();
    let e = f.download(&format!("{base}/trickle")).unwrap_err();
    assert!(
        t.elapsed() < Duration::from_secs(4),
        "{:?}: {e}",
        t.elapsed()
    );
    assert!(e.contains("longer than"), "{e}");
}

#[test]
fn only_http_distribution_points_are_fetched() {
    let e = fetcher(500)
        .download("ldap://ca.example/cn=CA?certificateRevocationList")
        .unwrap_err();
    assert!(e.contains("only http"), "{e}");
}
