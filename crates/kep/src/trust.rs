//! Trust anchors and CRLs.

use std::collections::HashMap;
use std::path::Path;

use aws_lc_rs::digest;
use base64::Engine;
use chrono::{DateTime, Utc};

use crate::der;
use crate::error::KepError;
use crate::pkix::{Certificate, Crl};

/// What `ekrov trust list` prints for an anchor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnchorInfo {
    pub subject: String,
    pub issuer: String,
    pub serial_hex: String,
    pub not_before: DateTime<Utc>,
    pub not_after: DateTime<Utc>,
    /// SHA-256 of the DER, lowercase hex.
    pub sha256_fingerprint: String,
    /// Expired (or not yet valid) now.
    pub expired: bool,
    pub is_ca: bool,
    /// The signature algorithm of the anchor (e.g. to spot DSTU 4145 anchors).
    pub signature_algorithm: String,
}

pub(crate) struct Anchor {
    pub der: Vec<u8>,
    pub info: AnchorInfo,
}

/// Trusted certificates (roots, or issuing CAs trusted directly, as the ЦЗО's list names them)
/// and CRLs.
#[derive(Default)]
pub struct TrustStore {
    pub(crate) anchors: Vec<Anchor>,
    /// Raw subject Name DER → indexes into `anchors`.
    pub(crate) by_subject: HashMap<Vec<u8>, Vec<usize>>,
    pub(crate) crls: Vec<Vec<u8>>,
}

pub(crate) fn to_utc(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).unwrap_or(DateTime::<Utc>::MIN_UTC)
}

pub(crate) fn sha256_hex(data: &[u8]) -> String {
    der::hex(digest::digest(&digest::SHA256, data).as_ref())
}

/// PEM blocks: (label, DER). Lines with headers (`Proc-Type:` …) are skipped.
pub fn pem_blocks(text: &str) -> Result<Vec<(String, Vec<u8>)>, KepError> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("-----BEGIN ") {
        let after = &rest[start + 11..];
        let Some(end_label) = after.find("-----") else {
            return Err(KepError::Malformed("unterminated PEM header".into()));
        };
        let label = after[..end_label].to_string();
        let body_start = &after[end_label + 5..];
        let end_marker = format!("-----END {label}-----");
        let Some(end) = body_start.find(&end_marker) else {
            return Err(KepError::Malformed(format!("PEM block {label} has no END")));
        };
        let body: String = body_start[..end]
            .lines()
            .filter(|l| !l.contains(':'))
            .flat_map(|l| l.chars())
            .filter(|c| !c.is_whitespace())
            .collect();
        let der = base64::engine::general_purpose::STANDARD
            .decode(body.as_bytes())
            .map_err(|e| KepError::Malformed(format!("PEM base64: {e}")))?;
        out.push((label, der));
        rest = &body_start[end + end_marker.len()..];
    }
    Ok(out)
}

fn is_pem(data: &[u8]) -> bool {
    data.windows(11).any(|w| w == b"-----BEGIN ")
}

