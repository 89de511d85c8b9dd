//! Access: the accounts people sign in to with their КЕП, and the single-use links (the
//! administrator's first login, employees' invitations).

use chrono::{DateTime, Utc};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: Uuid,
    pub rnokpp: String,
    pub surname: String,
    pub given_name: String,
    pub patronymic: Option<String>,
    pub email: Option<String>,
}

impl Account {
    pub fn full_name(&self) -> String {
        match &self.patronymic {
            Some(p) if !p.is_empty() => format!("{} {} {}", self.surname, self.given_name, p),
            _ => format!("{} {}", self.surname, self.given_name),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    FirstLogin,
    Invitation,
}

impl LinkKind {
    pub fn as_str(self) -> &'static str {
        match self {
            LinkKind::FirstLogin => "first_login",
            LinkKind::Invitation => "invitation",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Link {
    pub id: Uuid,
    pub kind: LinkKind,
    pub facility_id: Uuid,
    pub rnokpp: String,
    /// What the link is about: for an invitation, the assignment.
    pub subject_id: Option<Uuid>,
    pub expires_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// Where a link stands at a moment. Used and revoked win over expired: they say more.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkState {
    Valid,
    Expired,
    Used,
    Revoked,
}

impl LinkState {
    pub fn as_str(self) -> &'static str {
        match self {
            LinkState::Valid => "valid",
            LinkState::Expired => "expired",
            LinkState::Used => "used",
            LinkState::Revoked => "revoked",
        }
    }
}

impl Link {
    pub fn state(&self, now: DateTime<Utc>) -> LinkState {
        if self.used_at.is_some() {
            LinkState::Used
        } else if self.revoked_at.is_some() {
            LinkState::Revoked
        } else if now >= self.expires_at {
            LinkState::Expired
        } else {
            LinkState::Valid
        }
    }
}
