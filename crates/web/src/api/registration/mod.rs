//! Registration: the operator records and decides facilities' applications, resends a first-login
//! link, keeps the calendar's days off and watches undelivered mail.

pub mod applications;
pub mod facilities;
