//! Zero-copy X.509 certificate and CRL parsing (RFC 5280), with the extensions Ukrainian
//! qualified certificates carry.

use crate::der::{self, Reader, Tlv};
use crate::error::KepError;
use crate::oid;

type Result<T> = std::result::Result<T, KepError>;

fn malformed<T>(msg: impl Into<String>) -> Result<T> {
    Err(KepError::Malformed(msg.into()))
}

/// An AlgorithmIdentifier: the OID (content bytes) and the raw parameters, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AlgorithmIdentifier<'a> {
    pub oid: &'a [u8],
    /// The whole parameters TLV (absent → None; NULL is kept as `05 00`).
    pub params: Option<Tlv<'a>>,
}

impl<'a> AlgorithmIdentifier<'a> {
    pub fn parse(t: Tlv<'a>) -> Result<Self> {
        let t = t.expect(der::SEQUENCE, "AlgorithmIdentifier")?;
        let mut r = t.reader();
        let oid = r
            .read_tag(der::OID, "AlgorithmIdentifier.algorithm")?
            .content;
        let params = if r.is_empty() { None } else { Some(r.read()?) };
        r.finish("AlgorithmIdentifier")?;
        Ok(AlgorithmIdentifier { oid, params })
    }

    /// Parameters other than absent/NULL.
    pub fn real_params(&self) -> Option<Tlv<'a>> {
        self.params.filter(|p| p.tag != der::NULL)
    }

    /// "name (dotted)" for messages.
    pub fn describe(&self) -> String {
        describe_oid(self.oid)
    }
}

/// "DSTU 4145-2002 (little-endian) (1.2.804.2.1.1.1.1.3.1.1)" or just the dotted OID.
pub fn describe_oid(o: &[u8]) -> String {
    let dotted = der::oid_to_string(o);
    if let Some(n) = oid::name(o) {
        return format!("{n} ({dotted})");
    }
    if dotted.starts_with("1.2.804.2.1.1.1.1.3.6.") {
        return format!("DSTU 4145 with Kupyna ({dotted})");
    }
    if dotted.starts_with("1.2.804.2.1.1.1.1.3.1.") {
        return format!("DSTU 4145-2002 ({dotted})");
    }
    if dotted.starts_with("1.2.804.2.1.1.1.1.") {
        return format!("Ukrainian national algorithm ({dotted})");
    }
    dotted
}

/// SubjectPublicKeyInfo.
#[derive(Debug, Clone, Copy)]
pub struct SubjectPublicKeyInfo<'a> {
    pub raw: &'a [u8],
    pub algorithm: AlgorithmIdentifier<'a>,
    /// The BIT STRING content without the unused-bits byte.
    pub key: &'a [u8],
}

impl<'a> SubjectPublicKeyInfo<'a> {
    pub fn parse(t: Tlv<'a>) -> Result<Self> {
        let t = t.expect(der::SEQUENCE, "SubjectPublicKeyInfo")?;
        let mut r = t.reader();
        let algorithm = AlgorithmIdentifier::parse(r.read()?)?;
        let key = r.read()?.bit_string_bytes()?;
        r.finish("SubjectPublicKeyInfo")?;
        Ok(SubjectPublicKeyInfo {
            raw: t.raw,
            algorithm,
            key,
        })
    }
}

/// A distinguished name: its raw DER (for comparison) and a reader for attributes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Name<'a> {
    pub raw: &'a [u8],
    content: &'a [u8],
}

impl<'a> Name<'a> {
    pub fn parse(t: Tlv<'a>) -> Result<Self> {
        let t = t.expect(der::SEQUENCE, "Name")?;
        // Validate the structure once so later iteration cannot fail.
        let mut r = t.reader();
        while !r.is_empty() {
            let rdn = r.read_tag(der::SET, "RelativeDistinguishedName")?;
            let mut rr = rdn.reader();
            while !rr.is_empty() {
                let atv = rr.read_tag(der::SEQUENCE, "AttributeTypeAndValue")?;
                let mut ar = atv.reader();
                ar.read_tag(der::OID, "AttributeType")?;
                ar.read()?;
                ar.finish("AttributeTypeAndValue")?;
            }
        }
        Ok(Name {
            raw: t.raw,
            content: t.content,
        })
    }

