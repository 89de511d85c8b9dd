//! Signature algorithms behind one trait, so DSTU 4145 can be added without touching the rest.
//!
//! The built-in backends use `aws-lc-rs` (chosen by measurement: see docs/BENCHMARKS.md): ECDSA on P-256,
//! P-384 and P-521 and RSA PKCS#1 v1.5 / PSS, each with SHA-256/384/512.

use aws_lc_rs::digest;
use aws_lc_rs::signature::{self as sig, RsaParameters, RsaPssSaltLength, UnparsedPublicKey};

use crate::der::{self, Reader};
use crate::error::KepError;
use crate::oid;
use crate::pkix::{AlgorithmIdentifier, SubjectPublicKeyInfo, describe_oid};

/// A hash the built-in algorithms know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HashAlg {
    Sha256,
    Sha384,
    Sha512,
}

impl HashAlg {
    pub fn from_oid(o: &[u8]) -> Option<Self> {
        match o {
            oid::SHA256 => Some(HashAlg::Sha256),
            oid::SHA384 => Some(HashAlg::Sha384),
            oid::SHA512 => Some(HashAlg::Sha512),
            _ => None,
        }
    }

    pub fn oid(self) -> &'static [u8] {
        match self {
            HashAlg::Sha256 => oid::SHA256,
            HashAlg::Sha384 => oid::SHA384,
            HashAlg::Sha512 => oid::SHA512,
        }
    }

    pub fn output_len(self) -> usize {
        match self {
            HashAlg::Sha256 => 32,
            HashAlg::Sha384 => 48,
            HashAlg::Sha512 => 64,
        }
    }

    fn aws(self) -> &'static digest::Algorithm {
        match self {
            HashAlg::Sha256 => &digest::SHA256,
            HashAlg::Sha384 => &digest::SHA384,
            HashAlg::Sha512 => &digest::SHA512,
        }
    }

    pub fn digest(self, data: &[u8]) -> Vec<u8> {
        digest::digest(self.aws(), data).as_ref().to_vec()
    }
}

/// One family of signature algorithms.
///
/// `message` is the data that was signed (the algorithm hashes it itself, with the hash its
/// identifier names, or `digest_alg` where the identifier names none, as CMS allows with
/// `rsaEncryption` or `id-ecPublicKey`).
pub trait SignatureAlgorithm: Send + Sync {
    /// A short name for diagnostics ("ECDSA (aws-lc-rs)").
    fn name(&self) -> &'static str;

    /// Whether this implementation handles signatures of `sig_alg` by keys like `spki`.
    fn supports(&self, sig_alg: &AlgorithmIdentifier<'_>, spki: &SubjectPublicKeyInfo<'_>) -> bool;

    /// Verify; `Err(SignatureInvalid)` when the signature does not verify.
    fn verify(
        &self,
        spki: &SubjectPublicKeyInfo<'_>,
        sig_alg: &AlgorithmIdentifier<'_>,
        digest_alg: Option<&AlgorithmIdentifier<'_>>,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), KepError>;

    /// Digest `data` with a hash this family brings (e.g. GOST 34.311 for DSTU 4145);
    /// `None` if it does not know `digest_alg`. SHA-2 is built in and need not be provided.
    fn digest(&self, _digest_alg: &AlgorithmIdentifier<'_>, _data: &[u8]) -> Option<Vec<u8>> {
        None
    }
}

fn hash_of(
    sig_hash: Option<HashAlg>,
    digest_alg: Option<&AlgorithmIdentifier<'_>>,
) -> Result<HashAlg, KepError> {
    if let Some(h) = sig_hash {
        return Ok(h);
    }
    match digest_alg {
        Some(d) => HashAlg::from_oid(d.oid).ok_or_else(|| {
            KepError::UnsupportedAlgorithm(format!("digest {}", describe_oid(d.oid)))
        }),
        None => Err(KepError::Malformed(
            "signature algorithm names no hash and none is given".into(),
        )),
    }
}

fn no_params(a: &AlgorithmIdentifier<'_>) -> Result<(), KepError> {
    if a.real_params().is_some() {
        return Err(KepError::Malformed(format!(
            "unexpected parameters on {}",
            a.describe()
        )));
    }
    Ok(())
}

/// ECDSA on P-256, P-384 and P-521 with SHA-256/384/512, by aws-lc-rs.
pub struct EcdsaAwsLc;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Curve {
    P256,
    P384,
    P521,
}

fn ec_curve(spki: &SubjectPublicKeyInfo<'_>) -> Option<Curve> {
    if spki.algorithm.oid != oid::EC_PUBLIC_KEY {
        return None;
    }
    let p = spki.algorithm.params?;
    if p.tag != der::OID {
        return None;
    }
    match p.content {
        oid::P256 => Some(Curve::P256),
        oid::P384 => Some(Curve::P384),
        oid::P521 => Some(Curve::P521),
        _ => None,
    }
}

fn ecdsa_hash(sig_alg: &[u8]) -> Option<Option<HashAlg>> {
    match sig_alg {
        oid::ECDSA_SHA256 => Some(Some(HashAlg::Sha256)),
        oid::ECDSA_SHA384 => Some(Some(HashAlg::Sha384)),
        oid::ECDSA_SHA512 => Some(Some(HashAlg::Sha512)),
        oid::EC_PUBLIC_KEY => Some(None),
        _ => None,
    }
}

impl SignatureAlgorithm for EcdsaAwsLc {
    fn name(&self) -> &'static str {
        "ECDSA (aws-lc-rs)"
    }

