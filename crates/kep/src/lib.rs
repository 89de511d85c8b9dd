//! КЕП verification: CMS SignedData (CAdES-BES, detached or attached) over X.509 certificates,
//! with path building to a trust anchor, Ukrainian qualified-certificate extensions and CRLs.
//!
//! ```no_run
//! # use ekrov_kep::{TrustStore, Verifier};
//! # let (cms, challenge) = (vec![], vec![]);
//! let trust = TrustStore::load_dir(std::path::Path::new("trust"))?;
//! let verifier = Verifier::new(trust);
//! let v = verifier.verify(&cms, Some(&challenge), chrono::Utc::now())?;
//! println!("{:?}", v.signer.rnokpp);
//! # Ok::<(), ekrov_kep::KepError>(())
//! ```

pub mod algs;
pub mod cms;
pub mod crl_http;
pub mod der;
pub mod dstu;
mod error;
pub mod oid;
pub mod pkix;
mod revocation;
mod trust;

#[cfg(feature = "dev-pki")]
pub mod dev_pki;
#[cfg(feature = "dev-pki")]
pub mod pkcs12;
#[cfg(feature = "dev-pki")]
pub mod sign;

use std::borrow::Cow;

use chrono::{DateTime, Utc};

pub use algs::{HashAlg, SignatureAlgorithm};
pub use error::KepError;
pub use revocation::DEFAULT_CRL_GRACE_SECS;
pub use trust::{AnchorInfo, TrustStore, pem_blocks};

use pkix::{Certificate, Crl, key_usage};
use trust::{sha256_hex, to_utc};

/// How far in the future of the verification time a signingTime may lie.
pub const MAX_SIGNING_TIME_SKEW_SECS: i64 = 300;
/// Longest path considered (certificates, anchor included).
pub const MAX_PATH_LEN: usize = 8;

/// Who signed, as read from the signer's certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignerIdentity {
    /// РНОКПП: subjectDirectoryAttributes 1.2.804.2.1.1.1.11.1.4.1.1, else the subject
    /// serialNumber (10 digits bare, or `TINUA-` + digits).
    pub rnokpp: Option<String>,
    pub surname: Option<String>,
    pub given_name: Option<String>,
    pub common_name: Option<String>,
    /// ЄДРПОУ of the signer's organisation: subjectDirectoryAttributes 1.2.804.2.1.1.1.11.1.4.2.1,
    /// else organizationIdentifier `NTRUA-…`.
    pub edrpou: Option<String>,
    pub organization: Option<String>,
    pub subject: String,
    pub issuer: String,
    pub serial_hex: String,
    pub not_before: DateTime<Utc>,
    pub not_after: DateTime<Utc>,
    /// qcStatements carries QcCompliance (0.4.0.1862.1.1).
    pub qualified: bool,
    /// qcStatements carries QcSSCD (key on a secure device).
    pub qscd: bool,
    /// certificatePolicies OIDs, dotted.
    pub policies: Vec<String>,
}

impl SignerIdentity {
    pub fn from_certificate(c: &Certificate<'_>) -> Self {
        let ex = &c.extensions;
        let attr = |o: &[u8]| {
            ex.directory_attributes
                .iter()
                .find(|(t, _)| *t == o)
                .and_then(|(_, v)| pkix::directory_string(*v))
                .map(|s| s.trim().to_string())
        };
        let rnokpp = attr(oid::UA_DRFO).or_else(|| {
            let sn = c.subject.get(oid::AT_SERIAL_NUMBER)?;
            let sn = sn.trim();
            let digits = sn.strip_prefix("TINUA-").unwrap_or(sn);
            let ok = if sn.starts_with("TINUA-") {
                !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
            } else {
                digits.len() == 10 && digits.bytes().all(|b| b.is_ascii_digit())
            };
            ok.then(|| digits.to_string())
        });
        let edrpou = attr(oid::UA_EDRPOU).or_else(|| {
            c.subject
                .get(oid::AT_ORGANIZATION_IDENTIFIER)
                .and_then(|s| s.trim().strip_prefix("NTRUA-").map(str::to_string))
        });
        SignerIdentity {
            rnokpp,
            surname: c.subject.get(oid::AT_SURNAME),
            given_name: c.subject.get(oid::AT_GIVEN_NAME),
            common_name: c.subject.get(oid::AT_CN),
            edrpou,
            organization: c.subject.get(oid::AT_O),
            subject: c.subject.to_text(),
            issuer: c.issuer.to_text(),
            serial_hex: c.serial_hex(),
            not_before: to_utc(c.not_before),
            not_after: to_utc(c.not_after),
            qualified: ex.qc_statements.contains(&oid::QC_COMPLIANCE),
            qscd: ex.qc_statements.contains(&oid::QC_SSCD),
            policies: ex.policies.iter().map(|p| der::oid_to_string(p)).collect(),
        }
    }
}

