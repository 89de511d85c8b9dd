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

fn assert_dstu_refusal(e: &KepError) {
    match e {
        KepError::UnsupportedAlgorithm(m) => {
            assert!(
                m.contains("1.2.804.2.1.1.1.1."),
                "names the Ukrainian OID: {m}"
            );
            assert!(
                m.contains("DSTU") || m.contains("GOST"),
                "names the algorithm: {m}"
            );
        }
        other => panic!("expected UnsupportedAlgorithm, got {other:?}"),
    }
    assert_eq!(e.code(), "unsupported_algorithm");
}

#[test]
fn dstu_signed_messages_are_a_typed_refusal() {
    let mut ts = TrustStore::new();
    ts.add_pem_or_der_file(&data("ua-certs/SELF_SIGNED1.cer"))
        .unwrap();
    let v = Verifier::new(ts);
    let when = at("2019-02-12T19:33:20Z");
    // Attached; its signed attributes are not in DER SET OF order, and that must not matter.
    let e = v
        .verify(&read("ua-certs/message.p7"), None, when)
        .unwrap_err();
    assert_dstu_refusal(&e);
    let e = v
        .verify(&read("ua-certs/message_detached.p7"), Some(b"123"), when)
        .unwrap_err();
    assert_dstu_refusal(&e);
    assert_eq!(
        v.verify(&read("ua-certs/message_detached.p7"), None, when)
            .unwrap_err(),
        KepError::NoContent
    );
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

#[test]
fn dstu_chains_are_a_typed_refusal() {
    // «Дія» test signer → «Дія» CA → ЦЗО root, as of a time inside their validity.
    let mut ts = TrustStore::new();
    ts.add_pem_or_der_file(&data(
        "uapki/CAO-05E19E2CD92EA2990100000001000000C1000000.cer",
    ))
    .unwrap();
    ts.add_crl_file(&data(
        "uapki/BED5083160DBC59BCDDF707C10293F58BB6ED263C6EA5893D3781B61F493BE57-delta-0ABEA7.crl",
    ))
    .unwrap();
    assert_eq!(ts.crl_count(), 1);
    let v = Verifier::new(ts);
    let e = v
        .verify_certificate(
            &read("uapki/diia-test-sign-7775603.cer"),
            &[read(
                "uapki/diia-CA-05E19E2CD92EA2990100000001000000E1000000.cer",
            )],
            at("2023-01-01T00:00:00Z"),
        )
        .unwrap_err();
    assert_dstu_refusal(&e);

    // The ЦЗО root (self-signed, DSTU) and the jkurwa self-signed pairs: the same refusal.
    let mut ts = TrustStore::new();
    ts.add_pem_or_der_file(&data("ua-certs/CZOROOT.cer"))
        .unwrap();
    let v = Verifier::new(ts);
    let e = v
        .verify_certificate(
            &read("ua-certs/CA-Justice.cer"),
            &[],
            at("2017-06-01T00:00:00Z"),
        )
        .unwrap_err();
    assert_dstu_refusal(&e);
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
