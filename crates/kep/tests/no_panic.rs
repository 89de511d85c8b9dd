//! No panics on any input: random bytes, and mutations of real signatures and certificates,
//! through the parsing entry point and the whole verifier. (The coverage-guided fuzz target is
//! in fuzz/; this runs on every `cargo test`.)

use std::path::Path;

use chrono::Utc;
use ekrov_kep::{TrustStore, Verifier};
use proptest::prelude::*;

fn seeds() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in [
        "tests/data/ua-certs",
        "tests/data/uapki",
        "../../fuzz/seeds/cms",
    ] {
        if let Ok(rd) = std::fs::read_dir(root.join(dir)) {
            for e in rd.flatten() {
                if let Ok(b) = std::fs::read(e.path())
                    && b.len() < 20_000
                {
                    out.push(b);
                }
            }
        }
    }
    out
}

fn exercise(v: &Verifier, data: &[u8]) {
    let _ = ekrov_kep::parse_only(data);
    let _ = ekrov_kep::pkix::Certificate::from_der(data);
    let _ = ekrov_kep::pkix::Crl::from_der(data);
    let _ = v.verify(data, None, Utc::now());
    let _ = v.verify(data, Some(b"123"), Utc::now());
    let _ = v.verify_certificate(data, &[], Utc::now());
    let mut ts = TrustStore::new();
    let _ = ts.add_pem_or_der(data);
    let _ = ts.add_crl_der(data);
    let _ = ekrov_kep::dev_pki::read_pkcs12(data, "pw");
}

fn verifier() -> Verifier {
    let mut ts = TrustStore::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    ts.add_pem_or_der_file(&root.join("tests/data/ua-certs/SELF_SIGNED1.cer"))
        .unwrap();
    Verifier::new(ts)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes(data in proptest::collection::vec(any::<u8>(), 0..600)) {
        exercise(&verifier(), &data);
    }

    #[test]
    fn mutated_seeds(which in any::<prop::sample::Index>(), edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..4), 1..8)) {
        let seeds = seeds();
        let mut data = which.get(&seeds).clone();
        for (pos, byte, op) in edits {
            if data.is_empty() { break; }
            let i = pos.index(data.len());
            match op {
                0 => data[i] = byte,
                1 => data[i] ^= 1 << (byte % 8),
                2 => { data.truncate(i); }
                _ => { data.insert(i, byte); }
            }
        }
        exercise(&verifier(), &data);
    }
}

#[test]
fn every_truncation_of_every_seed() {
    let v = verifier();
    for s in seeds() {
        for n in (0..s.len()).step_by(7) {
            exercise(&v, &s[..n]);
        }
    }
}
