//! The edges `cargo mutants` found untested (issue 17, item 14): the content-type attribute
//! against eContentType, attached and detached content that differ, key identifiers in path
//! building, v1 anchors, `TINUA-` forms, the exact validity instants, BMP and Universal strings.

mod common;

use chrono::{TimeZone, Utc};
use common::handmade::{name, utf8};
use common::{CertSpec, KeyKind, Openssl, person_exts, person_subject, root_exts};
use ekrov_kep::der::{self, tlv};
use ekrov_kep::pkix::{Certificate, Name};
use ekrov_kep::{KepError, SignerIdentity, TrustStore, Verifier};

const CHALLENGE: &[u8] = b"ekrov login challenge: nonce 0123456789abcdef";

fn days(n: i64) -> String {
    (Utc::now() + chrono::Duration::days(n))
        .format("%Y%m%d%H%M%SZ")
        .to_string()
}

fn at(secs: i64) -> chrono::DateTime<Utc> {
    Utc.timestamp_opt(secs, 0).unwrap()
}

fn find(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len())
        .position(|w| w == needle)
        .expect("needle present")
}

fn trust(o: &Openssl, anchors: &[&str]) -> Verifier {
    let mut t = TrustStore::new();
    for a in anchors {
        t.add_der(&o.der(a)).unwrap();
    }
    Verifier::new(t)
}

/// A root and a person under it.
fn simple() -> Openssl {
    let o = Openssl::new();
    o.root(&CertSpec::new(
        "root",
        "/C=UA/CN=Edge Root",
        KeyKind::P256,
        root_exts(None),
    ));
    o.issue(
        &CertSpec::new(
            "person",
            &person_subject("1234567899", "Петренко", "Марія"),
            KeyKind::P256,
            person_exts("1234567899"),
        ),
        "root",
    );
    o
}

#[test]
fn the_content_type_attribute_must_name_the_econtent_type() {
    let o = simple();
    let v = trust(&o, &["root"]);
    let mut sig = o.cms_sign("person", None, CHALLENGE, false, &[]);
    v.verify(&sig, Some(CHALLENGE), Utc::now()).unwrap();
    // eContentType is outside the signed attributes: change it from id-data to another type
    // and the signature still verifies, but the signed contentType no longer names it.
    let id_data = der::oid("1.2.840.113549.1.7.1");
    let i = find(&sig, &id_data) + id_data.len() - 1;
    sig[i] = 0x05;
    let e = v.verify(&sig, Some(CHALLENGE), Utc::now()).unwrap_err();
    assert_eq!(e.kind(), "malformed", "{e}");
    assert!(e.to_string().contains("contentType"), "{e}");
}

#[test]
fn embedded_content_that_differs_from_the_detached_content_is_refused() {
    let o = simple();
    let v = trust(&o, &["root"]);
    let mut sig = o.cms_sign("person", None, CHALLENGE, true, &[]);
    // The embedded copy is not signed itself (its digest is): swap it for other bytes.
    let i = find(&sig, CHALLENGE);
    sig[i..i + CHALLENGE.len()].copy_from_slice(&[b'x'; CHALLENGE.len()]);
    assert_eq!(
        v.verify(&sig, None, Utc::now()).unwrap_err(),
        KepError::DigestMismatch
    );
    // The detached copy matches the signed digest, but the signature carries other content.
    assert_eq!(
        v.verify(&sig, Some(CHALLENGE), Utc::now()).unwrap_err(),
        KepError::DigestMismatch
    );
}

