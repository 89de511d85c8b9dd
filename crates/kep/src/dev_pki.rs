//! A development PKI: a local ECDSA P-256 CA that issues people's certificates shaped like
//! Ukrainian qualified ones (РНОКПП in subjectDirectoryAttributes and in the subject
//! serialNumber as `TINUA-…`, qcStatements, the qualified policy). Never trust it in production.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, Utc};
use rcgen::{
    BasicConstraints, CertificateParams, CustomExtension, DistinguishedName, DnType, IsCa, KeyPair,
    KeyUsagePurpose, PKCS_ECDSA_P256_SHA256, PKCS_ECDSA_P384_SHA384, SerialNumber,
    SignatureAlgorithm,
};

use crate::der;
use crate::error::KepError;
use crate::oid;

pub use crate::pkcs12::{Pkcs12Contents, read_pkcs12, write_pkcs12};

/// The CA's subject, as text (used to recognise our own CA files).
pub const CA_COMMON_NAME: &str = "ekrov dev CA (NOT FOR PRODUCTION)";

fn rc(e: rcgen::Error) -> KepError {
    KepError::Malformed(format!("rcgen: {e}"))
}

fn io(p: &Path, e: std::io::Error) -> KepError {
    KepError::Io(format!("{}: {e}", p.display()))
}

fn odt(t: DateTime<Utc>) -> time::OffsetDateTime {
    time::OffsetDateTime::from_unix_timestamp(t.timestamp())
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
}

fn ca_params() -> CertificateParams {
    let mut p = CertificateParams::default();
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CountryName, "UA");
    dn.push(DnType::OrganizationName, "ekrov development");
    dn.push(DnType::CommonName, CA_COMMON_NAME);
    p.distinguished_name = dn;
    p.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    p.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    p
}

/// The dev CA: its key and certificate, kept in a folder as `ca.pem` and `ca.key.pem`.
pub struct DevCa {
    dir: PathBuf,
    ca_der: Vec<u8>,
    issuer: rcgen::Issuer<'static, KeyPair>,
}

/// Options for a person's certificate.
#[derive(Debug, Clone)]
pub struct PersonOptions {
    pub p384: bool,
    pub not_before: DateTime<Utc>,
    pub not_after: DateTime<Utc>,
}

impl Default for PersonOptions {
    fn default() -> Self {
        let now = Utc::now();
        PersonOptions {
            p384: false,
            not_before: now - Duration::hours(1),
            not_after: now + Duration::days(730),
        }
    }
}

