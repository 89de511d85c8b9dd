//! The database goes away under load and comes back. A private PostgreSQL cluster (initdb into a
//! temporary folder, on a free port, run as the `postgres` user) is really stopped with
//! `pg_ctl stop -m fast` while reads and writes go on: every request meanwhile fails with 503
//! `database_unavailable` (never a 500, never a hang), `/healthz` answers 503, and once the
//! cluster is started again the same server process answers 2xx without a restart. The machine's
//! PostgreSQL on 5432 is not touched. Timings are printed, not asserted.

use crate::common;

use serde_json::Value;
use std::{
    path::{Path, PathBuf},
    process::Command,
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, Ordering},
    },
    time::{Duration, Instant},
};

/// The PostgreSQL server programs (Debian keeps them under /usr/lib/postgresql/<major>/bin).
fn pg_bin() -> PathBuf {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("PostgreSQL server programs under /usr/lib/postgresql")
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|p| p.join("initdb").exists())
        .collect();
    dirs.sort();
    dirs.pop().expect("initdb")
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// A private cluster: initdb refuses to run as root, so as root it runs as `postgres`.
struct Cluster {
    data: PathBuf,
    port: u16,
    bin: PathBuf,
    root: bool,
}

impl Cluster {
    fn cmd(&self, prog: &str) -> Command {
        let exe = self.bin.join(prog);
        if self.root {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(exe);
            c
        } else {
            Command::new(exe)
        }
    }

    fn run(&self, prog: &str, args: &[&str]) {
        let out = self.cmd(prog).args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{prog} {args:?}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    fn init(dir: &Path) -> Cluster {
        let root = is_root();
        if root {
            let ok = Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(dir)
                .status()
                .unwrap();
            assert!(ok.success());
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let c = Cluster {
            data: dir.join("pg"),
            port,
            bin: pg_bin(),
            root,
        };
        c.run(
            "initdb",
            &[
                "-D",
                c.data.to_str().unwrap(),
                "-U",
                "postgres",
                "-A",
                "trust",
                "--no-sync",
            ],
        );
        c
    }

    fn start(&self) {
        let opts = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
            self.port,
            self.data.display()
        );
        let log = self.data.join("server.log");
        self.run(
            "pg_ctl",
            &[
                "-D",
                self.data.to_str().unwrap(),
                "-l",
                log.to_str().unwrap(),
                "-o",
                &opts,
                "-w",
                "start",
            ],
        );
    }

    fn stop(&self) {
        self.run(
            "pg_ctl",
            &[
                "-D",
                self.data.to_str().unwrap(),
                "-m",
                "fast",
                "-w",
                "stop",
            ],
        );
    }

    fn url(&self, db: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{db}", self.port)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = self
            .cmd("pg_ctl")
            .args(["-D", self.data.to_str().unwrap(), "-m", "immediate", "stop"])
            .output();
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Phase {
    Up,
    Down,
    Back,
    /// Begun in one phase, ended in another.
    Transition,
}

struct Sample {
    phase: Phase,
    status: u16,
    code: Option<String>,
    latency: Duration,
}

fn percentile(v: &mut [Duration], p: f64) -> Duration {
    v.sort();
    if v.is_empty() {
        return Duration::ZERO;
    }
    v[((v.len() - 1) as f64 * p).round() as usize]
}

#[tokio::test]
#[ignore = "needs the PostgreSQL server programs (initdb, pg_ctl) and, as root, the postgres user (CI runs it)"]
async fn postgres_stops_under_load_then_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let cluster = Cluster::init(dir.path());
    cluster.start();
    let url = cluster.url("postgres");
    let t = common::spawn_with(ekrov_store::Backend::Sqlite, |c| c.database_url = url).await;
    let token = t.operator_token().await;

    let phase = Arc::new(Mutex::new(Phase::Up));
    let stop = Arc::new(AtomicBool::new(false));
    let samples = Arc::new(Mutex::new(Vec::<Sample>::new()));
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut load = Vec::new();
    for w in 0..4 {
        let (client, base, token, phase, stop, samples, next) = (
            t.client.clone(),
            t.url.clone(),
            token.clone(),
            phase.clone(),
            stop.clone(),
            samples.clone(),
            next.clone(),
        );
        load.push(tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let req = if w % 2 == 0 {
                    client.get(format!("{base}/api/v1/applications"))
                } else {
                    let code = (0..10)
                        .map(|d| format!("4{i:06}{d}"))
                        .find(|c| ekrov_domain::Edrpou::parse(c).is_ok())
                        .unwrap();
                    client
                        .post(format!("{base}/api/v1/applications"))
                        .json(&common::application(&code))
                };
                let p = *phase.lock().unwrap();
                let started = Instant::now();
                let res = req
                    .bearer_auth(&token)
                    .timeout(Duration::from_secs(30))
                    .send()
                    .await
                    .expect("the server answers, even without its database");
                let status = res.status().as_u16();
                let body: Value = res.json().await.unwrap_or(Value::Null);
                let latency = started.elapsed();
                // A request that began in one phase and ended in another counts as a transition.
                let end = *phase.lock().unwrap();
                {
                    samples.lock().unwrap().push(Sample {
                        phase: if end == p { p } else { Phase::Transition },
                        status,
                        code: body["error"]["code"].as_str().map(str::to_owned),
                        latency,
                    });
                }
                if status >= 500 {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            }
        }));
    }

