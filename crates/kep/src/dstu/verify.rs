//! DSTU 4145-2002 signatures: verification (every value checked) and signing.
//!
//! h = the hash read little-endian, truncated to m bits (1 if zero); r = x(kP)·h truncated to
//! bitlen(N) − 1 bits; s = (k + d·r) mod N; the public key is Q = −d·P, so sP + rQ = kP.

use super::curve::{Affine, Curve};
use super::gf2m::{self, Fe, ONE};
use super::scalar::{self, Scalar};
use crate::der;
use crate::error::KepError;

type Result<T> = std::result::Result<T, KepError>;

fn invalid(msg: &str) -> KepError {
    KepError::SignatureInvalid(format!("DSTU 4145: {msg}"))
}

/// The hash as a field element.
pub fn hash_to_field(curve: &Curve, hash: &[u8]) -> Fe {
    let m = curve.field.m();
    let mut h = gf2m::ZERO;
    for (i, &b) in hash.iter().enumerate().take(8 * gf2m::LIMBS) {
        h[i / 8] |= (b as u64) << (8 * (i % 8));
    }
    let h = scalar::truncate(&h, m);
    if gf2m::is_zero(&h) { ONE } else { h }
}

/// Bytes of r and of s: (bitlen(N) + 7) / 8.
pub fn scalar_len(curve: &Curve) -> usize {
    curve.n_bits.div_ceil(8)
}

/// r ‖ s, each little-endian; either raw (CMS) or wrapped in a DER OCTET STRING (X.509).
/// Normally each half is (bitlen(N)+7)/8 bytes; jkurwa drops leading zero bytes common to r and
/// s, so any even length up to that is read as two halves.
pub fn parse_signature(curve: &Curve, sig: &[u8]) -> Result<(Scalar, Scalar)> {
    let l = scalar_len(curve);
    let raw = if sig.len() <= 2 * l {
        sig
    } else {
        match der::parse_one(sig, "DSTU 4145 signature") {
            Ok(t) if t.tag == der::OCTET_STRING && t.content.len() <= 2 * l => t.content,
            _ => {
                return Err(invalid(&format!(
                    "the signature is {} bytes, not 2 × {l}",
                    sig.len()
                )));
            }
        }
    };
    if raw.is_empty() || !raw.len().is_multiple_of(2) {
        return Err(invalid("the signature is not two equal halves"));
    }
    let (r, s) = raw.split_at(raw.len() / 2);
    let r = gf2m::le_to_limbs(r).ok_or_else(|| invalid("r too long"))?;
    let s = gf2m::le_to_limbs(s).ok_or_else(|| invalid("s too long"))?;
    Ok((r, s))
}

pub fn encode_signature(curve: &Curve, r: &Scalar, s: &Scalar) -> Vec<u8> {
    let l = scalar_len(curve);
    let mut v = gf2m::limbs_to_le(r, l);
    v.extend(gf2m::limbs_to_le(s, l));
    v
}

/// r' = (x · h) truncated to bitlen(N) − 1 bits.
fn r_of(curve: &Curve, x: &Fe, h: &Fe) -> Scalar {
    scalar::truncate(&curve.field.mul(x, h), curve.n_bits - 1)
}

/// Verify (r, s) over `hash` by the public key `q` (already checked to be on the curve).
pub fn verify_hash(curve: &Curve, q: &Affine, hash: &[u8], r: &Scalar, s: &Scalar) -> Result<()> {
    if !curve.scalar_in_range(r) || !curve.scalar_in_range(s) {
        return Err(invalid("r or s is not in 1..N-1"));
    }
    let h = hash_to_field(curve, hash);
    let rp = curve
        .mul2(s, &curve.g, r, q)
        .ok_or_else(|| invalid("sP + rQ is the point at infinity"))?;
    if r_of(curve, &rp.x, &h) == *r {
        Ok(())
    } else {
        Err(invalid("the signature does not match"))
    }
}

/// Q = −d·P.
pub fn public_from_private(curve: &Curve, d: &Scalar) -> Result<Affine> {
    if !curve.scalar_in_range(d) {
        return Err(KepError::Malformed(
            "DSTU 4145 private key not in 1..N-1".into(),
        ));
    }
    let p = curve
        .mul(d, &curve.g)
        .ok_or_else(|| KepError::Malformed("d·P is the point at infinity".into()))?;
    Ok(curve.neg(&p))
}

/// Sign with a given per-signature k; `None` when k yields r = 0 or s = 0 (take another k).
/// Not constant-time: for the development PKI and tests, not for keys that matter.
pub fn sign_hash_with_k(
    curve: &Curve,
    d: &Scalar,
    hash: &[u8],
    k: &Scalar,
) -> Result<Option<(Scalar, Scalar)>> {
    if !curve.scalar_in_range(d) || !curve.scalar_in_range(k) {
        return Err(KepError::Malformed("DSTU 4145 d or k not in 1..N-1".into()));
    }
    let h = hash_to_field(curve, hash);
    let Some(kp) = curve.mul(k, &curve.g) else {
        return Ok(None);
    };
    let r = r_of(curve, &kp.x, &h);
    if gf2m::is_zero(&r) {
        return Ok(None);
    }
    let s = scalar::add_mod(k, &scalar::mul_mod(d, &r, &curve.n), &curve.n);
    if gf2m::is_zero(&s) {
        return Ok(None);
    }
    Ok(Some((r, s)))
}

/// A uniformly random scalar in 1..N-1 from `fill` (rejection sampling).
pub fn random_scalar(
    curve: &Curve,
    fill: &mut dyn FnMut(&mut [u8]) -> Result<()>,
) -> Result<Scalar> {
    let len = scalar_len(curve);
    for _ in 0..1000 {
        let mut buf = vec![0u8; len];
        fill(&mut buf)?;
        let k = scalar::truncate(&gf2m::le_to_limbs(&buf).expect("fits"), curve.n_bits);
        if curve.scalar_in_range(&k) {
            return Ok(k);
        }
    }
    Err(KepError::Malformed(
        "the random source gives no usable scalar".into(),
    ))
}

/// Sign `hash` with k drawn from `fill`.
pub fn sign_hash(
    curve: &Curve,
    d: &Scalar,
    hash: &[u8],
    fill: &mut dyn FnMut(&mut [u8]) -> Result<()>,
) -> Result<(Scalar, Scalar)> {
    for _ in 0..100 {
        let k = random_scalar(curve, fill)?;
        if let Some(rs) = sign_hash_with_k(curve, d, hash, &k)? {
            return Ok(rs);
        }
    }
    Err(KepError::Malformed("no signature after 100 tries".into()))
}
