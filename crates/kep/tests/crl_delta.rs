//! Revocation from complete and delta CRLs (RFC 5280 §5.2.4), nextUpdate with a grace, the
//! CRL's authority key id, and the real CRLs of the vectors.

mod common;

use std::collections::HashMap;

use chrono::{Duration, TimeZone, Utc};
use common::handmade::{CrlSpec, build_crl, serial, ski};
use common::{CertSpec, KeyKind, Openssl, person_exts, person_subject, root_exts};
use ekrov_kep::pkix::{Crl, crl_reason};
use ekrov_kep::{CrlFetcher, KepError, TrustStore, Verifier};

const HOUR: i64 = 3600;

struct Pki {
    o: Openssl,
    now: i64,
    serial: Vec<u8>,
    ski: Vec<u8>,
}

/// A root and a person under it; the person's certificate names a freshestCRL.
fn pki() -> Pki {
    let o = Openssl::new();
    o.root(&CertSpec::new(
        "root",
        "/C=UA/CN=CRL Root",
        KeyKind::P256,
        root_exts(None),
    ));
    let mut exts = person_exts("1234567899");
    exts.push("freshestCRL = URI:http://ca.example.invalid/delta.crl".into());
    o.issue(
        &CertSpec::new(
            "person",
            &person_subject("1234567899", "Петренко", "Марія"),
            KeyKind::P256,
            exts,
        ),
        "root",
    );
    Pki {
        serial: serial(&o, "person"),
        ski: ski(&o, "root"),
        now: Utc::now().timestamp(),
        o,
    }
}

impl Pki {
    /// A complete CRL numbered `n`, issued an hour ago, due in a day, with the root's key id.
    fn full(&self, n: u64) -> CrlSpec {
        let mut s = CrlSpec::new(self.now - HOUR, self.now + 24 * HOUR);
        s.number = Some(n);
        s.aki = Some(self.ski.clone());
        s
    }

    /// A delta CRL numbered `n` over base `base`.
    fn delta(&self, n: u64, base: u64) -> CrlSpec {
        let mut s = self.full(n);
        s.delta_base = Some(base);
        s.this_update = self.now - 60;
        s.next_update = Some(self.now + 2 * HOUR);
        s
    }

    fn hold(&self, s: CrlSpec) -> CrlSpec {
        let serial = self.serial.clone();
        s.revoke(
            &serial,
            self.now - 2 * HOUR,
            Some(crl_reason::CERTIFICATE_HOLD),
        )
    }

    fn unhold(&self, s: CrlSpec) -> CrlSpec {
        let serial = self.serial.clone();
        s.revoke(
            &serial,
            self.now - 2 * HOUR,
            Some(crl_reason::REMOVE_FROM_CRL),
        )
    }

    fn revoke(&self, s: CrlSpec) -> CrlSpec {
        let serial = self.serial.clone();
        s.revoke(&serial, self.now - 2 * HOUR, Some(1))
    }

    fn verifier(&self, crls: &[CrlSpec]) -> Verifier {
        let mut t = TrustStore::new();
        t.add_der(&self.o.der("root")).unwrap();
        for c in crls {
            t.add_crl_der(&build_crl(&self.o, "root", c)).unwrap();
        }
        Verifier::new(t)
    }

    /// Verify the person's certificate at `now + offset` seconds.
    fn check(&self, v: &Verifier, offset: i64) -> Result<(), KepError> {
        let at = Utc.timestamp_opt(self.now + offset, 0).unwrap();
        v.verify_certificate(&self.o.der("person"), &[], at)
            .map(|_| ())
    }
}

fn kind(r: Result<(), KepError>) -> &'static str {
    match r {
        Ok(()) => "ok",
        Err(e) => e.kind(),
    }
}