    /// All (type, value) pairs in order.
    pub fn attributes(&self) -> Vec<(&'a [u8], Tlv<'a>)> {
        let mut out = Vec::new();
        let mut r = Reader::new(self.content);
        while let Ok(rdn) = r.read() {
            let mut rr = rdn.reader();
            while let Ok(atv) = rr.read() {
                let mut ar = atv.reader();
                if let (Ok(t), Ok(v)) = (ar.read(), ar.read()) {
                    out.push((t.content, v));
                }
            }
        }
        out
    }

    /// The first value of an attribute, as text.
    pub fn get(&self, attr: &[u8]) -> Option<String> {
        let mut r = Reader::new(self.content);
        while let Ok(rdn) = r.read() {
            let mut rr = rdn.reader();
            while let Ok(atv) = rr.read() {
                let mut ar = atv.reader();
                if let (Ok(t), Ok(v)) = (ar.read(), ar.read())
                    && t.content == attr
                {
                    return directory_string(v);
                }
            }
        }
        None
    }

    /// RFC 4514-like text, most significant RDN first as written ("C=UA, O=…, CN=…").
    pub fn to_text(&self) -> String {
        let mut parts = Vec::new();
        for (t, v) in self.attributes() {
            let key = match t {
                oid::AT_CN => "CN".to_string(),
                oid::AT_SURNAME => "SN".into(),
                oid::AT_SERIAL_NUMBER => "serialNumber".into(),
                oid::AT_C => "C".into(),
                oid::AT_L => "L".into(),
                oid::AT_ST => "ST".into(),
                oid::AT_STREET => "street".into(),
                oid::AT_O => "O".into(),
                oid::AT_OU => "OU".into(),
                oid::AT_TITLE => "title".into(),
                oid::AT_GIVEN_NAME => "GN".into(),
                oid::AT_ORGANIZATION_IDENTIFIER => "organizationIdentifier".into(),
                oid::AT_EMAIL => "emailAddress".into(),
                oid::AT_UID => "UID".into(),
                oid::AT_DC => "DC".into(),
                oid::AT_PSEUDONYM => "pseudonym".into(),
                other => der::oid_to_string(other),
            };
            let val = directory_string(v).unwrap_or_else(|| format!("#{}", der::hex(v.raw)));
            parts.push(format!("{key}={val}"));
        }
        parts.join(", ")
    }
}

/// Decode a DirectoryString-like value to text (never fails on odd bytes: lossy).
pub fn directory_string(v: Tlv<'_>) -> Option<String> {
    match v.tag {
        der::UTF8_STRING
        | der::PRINTABLE_STRING
        | der::IA5_STRING
        | der::VISIBLE_STRING
        | der::TELETEX_STRING => Some(String::from_utf8_lossy(v.content).into_owned()),
        der::BMP_STRING => {
            if !v.content.len().is_multiple_of(2) {
                return None;
            }
            let units: Vec<u16> = v
                .content
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            Some(String::from_utf16_lossy(&units))
        }
        der::UNIVERSAL_STRING => {
            if !v.content.len().is_multiple_of(4) {
                return None;
            }
            Some(
                v.content
                    .chunks_exact(4)
                    .map(|c| {
                        char::from_u32(u32::from_be_bytes([c[0], c[1], c[2], c[3]]))
                            .unwrap_or('\u{fffd}')
                    })
                    .collect(),
            )
        }
        _ => None,
    }
}