    fn supports(&self, sig_alg: &AlgorithmIdentifier<'_>, spki: &SubjectPublicKeyInfo<'_>) -> bool {
        ecdsa_hash(sig_alg.oid).is_some() && spki.algorithm.oid == oid::EC_PUBLIC_KEY
    }

    fn verify(
        &self,
        spki: &SubjectPublicKeyInfo<'_>,
        sig_alg: &AlgorithmIdentifier<'_>,
        digest_alg: Option<&AlgorithmIdentifier<'_>>,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), KepError> {
        let curve = ec_curve(spki).ok_or_else(|| {
            let c = spki
                .algorithm
                .params
                .map(|p| describe_oid(p.content))
                .unwrap_or_else(|| "no parameters".into());
            KepError::UnsupportedAlgorithm(format!("EC curve {c}"))
        })?;
        let sig_hash = ecdsa_hash(sig_alg.oid)
            .ok_or_else(|| KepError::UnsupportedAlgorithm(sig_alg.describe()))?;
        if sig_alg.oid != oid::EC_PUBLIC_KEY {
            no_params(sig_alg)?;
        }
        let hash = hash_of(sig_hash, digest_alg)?;
        let alg: &'static sig::EcdsaVerificationAlgorithm = match (curve, hash) {
            (Curve::P256, HashAlg::Sha256) => &sig::ECDSA_P256_SHA256_ASN1,
            (Curve::P256, HashAlg::Sha384) => &sig::ECDSA_P256_SHA384_ASN1,
            (Curve::P256, HashAlg::Sha512) => &sig::ECDSA_P256_SHA512_ASN1,
            (Curve::P384, HashAlg::Sha256) => &sig::ECDSA_P384_SHA256_ASN1,
            (Curve::P384, HashAlg::Sha384) => &sig::ECDSA_P384_SHA384_ASN1,
            (Curve::P384, HashAlg::Sha512) => &sig::ECDSA_P384_SHA512_ASN1,
            (Curve::P521, HashAlg::Sha256) => &sig::ECDSA_P521_SHA256_ASN1,
            (Curve::P521, HashAlg::Sha384) => &sig::ECDSA_P521_SHA384_ASN1,
            (Curve::P521, HashAlg::Sha512) => &sig::ECDSA_P521_SHA512_ASN1,
        };
        UnparsedPublicKey::new(alg, spki.key)
            .verify(message, signature)
            .map_err(|_| KepError::SignatureInvalid(format!("ECDSA {curve:?} with {hash:?}")))
    }
}

/// RSA PKCS#1 v1.5 and RSASSA-PSS (2048–8192 bits) with SHA-256/384/512, by aws-lc-rs.
pub struct RsaAwsLc;

enum RsaScheme {
    Pkcs1(Option<HashAlg>),
    Pss,
}

fn rsa_scheme(o: &[u8]) -> Option<RsaScheme> {
    match o {
        oid::RSA_SHA256 => Some(RsaScheme::Pkcs1(Some(HashAlg::Sha256))),
        oid::RSA_SHA384 => Some(RsaScheme::Pkcs1(Some(HashAlg::Sha384))),
        oid::RSA_SHA512 => Some(RsaScheme::Pkcs1(Some(HashAlg::Sha512))),
        oid::RSA_ENCRYPTION => Some(RsaScheme::Pkcs1(None)),
        oid::RSA_PSS => Some(RsaScheme::Pss),
        _ => None,
    }
}

/// RSASSA-PSS-params → (hash, salt length). Only MGF1 with the same hash and trailer 1.
fn pss_params(a: &AlgorithmIdentifier<'_>) -> Result<(HashAlg, u64), KepError> {
    let p = a
        .params
        .ok_or_else(|| KepError::Malformed("RSASSA-PSS without parameters".into()))?
        .expect(der::SEQUENCE, "RSASSA-PSS-params")?;
    let mut r = p.reader();
    let mut hash_oid: &[u8] = oid::SHA1;
    let mut mgf_hash: &[u8] = oid::SHA1;
    let mut salt = 20u64;
    let mut trailer = 1u64;
    if let Some(h) = r.read_optional(der::ctx_cons(0))? {
        hash_oid = AlgorithmIdentifier::parse(Reader::new(h.content).read()?)?.oid;
    }
    if let Some(m) = r.read_optional(der::ctx_cons(1))? {
        let mgf = AlgorithmIdentifier::parse(Reader::new(m.content).read()?)?;
        if mgf.oid != oid::MGF1 {
            return Err(KepError::UnsupportedAlgorithm(format!(
                "RSASSA-PSS mask generation {}",
                mgf.describe()
            )));
        }
        let inner = mgf
            .params
            .ok_or_else(|| KepError::Malformed("MGF1 without hash".into()))?;
        mgf_hash = AlgorithmIdentifier::parse(inner)?.oid;
    }
    if let Some(s) = r.read_optional(der::ctx_cons(2))? {
        salt = Reader::new(s.content).read()?.small_uint()?;
    }
    if let Some(t) = r.read_optional(der::ctx_cons(3))? {
        trailer = Reader::new(t.content).read()?.small_uint()?;
    }
    r.finish("RSASSA-PSS-params")?;
    let hash = HashAlg::from_oid(hash_oid).ok_or_else(|| {
        KepError::UnsupportedAlgorithm(format!("RSASSA-PSS with {}", describe_oid(hash_oid)))
    })?;
    if mgf_hash != hash_oid || trailer != 1 {
        return Err(KepError::UnsupportedAlgorithm(
            "RSASSA-PSS with a different MGF1 hash or trailer".into(),
        ));
    }
    Ok((hash, salt))
}

