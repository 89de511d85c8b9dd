//! People who log in, and which of them are national operators.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::{Db, Row, StoreError, Tx, args, new_id, ts};
pub use ekrov_domain::access::Account;

fn account_from_row(r: &Row) -> Result<Account, StoreError> {
    Ok(Account {
        id: r.uuid("id")?,
        rnokpp: r.text("rnokpp")?,
        surname: r.text("surname")?,
        given_name: r.text("given_name")?,
        patronymic: r.opt_text("patronymic")?,
        email: r.opt_text("email")?,
    })
}

const COLS: &str = "id, rnokpp, surname, given_name, patronymic, email";

pub struct NewAccount<'a> {
    pub rnokpp: &'a str,
    pub surname: &'a str,
    pub given_name: &'a str,
    pub patronymic: Option<&'a str>,
    pub email: Option<&'a str>,
}

pub async fn insert(
    tx: &mut Tx,
    a: &NewAccount<'_>,
    now: DateTime<Utc>,
) -> Result<Account, StoreError> {
    let id = new_id();
    tx.execute(
        "INSERT INTO accounts (id, rnokpp, surname, given_name, patronymic, email, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        &args![id.to_string(), a.rnokpp, a.surname, a.given_name, a.patronymic, a.email, ts(now)],
    )
    .await?;
    Ok(Account {
        id,
        rnokpp: a.rnokpp.to_owned(),
        surname: a.surname.to_owned(),
        given_name: a.given_name.to_owned(),
        patronymic: a.patronymic.map(str::to_owned),
        email: a.email.map(str::to_owned),
    })
}

pub async fn by_rnokpp(tx: &mut Tx, rnokpp: &str) -> Result<Option<Account>, StoreError> {
    let sql = format!("SELECT {COLS} FROM accounts WHERE rnokpp = $1");
    tx.fetch_optional(&sql, &args![rnokpp])
        .await?
        .as_ref()
        .map(account_from_row)
        .transpose()
}

pub async fn by_id(db: &Db, id: Uuid) -> Result<Option<Account>, StoreError> {
    let sql = format!("SELECT {COLS} FROM accounts WHERE id = $1");
    db.fetch_optional(&sql, &args![id.to_string()])
        .await?
        .as_ref()
        .map(account_from_row)
        .transpose()
}

pub async fn is_operator(db: &Db, account: Uuid) -> Result<bool, StoreError> {
    Ok(db
        .fetch_optional(
            "SELECT account_id FROM operators WHERE account_id = $1",
            &args![account.to_string()],
        )
        .await?
        .is_some())
}

/// Make an account a national operator; false when it already was one.
pub async fn add_operator(
    tx: &mut Tx,
    account: Uuid,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    if tx
        .fetch_optional(
            "SELECT account_id FROM operators WHERE account_id = $1",
            &args![account.to_string()],
        )
        .await?
        .is_some()
    {
        return Ok(false);
    }
    tx.execute(
        "INSERT INTO operators (account_id, created_at) VALUES ($1, $2)",
        &args![account.to_string(), ts(now)],
    )
    .await?;
    Ok(true)
}
