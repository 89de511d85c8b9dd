//! One code path over SQLite and PostgreSQL.
//!
//! Queries are written once, with `$1, $2, …` placeholders (both backends accept them), and bound
//! from [`Arg`]s; rows are read through [`Row`], which knows only the portable column types the
//! schema uses (TEXT, BIGINT, BOOLEAN). The enums below are the only place that names a backend.

use sqlx::{
    AssertSqlSafe, Postgres, Sqlite,
    postgres::{PgPool, PgPoolOptions, PgRow},
    sqlite::{
        SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteRow,
        SqliteSynchronous,
    },
};
use std::{
    str::FromStr,
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    time::Duration,
};

use crate::StoreError;

/// Which database is behind a [`Db`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

#[derive(Clone, Debug)]
enum Pool {
    Sqlite(SqlitePool),
    Pg(PgPool),
}

/// A connection pool to either database.
#[derive(Clone, Debug)]
pub struct Db {
    pool: Pool,
    gate: Arc<Gate>,
}

const PG_MAX_CONNECTIONS: u32 = 16;

/// PostgreSQL can go away. While it does not answer, the pool keeps retrying a refused connection
/// until its acquire timeout (3 s), so every request would wait 3 s for its 503. Instead, once a
/// request has found the database unreachable, one request at a time waits for it (and notices
/// first when it is back) while the others are answered 503 at once. SQLite is a file: not gated.
#[derive(Debug, Default)]
struct Gate {
    down: AtomicBool,
    probing: AtomicBool,
}

/// Ends this request's turn as the one that waits for the database, however it ends (a client
/// that hangs up drops the future mid-wait).
struct Probe<'a>(Option<&'a Gate>);
impl Drop for Probe<'_> {
    fn drop(&mut self) {
        if let Some(g) = self.0 {
            g.probing.store(false, Ordering::Release);
        }
    }
}

/// A bound query parameter.
#[derive(Debug, Clone)]
pub enum Arg {
    Text(Option<String>),
    Int(Option<i64>),
    Bool(Option<bool>),
}

impl From<&str> for Arg {
    fn from(v: &str) -> Self {
        Arg::Text(Some(v.to_owned()))
    }
}
impl From<String> for Arg {
    fn from(v: String) -> Self {
        Arg::Text(Some(v))
    }
}
impl From<&String> for Arg {
    fn from(v: &String) -> Self {
        Arg::Text(Some(v.clone()))
    }
}
impl From<Option<String>> for Arg {
    fn from(v: Option<String>) -> Self {
        Arg::Text(v)
    }
}
impl From<Option<&str>> for Arg {
    fn from(v: Option<&str>) -> Self {
        Arg::Text(v.map(str::to_owned))
    }
}
impl From<i64> for Arg {
    fn from(v: i64) -> Self {
        Arg::Int(Some(v))
    }
}
impl From<Option<i64>> for Arg {
    fn from(v: Option<i64>) -> Self {
        Arg::Int(v)
    }
}
impl From<bool> for Arg {
    fn from(v: bool) -> Self {
        Arg::Bool(Some(v))
    }
}

/// Build an argument list: `args![a, b, c]`.
#[macro_export]
macro_rules! args {
    ($($x:expr),* $(,)?) => { [$($crate::Arg::from($x)),*] };
}

macro_rules! bind_all {
    ($q:expr, $args:expr) => {{
        let mut q = $q;
        for a in $args {
            q = match a {
                Arg::Text(v) => q.bind(v.clone()),
                Arg::Int(v) => q.bind(*v),
                Arg::Bool(v) => q.bind(*v),
            };
        }
        q
    }};
}