#[test]
fn path_building_follows_the_key_identifier_among_same_named_issuers() {
    let o = Openssl::new();
    // One CA key, two certificates for it: an expired one with another key id, and the current.
    let mut old = CertSpec::new(
        "root_old",
        "/C=UA/CN=Rekeyed Root",
        KeyKind::P256,
        root_exts(None),
    );
    old.extensions[2] = "subjectKeyIdentifier = 0102030405060708".into();
    old.start = Some(days(-400));
    old.end = Some(days(-10));
    o.root(&old);
    o.root_reusing_key(
        &CertSpec::new(
            "root",
            "/C=UA/CN=Rekeyed Root",
            KeyKind::P256,
            root_exts(None),
        ),
        "root_old",
    );
    o.issue(
        &CertSpec::new(
            "person",
            &person_subject("1234567899", "Петренко", "Марія"),
            KeyKind::P256,
            person_exts("1234567899"),
        ),
        "root",
    );
    // The expired anchor comes first; its signature would verify, its key id does not match.
    let v = trust(&o, &["root_old", "root"]);
    let r = v.verify_certificate(&o.der("person"), &[], Utc::now());
    assert!(r.is_ok(), "{r:?}");

    // The same among untrusted intermediates in the CMS pool.
    let o = Openssl::new();
    o.root(&CertSpec::new(
        "root",
        "/C=UA/CN=Pool Root",
        KeyKind::P256,
        root_exts(None),
    ));
    let mut old = CertSpec::new(
        "inter_old",
        "/C=UA/CN=Pool Issuing CA",
        KeyKind::P256,
        common::inter_exts(Some(0)),
    );
    old.extensions[2] = "subjectKeyIdentifier = 0102030405060708".into();
    old.start = Some(days(-1));
    old.end = Some(days(-0)); // ends now: expired by the time it is checked
    o.issue(&old, "root");
    o.issue_reusing_key(
        &CertSpec::new(
            "inter",
            "/C=UA/CN=Pool Issuing CA",
            KeyKind::P256,
            common::inter_exts(Some(0)),
        ),
        "root",
        "inter_old",
    );
    o.issue(
        &CertSpec::new(
            "person",
            &person_subject("1234567899", "Петренко", "Марія"),
            KeyKind::P256,
            person_exts("1234567899"),
        ),
        "inter",
    );
    let v = trust(&o, &["root"]);
    let pool = [o.der("inter_old"), o.der("inter")];
    let later = Utc::now() + chrono::Duration::seconds(5);
    let r = v.verify_certificate(&o.der("person"), &pool, later);
    assert!(r.is_ok(), "{r:?}");
}

/// The subject Name DER of `<name>.pem`.
fn subject_of(o: &Openssl, n: &str) -> Vec<u8> {
    let der = o.der(n);
    Certificate::from_der(&der).unwrap().subject.raw.to_vec()
}

fn write_pem(o: &Openssl, name: &str, der: &[u8]) {
    std::fs::write(
        o.path(&format!("{name}.pem")),
        ekrov_kep::dev_pki::pem("CERTIFICATE", der),
    )
    .unwrap();
}

/// A person's extensions without the authority key id (a v1 issuer has no key id).
fn person_exts_no_aki() -> Vec<String> {
    person_exts("1234567899")
        .into_iter()
        .filter(|e| !e.starts_with("authorityKeyIdentifier"))
        .collect()
}

#[test]
fn a_v1_self_signed_anchor_may_issue_and_nothing_else_without_basic_constraints() {
    let o = Openssl::new();
    let now = Utc::now().timestamp();
    // (a) A trusted v1 self-signed root (as old national roots are).
    o.genkey("v1root", KeyKind::P256);
    let n = name(&[
        ("2.5.4.6", tlv(der::PRINTABLE_STRING, b"UA")),
        ("2.5.4.3", utf8("V1 Root")),
    ]);
    let v1 = o.v1_cert(&n, "v1root", &n, "v1root", now - 86400, now + 86400 * 30);
    assert_eq!(Certificate::from_der(&v1).unwrap().version, 0);
    write_pem(&o, "v1root", &v1);
    let spec = |n| {
        CertSpec::new(
            n,
            &person_subject("1234567899", "Петренко", "Марія"),
            KeyKind::P256,
            person_exts_no_aki(),
        )
    };
    o.issue(&spec("under_v1"), "v1root");
    let v = trust(&o, &["v1root"]);
    let r = v.verify_certificate(&o.der("under_v1"), &[], Utc::now());
    assert!(r.is_ok(), "{r:?}");

    // (b) A v1 self-issued certificate that is not an anchor is not a CA.
    o.root(&CertSpec::new(
        "root",
        "/C=UA/CN=V3 Root",
        KeyKind::P256,
        root_exts(None),
    ));
    let rn = subject_of(&o, "root");
    o.genkey("v1inter", KeyKind::P256);
    let inter = o.v1_cert(&rn, "v1inter", &rn, "root", now - 86400, now + 86400 * 30);
    write_pem(&o, "v1inter", &inter);
    o.issue(&spec("under_v1inter"), "v1inter");
    let v = trust(&o, &["root"]);
    let e = v
        .verify_certificate(
            &o.der("under_v1inter"),
            std::slice::from_ref(&inter),
            Utc::now(),
        )
        .unwrap_err();
    assert_eq!(e.kind(), "bad_chain", "{e}");
    assert!(e.to_string().contains("not a CA"), "{e}");

    // (c) A v3 self-signed anchor without basicConstraints is not a CA either.
    o.root(&CertSpec::new(
        "nobc_root",
        "/C=UA/CN=No BC Root",
        KeyKind::P256,
        vec![
            "keyUsage = critical, keyCertSign, cRLSign".into(),
            "subjectKeyIdentifier = hash".into(),
        ],
    ));
    o.issue(&spec("under_nobc"), "nobc_root");
    let v = trust(&o, &["nobc_root"]);
    let e = v
        .verify_certificate(&o.der("under_nobc"), &[], Utc::now())
        .unwrap_err();
    assert_eq!(e.kind(), "bad_chain", "{e}");
}

