//! Test helpers: a real CA built with the `openssl` command line in a temporary folder.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use ekrov_kep::der;

pub mod handmade;

#[derive(Clone, Copy, Debug)]
pub enum KeyKind {
    P256,
    P384,
    Rsa(u32),
}

pub struct Openssl {
    pub dir: tempfile::TempDir,
}

/// What a certificate should be.
pub struct CertSpec<'a> {
    pub name: &'a str,
    pub subject: String,
    pub kind: KeyKind,
    /// Lines of the extension section (openssl x509v3 config syntax).
    pub extensions: Vec<String>,
    /// `YYYYMMDDHHMMSSZ` (openssl ca -startdate/-enddate).
    pub start: Option<String>,
    pub end: Option<String>,
    pub md: &'a str,
}

impl<'a> CertSpec<'a> {
    pub fn new(name: &'a str, subject: &str, kind: KeyKind, extensions: Vec<String>) -> Self {
        CertSpec {
            name,
            subject: subject.to_string(),
            kind,
            extensions,
            start: None,
            end: None,
            md: "sha256",
        }
    }
}

pub fn root_exts(path_len: Option<u32>) -> Vec<String> {
    let bc = match path_len {
        Some(n) => format!("basicConstraints = critical, CA:TRUE, pathlen:{n}"),
        None => "basicConstraints = critical, CA:TRUE".to_string(),
    };
    vec![
        bc,
        "keyUsage = critical, keyCertSign, cRLSign".into(),
        "subjectKeyIdentifier = hash".into(),
    ]
}

/// An intermediate (issuing) CA shaped like a Ukrainian КНЕДП's: critical policies and qcStatements.
pub fn inter_exts(path_len: Option<u32>) -> Vec<String> {
    let mut v = root_exts(path_len);
    v.push("authorityKeyIdentifier = keyid:always".into());
    v.push("certificatePolicies = critical, 1.2.804.2.1.1.1.2.2".into());
    v
}

pub fn hexs(b: &[u8]) -> String {
    der::hex(b).to_uppercase()
}

/// subjectDirectoryAttributes with the РНОКПП (PrintableString) and qcStatements, as raw DER.
pub fn person_exts(rnokpp: &str) -> Vec<String> {
    let sda = der::seq(&[&der::seq(&[
        &der::oid("1.2.804.2.1.1.1.11.1.4.1.1"),
        &der::cons(
            der::SET,
            &[&der::tlv(der::PRINTABLE_STRING, rnokpp.as_bytes())],
        ),
    ])]);
    let qc = der::seq(&[
        &der::seq(&[&der::oid("0.4.0.1862.1.1")]),
        &der::seq(&[&der::oid("0.4.0.1862.1.4")]),
    ]);
    vec![
        "basicConstraints = critical, CA:FALSE".into(),
        "keyUsage = critical, digitalSignature, nonRepudiation".into(),
        "subjectKeyIdentifier = hash".into(),
        "authorityKeyIdentifier = keyid:always".into(),
        "certificatePolicies = critical, 1.2.804.2.1.1.1.2.2".into(),
        // Non-critical here: OpenSSL 3.0 refuses a critical qcStatements, and the corpus must be
        // checkable by `openssl verify` too. The critical form is covered in openssl_interop.rs.
        format!("1.3.6.1.5.5.7.1.3 = DER:{}", hexs(&qc)),
        format!("2.5.29.9 = DER:{}", hexs(&sda)),
        "crlDistributionPoints = URI:http://ca.example.invalid/ca.crl".into(),
    ]
}

pub fn person_subject(rnokpp: &str, surname: &str, given: &str) -> String {
    format!("/C=UA/SN={surname}/GN={given}/CN={surname} {given}/serialNumber=TINUA-{rnokpp}")
}

