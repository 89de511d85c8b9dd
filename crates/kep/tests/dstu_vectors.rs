//! Every DSTU 4145 / GOST 34.311 / Kupyna vector of ../shared/vectors/dstu/vectors.json (copied to
//! tests/data/dstu/) checked against crates/kep's implementation. The count of checked vectors is
//! printed by `vector_count` (run with --nocapture).

use std::cell::Cell;
use std::path::Path;

use ekrov_kep::der;
use ekrov_kep::dstu::curve::{Affine, Curve};
use ekrov_kep::dstu::gf2m::{self, Fe, Field};
use ekrov_kep::dstu::hash::UaHash;
use ekrov_kep::dstu::{gost34311, params, scalar, verify};
use serde_json::Value;

thread_local! {
    // Per thread: the tests run in parallel, `vector_count` counts its own run of all of them.
    static CHECKED: Cell<usize> = const { Cell::new(0) };
}

fn count() {
    CHECKED.with(|c| c.set(c.get() + 1));
}

fn vectors() -> Value {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/dstu/vectors.json");
    serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap()
}

fn unhex(s: &str) -> Vec<u8> {
    assert!(s.len().is_multiple_of(2), "{s}");
    (0..s.len() / 2)
        .map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap())
        .collect()
}

fn be(v: &Value) -> Fe {
    scalar::from_be(&unhex(v.as_str().unwrap())).unwrap()
}

/// A little-endian-stored value of the UAPKI tables: {hex, big_endian_hex}; both forms must agree.
fn le(v: &Value) -> Fe {
    let a = gf2m::le_to_limbs(&unhex(v["hex"].as_str().unwrap())).unwrap();
    assert_eq!(a, be(&v["big_endian_hex"]));
    a
}

