//! The dev PKI: CA persistence, people's certificates, PKCS#12 that OpenSSL (and so WebCrypto's
//! PBES2/AES) opens, and reading OpenSSL 3's own PKCS#12.

mod common;

use chrono::Utc;
use common::Openssl;
use ekrov_kep::dev_pki::{self, DevCa, PersonOptions};
use ekrov_kep::pkix::Certificate;
use ekrov_kep::{KepError, TrustStore, Verifier, sign};

const PW: &str = "пароль-1 з пробілом";

#[test]
fn dev_ca_persists_and_issues_ukrainian_shaped_certificates() {
    let dir = tempfile::tempdir().unwrap();
    let ca = DevCa::load_or_create(&dir.path().join("ca")).unwrap();
    let again = DevCa::load_or_create(&dir.path().join("ca")).unwrap();
    assert_eq!(ca.ca_der(), again.ca_der(), "loaded, not re-created");
    assert!(dir.path().join("ca/ca.pem").exists() && dir.path().join("ca/ca.key.pem").exists());

    // Issued by the re-loaded CA: still chains to the stored certificate.
    let (cert, key) = again
        .issue_person("1234567890", "Шевченко", "Тарас")
        .unwrap();
    let c = Certificate::from_der(&cert).unwrap();
    let id = ekrov_kep::SignerIdentity::from_certificate(&c);
    assert_eq!(id.rnokpp.as_deref(), Some("1234567890"));
    assert_eq!(
        c.subject.get(ekrov_kep::oid::AT_SERIAL_NUMBER).as_deref(),
        Some("TINUA-1234567890")
    );
    assert_eq!(id.surname.as_deref(), Some("Шевченко"));
    assert_eq!(id.given_name.as_deref(), Some("Тарас"));
    assert!(id.qualified && id.qscd);
    assert_eq!(id.policies, vec!["1.2.804.2.1.1.1.2.2".to_string()]);
    assert_eq!(
        c.extensions.key_usage,
        Some(0xc000),
        "digitalSignature + nonRepudiation"
    );

    let mut ts = TrustStore::new();
    ts.add_der(ca.ca_der()).unwrap();
    let v = Verifier::new(ts);
    let challenge = b"challenge";
    for attached in [false, true] {
        let sig = if attached {
            sign::sign_attached(&cert, &key, &[], challenge, Utc::now()).unwrap()
        } else {
            sign::sign_detached(&cert, &key, &[], challenge, Utc::now()).unwrap()
        };
        let r = v
            .verify(&sig, (!attached).then_some(&challenge[..]), Utc::now())
            .unwrap();
        assert_eq!(r.signer.rnokpp.as_deref(), Some("1234567890"));
    }

    // P-384 people too.
    let (cert384, key384) = ca
        .issue_person_with(
            "2234567890",
            "Леся",
            "Українка",
            &PersonOptions {
                p384: true,
                ..Default::default()
            },
        )
        .unwrap();
    let sig = sign::sign_detached(&cert384, &key384, &[], challenge, Utc::now()).unwrap();
    assert_eq!(
        v.verify(&sig, Some(challenge), Utc::now())
            .unwrap()
            .signer
            .rnokpp
            .as_deref(),
        Some("2234567890")
    );

    // openssl agrees the chain is good.
    let o = Openssl::new();
    std::fs::write(o.path("ca.pem"), ca.ca_pem()).unwrap();
    std::fs::write(o.path("me.pem"), dev_pki::pem("CERTIFICATE", &cert)).unwrap();
    let (ok, out) = o.verify("me", &["ca"], &[], None, false);
    assert!(ok, "{out}");
}

