//! Reads that run either on the pool or inside a caller's transaction, written once.

use crate::{Arg, Db, Row, StoreError, Tx};

/// Where a read runs: `(&db).into()` or `(&mut tx).into()`.
pub enum On<'a> {
    Db(&'a Db),
    Tx(&'a mut Tx),
}

impl<'a> From<&'a Db> for On<'a> {
    fn from(d: &'a Db) -> Self {
        On::Db(d)
    }
}
impl<'a> From<&'a mut Tx> for On<'a> {
    fn from(t: &'a mut Tx) -> Self {
        On::Tx(t)
    }
}

impl On<'_> {
    pub async fn fetch_all(&mut self, sql: &str, args: &[Arg]) -> Result<Vec<Row>, StoreError> {
        match self {
            On::Db(d) => d.fetch_all(sql, args).await,
            On::Tx(t) => t.fetch_all(sql, args).await,
        }
    }
    pub async fn fetch_optional(
        &mut self,
        sql: &str,
        args: &[Arg],
    ) -> Result<Option<Row>, StoreError> {
        match self {
            On::Db(d) => d.fetch_optional(sql, args).await,
            On::Tx(t) => t.fetch_optional(sql, args).await,
        }
    }
}

/// `$n` placeholders for a list of `len` values starting at `$first`: `$3, $4, $5`.
pub fn placeholders(first: usize, len: usize) -> String {
    (first..first + len)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}
