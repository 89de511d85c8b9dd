//! Start and stop the server: database, migrations, mail dispatcher, HTTP, graceful shutdown.

use anyhow::Context;
use ekrov_app::{App, Clock, mail};
use ekrov_store::Db;
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use std::{
    net::SocketAddr,
    sync::{Arc, OnceLock},
    time::Duration,
};
use tokio::{net::TcpListener, sync::watch, task::JoinHandle};

use crate::config::Config;

/// A running server. Dropping it does not stop it: call [`Running::stop`].
pub struct Running {
    pub addr: SocketAddr,
    pub app: App,
    stop: watch::Sender<bool>,
    http: JoinHandle<std::io::Result<()>>,
    dispatcher: JoinHandle<()>,
}

impl Running {
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stop taking connections, let requests in flight finish, stop the dispatcher, close the pool.
    pub async fn stop(self) -> anyhow::Result<()> {
        let _ = self.stop.send(true);
        self.http
            .await
            .context("HTTP task")?
            .context("HTTP server")?;
        self.dispatcher.await.context("mail dispatcher")?;
        self.app.db().close().await;
        Ok(())
    }

    /// Wait until stopped by a signal (see [`shutdown_signal`]).
    pub async fn wait_for_signal(self) -> anyhow::Result<()> {
        shutdown_signal().await;
        tracing::info!("shutting down: finishing requests in flight");
        self.stop().await
    }
}

/// The process-wide Prometheus recorder (metrics macros need a global one, installed once).
fn metrics_handle() -> Option<PrometheusHandle> {
    static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();
    HANDLE
        .get_or_init(|| match PrometheusBuilder::new().install_recorder() {
            Ok(h) => {
                // Histograms keep every sample until upkeep drains them into their summaries;
                // `install_recorder` leaves upkeep to the caller. Without it the process grows
                // by every request's latency sample until /metrics is scraped (found by the soak
                // test: RSS rising steadily under load). A plain thread: independent of runtimes.
                let upkeep = h.clone();
                std::thread::Builder::new()
                    .name("metrics-upkeep".into())
                    .spawn(move || {
                        loop {
                            std::thread::sleep(std::time::Duration::from_secs(5));
                            upkeep.run_upkeep();
                        }
                    })
                    .expect("spawn the metrics upkeep thread");
                Some(h)
            }
            Err(e) => {
                tracing::warn!(error = %e, "metrics recorder not installed");
                None
            }
        })
        .clone()
}

pub async fn connect(cfg: &Config) -> anyhow::Result<Db> {
    // The data folder holds the SQLite file, and on either database the mail journal.
    std::fs::create_dir_all(&cfg.data_dir)
        .with_context(|| format!("creating the data folder {}", cfg.data_dir.display()))?;
    let db = Db::connect(&cfg.database_url)
        .await
        .with_context(|| format!("connecting to {}", redact(&cfg.database_url)))?;
    let n = ekrov_store::migrate(&db)
        .await
        .context("migrating the database")?;
    tracing::info!(
        database = db.backend().name(),
        applied = n,
        "database ready"
    );
    Ok(db)
}

