//! DSTU 4145 signing round trips on every standard curve, single-bit changes refused, and
//! malformed parameters, keys and signatures refused with a typed error.

use ekrov_kep::der;
use ekrov_kep::dstu::hash::{DKE_1_PACKED, UaHash};
use ekrov_kep::dstu::{self, gf2m, params, verify};
use ekrov_kep::pkix::{AlgorithmIdentifier, SubjectPublicKeyInfo};
use ekrov_kep::{KepError, SignatureAlgorithm};

fn rng(buf: &mut [u8]) -> Result<(), KepError> {
    aws_lc_rs::rand::fill(buf).map_err(|_| KepError::Malformed("rng".into()))
}

const DSTU_LE: &str = "1.2.804.2.1.1.1.1.3.1.1";

fn named_params(i: usize) -> Vec<u8> {
    der::seq(&[
        &der::oid(&format!("{DSTU_LE}.2.{i}")),
        &der::octets(&DKE_1_PACKED),
    ])
}

/// Explicit ECBinary parameters of a curve, as the Ukrainian CAs write them.
fn explicit_params(c: &dstu::curve::Curve) -> Vec<u8> {
    let f = &c.field;
    let ks = f.exponents();
    let poly = if ks.len() == 1 {
        der::small_int(ks[0] as u64)
    } else {
        der::seq(&[
            &der::small_int(ks[0] as u64),
            &der::small_int(ks[1] as u64),
            &der::small_int(ks[2] as u64),
        ])
    };
    let field = der::seq(&[&der::small_int(f.m() as u64), &poly]);
    let n_be: Vec<u8> = gf2m::limbs_to_le(&c.n, 64).into_iter().rev().collect();
    let curve = der::seq(&[
        &field,
        &der::small_int(c.a as u64),
        &der::octets(&f.to_le(&c.b)),
        &der::uint(&n_be),
        &der::octets(&f.to_le(&c.compress(&c.g).unwrap())),
    ]);
    der::seq(&[&curve, &der::octets(&DKE_1_PACKED)])
}

fn spki(params: &[u8], key: &[u8]) -> Vec<u8> {
    let alg = der::seq(&[&der::oid(DSTU_LE), params]);
    let mut bits = vec![0u8];
    bits.extend(der::octets(key));
    der::seq(&[&alg, &der::tlv(der::BIT_STRING, &bits)])
}

/// Through the algorithm trait, as the verifier calls it (which also checks the key's OID).
fn verify_with(spki_der: &[u8], msg: &[u8], sig: &[u8]) -> Result<(), KepError> {
    let t = der::parse_one(spki_der, "spki")?;
    let s = SubjectPublicKeyInfo::parse(t)?;
    let alg_der = der::seq(&[&der::oid(DSTU_LE)]);
    let alg = AlgorithmIdentifier::parse(der::parse_one(&alg_der, "alg")?)?;
    let d = dstu::Dstu4145;
    if !d.supports(&alg, &s) {
        return Err(KepError::UnsupportedAlgorithm("not a DSTU key".into()));
    }
    d.verify(&s, &alg, None, msg, sig)
}

struct Signed {
    spki: Vec<u8>,
    msg: Vec<u8>,
    sig: Vec<u8>,
}

fn sign_on(i: usize, explicit: bool) -> Signed {
    let c = params::standard(i).unwrap();
    let d = verify::random_scalar(&c, &mut rng).unwrap();
    let q = verify::public_from_private(&c, &d).unwrap();
    let mut msg = vec![0u8; 40];
    rng(&mut msg).unwrap();
    let h = UaHash::Gost34311.digest(&msg);
    let (r, s) = verify::sign_hash(&c, &d, &h, &mut rng).unwrap();
    let p = if explicit {
        explicit_params(&c)
    } else {
        named_params(i)
    };
    Signed {
        spki: spki(&p, &c.field.to_le(&c.compress(&q).unwrap())),
        msg,
        sig: verify::encode_signature(&c, &r, &s),
    }
}

#[test]
fn sign_verify_round_trip_on_every_curve() {
    for i in 0..10 {
        for explicit in [false, true] {
            for _ in 0..3 {
                let s = sign_on(i, explicit);
                verify_with(&s.spki, &s.msg, &s.sig)
                    .unwrap_or_else(|e| panic!("curve {i} explicit {explicit}: {e}"));
                // Also as a DER OCTET STRING (the X.509 form).
                verify_with(&s.spki, &s.msg, &der::octets(&s.sig)).unwrap();
                let mut other = s.msg.clone();
                other.push(0);
                assert!(verify_with(&s.spki, &other, &s.sig).is_err());
            }
        }
    }
}

