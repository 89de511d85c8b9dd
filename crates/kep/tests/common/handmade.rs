//! Certificates and CRLs assembled byte by byte (DER) and signed with a key of the openssl
//! harness: for what `openssl ca` will not write (delta CRLs with removeFromCRL entries, CRL
//! authority key ids chosen at will, v1 certificates).

use ekrov_kep::der::{self, cons, oid, seq, small_int, tlv};
use ekrov_kep::pkix::Certificate;

use super::{Openssl, rand_suffix};

const ECDSA_SHA256: &str = "1.2.840.10045.4.3.2";

/// UTCTime (years 1950–2049) or GeneralizedTime.
pub fn time(secs: i64) -> Vec<u8> {
    let t = chrono::DateTime::from_timestamp(secs, 0).expect("time in range");
    if (1950..2050).contains(&chrono::Datelike::year(&t)) {
        tlv(
            der::UTC_TIME,
            t.format("%y%m%d%H%M%SZ").to_string().as_bytes(),
        )
    } else {
        tlv(
            der::GENERALIZED_TIME,
            t.format("%Y%m%d%H%M%SZ").to_string().as_bytes(),
        )
    }
}

pub fn ext(id: &str, critical: bool, value: &[u8]) -> Vec<u8> {
    if critical {
        seq(&[&oid(id), &tlv(der::BOOLEAN, &[0xff]), &der::octets(value)])
    } else {
        seq(&[&oid(id), &der::octets(value)])
    }
}

impl Openssl {
    /// ECDSA-SHA256 signature (DER) of `data` with `<key>.key`.
    pub fn sign_raw(&self, key: &str, data: &[u8]) -> Vec<u8> {
        let n = rand_suffix();
        let (inp, out) = (format!("tbs-{n}.bin"), format!("sig-{n}.bin"));
        std::fs::write(self.path(&inp), data).unwrap();
        self.run(&[
            "dgst",
            "-sha256",
            "-sign",
            &format!("{key}.key"),
            "-out",
            &out,
            &inp,
        ]);
        std::fs::read(self.path(&out)).unwrap()
    }

    /// SubjectPublicKeyInfo DER of `<key>.key`.
    pub fn spki(&self, key: &str) -> Vec<u8> {
        let out = format!("pub-{}.der", rand_suffix());
        self.run(&[
            "pkey",
            "-in",
            &format!("{key}.key"),
            "-pubout",
            "-outform",
            "DER",
            "-out",
            &out,
        ]);
        std::fs::read(self.path(&out)).unwrap()
    }

    /// TBS + algorithm + signature by `<key>.key`.
    pub fn signed(&self, key: &str, tbs: &[u8]) -> Vec<u8> {
        let sig = self.sign_raw(key, tbs);
        let mut bits = vec![0u8];
        bits.extend_from_slice(&sig);
        seq(&[
            tbs,
            &seq(&[&oid(ECDSA_SHA256)]),
            &tlv(der::BIT_STRING, &bits),
        ])
    }

    /// A version-1 certificate (no extensions) of `<subject_key>.key`, signed by `<issuer_key>.key`.
    pub fn v1_cert(
        &self,
        subject: &[u8],
        subject_key: &str,
        issuer: &[u8],
        issuer_key: &str,
        not_before: i64,
        not_after: i64,
    ) -> Vec<u8> {
        let serial: Vec<u8> = rand_suffix().into_bytes();
        let tbs = seq(&[
            &der::uint(&serial),
            &seq(&[&oid(ECDSA_SHA256)]),
            issuer,
            &seq(&[&time(not_before), &time(not_after)]),
            subject,
            &self.spki(subject_key),
        ]);
        self.signed(issuer_key, &tbs)
    }
}

/// A Name of one RDN per (attribute OID, value TLV).
pub fn name(attrs: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let rdns: Vec<Vec<u8>> = attrs
        .iter()
        .map(|(t, v)| cons(der::SET, &[&seq(&[&oid(t), v])]))
        .collect();
    seq(&rdns.iter().map(Vec::as_slice).collect::<Vec<_>>())
}

pub fn utf8(s: &str) -> Vec<u8> {
    tlv(der::UTF8_STRING, s.as_bytes())
}