/// A database URL fit for logs: without its password.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}://{user}:***@{}", &url[..s], &url[at + 1..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// Start everything on `cfg.listen` (port 0 picks a free one).
pub async fn start(cfg: &Config, clock: Arc<dyn Clock>) -> anyhow::Result<Running> {
    let db = connect(cfg).await?;
    let app = App::new(db, cfg.settings(), clock).with_verifier(load_trust(cfg)?);

    let transport = match &cfg.smtp_url {
        Some(url) => mail::Transport::smtp(url).map_err(anyhow::Error::msg)?,
        None => mail::Transport::Files(cfg.data_dir.join("mail")),
    };
    let (stop, stop_rx) = watch::channel(false);
    let dispatcher = mail::Dispatcher {
        app: app.clone(),
        transport,
        from: cfg.mail_from.clone(),
        journal: Some(cfg.data_dir.join("mail-journal")),
    };
    let dispatcher = tokio::spawn(dispatcher.run(stop_rx.clone(), Duration::from_secs(2)));
    tokio::spawn(checkpoints(app.db().clone(), stop_rx.clone()));

    let listener = TcpListener::bind(&cfg.listen)
        .await
        .with_context(|| format!("listening on {}", cfg.listen))?;
    let addr = listener.local_addr()?;
    let router = ekrov_web::router(ekrov_web::AppState {
        app: app.clone(),
        metrics: metrics_handle(),
        login_limiter: Arc::new(ekrov_web::ratelimit::RateLimiter::new(
            cfg.login_rate_per_minute,
        )),
    });
    let mut rx = stop_rx;
    let http = tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async move {
            let _ = rx.wait_for(|s| *s).await;
        })
        .await
    });
    tracing::info!(%addr, public_url = %cfg.public_url, "ekrov is serving");
    Ok(Running {
        addr,
        app,
        stop,
        http,
        dispatcher,
    })
}

/// SQLite: truncate the write-ahead log every 5 s, which SQLite cannot do by itself while readers
/// never stop (see [`Db::checkpoint`]); under a steady stream of writes it grows by up to 6 MB a
/// second (the soak), so the interval bounds it. Nothing to do on PostgreSQL.
async fn checkpoints(db: Db, mut stop: watch::Receiver<bool>) {
    if db.backend() != ekrov_store::Backend::Sqlite {
        return;
    }
    loop {
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_secs(5)) => {}
            _ = stop.changed() => return,
        }
        let started = std::time::Instant::now();
        match db.checkpoint().await {
            Ok(Some(ekrov_store::Checkpoint::Done)) => {
                tracing::debug!(
                    took_ms = started.elapsed().as_millis() as u64,
                    "WAL checkpoint"
                )
            }
            Ok(Some(ekrov_store::Checkpoint::Busy)) => {
                tracing::info!(
                    took_ms = started.elapsed().as_millis() as u64,
                    "WAL checkpoint busy; again in 5 s"
                )
            }
            Ok(None) => return,
            Err(e) => tracing::warn!(error = %e, "WAL checkpoint failed"),
        }
    }
}

/// The trust folder (read once at start), plus the development CA in demo mode only.
pub fn load_trust(cfg: &Config) -> anyhow::Result<ekrov_kep::Verifier> {
    let mut trust = if cfg.trust_dir.is_dir() {
        ekrov_kep::TrustStore::load_dir(&cfg.trust_dir)
            .with_context(|| format!("trust folder {}", cfg.trust_dir.display()))?
    } else {
        ekrov_kep::TrustStore::new()
    };
    let now = chrono::Utc::now();
    for a in trust.anchors() {
        if a.not_after < now {
            tracing::warn!(subject = %a.subject, not_after = %a.not_after, "trusted CA certificate has expired");
        }
    }
    if cfg.demo {
        let ca = ekrov_kep::dev_pki::DevCa::load_or_create(&cfg.dev_pki_dir())
            .context("the development CA")?;
        trust
            .add_der(ca.ca_der())
            .context("trusting the development CA")?;
        tracing::warn!(dir = %cfg.dev_pki_dir().display(), "DEMO MODE: trusting the development CA");
    }
    tracing::info!(anchors = trust.len(), crls = trust.crl_count(), dir = %cfg.trust_dir.display(), crl_fetch = cfg.crl_fetch, "trust store loaded");
    let v = ekrov_kep::Verifier::new(trust)
        .with_crl_grace(chrono::Duration::seconds(cfg.crl_grace_seconds.into()));
    Ok(if cfg.crl_fetch {
        v.with_crl_fetcher(Box::new(ekrov_kep::crl_http::HttpCrlFetcher::new(
            Duration::from_secs(3600),
            Duration::from_secs(5),
        )))
    } else {
        v
    })
}

/// Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}
