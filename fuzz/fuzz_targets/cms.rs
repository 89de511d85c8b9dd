//! Fuzz the CMS + certificate parsing entry point, and the whole verifier on the same bytes.
#![no_main]

use std::sync::OnceLock;

use ekrov_kep::{TrustStore, Verifier};
use libfuzzer_sys::fuzz_target;

fn verifier() -> &'static Verifier {
    static V: OnceLock<Verifier> = OnceLock::new();
    V.get_or_init(|| Verifier::new(TrustStore::new()))
}

fuzz_target!(|data: &[u8]| {
    let _ = ekrov_kep::parse_only(data);
    let _ = ekrov_kep::pkix::Certificate::from_der(data);
    let _ = ekrov_kep::pkix::Crl::from_der(data);
    let _ = ekrov_kep::cms::parse_signed_data(data);
    let at = chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap();
    let _ = verifier().verify(data, None, at);
    let _ = verifier().verify(data, Some(b"challenge"), at);
    let mut ts = TrustStore::new();
    let _ = ts.add_pem_or_der(data);
    let _ = ts.add_crl_der(data);
});
