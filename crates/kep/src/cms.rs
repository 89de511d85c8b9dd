//! CMS SignedData parsing (RFC 5652), zero-copy, keeping the signed attributes as received.

use std::borrow::Cow;

use crate::der::{self, Reader, Tlv};
use crate::error::KepError;
use crate::oid;
use crate::pkix::{AlgorithmIdentifier, Certificate};

type Result<T> = std::result::Result<T, KepError>;

/// How a SignerInfo names its certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignerId<'a> {
    /// Raw issuer Name DER and serial INTEGER content.
    IssuerSerial {
        issuer: &'a [u8],
        serial: &'a [u8],
    },
    SubjectKeyId(&'a [u8]),
}

impl SignerId<'_> {
    pub fn matches(&self, c: &Certificate<'_>) -> bool {
        match self {
            SignerId::IssuerSerial { issuer, serial } => {
                c.issuer.raw == *issuer
                    && der::strip_int_zero(c.serial) == der::strip_int_zero(serial)
            }
            SignerId::SubjectKeyId(k) => c.extensions.subject_key_id == Some(*k),
        }
    }
}

#[derive(Debug, Clone)]
pub struct SignerInfo<'a> {
    pub sid: SignerId<'a>,
    pub digest_algorithm: AlgorithmIdentifier<'a>,
    /// The `[0] IMPLICIT` signedAttrs element as received.
    pub signed_attrs: Option<Tlv<'a>>,
    pub signature_algorithm: AlgorithmIdentifier<'a>,
    pub signature: &'a [u8],
}

#[derive(Debug, Clone)]
pub struct SignedData<'a> {
    pub content_type: &'a [u8],
    pub content: Option<Cow<'a, [u8]>>,
    pub certificates: Vec<Certificate<'a>>,
    pub crls: Vec<&'a [u8]>,
    pub signer_infos: Vec<SignerInfo<'a>>,
}

/// Parse a DER ContentInfo holding SignedData.
pub fn parse_signed_data(data: &[u8]) -> Result<SignedData<'_>> {
    let ci = der::parse_one(data, "ContentInfo")?.expect(der::SEQUENCE, "ContentInfo")?;
    let mut r = ci.reader();
    let ct = r.read_tag(der::OID, "contentType")?.content;
    if ct != oid::ID_SIGNED_DATA {
        return Err(KepError::Malformed(format!(
            "ContentInfo is {}, not signedData",
            der::oid_to_string(ct)
        )));
    }
    let explicit = r.read_tag(der::ctx_cons(0), "content")?;
    r.finish("ContentInfo")?;
    let mut er = explicit.reader();
    let sd = er.read_tag(der::SEQUENCE, "SignedData")?;
    er.finish("content")?;

    let mut r = sd.reader();
    r.read_tag(der::INTEGER, "SignedData.version")?
        .small_uint()?;
    let dalgs = r.read_tag(der::SET, "digestAlgorithms")?;
    let mut dr = dalgs.reader();
    while !dr.is_empty() {
        AlgorithmIdentifier::parse(dr.read()?)?;
    }
    let eci = r.read_tag(der::SEQUENCE, "encapContentInfo")?;
    let mut ecr = eci.reader();
    let content_type = ecr.read_tag(der::OID, "eContentType")?.content;
    let content = match ecr.read_optional(der::ctx_cons(0))? {
        Some(e) => {
            let mut xr = e.reader();
            let os = xr.read()?;
            xr.finish("eContent")?;
            Some(octet_string_value(os, 0)?)
        }
        None => None,
    };
    ecr.finish("encapContentInfo")?;

    let mut certificates = Vec::new();
    if let Some(certs) = r.read_optional(der::ctx_cons(0))? {
        let mut cr = certs.reader();
        while !cr.is_empty() {
            let c = cr.read()?;
            if c.tag == der::SEQUENCE {
                certificates.push(Certificate::parse(c)?);
            }
            // Other CertificateChoices (extended, attribute, other) are skipped.
        }
    }
    let mut crls = Vec::new();
    if let Some(c) = r.read_optional(der::ctx_cons(1))? {
        let mut cr = c.reader();
        while !cr.is_empty() {
            let t = cr.read()?;
            if t.tag == der::SEQUENCE {
                crls.push(t.raw);
            }
        }
    }
    let sis = r.read_tag(der::SET, "signerInfos")?;
    r.finish("SignedData")?;
    let mut signer_infos = Vec::new();
    let mut sr = sis.reader();
    while !sr.is_empty() {
        signer_infos.push(parse_signer_info(sr.read()?)?);
    }
    Ok(SignedData {
        content_type,
        content,
        certificates,
        crls,
        signer_infos,
    })
}

