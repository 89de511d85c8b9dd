//! The hashes Ukrainian signatures use: GOST 34.311-95 with the DKE №1 S-box and a zero initial
//! value (ours, in `gost34311.rs`: RustCrypto `gost94`'s `Gost94UA` gives the same values but at
//! a quarter of UAPKI's speed, see docs/BENCHMARKS.md), and DSTU 7564 Kupyna-256/384/512
//! (RustCrypto `kupyna`).

use std::sync::OnceLock;

use kupyna::Digest;

use super::gost34311::{self, Gost28147Tables};

use crate::der::{self, Tlv};
use crate::error::KepError;
use crate::oid;

/// DKE №1 as the 64-byte packed S-box that follows the curve in DER.
pub const DKE_1_PACKED: [u8; 64] = [
    0xa9, 0xd6, 0xeb, 0x45, 0xf1, 0x3c, 0x70, 0x82, 0x80, 0xc4, 0x96, 0x7b, 0x23, 0x1f, 0x5e, 0xad,
    0xf6, 0x58, 0xeb, 0xa4, 0xc0, 0x37, 0x29, 0x1d, 0x38, 0xd9, 0x6b, 0xf0, 0x25, 0xca, 0x4e, 0x17,
    0xf8, 0xe9, 0x72, 0x0d, 0xc6, 0x15, 0xb4, 0x3a, 0x28, 0x97, 0x5f, 0x0b, 0xc1, 0xde, 0xa3, 0x64,
    0x38, 0xb5, 0x64, 0xea, 0x2c, 0x17, 0x9f, 0xd0, 0x12, 0x3e, 0x6d, 0xb8, 0xfa, 0xc5, 0x79, 0x04,
];

fn dke_1_tables() -> &'static Gost28147Tables {
    static T: OnceLock<Gost28147Tables> = OnceLock::new();
    T.get_or_init(|| Gost28147Tables::from_packed(&DKE_1_PACKED))
}

/// A hash a DSTU signature or a CMS digest names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UaHash {
    Gost34311,
    Kupyna256,
    Kupyna384,
    Kupyna512,
}

impl UaHash {
    pub fn from_oid(o: &[u8]) -> Option<UaHash> {
        match o {
            oid::GOST34311 => Some(UaHash::Gost34311),
            oid::KUPYNA_256 => Some(UaHash::Kupyna256),
            oid::KUPYNA_384 => Some(UaHash::Kupyna384),
            oid::KUPYNA_512 => Some(UaHash::Kupyna512),
            _ => None,
        }
    }

    pub fn digest(self, data: &[u8]) -> Vec<u8> {
        match self {
            UaHash::Gost34311 => gost34311::digest(dke_1_tables(), data).to_vec(),
            UaHash::Kupyna256 => kupyna::Kupyna256::digest(data).to_vec(),
            UaHash::Kupyna384 => kupyna::Kupyna384::digest(data).to_vec(),
            UaHash::Kupyna512 => kupyna::Kupyna512::digest(data).to_vec(),
        }
    }
}

/// GOST 34.311 is only implemented with DKE №1 (every Ukrainian file seen uses it); another
/// S-box is refused rather than silently hashed with the wrong one.
pub fn check_sbox(dke: Option<&[u8; 64]>) -> Result<(), KepError> {
    match dke {
        None => Ok(()),
        Some(s) if *s == DKE_1_PACKED => Ok(()),
        Some(_) => Err(KepError::UnsupportedAlgorithm(
            "GOST 34.311 with an S-box other than DKE №1".into(),
        )),
    }
}

/// A CMS digestAlgorithm: GOST 34.311 (parameters absent, NULL, or the DKE as an OCTET STRING)
/// or Kupyna. `None` if not a Ukrainian hash.
pub fn digest_for(oid: &[u8], params: Option<Tlv<'_>>, data: &[u8]) -> Option<Vec<u8>> {
    let h = UaHash::from_oid(oid)?;
    if h == UaHash::Gost34311 {
        match params {
            None => {}
            Some(p) if p.tag == der::NULL => {}
            Some(p) if p.tag == der::OCTET_STRING && p.content == DKE_1_PACKED => {}
            Some(_) => return None,
        }
    }
    Some(h.digest(data))
}
