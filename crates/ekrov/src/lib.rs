//! The ekrov binary's wiring, as a library so that tests start the real server in-process
//! (`server::start`) as well as through the binary.

pub mod config;
pub mod server;