#[test]
fn every_single_bit_change_is_refused() {
    for (i, explicit) in [(6, true), (9, false), (0, false)] {
        let s = sign_on(i, explicit);
        verify_with(&s.spki, &s.msg, &s.sig).unwrap();
        for bit in 0..s.sig.len() * 8 {
            let mut x = s.sig.clone();
            x[bit / 8] ^= 1 << (bit % 8);
            assert!(verify_with(&s.spki, &s.msg, &x).is_err(), "sig bit {bit}");
        }
        for bit in 0..s.msg.len() * 8 {
            let mut x = s.msg.clone();
            x[bit / 8] ^= 1 << (bit % 8);
            assert!(verify_with(&s.spki, &x, &s.sig).is_err(), "msg bit {bit}");
        }
        // The key: every bit of the SubjectPublicKeyInfo (parameters included).
        for bit in 0..s.spki.len() * 8 {
            let mut x = s.spki.clone();
            x[bit / 8] ^= 1 << (bit % 8);
            assert!(verify_with(&x, &s.msg, &s.sig).is_err(), "spki bit {bit}");
        }
    }
}

#[test]
fn message_p7_single_bit_changes_are_refused() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ua-certs");
    let cms = std::fs::read(dir.join("message.p7")).unwrap();
    let mut ts = ekrov_kep::TrustStore::new();
    ts.add_pem_or_der_file(&dir.join("SELF_SIGNED1.cer"))
        .unwrap();
    let v = ekrov_kep::Verifier::new(ts);
    let when: chrono::DateTime<chrono::Utc> = "2019-02-12T19:33:20Z".parse().unwrap();
    v.verify(&cms, None, when).unwrap();
    // Every bit of the 64-byte signature (the file's last 64 bytes) and of the signed attributes.
    let n = cms.len();
    for byte in (n - 64..n).chain(689..689 + 260) {
        for b in 0..8 {
            let mut x = cms.clone();
            x[byte] ^= 1 << b;
            assert!(v.verify(&x, None, when).is_err(), "byte {byte} bit {b}");
        }
    }
    // The content "123".
    let pos = cms
        .windows(5)
        .position(|w| w == [0x04, 0x03, b'1', b'2', b'3'])
        .unwrap()
        + 2;
    for byte in pos..pos + 3 {
        for b in 0..8 {
            let mut x = cms.clone();
            x[byte] ^= 1 << b;
            assert_eq!(
                v.verify(&x, None, when).unwrap_err(),
                KepError::DigestMismatch
            );
        }
    }
}

#[test]
fn out_of_range_scalars_are_refused() {
    let c = params::standard(6).unwrap();
    let s = sign_on(6, false);
    let l = verify::scalar_len(&c);
    let n_le = gf2m::limbs_to_le(&c.n, l);
    let zero = vec![0u8; l];
    for (r, sv) in [
        (zero.clone(), s.sig[l..].to_vec()),
        (s.sig[..l].to_vec(), zero.clone()),
        (n_le.clone(), s.sig[l..].to_vec()),
        (s.sig[..l].to_vec(), n_le.clone()),
        (vec![0xff; l], vec![0xff; l]),
    ] {
        let mut sig = r;
        sig.extend(sv);
        let e = verify_with(&s.spki, &s.msg, &sig).unwrap_err();
        assert_eq!(e.kind(), "signature_invalid", "{e}");
    }
    // Wrong lengths.
    for len in [0, 1, 63, 65, 128] {
        assert!(verify_with(&s.spki, &s.msg, &vec![1u8; len]).is_err());
    }
}

#[test]
fn malformed_keys_are_refused() {
    let c = params::standard(6).unwrap();
    let s = sign_on(6, false);
    let p = named_params(6);
    // x = 0, all ones (bits above m), one byte too long, empty, and x values off the curve.
    let mut bad: Vec<Vec<u8>> = vec![vec![0; 33], vec![0xff; 33], vec![1; 34], vec![]];
    let mut found_off_curve = 0;
    for v in 1u8..=255 {
        let key = vec![v; 32];
        let x = c.field.from_le(&key).unwrap();
        if c.decompress(&x).is_none() {
            bad.push(key);
            found_off_curve += 1;
        }
    }
    assert!(
        found_off_curve > 50,
        "about half of all x are not on the curve"
    );
    for k in bad {
        let e = verify_with(&spki(&p, &k), &s.msg, &s.sig).unwrap_err();
        assert!(matches!(e, KepError::Malformed(_)), "{e}");
    }
}

