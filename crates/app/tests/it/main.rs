//! The use cases without HTTP: each test gets a fresh database of either backend and a clock it
//! sets, calls `App` directly and checks the rule. The end-to-end tests in `crates/ekrov` cover the
//! same rules through the API and the pages; these pin them where they live.

mod access;
mod registration;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use ekrov_app::{App, Principal, Settings, TestClock, registration::NewOperator};
use ekrov_domain::{
    Edrpou, Email, Phone, Region, Rnokpp,
    registration::{AdminPerson, FacilityData},
};
use ekrov_store::{Backend, Db};
use std::sync::Arc;

/// One scenario, two tests: SQLite in the plain `cargo test`, PostgreSQL with `--include-ignored`.
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
pub(crate) use both_backends;

pub struct TestApp {
    pub app: App,
    pub clock: Arc<TestClock>,
    _dir: tempfile::TempDir,
}

/// Monday 7 December 2026, 10:00 Kyiv time.
pub fn monday() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 7, 8, 0, 0).unwrap()
}

pub async fn fresh_app(backend: Backend) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let url = ekrov_store::testing::fresh_database(backend, dir.path()).await;
    let db = Db::connect(&url).await.unwrap();
    ekrov_store::migrate(&db).await.unwrap();
    let clock = Arc::new(TestClock::new(monday()));
    let app = App::new(db, Settings::default(), clock.clone());
    TestApp {
        app,
        clock,
        _dir: dir,
    }
}

impl TestApp {
    /// A national operator, as `ekrov operator add` makes one.
    pub async fn operator(&self) -> Principal {
        let (account, _) = self
            .app
            .add_operator(NewOperator {
                rnokpp: Rnokpp::parse("3184710691").unwrap(),
                surname: "Коваленко".into(),
                given_name: "Олена".into(),
                patronymic: None,
                email: None,
            })
            .await
            .unwrap();
        Principal {
            account,
            operator: true,
            csrf_token: String::new(),
        }
    }
}

/// What a valid application says.
pub fn facility_data(edrpou: &str, admin_rnokpp: &str) -> FacilityData {
    FacilityData {
        edrpou: Edrpou::parse(edrpou).unwrap(),
        full_name: "Комунальне некомерційне підприємство «Обласна клінічна лікарня»".into(),
        short_name: "КНП «ОКЛ»".into(),
        name_en: "Regional Clinical Hospital".into(),
        address: "м. Житомир, вул. Червоного Хреста, 3".into(),
        region: Region::parse("Житомирська область").unwrap(),
        head_name: "Іваненко Петро Степанович".into(),
        chief_accountant_name: "Сидоренко Марія Іванівна".into(),
        provides_transfusion: true,
        admin: AdminPerson {
            surname: "Мельник".into(),
            given_name: "Андрій".into(),
            patronymic: Some("Васильович".into()),
            rnokpp: Rnokpp::parse(admin_rnokpp).unwrap(),
            email: Email::parse("admin@okl.example.ua").unwrap(),
            phone: Phone::parse("067 123 45 67").unwrap(),
        },
    }
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}