/// One certificate of the verified path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertInfo {
    pub subject: String,
    pub issuer: String,
    pub serial_hex: String,
    pub not_before: DateTime<Utc>,
    pub not_after: DateTime<Utc>,
    pub sha256_fingerprint: String,
    /// This certificate is the trust anchor the path ends at.
    pub trust_anchor: bool,
    pub der: Vec<u8>,
}

/// A verified signature.
#[derive(Debug, Clone)]
pub struct Verified {
    /// The signed content (the detached content given, or the embedded one).
    pub content: Vec<u8>,
    pub signer: SignerIdentity,
    /// Signer first, trust anchor last.
    pub chain: Vec<CertInfo>,
    pub signing_time: Option<DateTime<Utc>>,
}

/// Fetches a CRL from a certificate's distribution point (HTTP). Not implemented in this crate:
/// the server may plug one in with [`Verifier::with_crl_fetcher`]. `Ok(None)` = nothing to add.
pub trait CrlFetcher: Send + Sync {
    fn fetch(&self, url: &str) -> Result<Option<Vec<u8>>, KepError>;
}

/// Verifies CMS signatures against a [`TrustStore`].
pub struct Verifier {
    trust: TrustStore,
    algorithms: Vec<Box<dyn SignatureAlgorithm>>,
    crl_fetcher: Option<Box<dyn CrlFetcher>>,
    /// Seconds after a CRL's nextUpdate during which it still counts as current.
    crl_grace_secs: i64,
}

struct PathCert<'a> {
    cert: Certificate<'a>,
    anchor: bool,
}

impl Verifier {
    pub fn new(trust: TrustStore) -> Self {
        Verifier {
            trust,
            algorithms: algs::default_algorithms(),
            crl_fetcher: None,
            crl_grace_secs: DEFAULT_CRL_GRACE_SECS,
        }
    }

    /// How long after its nextUpdate a CRL still counts as current (default
    /// [`DEFAULT_CRL_GRACE_SECS`]); past it, a certificate whose issuer's newest CRL is stale
    /// is refused (revocation status unknown).
    pub fn with_crl_grace(mut self, grace: chrono::Duration) -> Self {
        self.crl_grace_secs = grace.num_seconds().max(0);
        self
    }

    /// Add a signature algorithm (tried before the built-in ones), e.g. DSTU 4145.
    pub fn with_algorithm(mut self, alg: Box<dyn SignatureAlgorithm>) -> Self {
        self.algorithms.insert(0, alg);
        self
    }

    /// Fetch CRLs from distribution points during verification.
    pub fn with_crl_fetcher(mut self, f: Box<dyn CrlFetcher>) -> Self {
        self.crl_fetcher = Some(f);
        self
    }

    pub fn trust(&self) -> &TrustStore {
        &self.trust
    }

    /// Verify a signature by `spki` with the first algorithm that supports it.
    pub fn verify_signature(
        &self,
        spki: &pkix::SubjectPublicKeyInfo<'_>,
        sig_alg: &pkix::AlgorithmIdentifier<'_>,
        digest_alg: Option<&pkix::AlgorithmIdentifier<'_>>,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), KepError> {
        for a in &self.algorithms {
            if a.supports(sig_alg, spki) {
                return a.verify(spki, sig_alg, digest_alg, message, signature);
            }
        }
        Err(KepError::UnsupportedAlgorithm(format!(
            "{} with a {} key",
            sig_alg.describe(),
            spki.algorithm.describe()
        )))
    }

