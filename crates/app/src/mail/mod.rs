//! Mail: letters are queued in the outbox with the change that causes them (see `ekrov_store::outbox`);
//! the [`Dispatcher`] delivers them — to `.eml` files by default, over SMTP when configured — and
//! retries with backoff while the server is down.

pub mod letters;

use chrono::{DateTime, Duration, Utc};
use ekrov_store::outbox::{self, Queued};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor, message::MultiPart};
use std::path::PathBuf;
use tokio::sync::watch;

use crate::App;

/// Where letters go.
#[derive(Clone)]
pub enum Transport {
    /// Each letter as an RFC 5322 file in this folder (the default: nothing to set up).
    Files(PathBuf),
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

impl Transport {
    /// `smtp://host:port` or `smtps://…` in lettre's URL form.
    pub fn smtp(url: &str) -> Result<Transport, String> {
        AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map(|b| Transport::Smtp(b.timeout(Some(std::time::Duration::from_secs(20))).build()))
            .map_err(|e| format!("EKROV_SMTP_URL {url:?}: {e}"))
    }

    pub fn describe(&self) -> String {
        match self {
            Transport::Files(dir) => format!("files in {}", dir.display()),
            Transport::Smtp(_) => "SMTP".into(),
        }
    }
}

/// Wait before the next try after `attempts` failures: 5 s, 10 s, 20 s … at most an hour.
pub fn backoff(attempts: i64) -> Duration {
    let secs = 5i64.saturating_mul(1i64 << attempts.clamp(0, 20));
    Duration::seconds(secs.min(3600))
}

pub struct Dispatcher {
    pub app: App,
    pub transport: Transport,
    pub from: String,
}

impl Dispatcher {
    fn message(&self, q: &Queued) -> Result<Message, String> {
        let l = &q.letter;
        Message::builder()
            .from(
                self.from
                    .parse()
                    .map_err(|e| format!("sender {:?}: {e}", self.from))?,
            )
            .to(l
                .to
                .parse()
                .map_err(|e| format!("recipient {:?}: {e}", l.to))?)
            .subject(l.subject.clone())
            .message_id(Some(format!("<{}@ekrov>", q.id)))
            .multipart(MultiPart::alternative_plain_html(
                l.body_text.clone(),
                l.body_html.clone(),
            ))
            .map_err(|e| e.to_string())
    }

    async fn deliver(&self, q: &Queued) -> Result<(), String> {
        let msg = self.message(q)?;
        match &self.transport {
            Transport::Files(dir) => {
                tokio::fs::create_dir_all(dir)
                    .await
                    .map_err(|e| e.to_string())?;
                let name = format!("{}-{}.eml", q.created_at.format("%Y%m%dT%H%M%S"), q.id);
                // Write then rename, so a reader never sees half a letter.
                let tmp = dir.join(format!(".{name}.tmp"));
                tokio::fs::write(&tmp, msg.formatted())
                    .await
                    .map_err(|e| e.to_string())?;
                tokio::fs::rename(&tmp, dir.join(name))
                    .await
                    .map_err(|e| e.to_string())
            }
            Transport::Smtp(t) => t.send(msg).await.map(|_| ()).map_err(|e| e.to_string()),
        }
    }

    /// Deliver every letter that is due now; returns how many went out.
    pub async fn run_once(&self) -> Result<usize, ekrov_store::StoreError> {
        let db = &self.app.db;
        let now = self.app.now();
        let batch = outbox::claim_due(db, now, now + Duration::minutes(2), 20).await?;
        let mut sent = 0;
        for q in batch {
            match self.deliver(&q).await {
                Ok(()) => {
                    outbox::mark_sent(db, q.id, self.app.now()).await?;
                    tracing::info!(letter = %q.id, to = %q.letter.to, "letter delivered");
                    sent += 1;
                }
                Err(e) => {
                    let retry = self.app.now() + backoff(q.attempts);
                    tracing::warn!(letter = %q.id, to = %q.letter.to, error = %e, %retry, "letter not delivered, will retry");
                    outbox::mark_failed(db, q.id, &e, retry).await?;
                }
            }
        }
        Ok(sent)
    }

    /// Run until `stop` turns true; wakes when a letter is queued, and at least every `poll`.
    pub async fn run(self, mut stop: watch::Receiver<bool>, poll: std::time::Duration) {
        tracing::info!(transport = %self.transport.describe(), "mail dispatcher started");
        loop {
            if let Err(e) = self.run_once().await {
                tracing::warn!(error = %e, "mail dispatcher could not read the outbox");
            }
            tokio::select! {
                _ = self.app.mail_queued.notified() => {}
                _ = tokio::time::sleep(poll) => {}
                _ = stop.changed() => {}
            }
            if *stop.borrow() {
                tracing::info!("mail dispatcher stopped");
                return;
            }
        }
    }
}

/// When a letter will be tried next, for display.
pub fn next_try(q: &Queued) -> Option<DateTime<Utc>> {
    q.sent_at.is_none().then_some(q.next_attempt_at)
}
