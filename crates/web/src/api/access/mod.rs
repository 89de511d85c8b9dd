//! Access: login with КЕП, the caller's session and memberships, and the one-time links
//! (first login, invitations).

pub mod auth;
pub mod links;
