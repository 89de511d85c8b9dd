//! Real Ukrainian certificates (ЦЗО, «Дія», Ministry of Justice, ДФС) and jkurwa's DSTU 4145
//! signed messages: they parse, their identity fields are read, and DSTU signatures are a typed
//! refusal — never a panic. Files copied from ../shared/vectors (see tests/data/*/).

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use ekrov_kep::pkix::Certificate;
use ekrov_kep::{KepError, SignerIdentity, TrustStore, Verifier};

fn data(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(p)
}

fn read(p: &str) -> Vec<u8> {
    std::fs::read(data(p)).unwrap()
}

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

#[test]
fn every_certificate_parses() {
    let mut n = 0;
    for dir in ["ua-certs", "uapki"] {
        for e in std::fs::read_dir(data(dir)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().and_then(|e| e.to_str()) != Some("cer") {
                continue;
            }
            let mut ts = TrustStore::new();
            let added = ts
                .add_pem_or_der_file(&p)
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            assert!(added >= 1, "{}", p.display());
            for a in ts.anchors() {
                assert_eq!(a.sha256_fingerprint.len(), 64);
                assert!(!a.subject.is_empty());
            }
            n += added;
        }
    }
    assert_eq!(n, 8 + 4 + 6); // 8 single certificates in ua-certs, the 4 in CAList.cer, 6 from UAPKI
}

#[test]
fn ca_list_pkcs7_gives_its_four_certificates() {
    let mut ts = TrustStore::new();
    assert_eq!(
        ts.add_pem_or_der_file(&data("ua-certs/CAList.cer"))
            .unwrap(),
        4
    );
    let mut single = TrustStore::new();
    single
        .add_pem_or_der_file(&data("ua-certs/SELF_SIGNED1.cer"))
        .unwrap();
    assert_eq!(
        ts.anchors()[0].sha256_fingerprint,
        single.anchors()[0].sha256_fingerprint
    );
}

#[test]
fn identity_fields_of_real_certificates() {
    let der = read("ua-certs/SFS_1.cer");
    let c = Certificate::from_der(&der).unwrap();
    let id = SignerIdentity::from_certificate(&c);
    assert_eq!(id.edrpou.as_deref(), Some("39292197"));
    assert_eq!(id.rnokpp, None, "SFS_1 has no DRFO attribute");
    assert!(id.policies.contains(&"1.2.804.2.1.1.1.2.2".to_string()));
    assert_eq!(id.serial_hex, "33b6cb7bf721b9ce040000009162200086e34a00");
    assert_eq!(id.not_before, at("2016-11-02T22:00:00Z"));
    assert_eq!(id.not_after, at("2018-11-02T22:00:00Z"));
    assert!(
        id.issuer
            .contains("Акредитований центр сертифікації ключів ІДД ДФС"),
        "{}",
        id.issuer
    );
    assert!(
        c.extensions.unknown_critical.is_empty(),
        "critical EKU, policies, qcStatements understood"
    );
    assert_eq!(
        c.extensions.crl_distribution_points,
        vec!["http://acskidd.gov.ua/download/crls/ACSKIDDDFS-Full.crl".to_string()]
    );

    for f in [
        "uapki/diia-test-sign-7775603.cer",
        "uapki/diia-test-kep-7775604.cer",
    ] {
        let der = read(f);
        let c = Certificate::from_der(&der).unwrap();
        let id = SignerIdentity::from_certificate(&c);
        assert_eq!(id.edrpou.as_deref(), Some("43395033"), "{f}");
        assert!(id.qualified, "{f}: QcCompliance");
        assert_eq!(id.common_name.as_deref(), Some("ДП ДІЯ (Тестування)"));
        assert!(id.policies.contains(&"1.2.804.2.1.1.1.2.2".to_string()));
        assert!(c.extensions.unknown_critical.is_empty());
    }

    // The Ministry of Justice's ECDSA CA (issued by the ЦЗО): critical policies and qcStatements understood.
    let der = read("ua-certs/CA-Justice-ECDSA-261217.cer");
    let c = Certificate::from_der(&der).unwrap();
    assert!(c.is_ca());
    assert!(c.extensions.unknown_critical.is_empty());
    assert_eq!(c.extensions.subject_key_id.map(<[u8]>::len), Some(32));
    assert_eq!(
        SignerIdentity::from_certificate(&c).edrpou.as_deref(),
        Some("39787008")
    );
}

