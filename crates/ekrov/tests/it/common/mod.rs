//! The test harness: a real server in-process on a random port, on a fresh database of either
//! backend, with an injected clock (zero-to-production's `spawn_app`).

pub mod smtp;

use chrono::{DateTime, Utc};
use ekrov::{config::Config, server};
use ekrov_app::{TestClock, registration::NewOperator};
use ekrov_domain::Rnokpp;
use ekrov_store::testing::RawSql;
use ekrov_store::{Backend, Db};
use serde_json::{Value, json};
use std::{path::PathBuf, sync::Arc};

pub const PG_ADMIN_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// Generate both test functions for a scenario written once: SQLite runs in the plain
/// `cargo test`, PostgreSQL needs the server and runs with `--include-ignored` (CI does).
macro_rules! both_backends {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test]
            async fn sqlite() {
                super::$name(ekrov_store::Backend::Sqlite).await
            }
            #[tokio::test]
            #[ignore = "needs PostgreSQL on 127.0.0.1:5432 (CI runs it)"]
            async fn postgres() {
                super::$name(ekrov_store::Backend::Postgres).await
            }
        }
    )*};
}

/// A fresh, empty database URL for one test.
pub async fn fresh_database(backend: Backend, dir: &std::path::Path) -> String {
    match backend {
        Backend::Sqlite => format!("sqlite://{}", dir.join("ekrov.db").display()),
        Backend::Postgres => {
            let name = format!("ekrov_test_{}", uuid::Uuid::new_v4().simple());
            let admin = Db::connect(PG_ADMIN_URL)
                .await
                .expect("PostgreSQL on 127.0.0.1:5432");
            admin
                .execute(&format!("CREATE DATABASE {name}"), &[])
                .await
                .expect("create test database");
            admin.close().await;
            format!("postgres://postgres@127.0.0.1:5432/{name}")
        }
    }
}

pub struct TestApp {
    pub backend: Backend,
    pub running: Option<server::Running>,
    pub url: String,
    pub clock: Arc<TestClock>,
    pub client: reqwest::Client,
    pub config: Config,
    pub _dir: Arc<tempfile::TempDir>,
}

pub fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// The default test "now": a Tuesday.
pub const NOW: &str = "2026-12-01T10:00:00Z";

pub fn config(dir: &std::path::Path, database_url: String) -> Config {
    let common = ekrov::config::Common {
        config: None,
        data_dir: Some(dir.to_path_buf()),
        database_url: Some(database_url),
    };
    let serve = ekrov::config::ServeArgs {
        listen: Some("127.0.0.1:0".into()),
        public_url: Some("http://ekrov.test".into()),
        ..Default::default()
    };
    Config::resolve(&common, &serve).unwrap()
}

pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_with(backend, |_| {}).await
}

pub async fn spawn_with(backend: Backend, tweak: impl FnOnce(&mut Config)) -> TestApp {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let url = fresh_database(backend, dir.path()).await;
    let mut cfg = config(dir.path(), url);
    tweak(&mut cfg);
    start(backend, cfg, dir).await
}

async fn start(backend: Backend, cfg: Config, dir: Arc<tempfile::TempDir>) -> TestApp {
    let clock = Arc::new(TestClock::new(t(NOW)));
    let running = server::start(&cfg, clock.clone())
        .await
        .expect("server starts");
    TestApp {
        backend,
        url: running.url(),
        running: Some(running),
        clock,
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap(),
        config: cfg,
        _dir: dir,
    }
}

impl TestApp {
    pub fn app(&self) -> &ekrov_app::App {
        &self.running.as_ref().unwrap().app
    }
    pub fn db(&self) -> &Db {
        self.app().db()
    }
    pub fn data_dir(&self) -> PathBuf {
        self.config.data_dir.clone()
    }

    /// Stop and start again on the same data (a restart).
    pub async fn restart(mut self) -> TestApp {
        self.running.take().unwrap().stop().await.unwrap();
        let cfg = self.config.clone();
        start(self.backend, cfg, self._dir.clone()).await
    }

