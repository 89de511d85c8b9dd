use crate::der::DerError;

/// Why a signature, a certificate or a trust file was refused.
///
/// [`KepError::code`] maps each case to the error codes of the HTTP API (API.md).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KepError {
    /// The bytes are not a well-formed CMS SignedData / certificate / CRL.
    #[error("malformed: {0}")]
    Malformed(String),
    /// A cryptographic signature (on the signed attributes, a certificate or a CRL) does not verify.
    #[error("signature invalid: {0}")]
    SignatureInvalid(String),
    /// The messageDigest signed attribute is not the digest of the content.
    #[error("the messageDigest attribute does not match the content")]
    DigestMismatch,
    /// No path to a trust anchor.
    #[error("certificate untrusted: {0}")]
    Untrusted(String),
    /// A certificate in the path had expired at verification time.
    #[error("certificate expired: {0}")]
    Expired(String),
    /// A certificate in the path was not yet valid at verification time.
    #[error("certificate not yet valid: {0}")]
    NotYetValid(String),
    /// A certificate in the path is listed on a CRL of its issuer.
    #[error("certificate revoked: {0}")]
    Revoked(String),
    /// An algorithm we do not (yet) implement, named, e.g. "DSTU 4145-2002 (little-endian) (1.2.804.2.1.1.1.1.3.1.1)".
    #[error("unsupported algorithm: {0}")]
    UnsupportedAlgorithm(String),
    /// A certificate may not be used where it stands in the path: basicConstraints, pathLen,
    /// keyUsage, or an unknown critical extension.
    #[error("bad certificate chain: {0}")]
    BadChain(String),
    /// The signingTime attribute is too far in the future.
    #[error("signing time is in the future: {0}")]
    SigningTimeInFuture(String),
    /// The detached content was not given and the CMS carries none.
    #[error("the signature is detached and no content was given")]
    NoContent,
    /// A key container's password is wrong (or the file is damaged).
    #[error("wrong password or damaged key file")]
    WrongPassword,
    /// A file could not be read.
    #[error("i/o: {0}")]
    Io(String),
}

impl KepError {
    /// The API.md error code.
    pub fn code(&self) -> &'static str {
        match self {
            KepError::Malformed(_) | KepError::NoContent => "malformed_signature",
            KepError::SignatureInvalid(_)
            | KepError::DigestMismatch
            | KepError::SigningTimeInFuture(_) => "signature_invalid",
            KepError::Untrusted(_) | KepError::BadChain(_) => "certificate_untrusted",
            KepError::Expired(_) | KepError::NotYetValid(_) => "certificate_expired",
            KepError::Revoked(_) => "certificate_revoked",
            KepError::UnsupportedAlgorithm(_) => "unsupported_algorithm",
            KepError::WrongPassword => "wrong_password",
            KepError::Io(_) => "io_error",
        }
    }

    /// A short machine-readable kind (finer than [`KepError::code`]), for tests and logs.
    pub fn kind(&self) -> &'static str {
        match self {
            KepError::Malformed(_) => "malformed",
            KepError::SignatureInvalid(_) => "signature_invalid",
            KepError::DigestMismatch => "digest_mismatch",
            KepError::Untrusted(_) => "untrusted",
            KepError::Expired(_) => "expired",
            KepError::NotYetValid(_) => "not_yet_valid",
            KepError::Revoked(_) => "revoked",
            KepError::UnsupportedAlgorithm(_) => "unsupported_algorithm",
            KepError::BadChain(_) => "bad_chain",
            KepError::SigningTimeInFuture(_) => "signing_time_in_future",
            KepError::NoContent => "no_content",
            KepError::WrongPassword => "wrong_password",
            KepError::Io(_) => "io",
        }
    }
}

impl From<DerError> for KepError {
    fn from(e: DerError) -> Self {
        KepError::Malformed(e.0)
    }
}
