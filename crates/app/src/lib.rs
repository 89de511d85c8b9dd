//! Use cases of ekrov. Each takes the acting [`Principal`] and checks, before touching data, that
//! this person may do this here; the web layer has no other way to reach storage.

pub mod access;
pub mod administration;
pub mod audit;
pub mod clock;
mod error;
pub mod facility;
pub mod mail;
pub mod onboarding;
pub mod registration;
pub mod resources;
pub mod stock;

pub use access::{Operator, Principal};
pub use clock::{Clock, SystemClock, TestClock};
pub use error::{AppError, AppResult};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use ekrov_domain::Calendar;
use ekrov_store::{Db, audit as store_audit};
use std::sync::Arc;
use tokio::sync::Notify;

/// Settings the use cases need (the binary fills them from config).
#[derive(Debug, Clone)]
pub struct Settings {
    /// Base of links in letters, without a trailing slash: `https://ekrov.example.gov.ua`.
    pub public_url: String,
    /// Working days the operator has to register a facility (default 20).
    pub registration_working_days: u32,
    /// Under martial law public holidays are working days (Law 2136-IX); on by default.
    pub martial_law: bool,
    pub first_login_ttl: Duration,
    pub session_ttl: Duration,
    /// Demo mode: the development CA is trusted and every page says so.
    pub demo: bool,
    /// How long an issued unit may be out of controlled storage and still be returned.
    pub return_limit: Duration,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            public_url: "http://127.0.0.1:8080".into(),
            registration_working_days: 20,
            martial_law: true,
            first_login_ttl: Duration::hours(72),
            session_ttl: Duration::hours(12),
            demo: false,
            return_limit: ekrov_domain::stock::events::DEFAULT_RETURN_LIMIT,
        }
    }
}

/// Everything a use case needs, cheap to clone.
#[derive(Clone)]
pub struct App {
    pub(crate) db: Db,
    pub settings: Arc<Settings>,
    clock: Arc<dyn Clock>,
    /// Wakes the mail dispatcher when a letter is queued.
    pub mail_queued: Arc<Notify>,
    /// Verifies КЕП signatures against the trusted CAs.
    pub verifier: Arc<ekrov_kep::Verifier>,
}

impl App {
    pub fn new(db: Db, settings: Settings, clock: Arc<dyn Clock>) -> App {
        App {
            db,
            settings: Arc::new(settings),
            clock,
            mail_queued: Arc::new(Notify::new()),
            verifier: Arc::new(ekrov_kep::Verifier::new(ekrov_kep::TrustStore::new())),
        }
    }

    /// Trust these CAs for КЕП logins.
    pub fn with_verifier(mut self, v: ekrov_kep::Verifier) -> App {
        self.verifier = Arc::new(v);
        self
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Today in Ukraine (Kyiv time), which is what deadlines count in.
    pub fn today(&self) -> NaiveDate {
        clock::kyiv_date(self.now())
    }

    /// The working-day calendar: the rules plus the days off the operator declared.
    pub async fn calendar(&self) -> AppResult<Calendar> {
        let extra = ekrov_store::registration::days_off::all(&self.db).await?;
        Ok(
            Calendar::new(self.settings.martial_law)
                .with_days_off(extra.into_iter().map(|d| d.day)),
        )
    }

    /// The pool, for the binary's housekeeping (closing it, SQLite's checkpoints); the store's
    /// queries stay private to it, so this opens no way around the use cases.
    pub fn db(&self) -> &Db {
        &self.db
    }

    /// Which database is behind the app (`sqlite` / `postgres`), for `/healthz`.
    pub fn database_name(&self) -> &'static str {
        self.db.backend().name()
    }

    /// Is the database answering? (for `/healthz`)
    pub async fn database_answers(&self) -> bool {
        self.db.ping().await
    }

    pub fn link_url(&self, token: &str) -> String {
        format!(
            "{}/links/{}",
            self.settings.public_url.trim_end_matches('/'),
            token
        )
    }
}

/// The text of an instant in a page cursor: the form the store orders rows by, so a cursor made
/// from a row finds the rows after it.
pub fn cursor_key(t: DateTime<Utc>) -> String {
    ekrov_store::ts(t)
}

/// 256 random bits, URL-safe: session tokens, link tokens, CSRF tokens.
pub fn random_token() -> String {
    use base64::Engine;
    let bytes: [u8; 32] = rand::random();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// The system itself as an audit actor (CLI commands, the dispatcher).
pub fn system_actor(what: &str) -> store_audit::Actor {
    store_audit::Actor {
        id: None,
        label: format!("system: {what}"),
    }
}
