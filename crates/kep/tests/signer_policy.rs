//! Who may sign a login: an end entity whose keyUsage allows signing and whose extended key
//! usage, if any, includes a signing purpose (issue 17, item 10).

mod common;

use chrono::Utc;
use common::{CertSpec, KeyKind, Openssl, person_exts, person_subject, root_exts};
use ekrov_kep::{TrustStore, Verifier};

const CHALLENGE: &[u8] = b"ekrov login challenge";

/// Edits a person's extension lines.
type Edit<'a> = &'a dyn Fn(&mut Vec<String>);

/// A root and, under it, one person per (name, edit of the person's extension lines).
fn pki(people: &[(&str, Edit<'_>)]) -> (Openssl, Verifier) {
    let o = Openssl::new();
    o.root(&CertSpec::new(
        "root",
        "/C=UA/CN=Policy Root",
        KeyKind::P256,
        root_exts(None),
    ));
    for (name, edit) in people {
        let mut exts = person_exts("1234567899");
        edit(&mut exts);
        o.issue(
            &CertSpec::new(
                name,
                &person_subject("1234567899", "Петренко", "Марія"),
                KeyKind::P256,
                exts,
            ),
            "root",
        );
    }
    let mut t = TrustStore::new();
    t.add_der(&o.der("root")).unwrap();
    (o, Verifier::new(t))
}

fn set(exts: &mut Vec<String>, prefix: &str, line: Option<&str>) {
    exts.retain(|e| !e.starts_with(prefix));
    if let Some(l) = line {
        exts.push(l.to_string());
    }
}

/// Sign the challenge as `who` and verify it (detached).
fn login(o: &Openssl, v: &Verifier, who: &str) -> Result<(), ekrov_kep::KepError> {
    let sig = o.cms_sign(who, None, CHALLENGE, false, &[]);
    v.verify(&sig, Some(CHALLENGE), Utc::now()).map(|_| ())
}

#[test]
fn a_ca_certificate_does_not_sign_a_login() {
    let ca: &dyn Fn(&mut Vec<String>) = &|e| {
        set(
            e,
            "basicConstraints",
            Some("basicConstraints = critical, CA:TRUE"),
        );
        set(
            e,
            "keyUsage",
            Some("keyUsage = critical, digitalSignature, nonRepudiation, keyCertSign"),
        );
    };
    let (o, v) = pki(&[("ca_signer", ca)]);
    let e = login(&o, &v, "ca_signer").unwrap_err();
    assert_eq!(e.kind(), "bad_chain", "{e}");
    assert!(e.to_string().contains("CA certificate"), "{e}");
}

#[test]
fn a_server_auth_only_leaf_does_not_sign_a_login() {
    let tls: &dyn Fn(&mut Vec<String>) =
        &|e| set(e, "extendedKeyUsage", Some("extendedKeyUsage = serverAuth"));
    let (o, v) = pki(&[("tls", tls)]);
    let e = login(&o, &v, "tls").unwrap_err();
    assert_eq!(e.kind(), "bad_chain", "{e}");
    assert!(e.to_string().contains("extendedKeyUsage"), "{e}");
    // Also when serverAuth sits beside timeStamping: neither is a signing purpose.
    let tsp: &dyn Fn(&mut Vec<String>) = &|e| {
        set(
            e,
            "extendedKeyUsage",
            Some("extendedKeyUsage = critical, serverAuth, timeStamping"),
        )
    };
    let (o, v) = pki(&[("tsp", tsp)]);
    assert_eq!(login(&o, &v, "tsp").unwrap_err().kind(), "bad_chain");
}

#[test]
fn a_leaf_without_key_usage_does_not_sign_a_login() {
    let no_ku: &dyn Fn(&mut Vec<String>) = &|e| set(e, "keyUsage", None);
    let (o, v) = pki(&[("no_ku", no_ku)]);
    let e = login(&o, &v, "no_ku").unwrap_err();
    assert_eq!(e.kind(), "bad_chain", "{e}");
    assert!(e.to_string().contains("no keyUsage"), "{e}");
}

#[test]
fn a_leaf_with_only_key_encipherment_does_not_sign_a_login() {
    let enc: &dyn Fn(&mut Vec<String>) = &|e| {
        set(
            e,
            "keyUsage",
            Some("keyUsage = critical, keyEncipherment, keyAgreement"),
        )
    };
    let (o, v) = pki(&[("enc", enc)]);
    assert_eq!(login(&o, &v, "enc").unwrap_err().kind(), "bad_chain");
}

#[test]
fn signers_as_ukrainian_providers_issue_them_are_accepted() {
    // As the real signing certificates carry it (SFS_1, diia-test-sign): critical EKU 1.2.804.2.1.1.1.3.9.
    let ua: &dyn Fn(&mut Vec<String>) = &|e| {
        set(
            e,
            "extendedKeyUsage",
            Some("extendedKeyUsage = critical, 1.2.804.2.1.1.1.3.9"),
        )
    };
    let email: &dyn Fn(&mut Vec<String>) = &|e| {
        set(
            e,
            "extendedKeyUsage",
            Some("extendedKeyUsage = serverAuth, emailProtection"),
        )
    };
    let any: &dyn Fn(&mut Vec<String>) = &|e| {
        set(
            e,
            "extendedKeyUsage",
            Some("extendedKeyUsage = anyExtendedKeyUsage"),
        )
    };
    let doc: &dyn Fn(&mut Vec<String>) = &|e| {
        set(
            e,
            "extendedKeyUsage",
            Some("extendedKeyUsage = 1.3.6.1.5.5.7.3.36"),
        )
    };
    // No basicConstraints at all (an end entity by default), nonRepudiation alone.
    let no_bc: &dyn Fn(&mut Vec<String>) = &|e| {
        set(e, "basicConstraints", None);
        set(e, "keyUsage", Some("keyUsage = critical, nonRepudiation"));
    };
    let ds_only: &dyn Fn(&mut Vec<String>) =
        &|e| set(e, "keyUsage", Some("keyUsage = digitalSignature"));
    let plain: &dyn Fn(&mut Vec<String>) = &|_| {};
    let people = [
        ("ua", ua),
        ("email", email),
        ("any", any),
        ("doc", doc),
        ("no_bc", no_bc),
        ("ds_only", ds_only),
        ("plain", plain),
    ];
    let (o, v) = pki(&people);
    for (who, _) in people {
        login(&o, &v, who).unwrap_or_else(|e| panic!("{who}: {e}"));
    }
}

#[test]
fn the_real_signing_certificates_pass_the_signer_policy_and_the_others_do_not() {
    use ekrov_kep::pkix::{Certificate, check_signer_usage};
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/");
    let check = |f: &str| {
        let der = std::fs::read(format!("{data}{f}")).unwrap();
        check_signer_usage(&Certificate::from_der(&der).unwrap()).is_ok()
    };
    assert!(check("ua-certs/SFS_1.cer"));
    assert!(check("uapki/diia-test-sign-7775603.cer"));
    assert!(check("ua-certs/SELF_SIGNED1.cer"));
    // Key agreement only, a time-stamping and an OCSP responder's, a CA's.
    assert!(!check("uapki/diia-test-kep-7775604.cer"));
    assert!(!check(
        "uapki/diia-2023-tsp-05E19E2CD92EA29902000000010000004A010000.cer"
    ));
    assert!(!check(
        "uapki/diia-ocsp-3ED5083160DBC59B0200000001000000202B0F00.cer"
    ));
    assert!(!check(
        "uapki/diia-CA-05E19E2CD92EA2990100000001000000E1000000.cer"
    ));
}