/// One revokedCertificates entry: serial (INTEGER content), date, reasonCode.
pub struct Entry {
    pub serial: Vec<u8>,
    pub date: i64,
    pub reason: Option<u8>,
}

/// A CRL of the issuer whose certificate and key are `<issuer>.pem` / `<issuer>.key`.
pub struct CrlSpec {
    pub this_update: i64,
    pub next_update: Option<i64>,
    pub entries: Vec<Entry>,
    pub number: Option<u64>,
    /// deltaCRLIndicator: makes it a delta CRL over this base number.
    pub delta_base: Option<u64>,
    /// The authority key id written; None = none. `issuer_aki` gives the issuer's own SKI.
    pub aki: Option<Vec<u8>>,
    pub freshest: Option<String>,
    /// Further crlExtensions, each a whole Extension DER.
    pub extra: Vec<Vec<u8>>,
}

impl CrlSpec {
    pub fn new(this_update: i64, next_update: i64) -> Self {
        CrlSpec {
            this_update,
            next_update: Some(next_update),
            entries: Vec::new(),
            number: Some(1),
            delta_base: None,
            aki: None,
            freshest: None,
            extra: Vec::new(),
        }
    }

    pub fn revoke(mut self, serial: &[u8], date: i64, reason: Option<u8>) -> Self {
        self.entries.push(Entry {
            serial: serial.to_vec(),
            date,
            reason,
        });
        self
    }
}

/// The subjectKeyIdentifier of `<name>.pem`.
pub fn ski(o: &Openssl, name: &str) -> Vec<u8> {
    let der = o.der(name);
    let c = Certificate::from_der(&der).unwrap();
    c.extensions
        .subject_key_id
        .expect("the issuer has an SKI")
        .to_vec()
}

pub fn serial(o: &Openssl, name: &str) -> Vec<u8> {
    let der = o.der(name);
    Certificate::from_der(&der).unwrap().serial.to_vec()
}

pub fn build_crl(o: &Openssl, issuer: &str, s: &CrlSpec) -> Vec<u8> {
    let issuer_der = o.der(issuer);
    let subject = Certificate::from_der(&issuer_der)
        .unwrap()
        .subject
        .raw
        .to_vec();
    let mut tbs: Vec<Vec<u8>> = vec![small_int(1), seq(&[&oid(ECDSA_SHA256)]), subject];
    tbs.push(time(s.this_update));
    if let Some(n) = s.next_update {
        tbs.push(time(n));
    }
    if !s.entries.is_empty() {
        let entries: Vec<Vec<u8>> = s
            .entries
            .iter()
            .map(|e| {
                let mut parts = vec![tlv(der::INTEGER, &e.serial), time(e.date)];
                if let Some(r) = e.reason {
                    parts.push(seq(&[&ext("2.5.29.21", false, &tlv(0x0a, &[r]))]));
                }
                seq(&parts.iter().map(Vec::as_slice).collect::<Vec<_>>())
            })
            .collect();
        tbs.push(seq(&entries.iter().map(Vec::as_slice).collect::<Vec<_>>()));
    }
    let mut exts: Vec<Vec<u8>> = Vec::new();
    if let Some(k) = &s.aki {
        exts.push(ext("2.5.29.35", false, &seq(&[&tlv(der::ctx_prim(0), k)])));
    }
    if let Some(n) = s.number {
        exts.push(ext("2.5.29.20", false, &small_int(n)));
    }
    if let Some(b) = s.delta_base {
        exts.push(ext("2.5.29.27", true, &small_int(b)));
    }
    if let Some(u) = &s.freshest {
        let dp = seq(&[&seq(&[&cons(
            der::ctx_cons(0),
            &[&cons(
                der::ctx_cons(0),
                &[&tlv(der::ctx_prim(6), u.as_bytes())],
            )],
        )])]);
        exts.push(ext("2.5.29.46", false, &dp));
    }
    exts.extend(s.extra.iter().cloned());
    if !exts.is_empty() {
        let all = seq(&exts.iter().map(Vec::as_slice).collect::<Vec<_>>());
        tbs.push(cons(der::ctx_cons(0), &[&all]));
    }
    let tbs = seq(&tbs.iter().map(Vec::as_slice).collect::<Vec<_>>());
    o.signed(issuer, &tbs)
}