#[test]
fn a_crl_revokes_only_under_its_issuers_key_id() {
    let p = pki();
    assert_eq!(
        kind(p.check(&p.verifier(&[p.revoke(p.full(1))]), 0)),
        "revoked"
    );
    // Signed by the right key, but naming another key: not this issuer's CRL.
    let mut other = p.revoke(p.full(1));
    other.aki = Some(vec![0x42; 20]);
    assert_eq!(kind(p.check(&p.verifier(&[other]), 0)), "ok");
    // No key id at all: the name and the signature decide.
    let mut none = p.revoke(p.full(1));
    none.aki = None;
    assert_eq!(kind(p.check(&p.verifier(&[none]), 0)), "revoked");
}

#[test]
fn a_delta_crl_revokes_over_its_base() {
    let p = pki();
    let v = p.verifier(&[p.full(5), p.revoke(p.delta(6, 5))]);
    assert_eq!(kind(p.check(&v, 0)), "revoked");
    // The base alone: good.
    assert_eq!(kind(p.check(&p.verifier(&[p.full(5)]), 0)), "ok");
}

#[test]
fn remove_from_crl_in_a_delta_takes_a_certificate_off_hold() {
    let p = pki();
    assert_eq!(
        kind(p.check(&p.verifier(&[p.hold(p.full(5))]), 0)),
        "revoked"
    );
    let v = p.verifier(&[p.hold(p.full(5)), p.unhold(p.delta(6, 5))]);
    assert_eq!(kind(p.check(&v, 0)), "ok");
    // The delta's base may be older than the complete CRL it is applied over (≤).
    let v = p.verifier(&[p.hold(p.full(5)), p.unhold(p.delta(7, 4))]);
    assert_eq!(kind(p.check(&v, 0)), "ok");
}

#[test]
fn a_delta_that_does_not_fit_the_base_is_not_applied() {
    let p = pki();
    // BaseCRLNumber 6 > the complete CRL's 5: built on a base we do not have.
    let v = p.verifier(&[p.hold(p.full(5)), p.unhold(p.delta(7, 6))]);
    assert_eq!(kind(p.check(&v, 0)), "revoked");
    // Its number not above the base's: older than the base, already in it.
    let v = p.verifier(&[p.hold(p.full(5)), p.unhold(p.delta(5, 4))]);
    assert_eq!(kind(p.check(&v, 0)), "revoked");
    let v = p.verifier(&[p.full(5), p.revoke(p.delta(4, 3))]);
    assert_eq!(kind(p.check(&v, 0)), "ok");
    // A stale delta does not take a certificate off hold.
    let mut stale = p.unhold(p.delta(6, 5));
    stale.next_update = Some(p.now - 3 * HOUR);
    let v = p.verifier(&[p.hold(p.full(5)), stale]);
    assert_eq!(kind(p.check(&v, 0)), "revoked");
}

#[test]
fn the_newest_delta_and_the_newest_base_decide() {
    let p = pki();
    // Delta 6 put it on hold, delta 7 (cumulative from the same base) took it off.
    let v = p.verifier(&[p.full(5), p.hold(p.delta(6, 5)), p.unhold(p.delta(7, 5))]);
    assert_eq!(kind(p.check(&v, 0)), "ok");
    let v = p.verifier(&[p.full(5), p.unhold(p.delta(6, 5)), p.hold(p.delta(7, 5))]);
    assert_eq!(kind(p.check(&v, 0)), "revoked");
    // Complete CRL 3 had it on hold, complete CRL 4 no longer lists it.
    let v = p.verifier(&[p.hold(p.full(3)), p.full(4)]);
    assert_eq!(kind(p.check(&v, 0)), "ok");
    let v = p.verifier(&[p.full(3), p.hold(p.full(4))]);
    assert_eq!(kind(p.check(&v, 0)), "revoked");
    // Numbers compare as numbers, not as bytes: 256 is newer than 255.
    let v = p.verifier(&[p.hold(p.full(255)), p.full(256)]);
    assert_eq!(kind(p.check(&v, 0)), "ok");
    // A delta with no base still revokes.
    let v = p.verifier(&[p.revoke(p.delta(9, 8))]);
    assert_eq!(kind(p.check(&v, 0)), "revoked");
}