    pub async fn stop(mut self) {
        if let Some(r) = self.running.take() {
            r.stop().await.unwrap();
        }
    }

    /// A national operator with a live session: the test stands in for a КЕП login by opening the
    /// session through the same use case the login calls, not through any request flag.
    pub async fn operator_token(&self) -> String {
        let (account, _) = self
            .app()
            .add_operator(NewOperator {
                rnokpp: Rnokpp::parse("3184710691").unwrap(),
                surname: "Коваленко".into(),
                given_name: "Олена".into(),
                patronymic: None,
                email: None,
            })
            .await
            .unwrap();
        self.app().open_session_for(account.id).await.unwrap().token
    }

    /// A logged-in person who is not an operator.
    pub async fn person_token(&self, rnokpp: &str) -> String {
        let mut tx = self.db().begin().await.unwrap();
        let a = ekrov_store::access::accounts::insert(
            &mut tx,
            &ekrov_store::access::accounts::NewAccount {
                rnokpp,
                surname: "Петренко",
                given_name: "Іван",
                patronymic: None,
                email: None,
            },
            self.clock_now(),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        self.app().open_session_for(a.id).await.unwrap().token
    }

    pub fn clock_now(&self) -> DateTime<Utc> {
        use ekrov_app::Clock;
        self.clock.now()
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> (u16, Value) {
        let mut r = self.client.get(format!("{}{path}", self.url));
        if let Some(t) = token {
            r = r.bearer_auth(t);
        }
        let res = r.send().await.unwrap();
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: &Value) -> (u16, Value) {
        self.post_raw(path, token, body.to_string().into_bytes())
            .await
    }

    pub async fn post_raw(&self, path: &str, token: Option<&str>, body: Vec<u8>) -> (u16, Value) {
        let mut r = self
            .client
            .post(format!("{}{path}", self.url))
            .header("content-type", "application/json")
            .body(body);
        if let Some(t) = token {
            r = r.bearer_auth(t);
        }
        let res = r.send().await.unwrap();
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    /// Rows in a table: to prove that refused input changed nothing.
    pub async fn count(&self, table: &str) -> i64 {
        self.db()
            .fetch_one(&format!("SELECT COUNT(*) AS n FROM {table}"), &[])
            .await
            .unwrap()
            .int("n")
            .unwrap()
    }

    /// Wait (bounded) until the dispatcher has delivered `n` letters.
    pub async fn wait_for_mail(&self, n: i64) {
        for _ in 0..100 {
            let sent = self
                .db()
                .fetch_one(
                    "SELECT COUNT(*) AS n FROM outbox WHERE sent_at IS NOT NULL",
                    &[],
                )
                .await
                .unwrap()
                .int("n")
                .unwrap();
            if sent >= n {
                return;
            }
            self.app().mail_queued.notify_one();
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("{n} letters were not delivered within 5 s");
    }
}

/// A valid application; `edrpou` varies so that several can be registered.
pub fn application(edrpou: &str) -> Value {
    json!({
        "edrpou": edrpou,
        "full_name": "Комунальне некомерційне підприємство «Обласна клінічна лікарня»",
        "short_name": "КНП «ОКЛ»",
        "name_en": "Regional Clinical Hospital",
        "address": "м. Житомир, вул. Червоного Хреста, 3",
        "region": "Житомирська область",
        "head_name": "Іваненко Петро Степанович",
        "chief_accountant_name": "Сидоренко Марія Іванівна",
        "provides_transfusion": true,
        "received_on": "2026-11-20",
        "admin": {
            "surname": "Мельник",
            "given_name": "Андрій",
            "patronymic": "Васильович",
            "rnokpp": "3287301233",
            "email": "admin@okl.example.ua",
            "phone": "067 123 45 67"
        }
    })
}

/// Valid ЄДРПОУ codes (from DOMAIN.md and computed with its rule).
pub const EDRPOU: [&str; 3] = ["00012925", "14360570", "00000035"];

/// The decoded text of every part of an RFC 5322 message, and its decoded subject.
pub fn letter_text(raw: &[u8]) -> (String, String) {
    fn walk(m: &mailparse::ParsedMail, out: &mut String) {
        if m.subparts.is_empty() {
            out.push_str(&m.get_body().unwrap());
            out.push('\n');
        }
        for p in &m.subparts {
            walk(p, out);
        }
    }
    let m = mailparse::parse_mail(raw).expect("a well-formed message");
    let mut out = String::new();
    walk(&m, &mut out);
    let subject =
        mailparse::MailHeaderMap::get_first_value(&m.headers[..], "Subject").unwrap_or_default();
    (subject, out)
}

/// The first `/links/…` URL in a text.
pub fn find_link(text: &str, base: &str) -> String {
    let start = text
        .find(&format!("{base}/links/"))
        .expect("the letter carries the link");
    text[start..]
        .split(|c: char| c.is_whitespace() || c == '"' || c == '<')
        .next()
        .unwrap()
        .to_owned()
}

// ───────────── facility administration (issue 4) ─────────────

/// Administrators of the test facilities: facility `i` is `EDRPOU[i]` with admin `ADMIN_RNOKPP[i]`.
pub const ADMIN_RNOKPP: [&str; 3] = ["3287301233", "3416721101", "2403885420"];

/// Valid РНОКПП values for employees (computed with DOMAIN.md's rule).
pub const PERSON_RNOKPP: [&str; 8] = [
    "3304432447",
    "3956832371",
    "3840494835",
    "2946723441",
    "2074887528",
    "3637425697",
    "2351034993",
    "3524700510",
];

impl TestApp {
    /// Facility `i` registered by an operator, and a session of its administrator (the account in
    /// `facilities.admin_account_id`, as the first login leaves it).
    pub async fn facility_with_admin(&self, i: usize) -> (String, String) {
        let op = self.operator_token().await;
        let mut body = application(EDRPOU[i]);
        body["admin"]["rnokpp"] = json!(ADMIN_RNOKPP[i]);
        let (s, a) = self.post("/api/v1/applications", Some(&op), &body).await;
        assert_eq!(s, 201, "{a}");
        let (s, reg) = self
            .post(
                &format!(
                    "/api/v1/applications/{}/register",
                    a["id"].as_str().unwrap()
                ),
                Some(&op),
                &json!({}),
            )
            .await;
        assert_eq!(s, 200, "{reg}");
        let facility_id = reg["facility"]["id"].as_str().unwrap().to_owned();
        let account = self.account(ADMIN_RNOKPP[i], "Мельник", "Андрій").await;
        let mut tx = self.db().begin().await.unwrap();
        ekrov_store::registration::facilities::set_admin_account(
            &mut tx,
            facility_id.parse().unwrap(),
            account,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        (
            facility_id,
            self.app().open_session_for(account).await.unwrap().token,
        )
    }

    /// A fresh session of facility `i`'s administrator (sessions last 12 hours; tests move the clock).
    pub async fn admin_session(&self, i: usize) -> String {
        let account = self.account(ADMIN_RNOKPP[i], "Мельник", "Андрій").await;
        self.app().open_session_for(account).await.unwrap().token
    }

    /// The account with this РНОКПП, made when missing.
    pub async fn account(&self, rnokpp: &str, surname: &str, given_name: &str) -> uuid::Uuid {
        let mut tx = self.db().begin().await.unwrap();
        let a = match ekrov_store::access::accounts::by_rnokpp(&mut tx, rnokpp)
            .await
            .unwrap()
        {
            Some(a) => a,
            None => ekrov_store::access::accounts::insert(
                &mut tx,
                &ekrov_store::access::accounts::NewAccount {
                    rnokpp,
                    surname,
                    given_name,
                    patronymic: None,
                    email: None,
                },
                self.clock_now(),
            )
            .await
            .unwrap(),
        };
        tx.commit().await.unwrap();
        a.id
    }

    /// Accept an invitation link as the person with `rnokpp` — what `POST /links/{token}/accept`
    /// does after the КЕП check: use the link up and call the administration's `accept_invitation`.
    /// Returns a session token of that person.
    pub async fn accept_invitation(
        &self,
        link: &str,
        rnokpp: &str,
    ) -> Result<String, ekrov_app::AppError> {
        let token = link.rsplit('/').next().unwrap();
        let l = ekrov_store::access::links::by_token(self.db(), token)
            .await
            .unwrap()
            .expect("the link exists");
        let account_id = self.account(rnokpp, "Бондар", "Ольга").await;
        let account = ekrov_store::access::accounts::by_id(self.db(), account_id)
            .await
            .unwrap()
            .unwrap();
        let mut tx = self.db().begin().await.unwrap();
        assert!(
            ekrov_store::access::links::mark_used(&mut tx, l.id, self.clock_now())
                .await
                .unwrap(),
            "the link is live"
        );
        self.app().accept_invitation(&mut tx, &l, &account).await?;
        tx.commit().await.unwrap();
        Ok(self.app().open_session_for(account_id).await.unwrap().token)
    }

    pub async fn put(&self, path: &str, token: Option<&str>, body: &Value) -> (u16, Value) {
        self.send(
            reqwest::Method::PUT,
            path,
            token,
            Some(body.to_string().into_bytes()),
        )
        .await
    }

    pub async fn delete(&self, path: &str, token: Option<&str>) -> (u16, Value) {
        self.send(reqwest::Method::DELETE, path, token, None).await
    }

    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: Option<Vec<u8>>,
    ) -> (u16, Value) {
        let mut r = self.client.request(method, format!("{}{path}", self.url));
        if let Some(b) = body {
            r = r.header("content-type", "application/json").body(b);
        }
        if let Some(t) = token {
            r = r.bearer_auth(t);
        }
        let res = r.send().await.unwrap();
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(Value::Null))
    }

    /// A person of facility `fid` holding exactly `permissions` through one active assignment
    /// (made by the administrator through the API). Returns (session token, assignment id).
    pub async fn member(
        &self,
        fid: &str,
        admin: &str,
        rnokpp: &str,
        permissions: &[&str],
    ) -> (String, String) {
        let s = OrgSetup::make(self, fid, admin, permissions).await;
        let (st, e) = self
            .post(
                &format!("/api/v1/facilities/{fid}/employees"),
                Some(admin),
                &employee(rnokpp),
            )
            .await;
        assert_eq!(st, 201, "{e}");
        let (st, a) = self
            .post(
                &format!(
                    "/api/v1/facilities/{fid}/positions/{}/assignments",
                    s.position_id
                ),
                Some(admin),
                &assignment(e["id"].as_str().unwrap(), &[&s.role_id]),
            )
            .await;
        assert_eq!(st, 201, "{a}");
        let token = self
            .accept_invitation(a["invitation"]["link"].as_str().unwrap(), rnokpp)
            .await
            .unwrap();
        (token, a["assignment"]["id"].as_str().unwrap().to_owned())
    }
}

/// A role, a department and a position in it, made by the administrator.
pub struct OrgSetup {
    pub role_id: String,
    pub department_id: String,
    pub position_id: String,
}

impl OrgSetup {
    pub async fn make(t: &TestApp, fid: &str, admin: &str, permissions: &[&str]) -> OrgSetup {
        let n = uuid::Uuid::new_v4().simple().to_string();
        let (s, r) = t
            .post(
                &format!("/api/v1/facilities/{fid}/roles"),
                Some(admin),
                &json!({"name": format!("Роль {n}"), "description": "", "permissions": permissions}),
            )
            .await;
        assert_eq!(s, 201, "{r}");
        let (s, d) = t
            .post(
                &format!("/api/v1/facilities/{fid}/departments"),
                Some(admin),
                &department("Лікарняний банк крові"),
            )
            .await;
        assert_eq!(s, 201, "{d}");
        let (s, p) = t
            .post(
                &format!(
                    "/api/v1/facilities/{fid}/departments/{}/positions",
                    d["id"].as_str().unwrap()
                ),
                Some(admin),
                &position(),
            )
            .await;
        assert_eq!(s, 201, "{p}");
        OrgSetup {
            role_id: r["id"].as_str().unwrap().to_owned(),
            department_id: d["id"].as_str().unwrap().to_owned(),
            position_id: p["id"].as_str().unwrap().to_owned(),
        }
    }
}

pub fn employee(rnokpp: &str) -> Value {
    json!({"surname": "Бондар", "given_name": "Ольга", "patronymic": "Петрівна", "rnokpp": rnokpp,
        "email": format!("{}@okl.example.ua", rnokpp.chars().filter(char::is_ascii_alphanumeric).collect::<String>()), "phone": "050 111 22 33"})
}

pub fn department(name: &str) -> Value {
    json!({"name": name, "short_name": "ЛБК", "type": "logistics_inventory_center", "parent_id": null})
}

pub fn position() -> Value {
    json!({"title": "Завідувач лікарняного банку крові", "classifier_code": "1229.6", "staff_units": 1, "is_head": true})
}

pub fn assignment(employee_id: &str, role_ids: &[&str]) -> Value {
    json!({"employee_id": employee_id, "role_ids": role_ids, "start_date": "2026-12-01", "order_number": "125-к",
        "order_date": "2026-11-30", "kind": "primary"})
}

/// Like `spawn_with`, but on a port chosen before the start so that `public_url` is the real
/// `http://127.0.0.1:<port>` (a browser must be able to follow the links and keep the cookies).
pub async fn spawn_on_own_port(backend: Backend, tweak: impl FnOnce(&mut Config)) -> TestApp {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    spawn_with(backend, |c| {
        c.listen = format!("127.0.0.1:{port}");
        c.public_url = format!("http://127.0.0.1:{port}");
        tweak(c)
    })
    .await
}

pub fn run(dir: &std::path::Path, cmd: &str, args: &[&str]) {
    let out = std::process::Command::new(cmd)
        .args(args)
        .current_dir(dir)
        .output()
        .expect("openssl on PATH");
    assert!(
        out.status.success(),
        "{cmd} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A root CA and a person's ECDSA P-256 certificate (РНОКПП in the subject serialNumber as
/// `TINUA-…`), made by openssl. Returns (CA PEM path, cert path, key path).
pub fn openssl_person(
    dir: &std::path::Path,
    rnokpp: &str,
    surname: &str,
    given: &str,
) -> (String, String, String) {
    std::fs::write(dir.join("ca.cnf"), "[req]\ndistinguished_name=dn\n[dn]\n[v3_ca]\nbasicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n[v3_person]\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\ncertificatePolicies=critical,1.2.804.2.1.1.1.2.2\n").unwrap();
    run(
        dir,
        "openssl",
        &[
            "ecparam",
            "-name",
            "prime256v1",
            "-genkey",
            "-noout",
            "-out",
            "ca.key",
        ],
    );
    run(
        dir,
        "openssl",
        &[
            "req",
            "-new",
            "-x509",
            "-key",
            "ca.key",
            "-subj",
            "/CN=Test CA (openssl)/O=ekrov tests/C=UA",
            "-days",
            "30",
            "-config",
            "ca.cnf",
            "-extensions",
            "v3_ca",
            "-out",
            "ca.pem",
        ],
    );
    run(
        dir,
        "openssl",
        &[
            "ecparam",
            "-name",
            "prime256v1",
            "-genkey",
            "-noout",
            "-out",
            "p.key",
        ],
    );
    let subj =
        format!("/CN={surname} {given}/SN={surname}/GN={given}/serialNumber=TINUA-{rnokpp}/C=UA");
    run(
        dir,
        "openssl",
        &[
            "req", "-new", "-key", "p.key", "-utf8", "-subj", &subj, "-config", "ca.cnf", "-out",
            "p.csr",
        ],
    );
    run(
        dir,
        "openssl",
        &[
            "x509",
            "-req",
            "-in",
            "p.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-days",
            "10",
            "-extfile",
            "ca.cnf",
            "-extensions",
            "v3_person",
            "-out",
            "p.pem",
        ],
    );
    let p = |f: &str| dir.join(f).display().to_string();
    (p("ca.pem"), p("p.pem"), p("p.key"))
}
