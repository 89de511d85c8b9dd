//! Fuzz the DSTU 4145 paths: curve parameters (named and attacker-chosen explicit ones, raw DER
//! and structured), key decompression, signature parsing and verification, and the hashes.
#![no_main]

use ekrov_kep::der;
use ekrov_kep::dstu::hash::{DKE_1_PACKED, UaHash};
use ekrov_kep::dstu::{self, params};
use ekrov_kep::pkix::{AlgorithmIdentifier, SubjectPublicKeyInfo};
use ekrov_kep::SignatureAlgorithm;
use libfuzzer_sys::fuzz_target;

/// Take `n` bytes (fewer at the end of the input).
fn take<'a>(d: &mut &'a [u8], n: usize) -> &'a [u8] {
    let n = n.min(d.len());
    let (a, b) = d.split_at(n);
    *d = b;
    a
}

fn verify_spki_der(spki_der: &[u8], msg: &[u8], sig: &[u8]) {
    let Ok(t) = der::parse_one(spki_der, "spki") else { return };
    let Ok(s) = SubjectPublicKeyInfo::parse(t) else { return };
    let alg_der = der::seq(&[&der::oid("1.2.804.2.1.1.1.1.3.1.1")]);
    let alg = AlgorithmIdentifier::parse(der::parse_one(&alg_der, "a").unwrap()).unwrap();
    let d = dstu::Dstu4145;
    if d.supports(&alg, &s) {
        let _ = d.verify(&s, &alg, None, msg, sig);
    }
}

fn spki(params: &[u8], key: &[u8]) -> Vec<u8> {
    let alg = der::seq(&[&der::oid("1.2.804.2.1.1.1.1.3.1.1"), params]);
    let mut bits = vec![0u8];
    bits.extend(der::octets(key));
    der::seq(&[&alg, &der::tlv(der::BIT_STRING, &bits)])
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, mut rest)) = data.split_first() else { return };
    match mode % 4 {
        // Raw parameters DER (named or explicit) + key + signature.
        0 => {
            let plen = take(&mut rest, 1).first().copied().unwrap_or(0) as usize * 2;
            let p = take(&mut rest, plen);
            let key = take(&mut rest, 34);
            verify_spki_der(&spki(p, key), b"message", rest);
        }
        // A whole SubjectPublicKeyInfo + signature.
        1 => {
            let slen = take(&mut rest, 1).first().copied().unwrap_or(0) as usize * 2;
            let s = take(&mut rest, slen);
            verify_spki_der(s, b"message", rest);
        }
        // Structured explicit parameters from the attacker: m, exponents, a, b, n, base point.
        2 => {
            let hdr = take(&mut rest, 8);
            if hdr.len() < 8 {
                return;
            }
            let m = 150 + (u16::from_le_bytes([hdr[0], hdr[1]]) % 380) as u64;
            let ks = [hdr[2] as u64, hdr[3] as u64, hdr[4] as u64];
            let pent = hdr[5] & 1 == 1;
            let a = (hdr[6] % 3) as u64;
            let len = (m as usize).div_ceil(8);
            let b = take(&mut rest, len);
            let n = take(&mut rest, len);
            let bp = take(&mut rest, len);
            let key = take(&mut rest, len);
            let poly = if pent {
                der::seq(&[&der::small_int(ks[0]), &der::small_int(ks[1]), &der::small_int(ks[2])])
            } else {
                der::small_int(ks[0])
            };
            let field = der::seq(&[&der::small_int(m), &poly]);
            let curve = der::seq(&[
                &field,
                &der::small_int(a),
                &der::octets(b),
                &der::uint(n),
                &der::octets(bp),
            ]);
            let p = der::seq(&[&curve, &der::octets(&DKE_1_PACKED)]);
            if let Ok(t) = der::parse_one(&p, "p") {
                let _ = params::parse(t);
            }
            verify_spki_der(&spki(&p, key), b"message", rest);
        }
        // A standard curve (by the next byte) with a fuzzed key and signature; and the hashes.
        _ => {
            let i = take(&mut rest, 1).first().copied().unwrap_or(0) as usize % 10;
            let c = params::standard(i).unwrap();
            let key = take(&mut rest, c.field.byte_len());
            let named = der::seq(&[
                &der::oid(&format!("1.2.804.2.1.1.1.1.3.1.1.2.{i}")),
                &der::octets(&DKE_1_PACKED),
            ]);
            verify_spki_der(&spki(&named, key), rest, rest);
            for h in [UaHash::Gost34311, UaHash::Kupyna256, UaHash::Kupyna384, UaHash::Kupyna512] {
                let _ = h.digest(rest);
            }
        }
    }
});