#[test]
fn next_update_is_enforced_with_a_grace() {
    let p = pki();
    let mut s = p.full(1);
    s.next_update = Some(p.now);
    let v = p.verifier(&[s]).with_crl_grace(Duration::seconds(600));
    assert_eq!(kind(p.check(&v, 0)), "ok");
    assert_eq!(kind(p.check(&v, 600)), "ok", "the grace's last second");
    let e = p.check(&v, 601).unwrap_err();
    assert_eq!(e.kind(), "untrusted", "{e}");
    assert!(e.to_string().contains("revocation status"), "{e}");
    // The default grace is an hour.
    let mut s = p.full(1);
    s.next_update = Some(p.now);
    let v = p.verifier(&[s]);
    assert_eq!(kind(p.check(&v, ekrov_kep::DEFAULT_CRL_GRACE_SECS)), "ok");
    assert_eq!(
        kind(p.check(&v, ekrov_kep::DEFAULT_CRL_GRACE_SECS + 1)),
        "untrusted"
    );
    // Stale but listing it: revoked, not merely unknown.
    let mut s = p.revoke(p.full(1));
    s.next_update = Some(p.now - 5 * HOUR);
    assert_eq!(kind(p.check(&p.verifier(&[s]), 0)), "revoked");
}

/// Hands out CRLs by URL and records what was asked.
struct MapFetcher(HashMap<String, Vec<u8>>, std::sync::Mutex<Vec<String>>);

impl CrlFetcher for MapFetcher {
    fn fetch(&self, url: &str) -> Result<Option<Vec<u8>>, KepError> {
        self.1.lock().unwrap().push(url.to_string());
        Ok(self.0.get(url).cloned())
    }
}

#[test]
fn the_fetcher_follows_the_freshest_crl_pointer() {
    let p = pki();
    let mut full = p.hold(p.full(5));
    full.freshest = Some("http://ca.example.invalid/also-delta.crl".into());
    let mut m = HashMap::new();
    m.insert(
        "http://ca.example.invalid/ca.crl".to_string(),
        build_crl(&p.o, "root", &full),
    );
    m.insert(
        "http://ca.example.invalid/delta.crl".to_string(),
        build_crl(&p.o, "root", &p.unhold(p.delta(6, 5))),
    );
    let f = MapFetcher(m, Default::default());
    let mut t = TrustStore::new();
    t.add_der(&p.o.der("root")).unwrap();
    let v = Verifier::new(t).with_crl_fetcher(Box::new(f));
    assert_eq!(kind(p.check(&v, 0)), "ok");
    // Without the delta (only the CRL distribution point): on hold.
    let mut m = HashMap::new();
    m.insert(
        "http://ca.example.invalid/ca.crl".to_string(),
        build_crl(&p.o, "root", &p.hold(p.full(5))),
    );
    let mut t = TrustStore::new();
    t.add_der(&p.o.der("root")).unwrap();
    let v = Verifier::new(t).with_crl_fetcher(Box::new(MapFetcher(m, Default::default())));
    assert_eq!(kind(p.check(&v, 0)), "revoked");
}

#[test]
fn the_certificates_and_crls_freshest_crl_urls_are_read() {
    let p = pki();
    let der = p.o.der("person");
    let c = ekrov_kep::pkix::Certificate::from_der(&der).unwrap();
    assert_eq!(
        c.extensions.freshest_crl,
        vec!["http://ca.example.invalid/delta.crl".to_string()]
    );
    let mut s = p.full(5);
    s.freshest = Some("http://x.invalid/d.crl".into());
    let der = build_crl(&p.o, "root", &s);
    assert_eq!(
        Crl::from_der(&der).unwrap().freshest_crl,
        vec!["http://x.invalid/d.crl".to_string()]
    );
}