/// Seconds since the Unix epoch from UTCTime / GeneralizedTime (only the `Z` forms DER allows).
pub fn parse_time(t: Tlv<'_>) -> Result<i64> {
    let s = t.content;
    let digits = |b: &[u8]| -> Option<i64> {
        if b.iter().all(u8::is_ascii_digit) {
            Some(b.iter().fold(0i64, |a, d| a * 10 + (d - b'0') as i64))
        } else {
            None
        }
    };
    let (year, rest) = match t.tag {
        der::UTC_TIME => {
            if s.len() != 13 || s[12] != b'Z' {
                return malformed("UTCTime must be YYMMDDHHMMSSZ");
            }
            let yy = digits(&s[0..2]).ok_or_else(bad_time)?;
            (if yy >= 50 { 1900 + yy } else { 2000 + yy }, &s[2..12])
        }
        der::GENERALIZED_TIME => {
            if s.len() != 15 || s[14] != b'Z' {
                return malformed("GeneralizedTime must be YYYYMMDDHHMMSSZ");
            }
            (digits(&s[0..4]).ok_or_else(bad_time)?, &s[4..14])
        }
        _ => return malformed("expected a time"),
    };
    let f = |i: usize| digits(&rest[i..i + 2]).ok_or_else(bad_time);
    let (mo, d, h, mi, se) = (f(0)?, f(2)?, f(4)?, f(6)?, f(8)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || se > 60 {
        return malformed("time out of range");
    }
    Ok(days_from_civil(year, mo, d) * 86400 + h * 3600 + mi * 60 + se)
}

fn bad_time() -> KepError {
    KepError::Malformed("bad time digits".into())
}

// Howard Hinnant's days_from_civil.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

/// keyUsage bits (RFC 5280 order: bit 0 = digitalSignature).
pub mod key_usage {
    pub const DIGITAL_SIGNATURE: u16 = 0x8000;
    pub const NON_REPUDIATION: u16 = 0x4000;
    pub const KEY_ENCIPHERMENT: u16 = 0x2000;
    pub const KEY_AGREEMENT: u16 = 0x0800;
    pub const KEY_CERT_SIGN: u16 = 0x0400;
    pub const CRL_SIGN: u16 = 0x0200;
}

/// Extended key usages a signer's certificate may carry (when it carries any).
pub mod eku {
    /// anyExtendedKeyUsage (2.5.29.37.0).
    pub const ANY: &[u8] = &[0x55, 0x1d, 0x25, 0x00];
    /// id-kp-emailProtection (1.3.6.1.5.5.7.3.4): S/MIME-style signing of documents.
    pub const EMAIL_PROTECTION: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x04];
    /// id-kp-documentSigning (1.3.6.1.5.5.7.3.36, RFC 9336).
    pub const DOCUMENT_SIGNING: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x24];
    /// 1.2.804.2.1.1.1.3.9: the Ukrainian signer's purpose, on the signing certificates of
    /// «Дія» (diia-test-sign-7775603) and of the ДФС (SFS_1) in the vectors.
    pub const UA_SIGNING: &[u8] = &[0x2a, 0x86, 0x24, 0x02, 0x01, 0x01, 0x01, 0x03, 0x09];
    /// Purposes that allow signing a login challenge or a document.
    pub const SIGNING: &[&[u8]] = &[ANY, EMAIL_PROTECTION, DOCUMENT_SIGNING, UA_SIGNING];
}

/// Whether a certificate may be the signer of a login or a document: an end entity
/// (basicConstraints absent or CA:FALSE), keyUsage with digitalSignature or nonRepudiation,
/// and, when it has extendedKeyUsage, a purpose that allows signing. A TSP, OCSP or TLS
/// server certificate, or a CA's, does not sign people's logins. Err: why not (for a message).
pub fn check_signer_usage(c: &Certificate<'_>) -> std::result::Result<(), &'static str> {
    let ex = &c.extensions;
    if c.is_ca() {
        return Err("is a CA certificate (basicConstraints CA:TRUE), not a signer's");
    }
    match ex.key_usage {
        None => return Err("has no keyUsage (digitalSignature or nonRepudiation is required)"),
        Some(ku) if ku & (key_usage::DIGITAL_SIGNATURE | key_usage::NON_REPUDIATION) == 0 => {
            return Err("may not sign (keyUsage has neither digitalSignature nor nonRepudiation)");
        }
        Some(_) => {}
    }
    if !ex.ext_key_usage.is_empty() && !ex.ext_key_usage.iter().any(|p| eku::SIGNING.contains(p)) {
        return Err("may not sign documents (extendedKeyUsage allows no signing purpose)");
    }
    Ok(())
}

/// The extensions the verifier understands, parsed.
#[derive(Debug, Clone, Default)]
pub struct Extensions<'a> {
    /// Some((cA, pathLenConstraint)) when basicConstraints is present.
    pub basic_constraints: Option<(bool, Option<u64>)>,
    pub key_usage: Option<u16>,
    pub subject_key_id: Option<&'a [u8]>,
    pub authority_key_id: Option<&'a [u8]>,
    pub policies: Vec<&'a [u8]>,
    /// qcStatements statement ids present.
    pub qc_statements: Vec<&'a [u8]>,
    /// subjectDirectoryAttributes: (type, first value).
    pub directory_attributes: Vec<(&'a [u8], Tlv<'a>)>,
    pub crl_distribution_points: Vec<String>,
    /// freshestCRL: where the delta CRLs are published (URIs).
    pub freshest_crl: Vec<String>,
    pub ext_key_usage: Vec<&'a [u8]>,
    /// OIDs of critical extensions this parser does not understand.
    pub unknown_critical: Vec<&'a [u8]>,
}