#[test]
fn pkcs12_written_by_ekrov_opens_in_openssl() {
    let dir = tempfile::tempdir().unwrap();
    let ca = DevCa::load_or_create(dir.path()).unwrap();
    let (cert, key) = ca.issue_person("1234567890", "Шевченко", "Тарас").unwrap();
    let p12 = dev_pki::write_pkcs12(&cert, &key, ca.ca_der(), PW).unwrap();
    let o = Openssl::new();
    std::fs::write(o.path("me.p12"), &p12).unwrap();
    let pass = format!("pass:{PW}");
    let info = o.run(&[
        "pkcs12", "-info", "-in", "me.p12", "-passin", &pass, "-noout",
    ]);
    let (_, full) = o.try_run(&[
        "pkcs12", "-info", "-in", "me.p12", "-passin", &pass, "-noout",
    ]);
    eprintln!("{info}{full}");
    assert!(full.contains("MAC: sha256"), "{full}");
    assert!(full.contains("PBES2, PBKDF2, AES-256-CBC"), "{full}");
    let (bad, _) = o.try_run(&[
        "pkcs12",
        "-info",
        "-in",
        "me.p12",
        "-passin",
        "pass:wrong",
        "-noout",
    ]);
    assert!(!bad, "a wrong password is refused by openssl");
    // openssl extracts the same key and both certificates.
    let pem = o.run(&["pkcs12", "-in", "me.p12", "-passin", &pass, "-nodes"]);
    let blocks = ekrov_kep::pem_blocks(&pem).unwrap();
    assert_eq!(blocks.iter().filter(|(l, _)| l == "CERTIFICATE").count(), 2);
    let k = blocks.iter().find(|(l, _)| l == "PRIVATE KEY").unwrap();
    assert_eq!(k.1, key);

    // And we read back what we wrote.
    let back = dev_pki::read_pkcs12(&p12, PW).unwrap();
    assert_eq!(back.cert, cert);
    assert_eq!(back.key_pkcs8, key);
    assert_eq!(back.chain, vec![ca.ca_der().to_vec()]);
    assert_eq!(
        dev_pki::read_pkcs12(&p12, "wrong").unwrap_err(),
        KepError::WrongPassword
    );
}

#[test]
fn pkcs12_written_by_openssl3_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let ca = DevCa::load_or_create(dir.path()).unwrap();
    let (cert, key) = ca.issue_person("1234567890", "Шевченко", "Тарас").unwrap();
    let o = Openssl::new();
    std::fs::write(o.path("me.pem"), dev_pki::pem("CERTIFICATE", &cert)).unwrap();
    std::fs::write(o.path("me.key"), dev_pki::pem("PRIVATE KEY", &key)).unwrap();
    std::fs::write(o.path("ca.pem"), ca.ca_pem()).unwrap();
    let pass = format!("pass:{PW}");
    o.run(&[
        "pkcs12",
        "-export",
        "-in",
        "me.pem",
        "-inkey",
        "me.key",
        "-certfile",
        "ca.pem",
        "-passout",
        &pass,
        "-out",
        "me.p12",
    ]);
    let p12 = std::fs::read(o.path("me.p12")).unwrap();
    let got = dev_pki::read_pkcs12(&p12, PW).unwrap();
    assert_eq!(got.cert, cert);
    assert_eq!(got.chain, vec![ca.ca_der().to_vec()]);
    // The key signs a login that verifies.
    let sig = sign::sign_detached(&got.cert, &got.key_pkcs8, &got.chain, b"x", Utc::now()).unwrap();
    let mut ts = TrustStore::new();
    ts.add_der(ca.ca_der()).unwrap();
    Verifier::new(ts)
        .verify(&sig, Some(b"x"), Utc::now())
        .unwrap();
    assert_eq!(
        dev_pki::read_pkcs12(&p12, "wrong").unwrap_err(),
        KepError::WrongPassword
    );

    // A legacy 3DES container is a clear refusal.
    o.run(&[
        "pkcs12",
        "-export",
        "-in",
        "me.pem",
        "-inkey",
        "me.key",
        "-passout",
        &pass,
        "-out",
        "legacy.p12",
        "-keypbe",
        "PBE-SHA1-3DES",
        "-certpbe",
        "PBE-SHA1-3DES",
        "-macalg",
        "sha1",
    ]);
    let legacy = std::fs::read(o.path("legacy.p12")).unwrap();
    let e = dev_pki::read_pkcs12(&legacy, PW).unwrap_err();
    assert_eq!(e.kind(), "unsupported_algorithm", "{e}");
}

#[test]
fn diia_pkcs12_is_a_typed_refusal() {
    let p12 = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/uapki/test-diia.p12"
    ))
    .unwrap();
    let e = dev_pki::read_pkcs12(&p12, "testpassword").unwrap_err();
    match &e {
        KepError::UnsupportedAlgorithm(m) => assert!(m.contains("GOST 34.311"), "{m}"),
        other => panic!("{other:?}"),
    }
}