enum Target<'a> {
    Sqlite(&'a mut sqlx::SqliteConnection),
    Pg(&'a mut sqlx::PgConnection),
}

enum RowInner {
    Sqlite(SqliteRow),
    Pg(PgRow),
}

/// A row from either database.
pub struct Row(RowInner);

macro_rules! get {
    ($self:expr, $col:expr, $ty:ty) => {{
        use sqlx::Row as _;
        match &$self.0 {
            RowInner::Sqlite(r) => r.try_get::<$ty, _>($col),
            RowInner::Pg(r) => r.try_get::<$ty, _>($col),
        }
        .map_err(|e| StoreError::Corrupt(format!("column {}: {e}", $col)))
    }};
}

impl Row {
    pub fn text(&self, col: &str) -> Result<String, StoreError> {
        get!(self, col, String)
    }
    pub fn opt_text(&self, col: &str) -> Result<Option<String>, StoreError> {
        get!(self, col, Option<String>)
    }
    pub fn int(&self, col: &str) -> Result<i64, StoreError> {
        get!(self, col, i64)
    }
    pub fn opt_int(&self, col: &str) -> Result<Option<i64>, StoreError> {
        get!(self, col, Option<i64>)
    }
    pub fn bool(&self, col: &str) -> Result<bool, StoreError> {
        get!(self, col, bool)
    }
    /// A TEXT column parsed into a domain or time type; a bad value means the database was edited
    /// behind our back, which is reported, never papered over.
    pub fn parse<T: FromStr>(&self, col: &str) -> Result<T, StoreError>
    where
        T::Err: std::fmt::Display,
    {
        let s = self.text(col)?;
        s.parse()
            .map_err(|e| StoreError::Corrupt(format!("column {col} = {s:?}: {e}")))
    }
    pub fn opt_parse<T: FromStr>(&self, col: &str) -> Result<Option<T>, StoreError>
    where
        T::Err: std::fmt::Display,
    {
        match self.opt_text(col)? {
            None => Ok(None),
            Some(s) => s
                .parse()
                .map(Some)
                .map_err(|e| StoreError::Corrupt(format!("column {col} = {s:?}: {e}"))),
        }
    }
}

/// What a [`Db::checkpoint`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checkpoint {
    /// The log is copied into the database and truncated to nothing.
    Done,
    /// Readers or a writer did not let it finish within the busy timeout; try again later.
    Busy,
}

/// A database transaction on either backend. Dropped without [`Tx::commit`], it rolls back.
pub enum Tx {
    Sqlite(sqlx::Transaction<'static, Sqlite>),
    Pg(sqlx::Transaction<'static, Postgres>),
}

impl Db {
    /// Connect to `sqlite://path` (the file is created when missing) or `postgres://…`.
    pub async fn connect(url: &str) -> Result<Db, StoreError> {
        let pool = if url.starts_with("sqlite:") {
            let opts = SqliteConnectOptions::from_str(url)
                .map_err(StoreError::from)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                // NORMAL in WAL mode survives a killed process; only a power cut may lose the last commit.
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10));
            Pool::Sqlite(
                SqlitePoolOptions::new()
                    .max_connections(8)
                    .acquire_timeout(Duration::from_secs(5))
                    .connect_with(opts)
                    .await?,
            )
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Pool::Pg(
                PgPoolOptions::new()
                    .max_connections(PG_MAX_CONNECTIONS)
                    // Fail fast when the database is gone: the caller answers 503 instead of hanging.
                    .acquire_timeout(Duration::from_secs(3))
                    .connect(url)
                    .await?,
            )
        } else {
            return Err(StoreError::Config(format!(
                "database URL must start with sqlite:// or postgres://, got {url:?}"
            )));
        };
        Ok(Db {
            pool,
            gate: Arc::default(),
        })
    }

    /// Take a connection (or begin a transaction) on PostgreSQL through the [`Gate`].
    async fn gated<T>(
        &self,
        pool: &PgPool,
        take: impl Future<Output = Result<T, sqlx::Error>>,
    ) -> Result<T, StoreError> {
        let g = &*self.gate;
        let probe = Probe(if g.down.load(Ordering::Acquire) {
            if g.probing.swap(true, Ordering::AcqRel) {
                return Err(StoreError::Unavailable(
                    "the database did not answer a moment ago (another request is waiting for it)"
                        .into(),
                ));
            }
            Some(g)
        } else {
            None
        });
        let r = take.await;
        match &r {
            Ok(_) => g.down.store(false, Ordering::Release),
            // Unreachable, not merely busy: a timeout while the pool was still trying to open a
            // connection (with every connection open and busy it is load, not an outage).
            Err(sqlx::Error::Io(_)) => g.down.store(true, Ordering::Release),
            Err(sqlx::Error::PoolTimedOut) if pool.size() < PG_MAX_CONNECTIONS => {
                g.down.store(true, Ordering::Release)
            }
            Err(_) => {}
        }
        drop(probe);
        Ok(r?)
    }

    pub fn backend(&self) -> Backend {
        match self.pool {
            Pool::Sqlite(_) => Backend::Sqlite,
            Pool::Pg(_) => Backend::Postgres,
        }
    }

    /// Begin a write transaction. On SQLite it takes the write lock at once (`BEGIN IMMEDIATE`), so
    /// that a transaction that reads and then writes never fails half-way with "database is locked".
    pub async fn begin(&self) -> Result<Tx, StoreError> {
        Ok(match &self.pool {
            Pool::Sqlite(p) => Tx::Sqlite(p.begin_with("BEGIN IMMEDIATE").await?),
            Pool::Pg(p) => Tx::Pg(self.gated(p, p.begin()).await?),
        })
    }