fn curve_of(c: &Value) -> Curve {
    let exps: Vec<usize> = c["field_polynomial"]["exponents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_u64().unwrap() as usize)
        .collect();
    let m = exps[0];
    let mut ks: Vec<usize> = exps[1..exps.len() - 1].to_vec();
    ks.sort_unstable();
    let n = le(&c["N"]);
    Curve {
        field: Field::new(m, &ks).unwrap(),
        a: c["A"].as_u64().unwrap() as u8,
        b: le(&c["B"]),
        n,
        n_bits: gf2m::bit_len(&n),
        g: Affine {
            x: le(&c["Px"]),
            y: le(&c["Py"]),
        },
    }
}

fn m257() -> std::sync::Arc<Curve> {
    params::standard(6).unwrap()
}

#[test]
fn annex_b_example() {
    let v = vectors();
    let ab = &v["dstu4145_2002_annex_b"];
    let c = curve_of(&ab["curve"]);
    assert!(c.is_on_curve(&c.g) && c.has_order_n(&c.g));
    params::check_explicit(&c).unwrap();
    let d = le(&ab["d"]);
    let q = verify::public_from_private(&c, &d).unwrap();
    assert_eq!(
        q,
        Affine {
            x: le(&ab["Qx"]),
            y: le(&ab["Qy"])
        },
        "Q = -dP"
    );
    count();
    let h = unhex(ab["H"]["hex"].as_str().unwrap());
    let k = le(&ab["k"]);
    let (r, s) = verify::sign_hash_with_k(&c, &d, &h, &k).unwrap().unwrap();
    assert_eq!(r, le(&ab["R"]));
    assert_eq!(s, le(&ab["S"]));
    count();
    verify::verify_hash(&c, &q, &h, &r, &s).unwrap();
    let sig = verify::encode_signature(&c, &r, &s);
    assert_eq!(sig[..21], unhex(ab["R"]["hex"].as_str().unwrap())[..]);
    // Compressed and back.
    let cq = c.compress(&q).unwrap();
    assert_eq!(c.decompress(&cq), Some(q));
    count();
}

#[test]
fn standard_curves() {
    let v = vectors();
    let curves = v["dstu4145_standard_curves_pb"]["curves"]
        .as_array()
        .unwrap();
    assert_eq!(curves.len(), 10);
    for (i, cv) in curves.iter().enumerate() {
        let c = curve_of(cv);
        let s = params::standard(i).unwrap();
        assert_eq!(c.field.m(), s.field.m());
        assert_eq!(c.field.exponents(), s.field.exponents());
        assert_eq!((c.a, c.b, c.n, c.g), (s.a, s.b, s.n, s.g), "{}", cv["name"]);
        assert!(c.field.is_irreducible());
        assert!(
            c.is_on_curve(&c.g),
            "{}: base point on the curve",
            cv["name"]
        );
        assert!(c.has_order_n(&c.g), "{}: base point of order N", cv["name"]);
        params::check_explicit(&c).unwrap();
        // Named by OID.
        let oid = der::oid(cv["oid"].as_str().unwrap());
        let p = der::seq(&[&oid]);
        let kp = params::parse(der::parse_one(&p, "p").unwrap()).unwrap();
        assert_eq!(kp.curve.n, c.n);
        assert_eq!(params::standard_name(&c), Some(params::STANDARD_NAMES[i]));
        // The base point compresses and decompresses to itself.
        assert_eq!(c.decompress(&c.compress(&c.g).unwrap()), Some(c.g));
        count();
    }
}

#[test]
fn gost34311_vectors() {
    let v = vectors();
    let g = &v["gost34311_95"];
    for t in g["vectors"].as_array().unwrap() {
        let msg = unhex(t["message_hex"].as_str().unwrap());
        let want = unhex(t["hash"]["hex"].as_str().unwrap());
        let got = match t["sbox"].as_str().unwrap() {
            "GOST34311_TEST_SBOX_11" => {
                // Ours with the table from the JSON, and the gost94 crate's test parameters.
                let u = unhex(
                    v["gost28147_89"]["sboxes"]["GOST34311_TEST_SBOX_11"]["unpacked_128_hex"]
                        .as_str()
                        .unwrap(),
                );
                let sbox: [[u8; 16]; 8] =
                    std::array::from_fn(|r| std::array::from_fn(|c| u[16 * r + c]));
                let ours = gost34311::digest(&gost34311::Gost28147Tables::new(&sbox), &msg);
                use gost94::Digest;
                assert_eq!(gost94::Gost94Test::digest(&msg).to_vec(), ours.to_vec());
                ours.to_vec()
            }
            "DKE_1" => UaHash::Gost34311.digest(&msg),
            other => panic!("S-box {other}"),
        };
        assert_eq!(got, want, "{}", t["label"]);
        count();
    }
    let certs = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ua-certs");
    for t in g["vectors_from_jkurwa_test_files"].as_array().unwrap() {
        let msg = match t.get("message_hex") {
            Some(h) => unhex(h.as_str().unwrap()),
            None => std::fs::read(certs.join("SELF_SIGNED1.cer")).unwrap(),
        };
        assert_eq!(
            UaHash::Gost34311.digest(&msg),
            unhex(t["hash"]["hex"].as_str().unwrap()),
            "{}",
            t["label"]
        );
        count();
    }
    for t in g["supplementary_vectors_dstucrypt_gost89"]["vectors"]
        .as_array()
        .unwrap()
    {
        let msg = match (t.get("message_ascii"), t.get("message_hex")) {
            (Some(a), _) => a.as_str().unwrap().as_bytes().to_vec(),
            (None, Some(h)) => unhex(h.as_str().unwrap()),
            _ => panic!("no message"),
        };
        assert_eq!(
            UaHash::Gost34311.digest(&msg),
            unhex(t["hash_hex"].as_str().unwrap())
        );
        count();
    }
}

#[test]
fn kupyna_vectors() {
    let v = vectors();
    for t in v["dstu7564_2014_kupyna"]["hash_vectors"]
        .as_array()
        .unwrap()
    {
        let msg = unhex(t["message_hex"].as_str().unwrap());
        assert_eq!(
            msg.len() * 8,
            t["message_length_bits"].as_u64().unwrap() as usize
        );
        let h = match t["hash_length_bits"].as_u64().unwrap() {
            256 => UaHash::Kupyna256,
            384 => UaHash::Kupyna384,
            512 => UaHash::Kupyna512,
            other => panic!("{other}"),
        };
        assert_eq!(
            h.digest(&msg),
            unhex(t["hash"]["hex"].as_str().unwrap()),
            "{}",
            t["uapki_name"]
        );
        count();
    }
}

fn pt(v: &Value) -> Affine {
    Affine {
        x: be(&v["x"]["be_hex"]),
        y: be(&v["y"]["be_hex"]),
    }
}

#[test]
fn jkurwa_m257_vectors() {
    let v = vectors();
    let j = &v["jkurwa_dstu4145_m257_vectors"];
    let c = m257();
    let f = &c.field;

    // Sign with a fixed e; h is given as a field element (big-endian), so as hash bytes it is reversed.
    let t = &j["sign_with_fixed_e"];
    let d = be(&t["d"]["be_hex"]);
    let q = Affine {
        x: be(&t["Qx"]["be_hex"]),
        y: be(&t["Qy"]["be_hex"]),
    };
    let pubkey = verify::public_from_private(&c, &d).unwrap();
    // jkurwa's Priv.pub() is −d·G as in UAPKI.
    assert_eq!(pubkey, q);
    count();
    let mut h = unhex(t["h_field_element"]["be_hex"].as_str().unwrap());
    h.reverse();
    let e = be(&t["e"]["be_hex"]);
    let (r, s) = verify::sign_hash_with_k(&c, &d, &h, &e).unwrap().unwrap();
    assert_eq!(r, be(&t["expected_r"]["be_hex"]));
    assert_eq!(s, be(&t["expected_s"]["be_hex"]));
    verify::verify_hash(&c, &q, &h, &r, &s).unwrap();
    count();

    // The encoding: DER OCTET STRING of r_le ‖ s_le.
    let t = &j["signature_encoding"];
    let ser = unhex(t["serialised_hex"].as_str().unwrap());
    let (r2, s2) = verify::parse_signature(&c, &ser).unwrap();
    assert_eq!((r2, s2), (be(&t["r"]["be_hex"]), be(&t["s"]["be_hex"])));
    assert_eq!(der::octets(&verify::encode_signature(&c, &r2, &s2)), ser);
    count();

    // Verify from hash bytes (read little-endian).
    let t = &j["verify_hash_bytes"];
    let d = be(&t["d"]["be_hex"]);
    let q = verify::public_from_private(&c, &d).unwrap();
    let hb = unhex(t["hash_bytes_hex"].as_str().unwrap());
    let sig = unhex(t["signature_der_octet_string_hex"].as_str().unwrap());
    let (r, s) = verify::parse_signature(&c, &sig).unwrap();
    verify::verify_hash(&c, &q, &hb, &r, &s).unwrap();
    count();

    // Point operations.
    let t = &j["point_ops"];
    let q = pt(&t["Q"]);
    assert!(c.is_on_curve(&q));
    assert_eq!(c.add_affine(Some(q), Some(q)), Some(pt(&t["two_Q"])));
    assert_eq!(c.mul(&be(&t["e"]["be_hex"]), &q), Some(pt(&t["e_times_Q"])));
    let mut two = gf2m::ZERO;
    two[0] = 2;
    assert_eq!(c.mul(&two, &q), Some(pt(&t["two_Q"])));
    count();

    // Compression.
    let t = &j["compression"];
    assert_eq!(
        c.compress(&c.g),
        Some(be(&t["base_point_compressed"]["be_hex"]))
    );
    for case in t["cases"].as_array().unwrap() {
        let comp = be(&case["compressed"]["be_hex"]);
        let x = be(&case["x"]["be_hex"]);
        match c.decompress(&comp) {
            Some(p) => {
                assert_eq!(p.x, x, "{}", case["label"]);
                if !case["y"].is_null() {
                    assert_eq!(p.y, be(&case["y"]["be_hex"]), "{}", case["label"]);
                }
                assert_eq!(c.compress(&p), Some(comp), "{}", case["label"]);
            }
            // jkurwa expands zero to x = 0, a point of order 2 we refuse as a key.
            None => assert!(gf2m::is_zero(&x), "{}", case["label"]),
        }
        count();
    }
    assert_eq!(
        f.trace(&be(&t["trace"]["value"]["be_hex"])) as u64,
        t["trace"]["trace"].as_u64().unwrap()
    );
    count();

    // GF(2^257).
    let t = &j["gf2m_257"];
    let input = be(&t["reduce"]["input"]["be_hex"]);
    let reduced = be(&t["reduce"]["reduced"]["be_hex"]);
    // input < 2^260: reduce it as a product with 1.
    assert_eq!(f.mul(&input, &gf2m::ONE), reduced);
    assert_eq!(
        f.mul(&reduced, &be(&t["mul"]["b"]["be_hex"])),
        be(&t["mul"]["product"]["be_hex"])
    );
    assert_eq!(f.inv(&reduced), be(&t["inv"]["inverse"]["be_hex"]));
    count();
}

/// The d of each jkurwa key file (PKCS#8-shaped, d little-endian) and, for PRIV1, its public key
/// equal to the one in SELF_SIGNED1.cer.
#[test]
fn jkurwa_key_files() {
    let v = vectors();
    let keys = &v["jkurwa_dstu4145_m257_vectors"]["private_keys_in_ua_certs"];
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/dstu/keys");
    let certs = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ua-certs");
    let load = |name: &str| {
        let der = std::fs::read(dir.join(name)).unwrap();
        let t = der::parse_one(&der, "key").unwrap();
        let mut r = t.reader();
        r.read().unwrap();
        let alg = ekrov_kep::pkix::AlgorithmIdentifier::parse(r.read().unwrap()).unwrap();
        let kp = params::parse(alg.params.unwrap()).unwrap();
        let d = r.read().unwrap().content.to_vec();
        (kp, gf2m::le_to_limbs(&d).unwrap())
    };
    for (name, key) in [
        ("Key40A0.cer", "Key40A0.cer / Key40A0.pem / STORE_A040.dat"),
        ("Key6929.cer", "Key6929.cer"),
        ("KeyE54B.cer", "KeyE54B.cer"),
    ] {
        let (kp, d) = load(name);
        assert_eq!(d, be(&keys[key]["d"]["be_hex"]), "{name}");
        // KeyE54B's d (444 bits) exceeds M431's N: jkurwa's test key is not reduced; only the
        // M257 keys are usable for signing.
        assert_eq!(
            kp.curve.scalar_in_range(&d),
            name != "KeyE54B.cer",
            "{name}"
        );
        count();
    }
    let (kp, d) = load("PRIV1.cer");
    let q = verify::public_from_private(&kp.curve, &d).unwrap();
    let cert = std::fs::read(certs.join("SELF_SIGNED1.cer")).unwrap();
    let c = ekrov_kep::pkix::Certificate::from_der(&cert).unwrap();
    let want = params::public_key_from_spki(&kp.curve, c.spki.key).unwrap();
    assert_eq!(q, want, "PRIV1's public key is SELF_SIGNED1's");
    count();
}

#[test]
fn vector_count() {
    // Run the others first in this thread so the count is complete.
    annex_b_example();
    standard_curves();
    gost34311_vectors();
    kupyna_vectors();
    jkurwa_m257_vectors();
    jkurwa_key_files();
    let n = CHECKED.with(Cell::get);
    println!("DSTU vectors checked: {n}");
    assert!(n >= 40, "{n}");
}
