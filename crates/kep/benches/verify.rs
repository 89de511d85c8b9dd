//! Whole-login verifications per second: CMS SignedData (ECDSA P-256) + a two-certificate chain
//! (the person's certificate and the CA it chains to) = two ECDSA P-256 verifications, plus all
//! parsing, signed-attribute and path checks. Beside it: one raw P-256 verification by the same
//! backend, and `openssl speed ecdsap256` measured in the same run.
//!
//! `cargo bench -p ekrov-kep --bench verify` (pin to one core with `taskset -c 0`).

use std::hint::black_box;
use std::process::Command;

use chrono::Utc;
use criterion::{Criterion, Throughput};
use ekrov_kep::dev_pki::DevCa;
use ekrov_kep::{TrustStore, Verifier, sign};

fn openssl_speed() {
    let out = Command::new("openssl")
        .args(["speed", "-seconds", "3", "ecdsap256"])
        .output();
    match out {
        Ok(o) => {
            let text = String::from_utf8_lossy(&o.stdout);
            for line in text.lines().filter(|l| l.contains("nistp256")) {
                // "256 bits ecdsa (nistp256)   0.0000s   0.0001s  42724.1  13209.4"
                let cols: Vec<&str> = line.split_whitespace().collect();
                if let Some(v) = cols.last() {
                    let rate: f64 = v.parse().unwrap_or(0.0);
                    println!(
                        "openssl speed ecdsap256: {rate:.0} verify/s (login bound = {:.0}/s, target 0.8x = {:.0}/s)",
                        rate / 2.0,
                        rate * 0.4
                    );
                }
            }
        }
        Err(e) => println!("openssl speed: not run ({e})"),
    }
}

fn main() {
    openssl_speed();
    let dir = tempfile::tempdir().unwrap();
    let ca = DevCa::load_or_create(dir.path()).unwrap();
    let (cert, key) = ca.issue_person("1234567890", "Шевченко", "Тарас").unwrap();
    let challenge = b"ekrov login\nhttps://ekrov.example/\nnonce: 0123456789abcdef0123456789abcdef\nexpires: 2030-01-01T00:00:00Z\n";
    let sig = sign::sign_detached(&cert, &key, &[], challenge, Utc::now()).unwrap();
    let mut ts = TrustStore::new();
    ts.add_der(ca.ca_der()).unwrap();
    let v = Verifier::new(ts);
    let now = Utc::now();
    v.verify(&sig, Some(challenge), now).unwrap();

    let mut c = Criterion::default().configure_from_args();
    let mut g = c.benchmark_group("login");
    g.throughput(Throughput::Elements(1));
    g.bench_function("whole login (CMS + 2-cert chain, P-256)", |b| {
        b.iter(|| {
            v.verify(black_box(&sig), Some(black_box(challenge)), now)
                .unwrap()
        })
    });
    g.bench_function("parse only (CMS + certificates)", |b| {
        b.iter(|| ekrov_kep::parse_only(black_box(&sig)).unwrap())
    });
    // One raw P-256 verification by the backend (aws-lc-rs), for comparison with openssl speed.
    let c0 = ekrov_kep::pkix::Certificate::from_der(&cert).unwrap();
    let ca0 = ekrov_kep::pkix::Certificate::from_der(ca.ca_der()).unwrap();
    g.bench_function("raw P-256 verify (aws-lc-rs)", |b| {
        b.iter(|| {
            v.verify_signature(
                &ca0.spki,
                &c0.signature_algorithm,
                None,
                black_box(c0.tbs),
                black_box(c0.signature),
            )
            .unwrap()
        })
    });
    g.finish();
    c.final_summary();
}