/// «Дія»'s delta CRL from UAPKI's test data, in both copies.
#[test]
fn the_real_diia_delta_crl_parses_with_its_numbers_dates_and_entries() {
    let name = "BED5083160DBC59BCDDF707C10293F58BB6ED263C6EA5893D3781B61F493BE57-delta-0ABEA7.crl";
    let ours = std::fs::read(format!(
        "{}/tests/data/uapki/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let mut copies = vec![ours];
    if let Ok(shared) = std::fs::read(format!("/work/shared/vectors/uapki/crls/{name}")) {
        copies.push(shared);
    }
    for der in &copies {
        let crl = Crl::from_der(der).unwrap();
        assert_eq!(crl.number, Some(&[0x0a, 0xbe, 0xa7][..]), "704167");
        assert_eq!(crl.delta_base, Some(&[0x0a, 0xa9, 0x9c][..]), "698780");
        assert!(crl.is_delta());
        assert_eq!(
            crl.this_update,
            Utc.with_ymd_and_hms(2023, 9, 19, 16, 51, 11)
                .unwrap()
                .timestamp()
        );
        assert_eq!(
            crl.next_update,
            Some(
                Utc.with_ymd_and_hms(2023, 9, 19, 18, 53, 12)
                    .unwrap()
                    .timestamp()
            )
        );
        assert!(crl.revoked.is_empty());
        assert_eq!(
            ekrov_kep::der::hex(crl.authority_key_id.unwrap()),
            name[..64].to_lowercase()
        );
        assert_eq!(
            crl.issuer.get(ekrov_kep::oid::AT_SERIAL_NUMBER).as_deref(),
            Some("UA-43395033-1000")
        );
        assert_eq!(
            ekrov_kep::der::oid_to_string(crl.signature_algorithm.oid),
            "1.2.804.2.1.1.1.1.3.1.1"
        );
        // It is the «Дія» CA's: its key id is that CA certificate's subjectKeyIdentifier.
        let ca = std::fs::read(format!(
            "{}/tests/data/uapki/diia-CA-05E19E2CD92EA2990100000001000000E1000000.cer",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        let ca = ekrov_kep::pkix::Certificate::from_der(&ca).unwrap();
        assert_eq!(ca.extensions.subject_key_id, crl.authority_key_id);
        assert_eq!(ca.subject.raw, crl.issuer.raw);
    }
}

#[test]
fn crl_entries_are_read_with_their_reasons() {
    let p = pki();
    let s = p.hold(p.full(1)).revoke(&[0x00, 0x99], p.now - HOUR, None);
    let der = build_crl(&p.o, "root", &s);
    let crl = Crl::from_der(&der).unwrap();
    assert_eq!(crl.revoked.len(), 2);
    assert_eq!(crl.revoked[0].reason, Some(crl_reason::CERTIFICATE_HOLD));
    assert_eq!(crl.revoked[0].date, p.now - 2 * HOUR);
    assert_eq!(crl.revoked[1].serial, &[0x99]);
    assert_eq!(crl.revoked[1].reason, None);
    assert!(crl.lists(&[0x99]) && crl.lists(&p.serial) && !crl.lists(&[0x98]));
    assert_eq!(crl.number, Some(&[1u8][..]));
    assert!(!crl.is_delta());
}

#[test]
fn crl_extensions_critical_or_not_and_crl_numbers_sign() {
    let p = pki();
    let with = |id: &str, critical: bool| {
        let mut s = p.revoke(p.full(1));
        s.extra.push(common::handmade::ext(
            id,
            critical,
            &ekrov_kep::der::seq(&[]),
        ));
        s
    };
    // A critical issuingDistributionPoint is understood: the CRL is used.
    assert_eq!(
        kind(p.check(&p.verifier(&[with("2.5.29.28", true)]), 0)),
        "revoked"
    );
    // An unknown extension: used when not critical, refused when critical.
    assert_eq!(
        kind(p.check(&p.verifier(&[with("1.2.3.4", false)]), 0)),
        "revoked"
    );
    let der = build_crl(&p.o, "root", &with("1.2.3.4", true));
    assert_eq!(Crl::from_der(&der).unwrap_err().kind(), "bad_chain");
    // A negative cRLNumber (INTEGER 0x85) is malformed.
    let mut der = build_crl(&p.o, "root", &p.full(5));
    let at = der
        .windows(7)
        .position(|w| w == [0x55, 0x1d, 0x14, 0x04, 0x03, 0x02, 0x01])
        .unwrap();
    der[at + 7] = 0x85;
    assert_eq!(Crl::from_der(&der).unwrap_err().kind(), "malformed");
}
