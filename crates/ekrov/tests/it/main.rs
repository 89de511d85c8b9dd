//! The end-to-end tests of the `ekrov` server, in one test binary (as zero2prod's
//! `tests/api/main.rs`): the harness in `common` is compiled and linked once, not once per file.
//! Select one file's tests by its module: `cargo test -p ekrov --test it administration::`.
//!
//! Tests that need their own process get one without a binary of their own: `binary` and
//! `crash` run the real executable (`CARGO_BIN_EXE_ekrov`) as a child process, `db_outage` a
//! private PostgreSQL cluster. Nothing here sets environment variables, installs a tracing
//! subscriber or waits for signals in the test process, so the modules share it safely.

// First, so that `both_backends!` is in scope in every module below.
#[macro_use]
mod common;

mod admin_scale;
mod administration;
mod applications;
mod audit;
mod authorization_matrix;
mod binary;
mod browser;
mod crash;
mod db_outage;
mod fhir_validation;
mod instances;
mod kep_login;
mod mail;
mod national_scale;
mod pages;
mod query_plans;
mod resources;
mod security_headers;
mod seed_walkthrough;
mod stock;
mod tenant_isolation;
