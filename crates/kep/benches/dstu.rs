//! DSTU 4145 speed on one core: verifications per second along the whole per-signature path
//! (curve parameters from the key, key decompression, signature parsing, verification), the same
//! with hashing a certificate's TBS, verification alone with curve and key prepared, the portable
//! multiplier beside the carry-less one, whole DSTU logins (CMS + a two-certificate chain), and
//! GOST 34.311 / Kupyna-256 throughput. `openssl speed` for binary-curve ECDSA runs first.
//!
//! `taskset -c 0 cargo bench -p ekrov-kep --bench dstu`

use std::hint::black_box;
use std::path::Path;
use std::process::Command;

use base64::Engine;
use criterion::{Criterion, Throughput};
use ekrov_kep::dstu::hash::UaHash;
use ekrov_kep::dstu::{self, gf2m::Field, params, verify};
use ekrov_kep::pkix::Certificate;
use ekrov_kep::{TrustStore, Verifier};

fn data(p: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data")
            .join(p),
    )
    .unwrap()
}

fn openssl_speed() {
    let out = Command::new("openssl")
        .args([
            "speed",
            "-seconds",
            "3",
            "ecdsab283",
            "ecdsab409",
            "ecdsap256",
        ])
        .output();
    match out {
        Ok(o) => {
            let text = String::from_utf8_lossy(&o.stdout);
            for line in text.lines().filter(|l| l.contains(" ecdsa (")) {
                println!("openssl speed: {line}");
            }
        }
        Err(e) => println!("openssl speed: not run ({e})"),
    }
}

/// This thread's CPU time in nanoseconds (/proc/thread-self/schedstat, first field): on a
/// machine shared with other builds, rates per CPU-second are steadier than wall-clock ones.
fn thread_cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// Run `f` for about 3 s of wall time; print operations per CPU-second and per wall-second.
fn cpu_rate(name: &str, unit_bytes: usize, mut f: impl FnMut()) {
    let (c0, w0) = (thread_cpu_ns(), std::time::Instant::now());
    let mut n = 0u64;
    while w0.elapsed().as_secs_f64() < 3.0 {
        f();
        n += 1;
    }
    let cpu = (thread_cpu_ns() - c0) as f64 / 1e9;
    let wall = w0.elapsed().as_secs_f64();
    if unit_bytes == 0 {
        println!(
            "cpu-time: {name}: {:.0}/s per CPU-second ({:.0}/s wall, {n} runs)",
            n as f64 / cpu,
            n as f64 / wall
        );
    } else {
        let mb = (n as f64) * unit_bytes as f64 / 1e6;
        println!(
            "cpu-time: {name}: {:.1} MB/s per CPU-second ({:.1} MB/s wall)",
            mb / cpu,
            mb / wall
        );
    }
}

/// (issuer SPKI owner, signed certificate): the whole path minus hashing, given the hash.
fn path_without_hash(issuer: &Certificate<'_>, hash: &[u8], sig: &[u8]) {
    let kp = params::parse(issuer.spki.algorithm.params.unwrap()).unwrap();
    let q = params::public_key_from_spki(&kp.curve, issuer.spki.key).unwrap();
    let (r, s) = verify::parse_signature(&kp.curve, sig).unwrap();
    verify::verify_hash(&kp.curve, &q, hash, &r, &s).unwrap();
}