    fn digest(
        &self,
        alg: &pkix::AlgorithmIdentifier<'_>,
        data: &[u8],
    ) -> Result<Vec<u8>, KepError> {
        if let Some(h) = HashAlg::from_oid(alg.oid) {
            return Ok(h.digest(data));
        }
        for a in &self.algorithms {
            if let Some(d) = a.digest(alg, data) {
                return Ok(d);
            }
        }
        Err(KepError::UnsupportedAlgorithm(format!(
            "digest {}",
            alg.describe()
        )))
    }

    /// Verify CMS SignedData (DER), detached (`detached_content` given) or attached (`None`:
    /// the embedded content is used and returned), at time `at`.
    pub fn verify(
        &self,
        cms_der: &[u8],
        detached_content: Option<&[u8]>,
        at: DateTime<Utc>,
    ) -> Result<Verified, KepError> {
        let sd = cms::parse_signed_data(cms_der)?;
        let content: Cow<'_, [u8]> = match (detached_content, &sd.content) {
            (Some(d), Some(e)) if d != e.as_ref() => {
                return Err(KepError::DigestMismatch);
            }
            (Some(d), _) => Cow::Borrowed(d),
            (None, Some(e)) => e.clone(),
            (None, None) => return Err(KepError::NoContent),
        };
        let si = match sd.signer_infos.as_slice() {
            [one] => one,
            [] => return Err(KepError::Malformed("no SignerInfo".into())),
            _ => {
                return Err(KepError::Malformed(
                    "more than one SignerInfo (one signer expected)".into(),
                ));
            }
        };
        let at_s = at.timestamp();

        // The signer's certificate: carried in the CMS, or (rarely) in the trust store.
        let anchor_certs: Vec<Certificate<'_>>;
        let signer = match sd.certificates.iter().find(|c| si.sid.matches(c)) {
            Some(c) => c.clone(),
            None => {
                anchor_certs = self
                    .trust
                    .anchors
                    .iter()
                    .filter_map(|a| Certificate::from_der(&a.der).ok())
                    .collect();
                anchor_certs
                    .iter()
                    .find(|c| si.sid.matches(c))
                    .cloned()
                    .ok_or_else(|| {
                        KepError::Untrusted(
                            "the signer's certificate is not in the signature".into(),
                        )
                    })?
            }
        };

        // Signed attributes.
        let attrs_t = si
            .signed_attrs
            .ok_or_else(|| KepError::Malformed("signed attributes are required".into()))?;
        let attrs = cms::parse_signed_attrs(&attrs_t)?;
        match attrs.content_type {
            Some(ct) if ct == sd.content_type => {}
            Some(_) => {
                return Err(KepError::Malformed(
                    "contentType attribute differs from eContentType".into(),
                ));
            }
            None => return Err(KepError::Malformed("no contentType attribute".into())),
        }
        let md = attrs
            .message_digest
            .ok_or_else(|| KepError::Malformed("no messageDigest attribute".into()))?;
        let digest = self.digest(&si.digest_algorithm, &content)?;
        if digest != md {
            return Err(KepError::DigestMismatch);
        }
        if let Some(t) = attrs.signing_time
            && t > at_s + MAX_SIGNING_TIME_SKEW_SECS
        {
            return Err(KepError::SigningTimeInFuture(to_utc(t).to_rfc3339()));
        }
        if let Some(ess) = &attrs.signing_certificate_v2 {
            self.check_signing_certificate(ess, &signer)?;
        }
        let signed = cms::signed_attrs_for_signature(&attrs_t);
        self.verify_signature(
            &signer.spki,
            &si.signature_algorithm,
            Some(&si.digest_algorithm),
            &signed,
            si.signature,
        )?;

        // Path.
        let cms_crls: Vec<&[u8]> = sd.crls.clone();
        let path = self.build_path(&signer, &sd.certificates)?;
        self.check_path(&path, at_s, &cms_crls)?;