/// A parsed certificate borrowing its DER.
#[derive(Debug, Clone)]
pub struct Certificate<'a> {
    pub raw: &'a [u8],
    pub tbs: &'a [u8],
    pub version: u64,
    /// Serial number INTEGER content (with any sign byte as encoded).
    pub serial: &'a [u8],
    pub signature_algorithm: AlgorithmIdentifier<'a>,
    pub issuer: Name<'a>,
    pub subject: Name<'a>,
    pub not_before: i64,
    pub not_after: i64,
    pub spki: SubjectPublicKeyInfo<'a>,
    pub extensions: Extensions<'a>,
    /// The outer signature BIT STRING content.
    pub signature: &'a [u8],
}

impl<'a> Certificate<'a> {
    pub fn from_der(data: &'a [u8]) -> Result<Self> {
        let t = der::parse_one(data, "Certificate")?;
        Self::parse(t)
    }

    pub fn parse(t: Tlv<'a>) -> Result<Self> {
        let t = t.expect(der::SEQUENCE, "Certificate")?;
        let mut r = t.reader();
        let tbs_t = r.read_tag(der::SEQUENCE, "TBSCertificate")?;
        let outer_alg = AlgorithmIdentifier::parse(r.read()?)?;
        let sig_t = r.read_tag(der::BIT_STRING, "signatureValue")?;
        r.finish("Certificate")?;
        let signature = match sig_t.content.split_first() {
            Some((0, rest)) => rest,
            _ => return malformed("certificate signature BIT STRING"),
        };

        let mut tr = tbs_t.reader();
        let version = match tr.read_optional(der::ctx_cons(0))? {
            Some(v) => {
                let mut vr = v.reader();
                let n = vr.read()?.small_uint()?;
                vr.finish("version")?;
                n
            }
            None => 0,
        };
        if version > 2 {
            return malformed("unknown certificate version");
        }
        let serial_t = tr.read_tag(der::INTEGER, "serialNumber")?;
        if serial_t.content.is_empty() {
            return malformed("empty serial number");
        }
        let inner_alg = AlgorithmIdentifier::parse(tr.read()?)?;
        if inner_alg.oid != outer_alg.oid {
            return malformed("TBSCertificate.signature differs from signatureAlgorithm");
        }
        let issuer = Name::parse(tr.read()?)?;
        let validity = tr.read_tag(der::SEQUENCE, "Validity")?;
        let mut vr = validity.reader();
        let not_before = parse_time(vr.read()?)?;
        let not_after = parse_time(vr.read()?)?;
        vr.finish("Validity")?;
        let subject = Name::parse(tr.read()?)?;
        let spki = SubjectPublicKeyInfo::parse(tr.read()?)?;
        tr.read_optional(der::ctx_prim(1))?;
        tr.read_optional(der::ctx_cons(1))?;
        tr.read_optional(der::ctx_prim(2))?;
        tr.read_optional(der::ctx_cons(2))?;
        let extensions = match tr.read_optional(der::ctx_cons(3))? {
            Some(e) => {
                let mut er = e.reader();
                let seq = er.read_tag(der::SEQUENCE, "Extensions")?;
                er.finish("extensions")?;
                parse_extensions(seq)?
            }
            None => Extensions::default(),
        };
        tr.finish("TBSCertificate")?;
        Ok(Certificate {
            raw: t.raw,
            tbs: tbs_t.raw,
            version,
            serial: serial_t.content,
            signature_algorithm: outer_alg,
            issuer,
            subject,
            not_before,
            not_after,
            spki,
            extensions,
            signature,
        })
    }

