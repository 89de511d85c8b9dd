//! Rate limits on the login endpoints, per client address: a fixed window per minute. Kept in
//! memory per instance (an attacker spreading over instances gets each instance's allowance —
//! acceptable for login throttling; the signature check itself is the real gate).

use axum::{
    extract::{ConnectInfo, Request, State},
    http::StatusCode,
    middleware::Next,
    response::{IntoResponse, Response},
};
use std::{
    collections::HashMap,
    net::{IpAddr, SocketAddr},
    sync::Mutex,
    time::{Duration, Instant},
};

use crate::{AppState, error::ApiError};

pub struct RateLimiter {
    per_minute: u32,
    windows: Mutex<HashMap<IpAddr, (Instant, u32)>>,
}

impl RateLimiter {
    pub fn new(per_minute: u32) -> Self {
        RateLimiter {
            per_minute,
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// Count a request; the seconds to wait when over the limit.
    pub fn check(&self, ip: IpAddr, now: Instant) -> Result<(), u64> {
        let mut w = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        if w.len() > 100_000 {
            w.retain(|_, (start, _)| now.duration_since(*start) < Duration::from_secs(60));
        }
        let e = w.entry(ip).or_insert((now, 0));
        if now.duration_since(e.0) >= Duration::from_secs(60) {
            *e = (now, 0);
        }
        e.1 += 1;
        if e.1 > self.per_minute {
            Err(60 - now.duration_since(e.0).as_secs())
        } else {
            Ok(())
        }
    }
}

fn is_login_route(path: &str) -> bool {
    path.starts_with("/api/v1/auth/challenge")
        || path.starts_with("/api/v1/auth/kep")
        || path == "/login/kep"
        || (path.contains("/links/") && path.ends_with("/accept"))
}

pub async fn limit_logins(State(s): State<AppState>, req: Request, next: Next) -> Response {
    if is_login_route(req.uri().path()) {
        let ip = req
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip())
            .unwrap_or(IpAddr::from([0, 0, 0, 0]));
        if let Err(wait) = s.login_limiter.check(ip, Instant::now()) {
            let mut r = ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                format!("Забагато спроб входу: зачекайте {wait} с і спробуйте знову"),
            )
            .into_response();
            if let Ok(v) = wait.to_string().parse() {
                r.headers_mut().insert("retry-after", v);
            }
            return r;
        }
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_allows_the_limit_then_refuses_then_resets() {
        let l = RateLimiter::new(3);
        let ip: IpAddr = "192.0.2.1".parse().unwrap();
        let other: IpAddr = "192.0.2.2".parse().unwrap();
        let t0 = Instant::now();
        assert!((0..3).all(|_| l.check(ip, t0).is_ok()));
        assert!(l.check(ip, t0).is_err());
        assert!(l.check(other, t0).is_ok(), "per address");
        assert!(
            l.check(ip, t0 + Duration::from_secs(61)).is_ok(),
            "a new window"
        );
    }
}