impl TrustStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// Add one trusted certificate (DER). Adding the same certificate twice is a no-op.
    pub fn add_der(&mut self, der: &[u8]) -> Result<(), KepError> {
        let c = Certificate::from_der(der)?;
        if let Some(ix) = self.by_subject.get(c.subject.raw)
            && ix.iter().any(|i| self.anchors[*i].der == der)
        {
            return Ok(());
        }
        let now = Utc::now().timestamp();
        let info = AnchorInfo {
            subject: c.subject.to_text(),
            issuer: c.issuer.to_text(),
            serial_hex: c.serial_hex(),
            not_before: to_utc(c.not_before),
            not_after: to_utc(c.not_after),
            sha256_fingerprint: sha256_hex(der),
            expired: now > c.not_after || now < c.not_before,
            is_ca: c.is_ca(),
            signature_algorithm: c.signature_algorithm.describe(),
        };
        let i = self.anchors.len();
        self.by_subject
            .entry(c.subject.raw.to_vec())
            .or_default()
            .push(i);
        self.anchors.push(Anchor {
            der: der.to_vec(),
            info,
        });
        Ok(())
    }

    /// Add a CRL (DER). Its signature is checked when it is used, against the issuer in the path.
    pub fn add_crl_der(&mut self, der: &[u8]) -> Result<(), KepError> {
        Crl::from_der(der)?;
        if !self.crls.iter().any(|c| c == der) {
            self.crls.push(der.to_vec());
        }
        Ok(())
    }

    /// Add every certificate of a file: PEM (any number of CERTIFICATE blocks; X509 CRL blocks
    /// are added as CRLs), one DER certificate, or a certs-only PKCS#7 (`.p7b`, as the ЦЗО
    /// publishes its CA list). Returns how many certificates were added.
    pub fn add_pem_or_der_file(&mut self, path: &Path) -> Result<usize, KepError> {
        let data =
            std::fs::read(path).map_err(|e| KepError::Io(format!("{}: {e}", path.display())))?;
        self.add_pem_or_der(&data)
            .map_err(|e| prefix(e, &path.display().to_string()))
    }

    /// [`TrustStore::add_pem_or_der_file`] on bytes.
    pub fn add_pem_or_der(&mut self, data: &[u8]) -> Result<usize, KepError> {
        if is_pem(data) {
            let text = String::from_utf8_lossy(data);
            let mut n = 0;
            for (label, der) in pem_blocks(&text)? {
                match label.as_str() {
                    "CERTIFICATE" | "TRUSTED CERTIFICATE" | "X509 CERTIFICATE" => {
                        self.add_der(&der)?;
                        n += 1;
                    }
                    "X509 CRL" => self.add_crl_der(&der)?,
                    "PKCS7" | "CMS" => n += self.add_pkcs7(&der)?,
                    _ => {}
                }
            }
            return Ok(n);
        }
        match Certificate::from_der(data) {
            Ok(_) => {
                self.add_der(data)?;
                Ok(1)
            }
            Err(e) => match self.add_pkcs7(data) {
                Ok(n) => Ok(n),
                Err(_) => Err(e),
            },
        }
    }

    fn add_pkcs7(&mut self, der: &[u8]) -> Result<usize, KepError> {
        let sd = crate::cms::parse_signed_data(der)?;
        let ders: Vec<Vec<u8>> = sd.certificates.iter().map(|c| c.raw.to_vec()).collect();
        for d in &ders {
            self.add_der(d)?;
        }
        Ok(ders.len())
    }

    /// Add a CRL file, PEM or DER.
    pub fn add_crl_file(&mut self, path: &Path) -> Result<usize, KepError> {
        let data =
            std::fs::read(path).map_err(|e| KepError::Io(format!("{}: {e}", path.display())))?;
        let r = if is_pem(&data) {
            let text = String::from_utf8_lossy(&data);
            let mut n = 0;
            for (label, der) in pem_blocks(&text)? {
                if label == "X509 CRL" {
                    self.add_crl_der(&der)?;
                    n += 1;
                }
            }
            Ok(n)
        } else {
            self.add_crl_der(&data).map(|_| 1)
        };
        r.map_err(|e| prefix(e, &path.display().to_string()))
    }

    /// Read a trust folder: `.pem .crt .cer .der .p7b` as anchors, `.crl` as CRLs (PEM or DER).
    /// Other files are ignored. Any unreadable trust file is an error naming it.
    pub fn load_dir(dir: &Path) -> Result<Self, KepError> {
        let mut ts = TrustStore::new();
        let rd =
            std::fs::read_dir(dir).map_err(|e| KepError::Io(format!("{}: {e}", dir.display())))?;
        let mut paths: Vec<_> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for p in paths {
            if !p.is_file() {
                continue;
            }
            let ext = p
                .extension()
                .and_then(|e| e.to_str())
                .map(|e| e.to_ascii_lowercase())
                .unwrap_or_default();
            match ext.as_str() {
                "pem" | "crt" | "cer" | "der" | "p7b" => {
                    ts.add_pem_or_der_file(&p)?;
                }
                "crl" => {
                    ts.add_crl_file(&p)?;
                }
                _ => {}
            }
        }
        Ok(ts)
    }

    pub fn anchors(&self) -> Vec<AnchorInfo> {
        self.anchors.iter().map(|a| a.info.clone()).collect()
    }

    pub fn len(&self) -> usize {
        self.anchors.len()
    }

    pub fn is_empty(&self) -> bool {
        self.anchors.is_empty()
    }

    pub fn crl_count(&self) -> usize {
        self.crls.len()
    }

    pub(crate) fn is_anchor(&self, c: &Certificate<'_>) -> bool {
        self.by_subject
            .get(c.subject.raw)
            .is_some_and(|ix| ix.iter().any(|i| self.anchors[*i].der == c.raw))
    }

    pub(crate) fn anchors_with_subject<'s>(
        &'s self,
        subject: &[u8],
    ) -> impl Iterator<Item = &'s [u8]> + 's {
        self.by_subject
            .get(subject)
            .into_iter()
            .flatten()
            .map(|i| self.anchors[*i].der.as_slice())
    }
}

fn prefix(e: KepError, what: &str) -> KepError {
    match e {
        KepError::Malformed(m) => KepError::Malformed(format!("{what}: {m}")),
        other => other,
    }
}