    tokio::time::sleep(Duration::from_millis(1500)).await;
    let (s, h) = t.get("/healthz", None).await;
    assert_eq!((s, h["database"].as_str()), (200, Some("postgres")), "{h}");

    // Stop PostgreSQL for real.
    let stopped_at = Instant::now();
    cluster.stop();
    *phase.lock().unwrap() = Phase::Down;
    let stop_took = stopped_at.elapsed();
    tokio::time::sleep(Duration::from_secs(5)).await;
    let h_started = Instant::now();
    let (s, h) = t.get("/healthz", None).await;
    let health_latency = h_started.elapsed();
    assert_eq!(s, 503, "health turns red: {h}");

    // Start it again: the same server process recovers.
    cluster.start();
    let started_at = Instant::now();
    *phase.lock().unwrap() = Phase::Back;
    let recovered = loop {
        let (s, _) = t.get("/api/v1/applications", Some(&token)).await;
        if s == 200 {
            break started_at.elapsed();
        }
        assert!(
            started_at.elapsed() < Duration::from_secs(30),
            "no recovery within 30 s: {s}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let (s, h) = t.get("/healthz", None).await;
    assert_eq!(s, 200, "health is green again: {h}");
    tokio::time::sleep(Duration::from_secs(2)).await;
    stop.store(true, Ordering::Relaxed);
    for l in load {
        l.await.unwrap();
    }

    let samples = std::mem::take(&mut *samples.lock().unwrap());
    let of = |p: Phase| samples.iter().filter(move |s| s.phase == p);
    assert!(of(Phase::Up).count() > 0);
    for s in of(Phase::Up) {
        assert!(
            (200..300).contains(&s.status),
            "before the stop: {}",
            s.status
        );
    }
    let down: Vec<&Sample> = of(Phase::Down).collect();
    assert!(
        !down.is_empty(),
        "requests were made while the database was down"
    );
    for s in &down {
        assert_eq!(
            (s.status, s.code.as_deref()),
            (503, Some("database_unavailable")),
            "while the database is down"
        );
    }
    let back: Vec<&Sample> = of(Phase::Back).collect();
    let last_bad = back.iter().rposition(|s| s.status >= 300);
    let after_recovery = &back[last_bad.map_or(0, |i| i + 1)..];
    assert!(
        after_recovery.len() > 10,
        "requests succeed again after the restart of PostgreSQL"
    );
    for s in &back {
        assert!(
            (200..300).contains(&s.status)
                || (s.status, s.code.as_deref()) == (503, Some("database_unavailable")),
            "while coming back: {} {:?}",
            s.status,
            s.code
        );
    }
    let transition: Vec<&Sample> = of(Phase::Transition).collect();
    for s in &transition {
        assert!(
            (200..300).contains(&s.status)
                || (s.status, s.code.as_deref()) == (503, Some("database_unavailable")),
            "across a stop or start: {} {:?}",
            s.status,
            s.code
        );
    }
    let mut lat: Vec<Duration> = down.iter().map(|s| s.latency).collect();
    let up_n = of(Phase::Up).count();
    eprintln!(
        "pg_ctl stop -m fast took {stop_took:?}; {up_n} requests before (all 2xx); {} requests while down, all 503 database_unavailable: latency p50 {:?}, p99 {:?}, max {:?}; /healthz while down: 503 in {health_latency:?}; after pg_ctl start: first 200 after {recovered:?}; {} requests after, {} of them 2xx; {} requests across a stop or start, {} of them 2xx, the rest 503",
        down.len(),
        percentile(&mut lat, 0.5),
        percentile(&mut lat, 0.99),
        lat.iter().max().unwrap(),
        back.len(),
        back.iter().filter(|s| s.status < 300).count(),
        transition.len(),
        transition.iter().filter(|s| s.status < 300).count()
    );
    t.stop().await;
}
