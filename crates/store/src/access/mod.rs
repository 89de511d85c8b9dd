//! Access: accounts, login challenges, sessions, single-use links (first login, invitations).

pub mod accounts;
pub mod challenges;
pub mod links;
pub mod sessions;