    /// Serial number as lowercase hex without a sign byte.
    pub fn serial_hex(&self) -> String {
        der::hex(der::strip_int_zero(self.serial))
    }

    pub fn is_self_issued(&self) -> bool {
        self.issuer.raw == self.subject.raw
    }

    pub fn is_ca(&self) -> bool {
        matches!(self.extensions.basic_constraints, Some((true, _)))
    }
}

fn parse_extensions<'a>(seq: Tlv<'a>) -> Result<Extensions<'a>> {
    let mut ex = Extensions::default();
    let mut seen: Vec<&[u8]> = Vec::new();
    let mut r = seq.reader();
    while !r.is_empty() {
        let e = r.read_tag(der::SEQUENCE, "Extension")?;
        let mut er = e.reader();
        let id = er.read_tag(der::OID, "extnID")?.content;
        let critical = match er.read_optional(der::BOOLEAN)? {
            Some(b) => b.boolean()?,
            None => false,
        };
        let value = er.read_tag(der::OCTET_STRING, "extnValue")?.content;
        er.finish("Extension")?;
        if seen.contains(&id) {
            return malformed(format!("duplicate extension {}", der::oid_to_string(id)));
        }
        seen.push(id);
        match id {
            oid::EXT_BASIC_CONSTRAINTS => {
                let t = der::parse_one(value, "basicConstraints")?
                    .expect(der::SEQUENCE, "basicConstraints")?;
                let mut br = t.reader();
                let ca = match br.read_optional(der::BOOLEAN)? {
                    Some(b) => b.boolean()?,
                    None => false,
                };
                let path_len = match br.read_optional(der::INTEGER)? {
                    Some(i) => Some(i.small_uint()?),
                    None => None,
                };
                br.finish("basicConstraints")?;
                ex.basic_constraints = Some((ca, path_len));
            }
            oid::EXT_KEY_USAGE => {
                ex.key_usage = Some(der::parse_one(value, "keyUsage")?.bit_flags()?);
            }
            oid::EXT_SUBJECT_KEY_ID => {
                ex.subject_key_id = Some(
                    der::parse_one(value, "subjectKeyIdentifier")?
                        .expect(der::OCTET_STRING, "subjectKeyIdentifier")?
                        .content,
                );
            }
            oid::EXT_AUTHORITY_KEY_ID => {
                let t = der::parse_one(value, "authorityKeyIdentifier")?;
                match t.tag {
                    der::SEQUENCE => {
                        let mut ar = t.reader();
                        if let Some(k) = ar.read_optional(der::ctx_prim(0))? {
                            ex.authority_key_id = Some(k.content);
                        }
                        // authorityCertIssuer [1], authorityCertSerialNumber [2]: not used for chaining.
                    }
                    // Seen in jkurwa's test certificates: a bare OCTET STRING key id. Tolerated knowingly.
                    der::OCTET_STRING => ex.authority_key_id = Some(t.content),
                    _ => return malformed("authorityKeyIdentifier"),
                }
            }
            oid::EXT_CERTIFICATE_POLICIES => {
                let t = der::parse_one(value, "certificatePolicies")?
                    .expect(der::SEQUENCE, "certificatePolicies")?;
                let mut pr = t.reader();
                while !pr.is_empty() {
                    let pi = pr.read_tag(der::SEQUENCE, "PolicyInformation")?;
                    ex.policies
                        .push(pi.reader().read_tag(der::OID, "policyIdentifier")?.content);
                }
            }
            oid::EXT_QC_STATEMENTS => {
                let t =
                    der::parse_one(value, "qcStatements")?.expect(der::SEQUENCE, "qcStatements")?;
                let mut qr = t.reader();
                while !qr.is_empty() {
                    let st = qr.read_tag(der::SEQUENCE, "QCStatement")?;
                    ex.qc_statements
                        .push(st.reader().read_tag(der::OID, "statementId")?.content);
                }
            }
            oid::EXT_SUBJECT_DIRECTORY_ATTRIBUTES => {
                let t = der::parse_one(value, "subjectDirectoryAttributes")?
                    .expect(der::SEQUENCE, "subjectDirectoryAttributes")?;
                let mut ar = t.reader();
                while !ar.is_empty() {
                    let a = ar.read_tag(der::SEQUENCE, "Attribute")?;
                    let mut r2 = a.reader();
                    let ty = r2.read_tag(der::OID, "Attribute.type")?.content;
                    let vals = r2.read_tag(der::SET, "Attribute.values")?;
                    if let Ok(v) = vals.reader().read() {
                        ex.directory_attributes.push((ty, v));
                    }
                }
            }
            oid::EXT_EXT_KEY_USAGE => {
                let t =
                    der::parse_one(value, "extKeyUsage")?.expect(der::SEQUENCE, "extKeyUsage")?;
                let mut kr = t.reader();
                while !kr.is_empty() {
                    ex.ext_key_usage
                        .push(kr.read_tag(der::OID, "KeyPurposeId")?.content);
                }
            }
            oid::EXT_CRL_DISTRIBUTION_POINTS => {
                ex.crl_distribution_points = parse_crl_dp_urls(value);
            }
            oid::EXT_FRESHEST_CRL => {
                der::parse_one(value, "freshestCRL")?;
                ex.freshest_crl = parse_crl_dp_urls(value);
            }
            oid::EXT_SUBJECT_ALT_NAME
            | oid::EXT_ISSUER_ALT_NAME
            | oid::EXT_AUTHORITY_INFO_ACCESS
            | oid::EXT_SUBJECT_INFO_ACCESS => {
                // Understood (informational for this verifier); must at least be one DER value.
                der::parse_one(value, "extension value")?;
            }
            other => {
                if critical {
                    ex.unknown_critical.push(other);
                }
            }
        }
    }
    Ok(ex)
}

