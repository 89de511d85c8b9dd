//! Interoperability with a real CA tool: certificates made by the `openssl` command line,
//! signatures by `openssl cms -sign`, verified by ekrov.

mod common;

use chrono::Utc;
use common::{CertSpec, KeyKind, Openssl, inter_exts, person_exts, person_subject, root_exts};
use ekrov_kep::{TrustStore, Verifier};

const CHALLENGE: &[u8] =
    "ekrov login\nhttps://ekrov.example/\nnonce: 3q2+7w==\nexpires: 2030-01-01T00:00:00Z\n"
        .as_bytes();

/// Root → intermediate. `ua_critical`: the intermediate marks qcStatements critical, as the
/// Ministry of Justice's ECDSA CA does (OpenSSL 3.0 itself cannot verify such a chain).
fn pki(root_kind: KeyKind, inter_kind: KeyKind, ua_critical: bool) -> Openssl {
    let o = Openssl::new();
    o.root(&CertSpec::new(
        "root",
        "/C=UA/O=Test Root/CN=Тестовий кореневий ЦЗО",
        root_kind,
        root_exts(None),
    ));
    let mut inter = CertSpec::new(
        "inter",
        "/C=UA/O=Test КНЕДП/CN=Тестовий КНЕДП",
        inter_kind,
        inter_exts(Some(0)),
    );
    if ua_critical {
        inter
            .extensions
            .push("1.3.6.1.5.5.7.1.3 = critical, DER:300A3008060604008E460101".into());
    }
    o.issue(&inter, "root");
    o
}

fn verifier(o: &Openssl, anchors: &[&str]) -> Verifier {
    let mut ts = TrustStore::new();
    for a in anchors {
        ts.add_der(&o.der(a)).unwrap();
    }
    Verifier::new(ts)
}

#[test]
fn openssl_signatures_verify_with_every_algorithm() {
    let o = pki(KeyKind::P256, KeyKind::P256, true);
    let v = verifier(&o, &["root"]);
    let people = [
        ("p256", KeyKind::P256, "1234567890"),
        ("p384", KeyKind::P384, "2345678901"),
        ("rsa2048", KeyKind::Rsa(2048), "3456789012"),
        ("rsa3072", KeyKind::Rsa(3072), "4567890123"),
    ];
    for (name, kind, rnokpp) in people {
        o.issue(
            &CertSpec::new(
                name,
                &person_subject(rnokpp, "Шевченко", "Тарас Григорович"),
                kind,
                person_exts(rnokpp),
            ),
            "inter",
        );
        let mut variants: Vec<(String, Vec<&str>)> = vec![
            ("default".into(), vec![]),
            ("sha384".into(), vec!["-md", "sha384"]),
            ("sha512".into(), vec!["-md", "sha512"]),
        ];
        if matches!(kind, KeyKind::Rsa(_)) {
            variants.push(("pss".into(), vec!["-keyopt", "rsa_padding_mode:pss"]));
            variants.push((
                "pss-sha512".into(),
                vec!["-md", "sha512", "-keyopt", "rsa_padding_mode:pss"],
            ));
            variants.push((
                "pss-digest-salt".into(),
                vec![
                    "-keyopt",
                    "rsa_padding_mode:pss",
                    "-keyopt",
                    "rsa_pss_saltlen:digest",
                ],
            ));
        }
        for (label, extra) in &variants {
            for attached in [false, true] {
                let sig = o.cms_sign(name, Some("inter"), CHALLENGE, attached, extra);
                let detached = if attached { None } else { Some(CHALLENGE) };
                let r = v
                    .verify(&sig, detached, Utc::now())
                    .unwrap_or_else(|e| panic!("{name} {label} attached={attached}: {e}"));
                assert_eq!(r.content, CHALLENGE);
                assert_eq!(r.signer.rnokpp.as_deref(), Some(rnokpp), "{name} {label}");
                assert_eq!(r.signer.surname.as_deref(), Some("Шевченко"));
                assert_eq!(r.signer.given_name.as_deref(), Some("Тарас Григорович"));
                assert_eq!(
                    r.signer.common_name.as_deref(),
                    Some("Шевченко Тарас Григорович")
                );
                assert!(r.signer.qualified, "QcCompliance read");
                assert!(r.signer.qscd);
                assert_eq!(r.signer.policies, vec!["1.2.804.2.1.1.1.2.2".to_string()]);
                assert!(
                    r.signer.issuer.contains("Тестовий КНЕДП"),
                    "{}",
                    r.signer.issuer
                );
                assert_eq!(r.chain.len(), 3);
                assert!(r.chain[2].trust_anchor);
                assert!(r.signing_time.is_some());
            }
        }
    }
}

