//! Settings: built-in defaults, under a TOML file (`--config`), under `EKROV_*` environment
//! variables and command-line flags (clap reads both; they win over the file).

use anyhow::{Context, bail};
use clap::{Args, ValueEnum};
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Readable lines for a terminal.
    Human,
    /// One JSON object a line, for log collectors.
    Json,
}

/// Options every subcommand shares: where the data lives.
#[derive(Debug, Clone, Args, Default)]
pub struct Common {
    /// TOML file with any of the settings below (snake_case keys); environment and flags win over it.
    #[arg(long, env = "EKROV_CONFIG", global = true)]
    pub config: Option<PathBuf>,
    /// Data folder: the SQLite file, mail files, dev PKI, trust folder [default: ./ekrov-data]
    #[arg(long, env = "EKROV_DATA_DIR", global = true)]
    pub data_dir: Option<PathBuf>,
    /// Database URL: sqlite://FILE or postgres://user@host/db [default: sqlite://<data folder>/ekrov.db]
    #[arg(long, env = "EKROV_DATABASE_URL", global = true)]
    pub database_url: Option<String>,
}

/// `ekrov serve` settings.
#[derive(Debug, Clone, Args, Default)]
pub struct ServeArgs {
    /// Address to listen on [default: 127.0.0.1:8080]
    #[arg(long, env = "EKROV_LISTEN")]
    pub listen: Option<String>,
    /// Public base URL, used in links in letters [default: http://<listen address>]
    #[arg(long, env = "EKROV_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Folder of trusted CA certificates (.pem .crt .cer .der) and CRLs [default: <data folder>/trust]
    #[arg(long, env = "EKROV_TRUST_DIR")]
    pub trust_dir: Option<PathBuf>,
    /// Send mail over SMTP: smtp://host:port or smtps://user:pass@host:port [default: .eml files in <data folder>/mail]
    #[arg(long, env = "EKROV_SMTP_URL")]
    pub smtp_url: Option<String>,
    /// Sender of letters [default: "єКров <noreply@ekrov.localhost>"]
    #[arg(long, env = "EKROV_MAIL_FROM")]
    pub mail_from: Option<String>,
    /// Working days within which a facility is registered [default: 20]
    #[arg(long, env = "EKROV_REGISTRATION_WORKING_DAYS")]
    pub registration_working_days: Option<u32>,
    /// Martial law: public holidays are working days (Law 2136-IX) [default: true]
    #[arg(long, env = "EKROV_MARTIAL_LAW")]
    pub martial_law: Option<bool>,
    /// Hours a first-login link stays valid [default: 72]
    #[arg(long, env = "EKROV_FIRST_LOGIN_TTL_HOURS")]
    pub first_login_ttl_hours: Option<u32>,
    /// Hours a login session lasts [default: 12]
    #[arg(long, env = "EKROV_SESSION_TTL_HOURS")]
    pub session_ttl_hours: Option<u32>,
    /// Fetch CRLs from the certificates' distribution points (cached for an hour; an unreachable
    /// one is logged and skipped) in addition to the CRLs in the trust folder [default: false]
    #[arg(long, env = "EKROV_CRL_FETCH")]
    pub crl_fetch: Option<bool>,
    /// Login attempts allowed per client address per minute [default: 30]
    #[arg(long, env = "EKROV_LOGIN_RATE_PER_MINUTE")]
    pub login_rate_per_minute: Option<u32>,
    /// Seconds past a CRL's nextUpdate it is still used; after that a login whose revocation
    /// status rests on it is refused [default: 3600]
    #[arg(long, env = "EKROV_CRL_GRACE_SECONDS")]
    pub crl_grace_seconds: Option<u32>,
    /// Log format [default: human]
    #[arg(long, env = "EKROV_LOG_FORMAT", value_enum)]
    pub log_format: Option<LogFormat>,
    /// Minutes an issued blood component may be out of controlled storage and still be returned
    /// into stock [default: 30]
    #[arg(long, env = "EKROV_RETURN_LIMIT_MINUTES")]
    pub return_limit_minutes: Option<u32>,
    /// Demo mode: creates a demo operator with a key file and trusts the development CA. Never in production.
    #[arg(long, env = "EKROV_DEMO")]
    pub demo: bool,
}

/// The TOML file: the same settings, every one optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    data_dir: Option<PathBuf>,
    database_url: Option<String>,
    listen: Option<String>,
    public_url: Option<String>,
    trust_dir: Option<PathBuf>,
    smtp_url: Option<String>,
    mail_from: Option<String>,
    registration_working_days: Option<u32>,
    martial_law: Option<bool>,
    first_login_ttl_hours: Option<u32>,
    session_ttl_hours: Option<u32>,
    login_rate_per_minute: Option<u32>,
    crl_fetch: Option<bool>,
    crl_grace_seconds: Option<u32>,
    log_format: Option<LogFormat>,
    return_limit_minutes: Option<u32>,
    demo: Option<bool>,
}