/// URIs (GeneralName [6]) of a CRLDistributionPoints value; best effort.
fn parse_crl_dp_urls(value: &[u8]) -> Vec<String> {
    fn walk(data: &[u8], out: &mut Vec<String>, depth: u32) {
        if depth > 8 {
            return;
        }
        let mut r = Reader::new(data);
        while let Ok(t) = r.read() {
            if t.tag == der::ctx_prim(6) {
                out.push(String::from_utf8_lossy(t.content).into_owned());
            } else if t.tag & 0x20 != 0 {
                walk(t.content, out, depth + 1);
            }
        }
    }
    let mut out = Vec::new();
    walk(value, &mut out, 0);
    out
}

/// CRL entry reason codes (RFC 5280 §5.3.1) the revocation logic acts on.
pub mod crl_reason {
    pub const CERTIFICATE_HOLD: u8 = 6;
    /// In a delta CRL: the certificate is no longer on hold, take it off the base's list.
    pub const REMOVE_FROM_CRL: u8 = 8;
}

const ENUMERATED: u8 = 0x0a;
const EXT_REASON_CODE: &[u8] = &[0x55, 0x1d, 0x15];
const EXT_INVALIDITY_DATE: &[u8] = &[0x55, 0x1d, 0x18];

/// One revokedCertificates entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RevokedEntry<'a> {
    /// Serial INTEGER content, sign byte stripped.
    pub serial: &'a [u8],
    pub date: i64,
    /// reasonCode, when the entry carries one.
    pub reason: Option<u8>,
}