#[test]
fn dstu_signed_messages_verify() {
    let mut ts = TrustStore::new();
    ts.add_pem_or_der_file(&data("ua-certs/SELF_SIGNED1.cer"))
        .unwrap();
    let v = Verifier::new(ts);
    let when = at("2019-02-12T19:33:20Z");
    // Attached; its signed attributes are not in DER SET OF order, and that must not matter.
    let ok = v.verify(&read("ua-certs/message.p7"), None, when).unwrap();
    assert_eq!(ok.content, b"123");
    assert_eq!(ok.signing_time, Some(at("2018-10-22T19:25:05Z")));
    assert_eq!(ok.chain.len(), 1);
    assert!(
        ok.signer.subject.contains("Very Much CA"),
        "{}",
        ok.signer.subject
    );
    let ok = v
        .verify(&read("ua-certs/message_detached.p7"), Some(b"123"), when)
        .unwrap();
    assert_eq!(ok.content, b"123");
    assert_eq!(
        v.verify(&read("ua-certs/message_detached.p7"), Some(b"1234"), when)
            .unwrap_err(),
        KepError::DigestMismatch
    );
    assert_eq!(
        v.verify(&read("ua-certs/message_detached.p7"), None, when)
            .unwrap_err(),
        KepError::NoContent
    );
    // After the certificate expired (2023-11-14): refused as expired, not as a bad signature.
    let e = v
        .verify(
            &read("ua-certs/message.p7"),
            None,
            at("2025-02-22T00:00:00Z"),
        )
        .unwrap_err();
    assert_eq!(e.kind(), "expired", "{e}");
    // Parsing alone succeeds.
    assert_eq!(
        ekrov_kep::parse_only(&read("ua-certs/message.p7")).unwrap(),
        1
    );
    let sd_bytes = read("ua-certs/message.p7");
    let sd = ekrov_kep::cms::parse_signed_data(&sd_bytes).unwrap();
    assert_eq!(sd.content.as_deref(), Some(&b"123"[..]));
    let attrs =
        ekrov_kep::cms::parse_signed_attrs(sd.signer_infos[0].signed_attrs.as_ref().unwrap())
            .unwrap();
    assert_eq!(
        ekrov_kep::der::hex(attrs.message_digest.unwrap()),
        "0d7638f766847f80f60525e3509ade2f1307a4d356b62a30e141d6ff0bb7b038"
    );
    assert_eq!(
        attrs.signing_time,
        Some(at("2018-10-22T19:25:05Z").timestamp())
    );
}

/// The signature of message.p7 attached to another certificate (SFS_1, trusted here) must fail.
#[test]
fn dstu_message_with_the_wrong_certificate_fails() {
    let mut der = read("ua-certs/message.p7");
    let own = read("ua-certs/SELF_SIGNED1.cer");
    let pos = der.windows(own.len()).position(|w| w == own).unwrap();
    // Same length trick is impossible (SFS_1 is longer): check the key instead, via the trait.
    let sfs = read("ua-certs/SFS_1.cer");
    let c = Certificate::from_der(&sfs).unwrap();
    let sd = ekrov_kep::cms::parse_signed_data(&der).unwrap();
    let si = &sd.signer_infos[0];
    let signed = ekrov_kep::cms::signed_attrs_for_signature(si.signed_attrs.as_ref().unwrap());
    let v = Verifier::new(TrustStore::new());
    let e = v
        .verify_signature(
            &c.spki,
            &si.signature_algorithm,
            None,
            &signed,
            si.signature,
        )
        .unwrap_err();
    assert_eq!(e.kind(), "signature_invalid", "{e}");
    // And the right key verifies the same bytes.
    let mine = Certificate::from_der(&own).unwrap();
    v.verify_signature(
        &mine.spki,
        &si.signature_algorithm,
        None,
        &signed,
        si.signature,
    )
    .unwrap();
    der[pos] ^= 0; // (the CMS itself is untouched)
}