impl DevCa {
    /// Load the CA from `dir`, or create one there (and the folder) if there is none.
    pub fn load_or_create(dir: &Path) -> Result<DevCa, KepError> {
        let cert_path = dir.join("ca.pem");
        let key_path = dir.join("ca.key.pem");
        if cert_path.exists() && key_path.exists() {
            let cert_pem = std::fs::read_to_string(&cert_path).map_err(|e| io(&cert_path, e))?;
            let key_pem = std::fs::read_to_string(&key_path).map_err(|e| io(&key_path, e))?;
            let ca_der = crate::pem_blocks(&cert_pem)?
                .into_iter()
                .find(|(l, _)| l == "CERTIFICATE")
                .map(|(_, d)| d)
                .ok_or_else(|| KepError::Malformed("ca.pem holds no certificate".into()))?;
            let c = crate::pkix::Certificate::from_der(&ca_der)?;
            if c.subject.get(oid::AT_CN).as_deref() != Some(CA_COMMON_NAME) {
                return Err(KepError::Malformed(format!(
                    "{} is not an ekrov dev CA",
                    cert_path.display()
                )));
            }
            let key = KeyPair::from_pem(&key_pem).map_err(rc)?;
            if key.public_key_raw() != c.spki.key {
                return Err(KepError::Malformed(
                    "ca.key.pem does not match ca.pem".into(),
                ));
            }
            return Ok(DevCa {
                dir: dir.to_path_buf(),
                ca_der,
                issuer: rcgen::Issuer::new(ca_params(), key),
            });
        }
        std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
        let key = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).map_err(rc)?;
        let mut params = ca_params();
        let now = Utc::now();
        params.not_before = odt(now - Duration::days(1));
        params.not_after = odt(now + Duration::days(3650));
        params.serial_number = Some(SerialNumber::from_slice(&random_serial()));
        let cert = params.self_signed(&key).map_err(rc)?;
        std::fs::write(&cert_path, cert.pem()).map_err(|e| io(&cert_path, e))?;
        std::fs::write(&key_path, key.serialize_pem()).map_err(|e| io(&key_path, e))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(&key_path, std::fs::Permissions::from_mode(0o600));
        }
        Ok(DevCa {
            dir: dir.to_path_buf(),
            ca_der: cert.der().to_vec(),
            issuer: rcgen::Issuer::new(ca_params(), key),
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The CA certificate, DER.
    pub fn ca_der(&self) -> &[u8] {
        &self.ca_der
    }

    /// The CA certificate, PEM.
    pub fn ca_pem(&self) -> String {
        pem("CERTIFICATE", &self.ca_der)
    }

    /// Issue a person's certificate (ECDSA P-256, two years). Returns (certificate DER, PKCS#8 key DER).
    pub fn issue_person(
        &self,
        rnokpp: &str,
        surname: &str,
        given_name: &str,
    ) -> Result<(Vec<u8>, Vec<u8>), KepError> {
        self.issue_person_with(rnokpp, surname, given_name, &PersonOptions::default())
    }

    pub fn issue_person_with(
        &self,
        rnokpp: &str,
        surname: &str,
        given_name: &str,
        opts: &PersonOptions,
    ) -> Result<(Vec<u8>, Vec<u8>), KepError> {
        let alg: &'static SignatureAlgorithm = if opts.p384 {
            &PKCS_ECDSA_P384_SHA384
        } else {
            &PKCS_ECDSA_P256_SHA256
        };
        let key = KeyPair::generate_for(alg).map_err(rc)?;
        let mut p = CertificateParams::default();
        let mut dn = DistinguishedName::new();
        dn.push(DnType::CountryName, "UA");
        dn.push(DnType::CustomDnType(vec![2, 5, 4, 4]), surname);
        dn.push(DnType::CustomDnType(vec![2, 5, 4, 42]), given_name);
        dn.push(DnType::CommonName, format!("{surname} {given_name}"));
        dn.push(
            DnType::CustomDnType(vec![2, 5, 4, 5]),
            rcgen::DnValue::PrintableString(format!("TINUA-{rnokpp}").try_into().map_err(rc)?),
        );
        p.distinguished_name = dn;
        p.is_ca = IsCa::ExplicitNoCa;
        p.key_usages = vec![
            KeyUsagePurpose::DigitalSignature,
            KeyUsagePurpose::ContentCommitment,
        ];
        p.use_authority_key_identifier_extension = true;
        p.not_before = odt(opts.not_before);
        p.not_after = odt(opts.not_after);
        p.serial_number = Some(SerialNumber::from_slice(&random_serial()));
        p.custom_extensions = person_extensions(rnokpp);
        let cert = p.signed_by(&key, &self.issuer).map_err(rc)?;
        Ok((cert.der().to_vec(), key.serialize_der()))
    }
}

/// subjectDirectoryAttributes (РНОКПП), qcStatements (QcCompliance, QcSSCD, QcType esign) and
/// the qualified certificate policy, critical as Ukrainian CAs mark it.
pub fn person_extensions(rnokpp: &str) -> Vec<CustomExtension> {
    let sda = der::seq(&[&der::seq(&[
        &der::tlv(der::OID, oid::UA_DRFO),
        &der::cons(
            der::SET,
            &[&der::tlv(der::PRINTABLE_STRING, rnokpp.as_bytes())],
        ),
    ])]);
    let qc = der::seq(&[
        &der::seq(&[&der::tlv(der::OID, oid::QC_COMPLIANCE)]),
        &der::seq(&[&der::tlv(der::OID, oid::QC_SSCD)]),
        &der::seq(&[
            &der::tlv(der::OID, oid::QC_TYPE),
            &der::seq(&[&der::oid("0.4.0.1862.1.6.1")]),
        ]),
    ]);
    let policies = der::seq(&[&der::seq(&[&der::tlv(der::OID, oid::UA_QUALIFIED_POLICY)])]);
    let mut cp = CustomExtension::from_oid_content(&[2, 5, 29, 32], policies);
    cp.set_criticality(true);
    vec![
        CustomExtension::from_oid_content(&[2, 5, 29, 9], sda),
        CustomExtension::from_oid_content(&[1, 3, 6, 1, 5, 5, 7, 1, 3], qc),
        cp,
    ]
}

fn random_serial() -> [u8; 16] {
    let mut s = [0u8; 16];
    let _ = aws_lc_rs::rand::fill(&mut s);
    s[0] &= 0x7f;
    s[0] |= 0x10;
    s
}

/// PEM-encode DER.
pub fn pem(label: &str, der: &[u8]) -> String {
    use base64::Engine;
    let b = base64::engine::general_purpose::STANDARD.encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for chunk in b.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}