/// A parsed CRL borrowing its DER.
#[derive(Debug, Clone)]
pub struct Crl<'a> {
    pub raw: &'a [u8],
    pub tbs: &'a [u8],
    pub signature_algorithm: AlgorithmIdentifier<'a>,
    pub issuer: Name<'a>,
    pub this_update: i64,
    pub next_update: Option<i64>,
    pub revoked: Vec<RevokedEntry<'a>>,
    pub authority_key_id: Option<&'a [u8]>,
    /// cRLNumber, big-endian without leading zeros.
    pub number: Option<&'a [u8]>,
    /// deltaCRLIndicator (BaseCRLNumber): present only on a delta CRL.
    pub delta_base: Option<&'a [u8]>,
    /// freshestCRL: where this (complete) CRL's deltas are published.
    pub freshest_crl: Vec<String>,
    pub signature: &'a [u8],
}

/// A non-negative INTEGER's content without leading zero bytes (CRL numbers).
fn crl_uint<'a>(value: &'a [u8], what: &str) -> Result<&'a [u8]> {
    let t = der::parse_one(value, what)?.expect(der::INTEGER, what)?;
    match t.content.first() {
        None => malformed(format!("{what}: empty INTEGER")),
        Some(b) if b & 0x80 != 0 => malformed(format!("{what} is negative")),
        Some(_) => {
            let first = t.content.iter().position(|b| *b != 0);
            Ok(first.map_or(&t.content[t.content.len()..], |i| &t.content[i..]))
        }
    }
}

/// Compare two unsigned big-endian numbers without leading zeros.
pub fn cmp_uint(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

impl<'a> Crl<'a> {
    pub fn from_der(data: &'a [u8]) -> Result<Self> {
        let t =
            der::parse_one(data, "CertificateList")?.expect(der::SEQUENCE, "CertificateList")?;
        let mut r = t.reader();
        let tbs_t = r.read_tag(der::SEQUENCE, "TBSCertList")?;
        let alg = AlgorithmIdentifier::parse(r.read()?)?;
        let sig = r.read_tag(der::BIT_STRING, "signatureValue")?;
        r.finish("CertificateList")?;
        let signature = match sig.content.split_first() {
            Some((0, rest)) => rest,
            _ => return malformed("CRL signature BIT STRING"),
        };
        let mut tr = tbs_t.reader();
        if tr.peek_tag() == Some(der::INTEGER) {
            tr.read()?;
        }
        let inner = AlgorithmIdentifier::parse(tr.read()?)?;
        if inner.oid != alg.oid {
            return malformed("TBSCertList.signature differs from signatureAlgorithm");
        }
        let issuer = Name::parse(tr.read()?)?;
        let this_update = parse_time(tr.read()?)?;
        let next_update = match tr.peek_tag() {
            Some(der::UTC_TIME) | Some(der::GENERALIZED_TIME) => Some(parse_time(tr.read()?)?),
            _ => None,
        };
        let mut revoked = Vec::new();
        if let Some(list) = tr.read_optional(der::SEQUENCE)? {
            let mut lr = list.reader();
            while !lr.is_empty() {
                revoked.push(parse_entry(
                    lr.read_tag(der::SEQUENCE, "revokedCertificate")?,
                )?);
            }
        }
        let mut crl = Crl {
            raw: t.raw,
            tbs: tbs_t.raw,
            signature_algorithm: alg,
            issuer,
            this_update,
            next_update,
            revoked,
            authority_key_id: None,
            number: None,
            delta_base: None,
            freshest_crl: Vec::new(),
            signature,
        };
        if let Some(exts) = tr.read_optional(der::ctx_cons(0))? {
            let mut xr = exts.reader();
            crl.parse_extensions(xr.read_tag(der::SEQUENCE, "crlExtensions")?)?;
            xr.finish("crlExtensions")?;
        }
        tr.finish("TBSCertList")?;
        Ok(crl)
    }

    fn parse_extensions(&mut self, seq: Tlv<'a>) -> Result<()> {
        let mut sr = seq.reader();
        while !sr.is_empty() {
            let (id, critical, value) = read_extension(&mut sr)?;
            match id {
                oid::EXT_AUTHORITY_KEY_ID => {
                    let t = der::parse_one(value, "authorityKeyIdentifier")?;
                    if t.tag == der::SEQUENCE
                        && let Some(k) = t.reader().read_optional(der::ctx_prim(0))?
                    {
                        self.authority_key_id = Some(k.content);
                    }
                }
                oid::EXT_CRL_NUMBER => self.number = Some(crl_uint(value, "cRLNumber")?),
                oid::EXT_DELTA_CRL_INDICATOR => {
                    self.delta_base = Some(crl_uint(value, "deltaCRLIndicator")?)
                }
                oid::EXT_FRESHEST_CRL => self.freshest_crl = parse_crl_dp_urls(value),
                // The scope of a partitioned CRL is not narrowed here: every CRL of the issuer
                // is read as covering every certificate of it (a superset of revocations).
                oid::EXT_ISSUING_DISTRIBUTION_POINT => {}
                _ if critical => {
                    return Err(KepError::BadChain(format!(
                        "CRL has an unknown critical extension {}",
                        der::oid_to_string(id)
                    )));
                }
                _ => {}
            }
        }
        if self.delta_base.is_some() && self.number.is_none() {
            return malformed("a delta CRL without a cRLNumber");
        }
        Ok(())
    }

    pub fn is_delta(&self) -> bool {
        self.delta_base.is_some()
    }

    /// The entry for a serial (INTEGER content, sign byte or not).
    pub fn entry(&self, serial: &[u8]) -> Option<&RevokedEntry<'a>> {
        let s = der::strip_int_zero(serial);
        self.revoked.iter().find(|e| e.serial == s)
    }

    pub fn lists(&self, serial: &[u8]) -> bool {
        self.entry(serial).is_some()
    }
}