/// Every setting resolved.
#[derive(Debug, Clone)]
pub struct Config {
    pub data_dir: PathBuf,
    pub database_url: String,
    pub listen: String,
    pub public_url: String,
    pub trust_dir: PathBuf,
    pub smtp_url: Option<String>,
    pub mail_from: String,
    pub registration_working_days: u32,
    pub martial_law: bool,
    pub first_login_ttl_hours: u32,
    pub session_ttl_hours: u32,
    pub login_rate_per_minute: u32,
    pub crl_fetch: bool,
    pub crl_grace_seconds: u32,
    pub log_format: LogFormat,
    pub return_limit_minutes: u32,
    pub demo: bool,
}

fn read_file(path: Option<&Path>) -> anyhow::Result<File> {
    let Some(path) = path else {
        return Ok(File::default());
    };
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading config file {}", path.display()))?;
    toml::from_str(&text).with_context(|| format!("config file {}", path.display()))
}

impl Config {
    pub fn resolve(c: &Common, s: &ServeArgs) -> anyhow::Result<Config> {
        let f = read_file(c.config.as_deref())?;
        let data_dir = c
            .data_dir
            .clone()
            .or(f.data_dir)
            .unwrap_or_else(|| PathBuf::from("ekrov-data"));
        let database_url = c
            .database_url
            .clone()
            .or(f.database_url)
            .unwrap_or_else(|| format!("sqlite://{}", data_dir.join("ekrov.db").display()));
        let listen = s
            .listen
            .clone()
            .or(f.listen)
            .unwrap_or_else(|| "127.0.0.1:8080".into());
        let public_url = s
            .public_url
            .clone()
            .or(f.public_url)
            .unwrap_or_else(|| format!("http://{listen}"));
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            bail!("EKROV_PUBLIC_URL must start with http:// or https://, got {public_url:?}");
        }
        let registration_working_days = s
            .registration_working_days
            .or(f.registration_working_days)
            .unwrap_or(20);
        if !(1..=365).contains(&registration_working_days) {
            bail!("EKROV_REGISTRATION_WORKING_DAYS must be between 1 and 365");
        }
        let return_limit_minutes = s
            .return_limit_minutes
            .or(f.return_limit_minutes)
            .unwrap_or(30);
        if !(1..=240).contains(&return_limit_minutes) {
            bail!("EKROV_RETURN_LIMIT_MINUTES must be between 1 and 240");
        }
        Ok(Config {
            return_limit_minutes,
            trust_dir: s
                .trust_dir
                .clone()
                .or(f.trust_dir)
                .unwrap_or_else(|| data_dir.join("trust")),
            smtp_url: s.smtp_url.clone().or(f.smtp_url),
            mail_from: s
                .mail_from
                .clone()
                .or(f.mail_from)
                .unwrap_or_else(|| "єКров <noreply@ekrov.localhost>".into()),
            registration_working_days,
            martial_law: s.martial_law.or(f.martial_law).unwrap_or(true),
            first_login_ttl_hours: s
                .first_login_ttl_hours
                .or(f.first_login_ttl_hours)
                .unwrap_or(72),
            session_ttl_hours: s.session_ttl_hours.or(f.session_ttl_hours).unwrap_or(12),
            login_rate_per_minute: s
                .login_rate_per_minute
                .or(f.login_rate_per_minute)
                .unwrap_or(30),
            crl_fetch: s.crl_fetch.or(f.crl_fetch).unwrap_or(false),
            crl_grace_seconds: s.crl_grace_seconds.or(f.crl_grace_seconds).unwrap_or(3600),
            log_format: s.log_format.or(f.log_format).unwrap_or(LogFormat::Human),
            demo: s.demo || f.demo.unwrap_or(false),
            data_dir,
            database_url,
            listen,
            public_url: public_url.trim_end_matches('/').to_owned(),
        })
    }

    /// Where `ekrov dev-pki` keeps its development CA.
    pub fn dev_pki_dir(&self) -> PathBuf {
        self.data_dir.join("dev-pki")
    }

    pub fn settings(&self) -> ekrov_app::Settings {
        ekrov_app::Settings {
            public_url: self.public_url.clone(),
            registration_working_days: self.registration_working_days,
            martial_law: self.martial_law,
            first_login_ttl: chrono::Duration::hours(self.first_login_ttl_hours.into()),
            session_ttl: chrono::Duration::hours(self.session_ttl_hours.into()),
            demo: self.demo,
            return_limit: chrono::Duration::minutes(self.return_limit_minutes.into()),
        }
    }
}
