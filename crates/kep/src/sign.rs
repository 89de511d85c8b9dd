//! Making CMS SignedData (CAdES-BES shape) with an ECDSA key — for `ekrov sign` and tests.

use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{self as sig, EcdsaKeyPair};
use chrono::{DateTime, Datelike, Timelike, Utc};

use crate::algs::HashAlg;
use crate::der;
use crate::error::KepError;
use crate::oid;
use crate::pkix::Certificate;

/// A detached CMS SignedData over `content` (signed attributes: contentType, signingTime,
/// messageDigest), carrying `cert_der` and `chain`. P-256 keys sign with SHA-256, P-384 with SHA-384.
pub fn sign_detached(
    cert_der: &[u8],
    key_pkcs8_der: &[u8],
    chain: &[Vec<u8>],
    content: &[u8],
    at: DateTime<Utc>,
) -> Result<Vec<u8>, KepError> {
    sign(cert_der, key_pkcs8_der, chain, content, at, false)
}

/// As [`sign_detached`], with the content embedded.
pub fn sign_attached(
    cert_der: &[u8],
    key_pkcs8_der: &[u8],
    chain: &[Vec<u8>],
    content: &[u8],
    at: DateTime<Utc>,
) -> Result<Vec<u8>, KepError> {
    sign(cert_der, key_pkcs8_der, chain, content, at, true)
}

/// UTCTime for years 1950–2049, else GeneralizedTime (RFC 5652 signingTime rule).
pub fn encode_time(at: DateTime<Utc>) -> Vec<u8> {
    let y = at.year();
    let rest = format!(
        "{:02}{:02}{:02}{:02}{:02}Z",
        at.month(),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    );
    if (1950..2050).contains(&y) {
        der::tlv(der::UTC_TIME, format!("{:02}{rest}", y % 100).as_bytes())
    } else {
        der::tlv(der::GENERALIZED_TIME, format!("{y:04}{rest}").as_bytes())
    }
}

fn attribute(oid_content: &[u8], value: Vec<u8>) -> Vec<u8> {
    der::seq(&[
        &der::tlv(der::OID, oid_content),
        &der::cons(der::SET, &[&value]),
    ])
}

fn alg_id(oid_content: &[u8]) -> Vec<u8> {
    der::seq(&[&der::tlv(der::OID, oid_content)])
}

fn sign(
    cert_der: &[u8],
    key_pkcs8_der: &[u8],
    chain: &[Vec<u8>],
    content: &[u8],
    at: DateTime<Utc>,
    attach: bool,
) -> Result<Vec<u8>, KepError> {
    let cert = Certificate::from_der(cert_der)?;
    let curve = cert
        .spki
        .algorithm
        .params
        .map(|p| p.content)
        .unwrap_or_default();
    let (signing, hash, sig_oid) = match curve {
        oid::P256 => (
            &sig::ECDSA_P256_SHA256_ASN1_SIGNING,
            HashAlg::Sha256,
            oid::ECDSA_SHA256,
        ),
        oid::P384 => (
            &sig::ECDSA_P384_SHA384_ASN1_SIGNING,
            HashAlg::Sha384,
            oid::ECDSA_SHA384,
        ),
        _ => {
            return Err(KepError::UnsupportedAlgorithm(format!(
                "signing with a {} key",
                cert.spki.algorithm.describe()
            )));
        }
    };
    let key = EcdsaKeyPair::from_pkcs8(signing, key_pkcs8_der)
        .map_err(|e| KepError::Malformed(format!("private key: {e}")))?;
    use aws_lc_rs::signature::KeyPair;
    if key.public_key().as_ref() != cert.spki.key {
        return Err(KepError::Malformed(
            "the private key does not belong to the certificate".into(),
        ));
    }

    let attrs = der::set_of(vec![
        attribute(oid::ATTR_CONTENT_TYPE, der::tlv(der::OID, oid::ID_DATA)),
        attribute(oid::ATTR_SIGNING_TIME, encode_time(at)),
        attribute(oid::ATTR_MESSAGE_DIGEST, der::octets(&hash.digest(content))),
    ]);
    let signature = key
        .sign(&SystemRandom::new(), &attrs)
        .map_err(|_| KepError::Malformed("signing failed".into()))?;
    let mut attrs_implicit = attrs.clone();
    attrs_implicit[0] = der::ctx_cons(0);

    let serial_tlv = der::tlv(der::INTEGER, cert.serial);
    let signer_info = der::seq(&[
        &der::small_int(1),
        &der::seq(&[cert.issuer.raw, &serial_tlv]),
        &alg_id(hash.oid()),
        &attrs_implicit,
        &alg_id(sig_oid),
        &der::octets(signature.as_ref()),
    ]);
    let mut certs: Vec<&[u8]> = vec![cert_der];
    certs.extend(chain.iter().map(Vec::as_slice));
    let econtent = if attach {
        der::cons(der::ctx_cons(0), &[&der::octets(content)])
    } else {
        Vec::new()
    };
    let signed_data = der::seq(&[
        &der::small_int(1),
        &der::cons(der::SET, &[&alg_id(hash.oid())]),
        &der::seq(&[&der::tlv(der::OID, oid::ID_DATA), &econtent]),
        &der::cons(der::ctx_cons(0), &certs),
        &der::cons(der::SET, &[&signer_info]),
    ]);
    Ok(der::seq(&[
        &der::tlv(der::OID, oid::ID_SIGNED_DATA),
        &der::cons(der::ctx_cons(0), &[&signed_data]),
    ]))
}
