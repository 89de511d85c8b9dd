//! DSTU 4145-2002 over GF(2^m) in polynomial basis (little-endian encodings), with GOST 34.311-95
//! and DSTU 7564 Kupyna, behind [`crate::SignatureAlgorithm`].

pub mod curve;
pub mod gf2m;
pub mod gost34311;
pub mod hash;
pub mod params;
pub mod scalar;
pub mod verify;

use crate::algs::SignatureAlgorithm;
use crate::error::KepError;
use crate::oid;
use crate::pkix::{AlgorithmIdentifier, SubjectPublicKeyInfo};
use hash::UaHash;

/// OID content bytes of DSTU 4145 with Kupyna: `1.2.804.2.1.1.1.1.3.6.{1,2,3}`.
fn kupyna_sig_hash(o: &[u8]) -> Option<UaHash> {
    match o.strip_prefix(oid::DSTU4145_KUPYNA_ROOT)? {
        [1] => Some(UaHash::Kupyna256),
        [2] => Some(UaHash::Kupyna384),
        [3] => Some(UaHash::Kupyna512),
        _ => None,
    }
}

/// The hash a DSTU signature algorithm names (GOST 34.311 for `…3.1.1`, Kupyna for `…3.6.x`).
fn sig_hash(sig_alg: &[u8]) -> Option<UaHash> {
    if sig_alg == oid::DSTU4145_LE {
        Some(UaHash::Gost34311)
    } else {
        kupyna_sig_hash(sig_alg)
    }
}

/// Verify a DSTU 4145 signature over `message` by a SubjectPublicKeyInfo (the whole per-signature
/// path: curve from the key's parameters, key decompression, hashing, verification).
pub fn verify_spki(
    spki: &SubjectPublicKeyInfo<'_>,
    hash_alg: UaHash,
    message: &[u8],
    signature: &[u8],
) -> Result<(), KepError> {
    let p = spki
        .algorithm
        .params
        .ok_or_else(|| KepError::Malformed("DSTU 4145 key without curve parameters".into()))?;
    let kp = params::parse(p)?;
    if hash_alg == UaHash::Gost34311 {
        hash::check_sbox(kp.dke.as_ref())?;
    }
    let q = params::public_key_from_spki(&kp.curve, spki.key)?;
    let (r, s) = verify::parse_signature(&kp.curve, signature)?;
    let h = hash_alg.digest(message);
    verify::verify_hash(&kp.curve, &q, &h, &r, &s)
}

/// DSTU 4145-2002 (little-endian), polynomial basis, pure Rust.
pub struct Dstu4145;

impl SignatureAlgorithm for Dstu4145 {
    fn name(&self) -> &'static str {
        "DSTU 4145-2002 (ekrov, pure Rust)"
    }

    fn supports(&self, sig_alg: &AlgorithmIdentifier<'_>, spki: &SubjectPublicKeyInfo<'_>) -> bool {
        sig_hash(sig_alg.oid).is_some() && spki.algorithm.oid == oid::DSTU4145_LE
    }

    fn verify(
        &self,
        spki: &SubjectPublicKeyInfo<'_>,
        sig_alg: &AlgorithmIdentifier<'_>,
        _digest_alg: Option<&AlgorithmIdentifier<'_>>,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), KepError> {
        let h = sig_hash(sig_alg.oid)
            .ok_or_else(|| KepError::UnsupportedAlgorithm(sig_alg.describe()))?;
        verify_spki(spki, h, message, signature)
    }

    fn digest(&self, digest_alg: &AlgorithmIdentifier<'_>, data: &[u8]) -> Option<Vec<u8>> {
        hash::digest_for(digest_alg.oid, digest_alg.params, data)
    }
}