/// An OCTET STRING's value; a constructed (BER-style) one is concatenated.
fn octet_string_value(t: Tlv<'_>, depth: u32) -> Result<Cow<'_, [u8]>> {
    match t.tag {
        der::OCTET_STRING => Ok(Cow::Borrowed(t.content)),
        0x24 if depth < 4 => {
            let mut out = Vec::new();
            let mut r = t.reader();
            while !r.is_empty() {
                out.extend_from_slice(&octet_string_value(r.read()?, depth + 1)?);
            }
            Ok(Cow::Owned(out))
        }
        _ => Err(KepError::Malformed(
            "eContent is not an OCTET STRING".into(),
        )),
    }
}

fn parse_signer_info(t: Tlv<'_>) -> Result<SignerInfo<'_>> {
    let t = t.expect(der::SEQUENCE, "SignerInfo")?;
    let mut r = t.reader();
    r.read_tag(der::INTEGER, "SignerInfo.version")?
        .small_uint()?;
    let sid_t = r.read()?;
    let sid = match sid_t.tag {
        der::SEQUENCE => {
            let mut sr = sid_t.reader();
            let issuer = sr.read_tag(der::SEQUENCE, "issuer")?.raw;
            let serial = sr.read_tag(der::INTEGER, "serialNumber")?.content;
            sr.finish("IssuerAndSerialNumber")?;
            SignerId::IssuerSerial { issuer, serial }
        }
        t if t == der::ctx_prim(0) => SignerId::SubjectKeyId(sid_t.content),
        _ => return Err(KepError::Malformed("bad SignerIdentifier".into())),
    };
    let digest_algorithm = AlgorithmIdentifier::parse(r.read()?)?;
    let signed_attrs = r.read_optional(der::ctx_cons(0))?;
    let signature_algorithm = AlgorithmIdentifier::parse(r.read()?)?;
    let signature = r.read_tag(der::OCTET_STRING, "signature")?.content;
    r.read_optional(der::ctx_cons(1))?;
    r.finish("SignerInfo")?;
    Ok(SignerInfo {
        sid,
        digest_algorithm,
        signed_attrs,
        signature_algorithm,
        signature,
    })
}

/// The signed attributes the verifier needs.
#[derive(Debug, Clone, Default)]
pub struct SignedAttributes<'a> {
    pub content_type: Option<&'a [u8]>,
    pub message_digest: Option<&'a [u8]>,
    pub signing_time: Option<i64>,
    /// The first ESSCertIDv2 of signingCertificateV2 (RFC 5035), if present.
    pub signing_certificate_v2: Option<EssCertIdV2<'a>>,
}

/// ESSCertIDv2: which certificate the signer meant, by hash (SHA-256 unless named; GOST 34.311
/// from Ukrainian signers) and optionally by serial number.
#[derive(Debug, Clone)]
pub struct EssCertIdV2<'a> {
    pub hash_algorithm: Option<AlgorithmIdentifier<'a>>,
    pub cert_hash: &'a [u8],
    /// IssuerSerial.serialNumber content, if given.
    pub serial: Option<&'a [u8]>,
}

fn parse_ess_cert_id_v2(v: Tlv<'_>) -> Result<EssCertIdV2<'_>> {
    let sc = v.expect(der::SEQUENCE, "SigningCertificateV2")?;
    let mut r = sc.reader();
    let certs = r.read_tag(der::SEQUENCE, "SigningCertificateV2.certs")?;
    r.read_optional(der::SEQUENCE)?; // policies
    r.finish("SigningCertificateV2")?;
    let mut cr = certs.reader();
    let id = cr.read_tag(der::SEQUENCE, "ESSCertIDv2")?;
    let mut ir = id.reader();
    let hash_algorithm = match ir.peek_tag() {
        Some(der::SEQUENCE) => Some(AlgorithmIdentifier::parse(ir.read()?)?),
        _ => None,
    };
    let cert_hash = ir.read_tag(der::OCTET_STRING, "certHash")?.content;
    let serial = match ir.read_optional(der::SEQUENCE)? {
        Some(is) => {
            let mut sr = is.reader();
            sr.read_tag(der::SEQUENCE, "IssuerSerial.issuer")?;
            let serial = sr
                .read_tag(der::INTEGER, "IssuerSerial.serialNumber")?
                .content;
            sr.finish("IssuerSerial")?;
            Some(serial)
        }
        None => None,
    };
    ir.finish("ESSCertIDv2")?;
    Ok(EssCertIdV2 {
        hash_algorithm,
        cert_hash,
        serial,
    })
}

pub fn parse_signed_attrs<'a>(t: &Tlv<'a>) -> Result<SignedAttributes<'a>> {
    let mut out = SignedAttributes::default();
    let mut seen: Vec<&[u8]> = Vec::new();
    let mut r = Reader::new(t.content);
    while !r.is_empty() {
        let a = r.read_tag(der::SEQUENCE, "Attribute")?;
        let mut ar = a.reader();
        let ty = ar.read_tag(der::OID, "attrType")?.content;
        let vals = ar.read_tag(der::SET, "attrValues")?;
        ar.finish("Attribute")?;
        if seen.contains(&ty) {
            return Err(KepError::Malformed(format!(
                "duplicate signed attribute {}",
                der::oid_to_string(ty)
            )));
        }
        seen.push(ty);
        let single = |what: &str| -> Result<Tlv<'a>> {
            let mut vr = vals.reader();
            let v = vr.read()?;
            vr.finish(what)?;
            Ok(v)
        };
        match ty {
            oid::ATTR_CONTENT_TYPE => {
                out.content_type = Some(
                    single("contentType")?
                        .expect(der::OID, "contentType")?
                        .content,
                )
            }
            oid::ATTR_MESSAGE_DIGEST => {
                out.message_digest = Some(
                    single("messageDigest")?
                        .expect(der::OCTET_STRING, "messageDigest")?
                        .content,
                )
            }
            oid::ATTR_SIGNING_CERTIFICATE_V2 => {
                out.signing_certificate_v2 =
                    Some(parse_ess_cert_id_v2(single("signingCertificateV2")?)?)
            }
            oid::ATTR_SIGNING_TIME => {
                out.signing_time = Some(crate::pkix::parse_time(single("signingTime")?)?)
            }
            _ => {}
        }
    }
    Ok(out)
}

/// The bytes the signature covers: the signed attributes re-tagged as a SET (0x31), in the
/// order received (never re-sorted).
pub fn signed_attrs_for_signature(t: &Tlv<'_>) -> Vec<u8> {
    let mut v = t.raw.to_vec();
    v[0] = der::SET;
    v
}
