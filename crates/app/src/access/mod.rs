//! Access: login challenges signed with КЕП, sessions, and single-use links (the administrator's
//! first login, employees' invitations). Who may do what in a facility is `crate::facility`.

mod links;
mod login;
mod session;

pub use links::LinkInfo;
pub use login::{CHALLENGE_TTL, IssuedChallenge};
pub use session::{NewSession, Operator, Principal};
