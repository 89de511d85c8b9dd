//! UAPKI's own task files (library/test/data at 12d8ff2, copied to tests/data/uapki/) replayed
//! where they carry an expected result: the five VERIFY tasks of verify-dstu.json (valid, except
//! the one its comment calls "invalid content"), the CRL-time VERIFY_CERT of verify-cert.json, and
//! the DIGEST tasks with a `commentExpectedResult`.

use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use chrono::{DateTime, NaiveDateTime, Utc};
use ekrov_kep::{TrustStore, Verifier};
use serde_json::Value;

fn data(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/uapki")
        .join(p)
}

/// The task files are JSON with `//` comment lines.
fn tasks(file: &str) -> Vec<Value> {
    let text = std::fs::read_to_string(data(file)).unwrap();
    let json: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let v: Value = serde_json::from_str(&json).unwrap();
    v["tasks"].as_array().unwrap().clone()
}

fn verifier() -> Verifier {
    let mut ts = TrustStore::new();
    ts.add_pem_or_der_file(&data("CAO-05E19E2CD92EA2990100000001000000C1000000.cer"))
        .unwrap();
    Verifier::new(ts)
}

fn diia_ca() -> Vec<u8> {
    std::fs::read(data("diia-CA-05E19E2CD92EA2990100000001000000E1000000.cer")).unwrap()
}

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

#[test]
fn verify_dstu_tasks() {
    // UAPKI resolves the signer's issuer from its certificate cache ("certs/"); here the «Дія» CA
    // is put beside the ЦЗО root in the trust store.
    let mut ts = TrustStore::new();
    ts.add_pem_or_der_file(&data("CAO-05E19E2CD92EA2990100000001000000C1000000.cer"))
        .unwrap();
    ts.add_pem_or_der_file(&data(
        "diia-CA-05E19E2CD92EA2990100000001000000E1000000.cer",
    ))
    .unwrap();
    let v = Verifier::new(ts);
    // Signed 2023-09-19; the signer's certificate is valid until 2024-04-05.
    let when = at("2023-10-01T00:00:00Z");
    let mut n = 0;
    for t in tasks("verify-dstu.json") {
        if t["method"] != "VERIFY" {
            continue;
        }
        let comment = t["comment"].as_str().unwrap();
        let sig = &t["parameters"]["signature"];
        let mut cms = B64.decode(sig["bytes"].as_str().unwrap()).unwrap();
        let content = sig["content"].as_str().map(|c| B64.decode(c).unwrap());
        let res = v.verify(&cms, content.as_deref(), when);
        if comment.contains("invalid") {
            let e = res.expect_err(comment);
            assert_eq!(e.kind(), "digest_mismatch", "{comment}: {e}");
        } else {
            let ok = res.unwrap_or_else(|e| panic!("{comment}: {e}"));
            assert_eq!(ok.content, b"The quick brown fox jumps over the lazy dog");
            assert_eq!(ok.signer.edrpou.as_deref(), Some("43395033"));
            // Any single flipped bit in the last 64 bytes (the signature of a CAdES-BES) fails.
            if comment.contains("CAdES-BES, attached data") && !comment.contains("custom") {
                let len = cms.len();
                cms[len - 10] ^= 0x01;
                assert!(v.verify(&cms, None, when).is_err());
            }
        }
        n += 1;
    }
    assert_eq!(n, 5);
}

#[test]
fn verify_cert_task_at_its_validate_time() {
    let v = verifier();
    let mut n = 0;
    for t in tasks("verify-cert.json") {
        let p = &t["parameters"];
        if t["method"] != "VERIFY_CERT" || p["validateTime"].is_null() {
            continue;
        }
        let when =
            NaiveDateTime::parse_from_str(p["validateTime"].as_str().unwrap(), "%Y-%m-%d %H:%M:%S")
                .unwrap()
                .and_utc();
        let leaf = std::fs::read(data("diia-test-sign-7775603.cer")).unwrap();
        let id = v
            .verify_certificate(&leaf, &[diia_ca()], when)
            .unwrap_or_else(|e| panic!("{}: {e}", t["comment"]));
        assert_eq!(id.edrpou.as_deref(), Some("43395033"));
        n += 1;
    }
    assert_eq!(n, 1);
}

#[test]
fn digest_tasks_with_expected_results() {
    let mut n = 0;
    for t in tasks("digest.json") {
        let Some(exp) = t["commentExpectedResult"].as_str() else {
            continue;
        };
        let want = exp.rsplit(' ').next().unwrap();
        let p = &t["parameters"];
        let data = match (
            p["bytes"].as_str(),
            p["contentText"].as_str(),
            p["file"].as_str(),
        ) {
            (Some(b), _, _) => B64.decode(b).unwrap(),
            (_, Some(t), _) => t.as_bytes().to_vec(),
            (_, _, Some(f)) => std::fs::read(data(f)).unwrap(),
            _ => panic!("no input: {t}"),
        };
        // The task by signAlgo (ecdsa-with-SHA256) names its hash in the expected result.
        let hash = match p["hashAlgo"].as_str() {
            Some(h) => h.to_string(),
            None => exp.split('\'').nth(1).unwrap().to_string(),
        };
        let oid = ekrov_kep::der::oid_content(&hash);
        let got = match ekrov_kep::HashAlg::from_oid(&oid) {
            Some(h) => h.digest(&data),
            None => ekrov_kep::dstu::hash::digest_for(&oid, None, &data).unwrap(),
        };
        assert_eq!(ekrov_kep::der::hex(&got), want);
        n += 1;
    }
    assert_eq!(n, 7);
}