fn rsa_modulus_bits(spki_key: &[u8]) -> Result<usize, KepError> {
    let t = der::parse_one(spki_key, "RSAPublicKey")?.expect(der::SEQUENCE, "RSAPublicKey")?;
    let n = t.reader().read_tag(der::INTEGER, "modulus")?;
    let n = der::strip_int_zero(n.content);
    match n.first() {
        Some(&b) => Ok(n.len() * 8 - b.leading_zeros() as usize),
        None => Err(KepError::Malformed("empty RSA modulus".into())),
    }
}

impl SignatureAlgorithm for RsaAwsLc {
    fn name(&self) -> &'static str {
        "RSA (aws-lc-rs)"
    }

    fn supports(&self, sig_alg: &AlgorithmIdentifier<'_>, spki: &SubjectPublicKeyInfo<'_>) -> bool {
        rsa_scheme(sig_alg.oid).is_some()
            && (spki.algorithm.oid == oid::RSA_ENCRYPTION || spki.algorithm.oid == oid::RSA_PSS)
    }

    fn verify(
        &self,
        spki: &SubjectPublicKeyInfo<'_>,
        sig_alg: &AlgorithmIdentifier<'_>,
        digest_alg: Option<&AlgorithmIdentifier<'_>>,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), KepError> {
        let scheme = rsa_scheme(sig_alg.oid)
            .ok_or_else(|| KepError::UnsupportedAlgorithm(sig_alg.describe()))?;
        let params: &'static RsaParameters = match scheme {
            RsaScheme::Pkcs1(h) => {
                no_params(sig_alg)?;
                if spki.algorithm.oid == oid::RSA_PSS {
                    return Err(KepError::SignatureInvalid(
                        "a PSS-only key used for PKCS#1 v1.5".into(),
                    ));
                }
                match hash_of(h, digest_alg)? {
                    HashAlg::Sha256 => &sig::RSA_PKCS1_2048_8192_SHA256,
                    HashAlg::Sha384 => &sig::RSA_PKCS1_2048_8192_SHA384,
                    HashAlg::Sha512 => &sig::RSA_PKCS1_2048_8192_SHA512,
                }
            }
            RsaScheme::Pss => {
                let (hash, salt) = pss_params(sig_alg)?;
                let bits = rsa_modulus_bits(spki.key)?;
                let em_len = (bits + 6) / 8;
                let max = em_len.saturating_sub(hash.output_len() + 2) as u64;
                let digest_len = salt == hash.output_len() as u64;
                if !digest_len && salt != max {
                    return Err(KepError::UnsupportedAlgorithm(format!(
                        "RSASSA-PSS salt length {salt} (only the digest length or the maximum)"
                    )));
                }
                use RsaPssSaltLength::Max;
                match (hash, digest_len) {
                    (HashAlg::Sha256, true) => &sig::RSA_PSS_2048_8192_SHA256,
                    (HashAlg::Sha384, true) => &sig::RSA_PSS_2048_8192_SHA384,
                    (HashAlg::Sha512, true) => &sig::RSA_PSS_2048_8192_SHA512,
                    (HashAlg::Sha256, false) => {
                        &const { sig::RSA_PSS_2048_8192_SHA256.with_pss_salt_length(Max) }
                    }
                    (HashAlg::Sha384, false) => {
                        &const { sig::RSA_PSS_2048_8192_SHA384.with_pss_salt_length(Max) }
                    }
                    (HashAlg::Sha512, false) => {
                        &const { sig::RSA_PSS_2048_8192_SHA512.with_pss_salt_length(Max) }
                    }
                }
            }
        };
        UnparsedPublicKey::new(params, spki.key)
            .verify(message, signature)
            .map_err(|_| KepError::SignatureInvalid(format!("RSA {params:?}")))
    }
}

/// The algorithms a [`crate::Verifier`] starts with.
pub fn default_algorithms() -> Vec<Box<dyn SignatureAlgorithm>> {
    vec![
        Box::new(EcdsaAwsLc),
        Box::new(RsaAwsLc),
        Box::new(crate::dstu::Dstu4145),
    ]
}