#[test]
fn dstu_chains_verify() {
    // «Дія» test signer → «Дія» CA → ЦЗО root, as of a time inside their validity.
    let mut ts = TrustStore::new();
    ts.add_pem_or_der_file(&data(
        "uapki/CAO-05E19E2CD92EA2990100000001000000C1000000.cer",
    ))
    .unwrap();
    let v = Verifier::new(ts);
    // (…7775604 is the key-agreement twin: its signature is checked below, it may not sign.)
    {
        let leaf = "uapki/diia-test-sign-7775603.cer";
        let id = v
            .verify_certificate(
                &read(leaf),
                &[read(
                    "uapki/diia-CA-05E19E2CD92EA2990100000001000000E1000000.cer",
                )],
                at("2023-01-01T00:00:00Z"),
            )
            .unwrap_or_else(|e| panic!("{leaf}: {e}"));
        assert_eq!(id.edrpou.as_deref(), Some("43395033"));
        // Today they have expired.
        let e = v
            .verify_certificate(
                &read(leaf),
                &[read(
                    "uapki/diia-CA-05E19E2CD92EA2990100000001000000E1000000.cer",
                )],
                at("2026-01-01T00:00:00Z"),
            )
            .unwrap_err();
        assert_eq!(e.kind(), "expired", "{e}");
    }
    // The key-agreement twin and the OCSP certificate are signed by the «Дія» CA (an M257 key);
    // the 2023 TSP certificate by the ЦЗО root itself (M431).
    let root = "uapki/CAO-05E19E2CD92EA2990100000001000000C1000000.cer";
    let diia = "uapki/diia-CA-05E19E2CD92EA2990100000001000000E1000000.cer";
    for (leaf, issuer) in [
        ("uapki/diia-test-kep-7775604.cer", diia),
        (
            "uapki/diia-ocsp-3ED5083160DBC59B0200000001000000202B0F00.cer",
            diia,
        ),
        (
            "uapki/diia-2023-tsp-05E19E2CD92EA29902000000010000004A010000.cer",
            root,
        ),
        (diia, root),
    ] {
        let c = read(leaf);
        let cert = Certificate::from_der(&c).unwrap();
        let ca = read(issuer);
        let ca = Certificate::from_der(&ca).unwrap();
        v.verify_signature(
            &ca.spki,
            &cert.signature_algorithm,
            None,
            cert.tbs,
            cert.signature,
        )
        .unwrap_or_else(|e| panic!("{leaf}: {e}"));
        // And not by the other one.
        let other = Certificate::from_der(&read(if issuer == diia { root } else { diia }))
            .map(|c| c.spki.raw.to_vec())
            .unwrap();
        let other_spki = ekrov_kep::pkix::SubjectPublicKeyInfo::parse(
            ekrov_kep::der::parse_one(&other, "spki").unwrap(),
        )
        .unwrap();
        assert!(
            v.verify_signature(
                &other_spki,
                &cert.signature_algorithm,
                None,
                cert.tbs,
                cert.signature
            )
            .is_err(),
            "{leaf}"
        );
    }

    // CA-Justice (M257, explicit parameters) under the ЦЗО root CZOROOT (M431), as of 2017.
    let mut ts = TrustStore::new();
    ts.add_pem_or_der_file(&data("ua-certs/CZOROOT.cer"))
        .unwrap();
    let v = Verifier::new(ts);
    // (As a leaf it would be refused for its keyUsage: it is a CA, so its link is checked alone.)
    let justice = read("ua-certs/CA-Justice.cer");
    let justice = Certificate::from_der(&justice).unwrap();
    let czo = read("ua-certs/CZOROOT.cer");
    let czo = Certificate::from_der(&czo).unwrap();
    assert_eq!(justice.issuer.raw, czo.subject.raw);
    v.verify_signature(
        &czo.spki,
        &justice.signature_algorithm,
        None,
        justice.tbs,
        justice.signature,
    )
    .unwrap();
    let e = v
        .verify_certificate(
            &read("ua-certs/CA-Justice.cer"),
            &[],
            at("2017-06-01T00:00:00Z"),
        )
        .unwrap_err();
    assert_eq!(e.kind(), "bad_chain", "{e}");
    // The self-signed root and jkurwa's self-signed certificates verify their own signatures.
    for f in [
        "ua-certs/CZOROOT.cer",
        "ua-certs/SELF_SIGNED1.cer",
        "ua-certs/SELF_SIGNED_ENC_40A0.cer",
        "ua-certs/SELF_SIGNED_ENC_6929.cer",
        "ua-certs/SELF_SIGNED_ENC_E54B.cer",
        "uapki/CAO-05E19E2CD92EA2990100000001000000C1000000.cer",
    ] {
        let d = read(f);
        let c = Certificate::from_der(&d).unwrap();
        v.verify_signature(&c.spki, &c.signature_algorithm, None, c.tbs, c.signature)
            .unwrap_or_else(|e| panic!("{f}: {e}"));
    }
    // SFS_1's issuer is not among the files: untrusted, not a crash.
    let e = v
        .verify_certificate(&read("ua-certs/SFS_1.cer"), &[], at("2017-06-01T00:00:00Z"))
        .unwrap_err();
    assert_eq!(e.kind(), "untrusted", "{e}");
}

#[test]
fn load_dir_reads_the_ukrainian_trust_files() {
    let dir = tempfile::tempdir().unwrap();
    for f in [
        "uapki/CAO-05E19E2CD92EA2990100000001000000C1000000.cer",
        "uapki/diia-CA-05E19E2CD92EA2990100000001000000E1000000.cer",
        "ua-certs/CA-Justice-ECDSA-261217.cer",
    ] {
        let name = Path::new(f).file_name().unwrap();
        std::fs::copy(data(f), dir.path().join(name)).unwrap();
    }
    std::fs::copy(
        data("uapki/BED5083160DBC59BCDDF707C10293F58BB6ED263C6EA5893D3781B61F493BE57-delta-0ABEA7.crl"),
        dir.path().join("diia-delta.crl"),
    )
    .unwrap();
    std::fs::write(dir.path().join("README.txt"), "ignored").unwrap();
    let ts = TrustStore::load_dir(dir.path()).unwrap();
    let anchors = ts.anchors();
    assert_eq!(anchors.len(), 3);
    assert_eq!(ts.crl_count(), 1);
    assert!(
        anchors
            .iter()
            .all(|a| a.expired || a.not_after > Utc::now())
    );
    let justice = anchors
        .iter()
        .find(|a| a.subject.contains("CA of the Justice of Ukraine"))
        .unwrap();
    assert!(justice.expired, "expired 2022-12-26");
    assert!(justice.is_ca);

    // A damaged trust file is an error that names it.
    std::fs::write(
        dir.path().join("broken.pem"),
        "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
    )
    .unwrap();
    let e = TrustStore::load_dir(dir.path()).err().unwrap();
    assert!(e.to_string().contains("broken.pem"), "{e}");
}
