//! Who is acting: sessions made at login, and the principal they stand for.

use chrono::{DateTime, Utc};
use ekrov_store::{access::accounts, access::accounts::Account, access::sessions};
use uuid::Uuid;

use crate::{App, AppError, AppResult, random_token};

/// The person behind a request, as established from a live session.
#[derive(Debug, Clone)]
pub struct Principal {
    pub account: Account,
    pub operator: bool,
    /// The session's CSRF token, which every page form must echo back.
    pub csrf_token: String,
}

impl Principal {
    pub fn audit_actor(&self) -> ekrov_store::audit::Actor {
        ekrov_store::audit::Actor {
            id: Some(self.account.id),
            label: self.account.full_name(),
        }
    }

    /// The national operator's use cases take an [`Operator`], which only this check makes.
    pub fn as_operator(&self) -> AppResult<Operator<'_>> {
        if self.operator {
            Ok(Operator(self))
        } else {
            Err(AppError::forbidden(
                "operator_only",
                "Дія доступна лише оператору СДУ «УЦТК»",
            ))
        }
    }
}

/// Proof that the principal is a national operator.
#[derive(Debug, Clone, Copy)]
pub struct Operator<'a>(&'a Principal);

impl std::ops::Deref for Operator<'_> {
    type Target = Principal;
    fn deref(&self) -> &Principal {
        self.0
    }
}

/// A fresh session: the token goes to the caller once, the database keeps its hash.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub account: Account,
}

impl App {
    /// Resolve a bearer token or session cookie to the person behind it.
    pub async fn authenticate(&self, token: &str) -> AppResult<Principal> {
        let (session, account, operator) = sessions::find_principal(&self.db, token, self.now())
            .await?
            .ok_or(AppError::Unauthenticated)?;
        Ok(Principal {
            account,
            operator,
            csrf_token: session.csrf_token,
        })
    }

    /// Open a session for an account whose КЕП has just been verified.
    pub async fn open_session(
        &self,
        tx: &mut ekrov_store::Tx,
        account: Account,
    ) -> AppResult<NewSession> {
        let now = self.now();
        let token = random_token();
        let expires_at = now + self.settings.session_ttl;
        sessions::create(tx, &token, account.id, &random_token(), expires_at, now).await?;
        Ok(NewSession {
            token,
            expires_at,
            account,
        })
    }

    /// Open a session for an account in its own transaction (used by tests and login alike).
    pub async fn open_session_for(&self, account_id: Uuid) -> AppResult<NewSession> {
        let account = accounts::by_id(&self.db, account_id)
            .await?
            .ok_or(AppError::NotFound("обліковий запис"))?;
        let mut tx = self.db.begin().await?;
        let s = self.open_session(&mut tx, account).await?;
        tx.commit().await?;
        Ok(s)
    }

    pub async fn logout(&self, token: &str) -> AppResult<()> {
        sessions::revoke(&self.db, token, self.now()).await?;
        Ok(())
    }
}
