//! Print what ekrov reads from certificate files: `cargo run -p ekrov-kep --example certinfo -- FILE...`
fn main() {
    for p in std::env::args().skip(1) {
        let data = std::fs::read(&p).expect("read");
        let ders: Vec<Vec<u8>> = if data.starts_with(b"-----") {
            ekrov_kep::pem_blocks(&String::from_utf8_lossy(&data))
                .unwrap()
                .into_iter()
                .map(|b| b.1)
                .collect()
        } else {
            vec![data]
        };
        for d in ders {
            match ekrov_kep::pkix::Certificate::from_der(&d) {
                Ok(c) => {
                    let id = ekrov_kep::SignerIdentity::from_certificate(&c);
                    println!(
                        "{p}: {id:#?}\n  sig alg: {}\n  key alg: {}\n  ca: {:?} ku: {:?} unknown critical: {:?}",
                        c.signature_algorithm.describe(),
                        c.spki.algorithm.describe(),
                        c.extensions.basic_constraints,
                        c.extensions.key_usage,
                        c.extensions
                            .unknown_critical
                            .iter()
                            .map(|o| ekrov_kep::der::oid_to_string(o))
                            .collect::<Vec<_>>()
                    );
                }
                Err(e) => println!("{p}: ERROR {e}"),
            }
        }
    }
}