#[test]
fn validity_is_inclusive_of_its_exact_first_and_last_second() {
    let o = Openssl::new();
    o.root(&CertSpec::new(
        "root",
        "/C=UA/CN=Instant Root",
        KeyKind::P256,
        root_exts(None),
    ));
    let mut s = CertSpec::new(
        "person",
        &person_subject("1234567899", "Петренко", "Марія"),
        KeyKind::P256,
        person_exts("1234567899"),
    );
    let nb = Utc::now() - chrono::Duration::hours(12);
    let na = Utc::now() + chrono::Duration::days(30);
    s.start = Some(nb.format("%Y%m%d%H%M%SZ").to_string());
    s.end = Some(na.format("%Y%m%d%H%M%SZ").to_string());
    o.issue(&s, "root");
    let der = o.der("person");
    let c = Certificate::from_der(&der).unwrap();
    assert_eq!(c.not_before, nb.timestamp());
    let v = trust(&o, &["root"]);
    let check = |t: i64| match v.verify_certificate(&der, &[], at(t)) {
        Ok(_) => "ok",
        Err(e) => e.kind(),
    };
    assert_eq!(check(c.not_before - 1), "not_yet_valid");
    assert_eq!(check(c.not_before), "ok");
    assert_eq!(check(c.not_after), "ok");
    assert_eq!(check(c.not_after + 1), "expired");
}

#[test]
fn rnokpp_from_the_subject_serial_number_in_each_form() {
    let o = Openssl::new();
    o.root(&CertSpec::new(
        "root",
        "/C=UA/CN=TIN Root",
        KeyKind::P256,
        root_exts(None),
    ));
    // No subjectDirectoryAttributes: the serialNumber is all there is.
    let exts: Vec<String> = person_exts("0")
        .into_iter()
        .filter(|e| !e.starts_with("2.5.29.9"))
        .collect();
    let cases: [(&str, Option<&str>); 8] = [
        ("TINUA-1234567899", Some("1234567899")),
        ("TINUA-12345678", Some("12345678")),
        ("TINUA-", None),
        ("TINUA-12a4", None),
        ("1234567899", Some("1234567899")),
        ("123456789", None),
        ("12345678990", None),
        ("12345678x9", None),
    ];
    for (i, (sn, want)) in cases.iter().enumerate() {
        let n = format!("p{i}");
        o.issue(
            &CertSpec::new(
                &n,
                &format!("/C=UA/CN=Тест/serialNumber={sn}"),
                KeyKind::P256,
                exts.clone(),
            ),
            "root",
        );
        let der = o.der(&n);
        let id = SignerIdentity::from_certificate(&Certificate::from_der(&der).unwrap());
        assert_eq!(id.rnokpp.as_deref(), *want, "serialNumber {sn:?}");
    }
}

fn bmp(s: &str) -> Vec<u8> {
    let b: Vec<u8> = s.encode_utf16().flat_map(u16::to_be_bytes).collect();
    tlv(der::BMP_STRING, &b)
}

fn universal(s: &str) -> Vec<u8> {
    let b: Vec<u8> = s.chars().flat_map(|c| (c as u32).to_be_bytes()).collect();
    tlv(der::UNIVERSAL_STRING, &b)
}

#[test]
fn bmp_and_universal_strings_in_names_are_decoded() {
    let n = name(&[
        ("2.5.4.3", bmp("Петренко Марія 𝕏")),
        ("2.5.4.4", universal("Петренко 𝕏")),
        ("2.5.4.42", tlv(der::BMP_STRING, &[0x04])), // odd length
        (
            "2.5.4.10",
            tlv(der::UNIVERSAL_STRING, &[0, 0, 0x04, 0x1f, 0]),
        ), // not a multiple of 4
        ("2.5.4.11", tlv(der::UNIVERSAL_STRING, &[0, 0, 0xd8, 0])), // a surrogate: no char
    ]);
    let name = Name::parse(der::parse_one(&n, "Name").unwrap()).unwrap();
    let oid = |d: &str| der::oid_content(d);
    assert_eq!(
        name.get(&oid("2.5.4.3")).as_deref(),
        Some("Петренко Марія 𝕏")
    );
    assert_eq!(name.get(&oid("2.5.4.4")).as_deref(), Some("Петренко 𝕏"));
    assert_eq!(name.get(&oid("2.5.4.42")), None);
    assert_eq!(name.get(&oid("2.5.4.10")), None);
    assert_eq!(name.get(&oid("2.5.4.11")).as_deref(), Some("\u{fffd}"));
    let text = name.to_text();
    assert!(
        text.starts_with("CN=Петренко Марія 𝕏, SN=Петренко 𝕏, GN=#1e0104"),
        "{text}"
    );
}
