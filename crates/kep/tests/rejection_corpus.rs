//! The rejection corpus: each case with its exact error and API code; for every chain,
//! `openssl verify` and ekrov agree on accept or reject.

mod common;

use std::path::PathBuf;

use chrono::Utc;
use common::{CertSpec, KeyKind, Openssl, inter_exts, person_exts, person_subject, root_exts};
use ekrov_kep::{KepError, TrustStore, Verifier};

const CHALLENGE: &[u8] = b"ekrov login challenge: nonce 0123456789abcdef";

fn days(n: i64) -> String {
    (Utc::now() + chrono::Duration::days(n))
        .format("%Y%m%d%H%M%SZ")
        .to_string()
}

struct Case {
    name: &'static str,
    /// The leaf's file stem; its issuer chain is `untrusted`, anchors `anchors`.
    leaf: &'static str,
    untrusted: Vec<&'static str>,
    anchors: Vec<&'static str>,
    crl: Option<PathBuf>,
    /// None = accepted; Some((kind, api code)).
    expect: Option<(&'static str, &'static str)>,
}

fn person(o: &Openssl, name: &str, issuer: &str, f: impl FnOnce(&mut CertSpec<'_>)) {
    let mut s = CertSpec::new(
        name,
        &person_subject("1234567899", "Петренко", "Марія"),
        KeyKind::P256,
        person_exts("1234567899"),
    );
    f(&mut s);
    o.issue(&s, issuer);
}

/// Build the corpus PKI.
fn build() -> (Openssl, Vec<Case>) {
    let o = Openssl::new();
    o.root(&CertSpec::new(
        "root",
        "/C=UA/CN=Corpus Root",
        KeyKind::P256,
        root_exts(None),
    ));
    o.issue(
        &CertSpec::new(
            "inter",
            "/C=UA/CN=Corpus Issuing CA",
            KeyKind::P256,
            inter_exts(Some(0)),
        ),
        "root",
    );
    o.root(&CertSpec::new(
        "other_root",
        "/C=UA/CN=Untrusted Root",
        KeyKind::P256,
        root_exts(None),
    ));
    o.issue(
        &CertSpec::new(
            "other_inter",
            "/C=UA/CN=Untrusted Issuing CA",
            KeyKind::P256,
            inter_exts(Some(0)),
        ),
        "other_root",
    );

    // A CA without keyCertSign.
    let mut no_kcs = CertSpec::new(
        "inter_nokcs",
        "/C=UA/CN=CA without keyCertSign",
        KeyKind::P256,
        inter_exts(Some(0)),
    );
    no_kcs.extensions[1] = "keyUsage = critical, digitalSignature, cRLSign".into();
    o.issue(&no_kcs, "root");
    // pathLen: a root allowing 0 intermediates, with one.
    o.root(&CertSpec::new(
        "root_pl0",
        "/C=UA/CN=Root pathlen 0",
        KeyKind::P256,
        root_exts(Some(0)),
    ));
    o.issue(
        &CertSpec::new(
            "inter_pl",
            "/C=UA/CN=Issuing CA under pathlen 0",
            KeyKind::P256,
            inter_exts(None),
        ),
        "root_pl0",
    );
    // A CA that is not a CA (basicConstraints CA:FALSE).
    let mut not_ca = CertSpec::new(
        "inter_notca",
        "/C=UA/CN=Not a CA",
        KeyKind::P256,
        inter_exts(None),
    );
    not_ca.extensions[0] = "basicConstraints = critical, CA:FALSE".into();
    not_ca.extensions[1] = "keyUsage = critical, digitalSignature".into();
    o.issue(&not_ca, "root");

    person(&o, "good", "inter", |_| {});
    person(&o, "untrusted", "other_inter", |_| {});
    person(&o, "expired", "inter", |s| {
        s.start = Some(days(-400));
        s.end = Some(days(-30));
    });
    person(&o, "notyet", "inter", |s| {
        s.start = Some(days(30));
        s.end = Some(days(400));
    });
    person(&o, "under_nokcs", "inter_nokcs", |_| {});
    person(&o, "under_pl", "inter_pl", |_| {});
    person(&o, "under_notca", "inter_notca", |_| {});
    person(&o, "critical_ext", "inter", |s| {
        s.extensions
            .push("1.2.3.4.5.6.7.8 = critical, DER:0500".into())
    });
    person(&o, "ku_keyenc", "inter", |s| {
        s.extensions[1] = "keyUsage = critical, keyEncipherment".into()
    });
    person(&o, "revoked", "inter", |_| {});
    person(&o, "good_with_crl", "inter", |_| {});
    let crl = o.revoke_and_gencrl("revoked", "inter");

    let c = |name,
             leaf,
             untrusted: Vec<&'static str>,
             anchors: Vec<&'static str>,
             crl: Option<PathBuf>,
             expect| Case {
        name,
        leaf,
        untrusted,
        anchors,
        crl,
        expect,
    };
    let cases = vec![
        c(
            "good chain",
            "good",
            vec!["inter"],
            vec!["root"],
            None,
            None,
        ),
        c(
            "good chain, CRL checked",
            "good_with_crl",
            vec!["inter"],
            vec!["root"],
            Some(crl.clone()),
            None,
        ),
        c(
            "untrusted CA",
            "untrusted",
            vec!["other_inter"],
            vec!["root"],
            None,
            Some(("untrusted", "certificate_untrusted")),
        ),
        c(
            "expired",
            "expired",
            vec!["inter"],
            vec!["root"],
            None,
            Some(("expired", "certificate_expired")),
        ),
        c(
            "not yet valid",
            "notyet",
            vec!["inter"],
            vec!["root"],
            None,
            Some(("not_yet_valid", "certificate_expired")),
        ),
        c(
            "CA without keyCertSign",
            "under_nokcs",
            vec!["inter_nokcs"],
            vec!["root"],
            None,
            Some(("bad_chain", "certificate_untrusted")),
        ),
        c(
            "pathLen exceeded",
            "under_pl",
            vec!["inter_pl"],
            vec!["root_pl0"],
            None,
            Some(("bad_chain", "certificate_untrusted")),
        ),
        c(
            "issuer is not a CA",
            "under_notca",
            vec!["inter_notca"],
            vec!["root"],
            None,
            Some(("bad_chain", "certificate_untrusted")),
        ),
        c(
            "unknown critical extension",
            "critical_ext",
            vec!["inter"],
            vec!["root"],
            None,
            Some(("bad_chain", "certificate_untrusted")),
        ),
        c(
            "revoked by CRL",
            "revoked",
            vec!["inter"],
            vec!["root"],
            Some(crl),
            Some(("revoked", "certificate_revoked")),
        ),
    ];
    (o, cases)
}

fn verifier(o: &Openssl, anchors: &[&str], crl: Option<&PathBuf>) -> Verifier {
    let mut ts = TrustStore::new();
    for a in anchors {
        ts.add_der(&o.der(a)).unwrap();
    }
    if let Some(c) = crl {
        assert_eq!(ts.add_crl_file(c).unwrap(), 1);
    }
    Verifier::new(ts)
}

#[test]
fn rejection_corpus_and_openssl_agreement() {
    let (o, cases) = build();
    let mut report = Vec::new();
    for case in &cases {
        let v = verifier(&o, &case.anchors, case.crl.as_ref());
        // The whole login: openssl signs the challenge with the leaf's key, ekrov verifies.
        let chain: Vec<&str> = case.untrusted.clone();
        let sig = o.cms_sign(case.leaf, chain.first().copied(), CHALLENGE, false, &[]);
        let got = v.verify(&sig, Some(CHALLENGE), Utc::now());
        match (&case.expect, &got) {
            (None, Ok(r)) => assert_eq!(r.signer.rnokpp.as_deref(), Some("1234567899")),
            (Some((kind, code)), Err(e)) => {
                assert_eq!(e.kind(), *kind, "{}: {e}", case.name);
                assert_eq!(e.code(), *code, "{}: {e}", case.name);
            }
            (want, got) => panic!(
                "{}: wanted {:?}, got {:?}",
                case.name,
                want,
                got.as_ref().map(|_| "accepted")
            ),
        }
        // The same chain through verify_certificate.
        let pool: Vec<Vec<u8>> = case.untrusted.iter().map(|u| o.der(u)).collect();
        let chain_ok = v
            .verify_certificate(&o.der(case.leaf), &pool, Utc::now())
            .is_ok();
        assert_eq!(chain_ok, got.is_ok(), "{}", case.name);

        // openssl verify on the same chain.
        let (ossl_ok, out) = o.verify(
            case.leaf,
            &case.anchors,
            &case.untrusted,
            case.crl.as_deref(),
            false,
        );
        assert_eq!(
            ossl_ok,
            got.is_ok(),
            "{}: openssl and ekrov disagree (openssl: {out}; ekrov: {:?})",
            case.name,
            got.as_ref().err()
        );
        report.push(format!(
            "{:<32} ekrov={:<28} openssl={}",
            case.name,
            got.as_ref()
                .map(|_| "accept".to_string())
                .unwrap_or_else(|e| format!("reject {}", e.code())),
            if ossl_ok { "accept" } else { "reject" }
        ));
    }
    eprintln!("{}", report.join("\n"));
}

fn good_signature() -> (Openssl, Verifier, Vec<u8>) {
    let o = Openssl::new();
    o.root(&CertSpec::new(
        "root",
        "/C=UA/CN=Corpus Root",
        KeyKind::P256,
        root_exts(None),
    ));
    o.issue(
        &CertSpec::new(
            "inter",
            "/C=UA/CN=Corpus Issuing CA",
            KeyKind::P256,
            inter_exts(Some(0)),
        ),
        "root",
    );
    person(&o, "good", "inter", |_| {});
    let v = verifier(&o, &["root"], None);
    let sig = o.cms_sign("good", Some("inter"), CHALLENGE, false, &[]);
    v.verify(&sig, Some(CHALLENGE), Utc::now())
        .expect("the untampered signature verifies");
    (o, v, sig)
}

fn find(hay: &[u8], needle: &[u8]) -> usize {
    hay.windows(needle.len())
        .position(|w| w == needle)
        .expect("pattern present")
}

#[test]
fn tampered_content() {
    let (_o, v, sig) = good_signature();
    let e = v
        .verify(
            &sig,
            Some(b"ekrov login challenge: nonce 0123456789abcdeF"),
            Utc::now(),
        )
        .unwrap_err();
    assert_eq!(e, KepError::DigestMismatch);
    assert_eq!(e.code(), "signature_invalid");
}

#[test]
fn tampered_signature() {
    let (_o, v, mut sig) = good_signature();
    // The SignerInfo's signature OCTET STRING ends the DER (no unsigned attributes): flip its last byte.
    let n = sig.len();
    sig[n - 1] ^= 0x01;
    let e = v.verify(&sig, Some(CHALLENGE), Utc::now()).unwrap_err();
    assert_eq!(e.kind(), "signature_invalid", "{e}");
    assert_eq!(e.code(), "signature_invalid");
}

#[test]
fn wrong_message_digest_attribute() {
    let (_o, v, mut sig) = good_signature();
    // messageDigest attribute: OID 1.2.840.113549.1.9.4, SET, OCTET STRING(32).
    let at = find(
        &sig,
        &[
            0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x04, 0x31, 0x22, 0x04,
            0x20,
        ],
    );
    sig[at + 15] ^= 0xff;
    let e = v.verify(&sig, Some(CHALLENGE), Utc::now()).unwrap_err();
    assert_eq!(e, KepError::DigestMismatch);
    assert_eq!(e.code(), "signature_invalid");
}

#[test]
fn signing_time_in_the_future() {
    let (_o, v, sig) = good_signature();
    let e = v
        .verify(
            &sig,
            Some(CHALLENGE),
            Utc::now() - chrono::Duration::minutes(10),
        )
        .unwrap_err();
    assert_eq!(e.kind(), "signing_time_in_future", "{e}");
    assert_eq!(e.code(), "signature_invalid");
    // Within the 5-minute allowance it passes.
    v.verify(
        &sig,
        Some(CHALLENGE),
        Utc::now() - chrono::Duration::minutes(4),
    )
    .unwrap();
}

#[test]
fn attached_and_detached_content_must_agree() {
    let o = Openssl::new();
    o.root(&CertSpec::new(
        "root",
        "/C=UA/CN=Corpus Root",
        KeyKind::P256,
        root_exts(None),
    ));
    person(&o, "good", "root", |_| {});
    let v = verifier(&o, &["root"], None);
    let sig = o.cms_sign("good", None, CHALLENGE, true, &[]);
    assert_eq!(v.verify(&sig, None, Utc::now()).unwrap().content, CHALLENGE);
    assert_eq!(
        v.verify(&sig, Some(CHALLENGE), Utc::now()).unwrap().content,
        CHALLENGE
    );
    assert_eq!(
        v.verify(&sig, Some(b"other"), Utc::now()).unwrap_err(),
        KepError::DigestMismatch
    );
    let detached = o.cms_sign("good", None, CHALLENGE, false, &[]);
    assert_eq!(
        v.verify(&detached, None, Utc::now()).unwrap_err(),
        KepError::NoContent
    );
}

#[test]
fn key_usage_without_signing_bits_is_refused() {
    let (o, _cases) = build();
    let v = verifier(&o, &["root"], None);
    let e = v
        .verify_certificate(&o.der("ku_keyenc"), &[o.der("inter")], Utc::now())
        .unwrap_err();
    assert_eq!(e.kind(), "bad_chain", "{e}");
}

#[test]
fn crl_signed_by_someone_else_does_not_revoke() {
    let (o, _cases) = build();
    // A CA with the same name as the issuing CA but another key "revokes" the good certificate:
    // its CRL does not verify with the real issuer's key, so it revokes nothing.
    o.issue(
        &CertSpec::new(
            "fake_inter",
            "/C=UA/CN=Corpus Issuing CA",
            KeyKind::P256,
            inter_exts(Some(0)),
        ),
        "other_root",
    );
    let forged = o.revoke_and_gencrl("good", "fake_inter");
    let v = verifier(&o, &["root"], Some(&forged));
    v.verify_certificate(&o.der("good"), &[o.der("inter")], Utc::now())
        .unwrap();
    // And the genuine CRL does revoke.
    let real = o.revoke_and_gencrl("good", "inter");
    let v = verifier(&o, &["root"], Some(&real));
    let e = v
        .verify_certificate(&o.der("good"), &[o.der("inter")], Utc::now())
        .unwrap_err();
    assert_eq!(e.code(), "certificate_revoked");
}