fn main() {
    openssl_speed();
    let root_der = data("uapki/CAO-05E19E2CD92EA2990100000001000000C1000000.cer");
    let diia_der = data("uapki/diia-CA-05E19E2CD92EA2990100000001000000E1000000.cer");
    let leaf_der = data("uapki/diia-test-sign-7775603.cer");
    let czo_der = data("ua-certs/CZOROOT.cer");
    let root = Certificate::from_der(&root_der).unwrap();
    let diia = Certificate::from_der(&diia_der).unwrap();
    let leaf = Certificate::from_der(&leaf_der).unwrap();
    let czo = Certificate::from_der(&czo_der).unwrap();
    // M257: the «Дія» CA (explicit M257 parameters) signed the test signer's certificate.
    // M431: the ЦЗО root CZOROOT (explicit M431 parameters) signed itself.
    let cases = [("M257", &diia, &leaf), ("M431", &czo, &czo)];
    let _ = &root;

    let mut c = Criterion::default().configure_from_args();
    let mut g = c.benchmark_group("dstu4145");
    g.throughput(Throughput::Elements(1));
    for (name, issuer, cert) in cases {
        let h = UaHash::Gost34311.digest(cert.tbs);
        path_without_hash(issuer, &h, cert.signature);
        cpu_rate(&format!("{name} whole path"), 0, || {
            path_without_hash(issuer, &h, cert.signature)
        });
        g.bench_function(
            format!("{name} whole path (params, key decompression, verify)"),
            |b| {
                b.iter(|| {
                    path_without_hash(black_box(issuer), black_box(&h), black_box(cert.signature))
                })
            },
        );
        g.bench_function(
            format!(
                "{name} whole path + GOST 34.311 of the TBS ({} B)",
                cert.tbs.len()
            ),
            |b| {
                b.iter(|| {
                    dstu::verify_spki(
                        &issuer.spki,
                        UaHash::Gost34311,
                        black_box(cert.tbs),
                        black_box(cert.signature),
                    )
                    .unwrap()
                })
            },
        );
        let kp = params::parse(issuer.spki.algorithm.params.unwrap()).unwrap();
        let q = params::public_key_from_spki(&kp.curve, issuer.spki.key).unwrap();
        let (r, s) = verify::parse_signature(&kp.curve, cert.signature).unwrap();
        g.bench_function(
            format!("{name} verify only (curve and key prepared)"),
            |b| b.iter(|| verify::verify_hash(&kp.curve, &q, black_box(&h), &r, &s).unwrap()),
        );
        let mut portable = (*kp.curve).clone();
        portable.field =
            Field::with_clmul(portable.field.m(), portable.field.exponents(), false).unwrap();
        verify::verify_hash(&portable, &q, &h, &r, &s).unwrap();
        g.bench_function(format!("{name} verify only, portable multiply"), |b| {
            b.iter(|| verify::verify_hash(&portable, &q, black_box(&h), &r, &s).unwrap())
        });
    }

    // Whole login: UAPKI's CAdES-BES sample (CMS + signer certificate → «Дія» CA as the anchor).
    let task = String::from_utf8(data("uapki/verify-dstu.json")).unwrap();
    let b64 = task
        .split("\"bytes\": \"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let cms = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .unwrap();
    let mut ts = TrustStore::new();
    ts.add_der(&diia_der).unwrap();
    let v = Verifier::new(ts);
    let when = "2023-10-01T00:00:00Z".parse().unwrap();
    v.verify(&cms, None, when).unwrap();
    cpu_rate("whole DSTU login", 0, || {
        v.verify(&cms, None, when).unwrap();
    });
    g.bench_function("whole DSTU login (CMS + 2-certificate chain, M257)", |b| {
        b.iter(|| v.verify(black_box(&cms), None, when).unwrap())
    });
    g.finish();

    let mut g = c.benchmark_group("hash");
    let buf: Vec<u8> = (0..1 << 20).map(|i| (i * 31 + 7) as u8).collect();
    g.throughput(Throughput::Bytes(buf.len() as u64));
    g.sample_size(20);
    cpu_rate("GOST 34.311", buf.len(), || {
        black_box(UaHash::Gost34311.digest(&buf));
    });
    cpu_rate("Kupyna-256", buf.len(), || {
        black_box(UaHash::Kupyna256.digest(&buf));
    });
    g.bench_function("GOST 34.311 (DKE 1), 1 MiB", |b| {
        b.iter(|| UaHash::Gost34311.digest(black_box(&buf)))
    });
    g.bench_function("Kupyna-256, 1 MiB", |b| {
        b.iter(|| UaHash::Kupyna256.digest(black_box(&buf)))
    });
    g.finish();
    c.final_summary();
}
