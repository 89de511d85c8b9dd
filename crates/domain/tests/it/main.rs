//! The tests of `ekrov-domain`'s public rules, in one test binary: one compile and one link for
//! all of them. Select one file's tests by its module: `cargo test -p ekrov-domain --test it ids::`.

mod calendar;
mod check_digits;
mod ids;
mod stock;
mod stock_compatibility;
mod stock_request;
mod stock_rules;
