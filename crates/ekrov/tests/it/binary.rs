//! The real binary, as an operator runs it: the CLI, `serve` until SIGTERM, the audit check.

use std::{
    process::{Command, Stdio},
    time::{Duration, Instant},
};

fn ekrov(dir: &std::path::Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ekrov"));
    c.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("EKROV_DATA_DIR", dir);
    c
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[test]
fn serve_help_documents_every_setting() {
    let out = Command::new(env!("CARGO_BIN_EXE_ekrov"))
        .args(["serve", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    for var in [
        "EKROV_DATA_DIR",
        "EKROV_DATABASE_URL",
        "EKROV_LISTEN",
        "EKROV_PUBLIC_URL",
        "EKROV_TRUST_DIR",
        "EKROV_SMTP_URL",
        "EKROV_MAIL_FROM",
        "EKROV_REGISTRATION_WORKING_DAYS",
        "EKROV_MARTIAL_LAW",
        "EKROV_CONFIG",
        "EKROV_LOG_FORMAT",
        "EKROV_FIRST_LOGIN_TTL_HOURS",
        "EKROV_CRL_FETCH",
        "EKROV_LOGIN_RATE_PER_MINUTE",
        "EKROV_RETURN_LIMIT_MINUTES",
        "EKROV_CRL_GRACE_SECONDS",
    ] {
        assert!(
            help.contains(var),
            "serve --help does not mention {var}:\n{help}"
        );
    }
}

#[test]
fn operator_add_checks_the_rnokpp() {
    let dir = tempfile::tempdir().unwrap();
    let out = ekrov(dir.path())
        .args([
            "operator",
            "add",
            "--rnokpp",
            "3184710692",
            "--surname",
            "Коваль",
            "--given-name",
            "Ольга",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("--rnokpp") && err.contains("Контрольна цифра"),
        "{err}"
    );
    let out = ekrov(dir.path())
        .args([
            "operator",
            "add",
            "--rnokpp",
            "3184710691",
            "--surname",
            "Коваль",
            "--given-name",
            "Ольга",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("Оператора додано: Коваль Ольга")
    );
}

#[test]
fn serve_until_sigterm_then_audit_verifies_and_finds_tampering() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let toml = dir.path().join("ekrov.toml");
    std::fs::write(
        &toml,
        format!("listen = \"127.0.0.1:{port}\"\nregistration_working_days = 10\n"),
    )
    .unwrap();
    let add = ekrov(dir.path())
        .args([
            "operator",
            "add",
            "--rnokpp",
            "3184710691",
            "--surname",
            "Коваль",
            "--given-name",
            "Ольга",
        ])
        .output()
        .unwrap();
    assert!(add.status.success());

    let mut child = ekrov(dir.path())
        .args(["serve", "--log-format", "json", "--config"])
        .arg(&toml)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let health = loop {
        if let Ok(r) = ureq_get(port, "/healthz") {
            break r;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "not healthy within 20 s"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(
        health.contains("\"status\":\"ok\"") && health.contains("\"database\":\"sqlite\""),
        "{health}"
    );
    assert!(
        dir.path().join("ekrov.db").exists(),
        "SQLite created in the data folder"
    );
    let doc = ureq_get(port, "/api/openapi.json").unwrap();
    assert!(doc.contains("/api/v1/applications"));

    // SIGTERM: a clean exit.
    let pid = child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let status = child.wait().unwrap();
    assert!(status.success(), "exit after SIGTERM: {status:?}");
    let logs = std::io::read_to_string(child.stderr.take().unwrap()).unwrap();
    assert!(
        logs.lines()
            .any(|l| l.starts_with('{') && l.contains("ekrov is serving")),
        "JSON logs: {logs}"
    );
    assert!(logs.contains("shutting down"), "{logs}");

    let out = ekrov(dir.path())
        .args(["audit", "verify"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("intact: 1 rows")
    );
    // Edit the audit row behind the system's back: `audit verify` names it.
    let db = dir.path().join("ekrov.db");
    let ok = Command::new("sqlite3")
        .arg(&db)
        .arg("UPDATE audit_log SET actor_label = 'someone else'")
        .status();
    if ok.map(|s| s.success()).unwrap_or(false) {
        let out = ekrov(dir.path())
            .args(["audit", "verify"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(
            String::from_utf8(out.stdout)
                .unwrap()
                .contains("BROKEN at row seq=1")
        );
    } else {
        eprintln!(
            "sqlite3 is not installed: the tampering half is covered by the store's own test"
        );
    }
}

/// A tiny HTTP GET without a client library in this blocking test.
fn ureq_get(port: u16, path: &str) -> std::io::Result<String> {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port))?;
    s.set_read_timeout(Some(Duration::from_secs(5)))?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )?;
    let mut out = String::new();
    s.read_to_string(&mut out)?;
    if out.starts_with("HTTP/1.1 200") {
        Ok(out)
    } else {
        Err(std::io::Error::other(out))
    }
}

fn run_ok(c: &mut Command) -> String {
    let out = c.output().unwrap();
    assert!(
        out.status.success(),
        "{c:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn dev_pki_issue_and_sign_are_what_openssl_accepts() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let key = d.join("olena.p12");
    let printed = run_ok(
        ekrov(d)
            .args([
                "dev-pki",
                "issue",
                "--rnokpp",
                "3184710691",
                "--surname",
                "Коваленко",
                "--given-name",
                "Олена",
                "--password",
                "таємниця",
                "--out",
            ])
            .arg(&key),
    );
    assert!(printed.contains("РНОКПП 3184710691"), "{printed}");
    assert!(
        d.join("dev-pki/ca.pem").exists(),
        "the CA is made once, in the data folder"
    );
    // openssl opens the PKCS#12 (PBES2/AES as OpenSSL 3 writes it).
    let info = Command::new("openssl")
        .args([
            "pkcs12",
            "-info",
            "-noout",
            "-passin",
            "pass:таємниця",
            "-in",
        ])
        .arg(&key)
        .output()
        .unwrap();
    assert!(
        info.status.success(),
        "{}",
        String::from_utf8_lossy(&info.stderr)
    );
    assert!(String::from_utf8_lossy(&info.stderr).contains("AES-256-CBC"));

    std::fs::write(d.join("msg.txt"), "підпишіть мене").unwrap();
    run_ok(
        ekrov(d)
            .args(["sign", "--password", "таємниця", "--key"])
            .arg(&key)
            .arg("--in")
            .arg(d.join("msg.txt"))
            .arg("--out")
            .arg(d.join("sig.der")),
    );
    let verify = Command::new("openssl")
        .args([
            "cms",
            "-verify",
            "-binary",
            "-inform",
            "DER",
            "-in",
            "sig.der",
            "-content",
            "msg.txt",
            "-CAfile",
            "dev-pki/ca.pem",
            "-purpose",
            "any",
            "-out",
            "/dev/null",
        ])
        .current_dir(d)
        .output()
        .unwrap();
    assert!(
        verify.status.success(),
        "openssl cms -verify: {}",
        String::from_utf8_lossy(&verify.stderr)
    );
    let wrong = ekrov(d)
        .args(["sign", "--password", "не та", "--key"])
        .arg(&key)
        .arg("--in")
        .arg(d.join("msg.txt"))
        .arg("--out")
        .arg(d.join("x.der"))
        .output()
        .unwrap();
    assert!(!wrong.status.success());
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("wrong password"));

    // trust list: the anchors of the trust folder, with a warning for an expired one.
    std::fs::create_dir_all(d.join("trust")).unwrap();
    std::fs::copy(d.join("dev-pki/ca.pem"), d.join("trust/dev.pem")).unwrap();
    // A real Ukrainian CA certificate (Ministry of Justice, ECDSA, issued by the ЦЗО in 2017), DER.
    let justice = format!(
        "{}/../kep/tests/data/ua-certs/CA-Justice-ECDSA-261217.cer",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::copy(justice, d.join("trust/justice.cer")).unwrap();
    let out = ekrov(d).args(["trust", "list"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("ekrov") && text.contains("sha256:"), "{text}");
    assert!(text.contains("2 trusted certificate(s)"), "{text}");
    assert!(
        text.contains("Justice") || text.contains("юстиції"),
        "{text}"
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("1 trusted certificate(s) are not valid now"),
        "the 2017 Justice CA has expired: {text}"
    );
}