/// (extnID, critical, extnValue) of the next Extension.
fn read_extension<'a>(r: &mut Reader<'a>) -> Result<(&'a [u8], bool, &'a [u8])> {
    let e = r.read_tag(der::SEQUENCE, "Extension")?;
    let mut er = e.reader();
    let id = er.read_tag(der::OID, "extnID")?.content;
    let critical = match er.read_optional(der::BOOLEAN)? {
        Some(b) => b.boolean()?,
        None => false,
    };
    let value = er.read_tag(der::OCTET_STRING, "extnValue")?.content;
    er.finish("Extension")?;
    Ok((id, critical, value))
}

fn parse_entry(entry: Tlv<'_>) -> Result<RevokedEntry<'_>> {
    let mut er = entry.reader();
    let serial = er.read_tag(der::INTEGER, "userCertificate")?;
    let date = parse_time(er.read()?)?;
    let mut reason = None;
    if let Some(exts) = er.read_optional(der::SEQUENCE)? {
        let mut xr = exts.reader();
        while !xr.is_empty() {
            let (id, critical, value) = read_extension(&mut xr)?;
            match id {
                EXT_REASON_CODE => {
                    let t =
                        der::parse_one(value, "reasonCode")?.expect(ENUMERATED, "reasonCode")?;
                    match t.content {
                        [r] if *r <= 10 && *r != 7 => reason = Some(*r),
                        _ => return malformed("reasonCode"),
                    }
                }
                EXT_INVALIDITY_DATE => {}
                // certificateIssuer (indirect CRLs) and anything else critical: the entry may
                // be about another issuer's certificate, so the CRL cannot be used.
                _ if critical => {
                    return Err(KepError::BadChain(format!(
                        "CRL entry has an unknown critical extension {}",
                        der::oid_to_string(id)
                    )));
                }
                _ => {}
            }
        }
    }
    er.finish("revokedCertificate")?;
    Ok(RevokedEntry {
        serial: der::strip_int_zero(serial.content),
        date,
        reason,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times() {
        let t = Tlv {
            tag: der::UTC_TIME,
            content: b"700101000000Z",
            raw: b"",
        };
        assert_eq!(parse_time(t).unwrap(), 0);
        let t = Tlv {
            tag: der::GENERALIZED_TIME,
            content: b"20240229120000Z",
            raw: b"",
        };
        assert_eq!(parse_time(t).unwrap(), 1709208000);
    }
}