impl Openssl {
    pub fn new() -> Self {
        Openssl {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Run openssl; panic with its output if it fails.
    pub fn run(&self, args: &[&str]) -> String {
        let out = Command::new("openssl")
            .args(args)
            .current_dir(self.dir.path())
            .output()
            .expect("the openssl command line must be installed");
        if !out.status.success() {
            panic!(
                "openssl {:?} failed:\n{}\n{}",
                args,
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Run openssl; return (success, combined output).
    pub fn try_run(&self, args: &[&str]) -> (bool, String) {
        let out = Command::new("openssl")
            .args(args)
            .current_dir(self.dir.path())
            .output()
            .expect("the openssl command line must be installed");
        (
            out.status.success(),
            format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ),
        )
    }

    pub fn genkey(&self, name: &str, kind: KeyKind) -> PathBuf {
        let key = format!("{name}.key");
        match kind {
            KeyKind::P256 => self.run(&[
                "genpkey",
                "-algorithm",
                "EC",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-out",
                &key,
            ]),
            KeyKind::P384 => self.run(&[
                "genpkey",
                "-algorithm",
                "EC",
                "-pkeyopt",
                "ec_paramgen_curve:P-384",
                "-out",
                &key,
            ]),
            KeyKind::Rsa(bits) => self.run(&[
                "genpkey",
                "-algorithm",
                "RSA",
                "-pkeyopt",
                &format!("rsa_keygen_bits:{bits}"),
                "-out",
                &key,
            ]),
        };
        self.path(&key)
    }

    fn ca_config(&self, ca: &str, exts: &[String]) -> PathBuf {
        let cadir = self.path(&format!("{ca}.db"));
        std::fs::create_dir_all(cadir.join("new")).unwrap();
        let index = cadir.join("index.txt");
        if !index.exists() {
            std::fs::write(&index, "").unwrap();
            std::fs::write(cadir.join("serial"), "1000\n").unwrap();
            std::fs::write(cadir.join("crlnumber"), "01\n").unwrap();
        }
        let conf = format!(
            "[ca]\ndefault_ca = CA_default\n\
             [CA_default]\ndir = {d}\ndatabase = $dir/index.txt\nnew_certs_dir = $dir/new\n\
             serial = $dir/serial\ncrlnumber = $dir/crlnumber\ncertificate = {cert}\nprivate_key = {key}\n\
             default_md = sha256\ndefault_days = 365\ndefault_crl_days = 30\npolicy = policy_any\n\
             preserve = yes\nunique_subject = no\nemail_in_dn = no\nstring_mask = utf8only\ncopy_extensions = none\n\
             [policy_any]\ncountryName = optional\norganizationName = optional\norganizationalUnitName = optional\n\
             surname = optional\ngivenName = optional\ncommonName = optional\nserialNumber = optional\n\
             [req]\ndistinguished_name = dn\nstring_mask = utf8only\nutf8 = yes\n[dn]\n\
             [exts]\n{exts}\n",
            d = cadir.display(),
            cert = self.path(&format!("{ca}.pem")).display(),
            key = self.path(&format!("{ca}.key")).display(),
            exts = exts.join("\n"),
        );
        let p = cadir.join(format!("conf-{}.cnf", rand_suffix()));
        std::fs::write(&p, conf).unwrap();
        p
    }

    /// A self-signed root, `<name>.pem` / `<name>.key`.
    pub fn root(&self, spec: &CertSpec<'_>) -> PathBuf {
        self.genkey(spec.name, spec.kind);
        self.selfsign(spec)
    }

    /// A self-signed root with the key of `<key_of>.key` (a CA's re-issued certificate).
    pub fn root_reusing_key(&self, spec: &CertSpec<'_>, key_of: &str) -> PathBuf {
        std::fs::copy(
            self.path(&format!("{key_of}.key")),
            self.path(&format!("{}.key", spec.name)),
        )
        .unwrap();
        self.selfsign(spec)
    }

    fn selfsign(&self, spec: &CertSpec<'_>) -> PathBuf {
        let conf = self.ca_config(spec.name, &spec.extensions);
        let csr = format!("{}.csr", spec.name);
        let key = format!("{}.key", spec.name);
        self.run(&[
            "req",
            "-new",
            "-utf8",
            "-config",
            conf.to_str().unwrap(),
            "-key",
            &key,
            "-subj",
            &spec.subject,
            "-out",
            &csr,
        ]);
        let out = format!("{}.pem", spec.name);
        let mut args: Vec<String> = vec![
            "ca",
            "-batch",
            "-notext",
            "-utf8",
            "-selfsign",
            "-config",
            conf.to_str().unwrap(),
            "-extensions",
            "exts",
            "-in",
            &csr,
            "-keyfile",
            &key,
            "-out",
            &out,
            "-md",
            spec.md,
        ]
        .into_iter()
        .map(String::from)
        .collect();
        self.dates(spec, &mut args);
        self.run(&args.iter().map(String::as_str).collect::<Vec<_>>());
        self.path(&out)
    }

    fn dates(&self, spec: &CertSpec<'_>, args: &mut Vec<String>) {
        let now = chrono::Utc::now();
        let start = spec.start.clone().unwrap_or_else(|| {
            (now - chrono::Duration::days(1))
                .format("%Y%m%d%H%M%SZ")
                .to_string()
        });
        let end = spec.end.clone().unwrap_or_else(|| {
            (now + chrono::Duration::days(365))
                .format("%Y%m%d%H%M%SZ")
                .to_string()
        });
        args.extend(["-startdate".into(), start, "-enddate".into(), end]);
    }

    /// A certificate `<name>.pem` issued by CA `<issuer>`.
    pub fn issue(&self, spec: &CertSpec<'_>, issuer: &str) -> PathBuf {
        self.genkey(spec.name, spec.kind);
        self.issue_with_own_key(spec, issuer)
    }

    /// A certificate for the key of `<key_of>.key`, issued by `<issuer>`.
    pub fn issue_reusing_key(&self, spec: &CertSpec<'_>, issuer: &str, key_of: &str) -> PathBuf {
        std::fs::copy(
            self.path(&format!("{key_of}.key")),
            self.path(&format!("{}.key", spec.name)),
        )
        .unwrap();
        self.issue_with_own_key(spec, issuer)
    }

    fn issue_with_own_key(&self, spec: &CertSpec<'_>, issuer: &str) -> PathBuf {
        let conf = self.ca_config(issuer, &spec.extensions);
        let csr = format!("{}.csr", spec.name);
        let key = format!("{}.key", spec.name);
        self.run(&[
            "req",
            "-new",
            "-utf8",
            "-config",
            conf.to_str().unwrap(),
            "-key",
            &key,
            "-subj",
            &spec.subject,
            "-out",
            &csr,
        ]);
        let out = format!("{}.pem", spec.name);
        let mut args: Vec<String> = vec![
            "ca",
            "-batch",
            "-notext",
            "-utf8",
            "-config",
            conf.to_str().unwrap(),
            "-extensions",
            "exts",
            "-in",
            &csr,
            "-out",
            &out,
            "-md",
            spec.md,
        ]
        .into_iter()
        .map(String::from)
        .collect();
        self.dates(spec, &mut args);
        self.run(&args.iter().map(String::as_str).collect::<Vec<_>>());
        self.path(&out)
    }

    /// Revoke `<name>.pem` at CA `<issuer>` and write `<issuer>.crl.pem`.
    pub fn revoke_and_gencrl(&self, name: &str, issuer: &str) -> PathBuf {
        let conf = self.ca_config(issuer, &[]);
        let c = conf.to_str().unwrap();
        self.run(&["ca", "-config", c, "-revoke", &format!("{name}.pem")]);
        self.gencrl(issuer)
    }

    pub fn gencrl(&self, issuer: &str) -> PathBuf {
        let conf = self.ca_config(issuer, &[]);
        let out = format!("{issuer}.crl.pem");
        self.run(&[
            "ca",
            "-config",
            conf.to_str().unwrap(),
            "-gencrl",
            "-out",
            &out,
        ]);
        self.path(&out)
    }

    /// `openssl cms -sign -binary -outform DER` over `content`.
    pub fn cms_sign(
        &self,
        signer: &str,
        certfile: Option<&str>,
        content: &[u8],
        attached: bool,
        extra: &[&str],
    ) -> Vec<u8> {
        let input = self.path(&format!("content-{}.bin", rand_suffix()));
        std::fs::write(&input, content).unwrap();
        let out = self.path(&format!("sig-{}.der", rand_suffix()));
        let signer_pem = format!("{signer}.pem");
        let signer_key = format!("{signer}.key");
        let mut args = vec![
            "cms",
            "-sign",
            "-binary",
            "-outform",
            "DER",
            "-in",
            input.to_str().unwrap(),
            "-signer",
            &signer_pem,
            "-inkey",
            &signer_key,
            "-out",
            out.to_str().unwrap(),
        ];
        if attached {
            args.push("-nodetach");
        }
        let cf;
        if let Some(c) = certfile {
            cf = format!("{c}.pem");
            args.extend(["-certfile", &cf]);
        }
        args.extend(extra);
        self.run(&args);
        std::fs::read(out).unwrap()
    }

    /// `openssl verify` of `<leaf>.pem` with `-CAfile <anchors…>` and `-untrusted <untrusted…>`.
    pub fn verify(
        &self,
        leaf: &str,
        anchors: &[&str],
        untrusted: &[&str],
        crl: Option<&Path>,
        partial: bool,
    ) -> (bool, String) {
        let cafile = self.path(&format!("cafile-{}.pem", rand_suffix()));
        let mut s = String::new();
        for a in anchors {
            s.push_str(&std::fs::read_to_string(self.path(&format!("{a}.pem"))).unwrap());
        }
        std::fs::write(&cafile, s).unwrap();
        let mut args: Vec<String> = vec![
            "verify".into(),
            "-CAfile".into(),
            cafile.display().to_string(),
        ];
        if !untrusted.is_empty() {
            let up = self.path(&format!("untrusted-{}.pem", rand_suffix()));
            let mut s = String::new();
            for u in untrusted {
                s.push_str(&std::fs::read_to_string(self.path(&format!("{u}.pem"))).unwrap());
            }
            std::fs::write(&up, s).unwrap();
            args.extend(["-untrusted".into(), up.display().to_string()]);
        }
        if let Some(c) = crl {
            args.extend([
                "-crl_check".into(),
                "-CRLfile".into(),
                c.display().to_string(),
            ]);
        }
        if partial {
            args.push("-partial_chain".into());
        }
        args.push(self.path(&format!("{leaf}.pem")).display().to_string());
        self.try_run(&args.iter().map(String::as_str).collect::<Vec<_>>())
    }

    /// DER of `<name>.pem`.
    pub fn der(&self, name: &str) -> Vec<u8> {
        pem_to_der(&self.path(&format!("{name}.pem")))
    }
}

pub fn pem_to_der(p: &Path) -> Vec<u8> {
    let text = std::fs::read_to_string(p).unwrap();
    ekrov_kep::pem_blocks(&text).unwrap().remove(0).1
}

pub fn rand_suffix() -> String {
    let mut b = [0u8; 6];
    for x in b.iter_mut() {
        *x = rand_byte();
    }
    der::hex(&b)
}

fn rand_byte() -> u8 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static C: AtomicU64 = AtomicU64::new(0x9e3779b97f4a7c15);
    let mut x = C.fetch_add(0x9e3779b97f4a7c15, Ordering::Relaxed);
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51afd7ed558ccd);
    x ^= x >> 33;
    (x & 0xff) as u8
}
