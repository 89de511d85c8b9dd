//! Bounds and boundaries of the verifier that mutation testing showed untested: the
//! signing-time allowance to the second, the number of distribution points asked, stale and
//! newer delta CRLs, a SignedData without signers, and what parse_only and trust() report.

mod common;

use std::sync::{Arc, Mutex};

use chrono::Utc;
use common::handmade::{CrlSpec, build_crl, serial, ski};
use common::{CertSpec, KeyKind, Openssl, person_exts, person_subject, root_exts};
use ekrov_kep::der::{self, cons, oid, seq, small_int, tlv};
use ekrov_kep::pkix::crl_reason;
use ekrov_kep::{
    CrlFetcher, KepError, MAX_SIGNING_TIME_SKEW_SECS, TrustStore, Verifier, parse_only,
};

const CHALLENGE: &[u8] = b"challenge";
const HOUR: i64 = 3600;

fn pki(extra: &[String]) -> Openssl {
    let o = Openssl::new();
    o.root(&CertSpec::new(
        "root",
        "/C=UA/CN=Bounds Root",
        KeyKind::P256,
        root_exts(None),
    ));
    let mut exts: Vec<String> = person_exts("1234567899")
        .into_iter()
        .filter(|e| !e.starts_with("crlDistributionPoints"))
        .collect();
    exts.extend(extra.iter().cloned());
    o.issue(
        &CertSpec::new(
            "person",
            &person_subject("1234567899", "Петренко", "Марія"),
            KeyKind::P256,
            exts,
        ),
        "root",
    );
    o
}

fn verifier(o: &Openssl, crls: &[Vec<u8>]) -> Verifier {
    let mut t = TrustStore::new();
    t.add_der(&o.der("root")).unwrap();
    for c in crls {
        t.add_crl_der(c).unwrap();
    }
    Verifier::new(t)
}

#[test]
fn the_signing_time_allowance_holds_to_the_second() {
    let o = pki(&[]);
    let v = verifier(&o, &[]);
    let sig = o.cms_sign("person", None, CHALLENGE, false, &[]);
    let t = v
        .verify(&sig, Some(CHALLENGE), Utc::now())
        .unwrap()
        .signing_time
        .expect("openssl writes signingTime");
    let skew = chrono::Duration::seconds(MAX_SIGNING_TIME_SKEW_SECS);
    assert!(v.verify(&sig, Some(CHALLENGE), t - skew).is_ok());
    let e = v
        .verify(
            &sig,
            Some(CHALLENGE),
            t - skew - chrono::Duration::seconds(1),
        )
        .unwrap_err();
    assert_eq!(e.kind(), "signing_time_in_future", "{e}");
}

#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Vec<String>>>);

impl CrlFetcher for Recorder {
    fn fetch(&self, url: &str) -> Result<Option<Vec<u8>>, KepError> {
        self.0.lock().unwrap().push(url.to_string());
        Ok(None)
    }
}

#[test]
fn at_most_eight_distribution_points_are_asked_each_once() {
    let urls: Vec<String> = (0..12)
        .map(|i| format!("URI:http://ca{}.example.invalid/ca.crl", i % 10))
        .collect();
    let o = pki(&[format!("crlDistributionPoints = {}", urls.join(", "))]);
    let rec = Recorder::default();
    let v = verifier(&o, &[]).with_crl_fetcher(Box::new(rec.clone()));
    v.verify_certificate(&o.der("person"), &[], Utc::now())
        .unwrap();
    let asked = rec.0.lock().unwrap().clone();
    let want: Vec<String> = (0..8)
        .map(|i| format!("http://ca{i}.example.invalid/ca.crl"))
        .collect();
    assert_eq!(asked, want);
}

#[test]
fn deltas_not_applied_still_revoke() {
    let o = pki(&[]);
    let (sn, aki, now) = (
        serial(&o, "person"),
        ski(&o, "root"),
        Utc::now().timestamp(),
    );
    let crl = |n: u64, base: Option<u64>, next: i64, revoked: bool| {
        let mut s = CrlSpec::new(now - HOUR, now + next);
        s.number = Some(n);
        s.delta_base = base;
        s.aki = Some(aki.clone());
        if revoked {
            s = s.revoke(&sn, now - HOUR, Some(crl_reason::CERTIFICATE_HOLD));
        }
        build_crl(&o, "root", &s)
    };
    let check = |crls: &[Vec<u8>]| match verifier(&o, crls).verify_certificate(
        &o.der("person"),
        &[],
        Utc::now(),
    ) {
        Ok(_) => "ok",
        Err(e) => e.kind(),
    };
    // A stale delta newer than the base: not applied, but what it revokes stays revoked.
    assert_eq!(
        check(&[crl(5, None, HOUR, false), crl(6, Some(5), -3 * HOUR, true)]),
        "revoked"
    );
    // A fresh delta 6 is applied; a stale, newer delta 7 still revokes.
    assert_eq!(
        check(&[
            crl(5, None, HOUR, false),
            crl(6, Some(5), HOUR, false),
            crl(7, Some(5), -3 * HOUR, true)
        ]),
        "revoked"
    );
    assert_eq!(
        check(&[crl(5, None, HOUR, false), crl(6, Some(5), HOUR, false)]),
        "ok"
    );
}

#[test]
fn a_signed_data_without_signers_is_named_so() {
    let sd = seq(&[
        &small_int(1),
        &cons(der::SET, &[]),
        &seq(&[
            &oid("1.2.840.113549.1.7.1"),
            &cons(der::ctx_cons(0), &[&der::octets(CHALLENGE)]),
        ]),
        &cons(der::SET, &[]),
    ]);
    let ci = seq(&[&oid("1.2.840.113549.1.7.2"), &tlv(der::ctx_cons(0), &sd)]);
    let v = Verifier::new(TrustStore::new());
    let e = v.verify(&ci, None, Utc::now()).unwrap_err();
    assert_eq!(e, KepError::Malformed("no SignerInfo".into()));
}

#[test]
fn parse_only_counts_certificates_and_trust_lists_anchors() {
    let o = pki(&[]);
    let v = verifier(&o, &[]);
    assert_eq!(v.trust().len(), 1);
    let sig = o.cms_sign("person", None, CHALLENGE, false, &[]);
    assert_eq!(parse_only(&sig).unwrap(), 1);
    let with_root = o.cms_sign("person", Some("root"), CHALLENGE, false, &[]);
    assert_eq!(parse_only(&with_root).unwrap(), 2);
}
