//! Fetching CRLs from a certificate's distribution points (and its freshestCRL pointers) over
//! HTTP, through `reqwest`'s blocking client: HTTP/1.1 with chunked bodies, a few redirects,
//! connect and read timeouts, an overall deadline and a size cap. CRLs are signed, so plain
//! HTTP is how providers publish them. Switched on by the server's `EKROV_CRL_FETCH`; results
//! are cached per URL, and a distribution point that cannot be reached is logged and skipped
//! (soft fail: the CRLs in the trust folder still apply).
//!
//! The verifier is synchronous and the server calls it inside `spawn_blocking`, so a blocking
//! client fits the call site. The client is built on first use, not in `new`: reqwest's
//! blocking client may not be built on an async task (the server constructs the fetcher there).

use std::{
    collections::HashMap,
    io::Read,
    sync::{Mutex, OnceLock},
    time::{Duration, Instant},
};

use crate::{CrlFetcher, KepError};

/// The largest CRL accepted by default (national CAs publish full CRLs of a few MB).
pub const DEFAULT_MAX_CRL_BYTES: u64 = 64 * 1024 * 1024;
/// Redirects followed (providers move their download folders; more is a loop).
pub const MAX_REDIRECTS: usize = 5;

/// Per URL: when it was asked, and the CRL it gave (None: it could not be fetched).
type Cache = HashMap<String, (Instant, Option<Vec<u8>>)>;

pub struct HttpCrlFetcher {
    ttl: Duration,
    timeout: Duration,
    deadline: Duration,
    max_bytes: u64,
    client: OnceLock<Result<reqwest::blocking::Client, String>>,
    cache: Mutex<Cache>,
}

impl HttpCrlFetcher {
    /// `ttl`: how long a fetched CRL (or a failure) is reused before asking again.
    /// `timeout`: for connecting and for each read; the whole download gets four times that.
    pub fn new(ttl: Duration, timeout: Duration) -> Self {
        HttpCrlFetcher {
            ttl,
            timeout,
            deadline: timeout * 4,
            max_bytes: DEFAULT_MAX_CRL_BYTES,
            client: OnceLock::new(),
            cache: Mutex::new(HashMap::new()),
        }
    }

    /// Refuse CRLs larger than `n` bytes.
    pub fn with_max_bytes(mut self, n: u64) -> Self {
        self.max_bytes = n;
        self
    }

    /// The overall time a download may take (a server trickling bytes is cut off).
    pub fn with_deadline(mut self, d: Duration) -> Self {
        self.deadline = d;
        self
    }

    fn client(&self) -> Result<&reqwest::blocking::Client, String> {
        self.client
            .get_or_init(|| {
                reqwest::blocking::Client::builder()
                    .connect_timeout(self.timeout)
                    // In the blocking client this bounds sending and each read of the body.
                    .timeout(self.timeout)
                    .redirect(reqwest::redirect::Policy::limited(MAX_REDIRECTS))
                    .user_agent("ekrov-crl-fetch")
                    .build()
                    .map_err(|e| format!("HTTP client: {e}"))
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Download `url` (http:// or https://) now, without the cache. Err: why not, for the log.
    pub fn download(&self, url: &str) -> Result<Vec<u8>, String> {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err("only http:// and https:// distribution points are fetched".into());
        }
        let started = Instant::now();
        let resp = self.client()?.get(url).send().map_err(|e| describe(&e))?;
        if !resp.status().is_success() {
            return Err(format!("HTTP status {}", resp.status()));
        }
        if resp.content_length().is_some_and(|n| n > self.max_bytes) {
            return Err(format!("CRL larger than {} bytes", self.max_bytes));
        }
        let mut body = Vec::new();
        let mut limited = resp.take(self.max_bytes + 1);
        let mut buf = [0u8; 16 * 1024];
        loop {
            let n = limited
                .read(&mut buf)
                .map_err(|e| format!("reading: {}", describe(&e)))?;
            if n == 0 {
                break;
            }
            body.extend_from_slice(&buf[..n]);
            if started.elapsed() > self.deadline {
                return Err(format!("download took longer than {:?}", self.deadline));
            }
        }
        if body.len() as u64 > self.max_bytes {
            return Err(format!("CRL larger than {} bytes", self.max_bytes));
        }
        Ok(body)
    }
}

impl CrlFetcher for HttpCrlFetcher {
    fn fetch(&self, url: &str) -> Result<Option<Vec<u8>>, KepError> {
        let now = Instant::now();
        if let Some((at, v)) = self
            .cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(url)
            && now.duration_since(*at) < self.ttl
        {
            return Ok(v.clone());
        }
        let got = match self.download(url) {
            Ok(der) => Some(der),
            Err(e) => {
                warn(url, &e);
                None
            }
        };
        self.cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(url.to_owned(), (now, got.clone()));
        Ok(got)
    }
}

/// An error with its causes ("error sending request …: operation timed out").
fn describe(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cause = c.source();
    }
    s
}

/// This crate has no logging dependency: a failed fetch goes to stderr, where the server's
/// operators see it next to its logs. The URL comes from a certificate: control characters
/// are escaped so it cannot forge a log line.
fn warn(url: &str, e: &str) {
    eprintln!(
        "ekrov-kep: CRL distribution point {} not fetched: {}",
        url.escape_debug(),
        e.escape_debug()
    );
}
