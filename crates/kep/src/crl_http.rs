//! Fetching CRLs from a certificate's distribution points over plain HTTP (the way CRLs are
//! published: they are signed, so they need no TLS). Switched on by the server's
//! `EKROV_CRL_FETCH`; results are cached per URL, and a distribution point that cannot be reached
//! is logged and skipped (soft fail: the CRLs in the trust folder still apply).

use std::{
    collections::HashMap,
    io::{Read, Write},
    net::{TcpStream, ToSocketAddrs},
    sync::Mutex,
    time::{Duration, Instant},
};

use crate::{CrlFetcher, KepError};

/// The largest CRL accepted (national CAs publish CRLs of a few MB).
const MAX_CRL_BYTES: usize = 64 * 1024 * 1024;

/// Per URL: when it was asked, and the CRL it gave (None: it could not be fetched).
type Cache = HashMap<String, (Instant, Option<Vec<u8>>)>;

pub struct HttpCrlFetcher {
    ttl: Duration,
    timeout: Duration,
    cache: Mutex<Cache>,
}

impl HttpCrlFetcher {
    /// `ttl`: how long a fetched CRL (or a failure) is reused before asking again.
    pub fn new(ttl: Duration, timeout: Duration) -> Self {
        HttpCrlFetcher {
            ttl,
            timeout,
            cache: Mutex::new(HashMap::new()),
        }
    }

    fn get(&self, url: &str) -> Result<Vec<u8>, String> {
        let rest = url
            .strip_prefix("http://")
            .ok_or("only http:// distribution points are fetched")?;
        let (hostport, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        let host = hostport.rsplit_once(':').map_or(hostport, |(h, _)| h);
        let addr_str = if hostport.contains(':') {
            hostport.to_owned()
        } else {
            format!("{hostport}:80")
        };
        let addr = addr_str
            .to_socket_addrs()
            .map_err(|e| format!("resolving {hostport}: {e}"))?
            .next()
            .ok_or_else(|| format!("{hostport} has no address"))?;
        let mut s = TcpStream::connect_timeout(&addr, self.timeout)
            .map_err(|e| format!("connecting to {addr}: {e}"))?;
        s.set_read_timeout(Some(self.timeout))
            .map_err(|e| e.to_string())?;
        s.set_write_timeout(Some(self.timeout))
            .map_err(|e| e.to_string())?;
        // HTTP/1.0 with Connection: close: the body ends where the connection does, no chunking.
        write!(
            s,
            "GET {path} HTTP/1.0\r\nHost: {host}\r\nUser-Agent: ekrov\r\nConnection: close\r\n\r\n"
        )
        .map_err(|e| e.to_string())?;
        let mut buf = Vec::new();
        s.take(MAX_CRL_BYTES as u64 + 64 * 1024)
            .read_to_end(&mut buf)
            .map_err(|e| format!("reading: {e}"))?;
        let split = buf
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .ok_or("no HTTP header")?;
        let head = String::from_utf8_lossy(&buf[..split]);
        let status = head.lines().next().unwrap_or("");
        if status.split_whitespace().nth(1) != Some("200") {
            return Err(format!("HTTP status {status:?}"));
        }
        let body = buf[split + 4..].to_vec();
        if body.len() > MAX_CRL_BYTES {
            return Err("CRL too large".into());
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
        let got = match self.get(url) {
            Ok(der) => Some(der),
            Err(e) => {
                tracing_free_warn(url, &e);
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

/// This crate has no logging dependency: a failed fetch goes to stderr, where the server's
/// operators see it next to its logs.
fn tracing_free_warn(url: &str, e: &str) {
    eprintln!("ekrov-kep: CRL distribution point {url} not fetched: {e}");
}