    /// Run statements that carry no parameters (migrations), several at once.
    pub(crate) async fn raw(&self, tx: &mut Tx, sql: String) -> Result<(), StoreError> {
        match tx {
            Tx::Sqlite(t) => {
                sqlx::raw_sql(AssertSqlSafe(sql)).execute(&mut **t).await?;
            }
            Tx::Pg(t) => {
                sqlx::raw_sql(AssertSqlSafe(sql)).execute(&mut **t).await?;
            }
        }
        Ok(())
    }

    pub(crate) async fn fetch_all(&self, sql: &str, args: &[Arg]) -> Result<Vec<Row>, StoreError> {
        let mut c = self.acquire().await?;
        c.fetch_all(sql, args).await
    }
    pub(crate) async fn fetch_optional(
        &self,
        sql: &str,
        args: &[Arg],
    ) -> Result<Option<Row>, StoreError> {
        let mut c = self.acquire().await?;
        c.fetch_optional(sql, args).await
    }
    pub(crate) async fn fetch_one(&self, sql: &str, args: &[Arg]) -> Result<Row, StoreError> {
        let mut c = self.acquire().await?;
        c.fetch_one(sql, args).await
    }
    pub(crate) async fn execute(&self, sql: &str, args: &[Arg]) -> Result<u64, StoreError> {
        let mut c = self.acquire().await?;
        c.execute(sql, args).await
    }

    async fn acquire(&self) -> Result<Conn, StoreError> {
        Ok(match &self.pool {
            Pool::Sqlite(p) => Conn::Sqlite(p.acquire().await?),
            Pool::Pg(p) => Conn::Pg(self.gated(p, p.acquire()).await?),
        })
    }

    /// Is the database answering? (for `/healthz`)
    pub async fn ping(&self) -> bool {
        self.fetch_one("SELECT 1 AS one", &[]).await.is_ok()
    }

    /// SQLite: copy the write-ahead log into the database file and truncate it; `None` on
    /// PostgreSQL. SQLite's own automatic checkpoints copy the log but can only start it afresh
    /// at a moment when no reader is using it, which under steady load never comes: in a soak the
    /// log grew to 493 MB in 12 minutes ("checkpoint starvation"), and with it the shared
    /// wal-index every connection maps. TRUNCATE waits (the busy timeout) for the readers of the
    /// moment to finish, holding writers back meanwhile; `Busy` if they kept it from finishing.
    pub async fn checkpoint(&self) -> Result<Option<Checkpoint>, StoreError> {
        match &self.pool {
            Pool::Sqlite(p) => {
                // (busy, log frames, frames copied); after a truncation both counts read 0.
                let (busy, _, _): (i64, i64, i64) =
                    sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)")
                        .fetch_one(p)
                        .await?;
                Ok(Some(if busy != 0 {
                    Checkpoint::Busy
                } else {
                    Checkpoint::Done
                }))
            }
            Pool::Pg(_) => Ok(None),
        }
    }

    pub async fn close(&self) {
        match &self.pool {
            Pool::Sqlite(p) => p.close().await,
            Pool::Pg(p) => p.close().await,
        }
    }
}

enum Conn {
    Sqlite(sqlx::pool::PoolConnection<Sqlite>),
    Pg(sqlx::pool::PoolConnection<Postgres>),
}

/// Anything statements run on: a pooled connection or a transaction.
trait Executes {
    fn target(&mut self) -> Target<'_>;
}
impl Executes for Conn {
    fn target(&mut self) -> Target<'_> {
        match self {
            Conn::Sqlite(c) => Target::Sqlite(c),
            Conn::Pg(c) => Target::Pg(c),
        }
    }
}
impl Executes for Tx {
    fn target(&mut self) -> Target<'_> {
        match self {
            Tx::Sqlite(t) => Target::Sqlite(t),
            Tx::Pg(t) => Target::Pg(t),
        }
    }
}

