//! Registration: applications, the facilities registered from them, the operator's days off.

pub mod applications;
pub mod days_off;
pub mod facilities;
