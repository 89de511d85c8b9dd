//! Mail: letters are queued in the outbox with the change that causes them (see `ekrov_store::outbox`);
//! the [`Dispatcher`] delivers them — to `.eml` files by default, over SMTP when configured — and
//! retries with backoff while the server is down.

pub mod letters;

use chrono::{DateTime, Duration, Utc};
use ekrov_store::mail::{self as outbox, Queued};
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

/// Letters tried in one round of the dispatcher.
pub const ROUND: usize = 20;

pub struct Dispatcher {
    pub app: App,
    pub transport: Transport,
    pub from: String,
    /// The hand-over journal (see [`Journal`]); none keeps only the outbox's own record.
    pub journal: Option<PathBuf>,
}

/// A letter the SMTP server has taken is written here at once, before the outbox row is marked
/// sent: one `write` of its id to a file opened for appending, which takes microseconds and
/// survives the process being killed (it is in the kernel's page cache at once). Marking the
/// row waits its turn for the database, milliseconds to seconds under a burst of writes; a
/// `kill -9` in that wait used to leave the letter unmarked and sent again after the restart.
/// Before each round the dispatcher marks every letter of the journal sent and empties it (after
/// a restart, or a round the database cut short); a round that marks all it sent empties it too. What is left: the letter whose
/// last line went out but whose `250` was never read (the SMTP server takes it, the sender never
/// learns so — no sender can close that), and a power cut before the kernel writes the page out.
struct Journal {
    path: PathBuf,
}

impl Journal {
    fn record(&self, id: uuid::Uuid) -> std::io::Result<()> {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)?;
        // One write of one whole line: a reader sees the line or nothing of it.
        f.write_all(format!("{id}\n").as_bytes())
    }

    /// The ids recorded (a torn last line is skipped: that letter is simply sent again).
    fn ids(&self) -> std::io::Result<Vec<uuid::Uuid>> {
        match std::fs::read_to_string(&self.path) {
            Ok(s) => Ok(s.lines().filter_map(|l| l.parse().ok()).collect()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
            Err(e) => Err(e),
        }
    }

    fn clear(&self) -> std::io::Result<()> {
        match std::fs::remove_file(&self.path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
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

    /// Deliver the letters that are due now (at most [`ROUND`]); returns how many were tried.
    ///
    /// One letter is claimed at a time, just before it is sent: if the process dies, at most
    /// that one is in doubt (the SMTP server may or may not have taken it) and waits out its
    /// lease; every other letter is free to go at once. The one in doubt is sent again with
    /// the same `Message-ID`, by which the receiving side can drop a second copy — no sender
    /// can do better over SMTP, whose `250` and our record of it cannot be one atomic step.
    pub async fn run_once(&self) -> Result<usize, ekrov_store::StoreError> {
        let db = &self.app.db;
        let mut tried = 0;
        while tried < ROUND {
            let now = self.app.now();
            let Some(q) = outbox::claim_due(db, now, now + Duration::minutes(2), 1)
                .await?
                .pop()
            else {
                break;
            };
            tried += 1;
            match self.deliver(&q).await {
                Ok(()) => {
                    if let Some(j) = self.journal()
                        && let Err(e) = j.record(q.id)
                    {
                        tracing::warn!(letter = %q.id, error = %e, "mail journal not written");
                    }
                    outbox::mark_sent(db, q.id, self.app.now()).await?;
                    tracing::info!(letter = %q.id, to = %q.letter.to, "letter delivered");
                }
                Err(e) => {
                    let retry = self.app.now() + backoff(q.attempts);
                    tracing::warn!(letter = %q.id, to = %q.letter.to, error = %e, %retry, "letter not delivered, will retry");
                    outbox::mark_failed(db, q.id, &e, retry).await?;
                }
            }
        }
        // Every letter recorded in this round is marked now (an error above returns early and
        // keeps the journal): the journal has done its work and starts afresh.
        if tried > 0
            && let Some(j) = self.journal()
            && let Err(e) = j.clear()
        {
            tracing::warn!(error = %e, "mail journal not emptied");
        }
        Ok(tried)
    }

    fn journal(&self) -> Option<Journal> {
        self.journal.clone().map(|path| Journal { path })
    }

    /// Mark sent the letters the journal says were handed over but not yet marked (the process
    /// died, or the database failed, in between), then empty it. Until this has succeeded,
    /// nothing is sent: it would send those again.
    pub async fn settle_journal(&self) -> Result<usize, String> {
        let Some(j) = self.journal() else {
            return Ok(0);
        };
        let ids = j.ids().map_err(|e| format!("{}: {e}", j.path.display()))?;
        let now = self.app.now();
        let mut settled = 0;
        for id in &ids {
            if outbox::mark_sent(&self.app.db, *id, now)
                .await
                .map_err(|e| e.to_string())?
            {
                settled += 1;
            }
        }
        j.clear()
            .map_err(|e| format!("{}: {e}", j.path.display()))?;
        if settled > 0 {
            tracing::info!(
                settled,
                "letters handed over before the last stop, marked sent from the mail journal"
            );
        }
        Ok(settled)
    }

    /// Run until `stop` turns true; wakes when a letter is queued, and at least every `poll`.
    pub async fn run(self, mut stop: watch::Receiver<bool>, poll: std::time::Duration) {
        tracing::info!(transport = %self.transport.describe(), "mail dispatcher started");
        loop {
            // Before each round (after a restart, or a round cut short by the database): the
            // journal's letters are marked, never sent again.
            let round = match self.settle_journal().await {
                Ok(_) => self.run_once().await,
                Err(e) => {
                    tracing::warn!(error = %e, "mail journal not settled; not sending this round");
                    Ok(0)
                }
            };
            match round {
                // A full round: more may be due; go on without waiting (a stop is still seen).
                Ok(ROUND) if !*stop.borrow() => continue,
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "mail dispatcher could not read the outbox"),
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