macro_rules! query_methods {
    ($ty:ty) => {
        impl $ty {
            pub(crate) async fn fetch_all(
                &mut self,
                sql: &str,
                args: &[Arg],
            ) -> Result<Vec<Row>, StoreError> {
                Ok(match self.target() {
                    Target::Sqlite(ex) => {
                        bind_all!(sqlx::query::<Sqlite>(AssertSqlSafe(sql)), args)
                            .fetch_all(ex)
                            .await?
                            .into_iter()
                            .map(|r| Row(RowInner::Sqlite(r)))
                            .collect()
                    }
                    Target::Pg(ex) => bind_all!(sqlx::query::<Postgres>(AssertSqlSafe(sql)), args)
                        .fetch_all(ex)
                        .await?
                        .into_iter()
                        .map(|r| Row(RowInner::Pg(r)))
                        .collect(),
                })
            }
            pub(crate) async fn fetch_optional(
                &mut self,
                sql: &str,
                args: &[Arg],
            ) -> Result<Option<Row>, StoreError> {
                Ok(match self.target() {
                    Target::Sqlite(ex) => {
                        bind_all!(sqlx::query::<Sqlite>(AssertSqlSafe(sql)), args)
                            .fetch_optional(ex)
                            .await?
                            .map(|r| Row(RowInner::Sqlite(r)))
                    }
                    Target::Pg(ex) => bind_all!(sqlx::query::<Postgres>(AssertSqlSafe(sql)), args)
                        .fetch_optional(ex)
                        .await?
                        .map(|r| Row(RowInner::Pg(r))),
                })
            }
            #[cfg_attr(not(feature = "testing"), allow(dead_code))]
            pub(crate) async fn fetch_one(
                &mut self,
                sql: &str,
                args: &[Arg],
            ) -> Result<Row, StoreError> {
                self.fetch_optional(sql, args)
                    .await?
                    .ok_or(StoreError::NotFound)
            }
            pub(crate) async fn execute(
                &mut self,
                sql: &str,
                args: &[Arg],
            ) -> Result<u64, StoreError> {
                Ok(match self.target() {
                    Target::Sqlite(ex) => {
                        bind_all!(sqlx::query::<Sqlite>(AssertSqlSafe(sql)), args)
                            .execute(ex)
                            .await?
                            .rows_affected()
                    }
                    Target::Pg(ex) => bind_all!(sqlx::query::<Postgres>(AssertSqlSafe(sql)), args)
                        .execute(ex)
                        .await?
                        .rows_affected(),
                })
            }
        }
    };
}
query_methods!(Conn);
query_methods!(Tx);

impl Tx {
    pub fn backend(&self) -> Backend {
        match self {
            Tx::Sqlite(_) => Backend::Sqlite,
            Tx::Pg(_) => Backend::Postgres,
        }
    }
    pub async fn commit(self) -> Result<(), StoreError> {
        match self {
            Tx::Sqlite(t) => t.commit().await?,
            Tx::Pg(t) => t.commit().await?,
        }
        Ok(())
    }
}

/// Raw SQL for tests only (`features = ["testing"]`, a dev-dependency): counting rows, planting a
/// corrupt row, reading a query plan. Production code reaches the database only through the
/// store's functions, so no SQL leaks into the layers above.
#[cfg(feature = "testing")]
pub mod testing {
    use super::{Arg, Db, Row, Tx};
    use crate::StoreError;

    /// Implemented for `&Db` and `&mut Tx`, so `db.fetch_all(…)` and `tx.fetch_all(…)` read as before.
    #[allow(async_fn_in_trait)]
    pub trait RawSql {
        async fn fetch_all(self, sql: &str, args: &[Arg]) -> Result<Vec<Row>, StoreError>;
        async fn fetch_optional(self, sql: &str, args: &[Arg]) -> Result<Option<Row>, StoreError>;
        async fn fetch_one(self, sql: &str, args: &[Arg]) -> Result<Row, StoreError>;
        async fn execute(self, sql: &str, args: &[Arg]) -> Result<u64, StoreError>;
    }

    macro_rules! raw {
        ($ty:ty, $inner:ty) => {
            impl RawSql for $ty {
                async fn fetch_all(self, sql: &str, args: &[Arg]) -> Result<Vec<Row>, StoreError> {
                    <$inner>::fetch_all(self, sql, args).await
                }
                async fn fetch_optional(
                    self,
                    sql: &str,
                    args: &[Arg],
                ) -> Result<Option<Row>, StoreError> {
                    <$inner>::fetch_optional(self, sql, args).await
                }
                async fn fetch_one(self, sql: &str, args: &[Arg]) -> Result<Row, StoreError> {
                    <$inner>::fetch_one(self, sql, args).await
                }
                async fn execute(self, sql: &str, args: &[Arg]) -> Result<u64, StoreError> {
                    <$inner>::execute(self, sql, args).await
                }
            }
        };
    }
    raw!(&Db, Db);
    raw!(&mut Tx, Tx);

    /// The URL of a fresh, empty database for one test: a new SQLite file in `dir`, or a new
    /// database on the PostgreSQL at 127.0.0.1:5432 (trust auth, user postgres).
    pub async fn fresh_database(backend: super::Backend, dir: &std::path::Path) -> String {
        match backend {
            super::Backend::Sqlite => format!("sqlite://{}", dir.join("ekrov.db").display()),
            super::Backend::Postgres => {
                let name = format!("ekrov_test_{}", uuid::Uuid::new_v4().simple());
                let admin = Db::connect("postgres://postgres@127.0.0.1:5432/postgres")
                    .await
                    .expect("PostgreSQL on 127.0.0.1:5432");
                Db::execute(&admin, &format!("CREATE DATABASE {name}"), &[])
                    .await
                    .expect("create test database");
                admin.close().await;
                format!("postgres://postgres@127.0.0.1:5432/{name}")
            }
        }
    }
}