#[test]
fn rsa_root_p384_intermediate_p256_person() {
    let o = pki(KeyKind::Rsa(3072), KeyKind::P384, true);
    let v = verifier(&o, &["root"]);
    o.issue(
        &CertSpec::new(
            "me",
            &person_subject("1111111118", "Коваль", "Олена"),
            KeyKind::P256,
            person_exts("1111111118"),
        ),
        "inter",
    );
    let sig = o.cms_sign("me", Some("inter"), CHALLENGE, false, &[]);
    let r = v.verify(&sig, Some(CHALLENGE), Utc::now()).unwrap();
    assert_eq!(r.signer.rnokpp.as_deref(), Some("1111111118"));
}

#[test]
fn directly_trusted_issuing_ca_and_chain_from_trust_folder() {
    let o = pki(KeyKind::P256, KeyKind::P256, false);
    o.issue(
        &CertSpec::new(
            "me",
            &person_subject("2222222226", "Бондар", "Ігор"),
            KeyKind::P256,
            person_exts("2222222226"),
        ),
        "inter",
    );
    // The issuing CA trusted directly (as the ЦЗО's trusted list names providers' CAs); CMS carries no chain.
    let v = verifier(&o, &["inter"]);
    let sig = o.cms_sign("me", None, CHALLENGE, false, &[]);
    let r = v.verify(&sig, Some(CHALLENGE), Utc::now()).unwrap();
    assert_eq!(r.chain.len(), 2);
    assert_eq!(r.signer.rnokpp.as_deref(), Some("2222222226"));
    let (ok, out) = o.verify("me", &["inter"], &[], None, true);
    assert!(ok, "openssl agrees with -partial_chain: {out}");

    // Root trusted, intermediate only in the trust folder (not in the CMS): load_dir finds it.
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(o.path("root.pem"), dir.path().join("root.pem")).unwrap();
    std::fs::copy(o.path("inter.pem"), dir.path().join("inter.crt")).unwrap();
    let ts = TrustStore::load_dir(dir.path()).unwrap();
    assert_eq!(ts.anchors().len(), 2);
    let r = Verifier::new(ts)
        .verify(&sig, Some(CHALLENGE), Utc::now())
        .unwrap();
    assert_eq!(r.signer.rnokpp.as_deref(), Some("2222222226"));
}

#[test]
fn ekrov_signatures_verify_with_openssl() {
    // The other direction: what `ekrov sign` makes, `openssl cms -verify` accepts.
    let o = pki(KeyKind::P256, KeyKind::P256, false);
    for (name, kind) in [("p256", KeyKind::P256), ("p384", KeyKind::P384)] {
        o.issue(
            &CertSpec::new(
                name,
                &person_subject("3333333334", "Мельник", "Анна"),
                kind,
                person_exts("3333333334"),
            ),
            "inter",
        );
        let cert = o.der(name);
        let key_pem = std::fs::read_to_string(o.path(&format!("{name}.key"))).unwrap();
        let key = ekrov_kep::pem_blocks(&key_pem).unwrap().remove(0).1;
        let inter = o.der("inter");
        for attached in [false, true] {
            let sig = if attached {
                ekrov_kep::sign::sign_attached(
                    &cert,
                    &key,
                    std::slice::from_ref(&inter),
                    CHALLENGE,
                    Utc::now(),
                )
                .unwrap()
            } else {
                ekrov_kep::sign::sign_detached(
                    &cert,
                    &key,
                    std::slice::from_ref(&inter),
                    CHALLENGE,
                    Utc::now(),
                )
                .unwrap()
            };
            let r = verifier(&o, &["root"])
                .verify(
                    &sig,
                    if attached { None } else { Some(CHALLENGE) },
                    Utc::now(),
                )
                .unwrap();
            assert_eq!(r.signer.rnokpp.as_deref(), Some("3333333334"));
            let sig_path = o.path(&format!("ekrov-{name}-{attached}.der"));
            std::fs::write(&sig_path, &sig).unwrap();
            let content = o.path("challenge.txt");
            std::fs::write(&content, CHALLENGE).unwrap();
            let mut args = vec![
                "cms",
                "-verify",
                "-binary",
                "-inform",
                "DER",
                "-in",
                sig_path.to_str().unwrap(),
                "-CAfile",
                "root.pem",
                "-purpose",
                "any",
                "-out",
                "/dev/null",
            ];
            if !attached {
                args.extend(["-content", content.to_str().unwrap()]);
            }
            let (ok, out) = o.try_run(&args);
            assert!(ok, "openssl cms -verify {name} attached={attached}: {out}");
        }
    }
}