        Ok(Verified {
            content: content.into_owned(),
            signer: SignerIdentity::from_certificate(&signer),
            chain: path
                .iter()
                .map(|p| CertInfo {
                    subject: p.cert.subject.to_text(),
                    issuer: p.cert.issuer.to_text(),
                    serial_hex: p.cert.serial_hex(),
                    not_before: to_utc(p.cert.not_before),
                    not_after: to_utc(p.cert.not_after),
                    sha256_fingerprint: sha256_hex(p.cert.raw),
                    trust_anchor: p.anchor,
                    der: p.cert.raw.to_vec(),
                })
                .collect(),
            signing_time: attrs.signing_time.map(to_utc),
        })
    }

    /// signingCertificateV2 names the signer's certificate: its hash (SHA-256 by default, GOST
    /// 34.311 or Kupyna from Ukrainian signers) and serial must be those of the certificate used.
    fn check_signing_certificate(
        &self,
        ess: &cms::EssCertIdV2<'_>,
        signer: &Certificate<'_>,
    ) -> Result<(), KepError> {
        let h = match &ess.hash_algorithm {
            Some(a) => self.digest(a, signer.raw)?,
            None => HashAlg::Sha256.digest(signer.raw),
        };
        if h != ess.cert_hash {
            return Err(KepError::SignatureInvalid(
                "signingCertificateV2 names another certificate than the signer's".into(),
            ));
        }
        if let Some(s) = ess.serial
            && der::strip_int_zero(s) != der::strip_int_zero(signer.serial)
        {
            return Err(KepError::SignatureInvalid(
                "signingCertificateV2 names another serial number than the signer's".into(),
            ));
        }
        Ok(())
    }

    /// Verify a certificate chain alone (leaf first; `pool` = untrusted intermediates) at `at`.
    /// Returns the signer identity of the leaf. The same checks as in [`Verifier::verify`].
    pub fn verify_certificate(
        &self,
        leaf_der: &[u8],
        pool_der: &[Vec<u8>],
        at: DateTime<Utc>,
    ) -> Result<SignerIdentity, KepError> {
        let leaf = Certificate::from_der(leaf_der)?;
        let pool = pool_der
            .iter()
            .map(|d| Certificate::from_der(d))
            .collect::<Result<Vec<_>, _>>()?;
        let path = self.build_path(&leaf, &pool)?;
        self.check_path(&path, at.timestamp(), &[])?;
        Ok(SignerIdentity::from_certificate(&leaf))
    }

    /// Depth-first path building: signer → (CMS-carried or anchor) issuers → an anchor.
    /// Only names, key identifiers and signatures are used here; constraints come after.
    fn build_path<'a>(
        &'a self,
        leaf: &Certificate<'a>,
        pool: &[Certificate<'a>],
    ) -> Result<Vec<PathCert<'a>>, KepError> {
        let mut path = vec![PathCert {
            cert: leaf.clone(),
            anchor: self.trust.is_anchor(leaf),
        }];
        if path[0].anchor {
            return Ok(path);
        }
        let mut best_err = None;
        if self.extend(&mut path, pool, &mut best_err) {
            return Ok(path);
        }
        Err(best_err.unwrap_or_else(|| {
            KepError::Untrusted(format!(
                "no trusted issuer for \"{}\"",
                leaf.issuer.to_text()
            ))
        }))
    }

    fn extend<'a>(
        &'a self,
        path: &mut Vec<PathCert<'a>>,
        pool: &[Certificate<'a>],
        best_err: &mut Option<KepError>,
    ) -> bool {
        if path.len() >= MAX_PATH_LEN {
            best_err.get_or_insert(KepError::BadChain("path too long".into()));
            return false;
        }
        let child = path.last().expect("path is never empty").cert.clone();
        let key_id_ok = |cand: &Certificate<'_>| match (
            child.extensions.authority_key_id,
            cand.extensions.subject_key_id,
        ) {
            (Some(a), Some(s)) => a == s,
            _ => true,
        };
        // Anchors first: a directly trusted issuer ends the path.
        for der in self.trust.anchors_with_subject(child.issuer.raw) {
            let Ok(cand) = Certificate::from_der(der) else {
                continue;
            };
            if !key_id_ok(&cand) {
                continue;
            }
            match self.check_link(&child, &cand) {
                Ok(()) => {
                    path.push(PathCert {
                        cert: cand,
                        anchor: true,
                    });
                    return true;
                }
                Err(e) => {
                    best_err.get_or_insert(e);
                }
            }
        }
        for cand in pool {
            if cand.subject.raw != child.issuer.raw
                || !key_id_ok(cand)
                || path.iter().any(|p| p.cert.raw == cand.raw)
            {
                continue;
            }
            match self.check_link(&child, cand) {
                Ok(()) => {
                    path.push(PathCert {
                        cert: cand.clone(),
                        anchor: self.trust.is_anchor(cand),
                    });
                    if path.last().is_some_and(|p| p.anchor) || self.extend(path, pool, best_err) {
                        return true;
                    }
                    path.pop();
                }
                Err(e) => {
                    best_err.get_or_insert(e);
                }
            }
        }
        false
    }

    fn check_link(
        &self,
        child: &Certificate<'_>,
        issuer: &Certificate<'_>,
    ) -> Result<(), KepError> {
        self.verify_signature(
            &issuer.spki,
            &child.signature_algorithm,
            None,
            child.tbs,
            child.signature,
        )
        .map_err(|e| match e {
            KepError::SignatureInvalid(m) => KepError::SignatureInvalid(format!(
                "certificate \"{}\" is not signed by \"{}\": {m}",
                child.subject.to_text(),
                issuer.subject.to_text()
            )),
            other => other,
        })
    }

    fn check_path(
        &self,
        path: &[PathCert<'_>],
        at: i64,
        cms_crls: &[&[u8]],
    ) -> Result<(), KepError> {
        for (i, p) in path.iter().enumerate() {
            let c = &p.cert;
            let who = || format!("\"{}\"", c.subject.to_text());
            if at < c.not_before {
                return Err(KepError::NotYetValid(format!(
                    "{} until {}",
                    who(),
                    to_utc(c.not_before).to_rfc3339()
                )));
            }
            if at > c.not_after {
                return Err(KepError::Expired(format!(
                    "{} since {}",
                    who(),
                    to_utc(c.not_after).to_rfc3339()
                )));
            }
            if let Some(o) = c.extensions.unknown_critical.first() {
                return Err(KepError::BadChain(format!(
                    "{} has an unknown critical extension {}",
                    who(),
                    der::oid_to_string(o)
                )));
            }
            if i == 0 {
                pkix::check_signer_usage(c)
                    .map_err(|m| KepError::BadChain(format!("{} {m}", who())))?;
            } else {
                // An issuer.
                let v1_anchor = p.anchor && c.version == 0 && c.is_self_issued();
                match c.extensions.basic_constraints {
                    Some((true, path_len)) => {
                        // Intermediates between this CA and the leaf (self-issued ones don't count).
                        let below = path[1..i]
                            .iter()
                            .filter(|q| !q.cert.is_self_issued())
                            .count() as u64;
                        if let Some(max) = path_len
                            && below > max
                        {
                            return Err(KepError::BadChain(format!(
                                "{} allows {max} intermediate CA certificate(s) below it, the path has {below}",
                                who()
                            )));
                        }
                    }
                    _ if v1_anchor => {}
                    _ => {
                        return Err(KepError::BadChain(format!(
                            "{} is not a CA (basicConstraints)",
                            who()
                        )));
                    }
                }
                if let Some(ku) = c.extensions.key_usage
                    && ku & key_usage::KEY_CERT_SIGN == 0
                {
                    return Err(KepError::BadChain(format!(
                        "{} may not sign certificates (keyUsage lacks keyCertSign)",
                        who()
                    )));
                }
            }
        }
        // Revocation: every certificate below the anchor, against its issuer's CRLs.
        for w in path.windows(2) {
            let (c, issuer) = (&w[0].cert, &w[1].cert);
            if w[0].anchor {
                break;
            }
            self.check_revocation(c, issuer, cms_crls, at)?;
        }
        Ok(())
    }
}

/// Parse a CMS SignedData and every certificate in it without verifying anything: the entry
/// point the fuzz target drives. Returns the number of certificates.
pub fn parse_only(cms_der: &[u8]) -> Result<usize, KepError> {
    let sd = cms::parse_signed_data(cms_der)?;
    for si in &sd.signer_infos {
        if let Some(a) = &si.signed_attrs {
            cms::parse_signed_attrs(a)?;
        }
    }
    for c in &sd.certificates {
        let _ = SignerIdentity::from_certificate(c);
    }
    for crl in &sd.crls {
        let _ = Crl::from_der(crl);
    }
    Ok(sd.certificates.len())
}

#[cfg(test)]
mod tests {
    #[test]
    fn verifier_is_shareable_across_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<super::Verifier>();
        assert_send_sync::<super::TrustStore>();
        assert_send_sync::<super::Verified>();
    }
}
