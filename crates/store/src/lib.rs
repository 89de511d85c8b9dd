//! ekrov store