#[test]
fn malformed_explicit_parameters_are_refused() {
    let c = params::standard(6).unwrap();
    let s = sign_on(6, true);
    let good = explicit_params(&c);
    verify_with(&s.spki, &s.msg, &s.sig).unwrap();
    let key = {
        let t = der::parse_one(&s.spki, "").unwrap();
        SubjectPublicKeyInfo::parse(t).unwrap().key.to_vec()
    };
    let key = der::parse_one(&key, "").unwrap().content.to_vec();
    let with = |field: Vec<u8>, a: u64, b: Vec<u8>, n: Vec<u8>, bp: Vec<u8>, dke: &[u8]| {
        let curve = der::seq(&[
            &field,
            &der::small_int(a),
            &der::octets(&b),
            &n,
            &der::octets(&bp),
        ]);
        der::seq(&[&curve, &der::octets(dke)])
    };
    let f = |m: u64, k: u64| der::seq(&[&der::small_int(m), &der::small_int(k)]);
    let b = c.field.to_le(&c.b);
    let n_be: Vec<u8> = gf2m::limbs_to_le(&c.n, 33).into_iter().rev().collect();
    let n = der::uint(&n_be);
    let bp = c.field.to_le(&c.compress(&c.g).unwrap());
    let mut even_n = n_be.clone();
    *even_n.last_mut().unwrap() ^= 1;
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "reducible trinomial",
            with(
                f(257, 13),
                0,
                b.clone(),
                n.clone(),
                bp.clone(),
                &DKE_1_PACKED,
            ),
        ),
        (
            "degree 4095",
            with(
                f(4095, 12),
                0,
                b.clone(),
                n.clone(),
                bp.clone(),
                &DKE_1_PACKED,
            ),
        ),
        (
            "degree 131 (too small)",
            with(
                f(131, 8),
                0,
                b.clone(),
                n.clone(),
                bp.clone(),
                &DKE_1_PACKED,
            ),
        ),
        (
            "k ≥ m",
            with(
                f(257, 300),
                0,
                b.clone(),
                n.clone(),
                bp.clone(),
                &DKE_1_PACKED,
            ),
        ),
        (
            "a = 2",
            with(
                f(257, 12),
                2,
                b.clone(),
                n.clone(),
                bp.clone(),
                &DKE_1_PACKED,
            ),
        ),
        (
            "a = 1 (another curve)",
            with(
                f(257, 12),
                1,
                b.clone(),
                n.clone(),
                bp.clone(),
                &DKE_1_PACKED,
            ),
        ),
        (
            "b = 0",
            with(
                f(257, 12),
                0,
                vec![0; 33],
                n.clone(),
                bp.clone(),
                &DKE_1_PACKED,
            ),
        ),
        (
            "even n",
            with(
                f(257, 12),
                0,
                b.clone(),
                der::uint(&even_n),
                bp.clone(),
                &DKE_1_PACKED,
            ),
        ),
        (
            "n = 1",
            with(
                f(257, 12),
                0,
                b.clone(),
                der::uint(&[1]),
                bp.clone(),
                &DKE_1_PACKED,
            ),
        ),
        (
            "n too big",
            with(
                f(257, 12),
                0,
                b.clone(),
                der::uint(&[0xff; 70]),
                bp.clone(),
                &DKE_1_PACKED,
            ),
        ),
        (
            "bp = 0",
            with(
                f(257, 12),
                0,
                b.clone(),
                n.clone(),
                vec![0; 33],
                &DKE_1_PACKED,
            ),
        ),
        (
            "bp wider than the field",
            with(
                f(257, 12),
                0,
                b.clone(),
                n.clone(),
                vec![0xff; 33],
                &DKE_1_PACKED,
            ),
        ),
        (
            "DKE 63 bytes",
            with(
                f(257, 12),
                0,
                b.clone(),
                n.clone(),
                bp.clone(),
                &DKE_1_PACKED[..63],
            ),
        ),
        (
            "another DKE",
            with(f(257, 12), 0, b.clone(), n.clone(), bp.clone(), &[7u8; 64]),
        ),
        ("not a SEQUENCE", der::octets(&good)),
        (
            "unknown named curve",
            der::seq(&[&der::oid(&format!("{DSTU_LE}.2.10"))]),
        ),
        ("empty", der::seq(&[])),
    ];
    for (what, p) in cases {
        let e = verify_with(&spki(&p, &key), &s.msg, &s.sig).unwrap_err();
        assert!(
            matches!(
                e,
                KepError::Malformed(_) | KepError::UnsupportedAlgorithm(_)
            ),
            "{what}: {e}"
        );
    }
    // A different but sound base point (2G) is accepted as parameters; the signature then fails.
    let g2 = c.add_affine(Some(c.g), Some(c.g)).unwrap();
    let p = with(
        f(257, 12),
        0,
        b.clone(),
        n.clone(),
        c.field.to_le(&c.compress(&g2).unwrap()),
        &DKE_1_PACKED,
    );
    let e = verify_with(&spki(&p, &key), &s.msg, &s.sig).unwrap_err();
    assert_eq!(e.kind(), "signature_invalid", "{e}");
}

mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        /// Random bytes in place of parameters, key and signature: an error, never a panic.
        #[test]
        fn random_inputs_never_panic(p in proptest::collection::vec(any::<u8>(), 0..200),
                                     k in proptest::collection::vec(any::<u8>(), 0..70),
                                     sig in proptest::collection::vec(any::<u8>(), 0..140)) {
            let _ = verify_with(&spki(&p, &k), b"m", &sig);
            let _ = verify_with(&spki(&named_params(6), &k), b"m", &sig);
        }
    }
}
